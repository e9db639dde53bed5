/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forwarding rules (uapi/linux/ksrtp.h, "Forwarding"): forward.c keeps
 * them, forward_send.c sends a packet to a rule's outputs.
 */
#ifndef _KSRTP_FORWARD_H
#define _KSRTP_FORWARD_H

#include <linux/rhashtable-types.h>
#include <linux/skbuff.h>
#include <linux/u64_stats_sync.h>
#include <net/dst_cache.h>
#include <uapi/linux/ksrtp.h>

#include "context.h"

struct ksrtp_dgram;
struct ksrtp_net;
struct netlink_ext_ack;

/* A rule's and an output's drop counters, KSRTP_FWD_STATS_A_* order. */
enum ksrtp_fwd_drop {
	KSRTP_FWD_LOOPS,
	KSRTP_FWD_NO_CONTEXT,
	KSRTP_FWD_NO_ROUTE,
	KSRTP_FWD_TOO_BIG,
	KSRTP_FWD_KEY,
	KSRTP_FWD_ERRORS,
	KSRTP_FWD_OTHER_PT,
	KSRTP_FWD_DROP_COUNT
};

/* RTP payload types: 7 bits. */
#define KSRTP_FWD_PTS	128

/**
 * struct ksrtp_fwd_pcpu - one CPU's share of &struct ksrtp_fwd_stats
 * @packets: packets
 * @bytes: their bytes
 * @syncp: written by its CPU only, read with the fetch/retry loop
 */
struct ksrtp_fwd_pcpu {
	u64 packets;
	u64 bytes;
	struct u64_stats_sync syncp;
};

/**
 * struct ksrtp_fwd_stats - the counters of a rule or an output
 * @pcpu: packets and bytes, per CPU
 * @drops: enum ksrtp_fwd_drop; atomic (they move on a drop only)
 */
struct ksrtp_fwd_stats {
	struct ksrtp_fwd_pcpu __percpu *pcpu;
	atomic64_t drops[KSRTP_FWD_DROP_COUNT];
};

/**
 * struct ksrtp_fwd_path - where an output sends, and with which SSRC
 * @family: AF_INET or AF_INET6
 * @saddr: the local address it sends from
 * @daddr: the remote address
 * @sport: the local port
 * @dport: the remote port
 * @ssrc: the SSRC it sends with, if @has_ssrc
 * @has_ssrc: rewrite the SSRC (always for a protected output)
 */
struct ksrtp_fwd_path {
	u8 family;
	struct in6_addr saddr;
	struct in6_addr daddr;
	__be16 sport;
	__be16 dport;
	__be32 ssrc;
	bool has_ssrc;
};

/**
 * struct ksrtp_fwd_out - one output of a rule
 * @id: its handle within the rule
 * @ctx_id: protected: the outbound context (ksrtp_net.ids), looked up
 *	for each packet; 0: plain
 * @path: where it sends; a protected output's is its context's tuple
 * @offsets: sequence number offset << 32 | timestamp offset: one word,
 *	so that a packet sees both of one KSRTP_CMD_FWD_OUT_SET;
 *	WRITE_ONCE() under ksrtp_net.lock, READ_ONCE() by the data path
 * @stats: its counters
 * @route: its route, cached per CPU (net/dst_cache.h, which checks that
 *	a cached route is still valid before it returns it); the data
 *	path's, with bottom halves off
 * @ev_drops: its drops when the last KSRTP_EVENT_FWD_DROPS reported it;
 *	under ksrtp_net.lock (the events work)
 * @rcu: freeing, after a grace period
 *
 * Written before it is published in its rule's &struct ksrtp_fwd_outs
 * and read-only afterwards, but @offsets, the counters, @route and
 * @ev_drops.
 */
struct ksrtp_fwd_out {
	u32 id;
	u32 ctx_id;
	struct ksrtp_fwd_path path;
	u64 offsets;
	struct ksrtp_fwd_stats stats;
	struct dst_cache route;
	u64 ev_drops;
	struct rcu_head rcu;
};

/**
 * struct ksrtp_fwd_outs - a rule's outputs, as the data path sees them
 * @n: how many
 * @rcu: freeing, after a grace period
 * @out: the outputs
 *
 * Never changed once published: adding or removing an output publishes
 * a new array (rcu_assign_pointer()) and frees the old one after a grace
 * period, so a packet sends to the outputs of one array, whole.
 */
struct ksrtp_fwd_outs {
	unsigned int n;
	struct rcu_head rcu;
	struct ksrtp_fwd_out *out[];
};

/**
 * struct ksrtp_fwd - a forwarding rule
 * @node: in ksrtp_net.fwd_table, under ksrtp_net.lock; found under RCU
 * @key: its input: dir inbound; tmpl set (SSRC 0) for every SSRC; an
 *	all-zero remote for any sender
 * @id: in ksrtp_net.fwd_ids
 * @flags: KSRTP_FWD_F_*
 * @owner: netlink port id of the socket that owns it, 0 for none
 * @next_out_id: the id of its next output; under ksrtp_net.lock
 * @pts: the RTP payload types it forwards (all for a rule without
 *	KSRTP_A_FWD_PAYLOAD_TYPES)
 * @outs: its outputs (&struct ksrtp_fwd_outs); replaced under
 *	ksrtp_net.lock, read under RCU
 * @stats: its counters
 * @rcu: freeing, after a grace period
 *
 * Everything but @next_out_id, @outs and the counters is written before
 * the rule is published and read-only afterwards. The data path takes
 * no reference and no lock: removal unpublishes the rule and frees it,
 * its outputs and their array after a grace period.
 */
struct ksrtp_fwd {
	struct rhash_head node;
	struct ksrtp_ctx_key key;
	u32 id;
	u32 flags;
	u32 owner;
	u32 next_out_id;
	DECLARE_BITMAP(pts, KSRTP_FWD_PTS);
	struct ksrtp_fwd_outs __rcu *outs;
	struct ksrtp_fwd_stats stats;
	struct rcu_head rcu;
};

/**
 * struct ksrtp_fwd_out_params - what a new output is made of
 * @ctx_id: protected: an outbound context; 0: plain, as @path says
 * @path: plain: where it sends
 * @seq_off: the sequence number offset
 * @ts_off: the timestamp offset
 *
 * Filled by netlink on the stack; no lock.
 */
struct ksrtp_fwd_out_params {
	u32 ctx_id;
	struct ksrtp_fwd_path path;
	u16 seq_off;
	u32 ts_off;
};

/**
 * ksrtp_fwd_offsets() - pack an output's offsets into one word
 * @seq_off: sequence number offset
 * @ts_off: timestamp offset
 *
 * Return: the word of ksrtp_fwd_out.offsets.
 */
static inline u64 ksrtp_fwd_offsets(u16 seq_off, u32 ts_off)
{
	return (u64)seq_off << 32 | ts_off;
}

/* forward.c: the rules of a namespace (ksrtp_net.lock held for changes). */

/**
 * ksrtp_fwd_add() - install a rule
 * @kn: the namespace
 * @key: its input (see &struct ksrtp_fwd)
 * @flags: KSRTP_FWD_F_*
 * @owner: netlink port id, 0: none
 * @pts: the RTP payload types it forwards (KSRTP_FWD_PTS bits), NULL:
 *	every one
 * @id: its handle, on success
 * @extack: for the reason of a refusal
 *
 * Registers the data path on first use. Caller holds ksrtp_net.lock.
 *
 * Return: 0, or -EEXIST, -ENOSPC, -ENOMEM.
 */
int ksrtp_fwd_add(struct ksrtp_net *kn, const struct ksrtp_ctx_key *key,
		  u32 flags, u32 owner, const unsigned long *pts, u32 *id,
		  struct netlink_ext_ack *extack);
/**
 * ksrtp_fwd_remove() - unpublish a rule, free it after a grace period
 * @kn: the namespace
 * @fwd: the rule
 *
 * Caller holds ksrtp_net.lock.
 */
void ksrtp_fwd_remove(struct ksrtp_net *kn, struct ksrtp_fwd *fwd);
/**
 * ksrtp_fwd_flush() - remove every rule
 * @kn: the namespace
 *
 * Caller holds ksrtp_net.lock.
 */
void ksrtp_fwd_flush(struct ksrtp_net *kn);
/**
 * ksrtp_fwd_release_owner() - remove the rules a socket owns
 * @kn: the namespace
 * @portid: the socket's port id
 *
 * Caller holds ksrtp_net.lock.
 */
void ksrtp_fwd_release_owner(struct ksrtp_net *kn, u32 portid);
/**
 * ksrtp_fwd_out_add() - add an output to a rule
 * @kn: the namespace
 * @fwd: the rule
 * @p: the output
 * @id: its handle, on success
 * @extack: for the reason of a refusal
 *
 * Caller holds ksrtp_net.lock.
 *
 * Return: 0, or -ENOENT (no such context), -EINVAL (not outbound),
 * -EEXIST, -ENOSPC, -ENOMEM.
 */
int ksrtp_fwd_out_add(struct ksrtp_net *kn, struct ksrtp_fwd *fwd,
		      const struct ksrtp_fwd_out_params *p, u32 *id,
		      struct netlink_ext_ack *extack);
/**
 * ksrtp_fwd_out_find() - an output of a rule by its id
 * @kn: the namespace
 * @fwd: the rule
 * @id: the output's id
 *
 * Caller holds ksrtp_net.lock.
 *
 * Return: the output, or NULL.
 */
struct ksrtp_fwd_out *ksrtp_fwd_out_find(struct ksrtp_net *kn,
					 struct ksrtp_fwd *fwd, u32 id);
/**
 * ksrtp_fwd_out_del() - remove an output from a rule
 * @kn: the namespace
 * @fwd: the rule
 * @out: the output (ksrtp_fwd_out_find())
 *
 * Caller holds ksrtp_net.lock. The other outputs lose nothing.
 *
 * Return: 0, or -ENOMEM (nothing changed).
 */
int ksrtp_fwd_out_del(struct ksrtp_net *kn, struct ksrtp_fwd *fwd,
		      struct ksrtp_fwd_out *out);
/**
 * ksrtp_fwd_stats_read() - the sum of a rule's or an output's counters
 * @st: the counters
 * @packets: packets
 * @bytes: bytes
 * @drops: one per enum ksrtp_fwd_drop
 */
void ksrtp_fwd_stats_read(const struct ksrtp_fwd_stats *st, u64 *packets,
			  u64 *bytes, u64 drops[KSRTP_FWD_DROP_COUNT]);
/**
 * ksrtp_fwd_lookup() - the rule a received datagram goes to
 * @kn: the namespace
 * @d: a classified RTP or RTCP datagram, with its source
 *
 * Under RCU, no reference taken. The rule that names the source comes
 * before one for any sender, the one of the SSRC before one for every
 * SSRC.
 *
 * Return: the rule, or NULL.
 */
struct ksrtp_fwd *ksrtp_fwd_lookup(struct ksrtp_net *kn,
				   const struct ksrtp_dgram *d);
/**
 * ksrtp_fwd_takes() - whether a rule forwards a packet of its input
 * @fwd: the rule (ksrtp_fwd_lookup())
 * @skb: the datagram
 * @d: where it sits
 *
 * RTCP always; RTP if the rule forwards its payload type. A packet the
 * rule does not take is counted on it (KSRTP_FWD_OTHER_PT) and goes on
 * as if the rule did not exist.
 *
 * Return: true to forward it.
 */
bool ksrtp_fwd_takes(struct ksrtp_fwd *fwd, const struct sk_buff *skb,
		     const struct ksrtp_dgram *d);
/**
 * ksrtp_fwd_net_init() - no rules yet
 * @kn: the namespace
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_fwd_net_init(struct ksrtp_net *kn);
/**
 * ksrtp_fwd_net_exit() - free the rule tables
 * @kn: the namespace, its rules removed
 */
void ksrtp_fwd_net_exit(struct ksrtp_net *kn);

/* forward_send.c: the data path. */

/**
 * ksrtp_forward() - send a received packet to a rule's outputs
 * @kn: the namespace
 * @fwd: the rule
 * @skb: the datagram, its payload the plain RTP or RTCP
 * @d: where the datagram sits
 * @len: the length of the plain payload
 *
 * Each output gets a copy, rewritten, protected and routed on its own;
 * the received datagram is delivered to the socket only if the rule
 * says so. BHs off.
 *
 * Return: the netfilter verdict for @skb (NF_STOLEN: consumed).
 */
unsigned int ksrtp_forward(struct ksrtp_net *kn, struct ksrtp_fwd *fwd,
			   struct sk_buff *skb, const struct ksrtp_dgram *d,
			   unsigned int len);

#endif /* _KSRTP_FORWARD_H */
