// SPDX-License-Identifier: GPL-2.0
/*
 * Messages the family sends: a context in GET replies and dumps, the
 * namespace's counters, and KSRTP_CMD_EVENT notifications. No message ever carries key material.
 */

#include <linux/bitmap.h>
#include <linux/build_bug.h>
#include <net/genetlink.h>
#include <uapi/linux/ksrtp.h>

#include "learn.h"
#include "netlink.h"
#include "netns.h"

/* What identifies the context: id, direction, addresses, ports, SSRC. */
static int ksrtp_nl_put_tuple(struct sk_buff *skb, struct ksrtp_ctx *ctx)
{
	const struct ksrtp_ctx_key *key = &ctx->key;
	bool v4 = key->family == AF_INET;
	unsigned int alen = v4 ? 4 : 16;

	if (nla_put_u32(skb, KSRTP_A_ID, ctx->id) ||
	    nla_put_u8(skb, KSRTP_A_DIRECTION, key->dir) ||
	    nla_put(skb, v4 ? KSRTP_A_LOCAL_IPV4 : KSRTP_A_LOCAL_IPV6, alen,
		    &key->laddr) ||
	    nla_put_u16(skb, KSRTP_A_LOCAL_PORT, ntohs(key->lport)))
		return -EMSGSIZE;
	if (key->rport &&
	    (nla_put(skb, v4 ? KSRTP_A_REMOTE_IPV4 : KSRTP_A_REMOTE_IPV6,
		     alen, &key->raddr) ||
	     nla_put_u16(skb, KSRTP_A_REMOTE_PORT, ntohs(key->rport))))
		return -EMSGSIZE;
	if (key->tmpl ? nla_put_flag(skb, KSRTP_A_TEMPLATE) :
			nla_put_u32(skb, KSRTP_A_SSRC, ntohl(key->ssrc)))
		return -EMSGSIZE;
	if (ctx->template_id &&
	    nla_put_u32(skb, KSRTP_A_TEMPLATE_ID, ctx->template_id))
		return -EMSGSIZE;
	return 0;
}

static int ksrtp_nl_put_key(struct sk_buff *skb, struct ksrtp_ctx *ctx,
			    struct ksrtp_mkey *mk, int type, bool active)
{
	struct ksrtp_keyring *ring = ctx->ring;
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if (ring->mki_len ?
	    nla_put(skb, KSRTP_KEY_A_MKI, ring->mki_len, mk->mki) :
	    nla_put_u64_64bit(skb, KSRTP_KEY_A_FROM_INDEX, mk->from_index,
			      KSRTP_KEY_A_PAD) ||
	    nla_put_u32(skb, KSRTP_KEY_A_FROM_SRTCP_INDEX,
			mk->from_srtcp_index))
		return -EMSGSIZE;
	if ((active && nla_put_flag(skb, KSRTP_KEY_A_ACTIVE)) ||
	    nla_put_u64_64bit(skb, KSRTP_KEY_A_RTP_PACKETS,
			      atomic64_read(&mk->rtp_used), KSRTP_KEY_A_PAD) ||
	    nla_put_u64_64bit(skb, KSRTP_KEY_A_RTCP_PACKETS,
			      atomic64_read(&mk->rtcp_used), KSRTP_KEY_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * The keys, the one in use marked active (outbound with MKI: the active
 * key; without MKI: the one the next SRTP packet takes), and the crypto
 * drivers. Caller holds rcu_read_lock().
 */
static int ksrtp_nl_put_keys(struct sk_buff *skb, struct ksrtp_ctx *ctx,
			     const struct ksrtp_ctx_state *st)
{
	struct ksrtp_keyring *ring = ctx->ring;
	struct ksrtp_mkey *cur, *mk;
	struct nlattr *nest;
	unsigned int i, n = 0;

	if (ring->mki_len)
		cur = ctx->key.dir == KSRTP_DIR_OUTBOUND ?
		      rcu_dereference(ring->active) : NULL;
	else
		cur = ksrtp_key_by_index(ring, false, st->started ?
					 st->rtp_top + 1 : st->rtp_top);
	nest = nla_nest_start(skb, KSRTP_A_KEYS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < KSRTP_MAX_KEYS; i++) {
		mk = rcu_dereference(ring->keys[i]);
		if (mk && ksrtp_nl_put_key(skb, ctx, mk, ++n, mk == cur))
			return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	/* The drivers are the same for every key of a context. */
	for (i = 0; !cur && i < KSRTP_MAX_KEYS; i++)
		cur = rcu_dereference(ring->keys[i]);
	if (cur &&
	    (nla_put_string(skb, KSRTP_A_CIPHER_DRIVER,
			    ksrtp_keys_cipher_driver(&cur->rtp)) ||
	     nla_put_string(skb, KSRTP_A_AUTH_DRIVER,
			    ksrtp_keys_auth_driver(&cur->rtp))))
		return -EMSGSIZE;
	return 0;
}

/* The policy of an inbound context; a template's learning. */
static int ksrtp_nl_put_template(struct sk_buff *skb, struct ksrtp_ctx *ctx)
{
	u32 learn_limit, learned;

	if (ctx->key.dir == KSRTP_DIR_INBOUND && ctx->policy &&
	    nla_put_u8(skb, KSRTP_A_POLICY, ctx->policy))
		return -EMSGSIZE;
	if (!ctx->key.tmpl)
		return 0;
	ksrtp_template_read(ctx, &learn_limit, &learned);
	if (nla_put_u32(skb, KSRTP_A_LEARN_LIMIT, learn_limit) ||
	    nla_put_u32(skb, KSRTP_A_LEARNED, learned))
		return -EMSGSIZE;
	return 0;
}

static int ksrtp_nl_put_stats(struct sk_buff *skb, struct ksrtp_ctx *ctx)
{
	u64 stats[KSRTP_STAT_COUNT];
	struct nlattr *nest;
	int i;

	ksrtp_ctx_stats_read(ctx, stats);
	nest = nla_nest_start(skb, KSRTP_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < KSRTP_STAT_COUNT; i++)
		if (nla_put_u64_64bit(skb, KSRTP_STATS_A_RTP_PACKETS + i,
				      stats[i], KSRTP_STATS_A_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The RFC 4568 session parameters the context has. */
static int ksrtp_nl_put_sdes(struct sk_buff *skb, const struct ksrtp_ctx *ctx)
{
	if ((ctx->unencrypted_srtp &&
	     nla_put_flag(skb, KSRTP_A_UNENCRYPTED_SRTP)) ||
	    (ctx->unencrypted_srtcp &&
	     nla_put_flag(skb, KSRTP_A_UNENCRYPTED_SRTCP)) ||
	    (ctx->unauthenticated_srtp &&
	     nla_put_flag(skb, KSRTP_A_UNAUTHENTICATED_SRTP)))
		return -EMSGSIZE;
	return 0;
}

/* KSRTP_A_ENC_HDR_EXT_IDS, in ascending order, if the context has it. */
static int ksrtp_nl_put_enc_hdr(struct sk_buff *skb,
				const struct ksrtp_ctx *ctx)
{
	const unsigned long *ids = ctx->ring->enc_ids;
	unsigned int i = 0, id;
	struct nlattr *attr;
	u8 *v;

	if (!ids)
		return 0;
	attr = nla_reserve(skb, KSRTP_A_ENC_HDR_EXT_IDS,
			   bitmap_weight(ids, KSRTP_HDR_EXT_IDS));
	if (!attr)
		return -EMSGSIZE;
	v = nla_data(attr);
	for_each_set_bit(id, ids, KSRTP_HDR_EXT_IDS)
		v[i++] = id;
	return 0;
}

/* Caller holds rcu_read_lock(). */
int ksrtp_nl_fill(struct sk_buff *skb, struct ksrtp_ctx *ctx, u32 portid,
		  u32 seq, int flags, u8 cmd)
{
	struct ksrtp_ctx_state st;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &ksrtp_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;

	ksrtp_ctx_state_read(ctx, &st);
	if (ksrtp_nl_put_tuple(skb, ctx) ||
	    nla_put_u16(skb, KSRTP_A_SUITE, ctx->suite->id) ||
	    nla_put_u32(skb, KSRTP_A_ROC, st.roc) ||
	    nla_put_u16(skb, KSRTP_A_SEQ, st.seq) ||
	    nla_put_u32(skb, KSRTP_A_SRTCP_INDEX, st.srtcp_index) ||
	    nla_put_u32(skb, KSRTP_A_REPLAY_WINDOW, st.replay_window) ||
	    ksrtp_nl_put_keys(skb, ctx, &st) ||
	    ksrtp_nl_put_template(skb, ctx) ||
	    (ctx->owner && nla_put_flag(skb, KSRTP_A_OWNED)) ||
	    (ctx->cryptex && nla_put_flag(skb, KSRTP_A_CRYPTEX)) ||
	    ksrtp_nl_put_sdes(skb, ctx) ||
	    ksrtp_nl_put_enc_hdr(skb, ctx) ||
	    ksrtp_nl_put_stats(skb, ctx))
		goto err;
	genlmsg_end(skb, hdr);
	return 0;

err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* From the events work, in process context. */
void ksrtp_nl_notify(struct ksrtp_ctx *ctx, u8 event, const u8 *mki)
{
	u64 stats[KSRTP_STAT_COUNT];
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&ksrtp_family, ctx->net, 0))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ksrtp_family, 0, KSRTP_CMD_EVENT);
	if (!hdr)
		goto err;
	if (nla_put_u8(msg, KSRTP_A_EVENT, event) ||
	    ksrtp_nl_put_tuple(msg, ctx))
		goto err;
	if (mki && ctx->ring->mki_len &&
	    nla_put(msg, KSRTP_A_MKI, ctx->ring->mki_len, mki))
		goto err;
	if (event == KSRTP_EVENT_AUTH_FAILURES) {
		ksrtp_ctx_stats_read(ctx, stats);
		if (nla_put_u64_64bit(msg, KSRTP_A_AUTH_FAILURES,
				      stats[KSRTP_STAT_AUTH_FAILURES],
				      KSRTP_A_PAD))
			goto err;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&ksrtp_family, ctx->net, msg, 0, 0,
				GFP_KERNEL);
	return;

err:
	nlmsg_free(msg);
}

/* KSRTP_A_NET_STATS: the drops of protected ports that no context owns. */
int ksrtp_nl_put_net_stats(struct sk_buff *skb, struct ksrtp_net *kn)
{
	u64 v[KSRTP_REFUSE_COUNT];
	struct nlattr *nest;
	int i;

	/* One KSRTP_NET_A_* counter per reason, in the same order. */
	BUILD_BUG_ON(KSRTP_NET_A_UNKNOWN_SSRC + KSRTP_REFUSE_COUNT !=
		     __KSRTP_NET_A_MAX);
	ksrtp_guard_stats_read(kn, v);
	nest = nla_nest_start(skb, KSRTP_A_NET_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < KSRTP_REFUSE_COUNT; i++)
		if (nla_put_u64_64bit(skb, KSRTP_NET_A_UNKNOWN_SSRC + i, v[i],
				      KSRTP_NET_A_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ksrtp_nl_put_guard_tuple(struct sk_buff *skb,
				    const struct ksrtp_guard_tuple *t)
{
	bool v4 = t->family == AF_INET;
	unsigned int alen = v4 ? 4 : 16;

	if (nla_put(skb, v4 ? KSRTP_A_LOCAL_IPV4 : KSRTP_A_LOCAL_IPV6, alen,
		    &t->laddr) ||
	    nla_put_u16(skb, KSRTP_A_LOCAL_PORT, ntohs(t->lport)) ||
	    nla_put(skb, v4 ? KSRTP_A_REMOTE_IPV4 : KSRTP_A_REMOTE_IPV6, alen,
		    &t->raddr) ||
	    nla_put_u16(skb, KSRTP_A_REMOTE_PORT, ntohs(t->rport)))
		return -EMSGSIZE;
	if (t->has_ssrc && nla_put_u32(skb, KSRTP_A_SSRC, ntohl(t->ssrc)))
		return -EMSGSIZE;
	return 0;
}

/* KSRTP_EVENT_UNMATCHED, from the events work in process context. */
void ksrtp_nl_notify_unmatched(struct ksrtp_net *kn,
			       const struct ksrtp_guard_tuple *t)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&ksrtp_family, kn->net, 0))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ksrtp_family, 0, KSRTP_CMD_EVENT);
	if (!hdr ||
	    nla_put_u8(msg, KSRTP_A_EVENT, KSRTP_EVENT_UNMATCHED) ||
	    ksrtp_nl_put_guard_tuple(msg, t) ||
	    ksrtp_nl_put_net_stats(msg, kn)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&ksrtp_family, kn->net, msg, 0, 0,
				GFP_KERNEL);
}
