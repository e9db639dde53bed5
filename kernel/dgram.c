// SPDX-License-Identifier: GPL-2.0
/*
 * A UDP datagram in an skb, read as the UDP stack reads it: its IP and
 * UDP headers, what its payload is, the context it belongs to, and the
 * lengths and checksum it needs after the payload changed. The hooks'
 * only view of IP and UDP; srtp.c sees nothing but the payload.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <uapi/linux/ksrtp.h>

#include "compat.h"
#include "dgram.h"
#include "netns.h"

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

/* The IPv6 part of ksrtp_dgram_parse(): is it UDP, and where? */
static bool ksrtp_parse_ipv6(struct sk_buff *skb, bool egress,
			     struct ksrtp_dgram *d, bool *frag)
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
	d->uoff = noff + off;
	d->key.laddr = egress ? ip6h->saddr : ip6h->daddr;
	d->key.raddr = egress ? ip6h->daddr : ip6h->saddr;
	return true;
}

enum ksrtp_parse ksrtp_dgram_parse(struct sk_buff *skb, u8 family,
				   bool egress, struct ksrtp_dgram *d)
{
	unsigned int noff = skb_network_offset(skb);
	const struct udphdr *uh;
	struct udphdr _uh;
	unsigned int avail;
	bool frag = false;

	memset(&d->key, 0, sizeof(d->key));
	d->has_port = false;
	d->has_ssrc = false;
	d->guarded = false;
	d->rport = 0;
	if (family == AF_INET) {
		const struct iphdr *iph = ip_hdr(skb);

		if (iph->protocol != IPPROTO_UDP ||
		    (iph->frag_off & htons(IP_OFFSET)))
			return KSRTP_PARSE_OTHER;
		frag = ip_is_fragment(iph);
		d->uoff = noff + iph->ihl * 4;
		memcpy(egress ? &d->key.laddr : &d->key.raddr, &iph->saddr, 4);
		memcpy(egress ? &d->key.raddr : &d->key.laddr, &iph->daddr, 4);
	} else if (!ksrtp_parse_ipv6(skb, egress, d, &frag)) {
		return KSRTP_PARSE_OTHER;
	}
	d->key.family = family;
	d->raddr = d->key.raddr;

	uh = skb_header_pointer(skb, d->uoff, sizeof(_uh), &_uh);
	if (!uh)
		return KSRTP_PARSE_BAD;
	d->has_port = true;
	d->key.lport = egress ? uh->source : uh->dest;
	d->key.rport = egress ? uh->dest : uh->source;
	d->rport = d->key.rport;
	if (frag)
		return KSRTP_PARSE_BAD;

	avail = skb->len - d->uoff;
	d->ulen = ntohs(uh->len);
	if (!d->ulen && family == AF_INET6 && ksrtp_udp6_len0_is_rest())
		d->ulen = avail;
	if (d->ulen < sizeof(*uh) || d->ulen > avail)
		return KSRTP_PARSE_BAD;
	return KSRTP_PARSE_UDP;
}

enum ksrtp_kind ksrtp_dgram_classify(const struct sk_buff *skb,
				     struct ksrtp_dgram *d)
{
	unsigned int len = ksrtp_dgram_len(d);
	u8 _h[KSRTP_CLASSIFY_LEN];
	enum ksrtp_kind kind;
	const u8 *h;

	if (!len)
		return KSRTP_KIND_OTHER;
	h = skb_header_pointer(skb, ksrtp_dgram_off(d),
			       min_t(unsigned int, len, sizeof(_h)), _h);
	if (!h)
		return KSRTP_KIND_OTHER;
	kind = ksrtp_classify(h, len, &d->key.ssrc);
	d->rtcp = kind == KSRTP_KIND_RTCP;
	d->has_ssrc = kind == KSRTP_KIND_RTP || d->rtcp;
	return kind;
}

struct ksrtp_ctx *ksrtp_dgram_lookup(struct ksrtp_net *kn, bool egress,
				     struct ksrtp_dgram *d)
{
	struct ksrtp_ctx *ctx;

	d->key.dir = egress ? KSRTP_DIR_OUTBOUND : KSRTP_DIR_INBOUND;
	ctx = ksrtp_lookup(kn, &d->key);
	if (ctx || egress)
		return ctx;
	memset(&d->key.raddr, 0, sizeof(d->key.raddr));
	d->key.rport = 0;
	return ksrtp_lookup(kn, &d->key);
}

struct ksrtp_ctx *ksrtp_dgram_find(const struct nf_hook_state *state,
				   struct sk_buff *skb, bool egress,
				   struct ksrtp_dgram *d)
{
	struct ksrtp_net *kn = ksrtp_net(state->net);

	if (ksrtp_dgram_parse(skb, ksrtp_family(state), egress, d) !=
	    KSRTP_PARSE_UDP || !ksrtp_port_used(kn, d->key.lport))
		return NULL;
	switch (ksrtp_dgram_classify(skb, d)) {
	case KSRTP_KIND_RTP:
	case KSRTP_KIND_RTCP:
		return ksrtp_dgram_lookup(kn, egress, d);
	default:
		return NULL;
	}
}

/* GSO skbs were split before (ksrtp_gso()): none should come here. */
int ksrtp_dgram_prepare(struct sk_buff *skb, const struct ksrtp_dgram *d)
{
	if (skb_is_gso(skb))
		return -EOPNOTSUPP;
	if (skb->len > d->uoff + d->ulen &&
	    pskb_trim_rcsum(skb, d->uoff + d->ulen))
		return -ENOMEM;
	return skb_ensure_writable(skb, skb->len);
}

void ksrtp_dgram_set_len(struct sk_buff *skb, const struct ksrtp_dgram *d,
			 unsigned int ulen)
{
	struct udphdr *uh = (struct udphdr *)(skb->data + d->uoff);
	unsigned int noff = skb_network_offset(skb);

	uh->len = htons(ulen);
	if (d->key.family == AF_INET) {
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

void ksrtp_dgram_csum_out(struct sk_buff *skb, const struct ksrtp_dgram *d,
			  unsigned int ulen)
{
	struct udphdr *uh = (struct udphdr *)(skb->data + d->uoff);
	__wsum sum;

	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		uh->check = ~ksrtp_udp_magic(skb, d->key.family, ulen, 0);
		return;
	}
	if (d->key.family == AF_INET && !uh->check)
		return;
	uh->check = 0;
	sum = skb_checksum(skb, d->uoff, ulen, 0);
	uh->check = ksrtp_udp_magic(skb, d->key.family, ulen, sum);
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
}

bool ksrtp_dgram_csum_bad(struct sk_buff *skb, const struct ksrtp_dgram *d,
			  unsigned int hook)
{
	const struct udphdr *uh = (const struct udphdr *)(skb->data + d->uoff);

	if (skb_csum_unnecessary(skb))
		return false;
	/* IPv4 may send without a checksum; on IPv6 zero never verifies. */
	if (d->key.family == AF_INET && !uh->check)
		return false;
	return nf_checksum(skb, hook, d->uoff, IPPROTO_UDP,
			   d->key.family == AF_INET ? NFPROTO_IPV4 :
			   NFPROTO_IPV6);
}
