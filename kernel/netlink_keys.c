// SPDX-License-Identifier: GPL-2.0
/*
 * KSRTP_CMD_KEY_NEW, _DEL and _SET: the master keys of a context (see
 * "Master keys" in uapi/linux/ksrtp.h).
 */

#include <net/genetlink.h>
#include <uapi/linux/ksrtp.h>

#include "compat.h"
#include "netlink.h"
#include "netns.h"
#include "srtp.h"

/*
 * Without MKI, a key is dead once a later key starts at or below the
 * lowest index that any packet still to come may have, for SRTP and for
 * SRTCP alike. Keys shared with learned contexts are kept (their streams
 * stand in different places).
 */
static bool ksrtp_key_dead(struct ksrtp_keyring *ring, struct ksrtp_mkey *mk,
			   const struct ksrtp_ctx_pos *pos)
{
	bool rtp_dead = false, rtcp_dead = false;
	unsigned int i;

	for (i = 0; i < KSRTP_MAX_KEYS; i++) {
		struct ksrtp_mkey *o = rcu_dereference_protected(ring->keys[i],
								 true);

		if (!o || o == mk)
			continue;
		rtp_dead |= o->from_index > mk->from_index &&
			    o->from_index <= pos->rtp_low;
		rtcp_dead |= o->from_srtcp_index > mk->from_srtcp_index &&
			     o->from_srtcp_index <= pos->srtcp_low;
	}
	return rtp_dead && rtcp_dead;
}

static void ksrtp_keys_prune(struct ksrtp_net *kn, struct ksrtp_ctx *ctx)
{
	struct ksrtp_keyring *ring = ctx->ring;
	struct ksrtp_ctx_pos pos;
	unsigned int i;

	if (ring->mki_len || refcount_read(&ring->ref) > 1 || ctx->key.tmpl)
		return;
	ksrtp_ctx_positions(ctx, &pos);
	for (i = 0; i < KSRTP_MAX_KEYS; i++) {
		struct ksrtp_mkey *mk = rcu_dereference_protected(ring->keys[i],
								  true);

		if (!mk || !ksrtp_key_dead(ring, mk, &pos))
			continue;
		ksrtp_keyring_remove(ring, mk);
		ksrtp_fp_del(kn, mk);
		ksrtp_mkey_destroy(mk);
	}
}

/* KSRTP_A_MKI must be there exactly for MKI contexts, of their length. */
static int ksrtp_nl_check_mki(struct genl_info *info,
			      const struct ksrtp_keyring *ring)
{
	struct nlattr *mki = info->attrs[KSRTP_A_MKI];

	if (!ring->mki_len && mki) {
		NL_SET_ERR_MSG_ATTR(info->extack, mki,
				    "KSRTP_A_MKI: the context uses no MKI");
		return -EINVAL;
	}
	if (ring->mki_len && !mki) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, KSRTP_A_MKI);
		NL_SET_ERR_MSG(info->extack, "missing KSRTP_A_MKI (the context uses MKI)");
		return -EINVAL;
	}
	if (mki && nla_len(mki) != ring->mki_len) {
		NL_SET_ERR_MSG_ATTR(info->extack, mki,
				    "KSRTP_A_MKI: not the context's MKI length");
		return -EINVAL;
	}
	return 0;
}

static int ksrtp_nl_key_attrs(struct genl_info *info, struct ksrtp_ctx *ctx)
{
	struct nlattr **a = info->attrs;
	struct nlattr *bad;
	int err;

	err = ksrtp_nl_check_key(info, ctx->suite);
	if (!err)
		err = ksrtp_nl_check_mki(info, ctx->ring);
	if (err)
		return err;
	if (ctx->ring->mki_len &&
	    ksrtp_keyring_find_mki(ctx->ring, nla_data(a[KSRTP_A_MKI]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[KSRTP_A_MKI],
				    "KSRTP_A_MKI: the context has a key with this MKI");
		return -EEXIST;
	}
	bad = ctx->ring->mki_len ? a[KSRTP_A_FROM_INDEX] ?:
				   a[KSRTP_A_FROM_SRTCP_INDEX] :
				   a[KSRTP_A_KEY_ACTIVE];
	if (bad && ctx->ring->mki_len) {
		NL_SET_ERR_MSG_ATTR(info->extack, bad,
				    "KSRTP_A_FROM_INDEX/_FROM_SRTCP_INDEX: the context selects keys by MKI");
		return -EINVAL;
	}
	if (bad) {
		NL_SET_ERR_MSG_ATTR(info->extack, bad,
				    "KSRTP_A_KEY_ACTIVE: the context uses no MKI; keys apply from an index");
		return -EINVAL;
	}
	return 0;
}

static void ksrtp_nl_key_from(struct genl_info *info, struct ksrtp_ctx *ctx,
			      struct ksrtp_mkey *mk)
{
	struct nlattr **a = info->attrs;
	struct ksrtp_ctx_pos pos;

	ksrtp_ctx_positions(ctx, &pos);
	mk->from_index = a[KSRTP_A_FROM_INDEX] ?
		nla_get_u64(a[KSRTP_A_FROM_INDEX]) : pos.rtp_next;
	mk->from_srtcp_index = a[KSRTP_A_FROM_SRTCP_INDEX] ?
		nla_get_u32(a[KSRTP_A_FROM_SRTCP_INDEX]) :
		min_t(u64, pos.srtcp_next, KSRTP_SRTCP_INDEX_MAX);
}

int ksrtp_nl_key_new(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct ksrtp_mkey *mk;
	struct ksrtp_ctx *ctx;
	int err;

	/* kn->lock keeps the context alive and its keys ours to change. */
	mutex_lock(&kn->lock);
	rcu_read_lock();
	ctx = ksrtp_nl_select(kn, info);
	rcu_read_unlock();
	if (IS_ERR(ctx)) {
		err = PTR_ERR(ctx);
		goto out;
	}
	err = ksrtp_nl_key_attrs(info, ctx);
	if (err)
		goto out;

	mk = ksrtp_mkey_create(ctx->suite,
			       nla_data(info->attrs[KSRTP_A_MASTER_KEY]),
			       nla_data(info->attrs[KSRTP_A_MASTER_SALT]),
			       ctx->ring->enc_ids, info->extack);
	if (IS_ERR(mk)) {
		err = PTR_ERR(mk);
		goto out;
	}
	if (ctx->ring->mki_len)
		memcpy(mk->mki, nla_data(info->attrs[KSRTP_A_MKI]),
		       ctx->ring->mki_len);
	else
		ksrtp_nl_key_from(info, ctx, mk);

	err = ksrtp_fp_add(kn, ctx, mk, info->attrs[KSRTP_A_MASTER_KEY],
			   info->extack);
	if (err)
		goto err_key;
	err = ksrtp_keyring_add(ctx->ring, mk,
				nla_get_flag(info->attrs[KSRTP_A_KEY_ACTIVE]),
				info->extack);
	if (err)
		goto err_fp;
	ksrtp_keys_prune(kn, ctx);
	goto out;

err_fp:
	ksrtp_fp_del(kn, mk);
err_key:
	ksrtp_mkey_destroy(mk);
out:
	mutex_unlock(&kn->lock);
	ksrtp_nl_wipe_keys(info);
	return err;
}

/*
 * The key of a context without MKI that starts at KSRTP_A_FROM_INDEX, or
 * an ERR_PTR() with the reason in the extack.
 */
static struct ksrtp_mkey *ksrtp_nl_key_by_from(struct genl_info *info,
					       struct ksrtp_keyring *ring)
{
	struct nlattr *from = info->attrs[KSRTP_A_FROM_INDEX];
	struct ksrtp_mkey *mk, *found = NULL;
	unsigned int i;

	if (info->attrs[KSRTP_A_MKI]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KSRTP_A_MKI],
				    "KSRTP_A_MKI: the context uses no MKI; name the key by KSRTP_A_FROM_INDEX");
		return ERR_PTR(-EINVAL);
	}
	if (!from) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, KSRTP_A_FROM_INDEX);
		NL_SET_ERR_MSG(info->extack,
			       "missing KSRTP_A_FROM_INDEX (the context uses no MKI)");
		return ERR_PTR(-EINVAL);
	}
	for (i = 0; i < KSRTP_MAX_KEYS; i++) {
		mk = rcu_dereference_protected(ring->keys[i], true);
		if (mk && mk->from_index == nla_get_u64(from) &&
		    (!found || mk->order > found->order))
			found = mk;
	}
	if (!found) {
		NL_SET_ERR_MSG_ATTR(info->extack, from,
				    "KSRTP_A_FROM_INDEX: the context has no key starting there");
		return ERR_PTR(-ENOENT);
	}
	return found;
}

/*
 * The key that KSRTP_A_MKI or _FROM_INDEX names, its context in *@ctxp;
 * or an ERR_PTR() with the reason in the extack.
 */
static struct ksrtp_mkey *ksrtp_nl_key_select(struct ksrtp_net *kn,
					      struct genl_info *info,
					      struct ksrtp_ctx **ctxp)
{
	struct ksrtp_mkey *mk;
	struct ksrtp_ctx *ctx;
	int err;

	lockdep_assert_held(&kn->lock);
	rcu_read_lock();
	ctx = ksrtp_nl_select(kn, info);
	rcu_read_unlock();
	if (IS_ERR(ctx))
		return ERR_CAST(ctx);
	*ctxp = ctx;
	if (!ctx->ring->mki_len)
		return ksrtp_nl_key_by_from(info, ctx->ring);
	if (info->attrs[KSRTP_A_FROM_INDEX]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KSRTP_A_FROM_INDEX],
				    "KSRTP_A_FROM_INDEX: the context names its keys by KSRTP_A_MKI");
		return ERR_PTR(-EINVAL);
	}
	err = ksrtp_nl_check_mki(info, ctx->ring);
	if (err)
		return ERR_PTR(err);
	mk = ksrtp_keyring_find_mki(ctx->ring,
				    nla_data(info->attrs[KSRTP_A_MKI]));
	if (!mk) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KSRTP_A_MKI],
				    "KSRTP_A_MKI: the context has no key with this MKI");
		return ERR_PTR(-ENOENT);
	}
	return mk;
}

/*
 * Whether @mk may go: never the last key, nor the key an outbound
 * context sends with (the active one, or the one of its next SRTP or
 * SRTCP packet). An
 * inbound MKI context's "active" key means nothing on the wire; it moves
 * to another key.
 */
static int ksrtp_nl_key_removable(struct genl_info *info,
				  struct ksrtp_ctx *ctx, struct ksrtp_mkey *mk)
{
	struct ksrtp_keyring *ring = ctx->ring;
	struct nlattr *attr = info->attrs[ring->mki_len ? KSRTP_A_MKI :
					  KSRTP_A_FROM_INDEX];
	struct ksrtp_ctx_pos pos;
	struct ksrtp_mkey *cur;
	unsigned int i;

	if (ksrtp_keyring_count(ring) == 1) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "the context's last key cannot be removed");
		return -EBUSY;
	}
	if (ctx->key.dir == KSRTP_DIR_OUTBOUND) {
		ksrtp_ctx_positions(ctx, &pos);
		/*
		 * The mutex keeps the keys; the lookups are written for the
		 * data path's RCU readers, so read as one.
		 */
		rcu_read_lock();
		cur = ring->mki_len ? rcu_dereference(ring->active) :
				      ksrtp_key_by_index(ring, false, pos.rtp_next);
		if (!ring->mki_len &&
		    mk == ksrtp_key_by_index(ring, true, pos.srtcp_next))
			cur = mk;
		rcu_read_unlock();
		if (mk == cur) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "the key the context sends with cannot be removed");
			return -EBUSY;
		}
	} else if (mk == rcu_access_pointer(ring->active)) {
		for (i = 0; i < KSRTP_MAX_KEYS; i++) {
			cur = rcu_dereference_protected(ring->keys[i], 1);
			if (cur && cur != mk)
				break;
		}
		rcu_assign_pointer(ring->active, cur);
	}
	return 0;
}

int ksrtp_nl_key_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct ksrtp_ctx *ctx;
	struct ksrtp_mkey *mk;
	int err;

	if (info->attrs[KSRTP_A_KEY_ACTIVE]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KSRTP_A_KEY_ACTIVE],
				    "KSRTP_A_KEY_ACTIVE is for KSRTP_CMD_KEY_SET");
		return -EINVAL;
	}
	mutex_lock(&kn->lock);
	mk = ksrtp_nl_key_select(kn, info, &ctx);
	if (IS_ERR(mk))
		err = PTR_ERR(mk);
	else
		err = ksrtp_nl_key_removable(info, ctx, mk);
	if (!err) {
		ksrtp_keyring_remove(ctx->ring, mk);
		ksrtp_fp_del(kn, mk);
		ksrtp_mkey_destroy(mk);
	}
	mutex_unlock(&kn->lock);
	return err;
}

int ksrtp_nl_key_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct ksrtp_ctx *ctx;
	struct ksrtp_mkey *mk;
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, KSRTP_A_KEY_ACTIVE)) {
		NL_SET_ERR_MSG(info->extack,
			       "missing KSRTP_A_KEY_ACTIVE (the only property to set)");
		return -EINVAL;
	}
	mutex_lock(&kn->lock);
	mk = ksrtp_nl_key_select(kn, info, &ctx);
	if (IS_ERR(mk)) {
		err = PTR_ERR(mk);
	} else if (!ctx->ring->mki_len) {
		NL_SET_ERR_MSG(info->extack,
			       "the context uses no MKI: its keys apply from their index");
		err = -EOPNOTSUPP;
	} else {
		rcu_assign_pointer(ctx->ring->active, mk);
	}
	mutex_unlock(&kn->lock);
	return err;
}
