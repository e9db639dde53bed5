/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_HOOKS_H
#define _KSRTP_HOOKS_H

struct net;

/**
 * ksrtp_hooks_register() - attach the data path to a namespace
 * @net: the namespace
 *
 * May sleep.
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_hooks_register(struct net *net);
/**
 * ksrtp_hooks_unregister() - detach the data path from a namespace
 * @net: the namespace
 *
 * May sleep.
 */
void ksrtp_hooks_unregister(struct net *net);

#endif /* _KSRTP_HOOKS_H */
