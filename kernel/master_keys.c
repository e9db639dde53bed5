// SPDX-License-Identifier: GPL-2.0
/*
 * Master keys (RFC 3711 sections 3.2.1 and 8): a context may hold several,
 * selected by the MKI that packets carry or, without MKI, by the packet
 * index from which each applies; each counts its packets against the
 * limits of section 9.2.
 */

#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "master_keys.h"

static siphash_key_t ksrtp_fp_secret __read_mostly;

static struct workqueue_struct *ksrtp_key_wq;
/* Master keys have a cache of their own: kmalloc would round them up. */
static struct kmem_cache *ksrtp_mkey_cache;

/* Keys are wiped before their memory goes back. */
static void ksrtp_mkey_free(struct ksrtp_mkey *mk)
{
	memzero_explicit(mk, sizeof(*mk));
	kmem_cache_free(ksrtp_mkey_cache, mk);
}

struct ksrtp_mkey *ksrtp_mkey_create(const struct ksrtp_suite_info *suite,
				     const u8 *master_key, const u8 *master_salt,
				     bool hdr, struct netlink_ext_ack *extack)
{
	struct ksrtp_mkey *mk;
	int err;

	mk = kmem_cache_zalloc(ksrtp_mkey_cache, GFP_KERNEL_ACCOUNT);
	if (!mk)
		return ERR_PTR(-ENOMEM);
	err = ksrtp_keys_create(&mk->rtp, &mk->rtcp, suite, master_key,
				master_salt, extack);
	if (err) {
		ksrtp_mkey_free(mk);
		return ERR_PTR(err);
	}
	if (hdr) {
		mk->hdr = ksrtp_hdr_keys_create(suite, master_key, master_salt,
						extack);
		if (IS_ERR(mk->hdr)) {
			err = PTR_ERR(mk->hdr);
			ksrtp_keys_free(&mk->rtp);
			ksrtp_keys_free(&mk->rtcp);
			ksrtp_mkey_free(mk);
			return ERR_PTR(err);
		}
	}
	mk->fingerprint = ksrtp_key_fingerprint(master_key, suite->key_len,
						master_salt, suite->salt_len);
	return mk;
}

static void ksrtp_mkey_free_work(struct work_struct *work)
{
	struct ksrtp_mkey *mk = container_of(to_rcu_work(work),
					     struct ksrtp_mkey, free_work);

	ksrtp_keys_free(&mk->rtp);
	ksrtp_keys_free(&mk->rtcp);
	ksrtp_hdr_keys_free(mk->hdr);
	ksrtp_mkey_free(mk);
}

void ksrtp_mkey_destroy(struct ksrtp_mkey *mk)
{
	INIT_RCU_WORK(&mk->free_work, ksrtp_mkey_free_work);
	queue_rcu_work(ksrtp_key_wq, &mk->free_work);
}

struct ksrtp_keyring *ksrtp_keyring_create(const struct ksrtp_suite_info *suite,
					   u8 mki_len, gfp_t gfp)
{
	struct ksrtp_keyring *ring = kzalloc(sizeof(*ring), gfp);

	if (!ring)
		return NULL;
	refcount_set(&ring->ref, 1);
	ring->suite = suite;
	ring->mki_len = mki_len;
	return ring;
}

/* The last context using the ring is gone: no reader is left either. */
void ksrtp_keyring_put(struct ksrtp_keyring *ring)
{
	unsigned int i;

	if (!ring || !refcount_dec_and_test(&ring->ref))
		return;
	for (i = 0; i < KSRTP_MAX_KEYS; i++) {
		struct ksrtp_mkey *mk = rcu_dereference_protected(ring->keys[i],
								  true);

		if (mk)
			ksrtp_mkey_destroy(mk);
	}
	kfree(ring->enc_ids);
	kfree(ring);
}

unsigned int ksrtp_keyring_count(struct ksrtp_keyring *ring)
{
	unsigned int i, n = 0;

	for (i = 0; i < KSRTP_MAX_KEYS; i++)
		n += !!rcu_access_pointer(ring->keys[i]);
	return n;
}

struct ksrtp_mkey *ksrtp_keyring_find_mki(struct ksrtp_keyring *ring,
					  const u8 *mki)
{
	unsigned int i;

	for (i = 0; i < KSRTP_MAX_KEYS; i++) {
		struct ksrtp_mkey *mk = rcu_dereference_protected(ring->keys[i],
								  true);

		if (mk && !memcmp(mk->mki, mki, ring->mki_len))
			return mk;
	}
	return NULL;
}

int ksrtp_keyring_add(struct ksrtp_keyring *ring, struct ksrtp_mkey *mk,
		      bool activate, struct netlink_ext_ack *extack)
{
	unsigned int i;

	if (ring->mki_len && ksrtp_keyring_find_mki(ring, mk->mki)) {
		NL_SET_ERR_MSG(extack, "KSRTP_A_MKI: the context has a key with this MKI");
		return -EEXIST;
	}
	for (i = 0; i < KSRTP_MAX_KEYS; i++)
		if (!rcu_access_pointer(ring->keys[i]))
			break;
	if (i == KSRTP_MAX_KEYS) {
		NL_SET_ERR_MSG(extack, "the context holds KSRTP_MAX_KEYS keys already");
		return -ENOSPC;
	}
	mk->order = ring->next_order++;
	rcu_assign_pointer(ring->keys[i], mk);
	if (ring->mki_len && activate)
		rcu_assign_pointer(ring->active, mk);
	return 0;
}

/* Unpublish @mk; the caller destroys it. Never the active key. */
void ksrtp_keyring_remove(struct ksrtp_keyring *ring, struct ksrtp_mkey *mk)
{
	unsigned int i;

	for (i = 0; i < KSRTP_MAX_KEYS; i++)
		if (rcu_access_pointer(ring->keys[i]) == mk)
			RCU_INIT_POINTER(ring->keys[i], NULL);
}

/* At most KSRTP_MAX_KEYS compares of at most 4 bytes: O(1). */
struct ksrtp_mkey *ksrtp_key_by_mki(struct ksrtp_keyring *ring, const u8 *mki)
{
	unsigned int i;

	for (i = 0; i < KSRTP_MAX_KEYS; i++) {
		struct ksrtp_mkey *mk = rcu_dereference(ring->keys[i]);

		if (mk && !memcmp(mk->mki, mki, ring->mki_len))
			return mk;
	}
	return NULL;
}

/*
 * The key with the highest starting index at or below @index; of two that
 * start at the same index, the one added last.
 */
struct ksrtp_mkey *ksrtp_key_by_index(struct ksrtp_keyring *ring, bool rtcp,
				      u64 index)
{
	struct ksrtp_mkey *best = NULL;
	u64 best_from = 0;
	unsigned int i;

	for (i = 0; i < KSRTP_MAX_KEYS; i++) {
		struct ksrtp_mkey *mk = rcu_dereference(ring->keys[i]);
		u64 from;

		if (!mk)
			continue;
		from = rtcp ? mk->from_srtcp_index : mk->from_index;
		if (from <= index &&
		    (!best || from > best_from ||
		     (from == best_from && mk->order > best->order))) {
			best = mk;
			best_from = from;
		}
	}
	return best;
}

bool ksrtp_key_exhausted(struct ksrtp_mkey *mk)
{
	return !test_and_set_bit(KSRTP_MKEY_HARD, &mk->flags);
}

bool ksrtp_key_use(struct ksrtp_mkey *mk, bool rtcp, u64 index, bool *event)
{
	u64 limit = rtcp ? KSRTP_SRTCP_KEY_LIMIT : KSRTP_SRTP_KEY_LIMIT;
	u64 n = atomic64_inc_return(rtcp ? &mk->rtcp_used : &mk->rtp_used);
	u64 left;

	*event = false;
	if (n > limit) {
		atomic64_dec(rtcp ? &mk->rtcp_used : &mk->rtp_used);
		*event = ksrtp_key_exhausted(mk);
		return false;
	}
	/* Packets left after this one: by count, and by index space. */
	left = min(limit - n, limit - 1 - index);
	if (left < KSRTP_KEY_SOFT_MARGIN &&
	    !test_and_set_bit(KSRTP_MKEY_SOFT, &mk->flags))
		*event = true;
	return true;
}

u64 ksrtp_key_fingerprint(const u8 *key, unsigned int key_len,
			  const u8 *salt, unsigned int salt_len)
{
	u8 buf[KSRTP_MAX_KEY_LEN + KSRTP_MAX_SALT_LEN];
	u64 fp;

	memcpy(buf, key, key_len);
	memcpy(buf + key_len, salt, salt_len);
	fp = siphash(buf, key_len + salt_len, &ksrtp_fp_secret);
	memzero_explicit(buf, sizeof(buf));
	return fp;
}

int ksrtp_keys_module_init(void)
{
	get_random_bytes(&ksrtp_fp_secret, sizeof(ksrtp_fp_secret));
	ksrtp_mkey_cache = KMEM_CACHE(ksrtp_mkey, 0);
	if (!ksrtp_mkey_cache)
		return -ENOMEM;
	ksrtp_key_wq = alloc_workqueue("ksrtp_keys", WQ_UNBOUND, 0);
	if (!ksrtp_key_wq) {
		kmem_cache_destroy(ksrtp_mkey_cache);
		return -ENOMEM;
	}
	return 0;
}

void ksrtp_keys_module_exit(void)
{
	rcu_barrier();
	destroy_workqueue(ksrtp_key_wq);
	kmem_cache_destroy(ksrtp_mkey_cache);
}
