// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Requests: the attributes of a context, of a key and of a key reference,
 * checked before they go to the kernel. Messages name the field at fault
 * and never show key material.
 */
#include <errno.h>
#include <arpa/inet.h>
#include <netlink/attr.h>

#include "internal.h"

static int put_addr(struct nl_msg *msg, const union ksrtp_sockaddr *a,
		    int attr_v4, int attr_v6, int attr_port)
{
	int ret;

	if (a->sa.sa_family == AF_INET) {
		ret = nla_put(msg, attr_v4, sizeof(a->sin.sin_addr), &a->sin.sin_addr);
		if (ret >= 0)
			ret = nla_put_u16(msg, attr_port, ntohs(a->sin.sin_port));
	} else {
		ret = nla_put(msg, attr_v6, sizeof(a->sin6.sin6_addr), &a->sin6.sin6_addr);
		if (ret >= 0)
			ret = nla_put_u16(msg, attr_port, ntohs(a->sin6.sin6_port));
	}
	return ret < 0 ? -EMSGSIZE : 0;
}

static int put_tuple(struct nl_msg *msg, const struct ksrtp_tuple *t,
		     bool with_ssrc, const char **why)
{
	int lf = t->local.sa.sa_family, rf = t->remote.sa.sa_family;

	if (t->direction != KSRTP_DIR_INBOUND && t->direction != KSRTP_DIR_OUTBOUND) {
		*why = "direction must be KSRTP_DIR_INBOUND or KSRTP_DIR_OUTBOUND";
		return -EINVAL;
	}
	if (lf != AF_INET && lf != AF_INET6) {
		*why = "local address must be AF_INET or AF_INET6";
		return -EINVAL;
	}
	if (rf != AF_UNSPEC && rf != lf) {
		*why = "local and remote addresses must be of one family";
		return -EINVAL;
	}
	if (nla_put_u8(msg, KSRTP_A_DIRECTION, t->direction) < 0 ||
	    put_addr(msg, &t->local, KSRTP_A_LOCAL_IPV4, KSRTP_A_LOCAL_IPV6,
		     KSRTP_A_LOCAL_PORT) < 0 ||
	    (rf != AF_UNSPEC &&
	     put_addr(msg, &t->remote, KSRTP_A_REMOTE_IPV4, KSRTP_A_REMOTE_IPV6,
		      KSRTP_A_REMOTE_PORT) < 0) ||
	    (with_ssrc && nla_put_u32(msg, KSRTP_A_SSRC, t->ssrc) < 0)) {
		*why = "request too large";
		return -EMSGSIZE;
	}
	return 0;
}

int ksrtp__put_tuple(struct nl_msg *msg, const struct ksrtp_tuple *t,
		     const char **why)
{
	return put_tuple(msg, t, true, why);
}

static int check_key_salt(size_t key_len, size_t salt_len, size_t mki_len,
			  const char **why)
{
	if (key_len == 0 || key_len > KSRTP_MAX_KEY_LEN) {
		*why = "key_len out of range";
		return -EINVAL;
	}
	if (salt_len == 0 || salt_len > KSRTP_MAX_SALT_LEN) {
		*why = "salt_len out of range";
		return -EINVAL;
	}
	if (mki_len > KSRTP_MKI_MAX_LEN) {
		*why = "mki_len above KSRTP_MKI_MAX_LEN";
		return -EINVAL;
	}
	return 0;
}

int ksrtp__put_params(struct nl_msg *msg, const struct ksrtp_ctx_params *p,
		      const char **why)
{
	int ret;

	ret = check_key_salt(p->key_len, p->salt_len, p->mki_len, why);
	if (ret)
		return ret;
	if (p->is_template && p->tuple.direction != KSRTP_DIR_INBOUND) {
		*why = "a template must be inbound";
		return -EINVAL;
	}
	/* Any inbound context may say whether it protects its port. */
	if (p->policy && p->tuple.direction != KSRTP_DIR_INBOUND) {
		*why = "policy applies to inbound contexts only";
		return -EINVAL;
	}
	if (!p->is_template && p->has_learn_limit) {
		*why = "learn_limit applies to templates only";
		return -EINVAL;
	}
	ret = put_tuple(msg, &p->tuple, !p->is_template, why);
	if (ret)
		return ret;
	if (nla_put_u16(msg, KSRTP_A_SUITE, p->suite) < 0 ||
	    nla_put(msg, KSRTP_A_MASTER_KEY, p->key_len, p->key) < 0 ||
	    nla_put(msg, KSRTP_A_MASTER_SALT, p->salt_len, p->salt) < 0 ||
	    (p->has_roc && nla_put_u32(msg, KSRTP_A_ROC, p->roc) < 0) ||
	    (p->replay_window &&
	     nla_put_u32(msg, KSRTP_A_REPLAY_WINDOW, p->replay_window) < 0) ||
	    (p->mki_len && nla_put(msg, KSRTP_A_MKI, p->mki_len, p->mki) < 0) ||
	    (p->is_template && nla_put_flag(msg, KSRTP_A_TEMPLATE) < 0) ||
	    (p->policy && nla_put_u8(msg, KSRTP_A_POLICY, p->policy) < 0) ||
	    (p->has_learn_limit &&
	     nla_put_u32(msg, KSRTP_A_LEARN_LIMIT, p->learn_limit) < 0)) {
		*why = "request too large";
		return -EMSGSIZE;
	}
	return 0;
}

int ksrtp__put_key(struct nl_msg *msg, const struct ksrtp_key_params *kp,
		   const char **why)
{
	int ret;

	ret = check_key_salt(kp->key_len, kp->salt_len, kp->mki_len, why);
	if (ret)
		return ret;
	if (kp->active && !kp->mki_len) {
		*why = "only a key with an MKI can be made active; keys without MKI start at an index";
		return -EINVAL;
	}
	if (kp->mki_len && (kp->has_from_index || kp->has_from_srtcp_index)) {
		*why = "a key with an MKI takes no from-index";
		return -EINVAL;
	}
	if (nla_put(msg, KSRTP_A_MASTER_KEY, kp->key_len, kp->key) < 0 ||
	    nla_put(msg, KSRTP_A_MASTER_SALT, kp->salt_len, kp->salt) < 0 ||
	    (kp->mki_len && nla_put(msg, KSRTP_A_MKI, kp->mki_len, kp->mki) < 0) ||
	    (kp->active && nla_put_flag(msg, KSRTP_A_KEY_ACTIVE) < 0) ||
	    (kp->has_from_index &&
	     nla_put_u64(msg, KSRTP_A_FROM_INDEX, kp->from_index) < 0) ||
	    (kp->has_from_srtcp_index &&
	     nla_put_u32(msg, KSRTP_A_FROM_SRTCP_INDEX, kp->from_srtcp_index) < 0)) {
		*why = "request too large";
		return -EMSGSIZE;
	}
	return 0;
}

int ksrtp__put_key_ref(struct nl_msg *msg, uint32_t id, const uint8_t *mki,
		       size_t mki_len, bool active, const char **why)
{
	if (mki_len < 1 || mki_len > KSRTP_MKI_MAX_LEN) {
		*why = "mki_len must be 1 to KSRTP_MKI_MAX_LEN";
		return -EINVAL;
	}
	if (nla_put_u32(msg, KSRTP_A_ID, id) < 0 ||
	    nla_put(msg, KSRTP_A_MKI, mki_len, mki) < 0 ||
	    (active && nla_put_flag(msg, KSRTP_A_KEY_ACTIVE) < 0)) {
		*why = "request too large";
		return -EMSGSIZE;
	}
	return 0;
}
