// SPDX-License-Identifier: GPL-2.0
/*
 * Forwarding, one received packet to a rule's outputs (receive.c calls
 * it once the packet is plain: decrypted under its inbound context, or
 * plain RTP/RTCP for a plain rule):
 *
 *   ksrtp_forward()		the loop bound (TTL), the rule's counters,
 *				then each output of one array (RCU)
 *     ksrtp_fwd_send()		one output:
 *       ksrtp_fwd_ctx()	its outbound context, looked up by id
 *       ksrtp_fwd_route()	the route from its local address, cached
 *       ksrtp_fwd_build()	its skb (a copy, or the received one for
 *				the last output): the payload rewritten
 *				(ksrtp_fwd_rewrite()), protected by srtp.c's
 *				ksrtp_protect(), UDP and IP headers
 *       ip_local_out()		through LOCAL_OUT and POST_ROUTING, which
 *				ksrtp's egress hook leaves alone (no socket)
 *
 * Each output but the last gets an skb of its own, allocated to its size
 * with the route's headroom; the last takes the received skb, stripped of
 * what the receive path left on it (ksrtp_fwd_take()), unless the rule
 * delivers that one to the socket. So N outputs cost N - 1 allocations
 * and copies (N when delivering), the least a packet that each output
 * protects with its own keys needs.
 */

#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/udp.h>

#include "account.h"
#include "dgram.h"
#include "forward.h"
#include "netns.h"
#include "trace.h"

#define KSRTP_RTCP_SR		200
#define KSRTP_RTCP_SDES		202
#define KSRTP_RTCP_BYE		203

static void ksrtp_fwd_count(struct ksrtp_fwd_stats *st, unsigned int len)
{
	struct ksrtp_fwd_pcpu *c = this_cpu_ptr(st->pcpu);

	u64_stats_update_begin(&c->syncp);
	c->packets++;
	c->bytes += len;
	u64_stats_update_end(&c->syncp);
}

/*
 * An output dropped: the events work reports the outputs whose drops
 * grew (KSRTP_EVENT_FWD_DROPS), at most once a second; a racing CPU may
 * queue one more round, harmlessly.
 */
static void ksrtp_fwd_event(struct ksrtp_net *kn)
{
	unsigned long now = jiffies;

	if (time_before(now, READ_ONCE(kn->fwd_ev_next)))
		return;
	WRITE_ONCE(kn->fwd_ev_next, now + HZ);
	if (!test_and_set_bit(0, &kn->fwd_ev_pending))
		queue_work(system_wq, &kn->ev_work);
}

/* A drop, counted on output @out, or without one on the rule, and traced. */
static void ksrtp_fwd_drop(struct ksrtp_net *kn, struct ksrtp_fwd *fwd,
			   struct ksrtp_fwd_out *out, __be32 ssrc,
			   enum ksrtp_fwd_drop why)
{
	struct ksrtp_fwd_stats *st = out ? &out->stats : &fwd->stats;

	atomic64_inc(&st->drops[why]);
	trace_ksrtp_fwd_drop(kn->net, fwd->id, out ? out->id : 0, ssrc, why);
	if (out)
		ksrtp_fwd_event(kn);
}

/* The output's context, still outbound and still the one it was added with. */
static struct ksrtp_ctx *ksrtp_fwd_ctx(struct ksrtp_net *kn,
				       const struct ksrtp_fwd_out *out)
{
	struct ksrtp_ctx *ctx = xa_load(&kn->ids, out->ctx_id);
	const struct ksrtp_fwd_path *path = &out->path;

	if (!ctx || ctx->key.dir != KSRTP_DIR_OUTBOUND ||
	    ctx->key.ssrc != path->ssrc || ctx->key.lport != path->sport ||
	    ctx->key.rport != path->dport ||
	    !ipv6_addr_equal(&ctx->key.raddr, &path->daddr))
		return NULL;
	return ctx;
}

/*
 * The route from the output's local address, which must be the host's,
 * to its remote: the one @out cached on this CPU while it is valid, else
 * looked up and cached. @local: the remote is the host's too. NULL: none.
 */
static struct dst_entry *ksrtp_fwd_route(struct net *net,
					 struct ksrtp_fwd_out *out,
					 bool *local)
{
	const struct ksrtp_fwd_path *path = &out->path;

	if (path->family == AF_INET) {
		struct flowi4 fl4 = {
			.daddr = path->daddr.s6_addr32[0],
			.saddr = path->saddr.s6_addr32[0],
			.flowi4_proto = IPPROTO_UDP,
			.fl4_sport = path->sport,
			.fl4_dport = path->dport,
		};
		struct rtable *rt = dst_cache_get_ip4(&out->route, &fl4.saddr);

		if (!rt) {
			/* With saddr set, a non-local one is refused. */
			rt = ip_route_output_key(net, &fl4);
			if (IS_ERR(rt))
				return NULL;
			dst_cache_set_ip4(&out->route, &rt->dst, fl4.saddr);
		}
		*local = rt->rt_type == RTN_LOCAL;
		return &rt->dst;
	}
#if IS_ENABLED(CONFIG_IPV6)
	{
		struct flowi6 fl6 = {
			.daddr = path->daddr,
			.saddr = path->saddr,
			.flowi6_proto = IPPROTO_UDP,
			.fl6_sport = path->sport,
			.fl6_dport = path->dport,
		};
		struct dst_entry *dst = dst_cache_get_ip6(&out->route,
							  &fl6.saddr);

		if (!dst) {
			if (!ipv6_chk_addr(net, &path->saddr, NULL, 0))
				return NULL;
			dst = ip6_route_output(net, NULL, &fl6);
			if (dst->error) {
				dst_release(dst);
				return NULL;
			}
			dst_cache_set_ip6(&out->route, dst, &fl6.saddr);
		}
		*local = container_of(dst, struct rt6_info, dst)->rt6i_flags &
			 RTF_LOCAL;
		return dst;
	}
#else
	return NULL;
#endif
}

/* A source of RTCP: if it is the input's (@from), the output's; true then. */
static bool ksrtp_fwd_source(const struct ksrtp_fwd_out *out, u8 *p,
			     __be32 from)
{
	if (get_unaligned((__be32 *)p) != from)
		return false;
	if (out->path.has_ssrc)
		put_unaligned(out->path.ssrc, (__be32 *)p);
	return true;
}

/* The chunks of an SDES packet, @p to @end: their sources. */
static void ksrtp_fwd_sdes(const struct ksrtp_fwd_out *out, u8 *buf,
			   unsigned int pos, unsigned int end,
			   unsigned int chunks, __be32 from)
{
	while (chunks-- && end - pos >= 4) {
		ksrtp_fwd_source(out, buf + pos, from);
		pos += 4;
		/* Items (type, length, text) up to a null type octet. */
		while (pos < end && buf[pos])
			pos += end - pos < 2 ? end - pos : 2 + buf[pos + 1];
		/* Then null octets up to the next 32-bit boundary. */
		pos = min(ALIGN(pos + 1, 4), end);
	}
}

/*
 * RTCP: each packet of the compound about the input's sender (the SSRC of
 * the first packet) is made about the output's: the sender of an SR, RR,
 * APP, feedback or XR packet, the sources of SDES chunks and of a BYE.
 * The RTP timestamp of the sender's SR gets the offset. Report blocks and
 * feedback about other sources go as they came. The walk stops at a
 * length that runs past the end; SRTCP authenticated the packet, its
 * receiver will judge it.
 */
static void ksrtp_fwd_rewrite_rtcp(const struct ksrtp_fwd_out *out, u8 *buf,
				   unsigned int len, u32 ts_off)
{
	__be32 from = get_unaligned((__be32 *)(buf + 4));
	unsigned int off = 0, plen, count;
	__be32 *ts;

	while (len - off >= 8) {
		plen = (get_unaligned_be16(buf + off + 2) + 1) * 4;
		if (plen > len - off)
			break;
		count = buf[off] & 0x1f;
		switch (buf[off + 1]) {
		case KSRTP_RTCP_SDES:
			ksrtp_fwd_sdes(out, buf, off + 4, off + plen, count,
				       from);
			break;
		case KSRTP_RTCP_BYE:
			for (; count && 4 + 4 * count <= plen; count--)
				ksrtp_fwd_source(out, buf + off + 4 * count,
						 from);
			break;
		default:
			if (ksrtp_fwd_source(out, buf + off + 4, from) &&
			    buf[off + 1] == KSRTP_RTCP_SR && plen >= 20) {
				ts = (__be32 *)(buf + off + 16);
				put_unaligned(htonl(get_unaligned_be32(ts) +
						    ts_off), ts);
			}
		}
		off += plen;
	}
}

/* The header fields the output sends with. */
static void ksrtp_fwd_rewrite(const struct ksrtp_fwd_out *out, u8 *buf,
			      unsigned int len, bool rtcp)
{
	u64 off = READ_ONCE(out->offsets);
	__be32 *ts;

	if (rtcp) {
		ksrtp_fwd_rewrite_rtcp(out, buf, len, (u32)off);
		return;
	}
	put_unaligned(htons(get_unaligned_be16(buf + 2) + (u16)(off >> 32)),
		      (__be16 *)(buf + 2));
	ts = (__be32 *)(buf + 4);
	put_unaligned(htonl(get_unaligned_be32(ts) + (u32)off), ts);
	if (out->path.has_ssrc)
		put_unaligned(out->path.ssrc, (__be32 *)(buf + 8));
}

/* Push the UDP and IP headers of @out onto @skb, its payload in place. */
static void ksrtp_fwd_headers(struct sk_buff *skb,
			      const struct ksrtp_fwd_path *out, u8 ttl,
			      struct net *net)
{
	unsigned int ulen = skb->len + sizeof(struct udphdr);
	struct udphdr *uh;

	uh = skb_push(skb, sizeof(*uh));
	skb_reset_transport_header(skb);
	uh->source = out->sport;
	uh->dest = out->dport;
	uh->len = htons(ulen);
	uh->check = 0;

	if (out->family == AF_INET) {
		struct iphdr *iph = skb_push(skb, sizeof(*iph));

		skb_reset_network_header(skb);
		*iph = (struct iphdr) {
			.version = 4,
			.ihl = sizeof(*iph) / 4,
			.frag_off = htons(IP_DF),
			.ttl = ttl,
			.protocol = IPPROTO_UDP,
			.saddr = out->saddr.s6_addr32[0],
			.daddr = out->daddr.s6_addr32[0],
		};
		ip_select_ident(net, skb, NULL);
		skb->protocol = htons(ETH_P_IP);
		udp_set_csum(false, skb, iph->saddr, iph->daddr, ulen);
		return;
	}
#if IS_ENABLED(CONFIG_IPV6)
	{
		struct ipv6hdr *ip6h = skb_push(skb, sizeof(*ip6h));

		skb_reset_network_header(skb);
		ip6_flow_hdr(ip6h, 0, 0);
		ip6h->payload_len = htons(ulen);
		ip6h->nexthdr = IPPROTO_UDP;
		ip6h->hop_limit = ttl;
		ip6h->saddr = out->saddr;
		ip6h->daddr = out->daddr;
		skb->protocol = htons(ETH_P_IPV6);
		udp6_set_csum(false, skb, &ip6h->saddr, &ip6h->daddr, ulen);
	}
#endif
}

/*
 * The received skb, @skb, as the last output's buffer: linear, its @len
 * payload bytes at @off moved to its front with @room of headroom and
 * @tail of tailroom, and nothing left of the receive path on it (socket,
 * route, conntrack entry, mark, extensions). False: it cannot be (a GSO
 * packet, or no memory to make it writable), and its payload is intact.
 */
static bool ksrtp_fwd_take(struct sk_buff *skb, unsigned int off,
			   unsigned int len, unsigned int room,
			   unsigned int tail)
{
	int head, more;

	if (skb_is_gso(skb) || skb_linearize(skb))
		return false;
	__skb_trim(skb, off + len);
	head = (int)room - (int)(skb_headroom(skb) + off);
	more = (int)tail - (int)skb_tailroom(skb);
	if ((skb_cloned(skb) || head > 0 || more > 0) &&
	    pskb_expand_head(skb, max(head, 0), max(more, 0), GFP_ATOMIC))
		return false;
	__skb_pull(skb, off);
	skb_orphan(skb);
	skb_scrub_packet(skb, true);
	__vlan_hwaccel_clear_tag(skb);
	skb_clear_hash(skb);
	skb->priority = 0;
	skb->ip_summed = CHECKSUM_NONE;
	return true;
}

/* A new skb with @in's @len payload bytes at @off, and @room and @tail. */
static struct sk_buff *ksrtp_fwd_copy(const struct sk_buff *in,
				      unsigned int off, unsigned int len,
				      unsigned int room, unsigned int tail)
{
	struct sk_buff *skb = alloc_skb(room + len + tail, GFP_ATOMIC);

	if (!skb)
		return NULL;
	skb_reserve(skb, room);
	if (skb_copy_bits(in, off, skb_put(skb, len), len)) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/*
 * The packet for @out, protected if @ctx: the received skb @in itself if
 * @take (then *@taken) and it can be, else a copy. NULL with the reason
 * in @why.
 */
static struct sk_buff *ksrtp_fwd_build(const struct ksrtp_fwd_out *out,
				       struct ksrtp_ctx *ctx,
				       struct sk_buff *in, bool take,
				       unsigned int off, unsigned int len,
				       bool rtcp, struct dst_entry *dst,
				       bool *taken, enum ksrtp_fwd_drop *why)
{
	unsigned int grow = ctx ? ksrtp_growth(ctx, rtcp) : 0;
	unsigned int hlen = (out->path.family == AF_INET ? sizeof(struct iphdr) :
			     sizeof(struct ipv6hdr)) + sizeof(struct udphdr);
	unsigned int room = LL_RESERVED_SPACE(dst->dev) + hlen;
	unsigned int tail = grow + dst->dev->needed_tailroom;
	struct ksrtp_packet p = { .len = len, .rtcp = rtcp };
	struct sk_buff *skb;
	enum ksrtp_verdict v;

	if (hlen + len + grow > dst_mtu(dst)) {
		*why = KSRTP_FWD_TOO_BIG;
		return NULL;
	}
	*taken = take && ksrtp_fwd_take(in, off, len, room, tail);
	skb = *taken ? in : ksrtp_fwd_copy(in, off, len, room, tail);
	if (!skb) {
		*why = KSRTP_FWD_ERRORS;
		return NULL;
	}
	p.buf = skb->data;
	ksrtp_fwd_rewrite(out, p.buf, len, rtcp);
	if (ctx) {
		v = ksrtp_protect(ctx, &p);
		if (v == KSRTP_OK)
			skb_put(skb, p.len - len);
		/* The plain packet's bytes are counted, as for a socket's. */
		p.len = len;
		ksrtp_account(ctx, v, &p);
		if (v != KSRTP_OK) {
			*why = KSRTP_FWD_KEY;
			kfree_skb(skb);
			return NULL;
		}
	}
	return skb;
}

/*
 * One output: its own copy, or the received skb @in if @take, protected
 * and sent; counted on @out. True: @in was taken (sent or freed).
 */
static bool ksrtp_fwd_send(struct ksrtp_net *kn, struct ksrtp_fwd *fwd,
			   struct ksrtp_fwd_out *out, struct sk_buff *in,
			   bool take, const struct ksrtp_dgram *d,
			   unsigned int len, u8 ttl)
{
	unsigned int off = ksrtp_dgram_off(d);
	bool rtcp = d->rtcp;
	enum ksrtp_fwd_drop why = KSRTP_FWD_NO_ROUTE;
	struct ksrtp_ctx *ctx = NULL;
	struct dst_entry *dst;
	struct sk_buff *skb;
	bool local = false, taken = false;

	if (out->ctx_id) {
		ctx = ksrtp_fwd_ctx(kn, out);
		if (!ctx) {
			why = KSRTP_FWD_NO_CONTEXT;
			goto drop;
		}
	}
	dst = ksrtp_fwd_route(kn->net, out, &local);
	if (!dst)
		goto drop;
	skb = ksrtp_fwd_build(out, ctx, in, take, off, len, rtcp, dst, &taken,
			      &why);
	if (!skb) {
		dst_release(dst);
		goto drop;
	}
	/* Back to this host: never forwarded again (see "Forwarding"). */
	ksrtp_fwd_headers(skb, &out->path, local ? 1 : ttl, kn->net);
	skb_dst_set(skb, dst);
	ksrtp_fwd_count(&out->stats, len);
	if (out->path.family == AF_INET)
		ip_local_out(kn->net, NULL, skb);
#if IS_ENABLED(CONFIG_IPV6)
	else
		ip6_local_out(kn->net, NULL, skb);
#endif
	return taken;

drop:
	ksrtp_fwd_drop(kn, fwd, out, d->key.ssrc, why);
	return taken;
}

/* The TTL or hop limit the packet arrived with. */
static u8 ksrtp_fwd_ttl(const struct sk_buff *skb, const struct ksrtp_dgram *d)
{
	return d->key.family == AF_INET ? ip_hdr(skb)->ttl :
					  ipv6_hdr(skb)->hop_limit;
}

unsigned int ksrtp_forward(struct ksrtp_net *kn, struct ksrtp_fwd *fwd,
			   struct sk_buff *skb, const struct ksrtp_dgram *d,
			   unsigned int len)
{
	bool deliver = (fwd->flags & KSRTP_FWD_F_DELIVER) &&
		       !((fwd->flags & KSRTP_FWD_F_PLAIN) && d->guarded);
	const struct ksrtp_fwd_outs *outs;
	u8 ttl = ksrtp_fwd_ttl(skb, d);
	bool taken = false;
	unsigned int i;

	if (ttl <= 1) {
		ksrtp_fwd_drop(kn, fwd, NULL, d->key.ssrc, KSRTP_FWD_LOOPS);
	} else {
		ksrtp_fwd_count(&fwd->stats, len);
		outs = rcu_dereference(fwd->outs);
		/* The last output takes the received skb, unless delivered. */
		for (i = 0; outs && i < outs->n; i++)
			taken = ksrtp_fwd_send(kn, fwd, outs->out[i], skb,
					       !deliver && i == outs->n - 1,
					       d, len, ttl - 1);
	}
	if (deliver)
		return NF_ACCEPT;
	if (!taken)
		consume_skb(skb);
	return NF_STOLEN;
}
