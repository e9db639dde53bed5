/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_SEGMENT_H
#define _KSRTP_SEGMENT_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>

/**
 * struct ksrtp_split - a hook that takes GSO skbs apart
 * @hook: the hook as registered: finds its place in the chain
 * @one: its per-datagram path: NF_ACCEPT, or an NF_DROP verdict (errno
 *	bits allowed). Never steals or frees the skb.
 *
 * Static and constant; no lock.
 */
struct ksrtp_split {
	nf_hookfn *hook;
	nf_hookfn *one;
};

/**
 * ksrtp_segment() - split a GSO skb and run a hook's datagram path on each
 * @split: the hook
 * @skb: the GSO skb, data at the IP header
 * @state: the hook's state
 *
 * Split @skb into its datagrams and run @split->one on each. A datagram
 * it accepts goes on through the hooks registered after @split->hook in
 * @state's chain and then @state's okfn, as if the hook had accepted it;
 * one it drops is freed. Call from @split->hook, under its RCU read lock.
 *
 * Return: 0 when @skb was consumed (the hook then returns NF_STOLEN), or
 * a negative errno when it could not be split; @skb, its headers in
 * place, is then still the caller's to drop.
 */
int ksrtp_segment(const struct ksrtp_split *split, struct sk_buff *skb,
		  const struct nf_hook_state *state);

#endif /* _KSRTP_SEGMENT_H */
