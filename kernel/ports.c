// SPDX-License-Identifier: GPL-2.0
/*
 * Port maps: which local UDP ports carry a context, and which are
 * protected (an inbound context or template of KSRTP_POLICY_REQUIRED).
 * The data path reads the maps locklessly for its early exit; the counts
 * behind them change when a context is published or unpublished.
 */

#include <linux/bitmap.h>
#include <linux/lockdep.h>
#include <linux/slab.h>

#include "netns.h"

/*
 * The xarrays' locks are initialized by the same inline function and
 * would share one lockdep class; the port counts' locks nest inside that
 * of ksrtp_net.ids, so they get classes of their own.
 */
static struct lock_class_key ksrtp_ports_key;
static struct lock_class_key ksrtp_guards_key;
static struct lock_class_key ksrtp_fwd_ports_key;

void ksrtp_ports_net_init(struct ksrtp_net *kn)
{
	xa_init_flags(&kn->ports.refs, XA_FLAGS_LOCK_BH);
	lockdep_set_class(&kn->ports.refs.xa_lock, &ksrtp_ports_key);
	xa_init_flags(&kn->guards.refs, XA_FLAGS_LOCK_BH);
	lockdep_set_class(&kn->guards.refs.xa_lock, &ksrtp_guards_key);
	xa_init_flags(&kn->fwd_ports.refs, XA_FLAGS_LOCK_BH);
	lockdep_set_class(&kn->fwd_ports.refs.xa_lock, &ksrtp_fwd_ports_key);
}

int ksrtp_ports_net_activate(struct ksrtp_net *kn)
{
	unsigned long *ports, *guards, *fwd;

	ports = bitmap_zalloc(1 << 16, GFP_KERNEL_ACCOUNT);
	guards = bitmap_zalloc(1 << 16, GFP_KERNEL_ACCOUNT);
	fwd = bitmap_zalloc(1 << 16, GFP_KERNEL_ACCOUNT);
	if (!ports || !guards || !fwd) {
		bitmap_free(fwd);
		bitmap_free(guards);
		bitmap_free(ports);
		return -ENOMEM;
	}
	WRITE_ONCE(kn->ports.map, ports);
	WRITE_ONCE(kn->guards.map, guards);
	WRITE_ONCE(kn->fwd_ports.map, fwd);
	return 0;
}

void ksrtp_ports_net_deactivate(struct ksrtp_net *kn)
{
	unsigned long *ports = kn->ports.map;
	unsigned long *guards = kn->guards.map;
	unsigned long *fwd = kn->fwd_ports.map;

	WRITE_ONCE(kn->ports.map, NULL);
	WRITE_ONCE(kn->guards.map, NULL);
	WRITE_ONCE(kn->fwd_ports.map, NULL);
	bitmap_free(fwd);
	bitmap_free(guards);
	bitmap_free(ports);
}

void ksrtp_ports_net_exit(struct ksrtp_net *kn)
{
	xa_destroy(&kn->ports.refs);
	xa_destroy(&kn->guards.refs);
	xa_destroy(&kn->fwd_ports.refs);
	ksrtp_ports_net_deactivate(kn);
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
 * Under the lock of ksrtp_net.ids. The slot of the port exists (it was
 * reserved, or holds a count), so storing never needs memory.
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

int ksrtp_port_reserve(struct ksrtp_net *kn, const struct ksrtp_ctx *ctx)
{
	u16 port = ntohs(ctx->key.lport);
	int err;

	err = ksrtp_ports_reserve(&kn->ports, port);
	if (!err && ksrtp_ctx_guards(ctx))
		err = ksrtp_ports_reserve(&kn->guards, port);
	if (err)
		ksrtp_port_unreserve(kn, ctx);
	return err;
}

void ksrtp_port_unreserve(struct ksrtp_net *kn, const struct ksrtp_ctx *ctx)
{
	u16 port = ntohs(ctx->key.lport);

	ksrtp_ports_unreserve(&kn->guards, port);
	ksrtp_ports_unreserve(&kn->ports, port);
}

void ksrtp_port_get(struct ksrtp_net *kn, const struct ksrtp_ctx *ctx)
{
	ksrtp_ports_get(&kn->ports, ctx->key.lport);
	if (!ksrtp_ctx_guards(ctx))
		return;
	ksrtp_ports_get(&kn->guards, ctx->key.lport);
	WRITE_ONCE(kn->nguards, kn->nguards + 1);
}

void ksrtp_port_put(struct ksrtp_net *kn, const struct ksrtp_ctx *ctx)
{
	ksrtp_ports_put(&kn->ports, ctx->key.lport);
	if (!ksrtp_ctx_guards(ctx))
		return;
	ksrtp_ports_put(&kn->guards, ctx->key.lport);
	WRITE_ONCE(kn->nguards, kn->nguards - 1);
}

/*
 * Forwarding rules: their ports carry a context for the early exit
 * (ksrtp_port_used()) and are in ksrtp_net.fwd_ports, which the data
 * path tests before looking for a rule. Counted like contexts' ports,
 * under the lock of ksrtp_net.ids; reserved first, in process context.
 */
int ksrtp_port_fwd_reserve(struct ksrtp_net *kn, __be16 port)
{
	int err;

	err = ksrtp_ports_reserve(&kn->ports, ntohs(port));
	if (!err)
		err = ksrtp_ports_reserve(&kn->fwd_ports, ntohs(port));
	if (err)
		ksrtp_port_fwd_unreserve(kn, port);
	return err;
}

void ksrtp_port_fwd_unreserve(struct ksrtp_net *kn, __be16 port)
{
	ksrtp_ports_unreserve(&kn->fwd_ports, ntohs(port));
	ksrtp_ports_unreserve(&kn->ports, ntohs(port));
}

void ksrtp_port_fwd_get(struct ksrtp_net *kn, __be16 port)
{
	xa_lock_bh(&kn->ids);
	ksrtp_ports_get(&kn->ports, port);
	ksrtp_ports_get(&kn->fwd_ports, port);
	xa_unlock_bh(&kn->ids);
}

void ksrtp_port_fwd_put(struct ksrtp_net *kn, __be16 port)
{
	xa_lock_bh(&kn->ids);
	ksrtp_ports_put(&kn->fwd_ports, port);
	ksrtp_ports_put(&kn->ports, port);
	xa_unlock_bh(&kn->ids);
}
