// SPDX-License-Identifier: GPL-2.0
/*
 * The context table of a namespace: contexts by key (the rhashtable the
 * data path looks packets up in) and by id (the xarray netlink names them
 * by), publishing and unpublishing them with their counts.
 */

#include <linux/lockdep.h>

#include "learn.h"
#include "netns.h"
#include "trace.h"
#include "user.h"

static const struct rhashtable_params ksrtp_table_params = {
	.key_len = sizeof(struct ksrtp_ctx_key),
	.key_offset = offsetof(struct ksrtp_ctx, key),
	.head_offset = offsetof(struct ksrtp_ctx, node),
	.automatic_shrinking = true,
};

/* Caller holds rcu_read_lock() (every netfilter hook does). */
struct ksrtp_ctx *ksrtp_lookup(struct ksrtp_net *kn,
			       const struct ksrtp_ctx_key *key)
{
	return rhashtable_lookup(&kn->table, key, ksrtp_table_params);
}

/* An id for a context to be published later; NULL until then. */
int ksrtp_id_reserve(struct ksrtp_net *kn, u32 *id)
{
	int err = xa_alloc_cyclic_bh(&kn->ids, id, NULL, xa_limit_32b,
				     &kn->next_id, GFP_KERNEL_ACCOUNT);

	return err < 0 ? err : 0;
}

void ksrtp_id_release(struct ksrtp_net *kn, u32 id)
{
	xa_erase_bh(&kn->ids, id);
}

/*
 * Under the lock of kn->ids: make @ctx visible to packets and netlink.
 * -ENOSPC: the namespace is at net.ksrtp.max_contexts, or for a learned
 * context at net.ksrtp.max_learned; -EDQUOT: its user is at
 * net.ksrtp.max_contexts_per_user.
 */
static int ksrtp_publish(struct ksrtp_net *kn, struct ksrtp_ctx *ctx)
{
	int err;

	if (kn->count >= READ_ONCE(kn->max_contexts) ||
	    (ctx->template_id &&
	     kn->nlearned >= READ_ONCE(kn->max_learned)))
		return -ENOSPC;
	if (!ksrtp_user_charge(ctx->user))
		return -EDQUOT;
	err = rhashtable_lookup_insert_fast(&kn->table, &ctx->node,
					    ksrtp_table_params);
	if (err) {
		ksrtp_user_uncharge(ctx->user);
		return err;
	}
	__xa_store(&kn->ids, ctx->id, ctx, GFP_ATOMIC);
	ksrtp_port_get(kn, ctx);
	kn->count++;
	if (ctx->template_id)
		kn->nlearned++;
	if (ctx->owner)
		WRITE_ONCE(kn->nowned, kn->nowned + 1);
	kn->generation++;
	trace_ksrtp_ctx_new(ctx);
	return 0;
}

/*
 * From the data path. Only while the template is published: a packet
 * that took the spare before the template was removed (by DEL, or with
 * its owner's socket) learns nothing, so removing a template and then
 * what it learned leaves nothing behind.
 */
int ksrtp_publish_learned(struct ksrtp_net *kn, struct ksrtp_ctx *ctx)
{
	struct ksrtp_ctx *tmpl;
	int err = -ENOENT;

	xa_lock_bh(&kn->ids);
	tmpl = xa_load(&kn->ids, ctx->template_id);
	if (tmpl && tmpl->key.tmpl && tmpl->ring == ctx->ring)
		err = ksrtp_publish(kn, ctx);
	xa_unlock_bh(&kn->ids);
	return err;
}

int ksrtp_insert(struct ksrtp_net *kn, struct ksrtp_ctx *ctx,
		 const struct nlattr *key_attr, struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&kn->lock);

	if (!kn->hooks_on) {
		err = ksrtp_net_activate(kn);
		if (err) {
			NL_SET_ERR_MSG(extack, "cannot register the netfilter hooks");
			return err;
		}
	}
	ctx->net = kn->net;

	/* Reserve the id and the port slot first: nothing can fail later. */
	err = ksrtp_id_reserve(kn, &ctx->id);
	if (err)
		return err;
	err = ksrtp_port_reserve(kn, ctx);
	if (err)
		goto err_id;
	err = ksrtp_fp_add(kn, ctx, ksrtp_ctx_first_key(ctx), key_attr, extack);
	if (err)
		goto err_port;

	xa_lock_bh(&kn->ids);
	err = ksrtp_publish(kn, ctx);
	xa_unlock_bh(&kn->ids);
	if (err) {
		if (err == -EEXIST)
			NL_SET_ERR_MSG(extack,
				       "a context with this tuple exists (it keeps its keys and ROC; rekey it with KSRTP_CMD_KEY_NEW)");
		if (err == -ENOSPC)
			NL_SET_ERR_MSG(extack,
				       "the namespace holds net.ksrtp.max_contexts contexts already");
		if (err == -EDQUOT)
			NL_SET_ERR_MSG(extack,
				       "the user holds net.ksrtp.max_contexts_per_user contexts already, in all namespaces");
		goto err_fp;
	}
	if (ctx->key.tmpl)
		ksrtp_learn_template_add(kn, ctx);
	return 0;

err_fp:
	ksrtp_fp_del_ctx(kn, ctx);
err_port:
	ksrtp_port_unreserve(kn, ctx);
err_id:
	ksrtp_id_release(kn, ctx->id);
	return err;
}

void ksrtp_remove(struct ksrtp_net *kn, struct ksrtp_ctx *ctx)
{
	lockdep_assert_held(&kn->lock);

	xa_lock_bh(&kn->ids);
	rhashtable_remove_fast(&kn->table, &ctx->node, ksrtp_table_params);
	__xa_erase(&kn->ids, ctx->id);
	ksrtp_port_put(kn, ctx);
	ksrtp_user_uncharge(ctx->user);
	kn->count--;
	if (ctx->template_id)
		kn->nlearned--;
	if (ctx->owner)
		WRITE_ONCE(kn->nowned, kn->nowned - 1);
	kn->generation++;
	xa_unlock_bh(&kn->ids);
	trace_ksrtp_ctx_del(ctx);

	ksrtp_fp_del_ctx(kn, ctx);
	if (ctx->key.tmpl)
		ksrtp_learn_template_gone(kn, ctx);
	if (ctx->template_id)
		ksrtp_learn_forget(kn, ctx);
	ksrtp_ctx_put(ctx);	/* the table's reference */
}

void ksrtp_flush(struct ksrtp_net *kn)
{
	struct ksrtp_ctx *ctx;
	unsigned long id;

	lockdep_assert_held(&kn->lock);
	xa_for_each(&kn->ids, id, ctx)
		ksrtp_remove(kn, ctx);
}

int ksrtp_table_net_init(struct ksrtp_net *kn)
{
	xa_init_flags(&kn->ids, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_BH);
	return rhashtable_init(&kn->table, &ksrtp_table_params);
}

void ksrtp_table_net_exit(struct ksrtp_net *kn)
{
	rhashtable_destroy(&kn->table);
	xa_destroy(&kn->ids);
}
