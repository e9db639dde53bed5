/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_CONTEXT_H
#define _KSRTP_CONTEXT_H

#include <linux/in6.h>
#include <linux/llist.h>
#include <linux/refcount.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>

#include "crypto.h"
#include "keys.h"
#include "replay.h"

struct ksrtp_net;
struct ksrtp_user;
struct mem_cgroup;

/*
 * The identity of a context, and the key of the per-namespace lookup
 * table. Compared with memcmp(): every byte, padding included, is set.
 * Addresses of both families live in an in6_addr; IPv4 takes the first 4
 * bytes and the rest stays zero. An inbound context with a wildcard remote
 * has an all-zero remote address and port. A template has SSRC 0 and
 * @tmpl set, so it never matches a packet's key.
 */
struct ksrtp_ctx_key {
	struct in6_addr laddr;
	struct in6_addr raddr;
	__be32 ssrc;
	__be16 lport;
	__be16 rport;
	u8 family;		/* AF_INET or AF_INET6 */
	u8 dir;			/* enum ksrtp_direction */
	u8 tmpl;		/* 1 for a template */
	u8 pad;
};

/*
 * The counters of a context. The SRTP packets and bytes, which every media
 * packet moves, are per CPU. The rest move a few times a second (RTCP) or
 * on a drop, and are atomics in the context: per-CPU memory costs its
 * size times the number of possible CPUs, plus the per-CPU allocator's
 * two bytes of map per byte, for every context.
 */
enum ksrtp_stat {
	KSRTP_STAT_RTP_PACKETS,
	KSRTP_STAT_RTP_BYTES,
	KSRTP_STAT_PCPU_COUNT,
	KSRTP_STAT_RTCP_PACKETS = KSRTP_STAT_PCPU_COUNT,
	KSRTP_STAT_RTCP_BYTES,
	KSRTP_STAT_AUTH_FAILURES,
	KSRTP_STAT_REPLAYS,
	KSRTP_STAT_MALFORMED,
	KSRTP_STAT_ERRORS,
	KSRTP_STAT_KEY_LIMIT,
	KSRTP_STAT_UNKNOWN_SSRC,
	KSRTP_STAT_COUNT
};

#define KSRTP_STAT_CTX_COUNT	(KSRTP_STAT_COUNT - KSRTP_STAT_PCPU_COUNT)

struct ksrtp_pcpu_stats {
	u64 v[KSRTP_STAT_PCPU_COUNT];
	struct u64_stats_sync syncp;
};

/* ksrtp_ctx.ev_pending bits: events to send from process context. */
enum {
	KSRTP_EVB_QUEUED,	/* on ksrtp_net.ev_list, holding a reference */
	KSRTP_EVB_KEY,		/* a key's limit flag was raised */
	KSRTP_EVB_LEARNED,
	KSRTP_EVB_LEARN_LIMIT,
	KSRTP_EVB_AUTH,
};

/*
 * One direction of one SSRC, or an inbound template for every SSRC of a
 * session. Everything but the stream state and the counters (below) is
 * written once before the context is published and read-only afterwards
 * (the template and event fields say what guards them); the data path finds
 * contexts under RCU and takes no reference. Removal unpublishes the
 * context (ksrtp_net.lock) and drops the table's reference; the memory is
 * freed after a grace period (call_rcu()) once queued events are sent, so
 * a packet that found it finishes with it safely.
 *
 * The master keys live in @ring, shared with the contexts a template
 * learned. A relay will pair an inbound with an outbound context: the
 * transforms work on a plain buffer and know nothing of skbs or hooks.
 */
struct ksrtp_ctx {
	struct rhash_head node;		/* in ksrtp_net.table */
	struct ksrtp_ctx_key key;
	u32 id;				/* in ksrtp_net.ids */
	refcount_t ref;			/* the table's, and a queued event's */
	u32 template_id;		/* learned: the template; else 0 */
	struct net *net;
	const struct ksrtp_suite_info *suite;
	struct ksrtp_keyring *ring;
	struct ksrtp_pcpu_stats __percpu *stats;
	/* The counters that are not per CPU (enum ksrtp_stat); atomic. */
	atomic64_t ctx_stats[KSRTP_STAT_CTX_COUNT];
	/*
	 * Netlink port id of the socket that owns the context
	 * (KSRTP_A_OWNED), 0 for none: when that socket closes, the context
	 * is removed (netlink.c). Learned contexts inherit their template's.
	 */
	u32 owner;
	/* Who installed it (a learned one: its template's), see user.h. */
	struct ksrtp_user *user;

	/*
	 * Templates (learn.c). @tmpl_node and @learn_limit are under
	 * ksrtp_net.lock, @learned is atomic, @spare and @dead are under
	 * @lock. @memcg is the creator's memory cgroup, charged for the
	 * spares. (Fields are ordered to leave no holes: the context has a
	 * slab cache of its own, and its size is the memory per stream.)
	 * @policy, of every inbound context, says whether it protects its
	 * port (netns.c); a learned context has its template's.
	 */
	u8 policy;			/* enum ksrtp_policy */
	bool dead;			/* unpublished: no more spares */
	u32 learn_limit;
	atomic_t learned;
	struct mem_cgroup *memcg;
	struct list_head tmpl_node;	/* in ksrtp_net.templates */
	struct ksrtp_ctx *spare;	/* ready to become a learned context */

	/* Events (events.c): lock-free from the data path. */
	unsigned long ev_pending;	/* KSRTP_EVB_* */
	struct llist_node ev_node;
	unsigned long ev_next_auth;	/* jiffies: rate limits */
	unsigned long ev_next_limit;

	/*
	 * Stream state. @lock (taken with BHs off: egress runs in process
	 * context, ingress in softirq) protects everything up to the end of
	 * the struct but @rcu. Inbound contexts change it only for
	 * packets that authenticated.
	 *
	 * The replay windows: inbound, the indices accepted, restarted by
	 * KSRTP_CMD_CTX_SET. Outbound, the indices sent, never reset: their
	 * top is the highest index ever sent, which no SET may move the
	 * stream back to (ksrtp_ctx_state_write()), and a packet whose index
	 * is in the window or older than it is not sent (keystream reuse,
	 * and for AES-GCM nonce reuse).
	 */
	spinlock_t lock;
	u32 rtp_roc_init;	/* ROC to assume before the first packet */
	u64 rtp_top;		/* highest SRTP index (ROC << 16 | SEQ) */
	u32 srtcp_index;	/* out: next to send; in: highest accepted */
	bool rtp_started;	/* a packet has been sent or accepted */
	struct ksrtp_replay rtp_replay;		/* in: accepted; out: sent */
	struct ksrtp_replay rtcp_replay;	/* in: accepted; out: sent */

	struct rcu_head rcu;		/* freeing, after a grace period */
};

struct ksrtp_ctx_params {
	struct ksrtp_ctx_key key;
	u16 suite;
	const u8 *master_key;
	unsigned int master_key_len;
	const u8 *master_salt;
	unsigned int master_salt_len;
	u32 replay_window;
	u8 mki[KSRTP_MKI_MAX_LEN];
	u8 mki_len;			/* 0: no MKI */
	u8 policy;			/* inbound contexts and templates */
	u32 learn_limit;		/* templates */
	u32 owner;			/* netlink port id, 0: none */
	kuid_t uid;			/* charged: ksrtp_user_of() */
};

struct ksrtp_ctx *ksrtp_ctx_create(const struct ksrtp_ctx_params *p,
				   struct netlink_ext_ack *extack);
/* A context for @tmpl's session that shares its keys; SSRC unset. */
struct ksrtp_ctx *ksrtp_ctx_clone(struct ksrtp_ctx *tmpl, gfp_t gfp);
/* Back to "no packet yet", for a spare whose first packet failed. */
void ksrtp_ctx_state_clear(struct ksrtp_ctx *ctx);
/* Drop the caller's reference; the last one frees after a grace period. */
void ksrtp_ctx_put(struct ksrtp_ctx *ctx);
/* The caller has unpublished @ctx: drop the table's reference. */
static inline void ksrtp_ctx_destroy(struct ksrtp_ctx *ctx)
{
	ksrtp_ctx_put(ctx);
}

/* The first (for a new context, the only) key, for the self-tests. */
static inline struct ksrtp_mkey *ksrtp_ctx_first_key(struct ksrtp_ctx *ctx)
{
	return rcu_dereference_protected(ctx->ring->keys[0], true);
}

static inline void ksrtp_ctx_count(struct ksrtp_ctx *ctx, enum ksrtp_stat s,
				   u64 n)
{
	struct ksrtp_pcpu_stats *st;

	if (s >= KSRTP_STAT_PCPU_COUNT) {
		atomic64_add(n, &ctx->ctx_stats[s - KSRTP_STAT_PCPU_COUNT]);
		return;
	}
	st = this_cpu_ptr(ctx->stats);
	u64_stats_update_begin(&st->syncp);
	st->v[s] += n;
	u64_stats_update_end(&st->syncp);
}

void ksrtp_ctx_stats_read(const struct ksrtp_ctx *ctx,
			  u64 out[KSRTP_STAT_COUNT]);

/* Snapshot of the stream state, for netlink replies. */
struct ksrtp_ctx_state {
	bool started;
	u64 rtp_top;
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

int ksrtp_ctx_state_write(struct ksrtp_ctx *ctx,
			  const struct ksrtp_ctx_state_update *u);

struct ksrtp_ctx_pos {
	u64 rtp_next, rtp_low;
	u64 srtcp_next, srtcp_low;
};

void ksrtp_ctx_positions(struct ksrtp_ctx *ctx, struct ksrtp_ctx_pos *pos);

int ksrtp_ctx_init(void);
void ksrtp_ctx_exit(void);

#endif /* _KSRTP_CONTEXT_H */
