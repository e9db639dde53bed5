/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp's state in a network namespace, &struct ksrtp_net, and the
 * functions of the files that share it, one concern each: netns.c (the
 * namespace's life), table.c (the contexts), ports.c (the port maps),
 * fingerprint.c (outbound keys), owner.c (owned contexts), sysctl.c.
 * Templates (learn.c), events (events.c) and protected ports' drops
 * (guard.c) have headers of their own.
 */
#ifndef _KSRTP_NETNS_H
#define _KSRTP_NETNS_H

#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/rhashtable.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

#include "context.h"
#include "guard.h"

/**
 * struct ksrtp_ports - a set of local UDP ports with a count of contexts
 *	per port
 * @map: one bit per port; allocated with the hooks (NULL before) under
 *	ksrtp_net.lock, read by the data path locklessly (READ_ONCE())
 * @refs: the counts, changed under the lock of ksrtp_net.ids
 *
 * The lock of @refs nests inside that of ksrtp_net.ids, never the other
 * way round.
 */
struct ksrtp_ports {
	unsigned long *map;
	struct xarray refs;
};

/**
 * ksrtp_ports_test() - does @port carry a context?
 * @ports: the set
 * @port: a local UDP port
 *
 * Lockless, for the data path.
 *
 * Return: true if it does; false also before the hooks were registered.
 */
static inline bool ksrtp_ports_test(const struct ksrtp_ports *ports,
				    __be16 port)
{
	const unsigned long *map = READ_ONCE(ports->map);

	return map && test_bit(ntohs(port), map);
}

/**
 * struct ksrtp_net - per network namespace state
 * @net: the namespace
 * @lock: serializes changes, see below
 * @table: ksrtp_ctx by ksrtp_ctx.key; changed under the lock of @ids,
 *	read under RCU
 * @ids: ksrtp_ctx by ksrtp_ctx.id; its xa_lock_bh() is the publication
 *	lock
 * @next_id: for cyclic id allocation; under the lock of @ids
 * @ports: local UDP ports that carry at least one context: the data
 *	path's early exit (&struct ksrtp_ports says what guards it)
 * @guards: the protected ports: with an inbound context or template of
 *	KSRTP_POLICY_REQUIRED (see guard.c); like @ports
 * @nguards: counts those contexts, for what has no port to look at (an
 *	unreadable fragment); under the lock of @ids, read locklessly by
 *	the data path
 * @guard: drops no context owns (&struct ksrtp_guard_net)
 * @count: published contexts; under the lock of @ids
 * @nlearned: of which learned; under the lock of @ids
 * @nowned: of which owned; under the lock of @ids, read locklessly
 * @max_contexts: limit (sysctl net.ksrtp.max_contexts, sysctl.c),
 *	checked at publication under the lock of @ids; read with READ_ONCE()
 * @max_learned: limit (sysctl net.ksrtp.max_learned); likewise
 * @sysctl_hdr: the namespace's net.ksrtp.* table
 * @ntemplates: published templates; under @lock, read locklessly by the
 *	data path
 * @generation: bumped by every change, for dumps; under the lock of @ids
 * @hooks_on: the netfilter hooks are registered; under @lock
 * @templates: the published templates, by ksrtp_template.node (learn.c);
 *	under @lock
 * @refill_work: gives templates a new spare
 * @fp_table: outbound keys by (fingerprint, SSRC): no two senders share
 *	one; under @lock
 * @ev_list: contexts with events to send; lock-free (llist)
 * @ev_work: sends them
 * @fwd_table: forwarding rules (&struct ksrtp_fwd, forward.c) by input;
 *	changed under @lock, read under RCU
 * @fwd_ids: the rules by id; changed under @lock
 * @fwd_next_id: for cyclic id allocation; under @lock
 * @fwd_ports: local ports with a rule; like @ports
 * @nfwd: the rules; under @lock
 * @nfwd_owned: of which owned; under @lock, read locklessly
 * @max_forwards: limit (sysctl net.ksrtp.max_forwards); READ_ONCE()
 * @fwd_ev_next: no KSRTP_EVENT_FWD_DROPS round before this (jiffies);
 *	READ_ONCE()/WRITE_ONCE() by the data path
 * @fwd_ev_pending: bit 0: an output dropped, @ev_work is to report it
 *
 * @lock serializes every configuration change (netlink, the spare
 * refill): hook registration, key changes, @templates, @fp_table.
 * Publishing and unpublishing a context (@table, @ids, @ports, @guards,
 * @nguards, @count, @nlearned, @nowned, @generation) additionally happens
 * under the lock of @ids (xa_lock_bh), because a template's learned
 * contexts are published from the data path, which cannot take @lock.
 * The data path reads @table and the port maps under RCU without either;
 * netlink readers use RCU as well.
 */
struct ksrtp_net {
	struct net *net;
	struct mutex lock;		/* serializes changes, see above */
	struct rhashtable table;
	struct xarray ids;
	u32 next_id;
	struct ksrtp_ports ports;
	struct ksrtp_ports guards;
	unsigned int nguards;
	struct ksrtp_guard_net guard;
	unsigned int count;
	unsigned int nlearned;
	unsigned int nowned;
	unsigned int max_contexts;
	unsigned int max_learned;
	struct ctl_table_header *sysctl_hdr;
	unsigned int ntemplates;
	u32 generation;
	bool hooks_on;

	struct list_head templates;
	struct work_struct refill_work;
	struct rhltable fp_table;

	struct llist_head ev_list;
	struct work_struct ev_work;

	struct rhashtable fwd_table;
	struct xarray fwd_ids;
	u32 fwd_next_id;
	struct ksrtp_ports fwd_ports;
	unsigned int nfwd;
	unsigned int nfwd_owned;
	unsigned int max_forwards;
	unsigned long fwd_ev_next;
	unsigned long fwd_ev_pending;
};

/* netns.c: the namespace's life. */

/**
 * ksrtp_net() - ksrtp's state in a namespace
 * @net: the namespace
 *
 * Return: the state (&struct ksrtp_net).
 */
struct ksrtp_net *ksrtp_net(const struct net *net);
/**
 * ksrtp_net_activate() - give the namespace the data path
 * @kn: the namespace, without its hooks yet
 *
 * Allocates the port maps and registers the netfilter hooks, which stay
 * until the namespace goes. Caller holds ksrtp_net.lock.
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_net_activate(struct ksrtp_net *kn);
/**
 * ksrtp_netns_init() - register the per-namespace state
 *
 * At module load: every namespace, existing or new, gets a &struct
 * ksrtp_net, set up empty and without hooks.
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_netns_init(void);
/**
 * ksrtp_netns_exit() - tear down the state of every namespace
 *
 * At module unload, after the netlink family is gone: unregisters the
 * hooks and removes every context.
 */
void ksrtp_netns_exit(void);

/* ports.c: the port maps, &struct ksrtp_ports. */

/**
 * ksrtp_port_used() - does @port carry at least one context?
 * @kn: the namespace
 * @port: a local UDP port
 *
 * Return: true if it does: the data path's early exit when not.
 */
static inline bool ksrtp_port_used(const struct ksrtp_net *kn, __be16 port)
{
	return ksrtp_ports_test(&kn->ports, port);
}

/**
 * ksrtp_port_guarded() - is @port protected?
 * @kn: the namespace
 * @port: a local UDP port
 *
 * Return: true if what UDP would deliver to it is authenticated or
 * dropped.
 */
static inline bool ksrtp_port_guarded(const struct ksrtp_net *kn, __be16 port)
{
	return ksrtp_ports_test(&kn->guards, port);
}

/**
 * ksrtp_port_reserve() - the count slots @ctx will need on its port
 * @kn: the namespace
 * @ctx: a context about to be published
 *
 * Process context, ksrtp_net.lock held: publication, under a spinlock,
 * then needs no memory.
 *
 * Return: 0, or -ENOMEM (and nothing reserved).
 */
int ksrtp_port_reserve(struct ksrtp_net *kn, const struct ksrtp_ctx *ctx);
/**
 * ksrtp_port_unreserve() - undo ksrtp_port_reserve()
 * @kn: the namespace
 * @ctx: the context, which was not published
 *
 * Frees the slots that nothing counts in; ksrtp_net.lock held.
 */
void ksrtp_port_unreserve(struct ksrtp_net *kn, const struct ksrtp_ctx *ctx);
/**
 * ksrtp_port_get() - count @ctx on its port
 * @kn: the namespace
 * @ctx: the context being published
 *
 * Under the lock of ksrtp_net.ids; sets the port's bits in the maps.
 */
void ksrtp_port_get(struct ksrtp_net *kn, const struct ksrtp_ctx *ctx);
/**
 * ksrtp_port_put() - undo ksrtp_port_get()
 * @kn: the namespace
 * @ctx: the context being unpublished
 *
 * Under the lock of ksrtp_net.ids; clears the bits of a port nothing
 * counts on any more.
 */
void ksrtp_port_put(struct ksrtp_net *kn, const struct ksrtp_ctx *ctx);
/**
 * ksrtp_ports_net_init() - empty counts, no maps yet
 * @kn: the namespace
 */
void ksrtp_ports_net_init(struct ksrtp_net *kn);
/**
 * ksrtp_ports_net_activate() - allocate the maps
 * @kn: the namespace, getting the data path (ksrtp_net_activate())
 *
 * Return: 0, or -ENOMEM.
 */
int ksrtp_ports_net_activate(struct ksrtp_net *kn);
/**
 * ksrtp_ports_net_deactivate() - free the maps
 * @kn: the namespace, whose hooks are not (or no longer) registered
 */
void ksrtp_ports_net_deactivate(struct ksrtp_net *kn);
/**
 * ksrtp_ports_net_exit() - free the counts and the maps
 * @kn: the namespace, its hooks gone and its contexts removed
 */
void ksrtp_ports_net_exit(struct ksrtp_net *kn);

/**
 * ksrtp_port_fwd_reserve() - the count slots a rule will need on @port
 * @kn: the namespace
 * @port: the rule's local port
 *
 * Process context, ksrtp_net.lock held.
 *
 * Return: 0, or -ENOMEM (and nothing reserved).
 */
int ksrtp_port_fwd_reserve(struct ksrtp_net *kn, __be16 port);
/**
 * ksrtp_port_fwd_unreserve() - undo ksrtp_port_fwd_reserve()
 * @kn: the namespace
 * @port: the port
 */
void ksrtp_port_fwd_unreserve(struct ksrtp_net *kn, __be16 port);
/**
 * ksrtp_port_fwd_get() - count a rule on @port
 * @kn: the namespace
 * @port: its reserved port
 *
 * Takes the lock of ksrtp_net.ids.
 */
void ksrtp_port_fwd_get(struct ksrtp_net *kn, __be16 port);
/**
 * ksrtp_port_fwd_put() - undo ksrtp_port_fwd_get()
 * @kn: the namespace
 * @port: the port
 */
void ksrtp_port_fwd_put(struct ksrtp_net *kn, __be16 port);

/* table.c: the contexts, by key and by id. */

/**
 * ksrtp_lookup() - the published context with this key
 * @kn: the namespace
 * @key: the key
 *
 * Caller holds rcu_read_lock() (every netfilter hook does).
 *
 * Return: the context, or NULL.
 */
struct ksrtp_ctx *ksrtp_lookup(struct ksrtp_net *kn,
			       const struct ksrtp_ctx_key *key);
/**
 * ksrtp_insert() - publish a new context
 * @kn: the namespace
 * @ctx: the context, made by ksrtp_ctx_create()
 * @key_attr: the request's master key, for the extack of a refusal
 * @extack: for the reason of a refusal
 *
 * Caller holds ksrtp_net.lock; the publication itself is under the lock
 * of ksrtp_net.ids. Registers the hooks on first use; a template gets
 * its first spare.
 *
 * Return: 0, or a negative errno (-EEXIST, -ENOSPC, -EDQUOT, ...).
 */
int ksrtp_insert(struct ksrtp_net *kn, struct ksrtp_ctx *ctx,
		 const struct nlattr *key_attr, struct netlink_ext_ack *extack);
/**
 * ksrtp_remove() - unpublish a context and drop the table's reference
 * @kn: the namespace
 * @ctx: the context
 *
 * Caller holds ksrtp_net.lock.
 */
void ksrtp_remove(struct ksrtp_net *kn, struct ksrtp_ctx *ctx);
/**
 * ksrtp_flush() - remove every context
 * @kn: the namespace
 *
 * Caller holds ksrtp_net.lock.
 */
void ksrtp_flush(struct ksrtp_net *kn);
/**
 * ksrtp_publish_learned() - publish a context a template learned
 * @kn: the namespace
 * @ctx: the template's spare, with its SSRC
 *
 * From the data path (learn.c): takes the lock of ksrtp_net.ids only.
 * Only while the template is published.
 *
 * Return: 0; -ENOENT if the template is gone, or what publication
 * refuses with (-EEXIST, -ENOSPC, -EDQUOT).
 */
int ksrtp_publish_learned(struct ksrtp_net *kn, struct ksrtp_ctx *ctx);
/**
 * ksrtp_id_reserve() - an id for a context to be published later
 * @kn: the namespace
 * @id: the id
 *
 * ksrtp_net.ids holds NULL for it until then.
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_id_reserve(struct ksrtp_net *kn, u32 *id);
/**
 * ksrtp_id_release() - give back an id that was never published
 * @kn: the namespace
 * @id: the id
 */
void ksrtp_id_release(struct ksrtp_net *kn, u32 id);
/**
 * ksrtp_table_net_init() - an empty table
 * @kn: the namespace
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_table_net_init(struct ksrtp_net *kn);
/**
 * ksrtp_table_net_exit() - free the table
 * @kn: the namespace, its contexts removed
 */
void ksrtp_table_net_exit(struct ksrtp_net *kn);

/* fingerprint.c: outbound key reuse (ksrtp_net.lock held). */

/**
 * ksrtp_fp_add() - record that @ctx sends with @mk
 * @kn: the namespace
 * @ctx: the context; nothing is recorded for an inbound one
 * @mk: the key
 * @key_attr: the request's master key, for the extack of a refusal
 * @extack: for the reason of a refusal
 *
 * Caller holds ksrtp_net.lock.
 *
 * Return: 0, or -EEXIST if another outbound context sends the SSRC with
 * this key (but the RTP and RTCP contexts of one session), or another
 * negative errno.
 */
int ksrtp_fp_add(struct ksrtp_net *kn, struct ksrtp_ctx *ctx,
		 struct ksrtp_mkey *mk, const struct nlattr *key_attr,
		 struct netlink_ext_ack *extack);
/**
 * ksrtp_fp_del() - forget what ksrtp_fp_add() recorded
 * @kn: the namespace
 * @mk: the key
 *
 * Caller holds ksrtp_net.lock.
 */
void ksrtp_fp_del(struct ksrtp_net *kn, struct ksrtp_mkey *mk);
/**
 * ksrtp_fp_del_ctx() - forget every key of @ctx
 * @kn: the namespace
 * @ctx: the context; nothing was recorded for an inbound one
 *
 * Caller holds ksrtp_net.lock.
 */
void ksrtp_fp_del_ctx(struct ksrtp_net *kn, struct ksrtp_ctx *ctx);
/**
 * ksrtp_fp_net_init() - an empty fingerprint table
 * @kn: the namespace
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_fp_net_init(struct ksrtp_net *kn);
/**
 * ksrtp_fp_net_exit() - free the fingerprint table
 * @kn: the namespace, its contexts removed
 */
void ksrtp_fp_net_exit(struct ksrtp_net *kn);

/* owner.c: owned contexts go with their netlink socket. */

/**
 * ksrtp_owner_init() - watch netlink sockets close
 *
 * Called by ksrtp_genl_init() before the family is registered.
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_owner_init(void);
/**
 * ksrtp_owner_exit() - stop watching
 *
 * Called by ksrtp_genl_exit() after the family is unregistered; waits
 * for a removal in progress, so that it ends before ksrtp_netns_exit().
 */
void ksrtp_owner_exit(void);

/* sysctl.c: net.ksrtp.* of one namespace. */
#define KSRTP_MAX_CONTEXTS_DEFAULT	16384
#define KSRTP_MAX_LEARNED_DEFAULT	4096
#define KSRTP_MAX_FORWARDS_DEFAULT	4096
/**
 * ksrtp_sysctl_net_init() - the namespace's net.ksrtp.* table
 * @kn: the namespace
 *
 * Sets the limits to their defaults (in a new namespace, to those of the
 * initial one) and registers the table.
 *
 * Return: 0, or -ENOMEM.
 */
int ksrtp_sysctl_net_init(struct ksrtp_net *kn);
/**
 * ksrtp_sysctl_net_exit() - unregister and free the table
 * @kn: the namespace
 */
void ksrtp_sysctl_net_exit(struct ksrtp_net *kn);

#endif /* _KSRTP_NETNS_H */
