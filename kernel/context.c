// SPDX-License-Identifier: GPL-2.0
/* Life of a context: creation with its keys, statistics, deferred free. */

#include <linux/cred.h>
#include <linux/jiffies.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <uapi/linux/ksrtp.h>

#include "context.h"
#include "learn.h"
#include "user.h"

/* Contexts have a cache of their own: kmalloc would round them up by half. */
static struct kmem_cache *ksrtp_ctx_cache;

/* Everything but the keys: stats, replay windows, lock, reference. */
static struct ksrtp_ctx *ksrtp_ctx_alloc(const struct ksrtp_ctx_key *key,
					 const struct ksrtp_suite_info *suite,
					 u32 window, gfp_t gfp)
{
	struct ksrtp_ctx *ctx;
	int cpu;

	ctx = kmem_cache_zalloc(ksrtp_ctx_cache, gfp);
	if (!ctx)
		return NULL;
	ctx->key = *key;
	ctx->suite = suite;
	refcount_set(&ctx->ref, 1);
	spin_lock_init(&ctx->lock);
	ctx->ev_next_auth = jiffies;
	ctx->ev_next_limit = jiffies;

	ctx->stats = alloc_percpu_gfp(struct ksrtp_pcpu_stats, gfp);
	if (!ctx->stats)
		goto err_free;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(ctx->stats, cpu)->syncp);

	/* Inbound: the indices accepted; outbound: the indices sent. */
	if (ksrtp_replay_init(&ctx->rtp_replay, window, gfp) ||
	    ksrtp_replay_init(&ctx->rtcp_replay, window, gfp))
		goto err_replay;
	return ctx;

err_replay:
	ksrtp_replay_free(&ctx->rtcp_replay);
	ksrtp_replay_free(&ctx->rtp_replay);
	free_percpu(ctx->stats);
err_free:
	kmem_cache_free(ksrtp_ctx_cache, ctx);
	return NULL;
}

static void ksrtp_ctx_free(struct ksrtp_ctx *ctx)
{
	ksrtp_user_put(ctx->user);
	ksrtp_keyring_put(ctx->ring);
	ksrtp_template_free(ctx->tmpl);
	ksrtp_replay_free(&ctx->rtcp_replay);
	ksrtp_replay_free(&ctx->rtp_replay);
	free_percpu(ctx->stats);
	kmem_cache_free(ksrtp_ctx_cache, ctx);
}

struct ksrtp_ctx *ksrtp_ctx_create(const struct ksrtp_ctx_params *p,
				   struct netlink_ext_ack *extack)
{
	const struct ksrtp_suite_info *suite = ksrtp_suite_find(p->suite);
	struct ksrtp_mkey *mk;
	struct ksrtp_ctx *ctx;
	int err = -ENOMEM;

	if (WARN_ON_ONCE(!suite))
		return ERR_PTR(-EOPNOTSUPP);

	ctx = ksrtp_ctx_alloc(&p->key, suite, p->replay_window,
			      GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	ctx->policy = p->policy;
	ctx->cryptex = p->cryptex;
	ctx->unencrypted_srtp = p->unencrypted_srtp;
	ctx->unencrypted_srtcp = p->unencrypted_srtcp;
	ctx->unauthenticated_srtp = p->unauthenticated_srtp;
	ctx->owner = p->owner;
	ctx->user = ksrtp_user_get(p->uid);
	if (!ctx->user)
		goto err_ctx;
	if (p->key.tmpl && ksrtp_template_create(ctx, p->learn_limit))
		goto err_ctx;
	ctx->ring = ksrtp_keyring_create(suite, p->mki_len, GFP_KERNEL_ACCOUNT);
	if (!ctx->ring)
		goto err_ctx;
	if (p->enc_hdr) {
		ctx->ring->enc_ids = kmemdup(p->enc_ids, sizeof(p->enc_ids),
					     GFP_KERNEL_ACCOUNT);
		if (!ctx->ring->enc_ids)
			goto err_ctx;
	}

	mk = ksrtp_mkey_create(suite, p->master_key, p->master_salt,
			       p->enc_hdr, extack);
	if (IS_ERR(mk)) {
		err = PTR_ERR(mk);
		goto err_ctx;
	}
	memcpy(mk->mki, p->mki, sizeof(mk->mki));
	err = ksrtp_keyring_add(ctx->ring, mk, true, extack);
	if (err) {
		ksrtp_mkey_destroy(mk);
		goto err_ctx;
	}
	return ctx;

err_ctx:
	ksrtp_ctx_free(ctx);
	return ERR_PTR(err);
}

struct ksrtp_ctx *ksrtp_ctx_clone(struct ksrtp_ctx *tmpl, gfp_t gfp)
{
	struct ksrtp_ctx_key key = tmpl->key;
	struct ksrtp_ctx *ctx;

	key.tmpl = 0;
	ctx = ksrtp_ctx_alloc(&key, tmpl->suite, tmpl->rtp_replay.size, gfp);
	if (!ctx)
		return NULL;
	ksrtp_keyring_get(tmpl->ring);
	ctx->ring = tmpl->ring;
	ctx->net = tmpl->net;
	ctx->template_id = tmpl->id;
	ctx->owner = tmpl->owner;
	ctx->user = tmpl->user;
	ksrtp_user_hold(ctx->user);
	ctx->policy = tmpl->policy;
	ctx->cryptex = tmpl->cryptex;
	ctx->unencrypted_srtp = tmpl->unencrypted_srtp;
	ctx->unencrypted_srtcp = tmpl->unencrypted_srtcp;
	ctx->unauthenticated_srtp = tmpl->unauthenticated_srtp;
	ctx->rtp_roc_init = tmpl->rtp_roc_init;
	ctx->rtp_top = (u64)tmpl->rtp_roc_init << 16;
	return ctx;
}

/* Only for a context nobody else can see. */
void ksrtp_ctx_state_clear(struct ksrtp_ctx *ctx)
{
	ctx->rtp_top = (u64)ctx->rtp_roc_init << 16;
	ctx->rtp_started = false;
	ctx->srtcp_index = 0;
	ksrtp_replay_reset(&ctx->rtp_replay, false, 0);
	ksrtp_replay_reset(&ctx->rtcp_replay, false, 0);
}

/*
 * In softirq context: everything ksrtp_ctx_free() does may run there
 * (kvfree() defers a vmalloc'ed ring, the keys go to their own workqueue).
 */
static void ksrtp_ctx_free_rcu(struct rcu_head *rcu)
{
	ksrtp_ctx_free(container_of(rcu, struct ksrtp_ctx, rcu));
}

void ksrtp_ctx_put(struct ksrtp_ctx *ctx)
{
	if (refcount_dec_and_test(&ctx->ref))
		call_rcu(&ctx->rcu, ksrtp_ctx_free_rcu);
}

void ksrtp_ctx_stats_read(const struct ksrtp_ctx *ctx,
			  u64 out[KSRTP_STAT_COUNT])
{
	unsigned int start, cpu, i;
	u64 v[KSRTP_STAT_PCPU_COUNT];

	memset(out, 0, sizeof(u64) * KSRTP_STAT_PCPU_COUNT);
	for_each_possible_cpu(cpu) {
		const struct ksrtp_pcpu_stats *st = per_cpu_ptr(ctx->stats, cpu);

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			memcpy(v, st->v, sizeof(v));
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (i = 0; i < KSRTP_STAT_PCPU_COUNT; i++)
			out[i] += v[i];
	}
	for (i = 0; i < KSRTP_STAT_CTX_COUNT; i++)
		out[KSRTP_STAT_PCPU_COUNT + i] =
			atomic64_read(&ctx->ctx_stats[i]);
}

void ksrtp_ctx_state_read(struct ksrtp_ctx *ctx, struct ksrtp_ctx_state *s)
{
	spin_lock_bh(&ctx->lock);
	s->started = ctx->rtp_started;
	s->rtp_top = ctx->rtp_top;
	s->roc = ctx->rtp_top >> 16;
	s->seq = ctx->rtp_top & 0xffff;
	s->srtcp_index = ctx->srtcp_index;
	s->replay_window = ctx->rtp_replay.size;
	spin_unlock_bh(&ctx->lock);
}

/*
 * Could an outbound stream set to @u send an SRTP index at or below the
 * highest one it has ever sent? With a SEQ, that index is the highest
 * sent and every later one is above it; without, the next packet takes
 * ROC << 16 | its own SEQ, which may be ROC << 16 itself. The record of
 * what was sent (@ctx->rtp_replay) is never reset, unlike @rtp_started
 * and @rtp_top, which a SET without SEQ clears.
 */
static bool ksrtp_ctx_rtp_back(const struct ksrtp_ctx *ctx,
			       const struct ksrtp_ctx_state_update *u, u64 top)
{
	const struct ksrtp_replay *sent = &ctx->rtp_replay;

	if (!u->has_roc || !sent->started)
		return false;
	return u->has_seq ? top < sent->top : top <= sent->top;
}

/* The same for SRTCP: @u->srtcp_index is the next index to send. */
static bool ksrtp_ctx_rtcp_back(const struct ksrtp_ctx *ctx,
				const struct ksrtp_ctx_state_update *u)
{
	const struct ksrtp_replay *sent = &ctx->rtcp_replay;

	if (!u->has_srtcp_index)
		return false;
	return u->srtcp_index < ctx->srtcp_index ||
	       (sent->started && u->srtcp_index <= sent->top);
}

/*
 * A receiver that joins a running stream, or a stream moved between
 * servers: the ROC (with the highest sequence number, if known) and the
 * SRTCP index come from signaling. An inbound context's replay window
 * restarts from there; the given highest index itself counts as seen.
 * An outbound context never goes back to indices it has sent: the
 * keystream would repeat. Returns 0, or -ERANGE (SRTP) or -EDOM (SRTCP)
 * for a move back, which changes nothing.
 */
int ksrtp_ctx_state_write(struct ksrtp_ctx *ctx,
			  const struct ksrtp_ctx_state_update *u)
{
	bool inbound = ctx->key.dir == KSRTP_DIR_INBOUND;
	u64 top = (u64)u->roc << 16 | (u->has_seq ? u->seq : 0);
	int err = 0;

	spin_lock_bh(&ctx->lock);
	if (!inbound && ksrtp_ctx_rtp_back(ctx, u, top))
		err = -ERANGE;
	else if (!inbound && ksrtp_ctx_rtcp_back(ctx, u))
		err = -EDOM;
	if (err)
		goto out;
	if (u->has_roc) {
		/* The receive path reads these without the lock. */
		WRITE_ONCE(ctx->rtp_roc_init, u->roc);
		WRITE_ONCE(ctx->rtp_top, top);
		WRITE_ONCE(ctx->rtp_started, u->has_seq);
		if (inbound)
			ksrtp_replay_reset(&ctx->rtp_replay, u->has_seq, top);
	}
	if (u->has_srtcp_index) {
		ctx->srtcp_index = u->srtcp_index;
		if (inbound)
			ksrtp_replay_reset(&ctx->rtcp_replay, true,
					   u->srtcp_index);
	}
out:
	spin_unlock_bh(&ctx->lock);
	return err;
}

/*
 * Where the stream stands, for placing and retiring keys without MKI:
 * the index the next packet takes (outbound: will send; inbound: the one
 * after the highest authenticated), and the lowest index any later packet
 * may have (inbound: the bottom of the replay window).
 */
void ksrtp_ctx_positions(struct ksrtp_ctx *ctx, struct ksrtp_ctx_pos *pos)
{
	bool inbound = ctx->key.dir == KSRTP_DIR_INBOUND;
	u64 top, win = ctx->rtp_replay.size;

	spin_lock_bh(&ctx->lock);
	top = ctx->rtp_top;
	pos->rtp_next = ctx->rtp_started ? top + 1 : top;
	pos->rtp_low = pos->rtp_next;
	if (inbound && ctx->rtp_started)
		pos->rtp_low = top >= win ? top - win + 1 : 0;
	if (!inbound) {
		pos->srtcp_next = ctx->srtcp_index;
		pos->srtcp_low = ctx->srtcp_index;
	} else if (ctx->rtcp_replay.started) {
		top = ctx->rtcp_replay.top;
		pos->srtcp_next = top + 1;
		pos->srtcp_low = top >= win ? top - win + 1 : 0;
	} else {
		pos->srtcp_next = 0;
		pos->srtcp_low = 0;
	}
	spin_unlock_bh(&ctx->lock);
}

int ksrtp_ctx_init(void)
{
	ksrtp_ctx_cache = KMEM_CACHE(ksrtp_ctx, 0);
	return ksrtp_ctx_cache ? 0 : -ENOMEM;
}

/* Every context has been unpublished and queued for freeing by now. */
void ksrtp_ctx_exit(void)
{
	rcu_barrier();
	kmem_cache_destroy(ksrtp_ctx_cache);
}
