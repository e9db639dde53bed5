// SPDX-License-Identifier: GPL-2.0
/*
 * The data path: netfilter hooks that find the context of a UDP packet
 * and run the SRTP transform on it.
 *
 * Egress: NF_INET_POST_ROUTING just before source NAT. Every firewall and
 * mangle rule has seen the plain packet by then, the source address is
 * still the one the socket used (what a context names), and the packet is
 * not fragmented yet: the IP layer fragments what the tag makes too big,
 * unless the socket forbids it (ksrtp_too_big()).
 *
 * Ingress: NF_INET_LOCAL_IN just after the filter table. The packet is
 * known to be for this host, the firewall has had its say (so a dropped
 * packet costs no crypto), IPv4 is reassembled and IPv6 is too, through
 * nf_defrag_ipv6, which registering enables.
 *
 * Both: a GSO skb (several datagrams) on a port with contexts is split
 * and each datagram processed on its own (ksrtp_gso(), segment.c).
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include <uapi/linux/ksrtp.h>

#include "compat.h"
#include "events.h"
#include "guard.h"
#include "hooks.h"
#include "learn.h"
#include "netns.h"
#include "segment.h"
#include "srtp.h"
#include "trace.h"

/* Where a UDP datagram sits in an skb whose data starts at the IP header. */
struct ksrtp_pkt {
	struct ksrtp_ctx_key key;
	unsigned int uoff;	/* UDP header offset from skb->data */
	unsigned int ulen;	/* UDP length, header included */
	bool rtcp;
	bool has_port;		/* the UDP header was read: key has the ports */
	bool has_ssrc;		/* RTP or RTCP: key has the SSRC */
	bool guarded;		/* ingress: to a protected port */
	struct in6_addr raddr;	/* ingress: the source, before wildcarding */
	__be16 rport;
};

/* What the IP and UDP headers say, read as the UDP stack reads them. */
enum ksrtp_parse {
	KSRTP_PARSE_OTHER,	/* not UDP, or a fragment after the first */
	KSRTP_PARSE_UDP,	/* a whole UDP datagram */
	KSRTP_PARSE_BAD,	/* UDP that UDP refuses or that is a fragment */
};

/* Where the RTP or RTCP packet (the UDP payload) starts, from skb->data. */
static unsigned int ksrtp_pkt_off(const struct ksrtp_pkt *pkt)
{
	return pkt->uoff + sizeof(struct udphdr);
}

/* The length of the RTP or RTCP packet. */
static unsigned int ksrtp_pkt_len(const struct ksrtp_pkt *pkt)
{
	return pkt->ulen - sizeof(struct udphdr);
}

/*
 * Is this IPv6 packet, whose UDP header follows extension headers and no
 * later fragment, the first fragment of a datagram (not an atomic one)?
 */
static bool ksrtp_ipv6_first_frag(const struct sk_buff *skb)
{
	unsigned int off = 0;
	struct frag_hdr _fh;
	const struct frag_hdr *fh;

	if (ipv6_find_hdr(skb, &off, NEXTHDR_FRAGMENT, NULL, NULL) < 0)
		return false;
	fh = skb_header_pointer(skb, off, sizeof(_fh), &_fh);
	return !fh || (fh->frag_off & htons(IP6_MF));
}

/* The IPv6 part of ksrtp_parse_ip(): is it UDP, and where? */
static bool ksrtp_parse_ipv6(struct sk_buff *skb, bool egress,
			     struct ksrtp_pkt *pkt, bool *frag)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	unsigned int noff = skb_network_offset(skb);
	u8 nexthdr = ip6h->nexthdr;
	__be16 frag_off = 0;
	int off = sizeof(*ip6h);

	if (nexthdr != IPPROTO_UDP) {
		off = ipv6_skip_exthdr(skb, noff + off, &nexthdr, &frag_off);
		if (off < 0 || nexthdr != IPPROTO_UDP || frag_off)
			return false;
		*frag = ksrtp_ipv6_first_frag(skb);
		off -= noff;
	}
	pkt->uoff = noff + off;
	pkt->key.laddr = egress ? ip6h->saddr : ip6h->daddr;
	pkt->key.raddr = egress ? ip6h->daddr : ip6h->saddr;
	return true;
}

/*
 * Parse the IP and UDP headers into @pkt with the addresses and ports as
 * seen from the host: for egress the source is local, for ingress the
 * destination. The UDP length is taken as UDP takes it: on IPv6, 0 means
 * the rest of the packet; one that is shorter than the header or longer
 * than what the IP header leaves is refused. Fragments are reassembled
 * before LOCAL_IN (nf_defrag_ipv6 for IPv6): one that comes here anyway
 * cannot be read as UDP will, and is KSRTP_PARSE_BAD if it is the first,
 * with the ports when they can be read.
 */
static enum ksrtp_parse ksrtp_parse_ip(struct sk_buff *skb, u8 family,
				       bool egress, struct ksrtp_pkt *pkt)
{
	unsigned int noff = skb_network_offset(skb);
	const struct udphdr *uh;
	struct udphdr _uh;
	unsigned int avail;
	bool frag = false;

	memset(&pkt->key, 0, sizeof(pkt->key));
	pkt->has_port = false;
	pkt->has_ssrc = false;
	pkt->guarded = false;
	pkt->rport = 0;
	if (family == AF_INET) {
		const struct iphdr *iph = ip_hdr(skb);

		if (iph->protocol != IPPROTO_UDP ||
		    (iph->frag_off & htons(IP_OFFSET)))
			return KSRTP_PARSE_OTHER;
		frag = ip_is_fragment(iph);
		pkt->uoff = noff + iph->ihl * 4;
		memcpy(egress ? &pkt->key.laddr : &pkt->key.raddr,
		       &iph->saddr, 4);
		memcpy(egress ? &pkt->key.raddr : &pkt->key.laddr,
		       &iph->daddr, 4);
	} else if (!ksrtp_parse_ipv6(skb, egress, pkt, &frag)) {
		return KSRTP_PARSE_OTHER;
	}
	pkt->key.family = family;
	pkt->raddr = pkt->key.raddr;

	uh = skb_header_pointer(skb, pkt->uoff, sizeof(_uh), &_uh);
	if (!uh)
		return KSRTP_PARSE_BAD;
	pkt->has_port = true;
	pkt->key.lport = egress ? uh->source : uh->dest;
	pkt->key.rport = egress ? uh->dest : uh->source;
	pkt->rport = pkt->key.rport;
	if (frag)
		return KSRTP_PARSE_BAD;

	avail = skb->len - pkt->uoff;
	pkt->ulen = ntohs(uh->len);
	if (!pkt->ulen && family == AF_INET6 && ksrtp_udp6_len0_is_rest())
		pkt->ulen = avail;
	if (pkt->ulen < sizeof(*uh) || pkt->ulen > avail)
		return KSRTP_PARSE_BAD;
	return KSRTP_PARSE_UDP;
}

/* RFC 7983 and RFC 5761: is this RTP or RTCP, and whose SSRC? */
static bool ksrtp_parse_rtp(struct sk_buff *skb, struct ksrtp_pkt *pkt)
{
	unsigned int plen = ksrtp_pkt_len(pkt);
	u8 _h[KSRTP_RTP_HDR_LEN];
	const u8 *h;

	if (plen < KSRTP_RTCP_HDR_LEN)
		return false;
	h = skb_header_pointer(skb, ksrtp_pkt_off(pkt),
			       min_t(unsigned int, plen, sizeof(_h)), _h);
	if (!h || !ksrtp_is_rtp_or_rtcp(h[0]))
		return false;
	pkt->rtcp = ksrtp_is_rtcp(h[1]);
	if (pkt->rtcp) {
		memcpy(&pkt->key.ssrc, h + 4, 4);
	} else {
		if (plen < KSRTP_RTP_HDR_LEN)
			return false;
		memcpy(&pkt->key.ssrc, h + 8, 4);
	}
	pkt->has_ssrc = true;
	return true;
}

/* What a protected port does with a datagram, by RFC 7983. */
enum ksrtp_mux {
	KSRTP_MUX_RTP,		/* RTP or RTCP: authenticate or drop */
	KSRTP_MUX_PASS,		/* STUN, ZRTP, DTLS, TURN channel data */
	KSRTP_MUX_OTHER,	/* anything else: drop */
};

static enum ksrtp_mux ksrtp_demux(struct sk_buff *skb, struct ksrtp_pkt *pkt)
{
	const u8 *b;
	u8 _b;

	if (!ksrtp_pkt_len(pkt))
		return KSRTP_MUX_OTHER;
	b = skb_header_pointer(skb, ksrtp_pkt_off(pkt), 1, &_b);
	if (!b)
		return KSRTP_MUX_OTHER;
	if (ksrtp_is_rtp_or_rtcp(*b))
		return ksrtp_parse_rtp(skb, pkt) ? KSRTP_MUX_RTP :
						   KSRTP_MUX_OTHER;
	return ksrtp_is_passed(*b) ? KSRTP_MUX_PASS : KSRTP_MUX_OTHER;
}

static void ksrtp_set_udp_len(struct sk_buff *skb, const struct ksrtp_pkt *pkt,
			      unsigned int ulen)
{
	struct udphdr *uh = (struct udphdr *)(skb->data + pkt->uoff);
	unsigned int noff = skb_network_offset(skb);

	uh->len = htons(ulen);
	if (pkt->key.family == AF_INET) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = htons(skb->len - noff);
		ip_send_check(iph);
	} else {
		ipv6_hdr(skb)->payload_len =
			htons(skb->len - noff - sizeof(struct ipv6hdr));
	}
}

static __sum16 ksrtp_udp_magic(const struct sk_buff *skb, u8 family,
			       unsigned int ulen, __wsum sum)
{
	if (family == AF_INET)
		return csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr,
					 ulen, IPPROTO_UDP, sum);
	return csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr,
			       ulen, IPPROTO_UDP, sum);
}

/*
 * The datagram grew: a checksum left to the device (CHECKSUM_PARTIAL) only
 * needs the new pseudo-header; one computed already is computed again. An
 * IPv4 datagram sent without checksum stays without.
 */
static void ksrtp_csum_out(struct sk_buff *skb, const struct ksrtp_pkt *pkt,
			   unsigned int ulen)
{
	struct udphdr *uh = (struct udphdr *)(skb->data + pkt->uoff);
	__wsum sum;

	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		uh->check = ~ksrtp_udp_magic(skb, pkt->key.family, ulen, 0);
		return;
	}
	if (pkt->key.family == AF_INET && !uh->check)
		return;
	uh->check = 0;
	sum = skb_checksum(skb, pkt->uoff, ulen, 0);
	uh->check = ksrtp_udp_magic(skb, pkt->key.family, ulen, sum);
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
}

static void ksrtp_count(struct ksrtp_ctx *ctx, enum ksrtp_verdict v,
			bool rtcp, unsigned int bytes)
{
	switch (v) {
	case KSRTP_OK:
		ksrtp_ctx_count(ctx, rtcp ? KSRTP_STAT_RTCP_PACKETS :
				KSRTP_STAT_RTP_PACKETS, 1);
		ksrtp_ctx_count(ctx, rtcp ? KSRTP_STAT_RTCP_BYTES :
				KSRTP_STAT_RTP_BYTES, bytes);
		break;
	case KSRTP_MALFORMED:
	case KSRTP_BAD_PADDING:
		ksrtp_ctx_count(ctx, KSRTP_STAT_MALFORMED, 1);
		break;
	case KSRTP_AUTH_FAILED:
		ksrtp_ctx_count(ctx, KSRTP_STAT_AUTH_FAILURES, 1);
		ksrtp_event_auth(ctx);
		break;
	case KSRTP_REPLAYED:
		ksrtp_ctx_count(ctx, KSRTP_STAT_REPLAYS, 1);
		break;
	case KSRTP_ERROR:
		ksrtp_ctx_count(ctx, KSRTP_STAT_ERRORS, 1);
		break;
	case KSRTP_KEY_LIMIT:
		ksrtp_ctx_count(ctx, KSRTP_STAT_KEY_LIMIT, 1);
		break;
	}
}

static enum ksrtp_drop_reason ksrtp_drop_reason(enum ksrtp_verdict v)
{
	switch (v) {
	case KSRTP_MALFORMED:
		return KSRTP_DROP_MALFORMED;
	case KSRTP_BAD_PADDING:
		return KSRTP_DROP_BAD_PADDING;
	case KSRTP_AUTH_FAILED:
		return KSRTP_DROP_AUTH;
	case KSRTP_REPLAYED:
		return KSRTP_DROP_REPLAY;
	case KSRTP_KEY_LIMIT:
		return KSRTP_DROP_KEY_LIMIT;
	default:
		return KSRTP_DROP_ERROR;
	}
}

/*
 * The RTP sequence number or SRTCP index that a dropped datagram shows,
 * for the ksrtp_drop tracepoint: -1 if it shows none (outbound SRTCP
 * takes its index from the context; a decrypted SRTCP packet has lost
 * its trailer).
 */
static s64 ksrtp_pkt_index(const struct ksrtp_ctx *ctx,
			   const struct sk_buff *skb,
			   const struct ksrtp_pkt *pkt)
{
	unsigned int plen = ksrtp_pkt_len(pkt);
	unsigned int off = ksrtp_pkt_off(pkt);
	unsigned int tail;
	__be32 _w;
	const __be32 *w;
	__be16 _s;
	const __be16 *s;

	if (!pkt->rtcp) {
		s = skb_header_pointer(skb, off + 2, sizeof(_s), &_s);
		return s ? ntohs(*s) : -1;
	}
	if (pkt->key.dir != KSRTP_DIR_INBOUND ||
	    plen < KSRTP_RTCP_HDR_LEN + ksrtp_overhead(ctx, true))
		return -1;
	/* E+index precedes MKI and tag (HMAC), or follows the tag (GCM). */
	tail = KSRTP_SRTCP_TRAILER_LEN + ctx->ring->mki_len;
	if (ctx->suite->xform != KSRTP_XFORM_GCM)
		tail += ctx->suite->rtcp_tag_len;
	w = skb_header_pointer(skb, off + plen - tail, sizeof(_w), &_w);
	return w ? ntohl(*w) & KSRTP_SRTCP_INDEX_MAX : -1;
}

/* ksrtp:ksrtp_drop, for a datagram counted on @ctx; free when disabled. */
static void ksrtp_trace_drop(const struct ksrtp_ctx *ctx,
			     enum ksrtp_drop_reason why,
			     const struct sk_buff *skb,
			     const struct ksrtp_pkt *pkt)
{
	if (trace_ksrtp_drop_enabled())
		trace_ksrtp_drop(ctx, why, pkt->key.ssrc, pkt->rtcp,
				 ksrtp_pkt_index(ctx, skb, pkt));
}

/*
 * Make the datagram linear, private and exactly as long as UDP says. GSO
 * skbs were split before (ksrtp_gso()), none should come here.
 */
static int ksrtp_skb_prepare(struct sk_buff *skb, const struct ksrtp_pkt *pkt)
{
	if (skb_is_gso(skb))
		return -EOPNOTSUPP;
	if (skb->len > pkt->uoff + pkt->ulen &&
	    pskb_trim_rcsum(skb, pkt->uoff + pkt->ulen))
		return -ENOMEM;
	return skb_ensure_writable(skb, skb->len);
}

static enum ksrtp_verdict ksrtp_skb_protect(struct ksrtp_ctx *ctx,
					    struct sk_buff *skb,
					    const struct ksrtp_pkt *pkt)
{
	unsigned int grow = ksrtp_overhead(ctx, pkt->rtcp);
	unsigned int plen = ksrtp_pkt_len(pkt);
	enum ksrtp_verdict v;
	unsigned int nlen;
	u8 *payload;

	if (ksrtp_skb_prepare(skb, pkt))
		return KSRTP_ERROR;
	/* Growing the head is the slow path: most skbs have the room. */
	if (skb_tailroom(skb) < grow &&
	    pskb_expand_head(skb, 0, grow - skb_tailroom(skb), GFP_ATOMIC))
		return KSRTP_ERROR;

	payload = skb->data + ksrtp_pkt_off(pkt);
	if (pkt->rtcp)
		v = ksrtp_rtcp_protect(ctx, payload, plen, &nlen);
	else
		v = ksrtp_rtp_protect(ctx, payload, plen, &nlen);
	if (v != KSRTP_OK)
		return v;

	skb_put(skb, nlen - plen);
	ksrtp_set_udp_len(skb, pkt, nlen + sizeof(struct udphdr));
	ksrtp_csum_out(skb, pkt, nlen + sizeof(struct udphdr));
	return KSRTP_OK;
}

/* ksrtp_probe() on the datagram: its state and the packet's are unchanged. */
static enum ksrtp_verdict ksrtp_skb_probe(struct ksrtp_ctx *ctx,
					  struct sk_buff *skb,
					  const struct ksrtp_pkt *pkt)
{
	if (ksrtp_skb_prepare(skb, pkt))
		return KSRTP_ERROR;
	return ksrtp_probe(ctx, skb->data + ksrtp_pkt_off(pkt),
			   ksrtp_pkt_len(pkt), pkt->rtcp);
}

static enum ksrtp_verdict ksrtp_skb_unprotect(struct ksrtp_ctx *ctx,
					      struct sk_buff *skb,
					      const struct ksrtp_pkt *pkt,
					      unsigned int *plain_len)
{
	unsigned int plen = ksrtp_pkt_len(pkt);
	enum ksrtp_verdict v;
	u8 *payload;

	if (ksrtp_skb_prepare(skb, pkt))
		return KSRTP_ERROR;

	payload = skb->data + ksrtp_pkt_off(pkt);
	if (pkt->rtcp)
		v = ksrtp_rtcp_unprotect(ctx, payload, plen, plain_len);
	else
		v = ksrtp_rtp_unprotect(ctx, payload, plen, plain_len);
	if (v != KSRTP_OK)
		return v;

	skb_trim(skb, ksrtp_pkt_off(pkt) + *plain_len);
	ksrtp_set_udp_len(skb, pkt, *plain_len + sizeof(struct udphdr));
	/* Authenticated by SRTP, and the UDP checksum was verified before. */
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = 0;
	return KSRTP_OK;
}

/*
 * The context of an RTP or RTCP datagram. An inbound context may accept
 * any source: if none names the source, the wildcard one is looked up
 * (the key keeps the wildcard; pkt->raddr and pkt->rport the source).
 */
static struct ksrtp_ctx *ksrtp_lookup_pkt(struct ksrtp_net *kn, bool egress,
					  struct ksrtp_pkt *pkt)
{
	struct ksrtp_ctx *ctx;

	pkt->key.dir = egress ? KSRTP_DIR_OUTBOUND : KSRTP_DIR_INBOUND;
	ctx = ksrtp_lookup(kn, &pkt->key);
	if (ctx || egress)
		return ctx;
	memset(&pkt->key.raddr, 0, sizeof(pkt->key.raddr));
	pkt->key.rport = 0;
	return ksrtp_lookup(kn, &pkt->key);
}

/* The context of a whole RTP or RTCP datagram to or from a local port. */
static struct ksrtp_ctx *ksrtp_find(const struct nf_hook_state *state,
				    struct sk_buff *skb, u8 family, bool egress,
				    struct ksrtp_pkt *pkt)
{
	struct ksrtp_net *kn = ksrtp_net(state->net);

	if (ksrtp_parse_ip(skb, family, egress, pkt) != KSRTP_PARSE_UDP ||
	    !ksrtp_port_used(kn, pkt->key.lport) ||
	    !ksrtp_parse_rtp(skb, pkt))
		return NULL;
	return ksrtp_lookup_pkt(kn, egress, pkt);
}

/* The template of the session of an unmatched inbound packet, if any. */
static struct ksrtp_ctx *ksrtp_find_template(struct ksrtp_net *kn,
					     struct ksrtp_pkt *pkt)
{
	struct ksrtp_ctx_key key = pkt->key;
	struct ksrtp_ctx *tmpl;

	if (!READ_ONCE(kn->ntemplates))
		return NULL;
	key.ssrc = 0;
	key.tmpl = 1;
	key.raddr = pkt->raddr;
	key.rport = pkt->rport;
	tmpl = ksrtp_lookup(kn, &key);
	if (tmpl)
		return tmpl;
	memset(&key.raddr, 0, sizeof(key.raddr));
	key.rport = 0;
	return ksrtp_lookup(kn, &key);
}

/*
 * What no context accepted: dropped on a protected port, left to the
 * socket on another (a template or contexts of KSRTP_POLICY_OPTIONAL).
 */
static unsigned int ksrtp_policy_nf(const struct ksrtp_pkt *pkt)
{
	return pkt->guarded ? NF_DROP : NF_ACCEPT;
}

/*
 * A packet of a new SSRC that the template did not learn, counted on the
 * template by its verdict. What was refused before any crypto or failed
 * authentication is left as it came if its port is not protected. What was
 * decrypted first (a key at its limit, impossible padding) and local
 * errors are dropped.
 */
static unsigned int ksrtp_learn_refused(struct ksrtp_ctx *tmpl,
					enum ksrtp_verdict v,
					struct sk_buff *skb,
					const struct ksrtp_pkt *pkt)
{
	unsigned int nf;

	ksrtp_count(tmpl, v, pkt->rtcp, 0);
	if (v != KSRTP_MALFORMED && v != KSRTP_AUTH_FAILED &&
	    v != KSRTP_REPLAYED)
		nf = NF_DROP;
	else
		nf = ksrtp_policy_nf(pkt);
	if (nf == NF_DROP)
		ksrtp_trace_drop(tmpl, ksrtp_drop_reason(v), skb, pkt);
	return nf;
}

/*
 * No spare: another CPU holds it, or the next is being made. The packet
 * is still checked under the template's keys (they do not depend on the
 * SSRC), so that a forgery counts as one, whenever it comes. An
 * authentic packet comes too soon to be learned: it is dropped and
 * counted in errors; its sender's next packet will find the spare.
 */
static unsigned int ksrtp_nf_learn_later(struct ksrtp_ctx *tmpl,
					 struct sk_buff *skb,
					 const struct ksrtp_pkt *pkt)
{
	enum ksrtp_verdict v = ksrtp_skb_probe(tmpl, skb, pkt);

	if (v != KSRTP_OK)
		return ksrtp_learn_refused(tmpl, v, skb, pkt);
	ksrtp_ctx_count(tmpl, KSRTP_STAT_ERRORS, 1);
	ksrtp_trace_drop(tmpl, KSRTP_DROP_NO_SPARE, skb, pkt);
	return NF_DROP;
}

/*
 * A packet of an SSRC without a context, on a session with a template:
 * it becomes the first packet of a new context if it authenticates. An
 * authentic packet the template cannot learn (its limit, a context
 * installed for the SSRC meanwhile, no spare ready) is dropped whatever
 * the policy: it is valid SRTP, but no context can protect it from
 * replays. What does not authenticate is left as it came, and the policy
 * decides; drops are counted on the template.
 */
static unsigned int ksrtp_nf_learn(struct ksrtp_net *kn,
				   struct ksrtp_ctx *tmpl, struct sk_buff *skb,
				   struct ksrtp_pkt *pkt)
{
	unsigned int plain_len = 0;
	struct ksrtp_ctx *ctx;
	enum ksrtp_verdict v;

	ctx = ksrtp_learn_begin(kn, tmpl, pkt->key.ssrc);
	if (!ctx)
		return ksrtp_nf_learn_later(tmpl, skb, pkt);
	v = ksrtp_skb_unprotect(ctx, skb, pkt, &plain_len);
	if (v == KSRTP_OK && !ksrtp_learn_publish(kn, tmpl, ctx)) {
		ksrtp_count(ctx, v, pkt->rtcp, plain_len);
		return NF_ACCEPT;
	}
	ksrtp_learn_abort(kn, tmpl, ctx);
	if (v != KSRTP_OK)
		return ksrtp_learn_refused(tmpl, v, skb, pkt);
	ksrtp_ctx_count(tmpl, KSRTP_STAT_UNKNOWN_SSRC, 1);
	ksrtp_trace_drop(tmpl, KSRTP_DROP_UNKNOWN_SSRC, skb, pkt);
	ksrtp_event_learn_limit(tmpl);
	return NF_DROP;
}

static unsigned int ksrtp_verdict_nf(enum ksrtp_verdict v)
{
	return v == KSRTP_OK ? NF_ACCEPT : NF_DROP;
}

static u8 ksrtp_family(const struct nf_hook_state *state)
{
	return state->pf == NFPROTO_IPV4 ? AF_INET : AF_INET6;
}

/*
 * Would the IP layer refuse the protected datagram as too big for the
 * path? Only if the socket forbids local fragmentation: IPv4 with DF set
 * and ignore_df clear (IP_PMTUDISC_DO or _PROBE), IPv6 with ignore_df
 * clear (IPV6_PMTUDISC_DO, _PROBE or _INTERFACE); anything else the IP
 * layer fragments. The MTU is the one ip_finish_output() and ip6_finish_output()
 * compare with, as ip_fragment() and ip6_fragment() decide.
 */
static bool ksrtp_too_big(const struct sk_buff *skb,
			  const struct nf_hook_state *state,
			  const struct ksrtp_pkt *pkt, unsigned int grow)
{
	unsigned int len = pkt->uoff + pkt->ulen + grow -
			   skb_network_offset(skb);

	if (skb->ignore_df || !skb_dst(skb))
		return false;
	if (pkt->key.family == AF_INET)
		return (ip_hdr(skb)->frag_off & htons(IP_DF)) &&
		       len > ip_skb_dst_mtu(state->sk, skb);
	return len > ip6_skb_dst_mtu(skb);
}

/* One datagram a local socket sends. */
static unsigned int ksrtp_out_one(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	struct ksrtp_ctx *ctx;
	struct ksrtp_pkt pkt;
	enum ksrtp_verdict v;
	bool too_big;

	ctx = ksrtp_find(state, skb, ksrtp_family(state), true, &pkt);
	if (!ctx)
		return NF_ACCEPT;
	too_big = ksrtp_too_big(skb, state, &pkt,
				ksrtp_overhead(ctx, pkt.rtcp));

	/* Counters are per CPU and the stream lock is also taken in softirq. */
	local_bh_disable();
	if (too_big)
		v = KSRTP_ERROR;
	else
		v = ksrtp_skb_protect(ctx, skb, &pkt);
	ksrtp_count(ctx, v, pkt.rtcp, ksrtp_pkt_len(&pkt));
	local_bh_enable();
	/* An outbound "replay" is a sequence number the application reused. */
	if (too_big)
		ksrtp_trace_drop(ctx, KSRTP_DROP_TOO_BIG, skb, &pkt);
	else if (v == KSRTP_REPLAYED)
		ksrtp_trace_drop(ctx, KSRTP_DROP_REPEAT, skb, &pkt);
	else if (v != KSRTP_OK)
		ksrtp_trace_drop(ctx, ksrtp_drop_reason(v), skb, &pkt);
	/* The sender's sendmsg() fails with EMSGSIZE, as for a plain one. */
	if (too_big)
		return NF_DROP_ERR(-EMSGSIZE);
	return ksrtp_verdict_nf(v);
}

/*
 * A GSO skb on a local port that has contexts: any of its datagrams may
 * belong to a context, whatever the first one is, so it is split and each
 * datagram goes through @split->one, counted as any other. If it cannot be
 * split it is dropped, and counted per datagram in errors of the first
 * datagram's context, if it has one.
 */
static unsigned int ksrtp_gso(const struct ksrtp_split *split,
			      struct sk_buff *skb,
			      const struct nf_hook_state *state)
{
	bool egress = state->hook == NF_INET_POST_ROUTING;
	struct ksrtp_ctx *ctx;
	struct ksrtp_pkt pkt;

	switch (ksrtp_parse_ip(skb, ksrtp_family(state), egress, &pkt)) {
	case KSRTP_PARSE_OTHER:
		return NF_ACCEPT;
	case KSRTP_PARSE_BAD:
		/* Ingress decides whether a protected port drops it. */
		return egress ? NF_ACCEPT : split->one(NULL, skb, state);
	case KSRTP_PARSE_UDP:
		break;
	}
	if (!ksrtp_port_used(ksrtp_net(state->net), pkt.key.lport))
		return NF_ACCEPT;
	if (!ksrtp_segment(split, skb, state))
		return NF_STOLEN;

	ctx = ksrtp_find(state, skb, ksrtp_family(state), egress, &pkt);
	if (ctx) {
		local_bh_disable();
		ksrtp_ctx_count(ctx, KSRTP_STAT_ERRORS,
				max_t(u16, skb_shinfo(skb)->gso_segs, 1));
		local_bh_enable();
		ksrtp_trace_drop(ctx, KSRTP_DROP_GSO, skb, &pkt);
	}
	return NF_DROP;
}

static unsigned int ksrtp_nf_out(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	static const struct ksrtp_split split = {
		.hook = ksrtp_nf_out,
		.one = ksrtp_out_one,
	};

	/* Only what a local socket sends: forwarded packets are not ours. */
	if (!skb->sk)
		return NF_ACCEPT;
	if (unlikely(skb_is_gso(skb)))
		return ksrtp_gso(&split, skb, state);
	return ksrtp_out_one(priv, skb, state);
}

static bool ksrtp_csum_bad(struct sk_buff *skb, const struct ksrtp_pkt *pkt,
			   unsigned int hook)
{
	const struct udphdr *uh = (const struct udphdr *)(skb->data + pkt->uoff);

	if (skb_csum_unnecessary(skb))
		return false;
	/* IPv4 may send without a checksum; on IPv6 zero never verifies. */
	if (pkt->key.family == AF_INET && !uh->check)
		return false;
	return nf_checksum(skb, hook, pkt->uoff, IPPROTO_UDP,
			   pkt->key.family == AF_INET ? NFPROTO_IPV4 :
			   NFPROTO_IPV6);
}

/*
 * Before a datagram is authenticated, read it as UDP will: trimmed to the
 * UDP length, then its checksum verified (after authentication UDP
 * checks it no more, ksrtp_skb_unprotect()).
 */
static enum ksrtp_verdict ksrtp_in_check(struct sk_buff *skb,
					 const struct ksrtp_pkt *pkt,
					 unsigned int hook)
{
	if (skb->len > pkt->uoff + pkt->ulen &&
	    pskb_trim_rcsum(skb, pkt->uoff + pkt->ulen))
		return KSRTP_ERROR;
	if (!pskb_may_pull(skb, ksrtp_pkt_off(pkt)))
		return KSRTP_ERROR;
	return ksrtp_csum_bad(skb, pkt, hook) ? KSRTP_MALFORMED : KSRTP_OK;
}

/* A datagram no context owns: dropped and counted on a protected port. */
static unsigned int ksrtp_in_refuse(struct ksrtp_net *kn,
				    const struct ksrtp_pkt *pkt,
				    enum ksrtp_refusal why)
{
	struct ksrtp_guard_tuple t;

	if (!pkt->guarded)
		return NF_ACCEPT;
	t = (struct ksrtp_guard_tuple) {
		.laddr = pkt->key.laddr,
		.raddr = pkt->raddr,
		.ssrc = pkt->key.ssrc,
		.lport = pkt->key.lport,
		.rport = pkt->rport,
		.family = pkt->key.family,
		.has_ssrc = pkt->has_ssrc,
	};
	ksrtp_guard_refuse(kn, why, &t);
	return NF_DROP;
}

/* RTP or RTCP for the inbound context @ctx. */
static unsigned int ksrtp_in_ctx(struct ksrtp_ctx *ctx, struct sk_buff *skb,
				 const struct ksrtp_pkt *pkt, unsigned int hook)
{
	unsigned int plain_len = 0;
	enum ksrtp_verdict v;

	v = ksrtp_in_check(skb, pkt, hook);
	if (v == KSRTP_OK)
		v = ksrtp_skb_unprotect(ctx, skb, pkt, &plain_len);
	ksrtp_count(ctx, v, pkt->rtcp, plain_len);
	if (v != KSRTP_OK)
		ksrtp_trace_drop(ctx, ksrtp_drop_reason(v), skb, pkt);
	return ksrtp_verdict_nf(v);
}

/* A whole UDP datagram to a local port with contexts; BHs off. */
static unsigned int ksrtp_in_udp(struct ksrtp_net *kn, struct sk_buff *skb,
				 struct ksrtp_pkt *pkt, unsigned int hook)
{
	struct ksrtp_ctx *ctx;
	enum ksrtp_verdict v;

	switch (ksrtp_demux(skb, pkt)) {
	case KSRTP_MUX_PASS:
		return NF_ACCEPT;
	case KSRTP_MUX_OTHER:
		return ksrtp_in_refuse(kn, pkt, KSRTP_REFUSE_NOT_SRTP);
	case KSRTP_MUX_RTP:
		break;
	}
	ctx = ksrtp_lookup_pkt(kn, false, pkt);
	if (ctx)
		return ksrtp_in_ctx(ctx, skb, pkt, hook);
	ctx = ksrtp_find_template(kn, pkt);
	if (!ctx)
		return ksrtp_in_refuse(kn, pkt, KSRTP_REFUSE_UNKNOWN_SSRC);
	v = ksrtp_in_check(skb, pkt, hook);
	if (v != KSRTP_OK)
		return ksrtp_learn_refused(ctx, v, skb, pkt);
	return ksrtp_nf_learn(kn, ctx, skb, pkt);
}

/*
 * One datagram for this host. On a protected port it is authenticated
 * or dropped; elsewhere only RTP and RTCP of an inbound context are
 * touched. Counters are per CPU and stream locks are taken with BHs
 * off: the hook also runs in process context (a datagram reinjected
 * after NFQUEUE), so BHs are turned off here, as for egress.
 */
static unsigned int ksrtp_in_one(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	struct ksrtp_net *kn = ksrtp_net(state->net);
	struct ksrtp_pkt pkt;
	unsigned int nf;

	switch (ksrtp_parse_ip(skb, ksrtp_family(state), false, &pkt)) {
	case KSRTP_PARSE_OTHER:
		return NF_ACCEPT;
	case KSRTP_PARSE_BAD:
		/* A fragment whose port cannot be read may be for any. */
		pkt.guarded = pkt.has_port ?
			ksrtp_port_guarded(kn, pkt.key.lport) :
			READ_ONCE(kn->nguards);
		local_bh_disable();
		nf = ksrtp_in_refuse(kn, &pkt, KSRTP_REFUSE_MALFORMED);
		local_bh_enable();
		return nf;
	case KSRTP_PARSE_UDP:
		break;
	}
	if (!ksrtp_port_used(kn, pkt.key.lport))
		return NF_ACCEPT;
	pkt.guarded = ksrtp_port_guarded(kn, pkt.key.lport);
	local_bh_disable();
	nf = ksrtp_in_udp(kn, skb, &pkt, state->hook);
	local_bh_enable();
	return nf;
}

static unsigned int ksrtp_nf_in(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	static const struct ksrtp_split split = {
		.hook = ksrtp_nf_in,
		.one = ksrtp_in_one,
	};

	if (unlikely(skb_is_gso(skb)))
		return ksrtp_gso(&split, skb, state);
	return ksrtp_in_one(priv, skb, state);
}

static const struct nf_hook_ops ksrtp_nf_ops[] = {
	{
		.hook = ksrtp_nf_out,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP_PRI_NAT_SRC - 1,
	},
	{
		.hook = ksrtp_nf_in,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NF_IP_PRI_FILTER + 1,
	},
	{
		.hook = ksrtp_nf_out,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP6_PRI_NAT_SRC - 1,
	},
	{
		.hook = ksrtp_nf_in,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NF_IP6_PRI_FILTER + 1,
	},
};

int ksrtp_hooks_register(struct net *net)
{
	int err;

	err = nf_defrag_ipv6_enable(net);
	if (err)
		return err;
	err = nf_register_net_hooks(net, ksrtp_nf_ops, ARRAY_SIZE(ksrtp_nf_ops));
	if (err)
		nf_defrag_ipv6_disable(net);
	return err;
}

void ksrtp_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, ksrtp_nf_ops, ARRAY_SIZE(ksrtp_nf_ops));
	nf_defrag_ipv6_disable(net);
}
