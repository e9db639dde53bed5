// SPDX-License-Identifier: GPL-2.0
/*
 * The life of ksrtp's state in a network namespace: set up with the
 * namespace, given the data path with its first context, torn down with
 * the namespace. What the state holds lives in table.c (the contexts),
 * ports.c (the port maps), fingerprint.c (outbound keys), learn.c
 * (templates), events.c, guard.c and sysctl.c.
 */

#include <linux/lockdep.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "events.h"
#include "forward.h"
#include "hooks.h"
#include "learn.h"
#include "netns.h"

static unsigned int ksrtp_net_id __read_mostly;

struct ksrtp_net *ksrtp_net(const struct net *net)
{
	return net_generic(net, ksrtp_net_id);
}

/*
 * The data path is attached to a namespace with its first context and
 * stays until the namespace goes: namespaces that never use ksrtp pay
 * nothing, and a daemon that empties and refills its table does not
 * re-register hooks every time.
 */
int ksrtp_net_activate(struct ksrtp_net *kn)
{
	int err;

	lockdep_assert_held(&kn->lock);
	err = ksrtp_ports_net_activate(kn);
	if (err)
		return err;
	err = ksrtp_hooks_register(kn->net);
	if (err) {
		ksrtp_ports_net_deactivate(kn);
		return err;
	}
	kn->hooks_on = true;
	return 0;
}

/**
 * ksrtp_net_init() - set up the state of a new namespace
 * @net: the namespace
 *
 * Empty tables, no hooks (ksrtp_net_activate()), the net.ksrtp.* sysctls.
 *
 * Return: 0, or a negative errno, everything undone.
 */
static int __net_init ksrtp_net_init(struct net *net)
{
	struct ksrtp_net *kn = ksrtp_net(net);
	int err;

	kn->net = net;
	mutex_init(&kn->lock);
	ksrtp_ports_net_init(kn);
	ksrtp_learn_net_init(kn);
	ksrtp_events_net_init(kn);
	err = ksrtp_guard_net_init(kn);
	if (err)
		return err;
	err = ksrtp_fp_net_init(kn);
	if (err)
		goto err_guard;
	err = ksrtp_table_net_init(kn);
	if (err)
		goto err_fp;
	err = ksrtp_fwd_net_init(kn);
	if (err)
		goto err_table;
	err = ksrtp_sysctl_net_init(kn);
	if (err)
		goto err_fwd;
	return 0;

err_fwd:
	ksrtp_fwd_net_exit(kn);
err_table:
	ksrtp_table_net_exit(kn);
err_fp:
	ksrtp_fp_net_exit(kn);
err_guard:
	ksrtp_guard_net_exit(kn);
	return err;
}

/**
 * ksrtp_net_exit() - tear down the state of a namespace
 * @net: the namespace, going away or at module unload
 *
 * Unregisters the hooks first, so no packet reaches a context, then
 * removes the contexts, stops the work items and frees the tables.
 */
static void __net_exit ksrtp_net_exit(struct net *net)
{
	struct ksrtp_net *kn = ksrtp_net(net);

	ksrtp_sysctl_net_exit(kn);
	mutex_lock(&kn->lock);
	/* After this no packet of the namespace can reach a context. */
	if (kn->hooks_on)
		ksrtp_hooks_unregister(net);
	kn->hooks_on = false;
	ksrtp_fwd_flush(kn);
	ksrtp_flush(kn);
	mutex_unlock(&kn->lock);
	/* The refill work takes kn->lock: cancel it without holding it. */
	ksrtp_learn_net_exit(kn);
	ksrtp_events_net_exit(kn);
	ksrtp_guard_net_exit(kn);

	ksrtp_fp_net_exit(kn);
	ksrtp_fwd_net_exit(kn);
	ksrtp_table_net_exit(kn);
	ksrtp_ports_net_exit(kn);
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
