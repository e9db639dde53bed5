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

/**
 * struct ksrtp_template - what a template has that a stream does not
 * @ctx: the template's context, which points here (ksrtp_ctx.tmpl); set
 *	at creation
 * @node: in ksrtp_net.templates; under ksrtp_net.lock
 * @spare: ready to become a learned context; under the ksrtp_ctx.lock of
 *	@ctx
 * @memcg: the creator's memory cgroup, charged for the spares; set at
 *	creation, its reference dropped with the template
 * @learn_limit: how many published contexts it may have learned
 *	(KSRTP_A_LEARN_LIMIT); set at creation, read-only afterwards
 * @learned: contexts it learned that are published; atomic
 * @dead: unpublished, no more spares; under the ksrtp_ctx.lock of @ctx
 *
 * Allocated with the template's context (ksrtp_ctx_create()) and freed
 * with it, so that a stream's context carries none of this. The data
 * path reaches it through the template it found under RCU.
 */
struct ksrtp_template {
	struct ksrtp_ctx *ctx;
	struct list_head node;
	struct ksrtp_ctx *spare;
	struct mem_cgroup *memcg;
	u32 learn_limit;
	atomic_t learned;
	bool dead;
};

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
	struct ksrtp_template *t = tmpl->tmpl;
	struct ksrtp_ctx *ctx;
	u32 roc;

	spin_lock_bh(&tmpl->lock);
	ctx = t->spare;
	t->spare = NULL;
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
	struct ksrtp_template *t = tmpl->tmpl;

	spin_lock_bh(&tmpl->lock);
	if (!t->dead && !t->spare) {
		t->spare = ctx;
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
	struct ksrtp_template *t = tmpl->tmpl;
	int err;

	/* The limit may be passed by the packets racing on other CPUs. */
	if (atomic_inc_return(&t->learned) > t->learn_limit) {
		atomic_dec(&t->learned);
		return -ENOSPC;
	}
	err = ksrtp_publish_learned(kn, ctx);
	if (err) {
		atomic_dec(&t->learned);
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
	struct ksrtp_template *t = tmpl->tmpl;
	struct mem_cgroup *old;
	struct ksrtp_ctx *ctx;
	int err;

	lockdep_assert_held(&kn->lock);
	if (READ_ONCE(t->spare) || ksrtp_learn_held())
		return;
	old = set_active_memcg(t->memcg);
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

/* A template was published: it learns from now on, with a first spare. */
void ksrtp_learn_template_add(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl)
{
	lockdep_assert_held(&kn->lock);
	list_add(&tmpl->tmpl->node, &kn->templates);
	WRITE_ONCE(kn->ntemplates, kn->ntemplates + 1);
	ksrtp_learn_refill(kn, tmpl);
}

/* The template was unpublished: no spare any more. */
void ksrtp_learn_template_gone(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl)
{
	struct ksrtp_template *t = tmpl->tmpl;
	struct ksrtp_ctx *spare;

	lockdep_assert_held(&kn->lock);
	list_del_init(&t->node);
	WRITE_ONCE(kn->ntemplates, kn->ntemplates - 1);

	spin_lock_bh(&tmpl->lock);
	t->dead = true;
	spare = t->spare;
	t->spare = NULL;
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
		atomic_dec(&tmpl->tmpl->learned);
}

static void ksrtp_learn_work(struct work_struct *work)
{
	struct ksrtp_net *kn = container_of(work, struct ksrtp_net,
					    refill_work);
	struct ksrtp_template *t;

	mutex_lock(&kn->lock);
	list_for_each_entry(t, &kn->templates, node)
		ksrtp_learn_refill(kn, t->ctx);
	mutex_unlock(&kn->lock);
}

void ksrtp_learn_net_init(struct ksrtp_net *kn)
{
	INIT_LIST_HEAD(&kn->templates);
	INIT_WORK(&kn->refill_work, ksrtp_learn_work);
}

void ksrtp_learn_net_exit(struct ksrtp_net *kn)
{
	cancel_work_sync(&kn->refill_work);
}

/* The spares it makes later are charged to the creator's memory cgroup. */
int ksrtp_template_create(struct ksrtp_ctx *ctx, u32 learn_limit)
{
	struct ksrtp_template *t;

	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return -ENOMEM;
	t->ctx = ctx;
	INIT_LIST_HEAD(&t->node);
	t->learn_limit = learn_limit;
	t->memcg = get_mem_cgroup_from_mm(current->mm);
	ctx->tmpl = t;
	return 0;
}

/* From the context's RCU callback, in softirq context. */
void ksrtp_template_free(struct ksrtp_template *t)
{
	if (!t)
		return;
	mem_cgroup_put(t->memcg);
	kfree(t);
}

void ksrtp_template_read(const struct ksrtp_ctx *tmpl, u32 *learn_limit,
			 u32 *learned)
{
	*learn_limit = tmpl->tmpl->learn_limit;
	*learned = atomic_read(&tmpl->tmpl->learned);
}
