// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Requests: the attributes of a context, of a key and of a key reference,
 * of a forwarding rule and of its outputs, checked before they go to the
 * kernel. Messages name the field at fault and never show key material.
 */
#include <errno.h>
#include <arpa/inet.h>
#include <netlink/attr.h>

#include "internal.h"

/*
 * The six attributes of a local and a remote address follow each other:
 * IPV4, IPV6 and PORT of the local address, then of the remote one, in
 * enum ksrtp_attr from KSRTP_A_LOCAL_IPV4 and in enum ksrtp_out_attr from
 * KSRTP_OUT_A_LOCAL_IPV4. put_addrs() (and get_addrs() in reply.c) take
 * the first.
 */
#define ADDRS_IN_ORDER(p) \
	(p##LOCAL_IPV6 == p##LOCAL_IPV4 + 1 && p##LOCAL_PORT == p##LOCAL_IPV4 + 2 && \
	 p##REMOTE_IPV4 == p##LOCAL_IPV4 + 3 && p##REMOTE_IPV6 == p##LOCAL_IPV4 + 4 && \
	 p##REMOTE_PORT == p##LOCAL_IPV4 + 5)
_Static_assert(ADDRS_IN_ORDER(KSRTP_A_), "the addresses of a context moved");
_Static_assert(ADDRS_IN_ORDER(KSRTP_OUT_A_), "the addresses of an output moved");

/* One address and its port: IPV4 (attr) or IPV6 (attr + 1), PORT (attr + 2). */
static int put_addr(struct nl_msg *msg, const union ksrtp_sockaddr *a, int attr)
{
	bool v4 = a->sa.sa_family == AF_INET;

	if ((v4 ? nla_put(msg, attr, sizeof(a->sin.sin_addr), &a->sin.sin_addr) :
		  nla_put(msg, attr + 1, sizeof(a->sin6.sin6_addr), &a->sin6.sin6_addr)) < 0 ||
	    nla_put_u16(msg, attr + 2, ntohs(v4 ? a->sin.sin_port : a->sin6.sin6_port)) < 0)
		return -EMSGSIZE;
	return 0;
}

/* local, and remote unless AF_UNSPEC, from the attribute first on. */
static int put_addrs(struct nl_msg *msg, const union ksrtp_sockaddr *local,
		     const union ksrtp_sockaddr *remote, int first)
{
	if (put_addr(msg, local, first) < 0 ||
	    (remote->sa.sa_family != AF_UNSPEC && put_addr(msg, remote, first + 3) < 0))
		return -EMSGSIZE;
	return 0;
}

/* A local address, and a remote one (optional unless need_remote). */
static int check_addrs(const union ksrtp_sockaddr *local,
		       const union ksrtp_sockaddr *remote, bool need_remote,
		       const char **why)
{
	int lf = local->sa.sa_family, rf = remote->sa.sa_family;

	if (lf != AF_INET && lf != AF_INET6) {
		*why = "local address must be AF_INET or AF_INET6";
		return -EINVAL;
	}
	if (need_remote && rf == AF_UNSPEC) {
		*why = "remote address required";
		return -EINVAL;
	}
	if (rf != AF_UNSPEC && rf != lf) {
		*why = "local and remote addresses must be of one family";
		return -EINVAL;
	}
	return 0;
}

static int put_tuple(struct nl_msg *msg, const struct ksrtp_tuple *t,
		     bool with_ssrc, const char **why)
{
	int ret;

	if (t->direction != KSRTP_DIR_INBOUND && t->direction != KSRTP_DIR_OUTBOUND) {
		*why = "direction must be KSRTP_DIR_INBOUND or KSRTP_DIR_OUTBOUND";
		return -EINVAL;
	}
	ret = check_addrs(&t->local, &t->remote, false, why);
	if (ret)
		return ret;
	if (nla_put_u8(msg, KSRTP_A_DIRECTION, t->direction) < 0 ||
	    put_addrs(msg, &t->local, &t->remote, KSRTP_A_LOCAL_IPV4) < 0 ||
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

/*
 * RFC 6904: the IDs of p, checked (1..255, each once, at most
 * KSRTP_ENC_EXT_IDS_MAX), sorted into ids. Their number, or -EINVAL.
 */
static int sorted_ext_ids(const struct ksrtp_ctx_params *p,
			  uint8_t ids[KSRTP_ENC_EXT_IDS_MAX], const char **why)
{
	bool seen[256] = { false };
	unsigned int i, n = 0, id;

	if (p->n_enc_ext_ids > KSRTP_ENC_EXT_IDS_MAX) {
		*why = "n_enc_ext_ids above KSRTP_ENC_EXT_IDS_MAX (255)";
		return -EINVAL;
	}
	for (i = 0; i < p->n_enc_ext_ids; i++) {
		id = p->enc_ext_ids[i];
		if (!id) {
			*why = "enc_ext_ids: header extension ID 0 (IDs are 1..255)";
			return -EINVAL;
		}
		if (seen[id]) {
			*why = "enc_ext_ids: a header extension ID given twice";
			return -EINVAL;
		}
		seen[id] = true;
	}
	for (id = 1; id < 256; id++)
		if (seen[id])
			ids[n++] = id;
	return (int)n;
}

int ksrtp__put_params(struct nl_msg *msg, const struct ksrtp_ctx_params *p,
		      const char **why)
{
	uint8_t ext_ids[KSRTP_ENC_EXT_IDS_MAX];
	int ret, n_ext_ids;

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
	n_ext_ids = sorted_ext_ids(p, ext_ids, why);
	if (n_ext_ids < 0)
		return n_ext_ids;
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
	     nla_put_u32(msg, KSRTP_A_LEARN_LIMIT, p->learn_limit) < 0) ||
	    (p->cryptex && nla_put_flag(msg, KSRTP_A_CRYPTEX) < 0) ||
	    (p->unencrypted_srtp && nla_put_flag(msg, KSRTP_A_UNENCRYPTED_SRTP) < 0) ||
	    (p->unencrypted_srtcp && nla_put_flag(msg, KSRTP_A_UNENCRYPTED_SRTCP) < 0) ||
	    (p->unauthenticated_srtp &&
	     nla_put_flag(msg, KSRTP_A_UNAUTHENTICATED_SRTP) < 0) ||
	    (n_ext_ids &&
	     nla_put(msg, KSRTP_A_ENC_HDR_EXT_IDS, n_ext_ids, ext_ids) < 0)) {
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

int ksrtp__put_fwd(struct nl_msg *msg, const struct ksrtp_fwd_params *p,
		   const char **why)
{
	int ret = check_addrs(&p->local, &p->remote, false, why);

	if (ret)
		return ret;
	if (p->npayload_types > KSRTP_FWD_PAYLOAD_TYPES_MAX) {
		*why = "more payload types than KSRTP_FWD_PAYLOAD_TYPES_MAX";
		return -EINVAL;
	}
	if (put_addrs(msg, &p->local, &p->remote, KSRTP_A_LOCAL_IPV4) < 0 ||
	    (p->has_ssrc && nla_put_u32(msg, KSRTP_A_SSRC, p->ssrc) < 0) ||
	    (p->flags && nla_put_u32(msg, KSRTP_A_FWD_FLAGS, p->flags) < 0) ||
	    (p->npayload_types &&
	     nla_put(msg, KSRTP_A_FWD_PAYLOAD_TYPES, p->npayload_types,
		     p->payload_types) < 0) ||
	    (p->owned && nla_put_flag(msg, KSRTP_A_OWNED) < 0)) {
		*why = "request too large";
		return -EMSGSIZE;
	}
	return 0;
}

static int put_offsets(struct nl_msg *msg, const struct ksrtp_fwd_offsets *off)
{
	if ((off->has_seq_offset &&
	     nla_put_u16(msg, KSRTP_OUT_A_SEQ_OFFSET, off->seq_offset) < 0) ||
	    (off->has_ts_offset &&
	     nla_put_u32(msg, KSRTP_OUT_A_TS_OFFSET, off->ts_offset) < 0))
		return -EMSGSIZE;
	return 0;
}

/* The rule's id, then one KSRTP_A_FWD_OUTPUT, open for its attributes. */
static struct nlattr *start_output(struct nl_msg *msg, uint32_t fwd_id)
{
	if (nla_put_u32(msg, KSRTP_A_FWD_ID, fwd_id) < 0)
		return NULL;
	return nla_nest_start(msg, KSRTP_A_FWD_OUTPUT | NLA_F_NESTED);
}

int ksrtp__put_fwd_output(struct nl_msg *msg, uint32_t fwd_id,
			  const struct ksrtp_fwd_output_params *o, const char **why)
{
	struct nlattr *nest;
	int ret = 0;

	if (o->ctx_id) {
		if (o->local.sa.sa_family != AF_UNSPEC ||
		    o->remote.sa.sa_family != AF_UNSPEC || o->has_ssrc) {
			*why = "a protected output sends with its context's addresses "
			       "and SSRC: give ctx_id or addresses, not both";
			return -EINVAL;
		}
	} else {
		ret = check_addrs(&o->local, &o->remote, true, why);
		if (ret)
			return ret;
	}
	nest = start_output(msg, fwd_id);
	if (!nest ||
	    (o->ctx_id && nla_put_u32(msg, KSRTP_OUT_A_CTX_ID, o->ctx_id) < 0) ||
	    (!o->ctx_id &&
	     put_addrs(msg, &o->local, &o->remote, KSRTP_OUT_A_LOCAL_IPV4) < 0) ||
	    (o->has_ssrc && nla_put_u32(msg, KSRTP_OUT_A_SSRC, o->ssrc) < 0) ||
	    put_offsets(msg, &o->offsets) < 0) {
		*why = "request too large";
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int ksrtp__put_fwd_output_ref(struct nl_msg *msg, uint32_t fwd_id, uint32_t out_id,
			      const struct ksrtp_fwd_offsets *off, const char **why)
{
	struct nlattr *nest;

	if (off && !off->has_seq_offset && !off->has_ts_offset) {
		*why = "nothing to set: give a sequence number or a timestamp offset";
		return -EINVAL;
	}
	nest = start_output(msg, fwd_id);
	if (!nest || nla_put_u32(msg, KSRTP_OUT_A_ID, out_id) < 0 ||
	    (off && put_offsets(msg, off) < 0)) {
		*why = "request too large";
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}
