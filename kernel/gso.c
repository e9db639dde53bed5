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

#include "account.h"
#include "compat.h"
#include "dgram.h"
#include "gso.h"
#include "netns.h"

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

/*
 * Split @skb into its datagrams and run @gh->per_datagram on each. A
 * datagram it accepts goes on through the hooks registered after
 * @gh->hook in @state's chain and then @state's okfn, as if the hook had
 * accepted it; one it drops is freed. Under the hook's RCU read lock.
 * Returns 0 when @skb was consumed, or a negative errno when it could
 * not be split; @skb, its headers in place, is then still the caller's.
 */
static int ksrtp_segment(const struct ksrtp_gso_hook *gh, struct sk_buff *skb,
			 const struct nf_hook_state *state)
{
	bool egress = state->hook != NF_INET_LOCAL_IN;
	struct nf_hook_state st = *state;
	const struct nf_hook_entries *e;
	struct sk_buff *segs, *seg, *next;
	unsigned int pos;

	e = ksrtp_chain(state, gh->hook, &pos);
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
		switch (gh->per_datagram(NULL, seg, &st) & NF_VERDICT_MASK) {
		case NF_ACCEPT:
			break;
		case NF_STOLEN:		/* forwarded (forward_send.c) */
			continue;
		default:
			kfree_skb_reason(seg, SKB_DROP_REASON_NETFILTER_DROP);
			continue;
		}
		if (nf_hook_slow(seg, &st, e, pos + 1) == 1)
			st.okfn(st.net, st.sk, seg);
	}
	local_bh_enable();
	return 0;
}

unsigned int ksrtp_gso(const struct ksrtp_gso_hook *gh, struct sk_buff *skb,
		       const struct nf_hook_state *state)
{
	bool egress = state->hook == NF_INET_POST_ROUTING;
	struct ksrtp_ctx *ctx;
	struct ksrtp_dgram d;

	switch (ksrtp_dgram_parse(skb, ksrtp_family(state), egress, &d)) {
	case KSRTP_PARSE_OTHER:
		return NF_ACCEPT;
	case KSRTP_PARSE_BAD:
		/* Ingress decides whether a protected port drops it. */
		return egress ? NF_ACCEPT : gh->per_datagram(NULL, skb, state);
	case KSRTP_PARSE_UDP:
		break;
	}
	if (!ksrtp_port_used(ksrtp_net(state->net), d.key.lport))
		return NF_ACCEPT;
	if (!ksrtp_segment(gh, skb, state))
		return NF_STOLEN;

	ctx = ksrtp_dgram_find(state, skb, egress, &d);
	if (ctx) {
		local_bh_disable();
		ksrtp_ctx_count(ctx, KSRTP_STAT_ERRORS,
				max_t(u16, skb_shinfo(skb)->gso_segs, 1));
		local_bh_enable();
		ksrtp_trace_drop(ctx, KSRTP_DROP_GSO, skb, &d);
	}
	return NF_DROP;
}
