// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Replies and events: the kernel's messages decoded into the structures
 * of <ksrtp.h>.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "internal.h"

/*
 * What the kernel sends, one policy per attribute set, shared by every
 * reply and event that carries it: the top level (a context, the
 * namespace counters, an event, a forwarding rule), a context's keys
 * (KSRTP_A_KEYS), its statistics (KSRTP_A_STATS), the namespace counters
 * (KSRTP_A_NET_STATS), an output of a rule (KSRTP_A_FWD_OUTPUT), the
 * counters of a rule or an output (KSRTP_A_FWD_STATS, KSRTP_OUT_A_STATS).
 * Attributes from a newer module are not in them and are ignored.
 */
static const struct nla_policy attr_policy[KSRTP_A_MAX + 1] = {
	/* A context: its tuple, as in events too... */
	[KSRTP_A_ID]		= { .type = NLA_U32 },
	[KSRTP_A_DIRECTION]	= { .type = NLA_U8 },
	[KSRTP_A_LOCAL_PORT]	= { .type = NLA_U16 },
	[KSRTP_A_REMOTE_PORT]	= { .type = NLA_U16 },
	[KSRTP_A_SSRC]		= { .type = NLA_U32 },
	[KSRTP_A_TEMPLATE]	= { .type = NLA_FLAG },
	[KSRTP_A_TEMPLATE_ID]	= { .type = NLA_U32 },
	/* ...and its state. */
	[KSRTP_A_SUITE]		= { .type = NLA_U16 },
	[KSRTP_A_ROC]		= { .type = NLA_U32 },
	[KSRTP_A_SEQ]		= { .type = NLA_U16 },
	[KSRTP_A_SRTCP_INDEX]	= { .type = NLA_U32 },
	[KSRTP_A_REPLAY_WINDOW]	= { .type = NLA_U32 },
	[KSRTP_A_STATS]		= { .type = NLA_NESTED },
	[KSRTP_A_CIPHER_DRIVER]	= { .type = NLA_STRING },
	[KSRTP_A_AUTH_DRIVER]	= { .type = NLA_STRING },
	[KSRTP_A_KEYS]		= { .type = NLA_NESTED },
	[KSRTP_A_POLICY]	= { .type = NLA_U8 },
	[KSRTP_A_LEARN_LIMIT]	= { .type = NLA_U32 },
	[KSRTP_A_LEARNED]	= { .type = NLA_U32 },
	[KSRTP_A_CRYPTEX]	= { .type = NLA_FLAG },
	[KSRTP_A_UNENCRYPTED_SRTP]	= { .type = NLA_FLAG },
	[KSRTP_A_UNENCRYPTED_SRTCP]	= { .type = NLA_FLAG },
	[KSRTP_A_UNAUTHENTICATED_SRTP]	= { .type = NLA_FLAG },
	[KSRTP_A_ENC_HDR_EXT_IDS]	= { .type = NLA_UNSPEC,
					    .maxlen = KSRTP_ENC_EXT_IDS_MAX },
	/* The namespace. */
	[KSRTP_A_NET_STATS]	= { .type = NLA_NESTED },
	/* An event. */
	[KSRTP_A_EVENT]		= { .type = NLA_U8 },
	[KSRTP_A_AUTH_FAILURES]	= { .type = NLA_U64 },
	/* Owned contexts and rules; a forwarding rule, whose input is a
	 * tuple without direction. */
	[KSRTP_A_OWNED]		= { .type = NLA_FLAG },
	[KSRTP_A_FWD_ID]	= { .type = NLA_U32 },
	[KSRTP_A_FWD_FLAGS]	= { .type = NLA_U32 },
	[KSRTP_A_FWD_PAYLOAD_TYPES] = { .type = NLA_UNSPEC,
					.maxlen = KSRTP_FWD_PAYLOAD_TYPES_MAX },
	[KSRTP_A_FWD_OUTPUT]	= { .type = NLA_NESTED },
	[KSRTP_A_FWD_STATS]	= { .type = NLA_NESTED },
};

static const struct nla_policy key_policy[KSRTP_KEY_A_MAX + 1] = {
	[KSRTP_KEY_A_ACTIVE]		= { .type = NLA_FLAG },
	[KSRTP_KEY_A_FROM_INDEX]	= { .type = NLA_U64 },
	[KSRTP_KEY_A_FROM_SRTCP_INDEX]	= { .type = NLA_U32 },
	[KSRTP_KEY_A_RTP_PACKETS]	= { .type = NLA_U64 },
	[KSRTP_KEY_A_RTCP_PACKETS]	= { .type = NLA_U64 },
};

static const struct nla_policy stats_policy[KSRTP_STATS_A_MAX + 1] = {
	[KSRTP_STATS_A_RTP_PACKETS]	= { .type = NLA_U64 },
	[KSRTP_STATS_A_RTP_BYTES]	= { .type = NLA_U64 },
	[KSRTP_STATS_A_RTCP_PACKETS]	= { .type = NLA_U64 },
	[KSRTP_STATS_A_RTCP_BYTES]	= { .type = NLA_U64 },
	[KSRTP_STATS_A_AUTH_FAILURES]	= { .type = NLA_U64 },
	[KSRTP_STATS_A_REPLAYS]		= { .type = NLA_U64 },
	[KSRTP_STATS_A_MALFORMED]	= { .type = NLA_U64 },
	[KSRTP_STATS_A_ERRORS]		= { .type = NLA_U64 },
	[KSRTP_STATS_A_KEY_LIMIT]	= { .type = NLA_U64 },
	[KSRTP_STATS_A_UNKNOWN_SSRC]	= { .type = NLA_U64 },
};

static const struct nla_policy net_policy[KSRTP_NET_A_MAX + 1] = {
	[KSRTP_NET_A_UNKNOWN_SSRC]	= { .type = NLA_U64 },
	[KSRTP_NET_A_NOT_SRTP]		= { .type = NLA_U64 },
	[KSRTP_NET_A_MALFORMED]		= { .type = NLA_U64 },
};

static const struct nla_policy out_policy[KSRTP_OUT_A_MAX + 1] = {
	[KSRTP_OUT_A_ID]		= { .type = NLA_U32 },
	[KSRTP_OUT_A_CTX_ID]		= { .type = NLA_U32 },
	[KSRTP_OUT_A_LOCAL_PORT]	= { .type = NLA_U16 },
	[KSRTP_OUT_A_REMOTE_PORT]	= { .type = NLA_U16 },
	[KSRTP_OUT_A_SSRC]		= { .type = NLA_U32 },
	[KSRTP_OUT_A_SEQ_OFFSET]	= { .type = NLA_U16 },
	[KSRTP_OUT_A_TS_OFFSET]		= { .type = NLA_U32 },
	[KSRTP_OUT_A_STATS]		= { .type = NLA_NESTED },
};

static const struct nla_policy fwd_stats_policy[KSRTP_FWD_STATS_A_MAX + 1] = {
	[KSRTP_FWD_STATS_A_PACKETS]	= { .type = NLA_U64 },
	[KSRTP_FWD_STATS_A_BYTES]	= { .type = NLA_U64 },
	[KSRTP_FWD_STATS_A_LOOPS]	= { .type = NLA_U64 },
	[KSRTP_FWD_STATS_A_NO_CONTEXT]	= { .type = NLA_U64 },
	[KSRTP_FWD_STATS_A_NO_ROUTE]	= { .type = NLA_U64 },
	[KSRTP_FWD_STATS_A_TOO_BIG]	= { .type = NLA_U64 },
	[KSRTP_FWD_STATS_A_KEY]		= { .type = NLA_U64 },
	[KSRTP_FWD_STATS_A_ERRORS]	= { .type = NLA_U64 },
	[KSRTP_FWD_STATS_A_OTHER_PT]	= { .type = NLA_U64 },
};

/* The top-level attributes of a ksrtp message, validated. */
static int parse_attrs(struct nlmsghdr *nlh, struct nlattr **tb)
{
	return genlmsg_parse(nlh, 0, tb, KSRTP_A_MAX, attr_policy);
}

/* ---- Attributes and nests -------------------------------------------- */

static bool get_addr(struct nlattr *v4, struct nlattr *v6, struct nlattr *port,
		     union ksrtp_sockaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (!v4 && !v6 && !port)
		return true;	/* AF_UNSPEC: no address */
	if (!port || (v4 && v6))
		return false;
	if (v4 && nla_len(v4) == sizeof(a->sin.sin_addr)) {
		a->sin.sin_family = AF_INET;
		memcpy(&a->sin.sin_addr, nla_data(v4), sizeof(a->sin.sin_addr));
		a->sin.sin_port = htons(nla_get_u16(port));
	} else if (v6 && nla_len(v6) == sizeof(a->sin6.sin6_addr)) {
		a->sin6.sin6_family = AF_INET6;
		memcpy(&a->sin6.sin6_addr, nla_data(v6), sizeof(a->sin6.sin6_addr));
		a->sin6.sin6_port = htons(nla_get_u16(port));
	} else {
		return false;
	}
	return true;
}

/*
 * A local and a remote address, each optional, from the six attributes
 * that start at first (KSRTP_A_LOCAL_IPV4 or KSRTP_OUT_A_LOCAL_IPV4, in
 * the order request.c checks).
 */
static bool get_addrs(struct nlattr **tb, int first, union ksrtp_sockaddr *local,
		      union ksrtp_sockaddr *remote)
{
	return get_addr(tb[first], tb[first + 1], tb[first + 2], local) &&
	       get_addr(tb[first + 3], tb[first + 4], tb[first + 5], remote);
}

/* A u32 handle of exactly four bytes; false (v untouched) otherwise. */
static bool get_handle(struct nlattr *nla, uint32_t *v)
{
	if (!nla || nla_len(nla) != sizeof(uint32_t))
		return false;
	*v = nla_get_u32(nla);
	return true;
}

static void get_string(struct nlattr *nla, char *buf, size_t size)
{
	buf[0] = '\0';
	if (nla)
		nla_strlcpy(buf, nla, size);
}

static bool get_mki(struct nlattr *nla, uint8_t *mki, size_t *mki_len)
{
	*mki_len = 0;
	if (!nla)
		return true;
	if (nla_len(nla) < 1 || nla_len(nla) > KSRTP_MKI_MAX_LEN)
		return false;
	*mki_len = nla_len(nla);
	memcpy(mki, nla_data(nla), *mki_len);
	return true;
}

/* KSRTP_A_KEYS: one nest per key; keys beyond KSRTP_MAX_KEYS are not kept. */
static int parse_keys(struct nlattr *keys, struct ksrtp_ctx_info *info)
{
	struct nlattr *nest, *kt[KSRTP_KEY_A_MAX + 1];
	struct ksrtp_key_info *k;
	int rem;

	nla_for_each_nested(nest, keys, rem) {
		if (info->nkeys == KSRTP_MAX_KEYS)
			break;
		if (nla_parse_nested(kt, KSRTP_KEY_A_MAX, nest, key_policy) < 0)
			return -EPROTO;
		k = &info->keys[info->nkeys];
		if (!get_mki(kt[KSRTP_KEY_A_MKI], k->mki, &k->mki_len))
			return -EPROTO;
		k->active = kt[KSRTP_KEY_A_ACTIVE] != NULL;
		if (kt[KSRTP_KEY_A_FROM_INDEX]) {
			k->has_from_index = true;
			k->from_index = nla_get_u64(kt[KSRTP_KEY_A_FROM_INDEX]);
		}
		if (kt[KSRTP_KEY_A_FROM_SRTCP_INDEX]) {
			k->has_from_srtcp_index = true;
			k->from_srtcp_index = nla_get_u32(kt[KSRTP_KEY_A_FROM_SRTCP_INDEX]);
		}
		if (kt[KSRTP_KEY_A_RTP_PACKETS])
			k->rtp_packets = nla_get_u64(kt[KSRTP_KEY_A_RTP_PACKETS]);
		if (kt[KSRTP_KEY_A_RTCP_PACKETS])
			k->rtcp_packets = nla_get_u64(kt[KSRTP_KEY_A_RTCP_PACKETS]);
		info->nkeys++;
	}
	return 0;
}

/* KSRTP_A_STATS; counters from a newer module are ignored. */
static int parse_stats(struct nlattr *nest, struct ksrtp_ctx_stats *s)
{
	struct nlattr *tb[KSRTP_STATS_A_MAX + 1];

	if (nla_parse_nested(tb, KSRTP_STATS_A_MAX, nest, stats_policy) < 0)
		return -EPROTO;
#define GET(field, attr) if (tb[attr]) s->field = nla_get_u64(tb[attr])
	GET(rtp_packets, KSRTP_STATS_A_RTP_PACKETS);
	GET(rtp_bytes, KSRTP_STATS_A_RTP_BYTES);
	GET(rtcp_packets, KSRTP_STATS_A_RTCP_PACKETS);
	GET(rtcp_bytes, KSRTP_STATS_A_RTCP_BYTES);
	GET(auth_failures, KSRTP_STATS_A_AUTH_FAILURES);
	GET(replays, KSRTP_STATS_A_REPLAYS);
	GET(malformed, KSRTP_STATS_A_MALFORMED);
	GET(errors, KSRTP_STATS_A_ERRORS);
	GET(key_limit, KSRTP_STATS_A_KEY_LIMIT);
	GET(unknown_ssrc, KSRTP_STATS_A_UNKNOWN_SSRC);
#undef GET
	return 0;
}

/* KSRTP_A_NET_STATS; counters from a newer module are ignored. */
static int parse_net_stats(struct nlattr *nest, struct ksrtp_net_stats *st)
{
	struct nlattr *tb[KSRTP_NET_A_MAX + 1];

	memset(st, 0, sizeof(*st));
	if (nla_parse_nested(tb, KSRTP_NET_A_MAX, nest, net_policy) < 0)
		return -EPROTO;
#define GET(field, attr) if (tb[attr]) st->field = nla_get_u64(tb[attr])
	GET(unknown_ssrc, KSRTP_NET_A_UNKNOWN_SSRC);
	GET(not_srtp, KSRTP_NET_A_NOT_SRTP);
	GET(malformed, KSRTP_NET_A_MALFORMED);
#undef GET
	return 0;
}

/* KSRTP_A_FWD_STATS, KSRTP_OUT_A_STATS; newer counters are ignored. */
static int parse_fwd_stats(struct nlattr *nest, struct ksrtp_fwd_stats *s)
{
	struct nlattr *tb[KSRTP_FWD_STATS_A_MAX + 1];

	if (nla_parse_nested(tb, KSRTP_FWD_STATS_A_MAX, nest, fwd_stats_policy) < 0)
		return -EPROTO;
#define GET(field, attr) if (tb[attr]) s->field = nla_get_u64(tb[attr])
	GET(packets, KSRTP_FWD_STATS_A_PACKETS);
	GET(bytes, KSRTP_FWD_STATS_A_BYTES);
	GET(loops, KSRTP_FWD_STATS_A_LOOPS);
	GET(no_context, KSRTP_FWD_STATS_A_NO_CONTEXT);
	GET(no_route, KSRTP_FWD_STATS_A_NO_ROUTE);
	GET(too_big, KSRTP_FWD_STATS_A_TOO_BIG);
	GET(key, KSRTP_FWD_STATS_A_KEY);
	GET(errors, KSRTP_FWD_STATS_A_ERRORS);
	GET(other_pt, KSRTP_FWD_STATS_A_OTHER_PT);
#undef GET
	return 0;
}

/* One KSRTP_A_FWD_OUTPUT, validated (tb: its attributes). */
static int parse_output_attrs(struct nlattr *nest, struct nlattr **tb)
{
	return nla_parse_nested(tb, KSRTP_OUT_A_MAX, nest, out_policy);
}

/* One output of a rule reply: its id is required. */
static int parse_output(struct nlattr *nest, struct ksrtp_fwd_output_info *o)
{
	struct nlattr *tb[KSRTP_OUT_A_MAX + 1];

	if (parse_output_attrs(nest, tb) < 0 || !get_handle(tb[KSRTP_OUT_A_ID], &o->id) ||
	    !get_addrs(tb, KSRTP_OUT_A_LOCAL_IPV4, &o->local, &o->remote))
		return -EPROTO;
	if (tb[KSRTP_OUT_A_CTX_ID])
		o->ctx_id = nla_get_u32(tb[KSRTP_OUT_A_CTX_ID]);
	if (tb[KSRTP_OUT_A_SSRC]) {
		o->has_ssrc = true;
		o->ssrc = nla_get_u32(tb[KSRTP_OUT_A_SSRC]);
	}
	if (tb[KSRTP_OUT_A_SEQ_OFFSET])
		o->seq_offset = nla_get_u16(tb[KSRTP_OUT_A_SEQ_OFFSET]);
	if (tb[KSRTP_OUT_A_TS_OFFSET])
		o->ts_offset = nla_get_u32(tb[KSRTP_OUT_A_TS_OFFSET]);
	if (tb[KSRTP_OUT_A_STATS])
		return parse_fwd_stats(tb[KSRTP_OUT_A_STATS], &o->stats);
	return 0;
}

/* The first top-level attribute of the message, to walk them all. */
#define FOR_EACH_TOP_ATTR(nla, nlh, rem)					\
	nla_for_each_attr(nla, genlmsg_attrdata(nlmsg_data(nlh), 0),		\
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem)

/* Every KSRTP_A_FWD_OUTPUT of a rule reply (there is one per output). */
static int parse_outputs(struct nlmsghdr *nlh, struct ksrtp_fwd_info *info)
{
	struct nlattr *nla;
	unsigned int n = 0;
	int rem, ret;

	FOR_EACH_TOP_ATTR(nla, nlh, rem)
		n += nla_type(nla) == KSRTP_A_FWD_OUTPUT;
	if (!n)
		return 0;
	info->outputs = calloc(n, sizeof(*info->outputs));
	if (!info->outputs)
		return -ENOMEM;
	FOR_EACH_TOP_ATTR(nla, nlh, rem) {
		if (nla_type(nla) != KSRTP_A_FWD_OUTPUT)
			continue;
		ret = parse_output(nla, &info->outputs[info->noutputs]);
		if (ret)
			return ret;
		info->noutputs++;
	}
	return 0;
}

/* ---- Messages -------------------------------------------------------- */

int ksrtp__parse_id(struct nlmsghdr *nlh, uint32_t *id)
{
	struct nlattr *tb[KSRTP_A_MAX + 1];

	if (parse_attrs(nlh, tb) < 0 || !get_handle(tb[KSRTP_A_ID], id))
		return -EPROTO;
	return 0;
}

int ksrtp__parse_fwd_id(struct nlmsghdr *nlh, uint32_t *id)
{
	struct nlattr *tb[KSRTP_A_MAX + 1];

	if (parse_attrs(nlh, tb) < 0 || !get_handle(tb[KSRTP_A_FWD_ID], id))
		return -EPROTO;
	return 0;
}

int ksrtp__parse_out_id(struct nlmsghdr *nlh, uint32_t *out_id)
{
	struct nlattr *tb[KSRTP_A_MAX + 1], *ot[KSRTP_OUT_A_MAX + 1];

	if (parse_attrs(nlh, tb) < 0 || !tb[KSRTP_A_FWD_OUTPUT] ||
	    parse_output_attrs(tb[KSRTP_A_FWD_OUTPUT], ot) < 0 ||
	    !get_handle(ot[KSRTP_OUT_A_ID], out_id))
		return -EPROTO;
	return 0;
}

int ksrtp__parse_info(struct nlmsghdr *nlh, struct ksrtp_ctx_info *info,
		      const char **why)
{
	struct nlattr *tb[KSRTP_A_MAX + 1];

	memset(info, 0, sizeof(*info));
	if (parse_attrs(nlh, tb) < 0) {
		*why = "malformed context in the kernel's reply";
		return -EPROTO;
	}
	info->is_template = tb[KSRTP_A_TEMPLATE] != NULL;
	info->cryptex = tb[KSRTP_A_CRYPTEX] != NULL;
	info->unencrypted_srtp = tb[KSRTP_A_UNENCRYPTED_SRTP] != NULL;
	info->unencrypted_srtcp = tb[KSRTP_A_UNENCRYPTED_SRTCP] != NULL;
	info->unauthenticated_srtp = tb[KSRTP_A_UNAUTHENTICATED_SRTP] != NULL;
	if (tb[KSRTP_A_ENC_HDR_EXT_IDS]) {
		info->n_enc_ext_ids = nla_len(tb[KSRTP_A_ENC_HDR_EXT_IDS]);
		memcpy(info->enc_ext_ids, nla_data(tb[KSRTP_A_ENC_HDR_EXT_IDS]),
		       info->n_enc_ext_ids);
	}
	if (!tb[KSRTP_A_ID] || !tb[KSRTP_A_DIRECTION] ||
	    (!tb[KSRTP_A_SSRC] && !info->is_template) || !tb[KSRTP_A_SUITE]) {
		*why = "context without id, direction, ssrc or suite in the kernel's reply";
		return -EPROTO;
	}
	if (!get_addrs(tb, KSRTP_A_LOCAL_IPV4, &info->tuple.local, &info->tuple.remote) ||
	    info->tuple.local.sa.sa_family == AF_UNSPEC) {
		*why = "malformed address in the kernel's reply";
		return -EPROTO;
	}
	info->id = nla_get_u32(tb[KSRTP_A_ID]);
	info->tuple.direction = nla_get_u8(tb[KSRTP_A_DIRECTION]);
	if (tb[KSRTP_A_SSRC] && !info->is_template)
		info->tuple.ssrc = nla_get_u32(tb[KSRTP_A_SSRC]);
	info->suite = nla_get_u16(tb[KSRTP_A_SUITE]);
	if (tb[KSRTP_A_ROC])
		info->roc = nla_get_u32(tb[KSRTP_A_ROC]);
	if (tb[KSRTP_A_SEQ])
		info->seq = nla_get_u16(tb[KSRTP_A_SEQ]);
	if (tb[KSRTP_A_SRTCP_INDEX])
		info->srtcp_index = nla_get_u32(tb[KSRTP_A_SRTCP_INDEX]);
	if (tb[KSRTP_A_REPLAY_WINDOW])
		info->replay_window = nla_get_u32(tb[KSRTP_A_REPLAY_WINDOW]);
	get_string(tb[KSRTP_A_CIPHER_DRIVER], info->cipher_driver, sizeof(info->cipher_driver));
	get_string(tb[KSRTP_A_AUTH_DRIVER], info->auth_driver, sizeof(info->auth_driver));
	if (tb[KSRTP_A_POLICY])
		info->policy = nla_get_u8(tb[KSRTP_A_POLICY]);
	if (tb[KSRTP_A_LEARN_LIMIT])
		info->learn_limit = nla_get_u32(tb[KSRTP_A_LEARN_LIMIT]);
	if (tb[KSRTP_A_LEARNED])
		info->learned = nla_get_u32(tb[KSRTP_A_LEARNED]);
	if (tb[KSRTP_A_TEMPLATE_ID])
		info->template_id = nla_get_u32(tb[KSRTP_A_TEMPLATE_ID]);
	if (tb[KSRTP_A_KEYS] && parse_keys(tb[KSRTP_A_KEYS], info)) {
		*why = "malformed key list in the kernel's reply";
		return -EPROTO;
	}
	if (tb[KSRTP_A_STATS] && parse_stats(tb[KSRTP_A_STATS], &info->stats)) {
		*why = "malformed statistics in the kernel's reply";
		return -EPROTO;
	}
	return 0;
}

int ksrtp__parse_net(struct nlmsghdr *nlh, struct ksrtp_net_stats *st,
		     const char **why)
{
	struct nlattr *tb[KSRTP_A_MAX + 1];

	memset(st, 0, sizeof(*st));
	if (parse_attrs(nlh, tb) < 0 || !tb[KSRTP_A_NET_STATS]) {
		*why = "no namespace counters in the kernel's reply";
		return -EPROTO;
	}
	if (parse_net_stats(tb[KSRTP_A_NET_STATS], st)) {
		*why = "malformed namespace counters in the kernel's reply";
		return -EPROTO;
	}
	return 0;
}

int ksrtp__parse_event(struct nlmsghdr *nlh, struct ksrtp_event_info *ev,
		       const char **why)
{
	struct nlattr *tb[KSRTP_A_MAX + 1];
	int type;

	memset(ev, 0, sizeof(*ev));
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		*why = "truncated message from the kernel";
		return -EPROTO;
	}
	if (((struct genlmsghdr *)nlmsg_data(nlh))->cmd != KSRTP_CMD_EVENT)
		return -ENOMSG;
	if (parse_attrs(nlh, tb) < 0) {
		*why = "malformed event from the kernel";
		return -EPROTO;
	}
	/*
	 * The events of KSRTP_1 are about a context and name it; later ones
	 * (KSRTP_EVENT_UNMATCHED, and those of a newer module) need not.
	 */
	type = tb[KSRTP_A_EVENT] ? nla_get_u8(tb[KSRTP_A_EVENT]) : 0;
	if (!type || (!tb[KSRTP_A_ID] && type <= KSRTP_EVENT_AUTH_FAILURES)) {
		*why = "event without type or context id from the kernel";
		return -EPROTO;
	}
	if (!get_addrs(tb, KSRTP_A_LOCAL_IPV4, &ev->tuple.local, &ev->tuple.remote) ||
	    !get_mki(tb[KSRTP_A_MKI], ev->mki, &ev->mki_len)) {
		*why = "malformed address or MKI in an event from the kernel";
		return -EPROTO;
	}
	if (tb[KSRTP_A_NET_STATS]) {
		if (parse_net_stats(tb[KSRTP_A_NET_STATS], &ev->net_stats)) {
			*why = "malformed namespace counters in an event from the kernel";
			return -EPROTO;
		}
		ev->has_net_stats = true;
	}
	ev->type = type;
	if (tb[KSRTP_A_ID])
		ev->id = nla_get_u32(tb[KSRTP_A_ID]);
	if (tb[KSRTP_A_DIRECTION])
		ev->tuple.direction = nla_get_u8(tb[KSRTP_A_DIRECTION]);
	if (tb[KSRTP_A_SSRC]) {
		ev->has_ssrc = true;
		ev->tuple.ssrc = nla_get_u32(tb[KSRTP_A_SSRC]);
	}
	if (tb[KSRTP_A_TEMPLATE_ID])
		ev->template_id = nla_get_u32(tb[KSRTP_A_TEMPLATE_ID]);
	if (tb[KSRTP_A_AUTH_FAILURES])
		ev->auth_failures = nla_get_u64(tb[KSRTP_A_AUTH_FAILURES]);
	if (tb[KSRTP_A_FWD_ID])
		ev->fwd_id = nla_get_u32(tb[KSRTP_A_FWD_ID]);
	if (tb[KSRTP_A_FWD_OUTPUT] && parse_output(tb[KSRTP_A_FWD_OUTPUT], &ev->fwd_output)) {
		*why = "malformed forwarding output in an event from the kernel";
		return -EPROTO;
	}
	return 0;
}

int ksrtp__parse_fwd(struct nlmsghdr *nlh, struct ksrtp_fwd_info *info,
		     const char **why)
{
	struct nlattr *tb[KSRTP_A_MAX + 1];
	int ret;

	memset(info, 0, sizeof(*info));
	if (parse_attrs(nlh, tb) < 0) {
		*why = "malformed forwarding rule in the kernel's reply";
		return -EPROTO;
	}
	if (!get_handle(tb[KSRTP_A_FWD_ID], &info->id) ||
	    !get_addrs(tb, KSRTP_A_LOCAL_IPV4, &info->local, &info->remote) ||
	    info->local.sa.sa_family == AF_UNSPEC) {
		*why = "forwarding rule without id or local address in the kernel's reply";
		return -EPROTO;
	}
	if (tb[KSRTP_A_SSRC]) {
		info->has_ssrc = true;
		info->ssrc = nla_get_u32(tb[KSRTP_A_SSRC]);
	}
	if (tb[KSRTP_A_FWD_FLAGS])
		info->flags = nla_get_u32(tb[KSRTP_A_FWD_FLAGS]);
	info->owned = tb[KSRTP_A_OWNED] != NULL;
	if (tb[KSRTP_A_FWD_PAYLOAD_TYPES]) {
		info->npayload_types = nla_len(tb[KSRTP_A_FWD_PAYLOAD_TYPES]);
		memcpy(info->payload_types, nla_data(tb[KSRTP_A_FWD_PAYLOAD_TYPES]),
		       info->npayload_types);
	}
	if (tb[KSRTP_A_FWD_STATS] && parse_fwd_stats(tb[KSRTP_A_FWD_STATS], &info->stats)) {
		*why = "malformed forwarding statistics in the kernel's reply";
		return -EPROTO;
	}
	ret = parse_outputs(nlh, info);
	if (ret) {
		*why = ret == -ENOMEM ? "out of memory" :
		       "malformed forwarding output in the kernel's reply";
		ksrtp_fwd_info_free(info);
	}
	return ret;
}

void ksrtp_fwd_info_free(struct ksrtp_fwd_info *info)
{
	if (!info)
		return;
	free(info->outputs);
	info->outputs = NULL;
	info->noutputs = 0;
}
