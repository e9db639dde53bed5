// SPDX-License-Identifier: GPL-2.0
/* Per-namespace context tables, and when a namespace gets the data path. */

#include <linux/bitmap.h>
#include <linux/slab.h>
#include <net/netns/generic.h>

#include "hooks.h"
#include "netns.h"

static unsigned int ksrtp_net_id __read_mostly;

static const struct rhashtable_params ksrtp_table_params = {
	.key_len = sizeof(struct ksrtp_ctx_key),
	.key_offset = offsetof(struct ksrtp_ctx, key),
	.head_offset = offsetof(struct ksrtp_ctx, node),
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
	unsigned long *map;
	int err;

	map = bitmap_zalloc(1 << 16, GFP_KERNEL_ACCOUNT);
	if (!map)
		return -ENOMEM;
	WRITE_ONCE(kn->port_map, map);
	err = ksrtp_hooks_register(kn->net);
	if (err) {
		WRITE_ONCE(kn->port_map, NULL);
		bitmap_free(map);
		return err;
	}
	kn->hooks_on = true;
	return 0;
}

static void ksrtp_port_get(struct ksrtp_net *kn, __be16 port)
{
	unsigned long n = xa_to_value(xa_load(&kn->port_refs, ntohs(port)));

	/* Slots of existing ports never need memory; new ones are reserved. */
	xa_store(&kn->port_refs, ntohs(port), xa_mk_value(n + 1), GFP_KERNEL);
	set_bit(ntohs(port), kn->port_map);
}

static void ksrtp_port_put(struct ksrtp_net *kn, __be16 port)
{
	unsigned long n = xa_to_value(xa_load(&kn->port_refs, ntohs(port)));

	if (n > 1) {
		xa_store(&kn->port_refs, ntohs(port), xa_mk_value(n - 1),
			 GFP_KERNEL);
		return;
	}
	xa_erase(&kn->port_refs, ntohs(port));
	clear_bit(ntohs(port), kn->port_map);
}

int ksrtp_insert(struct ksrtp_net *kn, struct ksrtp_ctx *ctx,
		 struct netlink_ext_ack *extack)
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

	/* Reserve the id and the port slot first: nothing can fail later. */
	err = xa_alloc_cyclic(&kn->ids, &ctx->id, NULL, xa_limit_32b,
			      &kn->next_id, GFP_KERNEL_ACCOUNT);
	if (err < 0)
		return err;
	if (!xa_load(&kn->port_refs, port)) {
		err = xa_reserve(&kn->port_refs, port, GFP_KERNEL_ACCOUNT);
		if (err)
			goto err_id;
	}

	err = rhashtable_lookup_insert_fast(&kn->table, &ctx->node,
					    ksrtp_table_params);
	if (err) {
		if (err == -EEXIST)
			NL_SET_ERR_MSG(extack, "a context with this tuple exists");
		goto err_port;
	}

	xa_store(&kn->ids, ctx->id, ctx, GFP_KERNEL);
	ksrtp_port_get(kn, ctx->key.lport);
	kn->count++;
	kn->generation++;
	return 0;

err_port:
	xa_release(&kn->port_refs, port);
err_id:
	xa_erase(&kn->ids, ctx->id);
	return err;
}

void ksrtp_remove(struct ksrtp_net *kn, struct ksrtp_ctx *ctx)
{
	lockdep_assert_held(&kn->lock);

	rhashtable_remove_fast(&kn->table, &ctx->node, ksrtp_table_params);
	xa_erase(&kn->ids, ctx->id);
	ksrtp_port_put(kn, ctx->key.lport);
	kn->count--;
	kn->generation++;
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

static int __net_init ksrtp_net_init(struct net *net)
{
	struct ksrtp_net *kn = ksrtp_net(net);

	kn->net = net;
	mutex_init(&kn->lock);
	xa_init_flags(&kn->ids, XA_FLAGS_ALLOC1);
	xa_init(&kn->port_refs);
	return rhashtable_init(&kn->table, &ksrtp_table_params);
}

static void __net_exit ksrtp_net_exit(struct net *net)
{
	struct ksrtp_net *kn = ksrtp_net(net);

	mutex_lock(&kn->lock);
	/* After this no packet of the namespace can reach a context. */
	if (kn->hooks_on)
		ksrtp_hooks_unregister(net);
	kn->hooks_on = false;
	ksrtp_flush(kn);
	mutex_unlock(&kn->lock);

	rhashtable_destroy(&kn->table);
	xa_destroy(&kn->ids);
	xa_destroy(&kn->port_refs);
	bitmap_free(kn->port_map);
	kn->port_map = NULL;
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
