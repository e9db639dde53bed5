// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding rules of a namespace: by input (the rhashtable the data
 * path looks packets up in) and by id (the xarray netlink names them by),
 * and their outputs. Every change is under ksrtp_net.lock; the data path
 * reads under RCU (see &struct ksrtp_fwd).
 */

#include <linux/slab.h>
#include <net/ipv6.h>

#include "dgram.h"
#include "forward.h"
#include "netns.h"

static const struct rhashtable_params ksrtp_fwd_params = {
	.key_len = sizeof(struct ksrtp_ctx_key),
	.key_offset = offsetof(struct ksrtp_fwd, key),
	.head_offset = offsetof(struct ksrtp_fwd, node),
	.automatic_shrinking = true,
};

static int ksrtp_fwd_stats_init(struct ksrtp_fwd_stats *st)
{
	int cpu;

	st->pcpu = alloc_percpu_gfp(struct ksrtp_fwd_pcpu, GFP_KERNEL_ACCOUNT);
	if (!st->pcpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(st->pcpu, cpu)->syncp);
	return 0;
}

void ksrtp_fwd_stats_read(const struct ksrtp_fwd_stats *st, u64 *packets,
			  u64 *bytes, u64 drops[KSRTP_FWD_DROP_COUNT])
{
	unsigned int start;
	u64 p, b;
	int cpu, i;

	*packets = 0;
	*bytes = 0;
	for_each_possible_cpu(cpu) {
		const struct ksrtp_fwd_pcpu *c = per_cpu_ptr(st->pcpu, cpu);

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			p = c->packets;
			b = c->bytes;
		} while (u64_stats_fetch_retry(&c->syncp, start));
		*packets += p;
		*bytes += b;
	}
	for (i = 0; i < KSRTP_FWD_DROP_COUNT; i++)
		drops[i] = atomic64_read(&st->drops[i]);
}

static void ksrtp_fwd_out_free(struct rcu_head *rcu)
{
	struct ksrtp_fwd_out *out = container_of(rcu, struct ksrtp_fwd_out,
						 rcu);

	dst_cache_destroy(&out->route);
	free_percpu(out->stats.pcpu);
	kfree(out);
}

/* After a grace period: the rule, its last array and its outputs. */
static void ksrtp_fwd_free(struct rcu_head *rcu)
{
	struct ksrtp_fwd *fwd = container_of(rcu, struct ksrtp_fwd, rcu);
	struct ksrtp_fwd_outs *outs = rcu_dereference_protected(fwd->outs,
								true);
	unsigned int i;

	for (i = 0; outs && i < outs->n; i++)
		ksrtp_fwd_out_free(&outs->out[i]->rcu);
	kfree(outs);
	free_percpu(fwd->stats.pcpu);
	kfree(fwd);
}

int ksrtp_fwd_add(struct ksrtp_net *kn, const struct ksrtp_ctx_key *key,
		  u32 flags, u32 owner, const unsigned long *pts, u32 *id,
		  struct netlink_ext_ack *extack)
{
	struct ksrtp_fwd *fwd;
	int err;

	lockdep_assert_held(&kn->lock);
	if (kn->nfwd >= READ_ONCE(kn->max_forwards)) {
		NL_SET_ERR_MSG(extack, "the namespace is at net.ksrtp.max_forwards");
		return -ENOSPC;
	}
	if (rhashtable_lookup_fast(&kn->fwd_table, key, ksrtp_fwd_params)) {
		NL_SET_ERR_MSG(extack, "a forwarding rule with this input exists");
		return -EEXIST;
	}
	if (!kn->hooks_on) {
		err = ksrtp_net_activate(kn);
		if (err)
			return err;
	}

	fwd = kzalloc(sizeof(*fwd), GFP_KERNEL_ACCOUNT);
	if (!fwd)
		return -ENOMEM;
	fwd->key = *key;
	fwd->flags = flags;
	fwd->owner = owner;
	if (pts)
		bitmap_copy(fwd->pts, pts, KSRTP_FWD_PTS);
	else
		bitmap_fill(fwd->pts, KSRTP_FWD_PTS);
	fwd->next_out_id = 1;
	err = ksrtp_fwd_stats_init(&fwd->stats);
	if (err)
		goto err_free;
	err = ksrtp_port_fwd_reserve(kn, key->lport);
	if (err)
		goto err_stats;
	err = xa_alloc_cyclic(&kn->fwd_ids, &fwd->id, fwd, xa_limit_32b,
			      &kn->fwd_next_id, GFP_KERNEL_ACCOUNT);
	if (err < 0)
		goto err_port;
	err = rhashtable_insert_fast(&kn->fwd_table, &fwd->node,
				     ksrtp_fwd_params);
	if (err)
		goto err_id;
	/* Last: from here on packets of the port look for rules. */
	ksrtp_port_fwd_get(kn, key->lport);
	kn->nfwd++;
	if (owner)
		WRITE_ONCE(kn->nfwd_owned, kn->nfwd_owned + 1);
	*id = fwd->id;
	return 0;

err_id:
	xa_erase(&kn->fwd_ids, fwd->id);
err_port:
	ksrtp_port_fwd_unreserve(kn, key->lport);
err_stats:
	free_percpu(fwd->stats.pcpu);
err_free:
	kfree(fwd);
	return err;
}

void ksrtp_fwd_remove(struct ksrtp_net *kn, struct ksrtp_fwd *fwd)
{
	lockdep_assert_held(&kn->lock);
	ksrtp_port_fwd_put(kn, fwd->key.lport);
	rhashtable_remove_fast(&kn->fwd_table, &fwd->node, ksrtp_fwd_params);
	xa_erase(&kn->fwd_ids, fwd->id);
	kn->nfwd--;
	if (fwd->owner)
		WRITE_ONCE(kn->nfwd_owned, kn->nfwd_owned - 1);
	call_rcu(&fwd->rcu, ksrtp_fwd_free);
}

void ksrtp_fwd_flush(struct ksrtp_net *kn)
{
	struct ksrtp_fwd *fwd;
	unsigned long id;

	xa_for_each(&kn->fwd_ids, id, fwd)
		ksrtp_fwd_remove(kn, fwd);
}

void ksrtp_fwd_release_owner(struct ksrtp_net *kn, u32 portid)
{
	struct ksrtp_fwd *fwd;
	unsigned long id;

	xa_for_each(&kn->fwd_ids, id, fwd)
		if (fwd->owner == portid)
			ksrtp_fwd_remove(kn, fwd);
}

/* The outputs of @fwd; ksrtp_net.lock held. */
static struct ksrtp_fwd_outs *ksrtp_fwd_outs(struct ksrtp_net *kn,
					     struct ksrtp_fwd *fwd)
{
	return rcu_dereference_protected(fwd->outs,
					 lockdep_is_held(&kn->lock));
}

/* An empty array with room for @n outputs. */
static struct ksrtp_fwd_outs *ksrtp_fwd_outs_alloc(unsigned int n)
{
	struct ksrtp_fwd_outs *outs;

	return kzalloc(struct_size(outs, out, n), GFP_KERNEL_ACCOUNT);
}

/* Fill @out from @p, the addresses of a protected one from its context. */
static int ksrtp_fwd_out_fill(struct ksrtp_net *kn, struct ksrtp_fwd_out *out,
			      const struct ksrtp_fwd_out_params *p,
			      struct netlink_ext_ack *extack)
{
	const struct ksrtp_ctx *ctx;

	out->offsets = ksrtp_fwd_offsets(p->seq_off, p->ts_off);
	if (!p->ctx_id) {
		out->path = p->path;
		return 0;
	}
	ctx = xa_load(&kn->ids, p->ctx_id);
	if (!ctx) {
		NL_SET_ERR_MSG(extack, "KSRTP_OUT_A_CTX_ID: no context with this id");
		return -ENOENT;
	}
	if (ctx->key.dir != KSRTP_DIR_OUTBOUND) {
		NL_SET_ERR_MSG(extack, "KSRTP_OUT_A_CTX_ID: the context is not outbound");
		return -EINVAL;
	}
	out->ctx_id = ctx->id;
	out->path = (struct ksrtp_fwd_path) {
		.family = ctx->key.family,
		.saddr = ctx->key.laddr,
		.daddr = ctx->key.raddr,
		.sport = ctx->key.lport,
		.dport = ctx->key.rport,
		.ssrc = ctx->key.ssrc,
		.has_ssrc = true,
	};
	return 0;
}

/* Does another output of @outs send to the same remote with one SSRC? */
static bool ksrtp_fwd_out_clash(const struct ksrtp_fwd_outs *outs,
				const struct ksrtp_fwd_out *out)
{
	unsigned int i;

	for (i = 0; outs && i < outs->n; i++) {
		const struct ksrtp_fwd_path *a = &outs->out[i]->path;
		const struct ksrtp_fwd_path *b = &out->path;

		if (a->family == b->family && a->dport == b->dport &&
		    ipv6_addr_equal(&a->daddr, &b->daddr) &&
		    a->has_ssrc == b->has_ssrc && a->ssrc == b->ssrc)
			return true;
	}
	return false;
}

int ksrtp_fwd_out_add(struct ksrtp_net *kn, struct ksrtp_fwd *fwd,
		      const struct ksrtp_fwd_out_params *p, u32 *id,
		      struct netlink_ext_ack *extack)
{
	struct ksrtp_fwd_outs *old = ksrtp_fwd_outs(kn, fwd), *outs;
	unsigned int n = old ? old->n : 0;
	struct ksrtp_fwd_out *out;
	int err;

	if (n >= KSRTP_FWD_OUTPUTS_MAX) {
		NL_SET_ERR_MSG(extack, "the rule has KSRTP_FWD_OUTPUTS_MAX outputs");
		return -ENOSPC;
	}
	out = kzalloc(sizeof(*out), GFP_KERNEL_ACCOUNT);
	if (!out)
		return -ENOMEM;
	err = ksrtp_fwd_out_fill(kn, out, p, extack);
	if (err)
		goto err_free;
	if (ksrtp_fwd_out_clash(old, out)) {
		NL_SET_ERR_MSG(extack, "an output of the rule sends to this remote with this SSRC");
		err = -EEXIST;
		goto err_free;
	}
	err = ksrtp_fwd_stats_init(&out->stats);
	if (err)
		goto err_free;
	err = dst_cache_init(&out->route, GFP_KERNEL_ACCOUNT);
	if (err)
		goto err_stats;
	outs = ksrtp_fwd_outs_alloc(n + 1);
	if (!outs) {
		err = -ENOMEM;
		goto err_route;
	}
	if (old)
		memcpy(outs->out, old->out, n * sizeof(old->out[0]));
	out->id = fwd->next_out_id++;
	outs->out[n] = out;
	outs->n = n + 1;
	rcu_assign_pointer(fwd->outs, outs);
	if (old)
		kfree_rcu(old, rcu);
	*id = out->id;
	return 0;

err_route:
	dst_cache_destroy(&out->route);
err_stats:
	free_percpu(out->stats.pcpu);
err_free:
	kfree(out);
	return err;
}

struct ksrtp_fwd_out *ksrtp_fwd_out_find(struct ksrtp_net *kn,
					 struct ksrtp_fwd *fwd, u32 id)
{
	struct ksrtp_fwd_outs *outs = ksrtp_fwd_outs(kn, fwd);
	unsigned int i;

	for (i = 0; outs && i < outs->n; i++)
		if (outs->out[i]->id == id)
			return outs->out[i];
	return NULL;
}

int ksrtp_fwd_out_del(struct ksrtp_net *kn, struct ksrtp_fwd *fwd,
		      struct ksrtp_fwd_out *out)
{
	struct ksrtp_fwd_outs *old = ksrtp_fwd_outs(kn, fwd), *outs = NULL;
	unsigned int i, j = 0;

	if (old->n > 1) {
		outs = ksrtp_fwd_outs_alloc(old->n - 1);
		if (!outs)
			return -ENOMEM;
		for (i = 0; i < old->n; i++)
			if (old->out[i] != out)
				outs->out[j++] = old->out[i];
		outs->n = j;
	}
	rcu_assign_pointer(fwd->outs, outs);
	kfree_rcu(old, rcu);
	call_rcu(&out->rcu, ksrtp_fwd_out_free);
	return 0;
}

/* Under RCU: the rule of @key with the remote and SSRC as asked. */
static struct ksrtp_fwd *ksrtp_fwd_get(struct ksrtp_net *kn,
				       struct ksrtp_ctx_key *key,
				       const struct ksrtp_dgram *d,
				       bool remote, bool ssrc)
{
	if (remote) {
		key->raddr = d->raddr;
		key->rport = d->rport;
	} else {
		memset(&key->raddr, 0, sizeof(key->raddr));
		key->rport = 0;
	}
	key->ssrc = ssrc ? d->key.ssrc : 0;
	key->tmpl = !ssrc;
	return rhashtable_lookup(&kn->fwd_table, key, ksrtp_fwd_params);
}

bool ksrtp_fwd_takes(struct ksrtp_fwd *fwd, const struct sk_buff *skb,
		     const struct ksrtp_dgram *d)
{
	const u8 *b;
	u8 buf;

	if (d->rtcp)
		return true;
	/* The second byte of the RTP header: the marker, the type. */
	b = skb_header_pointer(skb, ksrtp_dgram_off(d) + 1, 1, &buf);
	if (b && test_bit(*b & 0x7f, fwd->pts))
		return true;
	atomic64_inc(&fwd->stats.drops[KSRTP_FWD_OTHER_PT]);
	return false;
}

struct ksrtp_fwd *ksrtp_fwd_lookup(struct ksrtp_net *kn,
				   const struct ksrtp_dgram *d)
{
	struct ksrtp_ctx_key key;
	struct ksrtp_fwd *fwd;

	if (!ksrtp_ports_test(&kn->fwd_ports, d->key.lport))
		return NULL;
	memset(&key, 0, sizeof(key));
	key.laddr = d->key.laddr;
	key.lport = d->key.lport;
	key.family = d->key.family;
	key.dir = KSRTP_DIR_INBOUND;
	fwd = ksrtp_fwd_get(kn, &key, d, true, true);
	if (!fwd)
		fwd = ksrtp_fwd_get(kn, &key, d, true, false);
	if (!fwd)
		fwd = ksrtp_fwd_get(kn, &key, d, false, true);
	if (!fwd)
		fwd = ksrtp_fwd_get(kn, &key, d, false, false);
	return fwd;
}

int ksrtp_fwd_net_init(struct ksrtp_net *kn)
{
	xa_init_flags(&kn->fwd_ids, XA_FLAGS_ALLOC1);
	return rhashtable_init(&kn->fwd_table, &ksrtp_fwd_params);
}

void ksrtp_fwd_net_exit(struct ksrtp_net *kn)
{
	rhashtable_destroy(&kn->fwd_table);
	xa_destroy(&kn->fwd_ids);
}
