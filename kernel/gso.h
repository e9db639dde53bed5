/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_GSO_H
#define _KSRTP_GSO_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>

/**
 * struct ksrtp_gso_hook - a hook that takes GSO skbs apart
 * @hook: the hook as registered: finds its place in the chain
 * @per_datagram: its path for one datagram: NF_ACCEPT, or an NF_DROP
 *	verdict (errno bits allowed). Never steals or frees the skb.
 *
 * Static and constant; no lock.
 */
struct ksrtp_gso_hook {
	nf_hookfn *hook;
	nf_hookfn *per_datagram;
};

/**
 * ksrtp_gso() - a GSO skb (or GRO aggregate) at a ksrtp hook
 * @gh: the hook
 * @skb: the GSO skb, data at the IP header
 * @state: the hook's state
 *
 * On a local port that has contexts, any datagram may belong to a
 * context, whatever the first one is, so the skb is split the way the
 * stack splits it and each datagram goes through @gh->per_datagram,
 * counted as any other; what it accepts resumes the hook chain after
 * @gh->hook. An skb that cannot be split is dropped, and counted per
 * datagram in the errors of the first datagram's context, if it has one.
 * Anything else is accepted as it is.
 *
 * Return: the hook's verdict: NF_STOLEN when the datagrams went on.
 */
unsigned int ksrtp_gso(const struct ksrtp_gso_hook *gh, struct sk_buff *skb,
		       const struct nf_hook_state *state);

#endif /* _KSRTP_GSO_H */
