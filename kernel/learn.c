// SPDX-License-Identifier: GPL-2.0
/*
 * SSRC learning: an inbound template (like the reference library's
 * ssrc_any_inbound) creates a context for a new SSRC of its session from
 * the first packet of that SSRC that authenticates under its keys.
 */

#include <linux/memcontrol.h>
#include <linux/moduleparam.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "events.h"
#include "learn.h"
#include "netns.h"

#ifdef KSRTP_SELFTEST
/*
 * Test builds only: while set, no template is given a new spare, so
 * that a test can send its packets down the path a template takes
 * without one (ksrtp_learn_without_spare() in receive.c), which on a fast
 * kernel the refill work leaves open for microseconds only. Cleared,
 * the next packet that finds no spare asks for one again.
 */
static bool selftest_hold_spares;
module_param(selftest_hold_spares, bool, 0644);
MODULE_PARM_DESC(selftest_hold_spares,
		 "test builds only: give templates no new spare (default: N)");

static bool ksrtp_learn_held(void)
{
	return READ_ONCE(selftest_hold_spares);
}
#else
static bool ksrtp_learn_held(void)
{
	return false;
}
#endif

/*
 * Take the spare for a packet of @ssrc, with the template's initial ROC
 * as it is now. Without a spare (being made, or its allocation failed)
 * ask for one.
 */
struct ksrtp_ctx *ksrtp_learn_begin(struct ksrtp_net *kn,
				    struct ksrtp_ctx *tmpl, __be32 ssrc)
{
	struct ksrtp_ctx *ctx;
	u32 roc;

	spin_lock_bh(&tmpl->lock);
	ctx = tmpl->spare;
	tmpl->spare = NULL;
	roc = tmpl->rtp_roc_init;
	spin_unlock_bh(&tmpl->lock);
	if (!ctx) {
		queue_work(system_wq, &kn->refill_work);
		return NULL;
	}
	ctx->key.ssrc = ssrc;
	ctx->rtp_roc_init = roc;
	ksrtp_ctx_state_clear(ctx);
	return ctx;
}

/* Make @ctx the template's spare; if it has one, or is gone, drop @ctx. */
static void ksrtp_learn_set_spare(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl,
				  struct ksrtp_ctx *ctx)
{
	spin_lock_bh(&tmpl->lock);
	if (!tmpl->dead && !tmpl->spare) {
		tmpl->spare = ctx;
		ctx = NULL;
	}
	spin_unlock_bh(&tmpl->lock);
	if (ctx) {
		ksrtp_id_release(kn, ctx->id);
		ksrtp_ctx_put(ctx);
	}
}

/* Give the spare back, as new; if the template is gone, drop it. */
void ksrtp_learn_abort(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl,
		       struct ksrtp_ctx *ctx)
{
	ksrtp_ctx_state_clear(ctx);
	ctx->key.ssrc = 0;
	ksrtp_learn_set_spare(kn, tmpl, ctx);
}

int ksrtp_learn_publish(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl,
			struct ksrtp_ctx *ctx)
{
	int err;

	/* The limit may be passed by the packets racing on other CPUs. */
	if (atomic_inc_return(&tmpl->learned) > READ_ONCE(tmpl->learn_limit)) {
		atomic_dec(&tmpl->learned);
		return -ENOSPC;
	}
	err = ksrtp_publish_learned(kn, ctx);
	if (err) {
		atomic_dec(&tmpl->learned);
		return err;
	}
	ksrtp_event_learned(ctx);
	queue_work(system_wq, &kn->refill_work);
	return 0;
}

/*
 * From the netlink request or the refill work: either way the memory is
 * charged to the memory cgroup of whoever installed the template, not to
 * the worker (which would charge nobody).
 */
void ksrtp_learn_refill(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl)
{
	struct mem_cgroup *old;
	struct ksrtp_ctx *ctx;
	int err;

	lockdep_assert_held(&kn->lock);
	if (READ_ONCE(tmpl->spare) || ksrtp_learn_held())
		return;
	old = set_active_memcg(tmpl->memcg);
	ctx = ksrtp_ctx_clone(tmpl, GFP_KERNEL_ACCOUNT);
	err = ctx ? ksrtp_id_reserve(kn, &ctx->id) : -ENOMEM;
	set_active_memcg(old);
	if (err) {
		if (ctx)
			ksrtp_ctx_put(ctx);
		return;
	}
	ksrtp_learn_set_spare(kn, tmpl, ctx);
}

/* The template was unpublished: no spare any more. */
void ksrtp_learn_template_gone(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl)
{
	struct ksrtp_ctx *spare;

	spin_lock_bh(&tmpl->lock);
	tmpl->dead = true;
	spare = tmpl->spare;
	tmpl->spare = NULL;
	spin_unlock_bh(&tmpl->lock);
	if (spare) {
		ksrtp_id_release(kn, spare->id);
		ksrtp_ctx_put(spare);
	}
}

/* A learned context was removed: its template may learn another. */
void ksrtp_learn_forget(struct ksrtp_net *kn, struct ksrtp_ctx *ctx)
{
	struct ksrtp_ctx *tmpl = xa_load(&kn->ids, ctx->template_id);

	lockdep_assert_held(&kn->lock);
	if (tmpl && tmpl->key.tmpl && tmpl->ring == ctx->ring)
		atomic_dec(&tmpl->learned);
}

static void ksrtp_learn_work(struct work_struct *work)
{
	struct ksrtp_net *kn = container_of(work, struct ksrtp_net,
					    refill_work);
	struct ksrtp_ctx *tmpl;

	mutex_lock(&kn->lock);
	list_for_each_entry(tmpl, &kn->templates, tmpl_node)
		ksrtp_learn_refill(kn, tmpl);
	mutex_unlock(&kn->lock);
}

void ksrtp_learn_net_init(struct ksrtp_net *kn)
{
	INIT_WORK(&kn->refill_work, ksrtp_learn_work);
}

void ksrtp_learn_net_exit(struct ksrtp_net *kn)
{
	cancel_work_sync(&kn->refill_work);
}
