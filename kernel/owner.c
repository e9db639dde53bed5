// SPDX-License-Identifier: GPL-2.0
/*
 * Owned contexts and forwarding rules (KSRTP_A_OWNED): when the netlink
 * socket that installed them closes, they are removed, as nftables does
 * for its owned tables.
 */

#include <linux/netlink.h>
#include <linux/notifier.h>

#include "forward.h"
#include "netns.h"

/*
 * Two passes at least: a context learned from an owned template is
 * published only while its template is (ksrtp_publish_learned()), so
 * once a pass has removed the templates, the next one finds everything
 * they learned, whatever the order of the ids.
 */
static void ksrtp_release_owner(struct ksrtp_net *kn, u32 portid)
{
	struct ksrtp_ctx *ctx;
	unsigned long id;
	bool found;

	mutex_lock(&kn->lock);
	ksrtp_fwd_release_owner(kn, portid);
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
 * A netlink socket was released (NETLINK_URELEASE): the contexts it owned
 * go with it. Called in process context from the closing task, for every
 * bound netlink socket of every protocol; namespaces without owned
 * contexts return at once. The socket holds its namespace, so the
 * namespace's state is still there.
 */
static int ksrtp_owner_notify(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct netlink_notify *n = ptr;
	struct ksrtp_net *kn;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid)
		return NOTIFY_DONE;
	kn = ksrtp_net(n->net);
	if (READ_ONCE(kn->nowned) || READ_ONCE(kn->nfwd_owned))
		ksrtp_release_owner(kn, n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block ksrtp_owner_notifier = {
	.notifier_call = ksrtp_owner_notify,
};

int ksrtp_owner_init(void)
{
	return netlink_register_notifier(&ksrtp_owner_notifier);
}

/* Waits for a notifier call in progress. */
void ksrtp_owner_exit(void)
{
	netlink_unregister_notifier(&ksrtp_owner_notifier);
}
