// SPDX-License-Identifier: GPL-2.0
/*
 * Events to the daemon: key limits, learned SSRCs, authentication
 * failures, and drops on protected ports (guard.c) and by forwarding
 * outputs (forward.c). The data path only
 * sets a bit in the context and, the first time, puts the context on a
 * lock-free per-namespace list with a reference; a work item turns the
 * bits into KSRTP_CMD_EVENT multicasts.
 */

#include <linux/jiffies.h>
#include <linux/llist.h>
#include <linux/workqueue.h>

#include "events.h"
#include "netlink.h"
#include "netns.h"

static void ksrtp_event_raise(struct ksrtp_ctx *ctx, unsigned int bit)
{
	struct ksrtp_net *kn;

	/* Not installed (the self-tests' contexts): nobody to tell. */
	if (!ctx->net)
		return;
	kn = ksrtp_net(ctx->net);
	set_bit(bit, &ctx->ev_pending);
	if (test_and_set_bit(KSRTP_EVB_QUEUED, &ctx->ev_pending))
		return;
	/* A context being freed has lost its last reference: no event. */
	if (!refcount_inc_not_zero(&ctx->ref)) {
		clear_bit(KSRTP_EVB_QUEUED, &ctx->ev_pending);
		return;
	}
	llist_add(&ctx->ev_node, &kn->ev_list);
	queue_work(system_wq, &kn->ev_work);
}

void ksrtp_event_key(struct ksrtp_ctx *ctx)
{
	ksrtp_event_raise(ctx, KSRTP_EVB_KEY);
}

void ksrtp_event_learned(struct ksrtp_ctx *ctx)
{
	ksrtp_event_raise(ctx, KSRTP_EVB_LEARNED);
}

/* At most one per second; a racing CPU may add one more, harmlessly. */
static bool ksrtp_event_ratelimit(unsigned long *next)
{
	unsigned long now = jiffies;

	if (time_before(now, READ_ONCE(*next)))
		return false;
	WRITE_ONCE(*next, now + HZ);
	return true;
}

void ksrtp_event_learn_limit(struct ksrtp_ctx *tmpl)
{
	if (ksrtp_event_ratelimit(&tmpl->ev_next_limit))
		ksrtp_event_raise(tmpl, KSRTP_EVB_LEARN_LIMIT);
}

void ksrtp_event_auth(struct ksrtp_ctx *ctx)
{
	if (ksrtp_event_ratelimit(&ctx->ev_next_auth))
		ksrtp_event_raise(ctx, KSRTP_EVB_AUTH);
}

/* Soft and hard limits newly raised on the context's keys, each once. */
static void ksrtp_events_send_keys(struct ksrtp_ctx *ctx)
{
	struct {
		u8 event;
		u8 mki[KSRTP_MKI_MAX_LEN];
	} ev[2 * KSRTP_MAX_KEYS];
	unsigned int i, n = 0;

	rcu_read_lock();
	for (i = 0; i < KSRTP_MAX_KEYS; i++) {
		struct ksrtp_mkey *mk = rcu_dereference(ctx->ring->keys[i]);

		if (!mk)
			continue;
		if (test_bit(KSRTP_MKEY_SOFT, &mk->flags) &&
		    !test_and_set_bit(KSRTP_MKEY_SOFT_SENT, &mk->flags)) {
			ev[n].event = KSRTP_EVENT_SOFT_LIMIT;
			memcpy(ev[n++].mki, mk->mki, KSRTP_MKI_MAX_LEN);
		}
		if (test_bit(KSRTP_MKEY_HARD, &mk->flags) &&
		    !test_and_set_bit(KSRTP_MKEY_HARD_SENT, &mk->flags)) {
			ev[n].event = KSRTP_EVENT_HARD_LIMIT;
			memcpy(ev[n++].mki, mk->mki, KSRTP_MKI_MAX_LEN);
		}
	}
	rcu_read_unlock();
	for (i = 0; i < n; i++)
		ksrtp_nl_notify(ctx, ev[i].event, ev[i].mki);
}

static void ksrtp_events_work(struct work_struct *work)
{
	struct ksrtp_net *kn = container_of(work, struct ksrtp_net, ev_work);
	struct llist_node *list = llist_del_all(&kn->ev_list);
	struct ksrtp_ctx *ctx, *next;
	unsigned long pending;

	ksrtp_guard_event_send(kn);
	ksrtp_fwd_event_send(kn);
	llist_for_each_entry_safe(ctx, next, list, ev_node) {
		/* Clears QUEUED too: a new event queues the context again. */
		pending = xchg(&ctx->ev_pending, 0);
		if (pending & BIT(KSRTP_EVB_KEY))
			ksrtp_events_send_keys(ctx);
		if (pending & BIT(KSRTP_EVB_LEARNED))
			ksrtp_nl_notify(ctx, KSRTP_EVENT_SSRC_LEARNED, NULL);
		if (pending & BIT(KSRTP_EVB_LEARN_LIMIT))
			ksrtp_nl_notify(ctx, KSRTP_EVENT_LEARN_LIMIT, NULL);
		if (pending & BIT(KSRTP_EVB_AUTH))
			ksrtp_nl_notify(ctx, KSRTP_EVENT_AUTH_FAILURES, NULL);
		ksrtp_ctx_put(ctx);
	}
}

void ksrtp_events_net_init(struct ksrtp_net *kn)
{
	init_llist_head(&kn->ev_list);
	INIT_WORK(&kn->ev_work, ksrtp_events_work);
}

void ksrtp_events_net_exit(struct ksrtp_net *kn)
{
	struct llist_node *list;
	struct ksrtp_ctx *ctx, *next;

	cancel_work_sync(&kn->ev_work);
	list = llist_del_all(&kn->ev_list);
	llist_for_each_entry_safe(ctx, next, list, ev_node)
		ksrtp_ctx_put(ctx);
}
