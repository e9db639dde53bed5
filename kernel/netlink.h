/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_NETLINK_H
#define _KSRTP_NETLINK_H

#include <net/genetlink.h>

struct ksrtp_ctx;
struct ksrtp_guard_tuple;
struct ksrtp_net;
struct ksrtp_suite_info;

int ksrtp_genl_init(void);
void ksrtp_genl_exit(void);

/* Shared by the files of the family (netlink*.c). */
extern struct genl_family ksrtp_family;

/**
 * ksrtp_nl_select() - the context a request names
 * @kn: the namespace
 * @info: the request: KSRTP_A_ID, or the tuple
 *
 * Caller holds rcu_read_lock().
 *
 * Return: the context, or an ERR_PTR() with the reason in the extack.
 */
struct ksrtp_ctx *ksrtp_nl_select(struct ksrtp_net *kn,
				  struct genl_info *info);
/**
 * ksrtp_nl_wipe_keys() - zero the request's master key
 * @info: the request, which carries the keys: do not leave them in the skb
 */
void ksrtp_nl_wipe_keys(struct genl_info *info);
/**
 * ksrtp_nl_check_key() - KSRTP_A_MASTER_KEY and _SALT, of @suite's lengths
 * @info: the request
 * @suite: the context's suite
 *
 * Return: 0, or -EINVAL with the reason in the extack.
 */
int ksrtp_nl_check_key(struct genl_info *info,
		       const struct ksrtp_suite_info *suite);

/* netlink_msg.c: replies and events. */

/**
 * ksrtp_nl_fill() - a message describing @ctx
 * @skb: the message
 * @ctx: the context
 * @portid: netlink header: port id
 * @seq: netlink header: sequence number
 * @flags: netlink header: flags
 * @cmd: KSRTP_CMD_*
 *
 * Caller holds rcu_read_lock().
 *
 * Return: 0, or -EMSGSIZE.
 */
int ksrtp_nl_fill(struct sk_buff *skb, struct ksrtp_ctx *ctx, u32 portid,
		  u32 seq, int flags, u8 cmd);
/**
 * ksrtp_nl_notify() - multicast an event of @ctx
 * @ctx: the context
 * @event: KSRTP_EVENT_*
 * @mki: the key's MKI, or NULL
 *
 * From the events work, in process context.
 */
void ksrtp_nl_notify(struct ksrtp_ctx *ctx, u8 event, const u8 *mki);
/**
 * ksrtp_nl_put_net_stats() - KSRTP_A_NET_STATS
 * @skb: the message
 * @kn: the namespace: the drops of its protected ports that no context
 *	owns
 *
 * Return: 0, or -EMSGSIZE.
 */
int ksrtp_nl_put_net_stats(struct sk_buff *skb, struct ksrtp_net *kn);
/**
 * ksrtp_nl_notify_unmatched() - multicast KSRTP_EVENT_UNMATCHED
 * @kn: the namespace
 * @t: the datagram
 *
 * From the events work, in process context.
 */
void ksrtp_nl_notify_unmatched(struct ksrtp_net *kn,
			       const struct ksrtp_guard_tuple *t);

/* netlink_keys.c: KSRTP_CMD_KEY_*, the .doit handlers. */
int ksrtp_nl_key_new(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_key_del(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_key_set(struct sk_buff *skb, struct genl_info *info);

#endif /* _KSRTP_NETLINK_H */
