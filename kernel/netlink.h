/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_NETLINK_H
#define _KSRTP_NETLINK_H

#include <net/genetlink.h>
#include <uapi/linux/ksrtp.h>

struct ksrtp_ctx;
struct ksrtp_guard_tuple;
struct ksrtp_net;
struct ksrtp_suite_info;

/**
 * ksrtp_genl_init() - register the generic netlink family
 *
 * At module load, after the namespaces' state: first the watch on
 * closing netlink sockets (ksrtp_owner_init()), then the family, from
 * which requests may come at once.
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_genl_init(void);
/**
 * ksrtp_genl_exit() - unregister the family, then the socket watch
 *
 * At module unload, before the namespaces' state goes: no request and no
 * removal of owned contexts runs after it.
 */
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

/**
 * ksrtp_nl_key_new() - KSRTP_CMD_KEY_NEW: add a master key to a context
 * @skb: the request
 * @info: its attributes: the context (KSRTP_A_ID or the tuple), the key
 *	and salt, and KSRTP_A_MKI or, without MKI, where the key starts
 *	(KSRTP_A_FROM_INDEX, _FROM_SRTCP_INDEX; by default where the stream
 *	stands); KSRTP_A_KEY_ACTIVE to send with it
 *
 * The key goes to the context's keyring, which a template shares with
 * the contexts it learned. An outbound key is refused if another sender uses it for the SSRC
 * (fingerprint.c). Without MKI, keys that no packet can use any more are
 * removed. Takes ksrtp_net.lock; wipes the key from the request.
 *
 * Return: 0, or a negative errno with the reason in the extack.
 */
int ksrtp_nl_key_new(struct sk_buff *skb, struct genl_info *info);
/**
 * ksrtp_nl_key_del() - KSRTP_CMD_KEY_DEL: remove a master key
 * @skb: the request
 * @info: its attributes: the context, and the key by KSRTP_A_MKI or,
 *	without MKI, by KSRTP_A_FROM_INDEX
 *
 * Never the context's last key, nor the key an outbound context sends its
 * next packet with. Takes ksrtp_net.lock; the key is freed after a grace
 * period.
 *
 * Return: 0, or a negative errno (-ENOENT, -EBUSY, -EINVAL) with the
 * reason in the extack.
 */
int ksrtp_nl_key_del(struct sk_buff *skb, struct genl_info *info);
/**
 * ksrtp_nl_key_set() - KSRTP_CMD_KEY_SET: make a key the active one
 * @skb: the request
 * @info: its attributes: the context, the key by KSRTP_A_MKI and
 *	KSRTP_A_KEY_ACTIVE
 *
 * Only for contexts with MKI: without, a key applies from its index.
 * Takes ksrtp_net.lock.
 *
 * Return: 0, or a negative errno (-EOPNOTSUPP without MKI, -ENOENT,
 * -EINVAL) with the reason in the extack.
 */
int ksrtp_nl_key_set(struct sk_buff *skb, struct genl_info *info);

/* netlink_fwd.c: KSRTP_CMD_FWD_*, forwarding rules and their outputs. */

/**
 * ksrtp_fwd_event_send() - report the outputs that dropped packets
 * @kn: the namespace
 *
 * From the events work, if the data path asked for it
 * (ksrtp_net.fwd_ev_pending): one KSRTP_EVENT_FWD_DROPS per output whose
 * drops grew since it was last reported. Takes ksrtp_net.lock.
 */
void ksrtp_fwd_event_send(struct ksrtp_net *kn);

extern const struct nla_policy ksrtp_fwd_new_policy[KSRTP_A_MAX + 1];
extern const struct nla_policy ksrtp_fwd_sel_policy[KSRTP_A_MAX + 1];
extern const struct nla_policy ksrtp_fwd_out_policy[KSRTP_A_MAX + 1];

/**
 * ksrtp_nl_fwd_new() - KSRTP_CMD_FWD_NEW: install a forwarding rule
 * @skb: the request
 * @info: its attributes: the input tuple, KSRTP_A_FWD_FLAGS, KSRTP_A_OWNED
 *
 * Takes ksrtp_net.lock; replies with KSRTP_A_FWD_ID.
 *
 * Return: 0, or a negative errno with the reason in the extack.
 */
int ksrtp_nl_fwd_new(struct sk_buff *skb, struct genl_info *info);
/**
 * ksrtp_nl_fwd_del() - KSRTP_CMD_FWD_DEL: remove a rule
 * @skb: the request
 * @info: its attributes: KSRTP_A_FWD_ID
 *
 * Return: 0, or a negative errno with the reason in the extack.
 */
int ksrtp_nl_fwd_del(struct sk_buff *skb, struct genl_info *info);
/**
 * ksrtp_nl_fwd_get() - KSRTP_CMD_FWD_GET: one rule with its outputs
 * @skb: the request
 * @info: its attributes: KSRTP_A_FWD_ID
 *
 * Return: 0, or a negative errno with the reason in the extack.
 */
int ksrtp_nl_fwd_get(struct sk_buff *skb, struct genl_info *info);
/**
 * ksrtp_nl_fwd_dump() - KSRTP_CMD_FWD_GET as a dump: every rule
 * @skb: the message to fill
 * @cb: the dump's state
 *
 * Return: the length filled, 0 at the end, or a negative errno.
 */
int ksrtp_nl_fwd_dump(struct sk_buff *skb, struct netlink_callback *cb);
/**
 * ksrtp_nl_fwd_out_add() - KSRTP_CMD_FWD_OUT_ADD: add an output
 * @skb: the request
 * @info: its attributes: KSRTP_A_FWD_ID and KSRTP_A_FWD_OUTPUT
 *
 * Takes ksrtp_net.lock; replies with the output's KSRTP_OUT_A_ID.
 *
 * Return: 0, or a negative errno with the reason in the extack.
 */
int ksrtp_nl_fwd_out_add(struct sk_buff *skb, struct genl_info *info);
/**
 * ksrtp_nl_fwd_out_del() - KSRTP_CMD_FWD_OUT_DEL: remove an output
 * @skb: the request
 * @info: its attributes: KSRTP_A_FWD_ID and the output's KSRTP_OUT_A_ID
 *
 * Return: 0, or a negative errno with the reason in the extack.
 */
int ksrtp_nl_fwd_out_del(struct sk_buff *skb, struct genl_info *info);
/**
 * ksrtp_nl_fwd_out_set() - KSRTP_CMD_FWD_OUT_SET: an output's offsets
 * @skb: the request
 * @info: its attributes: KSRTP_A_FWD_ID and KSRTP_A_FWD_OUTPUT with
 *	KSRTP_OUT_A_ID and the offsets
 *
 * Return: 0, or a negative errno with the reason in the extack.
 */
int ksrtp_nl_fwd_out_set(struct sk_buff *skb, struct genl_info *info);

#endif /* _KSRTP_NETLINK_H */
