// SPDX-License-Identifier: GPL-2.0
/*
 * Several datagrams in one skb: a UDP GSO skb built by a socket with
 * UDP_SEGMENT (egress), or on ingress a GRO aggregate (a socket with
 * UDP_GRO, or rx-gro-list on the device) or a GSO skb that a local sender
 * looped through a veth. SRTP protects and verifies datagram by datagram,
 * each with its own index, tag and verdict, so such an skb is split here
 * the way the stack itself splits it (validate_xmit_skb(),
 * udp_rcv_segment()), and every datagram takes the ordinary path.
 *
 * Splitting allocates one skb per datagram (skb_segment() copies the data:
 * no NETIF_F_SG, so every datagram is linear and private, with the
 * headroom of the original). That is the cost of segmentation the stack
 * pays too; the per-datagram path after it allocates nothing more unless
 * the tailroom is short of the tag, as for any packet.
 *
 * The datagrams must then continue where the aggregate would have: through
 * the hooks after ours (source NAT, conntrack confirmation, other tables)
 * and into the hook's okfn (ip_finish_output(), ip6_finish_output(),
 * ip_local_deliver_finish(), ip6_input_finish()). Calling okfn alone would
 * skip those hooks, so the chain is resumed with nf_hook_slow() from the
 * entry after ours, as nf_reinject() does for a queued packet.
 */

#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#ifdef KSRTP_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#include "compat.h"
#include "segment.h"

/*
 * The hooks of @state's chain in this namespace and the place of @self in
 * them, or NULL if it is not there (being unregistered). The blob may be newer
 * than the one nf_hook_slow() is walking for the aggregate; our position
 * is looked up in the blob we resume, so they agree.
 */
static const struct nf_hook_entries *
ksrtp_chain(const struct nf_hook_state *state, nf_hookfn *self,
	    unsigned int *pos)
{
	const struct nf_hook_entries *e;
	unsigned int i;

	switch (state->pf) {
	case NFPROTO_IPV4:
		e = rcu_dereference(state->net->nf.hooks_ipv4[state->hook]);
		break;
	case NFPROTO_IPV6:
		e = rcu_dereference(state->net->nf.hooks_ipv6[state->hook]);
		break;
	default:
		return NULL;
	}
	for (i = 0; e && i < e->num_hook_entries; i++) {
		if (e->hooks[i].hook == self) {
			*pos = i;
			return e;
		}
	}
	return NULL;
}

int ksrtp_segment(const struct ksrtp_split *split, struct sk_buff *skb,
		  const struct nf_hook_state *state)
{
	bool egress = state->hook != NF_INET_LOCAL_IN;
	struct nf_hook_state st = *state;
	const struct nf_hook_entries *e;
	struct sk_buff *segs, *seg, *next;
	unsigned int pos;

	e = ksrtp_chain(state, split->hook, &pos);
	if (!e)
		return -ENOENT;

	/*
	 * As udp_rcv_segment(): a GSO skb looped back by multicast
	 * (dev_loopback_xmit()) was turned from CHECKSUM_PARTIAL into
	 * CHECKSUM_UNNECESSARY, which UDP segmentation cannot take.
	 */
	if (!egress && skb->pkt_type == PACKET_LOOPBACK)
		skb->ip_summed = CHECKSUM_PARTIAL;

	/*
	 * Checksums stay CHECKSUM_PARTIAL (NETIF_F_HW_CSUM): on egress the
	 * device or validate_xmit_skb() completes them; on ingress GRO has
	 * verified them, or a local sender's skb never needed it. Returns a
	 * list; for a fraglist skb (GRO with rx-gro-list) the list starts
	 * with @skb itself, with an extra reference that consume_skb() below
	 * drops.
	 */
	segs = __skb_gso_segment(skb, NETIF_F_HW_CSUM, egress);
	if (IS_ERR_OR_NULL(segs))
		return segs ? PTR_ERR(segs) : -EINVAL;
	consume_skb(skb);

	/*
	 * As nf_reinject(): bottom halves off while the datagrams go on.
	 * On egress this also hands a veth peer the whole burst in one NAPI
	 * poll, as the aggregate would have been.
	 */
	local_bh_disable();
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		if ((split->one(NULL, seg, &st) & NF_VERDICT_MASK) != NF_ACCEPT) {
			kfree_skb_reason(seg, SKB_DROP_REASON_NETFILTER_DROP);
			continue;
		}
		if (nf_hook_slow(seg, &st, e, pos + 1) == 1)
			st.okfn(st.net, st.sk, seg);
	}
	local_bh_enable();
	return 0;
}
