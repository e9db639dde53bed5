// SPDX-License-Identifier: GPL-2.0
/*
 * net.ksrtp.*: the limits of one network namespace, and what it holds;
 * and the one limit of every user across namespaces (user.c).
 *
 * A namespace created by a user namespace other than the initial one
 * starts with the initial namespace's limits as they are then and cannot
 * change them: root in a container does not raise its own limits.
 */

#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

#include "netns.h"
#include "user.h"

static unsigned int ksrtp_sysctl_limit_max = 1 << 20;

enum {
	KSRTP_SYSCTL_MAX_CONTEXTS,
	KSRTP_SYSCTL_MAX_LEARNED,
	KSRTP_SYSCTL_CONTEXTS,
	KSRTP_SYSCTL_LEARNED,
	KSRTP_SYSCTL_MAX_FORWARDS,
	KSRTP_SYSCTL_FORWARDS,
	KSRTP_SYSCTL_MAX_PER_USER,
};

/* .data points into init_net's state; each namespace gets a copy. */
static const struct ctl_table ksrtp_sysctl_template[] = {
	[KSRTP_SYSCTL_MAX_CONTEXTS] = {
		.procname = "max_contexts",
		.maxlen = sizeof(unsigned int),
		.mode = 0644,
		.proc_handler = proc_douintvec_minmax,
		.extra1 = SYSCTL_ZERO,
		.extra2 = &ksrtp_sysctl_limit_max,
	},
	[KSRTP_SYSCTL_MAX_LEARNED] = {
		.procname = "max_learned",
		.maxlen = sizeof(unsigned int),
		.mode = 0644,
		.proc_handler = proc_douintvec_minmax,
		.extra1 = SYSCTL_ZERO,
		.extra2 = &ksrtp_sysctl_limit_max,
	},
	[KSRTP_SYSCTL_CONTEXTS] = {
		.procname = "contexts",
		.maxlen = sizeof(unsigned int),
		.mode = 0444,
		.proc_handler = proc_douintvec,
	},
	[KSRTP_SYSCTL_LEARNED] = {
		.procname = "learned",
		.maxlen = sizeof(unsigned int),
		.mode = 0444,
		.proc_handler = proc_douintvec,
	},
	[KSRTP_SYSCTL_MAX_FORWARDS] = {
		.procname = "max_forwards",
		.maxlen = sizeof(unsigned int),
		.mode = 0644,
		.proc_handler = proc_douintvec_minmax,
		.extra1 = SYSCTL_ZERO,
		.extra2 = &ksrtp_sysctl_limit_max,
	},
	[KSRTP_SYSCTL_FORWARDS] = {
		.procname = "forwards",
		.maxlen = sizeof(unsigned int),
		.mode = 0444,
		.proc_handler = proc_douintvec,
	},
	/* Global (user.h): every namespace shows it, the initial one sets it. */
	[KSRTP_SYSCTL_MAX_PER_USER] = {
		.procname = "max_contexts_per_user",
		.data = &ksrtp_max_per_user,
		.maxlen = sizeof(unsigned int),
		.mode = 0644,
		.proc_handler = proc_douintvec_minmax,
		.extra1 = SYSCTL_ZERO,
		.extra2 = &ksrtp_sysctl_limit_max,
	},
	{ }
};

int ksrtp_sysctl_net_init(struct ksrtp_net *kn)
{
	struct net *net = kn->net;
	struct ksrtp_net *init_kn;
	struct ctl_table *t;

	kn->max_contexts = KSRTP_MAX_CONTEXTS_DEFAULT;
	kn->max_learned = KSRTP_MAX_LEARNED_DEFAULT;
	kn->max_forwards = KSRTP_MAX_FORWARDS_DEFAULT;
	if (!net_eq(net, &init_net)) {
		init_kn = ksrtp_net(&init_net);
		kn->max_contexts = READ_ONCE(init_kn->max_contexts);
		kn->max_learned = READ_ONCE(init_kn->max_learned);
		kn->max_forwards = READ_ONCE(init_kn->max_forwards);
	}

	t = kmemdup(ksrtp_sysctl_template, sizeof(ksrtp_sysctl_template),
		    GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t[KSRTP_SYSCTL_MAX_CONTEXTS].data = &kn->max_contexts;
	t[KSRTP_SYSCTL_MAX_LEARNED].data = &kn->max_learned;
	t[KSRTP_SYSCTL_CONTEXTS].data = &kn->count;
	t[KSRTP_SYSCTL_LEARNED].data = &kn->nlearned;
	t[KSRTP_SYSCTL_MAX_FORWARDS].data = &kn->max_forwards;
	t[KSRTP_SYSCTL_FORWARDS].data = &kn->nfwd;
	if (net->user_ns != &init_user_ns) {
		t[KSRTP_SYSCTL_MAX_CONTEXTS].mode = 0444;
		t[KSRTP_SYSCTL_MAX_LEARNED].mode = 0444;
		t[KSRTP_SYSCTL_MAX_FORWARDS].mode = 0444;
	}
	if (!net_eq(net, &init_net))
		t[KSRTP_SYSCTL_MAX_PER_USER].mode = 0444;

#ifdef KSRTP_HAVE_REGISTER_NET_SYSCTL_SZ
	kn->sysctl_hdr = register_net_sysctl_sz(net, "net/ksrtp", t,
						ARRAY_SIZE(ksrtp_sysctl_template) - 1);
#else
	kn->sysctl_hdr = register_net_sysctl(net, "net/ksrtp", t);
#endif
	if (!kn->sysctl_hdr) {
		kfree(t);
		return -ENOMEM;
	}
	return 0;
}

void ksrtp_sysctl_net_exit(struct ksrtp_net *kn)
{
	const struct ctl_table *t;

	if (!kn->sysctl_hdr)
		return;
	t = kn->sysctl_hdr->ctl_table_arg;
	unregister_net_sysctl_table(kn->sysctl_hdr);
	kn->sysctl_hdr = NULL;
	kfree(t);
}
