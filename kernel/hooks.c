// SPDX-License-Identifier: GPL-2.0
/*
 * Where the data path meets the network stack: the netfilter hooks.
 *
 * Egress: NF_INET_POST_ROUTING just before source NAT. Every firewall and
 * mangle rule has seen the plain packet by then, the source address is
 * still the one the socket used (what a context names), and the packet is
 * not fragmented yet: the IP layer fragments what the tag makes too big,
 * unless the socket forbids it (send.c). Each datagram goes to
 * ksrtp_send_one().
 *
 * Ingress: NF_INET_LOCAL_IN just after the filter table. The packet is
 * known to be for this host, the firewall has had its say (so a dropped
 * packet costs no crypto), IPv4 is reassembled and IPv6 is too, through
 * nf_defrag_ipv6, which registering enables. Each datagram goes to
 * ksrtp_receive_one().
 *
 * Both: a GSO skb (several datagrams) on a port with contexts is split
 * and each datagram processed on its own (gso.c).
 */

#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "compat.h"
#include "gso.h"
#include "hooks.h"

static unsigned int ksrtp_nf_out(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	static const struct ksrtp_gso_hook gh = {
		.hook = ksrtp_nf_out,
		.per_datagram = ksrtp_send_one,
	};

	/* Only what a local socket sends: forwarded packets are not ours. */
	if (!skb->sk)
		return NF_ACCEPT;
	if (unlikely(skb_is_gso(skb)))
		return ksrtp_gso(&gh, skb, state);
	return ksrtp_send_one(priv, skb, state);
}

static unsigned int ksrtp_nf_in(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	static const struct ksrtp_gso_hook gh = {
		.hook = ksrtp_nf_in,
		.per_datagram = ksrtp_receive_one,
	};

	if (unlikely(skb_is_gso(skb)))
		return ksrtp_gso(&gh, skb, state);
	return ksrtp_receive_one(priv, skb, state);
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
