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

/*
 * One master key and the session keys derived from it. Immutable once
 * published, except for the usage counters and event flags, which are
 * atomic. Freed after an RCU grace period (free_work).
 */
struct ksrtp_mkey {
	struct ksrtp_keys rtp;
	struct ksrtp_keys rtcp;
	u8 mki[KSRTP_MKI_MAX_LEN];	/* MKI contexts; length in the ring */
	u64 from_index;			/* contexts without MKI */
	u32 order;			/* added after keys with a lower one */
	u32 from_srtcp_index;
	atomic64_t rtp_used;		/* SRTP packets protected or accepted */
	atomic64_t rtcp_used;		/* SRTCP packets */
	unsigned long flags;		/* KSRTP_MKEY_* bits */

	/* Refusing a second outbound sender of one key and SSRC. */
	u64 fingerprint;		/* keyed hash of master key and salt */
	struct rhlist_head fp_node;	/* in ksrtp_net.fp_table, outbound */
	struct ksrtp_ctx *owner;	/* outbound: the one context using it */
	struct ksrtp_fp_key {
		u64 fingerprint;
		__be32 ssrc;
		u32 pad;
	} fp_key;

	struct rcu_work free_work;
};

/*
 * The master keys of a context, shared by a template and the contexts it
 * learned (refcounted). Changed only under ksrtp_net.lock; the data path
 * reads @keys and @active under RCU. Slots are filled in the order the
 * keys were added; a NULL slot is free.
 */
struct ksrtp_keyring {
	refcount_t ref;
	const struct ksrtp_suite_info *suite;
	u8 mki_len;				/* 0: no MKI on the wire */
	u32 next_order;				/* for ksrtp_mkey.order */
	struct ksrtp_mkey __rcu *keys[KSRTP_MAX_KEYS];
	struct ksrtp_mkey __rcu *active;	/* MKI contexts, outbound */
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
