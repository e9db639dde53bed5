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

#include "session_keys.h"
#include "master_keys.h"
#include "replay.h"

struct ksrtp_net;
struct ksrtp_template;
struct ksrtp_user;

/**
 * struct ksrtp_ctx_key - the identity of a context
 * @laddr: local address
 * @raddr: remote address; all zero for an inbound wildcard remote
 * @ssrc: the stream's SSRC; 0 for a template
 * @lport: local UDP port
 * @rport: remote UDP port; 0 for an inbound wildcard remote
 * @family: AF_INET or AF_INET6
 * @dir: enum ksrtp_direction
 * @tmpl: 1 for a template
 * @pad: always 0
 *
 * The key of the per-namespace lookup table. Compared with memcmp():
 * every byte, padding included, is set. Addresses of both families live
 * in an in6_addr; IPv4 takes the first 4 bytes and the rest stays zero.
 * An inbound context with a wildcard remote has an all-zero remote
 * address and port. A template has SSRC 0 and @tmpl set, so it never
 * matches a packet's key. Part of &struct ksrtp_ctx, written before the
 * context is published and read-only afterwards.
 */
struct ksrtp_ctx_key {
	struct in6_addr laddr;
	struct in6_addr raddr;
	__be32 ssrc;
	__be16 lport;
	__be16 rport;
	u8 family;
	u8 dir;
	u8 tmpl;
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

/**
 * struct ksrtp_pcpu_stats - a context's per-CPU counters
 * @v: the counters below %KSRTP_STAT_PCPU_COUNT (enum ksrtp_stat)
 * @syncp: written by the owning CPU only, read with the fetch/retry loop
 */
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

/**
 * struct ksrtp_ctx - one direction of one SSRC, or an inbound template
 * @node: in ksrtp_net.table: linked and unlinked under the lock of
 *	ksrtp_net.ids (see &struct ksrtp_net), found under RCU
 * @key: the context's identity (&struct ksrtp_ctx_key)
 * @id: in ksrtp_net.ids, under that xarray's lock
 * @ref: the table's reference, and a queued event's
 * @template_id: learned: the id of the template; else 0
 * @net: the namespace; NULL for the self-tests' contexts
 * @suite: the crypto suite
 * @ring: the master keys, shared with the contexts a template learned
 *	(master_keys.h says what guards them)
 * @stats: the per-CPU counters (enum ksrtp_stat), under their own @syncp
 * @ctx_stats: the counters that are not per CPU (enum ksrtp_stat); atomic
 * @user: who installed it (a learned one: its template's), see user.h
 * @tmpl: template: what only templates have (&struct ksrtp_template,
 *	learn.c), allocated and freed with the context; NULL for a stream
 * @ev_pending: KSRTP_EVB_* bits; atomic bit operations
 * @ev_node: in ksrtp_net.ev_list while %KSRTP_EVB_QUEUED is set; lock-free
 * @ev_next_auth: jiffies: rate limit of the auth event;
 *	READ_ONCE()/WRITE_ONCE(), no lock
 * @ev_next_limit: jiffies: rate limit of the learn limit event; likewise
 * @rcu: freeing, after a grace period
 * @owner: netlink port id of the socket that owns the context
 *	(KSRTP_A_OWNED), 0 for none: when that socket closes, the context is
 *	removed (owner.c). Learned contexts inherit their template's.
 * @lock: the stream lock, taken with BHs off (egress runs in process
 *	context, ingress in softirq); protects @rtp_roc_init up to
 *	@rtp_started, and of a template the spare and the dead flag in
 *	@tmpl
 * @rtp_roc_init: ROC to assume before the first packet; under @lock
 * @srtcp_index: out: next to send; in: highest accepted; under @lock
 * @rtp_top: highest SRTP index (ROC << 16 | SEQ); under @lock
 * @rtp_replay: SRTP replay window, in: accepted; out: sent; under @lock
 * @rtcp_replay: SRTCP replay window, in: accepted; out: sent; under @lock
 * @rtp_started: a packet has been sent or accepted; under @lock
 * @policy: enum ksrtp_policy. Of every inbound context, says whether it
 *	protects its port (ports.c); a learned context has its template's.
 * @cryptex: RFC 9335 (KSRTP_A_CRYPTEX): outbound, send cryptex; inbound,
 *	take it besides plain SRTP. A learned context has its template's.
 * @unencrypted_srtp: KSRTP_A_UNENCRYPTED_SRTP: RTP payloads in the clear
 * @unencrypted_srtcp: KSRTP_A_UNENCRYPTED_SRTCP: SRTCP in the clear, E = 0
 * @unauthenticated_srtp: KSRTP_A_UNAUTHENTICATED_SRTP: SRTP without a tag
 *	(never a template's). The three RFC 4568 session parameters; a
 *	learned context has its template's.
 *
 * Everything but the stream state and the counters is written once before
 * the context is published and read-only afterwards (the event fields
 * say what guards them); the data path finds contexts under
 * RCU and takes no reference. Removal unpublishes the context
 * (ksrtp_net.lock) and drops the table's reference; the memory is freed
 * after a grace period (call_rcu()) once queued events are sent, so a
 * packet that found it finishes with it safely.
 *
 * What only templates need is in @tmpl, owned by learn.c: a stream's
 * context does not carry it. Fields are ordered to leave no holes: the
 * context has a slab cache of its own, and its size is the memory per
 * stream. The 4-byte fields pair up after @key (44 bytes), and the
 * 1-byte ones, which would each leave a hole anywhere else, come last:
 * 336 bytes on x86-64 without lock debugging, of which 2 are the tail
 * padding. Events (events.c) are lock-free from the data path.
 *
 * Stream state: @lock protects @rtp_roc_init to @rtp_started. Inbound
 * contexts change it only for packets that authenticated. The replay
 * windows: inbound, the indices accepted, restarted by
 * KSRTP_CMD_CTX_SET. Outbound, the indices sent, never reset: their top
 * is the highest index ever sent, which no SET may move the stream back
 * to (ksrtp_ctx_state_write()), and a packet whose index is in the
 * window or older than it is not sent (keystream reuse, and for AES-GCM
 * nonce reuse).
 *
 * A relay will pair an inbound with an outbound context: the transforms
 * work on a plain buffer and know nothing of skbs or hooks.
 */
struct ksrtp_ctx {
	struct rhash_head node;
	struct ksrtp_ctx_key key;
	u32 id;
	refcount_t ref;
	u32 template_id;
	struct net *net;
	const struct ksrtp_suite_info *suite;
	struct ksrtp_keyring *ring;
	struct ksrtp_pcpu_stats __percpu *stats;
	atomic64_t ctx_stats[KSRTP_STAT_CTX_COUNT];
	struct ksrtp_user *user;
	struct ksrtp_template *tmpl;

	/* Events. */
	unsigned long ev_pending;
	struct llist_node ev_node;
	unsigned long ev_next_auth;
	unsigned long ev_next_limit;

	struct rcu_head rcu;
	u32 owner;

	/* Stream state, under @lock. */
	spinlock_t lock;
	u32 rtp_roc_init;
	u32 srtcp_index;
	u64 rtp_top;
	struct ksrtp_replay rtp_replay;
	struct ksrtp_replay rtcp_replay;
	bool rtp_started;

	u8 policy;
	bool cryptex;
	bool unencrypted_srtp;
	bool unencrypted_srtcp;
	bool unauthenticated_srtp;
};

/**
 * struct ksrtp_ctx_params - what a new context is made of
 * @key: its identity
 * @suite: enum ksrtp_suite
 * @master_key: the first master key
 * @master_key_len: its length
 * @master_salt: the first master salt
 * @master_salt_len: its length
 * @replay_window: size of both replay windows
 * @mki: the first key's MKI
 * @mki_len: 0: no MKI
 * @policy: inbound contexts and templates: enum ksrtp_policy
 * @learn_limit: templates
 * @owner: netlink port id, 0: none
 * @uid: charged: ksrtp_user_of()
 * @cryptex: RFC 9335, see &struct ksrtp_ctx
 * @unencrypted_srtp: RFC 4568, see &struct ksrtp_ctx
 * @unencrypted_srtcp: RFC 4568, see &struct ksrtp_ctx
 * @unauthenticated_srtp: RFC 4568, see &struct ksrtp_ctx
 * @enc_hdr: RFC 6904, KSRTP_A_ENC_HDR_EXT_IDS given: @enc_ids holds them
 * @enc_ids: the IDs of the header extension elements to encrypt, a
 *	bitmap (struct ksrtp_keyring.enc_ids)
 *
 * Filled by netlink (and the self-tests) on the stack; no lock.
 */
struct ksrtp_ctx_params {
	struct ksrtp_ctx_key key;
	u16 suite;
	const u8 *master_key;
	unsigned int master_key_len;
	const u8 *master_salt;
	unsigned int master_salt_len;
	u32 replay_window;
	u8 mki[KSRTP_MKI_MAX_LEN];
	u8 mki_len;
	u8 policy;
	u32 learn_limit;
	u32 owner;
	kuid_t uid;
	bool cryptex;
	bool unencrypted_srtp;
	bool unencrypted_srtcp;
	bool unauthenticated_srtp;
	bool enc_hdr;
	DECLARE_BITMAP(enc_ids, KSRTP_HDR_EXT_IDS);
};

/**
 * ksrtp_ctx_create() - a new, unpublished context with its first key
 * @p: what it is made of
 * @extack: for the reason of a refusal
 *
 * Return: the context, with one reference, or an ERR_PTR().
 */
struct ksrtp_ctx *ksrtp_ctx_create(const struct ksrtp_ctx_params *p,
				   struct netlink_ext_ack *extack);
/**
 * ksrtp_ctx_clone() - a context for @tmpl's session that shares its keys
 * @tmpl: the template
 * @gfp: allocation flags
 *
 * Return: the new context, its SSRC unset, or NULL.
 */
struct ksrtp_ctx *ksrtp_ctx_clone(struct ksrtp_ctx *tmpl, gfp_t gfp);
/**
 * ksrtp_ctx_state_clear() - back to "no packet yet"
 * @ctx: a spare whose first packet failed
 *
 * Only for a context nobody else can see: takes no lock.
 */
void ksrtp_ctx_state_clear(struct ksrtp_ctx *ctx);
/**
 * ksrtp_ctx_put() - drop the caller's reference
 * @ctx: the context
 *
 * Also drops the table's reference, once ksrtp_remove() has unpublished
 * the context, and that of a context never published. The last one
 * frees after a grace period.
 */
void ksrtp_ctx_put(struct ksrtp_ctx *ctx);
/**
 * ksrtp_ctx_first_key() - the first (for a new context, the only) key
 * @ctx: the context
 *
 * For the self-tests.
 *
 * Return: the key.
 */
static inline struct ksrtp_mkey *ksrtp_ctx_first_key(struct ksrtp_ctx *ctx)
{
	return rcu_dereference_protected(ctx->ring->keys[0], true);
}

/**
 * ksrtp_ctx_count() - add to one of a context's counters
 * @ctx: the context
 * @s: the counter
 * @n: how much
 *
 * Per CPU or atomic (enum ksrtp_stat): from any context, no lock.
 */
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

/**
 * ksrtp_ctx_stats_read() - the sum of a context's counters
 * @ctx: the context
 * @out: one value per enum ksrtp_stat
 */
void ksrtp_ctx_stats_read(const struct ksrtp_ctx *ctx,
			  u64 out[KSRTP_STAT_COUNT]);

/**
 * struct ksrtp_ctx_state - snapshot of the stream state, for netlink replies
 * @started: a packet has been sent or accepted
 * @rtp_top: highest SRTP index
 * @roc: its ROC
 * @seq: its SEQ
 * @srtcp_index: out: next to send; in: highest accepted
 * @replay_window: size of the replay windows
 *
 * Copied under ksrtp_ctx.lock by ksrtp_ctx_state_read(); the copy is the
 * caller's.
 */
struct ksrtp_ctx_state {
	bool started;
	u64 rtp_top;
	u32 roc;
	u16 seq;
	u32 srtcp_index;
	u32 replay_window;
};

/**
 * ksrtp_ctx_state_read() - snapshot of the stream state
 * @ctx: the context
 * @s: filled under the stream lock
 */
void ksrtp_ctx_state_read(struct ksrtp_ctx *ctx, struct ksrtp_ctx_state *s);

/**
 * struct ksrtp_ctx_state_update - stream state given by signaling
 * @has_roc: @roc applies
 * @has_seq: @seq applies
 * @has_srtcp_index: @srtcp_index applies
 * @roc: the ROC
 * @seq: the highest SEQ
 * @srtcp_index: the SRTCP index
 *
 * Only the has_* fields apply. The caller's; ksrtp_ctx_state_write()
 * applies it under ksrtp_ctx.lock.
 */
struct ksrtp_ctx_state_update {
	bool has_roc, has_seq, has_srtcp_index;
	u32 roc;
	u16 seq;
	u32 srtcp_index;
};

/**
 * ksrtp_ctx_state_write() - apply stream state given by signaling
 * @ctx: the context
 * @u: what to set
 *
 * An inbound context's replay window restarts from there; an outbound
 * context never goes back to indices it has sent.
 *
 * Return: 0, or -ERANGE (SRTP) or -EDOM (SRTCP) for a move back, which
 * changes nothing.
 */
int ksrtp_ctx_state_write(struct ksrtp_ctx *ctx,
			  const struct ksrtp_ctx_state_update *u);

/**
 * struct ksrtp_ctx_pos - where a stream stands
 * @rtp_next: the SRTP index the next packet takes
 * @rtp_low: the lowest SRTP index any later packet may have
 * @srtcp_next: the same for SRTCP
 * @srtcp_low: the same for SRTCP
 *
 * For placing and retiring keys without MKI. Copied under ksrtp_ctx.lock
 * by ksrtp_ctx_positions(); the copy is the caller's.
 */
struct ksrtp_ctx_pos {
	u64 rtp_next, rtp_low;
	u64 srtcp_next, srtcp_low;
};

/**
 * ksrtp_ctx_positions() - where a stream stands
 * @ctx: the context
 * @pos: filled under the stream lock
 *
 * Outbound: the index it will send next; inbound: the one after the
 * highest authenticated, and the bottom of the replay window.
 */
void ksrtp_ctx_positions(struct ksrtp_ctx *ctx, struct ksrtp_ctx_pos *pos);

/**
 * ksrtp_ctx_init() - create the contexts' slab cache
 *
 * At module load, before anything makes a context.
 *
 * Return: 0, or -ENOMEM.
 */
int ksrtp_ctx_init(void);
/**
 * ksrtp_ctx_exit() - destroy the contexts' slab cache
 *
 * At module unload, once every context has been unpublished: waits for
 * their RCU callbacks (rcu_barrier()) first.
 */
void ksrtp_ctx_exit(void);

#endif /* _KSRTP_CONTEXT_H */
