// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family: installing, removing, reading and flushing
 * contexts. uapi/linux/ksrtp.h documents the protocol.
 */

#include <linux/bitmap.h>
#include <linux/netlink.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/ksrtp.h>

#include "compat.h"
#include "forward.h"
#include "netlink.h"
#include "netns.h"
#include "srtp.h"
#include "user.h"

#define KSRTP_TUPLE_POLICY						\
	[KSRTP_A_DIRECTION] = NLA_POLICY_RANGE(NLA_U8, KSRTP_DIR_INBOUND, \
					       KSRTP_DIR_OUTBOUND),	\
	[KSRTP_A_LOCAL_IPV4] = NLA_POLICY_EXACT_LEN(4),			\
	[KSRTP_A_LOCAL_IPV6] = NLA_POLICY_EXACT_LEN(16),		\
	[KSRTP_A_LOCAL_PORT] = NLA_POLICY_MIN(NLA_U16, 1),		\
	[KSRTP_A_REMOTE_IPV4] = NLA_POLICY_EXACT_LEN(4),		\
	[KSRTP_A_REMOTE_IPV6] = NLA_POLICY_EXACT_LEN(16),		\
	[KSRTP_A_REMOTE_PORT] = NLA_POLICY_MIN(NLA_U16, 1),		\
	[KSRTP_A_SSRC] = { .type = NLA_U32 },				\
	[KSRTP_A_TEMPLATE] = { .type = NLA_FLAG }

static struct netlink_range_validation ksrtp_srtcp_index_range = {
	.max = KSRTP_SRTCP_INDEX_MAX,
};

/* Stream state from signaling, in NEW and SET (6.1 takes .range non-const). */
#define KSRTP_STREAM_POLICY						\
	[KSRTP_A_ROC] = { .type = NLA_U32 },				\
	[KSRTP_A_SEQ] = { .type = NLA_U16 },				\
	[KSRTP_A_SRTCP_INDEX] = NLA_POLICY_FULL_RANGE(NLA_U32,		\
						      &ksrtp_srtcp_index_range)

#define KSRTP_KEY_POLICY						\
	[KSRTP_A_MASTER_KEY] = NLA_POLICY_RANGE(NLA_BINARY, 16,		\
						KSRTP_MAX_KEY_LEN),	\
	[KSRTP_A_MASTER_SALT] = NLA_POLICY_RANGE(NLA_BINARY, 12,	\
						 KSRTP_MAX_SALT_LEN),	\
	[KSRTP_A_MKI] = NLA_POLICY_RANGE(NLA_BINARY, 1, KSRTP_MKI_MAX_LEN)

static const struct nla_policy ksrtp_new_policy[KSRTP_A_MAX + 1] = {
	KSRTP_TUPLE_POLICY,
	KSRTP_KEY_POLICY,
	[KSRTP_A_SUITE] = NLA_POLICY_RANGE(NLA_U16, 1, KSRTP_SUITE_MAX),
	KSRTP_STREAM_POLICY,
	[KSRTP_A_POLICY] = NLA_POLICY_RANGE(NLA_U8, KSRTP_POLICY_REQUIRED,
					    KSRTP_POLICY_OPTIONAL),
	[KSRTP_A_LEARN_LIMIT] = NLA_POLICY_MAX(NLA_U32, KSRTP_LEARN_LIMIT_MAX),
	[KSRTP_A_REPLAY_WINDOW] = NLA_POLICY_RANGE(NLA_U32,
						   KSRTP_REPLAY_WINDOW_MIN,
						   KSRTP_REPLAY_WINDOW_MAX),
	[KSRTP_A_OWNED] = { .type = NLA_FLAG },
	[KSRTP_A_CRYPTEX] = { .type = NLA_FLAG },
	[KSRTP_A_UNENCRYPTED_SRTP] = { .type = NLA_FLAG },
	[KSRTP_A_UNENCRYPTED_SRTCP] = { .type = NLA_FLAG },
	[KSRTP_A_UNAUTHENTICATED_SRTP] = { .type = NLA_FLAG },
	[KSRTP_A_ENC_HDR_EXT_IDS] = { .type = NLA_BINARY, .len = 255 },
};

static const struct nla_policy ksrtp_select_policy[KSRTP_A_MAX + 1] = {
	KSRTP_TUPLE_POLICY,
	[KSRTP_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

static const struct nla_policy ksrtp_set_policy[KSRTP_A_MAX + 1] = {
	KSRTP_TUPLE_POLICY,
	KSRTP_STREAM_POLICY,
	[KSRTP_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

static struct netlink_range_validation ksrtp_from_index_range = {
	.max = KSRTP_SRTP_KEY_LIMIT - 1,
};

static const struct nla_policy ksrtp_key_new_policy[KSRTP_A_MAX + 1] = {
	KSRTP_TUPLE_POLICY,
	KSRTP_KEY_POLICY,
	[KSRTP_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[KSRTP_A_KEY_ACTIVE] = { .type = NLA_FLAG },
	[KSRTP_A_FROM_INDEX] = NLA_POLICY_FULL_RANGE(NLA_U64,
						     &ksrtp_from_index_range),
	[KSRTP_A_FROM_SRTCP_INDEX] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ksrtp_srtcp_index_range),
};

/* KEY_DEL and KEY_SET: a context and one of its keys. */
static const struct nla_policy ksrtp_key_sel_policy[KSRTP_A_MAX + 1] = {
	KSRTP_TUPLE_POLICY,
	[KSRTP_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[KSRTP_A_MKI] = NLA_POLICY_RANGE(NLA_BINARY, 1, KSRTP_MKI_MAX_LEN),
	[KSRTP_A_KEY_ACTIVE] = { .type = NLA_FLAG },
	[KSRTP_A_FROM_INDEX] = NLA_POLICY_FULL_RANGE(NLA_U64,
						     &ksrtp_from_index_range),
};

static const struct nla_policy ksrtp_no_attr_policy[KSRTP_A_MAX + 1] = {};

/*
 * Fill @key from the tuple attributes. Outbound contexts always name
 * their peer; an inbound one may leave it out (wildcard).
 */
static int ksrtp_nl_parse_tuple(struct genl_info *info,
				struct ksrtp_ctx_key *key)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **a = info->attrs;
	struct nlattr *laddr, *raddr;
	u8 family;

	memset(key, 0, sizeof(*key));
	if (GENL_REQ_ATTR_CHECK(info, KSRTP_A_DIRECTION)) {
		NL_SET_ERR_MSG(extack, "missing KSRTP_A_DIRECTION");
		return -EINVAL;
	}
	key->dir = nla_get_u8(a[KSRTP_A_DIRECTION]);

	if (a[KSRTP_A_LOCAL_IPV4] && a[KSRTP_A_LOCAL_IPV6]) {
		NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_LOCAL_IPV6],
				    "KSRTP_A_LOCAL_IPV4 and _IPV6 are exclusive");
		return -EINVAL;
	}
	laddr = a[KSRTP_A_LOCAL_IPV4] ?: a[KSRTP_A_LOCAL_IPV6];
	if (!laddr) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, KSRTP_A_LOCAL_IPV4);
		NL_SET_ERR_MSG(extack, "missing KSRTP_A_LOCAL_IPV4 or KSRTP_A_LOCAL_IPV6");
		return -EINVAL;
	}
	family = a[KSRTP_A_LOCAL_IPV4] ? AF_INET : AF_INET6;
	memcpy(&key->laddr, nla_data(laddr), nla_len(laddr));
	if (ipv6_addr_any(&key->laddr)) {
		NL_SET_ERR_MSG_ATTR(extack, laddr,
				    "KSRTP_A_LOCAL_IPV4/6: unspecified address, name the socket's address");
		return -EINVAL;
	}

	if (GENL_REQ_ATTR_CHECK(info, KSRTP_A_LOCAL_PORT)) {
		NL_SET_ERR_MSG(extack, "missing KSRTP_A_LOCAL_PORT");
		return -EINVAL;
	}
	key->lport = htons(nla_get_u16(a[KSRTP_A_LOCAL_PORT]));

	if (a[KSRTP_A_TEMPLATE]) {
		if (key->dir != KSRTP_DIR_INBOUND) {
			NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_TEMPLATE],
					    "KSRTP_A_TEMPLATE: templates are inbound");
			return -EINVAL;
		}
		if (a[KSRTP_A_SSRC]) {
			NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_SSRC],
					    "KSRTP_A_SSRC: a template has no SSRC");
			return -EINVAL;
		}
		key->tmpl = 1;
	} else {
		if (GENL_REQ_ATTR_CHECK(info, KSRTP_A_SSRC)) {
			NL_SET_ERR_MSG(extack, "missing KSRTP_A_SSRC (or KSRTP_A_TEMPLATE)");
			return -EINVAL;
		}
		key->ssrc = htonl(nla_get_u32(a[KSRTP_A_SSRC]));
	}

	raddr = family == AF_INET ? a[KSRTP_A_REMOTE_IPV4] :
				    a[KSRTP_A_REMOTE_IPV6];
	if (a[family == AF_INET ? KSRTP_A_REMOTE_IPV6 : KSRTP_A_REMOTE_IPV4]) {
		NL_SET_ERR_MSG_ATTR(extack,
				    a[family == AF_INET ? KSRTP_A_REMOTE_IPV6 :
				      KSRTP_A_REMOTE_IPV4],
				    "remote address family differs from the local one");
		return -EINVAL;
	}
	if (!raddr != !a[KSRTP_A_REMOTE_PORT]) {
		if (raddr)
			NL_SET_ERR_MSG_ATTR(extack, raddr,
					    "remote address without KSRTP_A_REMOTE_PORT");
		else
			NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_REMOTE_PORT],
					    "KSRTP_A_REMOTE_PORT without a remote address");
		return -EINVAL;
	}
	if (!raddr && key->dir == KSRTP_DIR_OUTBOUND) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, family == AF_INET ?
				     KSRTP_A_REMOTE_IPV4 : KSRTP_A_REMOTE_IPV6);
		NL_SET_ERR_MSG(extack, "an outbound context needs KSRTP_A_REMOTE_IPV4/6 and _PORT");
		return -EINVAL;
	}
	if (raddr) {
		memcpy(&key->raddr, nla_data(raddr), nla_len(raddr));
		key->rport = htons(nla_get_u16(a[KSRTP_A_REMOTE_PORT]));
		if (ipv6_addr_any(&key->raddr)) {
			NL_SET_ERR_MSG_ATTR(extack, raddr,
					    "KSRTP_A_REMOTE_IPV4/6: unspecified address (omit for a wildcard)");
			return -EINVAL;
		}
	}
	key->family = family;
	return 0;
}

/*
 * By KSRTP_A_ID or by tuple. Caller holds rcu_read_lock(). Returns the
 * context, or an ERR_PTR() with the reason in the extack.
 */
struct ksrtp_ctx *ksrtp_nl_select(struct ksrtp_net *kn,
				  struct genl_info *info)
{
	struct ksrtp_ctx_key key;
	struct ksrtp_ctx *ctx;
	int err;
	int i;

	if (info->attrs[KSRTP_A_ID]) {
		for (i = KSRTP_A_DIRECTION; i <= KSRTP_A_TEMPLATE; i++) {
			if (i > KSRTP_A_SSRC && i < KSRTP_A_TEMPLATE)
				continue;
			if (!info->attrs[i])
				continue;
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[i],
					    "KSRTP_A_ID and the tuple attributes are exclusive");
			return ERR_PTR(-EINVAL);
		}
		ctx = xa_load(&kn->ids, nla_get_u32(info->attrs[KSRTP_A_ID]));
		if (!ctx) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KSRTP_A_ID],
					    "no context with this KSRTP_A_ID");
			return ERR_PTR(-ENOENT);
		}
		return ctx;
	}
	err = ksrtp_nl_parse_tuple(info, &key);
	if (err)
		return ERR_PTR(err);
	ctx = ksrtp_lookup(kn, &key);
	if (!ctx) {
		NL_SET_ERR_MSG(info->extack, "no context with this tuple");
		return ERR_PTR(-ENOENT);
	}
	return ctx;
}

/* KSRTP_A_ROC, _SEQ and _SRTCP_INDEX into @u; false if none is given. */
static int ksrtp_nl_parse_stream(struct genl_info *info,
				 struct ksrtp_ctx_state_update *u)
{
	struct nlattr **a = info->attrs;

	memset(u, 0, sizeof(*u));
	if (a[KSRTP_A_SEQ] && !a[KSRTP_A_ROC]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[KSRTP_A_SEQ],
				    "KSRTP_A_SEQ needs KSRTP_A_ROC");
		return -EINVAL;
	}
	u->has_roc = a[KSRTP_A_ROC];
	u->has_seq = a[KSRTP_A_SEQ];
	u->has_srtcp_index = a[KSRTP_A_SRTCP_INDEX];
	if (u->has_roc)
		u->roc = nla_get_u32(a[KSRTP_A_ROC]);
	if (u->has_seq)
		u->seq = nla_get_u16(a[KSRTP_A_SEQ]);
	if (u->has_srtcp_index)
		u->srtcp_index = nla_get_u32(a[KSRTP_A_SRTCP_INDEX]);
	return 0;
}

/*
 * The RFC 4568 session parameters (section 6.3.2). RFC 7714 has no such
 * modes: with GCM the tag is what encrypts and authenticates. A template
 * learns a stream from a packet that authenticates, so it cannot do
 * without SRTP's tag.
 */
static int ksrtp_nl_sdes_params(struct genl_info *info,
				const struct ksrtp_suite_info *suite,
				struct ksrtp_ctx_params *p)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **a = info->attrs;
	bool gcm = suite->xform == KSRTP_XFORM_GCM;

	if (gcm && a[KSRTP_A_UNENCRYPTED_SRTP]) {
		NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_UNENCRYPTED_SRTP],
				    "KSRTP_A_UNENCRYPTED_SRTP: not with the AEAD (GCM) suites");
		return -EINVAL;
	}
	if (gcm && a[KSRTP_A_UNENCRYPTED_SRTCP]) {
		NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_UNENCRYPTED_SRTCP],
				    "KSRTP_A_UNENCRYPTED_SRTCP: not with the AEAD (GCM) suites");
		return -EINVAL;
	}
	if (gcm && a[KSRTP_A_UNAUTHENTICATED_SRTP]) {
		NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_UNAUTHENTICATED_SRTP],
				    "KSRTP_A_UNAUTHENTICATED_SRTP: not with the AEAD (GCM) suites");
		return -EINVAL;
	}
	if (a[KSRTP_A_UNENCRYPTED_SRTP] && p->cryptex) {
		NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_UNENCRYPTED_SRTP],
				    "KSRTP_A_UNENCRYPTED_SRTP: not with KSRTP_A_CRYPTEX, which encrypts");
		return -EINVAL;
	}
	if (a[KSRTP_A_UNAUTHENTICATED_SRTP] && p->key.tmpl) {
		NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_UNAUTHENTICATED_SRTP],
				    "KSRTP_A_UNAUTHENTICATED_SRTP: a template learns by authentication");
		return -EINVAL;
	}
	p->unencrypted_srtp = a[KSRTP_A_UNENCRYPTED_SRTP];
	p->unencrypted_srtcp = a[KSRTP_A_UNENCRYPTED_SRTCP];
	p->unauthenticated_srtp = a[KSRTP_A_UNAUTHENTICATED_SRTP];
	return 0;
}

/*
 * KSRTP_A_ENC_HDR_EXT_IDS (RFC 6904) into @p: IDs 1..255, each once.
 * After ksrtp_nl_sdes_params(), whose flags it depends on.
 */
static int ksrtp_nl_enc_hdr(struct genl_info *info,
			    const struct ksrtp_suite_info *suite,
			    struct ksrtp_ctx_params *p)
{
	const struct nlattr *attr = info->attrs[KSRTP_A_ENC_HDR_EXT_IDS];
	struct netlink_ext_ack *extack = info->extack;
	const u8 *id;
	int i;

	if (!attr)
		return 0;
	if (suite->xform == KSRTP_XFORM_NULL_HMAC) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "KSRTP_A_ENC_HDR_EXT_IDS: the NULL suites encrypt nothing");
		return -EINVAL;
	}
	if (p->unencrypted_srtp) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "KSRTP_A_ENC_HDR_EXT_IDS: not with KSRTP_A_UNENCRYPTED_SRTP");
		return -EINVAL;
	}
	if (!nla_len(attr)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "KSRTP_A_ENC_HDR_EXT_IDS: empty");
		return -EINVAL;
	}
	bitmap_zero(p->enc_ids, KSRTP_HDR_EXT_IDS);
	id = nla_data(attr);
	for (i = 0; i < nla_len(attr); i++) {
		if (!id[i]) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "KSRTP_A_ENC_HDR_EXT_IDS: ID 0 is padding, not an element");
			return -EINVAL;
		}
		if (__test_and_set_bit(id[i], p->enc_ids)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "KSRTP_A_ENC_HDR_EXT_IDS: an ID given twice");
			return -EINVAL;
		}
	}
	p->enc_hdr = true;
	return 0;
}

static int ksrtp_nl_new_params(struct genl_info *info,
			       struct ksrtp_ctx_params *p)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **a = info->attrs;
	const struct ksrtp_suite_info *suite;
	int err;

	memset(p, 0, sizeof(*p));
	p->uid = ksrtp_user_of(genl_info_net(info));
	err = ksrtp_nl_parse_tuple(info, &p->key);
	if (err)
		return err;

	if (GENL_REQ_ATTR_CHECK(info, KSRTP_A_SUITE)) {
		NL_SET_ERR_MSG(extack, "missing KSRTP_A_SUITE");
		return -EINVAL;
	}
	p->suite = nla_get_u16(a[KSRTP_A_SUITE]);
	suite = ksrtp_suite_find(p->suite);
	if (!suite) {
		NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_SUITE],
				    "KSRTP_A_SUITE: suite not supported by this module");
		return -EOPNOTSUPP;
	}

	err = ksrtp_nl_check_key(info, suite);
	if (err)
		return err;
	if (a[KSRTP_A_MKI]) {
		p->mki_len = nla_len(a[KSRTP_A_MKI]);
		memcpy(p->mki, nla_data(a[KSRTP_A_MKI]), p->mki_len);
	}
	if (!p->key.tmpl && a[KSRTP_A_LEARN_LIMIT]) {
		NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_LEARN_LIMIT],
				    "KSRTP_A_LEARN_LIMIT is for templates (KSRTP_A_TEMPLATE)");
		return -EINVAL;
	}
	if (p->key.dir != KSRTP_DIR_INBOUND && a[KSRTP_A_POLICY]) {
		NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_POLICY],
				    "KSRTP_A_POLICY is for inbound contexts");
		return -EINVAL;
	}
	p->policy = a[KSRTP_A_POLICY] ? nla_get_u8(a[KSRTP_A_POLICY]) :
					KSRTP_POLICY_REQUIRED;
	p->learn_limit = a[KSRTP_A_LEARN_LIMIT] ?
		nla_get_u32(a[KSRTP_A_LEARN_LIMIT]) : KSRTP_LEARN_LIMIT_DEFAULT;
	p->master_key = nla_data(a[KSRTP_A_MASTER_KEY]);
	p->master_key_len = suite->key_len;
	p->master_salt = nla_data(a[KSRTP_A_MASTER_SALT]);
	p->master_salt_len = suite->salt_len;

	if (a[KSRTP_A_CRYPTEX] && suite->xform == KSRTP_XFORM_NULL_HMAC) {
		NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_CRYPTEX],
				    "KSRTP_A_CRYPTEX: the NULL suites encrypt nothing");
		return -EINVAL;
	}
	p->cryptex = a[KSRTP_A_CRYPTEX];
	err = ksrtp_nl_sdes_params(info, suite, p) ?:
	      ksrtp_nl_enc_hdr(info, suite, p);
	if (err)
		return err;

	p->replay_window = a[KSRTP_A_REPLAY_WINDOW] ?
		nla_get_u32(a[KSRTP_A_REPLAY_WINDOW]) :
		KSRTP_REPLAY_WINDOW_DEFAULT;

	if (a[KSRTP_A_OWNED]) {
		/* Only a kernel socket has port id 0, and it never closes. */
		if (!info->snd_portid) {
			NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_OWNED],
					    "KSRTP_A_OWNED: the requesting socket has no port id");
			return -EINVAL;
		}
		p->owner = info->snd_portid;
	}
	return 0;
}

/* KSRTP_A_MASTER_KEY and KSRTP_A_MASTER_SALT, of the suite's lengths. */
int ksrtp_nl_check_key(struct genl_info *info,
		       const struct ksrtp_suite_info *suite)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **a = info->attrs;

	if (GENL_REQ_ATTR_CHECK(info, KSRTP_A_MASTER_KEY)) {
		NL_SET_ERR_MSG(extack, "missing KSRTP_A_MASTER_KEY");
		return -EINVAL;
	}
	if (nla_len(a[KSRTP_A_MASTER_KEY]) != suite->key_len) {
		NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_MASTER_KEY],
				    "KSRTP_A_MASTER_KEY has the wrong length for the suite");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, KSRTP_A_MASTER_SALT)) {
		NL_SET_ERR_MSG(extack, "missing KSRTP_A_MASTER_SALT");
		return -EINVAL;
	}
	if (nla_len(a[KSRTP_A_MASTER_SALT]) != suite->salt_len) {
		NL_SET_ERR_MSG_ATTR(extack, a[KSRTP_A_MASTER_SALT],
				    "KSRTP_A_MASTER_SALT has the wrong length for the suite");
		return -EINVAL;
	}
	return 0;
}

/* The request carries the keys; do not leave them in the skb. */
void ksrtp_nl_wipe_keys(struct genl_info *info)
{
	struct nlattr *a;

	a = info->attrs[KSRTP_A_MASTER_KEY];
	if (a)
		memzero_explicit(nla_data(a), nla_len(a));
	a = info->attrs[KSRTP_A_MASTER_SALT];
	if (a)
		memzero_explicit(nla_data(a), nla_len(a));
}

static int ksrtp_nl_ctx_new(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct ksrtp_ctx_state_update u;
	struct ksrtp_ctx_params p;
	struct ksrtp_ctx *ctx;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = ksrtp_nl_new_params(info, &p);
	if (!err)
		err = ksrtp_nl_parse_stream(info, &u);
	if (err)
		goto out_wipe;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out_wipe;
	}
	ctx = ksrtp_ctx_create(&p, info->extack);
	if (IS_ERR(ctx)) {
		err = PTR_ERR(ctx);
		goto err_msg;
	}
	ksrtp_ctx_state_write(ctx, &u);

	mutex_lock(&kn->lock);
	err = ksrtp_insert(kn, ctx, info->attrs[KSRTP_A_MASTER_KEY],
			   info->extack);
	mutex_unlock(&kn->lock);
	if (err) {
		ksrtp_ctx_put(ctx);
		goto err_msg;
	}

	hdr = genlmsg_put_reply(msg, info, &ksrtp_family, 0, KSRTP_CMD_CTX_NEW);
	if (!hdr || nla_put_u32(msg, KSRTP_A_ID, ctx->id)) {
		/* Installed; only the reply is lost. */
		nlmsg_free(msg);
		err = 0;
		goto out_wipe;
	}
	genlmsg_end(msg, hdr);
	ksrtp_nl_wipe_keys(info);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
out_wipe:
	ksrtp_nl_wipe_keys(info);
	return err;
}

static int ksrtp_nl_ctx_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct ksrtp_ctx *ctx;

	/* kn->lock keeps the context alive past the RCU section. */
	mutex_lock(&kn->lock);
	rcu_read_lock();
	ctx = ksrtp_nl_select(kn, info);
	rcu_read_unlock();
	if (!IS_ERR(ctx))
		ksrtp_remove(kn, ctx);
	mutex_unlock(&kn->lock);
	return PTR_ERR_OR_ZERO(ctx);
}

static int ksrtp_nl_ctx_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct ksrtp_ctx_state_update u;
	struct ksrtp_ctx *ctx;
	int err;

	err = ksrtp_nl_parse_stream(info, &u);
	if (err)
		return err;
	if (!u.has_roc && !u.has_srtcp_index) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give KSRTP_A_ROC and/or KSRTP_A_SRTCP_INDEX");
		return -EINVAL;
	}

	rcu_read_lock();
	ctx = ksrtp_nl_select(kn, info);
	if (IS_ERR(ctx))
		err = PTR_ERR(ctx);
	else
		err = ksrtp_ctx_state_write(ctx, &u);
	rcu_read_unlock();
	if (err == -ERANGE)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KSRTP_A_ROC],
				    "KSRTP_A_ROC: an outbound stream never goes back to indices it may have sent (add a new context)");
	if (err == -EDOM)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KSRTP_A_SRTCP_INDEX],
				    "KSRTP_A_SRTCP_INDEX: an outbound stream never goes back to indices it may have sent");
	if (err == -ERANGE || err == -EDOM)
		err = -EINVAL;
	return err;
}

static int ksrtp_nl_ctx_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct ksrtp_ctx *ctx;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rcu_read_lock();
	ctx = ksrtp_nl_select(kn, info);
	if (IS_ERR(ctx))
		err = PTR_ERR(ctx);
	else
		err = ksrtp_nl_fill(msg, ctx, info->snd_portid, info->snd_seq,
				    0, KSRTP_CMD_CTX_GET);
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * A dump is filtered by local port only; refuse what would be ignored.
 * Checked in the first dumpit call rather than in .start: only there does
 * the kernel deliver the extack message (in NLMSG_DONE).
 */
#define KSRTP_NOT_FILTER " is not a dump filter (only KSRTP_A_LOCAL_PORT is)"

static const char * const ksrtp_not_filter[KSRTP_A_MAX + 1] = {
	[KSRTP_A_ID] = "KSRTP_A_ID" KSRTP_NOT_FILTER,
	[KSRTP_A_DIRECTION] = "KSRTP_A_DIRECTION" KSRTP_NOT_FILTER,
	[KSRTP_A_LOCAL_IPV4] = "KSRTP_A_LOCAL_IPV4" KSRTP_NOT_FILTER,
	[KSRTP_A_LOCAL_IPV6] = "KSRTP_A_LOCAL_IPV6" KSRTP_NOT_FILTER,
	[KSRTP_A_REMOTE_IPV4] = "KSRTP_A_REMOTE_IPV4" KSRTP_NOT_FILTER,
	[KSRTP_A_REMOTE_IPV6] = "KSRTP_A_REMOTE_IPV6" KSRTP_NOT_FILTER,
	[KSRTP_A_REMOTE_PORT] = "KSRTP_A_REMOTE_PORT" KSRTP_NOT_FILTER,
	[KSRTP_A_SSRC] = "KSRTP_A_SSRC" KSRTP_NOT_FILTER,
	[KSRTP_A_TEMPLATE] = "KSRTP_A_TEMPLATE" KSRTP_NOT_FILTER,
};

static int ksrtp_nl_dump_check(struct netlink_callback *cb,
			       struct nlattr **attrs)
{
	int i;

	/* The dump policy admits only the attributes named in the table. */
	for (i = 1; i <= KSRTP_A_MAX; i++) {
		if (!attrs[i] || i == KSRTP_A_LOCAL_PORT)
			continue;
		NL_SET_BAD_ATTR(cb->extack, attrs[i]);
		if (cb->extack)
			cb->extack->_msg = ksrtp_not_filter[i];
		return -EINVAL;
	}
	return 0;
}

/* cb->args[0]: the next id to dump; cb->args[1]: the request was checked. */
static int ksrtp_nl_ctx_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ksrtp_net *kn = ksrtp_net(sock_net(skb->sk));
	struct nlattr **attrs = ksrtp_dump_attrs(cb);
	struct nlattr *port_attr = attrs[KSRTP_A_LOCAL_PORT];
	unsigned long id = cb->args[0];
	struct ksrtp_ctx *ctx;
	int err = 0;

	if (!cb->args[1]) {
		err = ksrtp_nl_dump_check(cb, attrs);
		if (err)
			return err;
		cb->args[1] = 1;
	}
	cb->seq = READ_ONCE(kn->generation);
	rcu_read_lock();
	xa_for_each_start(&kn->ids, id, ctx, id) {
		if (port_attr &&
		    ntohs(ctx->key.lport) != nla_get_u16(port_attr))
			continue;
		err = ksrtp_nl_fill(skb, ctx, NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq, NLM_F_MULTI,
				    KSRTP_CMD_CTX_GET);
		if (err)
			break;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
	}
	rcu_read_unlock();
	cb->args[0] = id;
	if (err && !skb->len)
		return err;	/* one context does not fit an empty message */
	return err ? skb->len : 0;
}

static int ksrtp_nl_ctx_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));

	mutex_lock(&kn->lock);
	ksrtp_fwd_flush(kn);
	ksrtp_flush(kn);
	mutex_unlock(&kn->lock);
	return 0;
}

static int ksrtp_nl_net_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &ksrtp_family, 0, KSRTP_CMD_NET_GET);
	if (!hdr || ksrtp_nl_put_net_stats(msg, kn)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct genl_ops ksrtp_ops[] = {
	{
		.cmd = KSRTP_CMD_CTX_NEW,
		.doit = ksrtp_nl_ctx_new,
		.policy = ksrtp_new_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_CTX_DEL,
		.doit = ksrtp_nl_ctx_del,
		.policy = ksrtp_select_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_CTX_GET,
		.doit = ksrtp_nl_ctx_get,
		.dumpit = ksrtp_nl_ctx_dump,
		.policy = ksrtp_select_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_CTX_SET,
		.doit = ksrtp_nl_ctx_set,
		.policy = ksrtp_set_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_CTX_FLUSH,
		.doit = ksrtp_nl_ctx_flush,
		.policy = ksrtp_no_attr_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_KEY_NEW,
		.doit = ksrtp_nl_key_new,
		.policy = ksrtp_key_new_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_KEY_DEL,
		.doit = ksrtp_nl_key_del,
		.policy = ksrtp_key_sel_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_KEY_SET,
		.doit = ksrtp_nl_key_set,
		.policy = ksrtp_key_sel_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_NET_GET,
		.doit = ksrtp_nl_net_get,
		.policy = ksrtp_no_attr_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_FWD_NEW,
		.doit = ksrtp_nl_fwd_new,
		.policy = ksrtp_fwd_new_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_FWD_DEL,
		.doit = ksrtp_nl_fwd_del,
		.policy = ksrtp_fwd_sel_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_FWD_GET,
		.doit = ksrtp_nl_fwd_get,
		.dumpit = ksrtp_nl_fwd_dump,
		.policy = ksrtp_fwd_sel_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_FWD_OUT_ADD,
		.doit = ksrtp_nl_fwd_out_add,
		.policy = ksrtp_fwd_out_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_FWD_OUT_DEL,
		.doit = ksrtp_nl_fwd_out_del,
		.policy = ksrtp_fwd_out_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_FWD_OUT_SET,
		.doit = ksrtp_nl_fwd_out_set,
		.policy = ksrtp_fwd_out_policy,
		.maxattr = KSRTP_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

/* Events name contexts and SSRCs: only for who may manage them. */
static const struct genl_multicast_group ksrtp_mcgrps[] = {
	{
		.name = KSRTP_MCGRP_EVENTS,
#ifdef GENL_MCAST_CAP_NET_ADMIN
		.flags = GENL_MCAST_CAP_NET_ADMIN,
#endif
	},
};

struct genl_family ksrtp_family __ro_after_init = {
	.name = KSRTP_GENL_NAME,
	.version = KSRTP_GENL_VERSION,
	.maxattr = KSRTP_A_MAX,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = ksrtp_ops,
	.n_ops = ARRAY_SIZE(ksrtp_ops),
	.mcgrps = ksrtp_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ksrtp_mcgrps),
};

int ksrtp_genl_init(void)
{
	int err;

	err = ksrtp_owner_init();
	if (err)
		return err;
	err = genl_register_family(&ksrtp_family);
	if (err)
		ksrtp_owner_exit();
	return err;
}

/* Waits for a removal of owned contexts in progress, before netns exit. */
void ksrtp_genl_exit(void)
{
	genl_unregister_family(&ksrtp_family);
	ksrtp_owner_exit();
}
