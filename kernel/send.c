// SPDX-License-Identifier: GPL-2.0
/*
 * Egress, one datagram a local socket sends (hooks.c calls it from
 * NF_INET_POST_ROUTING, gso.c for each datagram of a GSO skb):
 *
 *   ksrtp_send_one()		find the outbound context (dgram.c)
 *     ksrtp_too_big()		would the IP layer refuse it, grown?
 *     ksrtp_send_protect()	make room, then srtp.c's ksrtp_protect()
 *				(which calls the crypto layer's
 *				ksrtp_seal()), then the new lengths and
 *				checksum
 *     ksrtp_account()		counters and events; a drop is traced
 */

#include <linux/ip.h>
#include <net/ip.h>
#include <net/ip6_route.h>

#include "account.h"
#include "compat.h"
#include "dgram.h"
#include "hooks.h"

/*
 * Would the IP layer refuse the protected datagram as too big for the
 * path? Only if the socket forbids local fragmentation: IPv4 with DF set
 * and ignore_df clear (IP_PMTUDISC_DO or _PROBE), IPv6 with ignore_df
 * clear (IPV6_PMTUDISC_DO, _PROBE or _INTERFACE); anything else the IP
 * layer fragments. The MTU is the one ip_finish_output() and
 * ip6_finish_output() compare with, as ip_fragment() and ip6_fragment()
 * decide.
 */
static bool ksrtp_too_big(const struct sk_buff *skb,
			  const struct nf_hook_state *state,
			  const struct ksrtp_dgram *d, unsigned int grow)
{
	unsigned int len = d->uoff + d->ulen + grow - skb_network_offset(skb);

	if (skb->ignore_df || !skb_dst(skb))
		return false;
	if (d->key.family == AF_INET)
		return (ip_hdr(skb)->frag_off & htons(IP_DF)) &&
		       len > ip_skb_dst_mtu(state->sk, skb);
	return len > ip6_skb_dst_mtu(skb);
}

/* Protect the datagram in place: it grows by the tag and trailer. */
static enum ksrtp_verdict ksrtp_send_protect(struct ksrtp_ctx *ctx,
					     struct sk_buff *skb,
					     const struct ksrtp_dgram *d,
					     struct ksrtp_packet *p)
{
	unsigned int grow = ksrtp_growth(ctx, d->rtcp);
	enum ksrtp_verdict v;

	if (ksrtp_dgram_prepare(skb, d))
		return KSRTP_ERROR;
	/* Growing the head is the slow path: most skbs have the room. */
	if (skb_tailroom(skb) < grow &&
	    pskb_expand_head(skb, 0, grow - skb_tailroom(skb), GFP_ATOMIC))
		return KSRTP_ERROR;

	p->buf = skb->data + ksrtp_dgram_off(d);
	v = ksrtp_protect(ctx, p);
	if (v != KSRTP_OK)
		return v;
	skb_put(skb, p->len - ksrtp_dgram_len(d));
	ksrtp_dgram_set_len(skb, d, p->len + sizeof(struct udphdr));
	ksrtp_dgram_csum_out(skb, d, p->len + sizeof(struct udphdr));
	return KSRTP_OK;
}

/* The drop reason of an outbound datagram; KSRTP_OK is not one. */
static enum ksrtp_drop_reason ksrtp_send_drop_reason(enum ksrtp_verdict v,
						     bool too_big)
{
	if (too_big)
		return KSRTP_DROP_TOO_BIG;
	/* An outbound "replay" is a sequence number the application reused. */
	if (v == KSRTP_REPLAYED)
		return KSRTP_DROP_REPEAT;
	return ksrtp_drop_reason(v);
}

unsigned int ksrtp_send_one(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	struct ksrtp_packet p = { };
	struct ksrtp_dgram d;
	struct ksrtp_ctx *ctx;
	enum ksrtp_verdict v;
	bool too_big;

	ctx = ksrtp_dgram_find(state, skb, true, &d);
	if (!ctx)
		return NF_ACCEPT;
	too_big = ksrtp_too_big(skb, state, &d, ksrtp_growth(ctx, d.rtcp));
	p.len = ksrtp_dgram_len(&d);
	p.rtcp = d.rtcp;

	/* Counters are per CPU and the stream lock is also taken in softirq. */
	local_bh_disable();
	v = too_big ? KSRTP_ERROR : ksrtp_send_protect(ctx, skb, &d, &p);
	/* The plain packet's bytes are counted. */
	p.len = ksrtp_dgram_len(&d);
	ksrtp_account(ctx, v, &p);
	local_bh_enable();
	if (v == KSRTP_OK)
		return NF_ACCEPT;
	ksrtp_trace_drop(ctx, ksrtp_send_drop_reason(v, too_big), skb, &d);
	/* The sender's sendmsg() fails with EMSGSIZE, as for a plain one. */
	return too_big ? NF_DROP_ERR(-EMSGSIZE) : NF_DROP;
}
