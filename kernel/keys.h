/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_KEYS_H
#define _KSRTP_KEYS_H

#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/rhashtable-types.h>
#include <linux/workqueue.h>
#include <uapi/linux/ksrtp.h>

#include "crypto.h"

struct ksrtp_ctx;

/* ksrtp_mkey.flags: limit events, raised once per key and reported once. */
enum {
	KSRTP_MKEY_SOFT,
	KSRTP_MKEY_SOFT_SENT,
	KSRTP_MKEY_HARD,
	KSRTP_MKEY_HARD_SENT,
};

/**
 * struct ksrtp_mkey - one master key and the session keys derived from it
 * @rtp: SRTP session keys; read-only once published
 * @rtcp: SRTCP session keys; read-only once published
 * @mki: MKI contexts: the MKI; its length is in the ring
 * @from_index: contexts without MKI: the first SRTP index it applies to
 * @order: added after keys with a lower one
 * @from_srtcp_index: contexts without MKI: the first SRTCP index
 * @rtp_used: SRTP packets protected or accepted; atomic
 * @rtcp_used: SRTCP packets; atomic
 * @flags: KSRTP_MKEY_* bits; atomic bit operations
 * @fingerprint: keyed hash of master key and salt; write-once
 * @fp_node: outbound: in ksrtp_net.fp_table; under ksrtp_net.lock
 * @owner: outbound: the one context using it; under ksrtp_net.lock
 * @fp_key: the key of @fp_node: @fingerprint and the SSRC; under
 *	ksrtp_net.lock
 * @fp_key.fingerprint: @fingerprint
 * @fp_key.ssrc: the SSRC of @owner
 * @fp_key.pad: always 0
 * @free_work: frees the key after an RCU grace period
 *
 * Immutable once published, except for the usage counters and event
 * flags, which are atomic, and @fp_node, @owner and @fp_key, which refuse
 * a second outbound sender of one key and SSRC: only configuration uses
 * them, under ksrtp_net.lock. Freed after an RCU grace period
 * (@free_work).
 */
struct ksrtp_mkey {
	struct ksrtp_keys rtp;
	struct ksrtp_keys rtcp;
	u8 mki[KSRTP_MKI_MAX_LEN];
	u64 from_index;
	u32 order;
	u32 from_srtcp_index;
	atomic64_t rtp_used;
	atomic64_t rtcp_used;
	unsigned long flags;

	/* Refusing a second outbound sender of one key and SSRC. */
	u64 fingerprint;
	struct rhlist_head fp_node;
	struct ksrtp_ctx *owner;
	struct ksrtp_fp_key {
		u64 fingerprint;
		__be32 ssrc;
		u32 pad;
	} fp_key;

	struct rcu_work free_work;
};

/**
 * struct ksrtp_keyring - the master keys of a context
 * @ref: shared by a template and the contexts it learned
 * @suite: the crypto suite; write-once
 * @mki_len: 0: no MKI on the wire; write-once
 * @next_order: for ksrtp_mkey.order; under ksrtp_net.lock
 * @keys: the slots; changed under ksrtp_net.lock, read under RCU
 * @active: MKI contexts, outbound: the key to send with; changed under
 *	ksrtp_net.lock, read under RCU
 *
 * Changed only under ksrtp_net.lock; the data path reads @keys and
 * @active under RCU. Slots are filled in the order the keys were added;
 * a NULL slot is free.
 */
struct ksrtp_keyring {
	refcount_t ref;
	const struct ksrtp_suite_info *suite;
	u8 mki_len;
	u32 next_order;
	struct ksrtp_mkey __rcu *keys[KSRTP_MAX_KEYS];
	struct ksrtp_mkey __rcu *active;
};

struct ksrtp_mkey *ksrtp_mkey_create(const struct ksrtp_suite_info *suite,
				     const u8 *master_key, const u8 *master_salt,
				     struct netlink_ext_ack *extack);
/* Free after an RCU grace period: the data path may still use it. */
void ksrtp_mkey_destroy(struct ksrtp_mkey *mk);

struct ksrtp_keyring *ksrtp_keyring_create(const struct ksrtp_suite_info *suite,
					   u8 mki_len, gfp_t gfp);
static inline void ksrtp_keyring_get(struct ksrtp_keyring *ring)
{
	refcount_inc(&ring->ref);
}

void ksrtp_keyring_put(struct ksrtp_keyring *ring);

/* Writers (ksrtp_net.lock held): */
int ksrtp_keyring_add(struct ksrtp_keyring *ring, struct ksrtp_mkey *mk,
		      bool activate, struct netlink_ext_ack *extack);
struct ksrtp_mkey *ksrtp_keyring_find_mki(struct ksrtp_keyring *ring,
					  const u8 *mki);
void ksrtp_keyring_remove(struct ksrtp_keyring *ring, struct ksrtp_mkey *mk);
unsigned int ksrtp_keyring_count(struct ksrtp_keyring *ring);

/* The data path (rcu_read_lock held): */
struct ksrtp_mkey *ksrtp_key_by_mki(struct ksrtp_keyring *ring,
				    const u8 *mki);
struct ksrtp_mkey *ksrtp_key_by_index(struct ksrtp_keyring *ring, bool rtcp,
				      u64 index);

/*
 * Count one packet under @mk. Returns false when the key is used up (the
 * packet must be dropped); raises the soft and hard limit flags, and
 * returns in *@event whether a flag was newly raised.
 */
bool ksrtp_key_use(struct ksrtp_mkey *mk, bool rtcp, u64 index, bool *event);

/* A flag for a limit that was reached outside ksrtp_key_use(). */
bool ksrtp_key_exhausted(struct ksrtp_mkey *mk);

u64 ksrtp_key_fingerprint(const u8 *key, unsigned int key_len,
			  const u8 *salt, unsigned int salt_len);

int ksrtp_keys_module_init(void);
void ksrtp_keys_module_exit(void);

#endif /* _KSRTP_KEYS_H */
