// SPDX-License-Identifier: GPL-2.0
/* Contexts per user, across namespaces (see user.h). */

#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/user_namespace.h>
#include <net/net_namespace.h>

#include "user.h"

/**
 * struct ksrtp_user - one per user that names a context
 * @node: in ksrtp_users; under ksrtp_users_lock
 * @uid: the user; set at creation, read-only afterwards
 * @ref: the contexts that name it, published or not; the last one
 *	unhashes it under ksrtp_users_lock
 * @count: the published ones, bounded by net.ksrtp.max_contexts_per_user;
 *	atomic
 *
 * ksrtp_users_lock is taken with interrupts off: the last reference may
 * go in an RCU callback.
 */
struct ksrtp_user {
	struct hlist_node node;
	kuid_t uid;
	refcount_t ref;
	atomic_t count;
};

unsigned int ksrtp_max_per_user = KSRTP_MAX_PER_USER_DEFAULT;

static DEFINE_HASHTABLE(ksrtp_users, 6);
static DEFINE_SPINLOCK(ksrtp_users_lock);

static struct ksrtp_user *ksrtp_user_find(kuid_t uid)
{
	struct ksrtp_user *u;

	hash_for_each_possible(ksrtp_users, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid) && refcount_inc_not_zero(&u->ref))
			return u;
	return NULL;
}

/*
 * A user namespace's parent and owner never change, and @net (held by
 * the caller) holds its user namespace, which holds its ancestors.
 */
kuid_t ksrtp_user_of(const struct net *net)
{
	const struct user_namespace *ns = net->user_ns;

	if (ns == &init_user_ns)
		return current_uid();
	while (ns->parent != &init_user_ns)
		ns = ns->parent;
	return ns->owner;
}

struct ksrtp_user *ksrtp_user_get(kuid_t uid)
{
	struct ksrtp_user *u, *fresh;
	unsigned long flags;

	spin_lock_irqsave(&ksrtp_users_lock, flags);
	u = ksrtp_user_find(uid);
	spin_unlock_irqrestore(&ksrtp_users_lock, flags);
	if (u)
		return u;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	if (!fresh)
		return NULL;
	fresh->uid = uid;
	refcount_set(&fresh->ref, 1);
	spin_lock_irqsave(&ksrtp_users_lock, flags);
	u = ksrtp_user_find(uid);
	if (!u) {
		hash_add(ksrtp_users, &fresh->node, __kuid_val(uid));
		u = fresh;
		fresh = NULL;
	}
	spin_unlock_irqrestore(&ksrtp_users_lock, flags);
	kfree(fresh);
	return u;
}

void ksrtp_user_hold(struct ksrtp_user *u)
{
	refcount_inc(&u->ref);
}

void ksrtp_user_put(struct ksrtp_user *u)
{
	unsigned long flags;

	if (!u)
		return;
	spin_lock_irqsave(&ksrtp_users_lock, flags);
	if (!refcount_dec_and_test(&u->ref)) {
		spin_unlock_irqrestore(&ksrtp_users_lock, flags);
		return;
	}
	hash_del(&u->node);
	spin_unlock_irqrestore(&ksrtp_users_lock, flags);
	WARN_ON_ONCE(atomic_read(&u->count));
	kfree(u);
}

bool ksrtp_user_charge(struct ksrtp_user *u)
{
	unsigned int max = READ_ONCE(ksrtp_max_per_user);
	int c = atomic_read(&u->count);

	do {
		if (c >= max)
			return false;
	} while (!atomic_try_cmpxchg(&u->count, &c, c + 1));
	return true;
}

void ksrtp_user_uncharge(struct ksrtp_user *u)
{
	atomic_dec(&u->count);
}
