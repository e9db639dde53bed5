/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_CONTEXT_H
#define _KSRTP_CONTEXT_H

#include <linux/in6.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>

#include "crypto.h"
#include "replay.h"

struct ksrtp_net;

/*
 * The identity of a context, and the key of the per-namespace lookup
 * table. Compared with memcmp(): every byte, padding included, is set.
 * Addresses of both families live in an in6_addr; IPv4 takes the first 4
 * bytes and the rest stays zero. An inbound context with a wildcard remote
 * has an all-zero remote address and port.
 */
struct ksrtp_ctx_key {
	struct in6_addr laddr;
	struct in6_addr raddr;
	__be32 ssrc;
	__be16 lport;
	__be16 rport;
	u8 family;		/* AF_INET or AF_INET6 */
	u8 dir;			/* enum ksrtp_direction */
	u8 pad[2];
};

enum ksrtp_stat {
	KSRTP_STAT_RTP_PACKETS,
	KSRTP_STAT_RTP_BYTES,
	KSRTP_STAT_RTCP_PACKETS,
	KSRTP_STAT_RTCP_BYTES,
	KSRTP_STAT_AUTH_FAILURES,
	KSRTP_STAT_REPLAYS,
	KSRTP_STAT_MALFORMED,
	KSRTP_STAT_ERRORS,
	KSRTP_STAT_COUNT
};

struct ksrtp_pcpu_stats {
	u64 v[KSRTP_STAT_COUNT];
	struct u64_stats_sync syncp;
};

/*
 * One direction of one SSRC. Everything but the stream state below is
 * written once before the context is published and read-only afterwards;
 * the data path finds contexts under RCU and never takes a reference.
 * Removal unpublishes the context under ksrtp_net.lock and frees it
 * after a grace period (free_work), so a packet that found it finishes
 * with it safely. The transforms in rtp_keys/rtcp_keys are used
 * concurrently by every CPU; they are not re-keyed after creation.
 *
 * A relay will pair an inbound with an outbound context: the transforms
 * below work on a plain buffer and know nothing of skbs or hooks.
 */
struct ksrtp_ctx {
	struct rhash_head node;		/* in ksrtp_net.table */
	struct ksrtp_ctx_key key;
	u32 id;				/* in ksrtp_net.ids */
	const struct ksrtp_suite_info *suite;
	struct ksrtp_keys rtp_keys;
	struct ksrtp_keys rtcp_keys;
	struct ksrtp_pcpu_stats __percpu *stats;

	/*
	 * Stream state. @lock (taken with BHs off: egress runs in process
	 * context, ingress in softirq) protects everything up to the end of
	 * the struct. Inbound contexts change it only for packets that
	 * authenticated.
	 */
	spinlock_t lock;
	u64 rtp_top;		/* highest SRTP index (ROC << 16 | SEQ) */
	bool rtp_started;	/* a packet has been sent or accepted */
	u32 rtp_roc_init;	/* ROC to assume before the first packet */
	u32 srtcp_index;	/* out: next to send; in: highest accepted */
	struct ksrtp_replay rtp_replay;		/* inbound only */
	struct ksrtp_replay rtcp_replay;	/* inbound only */

	struct rcu_work free_work;
};

struct ksrtp_ctx_params {
	struct ksrtp_ctx_key key;
	u16 suite;
	const u8 *master_key;
	unsigned int master_key_len;
	const u8 *master_salt;
	unsigned int master_salt_len;
	u32 replay_window;
};

struct ksrtp_ctx *ksrtp_ctx_create(const struct ksrtp_ctx_params *p,
				   struct netlink_ext_ack *extack);
/* Free after an RCU grace period; the caller has unpublished @ctx. */
void ksrtp_ctx_destroy(struct ksrtp_ctx *ctx);

static inline void ksrtp_ctx_count(struct ksrtp_ctx *ctx, enum ksrtp_stat s,
				   u64 n)
{
	struct ksrtp_pcpu_stats *st = this_cpu_ptr(ctx->stats);

	u64_stats_update_begin(&st->syncp);
	st->v[s] += n;
	u64_stats_update_end(&st->syncp);
}

void ksrtp_ctx_stats_read(const struct ksrtp_ctx *ctx,
			  u64 out[KSRTP_STAT_COUNT]);

/* Snapshot of the stream state, for netlink replies. */
struct ksrtp_ctx_state {
	u32 roc;
	u16 seq;
	u32 srtcp_index;
	u32 replay_window;
};

void ksrtp_ctx_state_read(struct ksrtp_ctx *ctx, struct ksrtp_ctx_state *s);

/* Stream state given by signaling; only the has_* fields apply. */
struct ksrtp_ctx_state_update {
	bool has_roc, has_seq, has_srtcp_index;
	u32 roc;
	u16 seq;
	u32 srtcp_index;
};

void ksrtp_ctx_state_write(struct ksrtp_ctx *ctx,
			   const struct ksrtp_ctx_state_update *u);

int ksrtp_ctx_init(void);
void ksrtp_ctx_exit(void);

#endif /* _KSRTP_CONTEXT_H */
