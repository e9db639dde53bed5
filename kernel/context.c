// SPDX-License-Identifier: GPL-2.0
/* Life of a context: creation with its keys, statistics, deferred free. */

#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <uapi/linux/ksrtp.h>

#include "context.h"

/* Contexts are freed from here so that teardown may sleep and module
 * unload can wait for the last one.
 */
static struct workqueue_struct *ksrtp_free_wq;

struct ksrtp_ctx *ksrtp_ctx_create(const struct ksrtp_ctx_params *p,
				   struct netlink_ext_ack *extack)
{
	const struct ksrtp_suite_info *suite = ksrtp_suite_find(p->suite);
	struct ksrtp_ctx *ctx;
	int err = -ENOMEM;
	int cpu;

	if (WARN_ON_ONCE(!suite))
		return ERR_PTR(-EOPNOTSUPP);

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	ctx->key = p->key;
	ctx->suite = suite;
	spin_lock_init(&ctx->lock);

	ctx->stats = alloc_percpu_gfp(struct ksrtp_pcpu_stats,
				      GFP_KERNEL_ACCOUNT);
	if (!ctx->stats)
		goto err_free;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(ctx->stats, cpu)->syncp);

	if (p->key.dir == KSRTP_DIR_INBOUND) {
		if (ksrtp_replay_init(&ctx->rtp_replay, p->replay_window,
				      GFP_KERNEL_ACCOUNT) ||
		    ksrtp_replay_init(&ctx->rtcp_replay, p->replay_window,
				      GFP_KERNEL_ACCOUNT))
			goto err_replay;
	} else {
		ctx->rtp_replay.size = p->replay_window;
		ctx->rtcp_replay.size = p->replay_window;
	}

	err = ksrtp_keys_create(&ctx->rtp_keys, &ctx->rtcp_keys, suite,
				p->master_key, p->master_salt, extack);
	if (err)
		goto err_replay;
	return ctx;

err_replay:
	ksrtp_replay_free(&ctx->rtcp_replay);
	ksrtp_replay_free(&ctx->rtp_replay);
	free_percpu(ctx->stats);
err_free:
	kfree_sensitive(ctx);
	return ERR_PTR(err);
}

static void ksrtp_ctx_free_work(struct work_struct *work)
{
	struct ksrtp_ctx *ctx = container_of(to_rcu_work(work),
					     struct ksrtp_ctx, free_work);

	ksrtp_keys_free(&ctx->rtp_keys);
	ksrtp_keys_free(&ctx->rtcp_keys);
	ksrtp_replay_free(&ctx->rtcp_replay);
	ksrtp_replay_free(&ctx->rtp_replay);
	free_percpu(ctx->stats);
	kfree_sensitive(ctx);
}

void ksrtp_ctx_destroy(struct ksrtp_ctx *ctx)
{
	INIT_RCU_WORK(&ctx->free_work, ksrtp_ctx_free_work);
	queue_rcu_work(ksrtp_free_wq, &ctx->free_work);
}

void ksrtp_ctx_stats_read(const struct ksrtp_ctx *ctx,
			  u64 out[KSRTP_STAT_COUNT])
{
	unsigned int start, cpu, i;
	u64 v[KSRTP_STAT_COUNT];

	memset(out, 0, sizeof(u64) * KSRTP_STAT_COUNT);
	for_each_possible_cpu(cpu) {
		const struct ksrtp_pcpu_stats *st = per_cpu_ptr(ctx->stats, cpu);

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			memcpy(v, st->v, sizeof(v));
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (i = 0; i < KSRTP_STAT_COUNT; i++)
			out[i] += v[i];
	}
}

void ksrtp_ctx_state_read(struct ksrtp_ctx *ctx, struct ksrtp_ctx_state *s)
{
	spin_lock_bh(&ctx->lock);
	s->roc = ctx->rtp_top >> 16;
	s->seq = ctx->rtp_top & 0xffff;
	s->srtcp_index = ctx->srtcp_index;
	s->replay_window = ctx->rtp_replay.size;
	spin_unlock_bh(&ctx->lock);
}

/*
 * A receiver that joins a running stream, or a stream moved between
 * servers: the ROC (with the highest sequence number, if known) and the
 * SRTCP index come from signaling. An inbound context's replay window
 * restarts from there; the given highest index itself counts as seen.
 */
void ksrtp_ctx_state_write(struct ksrtp_ctx *ctx,
			   const struct ksrtp_ctx_state_update *u)
{
	bool inbound = ctx->key.dir == KSRTP_DIR_INBOUND;

	spin_lock_bh(&ctx->lock);
	if (u->has_roc) {
		ctx->rtp_roc_init = u->roc;
		ctx->rtp_top = (u64)u->roc << 16 | (u->has_seq ? u->seq : 0);
		ctx->rtp_started = u->has_seq;
		if (inbound)
			ksrtp_replay_reset(&ctx->rtp_replay, u->has_seq,
					   ctx->rtp_top);
	}
	if (u->has_srtcp_index) {
		ctx->srtcp_index = u->srtcp_index;
		if (inbound)
			ksrtp_replay_reset(&ctx->rtcp_replay, true,
					   u->srtcp_index);
	}
	spin_unlock_bh(&ctx->lock);
}

int ksrtp_ctx_init(void)
{
	ksrtp_free_wq = alloc_workqueue("ksrtp_free", WQ_UNBOUND, 0);
	return ksrtp_free_wq ? 0 : -ENOMEM;
}

/* Every context has been unpublished and queued for freeing by now. */
void ksrtp_ctx_exit(void)
{
	rcu_barrier();
	destroy_workqueue(ksrtp_free_wq);
}
