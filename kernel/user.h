/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_USER_H
#define _KSRTP_USER_H

#include <linux/types.h>
#include <linux/uidgid.h>

/*
 * Contexts per user, across every network namespace: any user may make
 * namespaces (through a user namespace), so the per-namespace limits
 * alone do not bound what one user can make the kernel hold. A context
 * names the user it is charged to (ksrtp_user_of(); a learned one its
 * template's); it is counted while published, against
 * net.ksrtp.max_contexts_per_user (set in the initial namespace only).
 * The kernel's ucounts are not open to modules, so this is the same idea
 * kept here, charged where ucounts charge in the initial namespace.
 */
struct ksrtp_user;
struct net;

#define KSRTP_MAX_PER_USER_DEFAULT	65536
extern unsigned int ksrtp_max_per_user;

/**
 * ksrtp_user_of() - who pays for a context made through @net
 * @net: the namespace, held by the caller
 *
 * The caller if @net belongs to the initial user namespace, else the
 * creator of the top-level user namespace above @net's (the one whose
 * parent is the initial one). All the uids mapped in one tree of user
 * namespaces are then one user, as for the kernel's ucounts in the
 * initial namespace.
 *
 * Return: the uid to charge.
 */
kuid_t ksrtp_user_of(const struct net *net);
/**
 * ksrtp_user_get() - @uid's entry, with a reference
 * @uid: the user
 *
 * May sleep (allocates).
 *
 * Return: the entry, or NULL without memory.
 */
struct ksrtp_user *ksrtp_user_get(kuid_t uid);
/**
 * ksrtp_user_hold() - take another reference
 * @u: the entry
 */
void ksrtp_user_hold(struct ksrtp_user *u);
/**
 * ksrtp_user_put() - drop a reference
 * @u: the entry, or NULL
 *
 * Any context, softirq included.
 */
void ksrtp_user_put(struct ksrtp_user *u);
/**
 * ksrtp_user_charge() - count one published context
 * @u: the entry
 *
 * Atomic, no lock: any context.
 *
 * Return: false at net.ksrtp.max_contexts_per_user.
 */
bool ksrtp_user_charge(struct ksrtp_user *u);
/**
 * ksrtp_user_uncharge() - a published context is gone
 * @u: the entry
 */
void ksrtp_user_uncharge(struct ksrtp_user *u);

#endif /* _KSRTP_USER_H */
