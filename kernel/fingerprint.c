// SPDX-License-Identifier: GPL-2.0
/*
 * The table of outbound keys by (fingerprint, SSRC): no two senders may
 * encrypt one SSRC with one key, or their keystreams would repeat.
 */

#include <linux/lockdep.h>
#include <net/ipv6.h>

#include "netns.h"

static const struct rhashtable_params ksrtp_fp_params = {
	.key_len = sizeof(struct ksrtp_fp_key),
	.key_offset = offsetof(struct ksrtp_mkey, fp_key),
	.head_offset = offsetof(struct ksrtp_mkey, fp_node),
	.automatic_shrinking = true,
};

/*
 * Two outbound contexts may share a key and SSRC only as the RTP and the
 * RTCP context of one session without rtcp-mux: same addresses, other
 * ports.
 */
static bool ksrtp_fp_pair_ok(const struct ksrtp_ctx *a,
			     const struct ksrtp_ctx *b)
{
	return a->key.family == b->key.family &&
	       ipv6_addr_equal(&a->key.laddr, &b->key.laddr) &&
	       ipv6_addr_equal(&a->key.raddr, &b->key.raddr) &&
	       (a->key.lport != b->key.lport || a->key.rport != b->key.rport);
}

int ksrtp_fp_add(struct ksrtp_net *kn, struct ksrtp_ctx *ctx,
		 struct ksrtp_mkey *mk, const struct nlattr *key_attr,
		 struct netlink_ext_ack *extack)
{
	struct rhlist_head *list, *pos;
	struct ksrtp_mkey *other;
	int err;

	lockdep_assert_held(&kn->lock);
	if (ctx->key.dir != KSRTP_DIR_OUTBOUND)
		return 0;
	mk->fp_key.fingerprint = mk->fingerprint;
	mk->fp_key.ssrc = ctx->key.ssrc;
	mk->owner = ctx;

	rcu_read_lock();
	list = rhltable_lookup(&kn->fp_table, &mk->fp_key, ksrtp_fp_params);
	rhl_for_each_entry_rcu(other, pos, list, fp_node) {
		if (other->owner == ctx || ksrtp_fp_pair_ok(ctx, other->owner))
			continue;
		rcu_read_unlock();
		NL_SET_ERR_MSG_ATTR(extack, key_attr,
				    "KSRTP_A_MASTER_KEY: another outbound context already sends this SSRC with this key");
		return -EEXIST;
	}
	rcu_read_unlock();
	err = rhltable_insert(&kn->fp_table, &mk->fp_node, ksrtp_fp_params);
	if (err)
		mk->owner = NULL;
	return err;
}

void ksrtp_fp_del(struct ksrtp_net *kn, struct ksrtp_mkey *mk)
{
	if (mk->owner)
		rhltable_remove(&kn->fp_table, &mk->fp_node, ksrtp_fp_params);
	mk->owner = NULL;
}

void ksrtp_fp_del_ctx(struct ksrtp_net *kn, struct ksrtp_ctx *ctx)
{
	unsigned int i;

	if (ctx->key.dir != KSRTP_DIR_OUTBOUND)
		return;
	for (i = 0; i < KSRTP_MAX_KEYS; i++) {
		struct ksrtp_mkey *mk =
			rcu_dereference_protected(ctx->ring->keys[i],
						  lockdep_is_held(&kn->lock));

		if (mk)
			ksrtp_fp_del(kn, mk);
	}
}

int ksrtp_fp_net_init(struct ksrtp_net *kn)
{
	return rhltable_init(&kn->fp_table, &ksrtp_fp_params);
}

void ksrtp_fp_net_exit(struct ksrtp_net *kn)
{
	rhltable_destroy(&kn->fp_table);
}
