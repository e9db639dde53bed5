/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_DGRAM_H
#define _KSRTP_DGRAM_H

#include <linux/in6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/udp.h>

#include "context.h"
#include "srtp.h"

struct ksrtp_net;

/**
 * struct ksrtp_dgram - where a UDP datagram sits in an skb
 * @key: the context key it looks up: addresses and ports as seen from
 *	the host, the direction, the SSRC
 * @uoff: UDP header offset from skb->data (the IP header)
 * @ulen: UDP length, header included
 * @rtcp: RTCP rather than RTP
 * @has_port: the UDP header was read: @key has the ports
 * @has_ssrc: RTP or RTCP: @key has the SSRC
 * @guarded: ingress: to a protected port
 * @raddr: ingress: the source, before an inbound lookup wildcards @key's
 * @rport: ingress: the source port, likewise
 *
 * The hook's, on its stack, for one datagram.
 */
struct ksrtp_dgram {
	struct ksrtp_ctx_key key;
	unsigned int uoff;
	unsigned int ulen;
	bool rtcp;
	bool has_port;
	bool has_ssrc;
	bool guarded;
	struct in6_addr raddr;
	__be16 rport;
};

/* What the IP and UDP headers say, read as the UDP stack reads them. */
enum ksrtp_parse {
	KSRTP_PARSE_OTHER,	/* not UDP, or a fragment after the first */
	KSRTP_PARSE_UDP,	/* a whole UDP datagram */
	KSRTP_PARSE_BAD,	/* UDP that UDP refuses or that is a fragment */
};

/**
 * ksrtp_dgram_off() - where the UDP payload (RTP, RTCP) starts
 * @d: the datagram
 *
 * Return: its offset from skb->data.
 */
static inline unsigned int ksrtp_dgram_off(const struct ksrtp_dgram *d)
{
	return d->uoff + sizeof(struct udphdr);
}

/**
 * ksrtp_dgram_len() - the length of the UDP payload
 * @d: the datagram
 *
 * Return: the length.
 */
static inline unsigned int ksrtp_dgram_len(const struct ksrtp_dgram *d)
{
	return d->ulen - sizeof(struct udphdr);
}

/**
 * ksrtp_family() - the address family of a hook's packets
 * @state: the hook's state
 *
 * Return: AF_INET or AF_INET6.
 */
static inline u8 ksrtp_family(const struct nf_hook_state *state)
{
	return state->pf == NFPROTO_IPV4 ? AF_INET : AF_INET6;
}

/**
 * ksrtp_dgram_parse() - read the IP and UDP headers
 * @skb: the packet, data at the IP header
 * @family: AF_INET or AF_INET6
 * @egress: the host sends it (the source is local), else receives it
 * @d: filled with what was read
 *
 * The UDP length is taken as UDP takes it: on IPv6, 0 means the rest of
 * the packet where the kernel has jumbograms; one shorter than the header
 * or longer than what the IP header leaves is refused. Fragments are
 * reassembled before LOCAL_IN (nf_defrag_ipv6 for IPv6): one that comes
 * here anyway cannot be read as UDP will, and is KSRTP_PARSE_BAD if it is
 * the first, with the ports when they can be read.
 *
 * Return: what the datagram is.
 */
enum ksrtp_parse ksrtp_dgram_parse(struct sk_buff *skb, u8 family,
				   bool egress, struct ksrtp_dgram *d);
/**
 * ksrtp_dgram_classify() - RTP, RTCP, a passed protocol, or other?
 * @skb: the packet
 * @d: a parsed datagram; on RTP and RTCP, its SSRC and @d->rtcp are set
 *
 * Return: what ksrtp_classify() says of the payload.
 */
enum ksrtp_kind ksrtp_dgram_classify(const struct sk_buff *skb,
				     struct ksrtp_dgram *d);
/**
 * ksrtp_dgram_lookup() - the context of a classified RTP or RTCP datagram
 * @kn: the namespace
 * @egress: outbound, else inbound
 * @d: the datagram; an inbound one whose source no context names is
 *	looked up with the wildcard remote (@d->key keeps it, @d->raddr and
 *	@d->rport the source)
 *
 * Under RCU, no reference taken.
 *
 * Return: the context, or NULL.
 */
struct ksrtp_ctx *ksrtp_dgram_lookup(struct ksrtp_net *kn, bool egress,
				     struct ksrtp_dgram *d);
/**
 * ksrtp_dgram_find() - parse, classify and look up in one
 * @state: the hook's state
 * @skb: the packet
 * @egress: outbound, else inbound
 * @d: filled
 *
 * Return: the context of a whole RTP or RTCP datagram to or from a local
 * port with contexts, or NULL.
 */
struct ksrtp_ctx *ksrtp_dgram_find(const struct nf_hook_state *state,
				   struct sk_buff *skb, bool egress,
				   struct ksrtp_dgram *d);
/**
 * ksrtp_dgram_prepare() - make the datagram linear, private and exactly
 *	as long as UDP says
 * @skb: the packet, not GSO
 * @d: its datagram
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_dgram_prepare(struct sk_buff *skb, const struct ksrtp_dgram *d);
/**
 * ksrtp_dgram_set_len() - write a new UDP length and the IP length
 * @skb: the packet, its length already changed
 * @d: its datagram
 * @ulen: the new UDP length, header included
 */
void ksrtp_dgram_set_len(struct sk_buff *skb, const struct ksrtp_dgram *d,
			 unsigned int ulen);
/**
 * ksrtp_dgram_csum_out() - the UDP checksum of a datagram that grew
 * @skb: the packet
 * @d: its datagram
 * @ulen: its UDP length
 *
 * A checksum left to the device (CHECKSUM_PARTIAL) only needs the new
 * pseudo-header; one computed already is computed again. An IPv4
 * datagram sent without checksum stays without.
 */
void ksrtp_dgram_csum_out(struct sk_buff *skb, const struct ksrtp_dgram *d,
			  unsigned int ulen);
/**
 * ksrtp_dgram_csum_bad() - does a received datagram's checksum fail?
 * @skb: the packet
 * @d: its datagram
 * @hook: the hook number, for nf_checksum()
 *
 * Return: true if it fails; false if it verifies, the device verified
 * it, or an IPv4 datagram has none.
 */
bool ksrtp_dgram_csum_bad(struct sk_buff *skb, const struct ksrtp_dgram *d,
			  unsigned int hook);

#endif /* _KSRTP_DGRAM_H */
