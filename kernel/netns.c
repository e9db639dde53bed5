// SPDX-License-Identifier: GPL-2.0
/* Per-namespace context tables, and when a namespace gets the data path. */

#include <linux/bitmap.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/netns/generic.h>

#include "events.h"
#include "hooks.h"
#include "learn.h"
#include "netns.h"
#include "trace.h"
#include "user.h"

static unsigned int ksrtp_net_id __read_mostly;

static const struct rhashtable_params ksrtp_table_params = {
	.key_len = sizeof(struct ksrtp_ctx_key),
	.key_offset = offsetof(struct ksrtp_ctx, key),
	.head_offset = offsetof(struct ksrtp_ctx, node),
	.automatic_shrinking = true,
};

static const struct rhashtable_params ksrtp_fp_params = {
	.key_len = sizeof(struct ksrtp_fp_key),
	.key_offset = offsetof(struct ksrtp_mkey, fp_key),
	.head_offset = offsetof(struct ksrtp_mkey, fp_node),
	.automatic_shrinking = true,
};

struct ksrtp_net *ksrtp_net(const struct net *net)
{
	return net_generic(net, ksrtp_net_id);
}

/* Caller holds rcu_read_lock() (every netfilter hook does). */
struct ksrtp_ctx *ksrtp_lookup(struct ksrtp_net *kn,
			       const struct ksrtp_ctx_key *key)
{
	return rhashtable_lookup(&kn->table, key, ksrtp_table_params);
}

/*
 * The data path is attached to a namespace with its first context and
 * stays until the namespace goes: namespaces that never use ksrtp pay
 * nothing, and a daemon that empties and refills its table does not
 * re-register hooks every time.
 */
static int ksrtp_net_activate(struct ksrtp_net *kn)
{
	unsigned long *ports, *guards;
	int err = -ENOMEM;

	ports = bitmap_zalloc(1 << 16, GFP_KERNEL_ACCOUNT);
	guards = bitmap_zalloc(1 << 16, GFP_KERNEL_ACCOUNT);
	if (!ports || !guards)
		goto err_free;
	WRITE_ONCE(kn->ports.map, ports);
	WRITE_ONCE(kn->guards.map, guards);
	err = ksrtp_hooks_register(kn->net);
	if (err)
		goto err_clear;
	kn->hooks_on = true;
	return 0;

err_clear:
	WRITE_ONCE(kn->ports.map, NULL);
	WRITE_ONCE(kn->guards.map, NULL);
err_free:
	bitmap_free(guards);
	bitmap_free(ports);
	return err;
}

/* Process context, before publication: the slot a count will need. */
static int ksrtp_ports_reserve(struct ksrtp_ports *ports, u16 port)
{
	if (xa_load(&ports->refs, port))
		return 0;
	return xa_reserve_bh(&ports->refs, port, GFP_KERNEL_ACCOUNT);
}

/* Undo ksrtp_ports_reserve() if nothing was counted meanwhile. */
static void ksrtp_ports_unreserve(struct ksrtp_ports *ports, u16 port)
{
	xa_cmpxchg_bh(&ports->refs, port, XA_ZERO_ENTRY, NULL, 0);
}

/*
 * Under the lock of kn->ids. The slot of the port exists (it was reserved,
 * or holds a count), so storing never needs memory.
 */
static void ksrtp_ports_get(struct ksrtp_ports *ports, __be16 port)
{
	unsigned long n = xa_to_value(xa_load(&ports->refs, ntohs(port)));

	xa_store_bh(&ports->refs, ntohs(port), xa_mk_value(n + 1),
		    GFP_ATOMIC);
	set_bit(ntohs(port), ports->map);
}

static void ksrtp_ports_put(struct ksrtp_ports *ports, __be16 port)
{
	unsigned long n = xa_to_value(xa_load(&ports->refs, ntohs(port)));

	if (n > 1) {
		xa_store_bh(&ports->refs, ntohs(port), xa_mk_value(n - 1),
			    GFP_ATOMIC);
		return;
	}
	xa_erase_bh(&ports->refs, ntohs(port));
	clear_bit(ntohs(port), ports->map);
}

/* Does @ctx protect its port (see "Protected ports" in the UAPI)? */
static bool ksrtp_ctx_guards(const struct ksrtp_ctx *ctx)
{
	return ctx->key.dir == KSRTP_DIR_INBOUND &&
	       ctx->policy == KSRTP_POLICY_REQUIRED;
}

/* Under the lock of kn->ids: count @ctx on its port. */
static void ksrtp_port_get(struct ksrtp_net *kn, const struct ksrtp_ctx *ctx)
{
	ksrtp_ports_get(&kn->ports, ctx->key.lport);
	if (!ksrtp_ctx_guards(ctx))
		return;
	ksrtp_ports_get(&kn->guards, ctx->key.lport);
	WRITE_ONCE(kn->nguards, kn->nguards + 1);
}

static void ksrtp_port_put(struct ksrtp_net *kn, const struct ksrtp_ctx *ctx)
{
	ksrtp_ports_put(&kn->ports, ctx->key.lport);
	if (!ksrtp_ctx_guards(ctx))
		return;
	ksrtp_ports_put(&kn->guards, ctx->key.lport);
	WRITE_ONCE(kn->nguards, kn->nguards - 1);
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

/*
 * Two outbound contexts may share a key and SSRC only as the RTP and the
 * RTCP context of one session without rtcp-mux: same addresses, other
 * ports.
 */
static bool ksrtp_fp_pair_ok(const struct ksrtp_ctx *a,
			     const struct ksrtp_ctx *b)
{
	return a->key.family == b->key.family &&
	       ipv6_addr_equal(&a->key.laddr, &b->key.laddr) &&
	       ipv6_addr_equal(&a->key.raddr, &b->key.raddr) &&
	       (a->key.lport != b->key.lport || a->key.rport != b->key.rport);
}

int ksrtp_fp_add(struct ksrtp_net *kn, struct ksrtp_ctx *ctx,
		 struct ksrtp_mkey *mk, const struct nlattr *key_attr,
		 struct netlink_ext_ack *extack)
{
	struct rhlist_head *list, *pos;
	struct ksrtp_mkey *other;
	int err;

	lockdep_assert_held(&kn->lock);
	if (ctx->key.dir != KSRTP_DIR_OUTBOUND)
		return 0;
	mk->fp_key.fingerprint = mk->fingerprint;
	mk->fp_key.ssrc = ctx->key.ssrc;
	mk->owner = ctx;

	rcu_read_lock();
	list = rhltable_lookup(&kn->fp_table, &mk->fp_key, ksrtp_fp_params);
	rhl_for_each_entry_rcu(other, pos, list, fp_node) {
		if (other->owner == ctx || ksrtp_fp_pair_ok(ctx, other->owner))
			continue;
		rcu_read_unlock();
		NL_SET_ERR_MSG_ATTR(extack, key_attr,
				    "KSRTP_A_MASTER_KEY: another outbound context already sends this SSRC with this key");
		return -EEXIST;
	}
	rcu_read_unlock();
	err = rhltable_insert(&kn->fp_table, &mk->fp_node, ksrtp_fp_params);
	if (err)
		mk->owner = NULL;
	return err;
}

void ksrtp_fp_del(struct ksrtp_net *kn, struct ksrtp_mkey *mk)
{
	if (mk->owner)
		rhltable_remove(&kn->fp_table, &mk->fp_node, ksrtp_fp_params);
	mk->owner = NULL;
}

static void ksrtp_fp_del_ctx(struct ksrtp_net *kn, struct ksrtp_ctx *ctx)
{
	unsigned int i;

	if (ctx->key.dir != KSRTP_DIR_OUTBOUND)
		return;
	for (i = 0; i < KSRTP_MAX_KEYS; i++) {
		struct ksrtp_mkey *mk =
			rcu_dereference_protected(ctx->ring->keys[i],
						  lockdep_is_held(&kn->lock));

		if (mk)
			ksrtp_fp_del(kn, mk);
	}
}

int ksrtp_insert(struct ksrtp_net *kn, struct ksrtp_ctx *ctx,
		 const struct nlattr *key_attr, struct netlink_ext_ack *extack)
{
	u16 port = ntohs(ctx->key.lport);
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
	err = ksrtp_ports_reserve(&kn->ports, port);
	if (err)
		goto err_id;
	if (ksrtp_ctx_guards(ctx)) {
		err = ksrtp_ports_reserve(&kn->guards, port);
		if (err)
			goto err_port;
	}
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
	if (ctx->key.tmpl) {
		list_add(&ctx->tmpl_node, &kn->templates);
		WRITE_ONCE(kn->ntemplates, kn->ntemplates + 1);
		ksrtp_learn_refill(kn, ctx);
	}
	return 0;

err_fp:
	ksrtp_fp_del_ctx(kn, ctx);
err_port:
	ksrtp_ports_unreserve(&kn->guards, port);
	ksrtp_ports_unreserve(&kn->ports, port);
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
	if (ctx->key.tmpl) {
		list_del_init(&ctx->tmpl_node);
		WRITE_ONCE(kn->ntemplates, kn->ntemplates - 1);
		ksrtp_learn_template_gone(kn, ctx);
	}
	if (ctx->template_id)
		ksrtp_learn_forget(kn, ctx);
	ksrtp_ctx_destroy(ctx);
}

void ksrtp_flush(struct ksrtp_net *kn)
{
	struct ksrtp_ctx *ctx;
	unsigned long id;

	lockdep_assert_held(&kn->lock);
	xa_for_each(&kn->ids, id, ctx)
		ksrtp_remove(kn, ctx);
}

/*
 * Two passes at least: a context learned from an owned template is
 * published only while its template is (ksrtp_publish_learned()), so
 * once a pass has removed the templates, the next one finds everything
 * they learned, whatever the order of the ids.
 */
void ksrtp_release_owner(struct ksrtp_net *kn, u32 portid)
{
	struct ksrtp_ctx *ctx;
	unsigned long id;
	bool found;

	mutex_lock(&kn->lock);
	do {
		found = false;
		xa_for_each(&kn->ids, id, ctx) {
			if (ctx->owner != portid)
				continue;
			ksrtp_remove(kn, ctx);
			found = true;
		}
	} while (found);
	mutex_unlock(&kn->lock);
}

/*
 * The xarrays' locks are initialized by the same inline function and
 * would share one lockdep class; the port counts' locks nest inside that
 * of @ids, so they get classes of their own.
 */
static struct lock_class_key ksrtp_ports_key;
static struct lock_class_key ksrtp_guards_key;

static int __net_init ksrtp_net_init(struct net *net)
{
	struct ksrtp_net *kn = ksrtp_net(net);

	int err;

	kn->net = net;
	mutex_init(&kn->lock);
	xa_init_flags(&kn->ids, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_BH);
	xa_init_flags(&kn->ports.refs, XA_FLAGS_LOCK_BH);
	lockdep_set_class(&kn->ports.refs.xa_lock, &ksrtp_ports_key);
	xa_init_flags(&kn->guards.refs, XA_FLAGS_LOCK_BH);
	lockdep_set_class(&kn->guards.refs.xa_lock, &ksrtp_guards_key);
	INIT_LIST_HEAD(&kn->templates);
	ksrtp_learn_net_init(kn);
	ksrtp_events_net_init(kn);
	err = ksrtp_guard_net_init(kn);
	if (err)
		return err;
	err = rhltable_init(&kn->fp_table, &ksrtp_fp_params);
	if (err)
		goto err_guard;
	err = rhashtable_init(&kn->table, &ksrtp_table_params);
	if (err)
		goto err_fp;
	err = ksrtp_sysctl_net_init(kn);
	if (err)
		goto err_table;
	return 0;

err_table:
	rhashtable_destroy(&kn->table);
err_fp:
	rhltable_destroy(&kn->fp_table);
err_guard:
	ksrtp_guard_net_exit(kn);
	return err;
}

static void __net_exit ksrtp_net_exit(struct net *net)
{
	struct ksrtp_net *kn = ksrtp_net(net);

	ksrtp_sysctl_net_exit(kn);
	mutex_lock(&kn->lock);
	/* After this no packet of the namespace can reach a context. */
	if (kn->hooks_on)
		ksrtp_hooks_unregister(net);
	kn->hooks_on = false;
	ksrtp_flush(kn);
	mutex_unlock(&kn->lock);
	/* The refill work takes kn->lock: cancel it without holding it. */
	ksrtp_learn_net_exit(kn);
	ksrtp_events_net_exit(kn);
	ksrtp_guard_net_exit(kn);

	rhltable_destroy(&kn->fp_table);
	rhashtable_destroy(&kn->table);
	xa_destroy(&kn->ids);
	xa_destroy(&kn->ports.refs);
	xa_destroy(&kn->guards.refs);
	bitmap_free(kn->ports.map);
	bitmap_free(kn->guards.map);
	kn->ports.map = NULL;
	kn->guards.map = NULL;
}

static struct pernet_operations ksrtp_net_ops = {
	.init = ksrtp_net_init,
	.exit = ksrtp_net_exit,
	.id = &ksrtp_net_id,
	.size = sizeof(struct ksrtp_net),
};

int ksrtp_netns_init(void)
{
	return register_pernet_subsys(&ksrtp_net_ops);
}

void ksrtp_netns_exit(void)
{
	unregister_pernet_subsys(&ksrtp_net_ops);
}
