// SPDX-License-Identifier: GPL-2.0
/*
 * KSRTP_CMD_FWD_*: forwarding rules and their outputs over netlink
 * (uapi/linux/ksrtp.h, "Forwarding"). Every change takes ksrtp_net.lock;
 * forward.c does the work.
 */

#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/ksrtp.h>

#include "compat.h"
#include "forward.h"
#include "netlink.h"
#include "netns.h"

static const struct nla_policy ksrtp_out_policy[KSRTP_OUT_A_MAX + 1] = {
	[KSRTP_OUT_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[KSRTP_OUT_A_CTX_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[KSRTP_OUT_A_LOCAL_IPV4] = NLA_POLICY_EXACT_LEN(4),
	[KSRTP_OUT_A_LOCAL_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[KSRTP_OUT_A_LOCAL_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[KSRTP_OUT_A_REMOTE_IPV4] = NLA_POLICY_EXACT_LEN(4),
	[KSRTP_OUT_A_REMOTE_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[KSRTP_OUT_A_REMOTE_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[KSRTP_OUT_A_SSRC] = { .type = NLA_U32 },
	[KSRTP_OUT_A_SEQ_OFFSET] = { .type = NLA_U16 },
	[KSRTP_OUT_A_TS_OFFSET] = { .type = NLA_U32 },
};

const struct nla_policy ksrtp_fwd_new_policy[KSRTP_A_MAX + 1] = {
	[KSRTP_A_LOCAL_IPV4] = NLA_POLICY_EXACT_LEN(4),
	[KSRTP_A_LOCAL_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[KSRTP_A_LOCAL_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[KSRTP_A_REMOTE_IPV4] = NLA_POLICY_EXACT_LEN(4),
	[KSRTP_A_REMOTE_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[KSRTP_A_REMOTE_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[KSRTP_A_SSRC] = { .type = NLA_U32 },
	[KSRTP_A_FWD_FLAGS] = { .type = NLA_U32 },
	[KSRTP_A_OWNED] = { .type = NLA_FLAG },
	[KSRTP_A_FWD_PAYLOAD_TYPES] = { .type = NLA_BINARY,
					.len = KSRTP_FWD_PTS },
};

const struct nla_policy ksrtp_fwd_sel_policy[KSRTP_A_MAX + 1] = {
	[KSRTP_A_FWD_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

const struct nla_policy ksrtp_fwd_out_policy[KSRTP_A_MAX + 1] = {
	[KSRTP_A_FWD_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[KSRTP_A_FWD_OUTPUT] = NLA_POLICY_NESTED(ksrtp_out_policy),
};

/**
 * struct ksrtp_nl_addr - the attributes of one address and port
 * @v4: of the IPv4 address
 * @v6: of the IPv6 address
 * @port: of the port
 * @both: the message when both addresses are given
 * @half: when an address or its port comes alone
 * @family: when its family is not the local one
 * @any: when it is the unspecified address
 */
struct ksrtp_nl_addr {
	int v4, v6, port;
	const char *both, *half, *family, *any;
};

/* NL_SET_ERR_MSG_ATTR() for a message that is not a literal. */
static void ksrtp_nl_bad(struct netlink_ext_ack *extack,
			 const struct nlattr *attr, const char *msg)
{
	NL_SET_BAD_ATTR(extack, attr);
	if (extack)
		extack->_msg = msg;
}

/*
 * One address and port out of @a. @family: AF_UNSPEC to take either
 * (and set it), else the one the address must be of. Returns 1 if the
 * attributes are absent, 0 when parsed, or a negative errno.
 */
static int ksrtp_nl_parse_addr(struct nlattr **a, const struct ksrtp_nl_addr *n,
			       u8 *family, struct in6_addr *addr, __be16 *port,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *at = a[n->v4] ?: a[n->v6];

	if (a[n->v4] && a[n->v6]) {
		ksrtp_nl_bad(extack, a[n->v6], n->both);
		return -EINVAL;
	}
	if (!at && !a[n->port])
		return 1;
	if (!at || !a[n->port]) {
		ksrtp_nl_bad(extack, at ?: a[n->port], n->half);
		return -EINVAL;
	}
	if (*family != AF_UNSPEC && *family != (a[n->v4] ? AF_INET : AF_INET6)) {
		ksrtp_nl_bad(extack, at, n->family);
		return -EINVAL;
	}
	*family = a[n->v4] ? AF_INET : AF_INET6;
	memset(addr, 0, sizeof(*addr));
	memcpy(addr, nla_data(at), nla_len(at));
	if (ipv6_addr_any(addr)) {
		ksrtp_nl_bad(extack, at, n->any);
		return -EINVAL;
	}
	*port = htons(nla_get_u16(a[n->port]));
	return 0;
}

static const struct ksrtp_nl_addr ksrtp_fwd_local = {
	.v4 = KSRTP_A_LOCAL_IPV4,
	.v6 = KSRTP_A_LOCAL_IPV6,
	.port = KSRTP_A_LOCAL_PORT,
	.both = "KSRTP_A_LOCAL_IPV4/6 and _PORT: IPv4 and IPv6 are exclusive",
	.half = "KSRTP_A_LOCAL_IPV4/6 and _PORT: address and port go together",
	.family = "KSRTP_A_LOCAL_IPV4/6 and _PORT: address family differs from the local one",
	.any = "KSRTP_A_LOCAL_IPV4/6 and _PORT: unspecified address",
};

static const struct ksrtp_nl_addr ksrtp_fwd_remote = {
	.v4 = KSRTP_A_REMOTE_IPV4,
	.v6 = KSRTP_A_REMOTE_IPV6,
	.port = KSRTP_A_REMOTE_PORT,
	.both = "KSRTP_A_REMOTE_IPV4/6 and _PORT: IPv4 and IPv6 are exclusive",
	.half = "KSRTP_A_REMOTE_IPV4/6 and _PORT: address and port go together",
	.family = "KSRTP_A_REMOTE_IPV4/6 and _PORT: address family differs from the local one",
	.any = "KSRTP_A_REMOTE_IPV4/6 and _PORT: unspecified address",
};

static const struct ksrtp_nl_addr ksrtp_out_local = {
	.v4 = KSRTP_OUT_A_LOCAL_IPV4,
	.v6 = KSRTP_OUT_A_LOCAL_IPV6,
	.port = KSRTP_OUT_A_LOCAL_PORT,
	.both = "KSRTP_OUT_A_LOCAL_IPV4/6 and _PORT: IPv4 and IPv6 are exclusive",
	.half = "KSRTP_OUT_A_LOCAL_IPV4/6 and _PORT: address and port go together",
	.family = "KSRTP_OUT_A_LOCAL_IPV4/6 and _PORT: address family differs from the local one",
	.any = "KSRTP_OUT_A_LOCAL_IPV4/6 and _PORT: unspecified address",
};

static const struct ksrtp_nl_addr ksrtp_out_remote = {
	.v4 = KSRTP_OUT_A_REMOTE_IPV4,
	.v6 = KSRTP_OUT_A_REMOTE_IPV6,
	.port = KSRTP_OUT_A_REMOTE_PORT,
	.both = "KSRTP_OUT_A_REMOTE_IPV4/6 and _PORT: IPv4 and IPv6 are exclusive",
	.half = "KSRTP_OUT_A_REMOTE_IPV4/6 and _PORT: address and port go together",
	.family = "KSRTP_OUT_A_REMOTE_IPV4/6 and _PORT: address family differs from the local one",
	.any = "KSRTP_OUT_A_REMOTE_IPV4/6 and _PORT: unspecified address",
};

/* The input of a new rule: a whole local side, the rest optional. */
static int ksrtp_nl_fwd_key(struct genl_info *info, struct ksrtp_ctx_key *key)
{
	struct nlattr **a = info->attrs;
	int err;

	memset(key, 0, sizeof(*key));
	key->family = AF_UNSPEC;
	err = ksrtp_nl_parse_addr(a, &ksrtp_fwd_local, &key->family,
				  &key->laddr, &key->lport, info->extack);
	if (err > 0) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, KSRTP_A_LOCAL_PORT);
		NL_SET_ERR_MSG(info->extack, "missing KSRTP_A_LOCAL_IPV4/6 and _PORT");
		return -EINVAL;
	}
	if (!err)
		err = ksrtp_nl_parse_addr(a, &ksrtp_fwd_remote, &key->family,
					  &key->raddr, &key->rport,
					  info->extack);
	if (err < 0)
		return err;
	key->dir = KSRTP_DIR_INBOUND;
	if (a[KSRTP_A_SSRC])
		key->ssrc = htonl(nla_get_u32(a[KSRTP_A_SSRC]));
	else
		key->tmpl = 1;
	return 0;
}

/* KSRTP_A_FWD_PAYLOAD_TYPES into @pts; 1: absent, every type. */
static int ksrtp_nl_fwd_pts(struct genl_info *info, unsigned long *pts)
{
	const struct nlattr *attr = info->attrs[KSRTP_A_FWD_PAYLOAD_TYPES];
	const u8 *pt;
	int i;

	if (!attr)
		return 1;
	if (!nla_len(attr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "KSRTP_A_FWD_PAYLOAD_TYPES: empty");
		return -EINVAL;
	}
	bitmap_zero(pts, KSRTP_FWD_PTS);
	pt = nla_data(attr);
	for (i = 0; i < nla_len(attr); i++) {
		if (pt[i] >= KSRTP_FWD_PTS) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "KSRTP_A_FWD_PAYLOAD_TYPES: a payload type above 127");
			return -EINVAL;
		}
		__set_bit(pt[i], pts);
	}
	return 0;
}

int ksrtp_nl_fwd_new(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct nlattr **a = info->attrs;
	DECLARE_BITMAP(pts, KSRTP_FWD_PTS);
	struct ksrtp_ctx_key key;
	u32 flags = 0, owner = 0, id;
	struct sk_buff *msg;
	bool any_pt;
	void *hdr;
	int err;

	err = ksrtp_nl_fwd_key(info, &key);
	if (err)
		return err;
	err = ksrtp_nl_fwd_pts(info, pts);
	if (err < 0)
		return err;
	any_pt = err;
	if (a[KSRTP_A_FWD_FLAGS])
		flags = nla_get_u32(a[KSRTP_A_FWD_FLAGS]);
	if (flags & ~KSRTP_FWD_F_ALL) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[KSRTP_A_FWD_FLAGS],
				    "KSRTP_A_FWD_FLAGS: unknown flags");
		return -EINVAL;
	}
	if (a[KSRTP_A_OWNED]) {
		if (!info->snd_portid) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[KSRTP_A_OWNED],
					    "KSRTP_A_OWNED: the requesting socket has no port id");
			return -EINVAL;
		}
		owner = info->snd_portid;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&kn->lock);
	err = ksrtp_fwd_add(kn, &key, flags, owner, any_pt ? NULL : pts, &id,
			    info->extack);
	mutex_unlock(&kn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	hdr = genlmsg_put_reply(msg, info, &ksrtp_family, 0, KSRTP_CMD_FWD_NEW);
	if (!hdr || nla_put_u32(msg, KSRTP_A_FWD_ID, id)) {
		/* Installed; only the reply is lost. */
		nlmsg_free(msg);
		return 0;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* The rule KSRTP_A_FWD_ID; ksrtp_net.lock or RCU held. */
static struct ksrtp_fwd *ksrtp_nl_fwd_select(struct ksrtp_net *kn,
					     struct genl_info *info)
{
	struct ksrtp_fwd *fwd;

	if (GENL_REQ_ATTR_CHECK(info, KSRTP_A_FWD_ID)) {
		NL_SET_ERR_MSG(info->extack, "missing KSRTP_A_FWD_ID");
		return ERR_PTR(-EINVAL);
	}
	fwd = xa_load(&kn->fwd_ids, nla_get_u32(info->attrs[KSRTP_A_FWD_ID]));
	if (!fwd) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KSRTP_A_FWD_ID],
				    "no forwarding rule with this KSRTP_A_FWD_ID");
		return ERR_PTR(-ENOENT);
	}
	return fwd;
}

int ksrtp_nl_fwd_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct ksrtp_fwd *fwd;
	int err = 0;

	mutex_lock(&kn->lock);
	fwd = ksrtp_nl_fwd_select(kn, info);
	if (IS_ERR(fwd))
		err = PTR_ERR(fwd);
	else
		ksrtp_fwd_remove(kn, fwd);
	mutex_unlock(&kn->lock);
	return err;
}

static int ksrtp_nl_put_fwd_stats(struct sk_buff *skb, int type,
				  const struct ksrtp_fwd_stats *st, bool rule)
{
	u64 packets, bytes, drops[KSRTP_FWD_DROP_COUNT];
	struct nlattr *nest;
	int i;

	ksrtp_fwd_stats_read(st, &packets, &bytes, drops);
	nest = nla_nest_start(skb, type);
	if (!nest ||
	    nla_put_u64_64bit(skb, KSRTP_FWD_STATS_A_PACKETS, packets,
			      KSRTP_FWD_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, KSRTP_FWD_STATS_A_BYTES, bytes,
			      KSRTP_FWD_STATS_A_PAD))
		return -EMSGSIZE;
	BUILD_BUG_ON(KSRTP_FWD_STATS_A_LOOPS + KSRTP_FWD_OTHER_PT !=
		     KSRTP_FWD_STATS_A_OTHER_PT);
	/* A rule only loops and leaves types; an output has the others. */
	for (i = 0; i < KSRTP_FWD_DROP_COUNT; i++)
		if ((i == KSRTP_FWD_LOOPS || i == KSRTP_FWD_OTHER_PT) == rule &&
		    nla_put_u64_64bit(skb, KSRTP_FWD_STATS_A_LOOPS + i,
				      drops[i], KSRTP_FWD_STATS_A_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* KSRTP_A_FWD_PAYLOAD_TYPES, in increasing order, if the rule has it. */
static int ksrtp_nl_put_pts(struct sk_buff *skb, const struct ksrtp_fwd *fwd)
{
	unsigned int n = bitmap_weight(fwd->pts, KSRTP_FWD_PTS), i = 0, pt;
	struct nlattr *attr;
	u8 *v;

	if (n == KSRTP_FWD_PTS)
		return 0;
	attr = nla_reserve(skb, KSRTP_A_FWD_PAYLOAD_TYPES, n);
	if (!attr)
		return -EMSGSIZE;
	v = nla_data(attr);
	for_each_set_bit(pt, fwd->pts, KSRTP_FWD_PTS)
		v[i++] = pt;
	return 0;
}

static int ksrtp_nl_put_addr(struct sk_buff *skb, const struct ksrtp_nl_addr *n,
			     u8 family, const struct in6_addr *addr,
			     __be16 port)
{
	bool v4 = family == AF_INET;

	if (nla_put(skb, v4 ? n->v4 : n->v6, v4 ? 4 : 16, addr) ||
	    nla_put_u16(skb, n->port, ntohs(port)))
		return -EMSGSIZE;
	return 0;
}

static int ksrtp_nl_put_out(struct sk_buff *skb, const struct ksrtp_fwd_out *o)
{
	u64 off = READ_ONCE(o->offsets);
	struct nlattr *nest;

	nest = nla_nest_start(skb, KSRTP_A_FWD_OUTPUT);
	if (!nest || nla_put_u32(skb, KSRTP_OUT_A_ID, o->id) ||
	    (o->ctx_id && nla_put_u32(skb, KSRTP_OUT_A_CTX_ID, o->ctx_id)) ||
	    ksrtp_nl_put_addr(skb, &ksrtp_out_local, o->path.family,
			      &o->path.saddr, o->path.sport) ||
	    ksrtp_nl_put_addr(skb, &ksrtp_out_remote, o->path.family,
			      &o->path.daddr, o->path.dport) ||
	    (o->path.has_ssrc &&
	     nla_put_u32(skb, KSRTP_OUT_A_SSRC, ntohl(o->path.ssrc))) ||
	    nla_put_u16(skb, KSRTP_OUT_A_SEQ_OFFSET, off >> 32) ||
	    nla_put_u32(skb, KSRTP_OUT_A_TS_OFFSET, (u32)off) ||
	    ksrtp_nl_put_fwd_stats(skb, KSRTP_OUT_A_STATS, &o->stats, false))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* KSRTP_EVENT_FWD_DROPS of @out, a rule's output; process context. */
static void ksrtp_nl_notify_fwd(struct ksrtp_net *kn,
				const struct ksrtp_fwd *fwd,
				const struct ksrtp_fwd_out *out)
{
	const struct ksrtp_ctx_key *key = &fwd->key;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ksrtp_family, 0, KSRTP_CMD_EVENT);
	if (!hdr ||
	    nla_put_u8(msg, KSRTP_A_EVENT, KSRTP_EVENT_FWD_DROPS) ||
	    nla_put_u32(msg, KSRTP_A_FWD_ID, fwd->id) ||
	    ksrtp_nl_put_addr(msg, &ksrtp_fwd_local, key->family, &key->laddr,
			      key->lport) ||
	    (!key->tmpl && nla_put_u32(msg, KSRTP_A_SSRC, ntohl(key->ssrc))) ||
	    ksrtp_nl_put_out(msg, out)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&ksrtp_family, kn->net, msg, 0, 0,
				GFP_KERNEL);
}

void ksrtp_fwd_event_send(struct ksrtp_net *kn)
{
	const struct ksrtp_fwd_outs *outs;
	u64 packets, bytes, drops[KSRTP_FWD_DROP_COUNT], sum;
	struct ksrtp_fwd_out *out;
	struct ksrtp_fwd *fwd;
	unsigned long id;
	unsigned int i, j;

	if (!test_and_clear_bit(0, &kn->fwd_ev_pending) ||
	    !genl_has_listeners(&ksrtp_family, kn->net, 0))
		return;
	mutex_lock(&kn->lock);
	xa_for_each(&kn->fwd_ids, id, fwd) {
		outs = rcu_dereference_protected(fwd->outs,
						 lockdep_is_held(&kn->lock));
		for (i = 0; outs && i < outs->n; i++) {
			out = outs->out[i];
			ksrtp_fwd_stats_read(&out->stats, &packets, &bytes,
					     drops);
			for (sum = 0, j = 0; j < KSRTP_FWD_DROP_COUNT; j++)
				sum += drops[j];
			if (sum == out->ev_drops)
				continue;
			out->ev_drops = sum;
			ksrtp_nl_notify_fwd(kn, fwd, out);
		}
	}
	mutex_unlock(&kn->lock);
}

/*
 * One rule with its outputs from *@next on; under RCU or ksrtp_net.lock.
 * As many outputs as fit go into the message: *@next is then the first
 * that did not, or 0 when all did. -EMSGSIZE if not even the rule and
 * one of its remaining outputs fit.
 */
static int ksrtp_nl_fwd_fill(struct sk_buff *skb, struct ksrtp_fwd *fwd,
			     u32 portid, u32 seq, int flags,
			     unsigned int *next)
{
	const struct ksrtp_ctx_key *key = &fwd->key;
	const struct ksrtp_fwd_outs *outs;
	unsigned int i = *next, n;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &ksrtp_family, flags,
			  KSRTP_CMD_FWD_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, KSRTP_A_FWD_ID, fwd->id) ||
	    ksrtp_nl_put_addr(skb, &ksrtp_fwd_local, key->family, &key->laddr,
			      key->lport) ||
	    (key->rport &&
	     ksrtp_nl_put_addr(skb, &ksrtp_fwd_remote, key->family,
			       &key->raddr, key->rport)) ||
	    (!key->tmpl && nla_put_u32(skb, KSRTP_A_SSRC, ntohl(key->ssrc))) ||
	    nla_put_u32(skb, KSRTP_A_FWD_FLAGS, fwd->flags) ||
	    (fwd->owner && nla_put_flag(skb, KSRTP_A_OWNED)) ||
	    ksrtp_nl_put_pts(skb, fwd) ||
	    ksrtp_nl_put_fwd_stats(skb, KSRTP_A_FWD_STATS, &fwd->stats, true))
		goto err;
	outs = rcu_dereference_check(fwd->outs, true);
	n = outs ? outs->n : 0;
	for (; i < n; i++) {
		struct nlattr *mark = (struct nlattr *)skb_tail_pointer(skb);

		if (ksrtp_nl_put_out(skb, outs->out[i])) {
			nlmsg_trim(skb, mark);
			if (i == *next)
				goto err;
			break;
		}
	}
	*next = i < n ? i : 0;
	genlmsg_end(skb, hdr);
	return 0;

err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int ksrtp_nl_fwd_get(struct sk_buff *skb, struct genl_info *info)
{
	/* Then KSRTP_FWD_OUTPUTS_MAX outputs of at most 250 bytes each. */
	static const size_t sizes[] = { NLMSG_GOODSIZE, 64 * 1024 - NLMSG_HDRLEN };
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct ksrtp_fwd *fwd;
	struct sk_buff *msg;
	unsigned int i, next;
	int err = -EMSGSIZE;

	/* Most rules fit a page; a rule of many outputs takes the second. */
	for (i = 0; i < ARRAY_SIZE(sizes) && err == -EMSGSIZE; i++) {
		msg = genlmsg_new(sizes[i], GFP_KERNEL);
		if (!msg)
			return -ENOMEM;
		next = 0;
		mutex_lock(&kn->lock);
		fwd = ksrtp_nl_fwd_select(kn, info);
		if (IS_ERR(fwd))
			err = PTR_ERR(fwd);
		else
			err = ksrtp_nl_fwd_fill(msg, fwd, info->snd_portid,
						info->snd_seq, 0, &next);
		mutex_unlock(&kn->lock);
		if (!err && next)
			err = -EMSGSIZE;
		if (!err)
			return genlmsg_reply(msg, info);
		nlmsg_free(msg);
	}
	return err;
}

/*
 * cb->args[0]: the rule to dump next; cb->args[1]: its first output not
 * dumped yet. A rule whose outputs do not fit one message goes on in the
 * next with the same KSRTP_A_FWD_ID (see KSRTP_CMD_FWD_GET).
 */
int ksrtp_nl_fwd_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ksrtp_net *kn = ksrtp_net(sock_net(skb->sk));
	unsigned int next = cb->args[1];
	unsigned long id = cb->args[0];
	struct ksrtp_fwd *fwd;
	int err = 0;

	rcu_read_lock();
	xa_for_each_start(&kn->fwd_ids, id, fwd, id) {
		/* The rule that was cut short may be gone. */
		if (id != cb->args[0])
			next = 0;
		err = ksrtp_nl_fwd_fill(skb, fwd, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI, &next);
		if (err || next)
			break;
	}
	rcu_read_unlock();
	cb->args[0] = id;
	cb->args[1] = next;
	if (err && !skb->len)
		return err;	/* a rule and one output do not fit */
	return err || next ? skb->len : 0;
}

/* The output nest of an OUT_* request, parsed; NULL with the extack set. */
static struct nlattr **ksrtp_nl_out_attrs(struct genl_info *info,
					  struct nlattr **tb)
{
	struct nlattr *nest = info->attrs[KSRTP_A_FWD_OUTPUT];

	if (GENL_REQ_ATTR_CHECK(info, KSRTP_A_FWD_OUTPUT)) {
		NL_SET_ERR_MSG(info->extack, "missing KSRTP_A_FWD_OUTPUT");
		return NULL;
	}
	if (nla_parse_nested(tb, KSRTP_OUT_A_MAX, nest, ksrtp_out_policy,
			     info->extack))
		return NULL;
	return tb;
}

/* KSRTP_OUT_A_ID of an OUT_DEL or OUT_SET: the output, or an ERR_PTR(). */
static struct ksrtp_fwd_out *ksrtp_nl_out_select(struct ksrtp_net *kn,
						 struct ksrtp_fwd *fwd,
						 struct genl_info *info,
						 struct nlattr **tb)
{
	struct ksrtp_fwd_out *out;

	if (!tb[KSRTP_OUT_A_ID]) {
		NL_SET_ERR_ATTR_MISS(info->extack, info->attrs[KSRTP_A_FWD_OUTPUT],
				     KSRTP_OUT_A_ID);
		NL_SET_ERR_MSG(info->extack, "missing KSRTP_OUT_A_ID");
		return ERR_PTR(-EINVAL);
	}
	out = ksrtp_fwd_out_find(kn, fwd, nla_get_u32(tb[KSRTP_OUT_A_ID]));
	if (!out) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[KSRTP_OUT_A_ID],
				    "the rule has no output with this KSRTP_OUT_A_ID");
		return ERR_PTR(-ENOENT);
	}
	return out;
}

/* What KSRTP_A_FWD_OUTPUT of an OUT_ADD says. */
static int ksrtp_nl_out_params(struct genl_info *info, struct nlattr **tb,
			       struct ksrtp_fwd_out_params *p)
{
	struct netlink_ext_ack *extack = info->extack;
	int err, i;

	memset(p, 0, sizeof(*p));
	if (tb[KSRTP_OUT_A_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_OUT_A_ID],
				    "KSRTP_OUT_A_ID: the kernel assigns it");
		return -EINVAL;
	}
	if (tb[KSRTP_OUT_A_SEQ_OFFSET])
		p->seq_off = nla_get_u16(tb[KSRTP_OUT_A_SEQ_OFFSET]);
	if (tb[KSRTP_OUT_A_TS_OFFSET])
		p->ts_off = nla_get_u32(tb[KSRTP_OUT_A_TS_OFFSET]);
	if (tb[KSRTP_OUT_A_CTX_ID]) {
		/* The context says where and with which SSRC. */
		for (i = KSRTP_OUT_A_LOCAL_IPV4; i <= KSRTP_OUT_A_SSRC; i++) {
			if (!tb[i])
				continue;
			NL_SET_ERR_MSG_ATTR(extack, tb[i],
					    "KSRTP_OUT_A_CTX_ID and the addresses and SSRC are exclusive");
			return -EINVAL;
		}
		p->ctx_id = nla_get_u32(tb[KSRTP_OUT_A_CTX_ID]);
		return 0;
	}
	p->path.family = AF_UNSPEC;
	err = ksrtp_nl_parse_addr(tb, &ksrtp_out_local, &p->path.family,
				  &p->path.saddr, &p->path.sport, extack);
	if (!err)
		err = ksrtp_nl_parse_addr(tb, &ksrtp_out_remote, &p->path.family,
					  &p->path.daddr, &p->path.dport,
					  extack);
	if (err > 0) {
		NL_SET_ERR_MSG(extack,
			       "an output needs KSRTP_OUT_A_CTX_ID, or its local and remote address and port");
		return -EINVAL;
	}
	if (err)
		return err;
	if (tb[KSRTP_OUT_A_SSRC]) {
		p->path.ssrc = htonl(nla_get_u32(tb[KSRTP_OUT_A_SSRC]));
		p->path.has_ssrc = true;
	}
	return 0;
}

int ksrtp_nl_fwd_out_add(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct nlattr *tbuf[KSRTP_OUT_A_MAX + 1], **tb;
	struct ksrtp_fwd_out_params p;
	struct ksrtp_fwd *fwd;
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;
	u32 id;
	int err;

	tb = ksrtp_nl_out_attrs(info, tbuf);
	if (!tb)
		return -EINVAL;
	err = ksrtp_nl_out_params(info, tb, &p);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&kn->lock);
	fwd = ksrtp_nl_fwd_select(kn, info);
	err = IS_ERR(fwd) ? PTR_ERR(fwd) :
			    ksrtp_fwd_out_add(kn, fwd, &p, &id, info->extack);
	mutex_unlock(&kn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	hdr = genlmsg_put_reply(msg, info, &ksrtp_family, 0,
				KSRTP_CMD_FWD_OUT_ADD);
	if (!hdr ||
	    nla_put_u32(msg, KSRTP_A_FWD_ID,
			nla_get_u32(info->attrs[KSRTP_A_FWD_ID])))
		goto lost;
	nest = nla_nest_start(msg, KSRTP_A_FWD_OUTPUT);
	if (!nest || nla_put_u32(msg, KSRTP_OUT_A_ID, id))
		goto lost;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

lost:
	/* Added; only the reply is lost. */
	nlmsg_free(msg);
	return 0;
}

int ksrtp_nl_fwd_out_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct nlattr *tbuf[KSRTP_OUT_A_MAX + 1], **tb;
	struct ksrtp_fwd_out *out;
	struct ksrtp_fwd *fwd;
	int err, i;

	tb = ksrtp_nl_out_attrs(info, tbuf);
	if (!tb)
		return -EINVAL;
	for (i = KSRTP_OUT_A_CTX_ID; i <= KSRTP_OUT_A_MAX; i++) {
		if (!tb[i])
			continue;
		NL_SET_ERR_MSG_ATTR(info->extack, tb[i],
				    "KSRTP_CMD_FWD_OUT_DEL takes KSRTP_OUT_A_ID only");
		return -EINVAL;
	}
	mutex_lock(&kn->lock);
	fwd = ksrtp_nl_fwd_select(kn, info);
	out = IS_ERR(fwd) ? ERR_CAST(fwd) :
			    ksrtp_nl_out_select(kn, fwd, info, tb);
	err = IS_ERR(out) ? PTR_ERR(out) : ksrtp_fwd_out_del(kn, fwd, out);
	mutex_unlock(&kn->lock);
	return err;
}

int ksrtp_nl_fwd_out_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct nlattr *tbuf[KSRTP_OUT_A_MAX + 1], **tb;
	struct ksrtp_fwd_out *out;
	struct ksrtp_fwd *fwd;
	u64 off;
	int i;

	tb = ksrtp_nl_out_attrs(info, tbuf);
	if (!tb)
		return -EINVAL;
	for (i = KSRTP_OUT_A_CTX_ID; i <= KSRTP_OUT_A_MAX; i++) {
		if (!tb[i] || i == KSRTP_OUT_A_SEQ_OFFSET ||
		    i == KSRTP_OUT_A_TS_OFFSET)
			continue;
		NL_SET_ERR_MSG_ATTR(info->extack, tb[i],
				    "KSRTP_CMD_FWD_OUT_SET sets KSRTP_OUT_A_SEQ_OFFSET and _TS_OFFSET only");
		return -EINVAL;
	}
	if (!tb[KSRTP_OUT_A_SEQ_OFFSET] && !tb[KSRTP_OUT_A_TS_OFFSET]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: KSRTP_OUT_A_SEQ_OFFSET or _TS_OFFSET");
		return -EINVAL;
	}
	mutex_lock(&kn->lock);
	fwd = ksrtp_nl_fwd_select(kn, info);
	out = IS_ERR(fwd) ? ERR_CAST(fwd) :
			    ksrtp_nl_out_select(kn, fwd, info, tb);
	if (!IS_ERR(out)) {
		off = out->offsets;
		if (tb[KSRTP_OUT_A_SEQ_OFFSET])
			off = ksrtp_fwd_offsets(nla_get_u16(tb[KSRTP_OUT_A_SEQ_OFFSET]),
						(u32)off);
		if (tb[KSRTP_OUT_A_TS_OFFSET])
			off = ksrtp_fwd_offsets(off >> 32,
						nla_get_u32(tb[KSRTP_OUT_A_TS_OFFSET]));
		WRITE_ONCE(out->offsets, off);
	}
	mutex_unlock(&kn->lock);
	return PTR_ERR_OR_ZERO(out);
}
