// SPDX-License-Identifier: GPL-2.0
/*
 * Protected ports: the counters, trace and event of the datagrams a
 * protected port drops before any context owns them (the hooks decide
 * what to drop, receive.c; the ports are counted in netns.c).
 */

#include <linux/jiffies.h>
#include <linux/percpu.h>
#include <linux/workqueue.h>

#include "guard.h"
#include "netlink.h"
#include "netns.h"
#include "trace.h"

int ksrtp_guard_net_init(struct ksrtp_net *kn)
{
	struct ksrtp_guard_net *g = &kn->guard;
	int cpu;

	spin_lock_init(&g->lock);
	g->next_event = jiffies;
	g->stats = alloc_percpu_gfp(struct ksrtp_guard_pcpu,
				    GFP_KERNEL_ACCOUNT);
	if (!g->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(g->stats, cpu)->syncp);
	return 0;
}

/* After the hooks are gone and the events work is cancelled. */
void ksrtp_guard_net_exit(struct ksrtp_net *kn)
{
	free_percpu(kn->guard.stats);
	kn->guard.stats = NULL;
}

void ksrtp_guard_refuse(struct ksrtp_net *kn, enum ksrtp_refusal why,
			const struct ksrtp_guard_tuple *t)
{
	struct ksrtp_guard_net *g = &kn->guard;
	struct ksrtp_guard_pcpu *st = this_cpu_ptr(g->stats);
	unsigned long now = jiffies;

	u64_stats_update_begin(&st->syncp);
	st->v[why]++;
	u64_stats_update_end(&st->syncp);
	trace_ksrtp_refuse(kn->net, why, t);

	/* At most one per second; a racing CPU may add one, harmlessly. */
	if (time_before(now, READ_ONCE(g->next_event)))
		return;
	WRITE_ONCE(g->next_event, now + HZ);
	spin_lock(&g->lock);
	g->last = *t;
	spin_unlock(&g->lock);
	if (!test_and_set_bit(0, &g->pending))
		queue_work(system_wq, &kn->ev_work);
}

void ksrtp_guard_stats_read(struct ksrtp_net *kn, u64 *v)
{
	unsigned int start, i;
	int cpu;

	memset(v, 0, KSRTP_REFUSE_COUNT * sizeof(*v));
	for_each_possible_cpu(cpu) {
		const struct ksrtp_guard_pcpu *st =
			per_cpu_ptr(kn->guard.stats, cpu);
		u64 snap[KSRTP_REFUSE_COUNT];

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			memcpy(snap, st->v, sizeof(snap));
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (i = 0; i < KSRTP_REFUSE_COUNT; i++)
			v[i] += snap[i];
	}
}

void ksrtp_guard_event_send(struct ksrtp_net *kn)
{
	struct ksrtp_guard_net *g = &kn->guard;
	struct ksrtp_guard_tuple t;

	if (!test_and_clear_bit(0, &g->pending))
		return;
	spin_lock_bh(&g->lock);
	t = g->last;
	spin_unlock_bh(&g->lock);
	ksrtp_nl_notify_unmatched(kn, &t);
}
