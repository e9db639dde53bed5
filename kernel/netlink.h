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

struct ksrtp_ctx *ksrtp_nl_select(struct ksrtp_net *kn,
				  struct genl_info *info);
void ksrtp_nl_wipe_keys(struct genl_info *info);
int ksrtp_nl_check_key(struct genl_info *info,
		       const struct ksrtp_suite_info *suite);

/* netlink_msg.c: replies and events. */
int ksrtp_nl_fill(struct sk_buff *skb, struct ksrtp_ctx *ctx, u32 portid,
		  u32 seq, int flags, u8 cmd);
void ksrtp_nl_notify(struct ksrtp_ctx *ctx, u8 event, const u8 *mki);
int ksrtp_nl_put_net_stats(struct sk_buff *skb, struct ksrtp_net *kn);
void ksrtp_nl_notify_unmatched(struct ksrtp_net *kn,
			       const struct ksrtp_guard_tuple *t);

/* netlink_keys.c: KSRTP_CMD_KEY_*. */
int ksrtp_nl_key_new(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_key_del(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_key_set(struct sk_buff *skb, struct genl_info *info);

#endif /* _KSRTP_NETLINK_H */
