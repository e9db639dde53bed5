/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_HOOKS_H
#define _KSRTP_HOOKS_H

#include <linux/netfilter.h>

struct net;

/*
 * The per-datagram paths the hooks run, for one whole (not GSO) packet;
 * nf_hookfn, so that gso.c can run them on each datagram it splits off.
 * They return NF_ACCEPT or an NF_DROP verdict, never steal the skb.
 */

/**
 * ksrtp_send_one() - egress: protect a datagram of an outbound context
 * @priv: unused
 * @skb: the packet, from a local socket
 * @state: the hook's state
 *
 * Return: the verdict.
 */
unsigned int ksrtp_send_one(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state);
/**
 * ksrtp_receive_one() - ingress: authenticate, or refuse, a datagram
 * @priv: unused
 * @skb: the packet, for this host
 * @state: the hook's state
 *
 * Return: the verdict.
 */
unsigned int ksrtp_receive_one(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state);

/**
 * ksrtp_hooks_register() - attach the data path to a namespace
 * @net: the namespace
 *
 * May sleep.
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_hooks_register(struct net *net);
/**
 * ksrtp_hooks_unregister() - detach the data path from a namespace
 * @net: the namespace
 *
 * May sleep.
 */
void ksrtp_hooks_unregister(struct net *net);

#endif /* _KSRTP_HOOKS_H */
