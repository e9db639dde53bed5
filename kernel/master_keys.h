/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_MASTER_KEYS_H
#define _KSRTP_MASTER_KEYS_H

#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/rhashtable-types.h>
#include <linux/workqueue.h>
#include <uapi/linux/ksrtp.h>

#include "session_keys.h"

struct ksrtp_ctx;

/* RFC 8285 header extension element IDs are 0..255 (0: padding). */
#define KSRTP_HDR_EXT_IDS	256

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
 * @hdr: RFC 6904 header extension keys, only in the keyrings of contexts
 *	with KSRTP_A_ENC_HDR_EXT_IDS (else NULL); read-only once published
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
	struct ksrtp_hdr_keys *hdr;
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
 * @enc_ids: RFC 6904: a bitmap of the 256 header extension element IDs,
 *	set for those whose data is encrypted (KSRTP_A_ENC_HDR_EXT_IDS);
 *	NULL without the option, so that other contexts pay one pointer.
 *	Write-once; its keys then all have header keys (ksrtp_mkey.hdr).
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
	unsigned long *enc_ids;
};

/**
 * ksrtp_mkey_create() - a master key and its session keys
 * @suite: the crypto suite
 * @master_key: the master key
 * @master_salt: the master salt
 * @hdr: derive the RFC 6904 header keys too (ksrtp_keyring.enc_ids)
 * @extack: for the reason of a refusal
 *
 * Return: the key, unpublished, or an ERR_PTR().
 */
struct ksrtp_mkey *ksrtp_mkey_create(const struct ksrtp_suite_info *suite,
				     const u8 *master_key, const u8 *master_salt,
				     bool hdr, struct netlink_ext_ack *extack);
/**
 * ksrtp_mkey_destroy() - free after an RCU grace period
 * @mk: the key; the data path may still use it
 */
void ksrtp_mkey_destroy(struct ksrtp_mkey *mk);

/**
 * ksrtp_keyring_create() - an empty keyring
 * @suite: the crypto suite
 * @mki_len: 0: no MKI on the wire
 * @gfp: allocation flags
 *
 * Return: the keyring, with one reference, or NULL.
 */
struct ksrtp_keyring *ksrtp_keyring_create(const struct ksrtp_suite_info *suite,
					   u8 mki_len, gfp_t gfp);
/**
 * ksrtp_keyring_get() - take a reference
 * @ring: the keyring
 */
static inline void ksrtp_keyring_get(struct ksrtp_keyring *ring)
{
	refcount_inc(&ring->ref);
}

/**
 * ksrtp_keyring_put() - drop a reference; the last frees the keys
 * @ring: the keyring, or NULL
 *
 * The last context using the ring is gone: no reader is left either.
 */
void ksrtp_keyring_put(struct ksrtp_keyring *ring);

/* Writers (ksrtp_net.lock held): */

/**
 * ksrtp_keyring_add() - publish @mk in a free slot
 * @ring: the keyring
 * @mk: the key
 * @activate: MKI rings: make it the key to send with
 * @extack: for the reason of a refusal
 *
 * Caller holds ksrtp_net.lock.
 *
 * Return: 0, -EEXIST for an MKI the ring has, or -ENOSPC when full.
 */
int ksrtp_keyring_add(struct ksrtp_keyring *ring, struct ksrtp_mkey *mk,
		      bool activate, struct netlink_ext_ack *extack);
/**
 * ksrtp_keyring_find_mki() - the key with this MKI
 * @ring: the keyring
 * @mki: ksrtp_keyring.mki_len bytes
 *
 * Caller holds ksrtp_net.lock.
 *
 * Return: the key, or NULL.
 */
struct ksrtp_mkey *ksrtp_keyring_find_mki(struct ksrtp_keyring *ring,
					  const u8 *mki);
/**
 * ksrtp_keyring_remove() - unpublish @mk; the caller destroys it
 * @ring: the keyring
 * @mk: the key, never the active one
 *
 * Caller holds ksrtp_net.lock.
 */
void ksrtp_keyring_remove(struct ksrtp_keyring *ring, struct ksrtp_mkey *mk);
/**
 * ksrtp_keyring_count() - how many keys the ring holds
 * @ring: the keyring
 *
 * Caller holds ksrtp_net.lock.
 *
 * Return: the number of keys.
 */
unsigned int ksrtp_keyring_count(struct ksrtp_keyring *ring);

/* The data path (rcu_read_lock held): */

/**
 * ksrtp_key_by_mki() - the key an inbound packet's MKI names
 * @ring: the keyring
 * @mki: ksrtp_keyring.mki_len bytes
 *
 * Caller holds rcu_read_lock(). O(1): at most KSRTP_MAX_KEYS compares.
 *
 * Return: the key, or NULL.
 */
struct ksrtp_mkey *ksrtp_key_by_mki(struct ksrtp_keyring *ring,
				    const u8 *mki);
/**
 * ksrtp_key_by_index() - the key for @index, in a ring without MKI
 * @ring: the keyring
 * @rtcp: SRTCP rather than SRTP
 * @index: the packet's index
 *
 * Caller holds rcu_read_lock().
 *
 * Return: the key with the highest starting index at or below @index; of
 * two that start at the same index, the one added last; NULL if none.
 */
struct ksrtp_mkey *ksrtp_key_by_index(struct ksrtp_keyring *ring, bool rtcp,
				      u64 index);

/**
 * ksrtp_key_use() - count one packet under @mk
 * @mk: the key
 * @rtcp: SRTCP rather than SRTP
 * @index: the packet's index
 * @event: whether a limit flag was newly raised
 *
 * Raises the soft and hard limit flags; atomic, no lock.
 *
 * Return: false when the key is used up (the packet must be dropped).
 */
bool ksrtp_key_use(struct ksrtp_mkey *mk, bool rtcp, u64 index, bool *event);

/**
 * ksrtp_key_exhausted() - raise the hard limit flag
 * @mk: the key, whose limit was reached outside ksrtp_key_use()
 *
 * Return: true if the flag was newly raised.
 */
bool ksrtp_key_exhausted(struct ksrtp_mkey *mk);

/**
 * ksrtp_key_fingerprint() - keyed hash of a master key and salt
 * @key: the master key
 * @key_len: its length
 * @salt: the master salt
 * @salt_len: its length
 *
 * Return: the fingerprint (ksrtp_mkey.fingerprint).
 */
u64 ksrtp_key_fingerprint(const u8 *key, unsigned int key_len,
			  const u8 *salt, unsigned int salt_len);

/**
 * ksrtp_keys_module_init() - the master keys' slab cache and workqueue
 *
 * At module load; also draws the fingerprints' secret key.
 *
 * Return: 0, or -ENOMEM.
 */
int ksrtp_keys_module_init(void);
/**
 * ksrtp_keys_module_exit() - destroy them
 *
 * At module unload, after ksrtp_ctx_exit(), whose contexts' callbacks
 * queue the last keys: waits for the keys' grace periods and frees.
 */
void ksrtp_keys_module_exit(void);

#endif /* _KSRTP_MASTER_KEYS_H */
