/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_SESSION_KEYS_H
#define _KSRTP_SESSION_KEYS_H

#include <crypto/aes.h>
#include <linux/types.h>
#include <linux/netlink.h>

#include "compat.h"

#define KSRTP_MAX_KEY_LEN	32
#define KSRTP_MAX_SALT_LEN	14
#define KSRTP_AES_CM_SALT_LEN	14
#define KSRTP_GCM_SALT_LEN	12
#define KSRTP_GCM_IV_LEN	12
#define KSRTP_GCM_TAG_LEN	16
#define KSRTP_HMAC_SHA1_KEY_LEN	20
#define KSRTP_MAX_TAG_LEN	20
#define KSRTP_SRTCP_TAG_LEN	10
#define KSRTP_AEAD_REQ_MAX	1024	/* per-CPU room for one AEAD request */
#define KSRTP_AAD_MAX		16	/* a split AAD (SRTCP) is joined here */

enum ksrtp_transform {
	KSRTP_XFORM_CM_HMAC,	/* AES-CM and HMAC-SHA1 (RFC 3711, 6188) */
	KSRTP_XFORM_NULL_HMAC,	/* no encryption, HMAC-SHA1 */
	KSRTP_XFORM_GCM,	/* AEAD_AES_*_GCM (RFC 7714) */
};

/**
 * struct ksrtp_suite_info - what the wire format of a suite needs
 * @id: enum ksrtp_suite
 * @name: SDES name, RFC 4568
 * @xform: the transform
 * @key_len: master and session cipher key
 * @salt_len: master and session salt
 * @rtp_tag_len: SRTP tag
 * @rtcp_tag_len: SRTCP tag
 * @auth_key_len: session authentication key, 0 for AEAD
 *
 * One static, constant entry per suite; no lock.
 */
struct ksrtp_suite_info {
	u16 id;
	const char *name;
	enum ksrtp_transform xform;
	u8 key_len;
	u8 salt_len;
	u8 rtp_tag_len;
	u8 rtcp_tag_len;
	u8 auth_key_len;
};

/**
 * ksrtp_suite_find() - the suite with this id
 * @id: enum ksrtp_suite
 *
 * Return: its static entry, or NULL.
 */
const struct ksrtp_suite_info *ksrtp_suite_find(u16 id);

/**
 * struct ksrtp_keys - session keys of one stream kind of one master key
 * @cipher: ctr(aes), by @xform; NULL: the per-CPU engines
 * @aead: gcm(aes), by @xform; NULL: the per-CPU engines
 * @xform: enum ksrtp_transform
 * @key_len: length of @key
 * @key: session cipher key
 * @salt: session salt
 * @hmac: HMAC suites: the prepared HMAC-SHA1 key
 *
 * Session keys of one stream kind (SRTP or SRTCP) of one master key.
 * Keyed once when the key is created and then only read, so any number
 * of CPUs may use them at once; no lock.
 *
 * The SRTP keys own a synchronous transform of the fastest AES
 * implementation (crypto_impl.c chooses it at load: the AES-NI/VAES drivers
 * themselves on x86 in 7.x, their internal SIMD-only form before). The
 * rarer SRTCP keys own no transform: a per-CPU engine of the same
 * implementation is keyed with @key for each packet, which halves a
 * context's memory. When an implementation that needs SIMD cannot use it
 * (a softirq that interrupted a kernel FPU section), the packet is
 * processed by the AES library instead. HMAC-SHA1 needs no keyed
 * transform at all: @hmac holds the SHA-1 states after the inner and the
 * outer pad, computed once (the HMAC-SHA1 library's prepared key, or
 * compat.c's equivalent on a shared sha1 shash).
 */
struct ksrtp_keys {
	union {
		struct crypto_sync_skcipher *cipher;
		struct crypto_aead *aead;
	};
	u8 xform;
	u8 key_len;
	u8 key[KSRTP_MAX_KEY_LEN];
	u8 salt[KSRTP_MAX_SALT_LEN];
	struct hmac_sha1_key hmac;
};

/**
 * struct ksrtp_session_material - session key material from the KDF
 * @cipher_key: session cipher key
 * @auth_key: session authentication key
 * @salt: session salt
 *
 * The caller's own buffer (ksrtp_keys_create() frees it with
 * kfree_sensitive()); no lock.
 */
struct ksrtp_session_material {
	u8 cipher_key[KSRTP_MAX_KEY_LEN];
	u8 auth_key[KSRTP_HMAC_SHA1_KEY_LEN];
	u8 salt[KSRTP_MAX_SALT_LEN];
};

/**
 * ksrtp_keys_set() - key @keys for @suite with session material @m
 * @keys: the session keys
 * @suite: the crypto suite
 * @m: the session material
 * @own_tfm: give the keys a transform of their own (SRTP) instead of the
 *	per-CPU engines (SRTCP)
 * @extack: for the reason of a refusal
 *
 * Used by ksrtp_keys_create() and by the self-tests, which start from
 * session keys.
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_keys_set(struct ksrtp_keys *keys,
		   const struct ksrtp_suite_info *suite,
		   const struct ksrtp_session_material *m, bool own_tfm,
		   struct netlink_ext_ack *extack);

/* RFC 3711 section 4.3 labels; SRTCP uses the SRTP label plus 3. */
#define KSRTP_LABEL_RTP		0
#define KSRTP_LABEL_RTCP	3
/* RFC 6904 section 4.3: the header encryption key and salt. */
#define KSRTP_LABEL_HDR_KEY	6
#define KSRTP_LABEL_HDR_SALT	7

/**
 * struct ksrtp_hdr_keys - RFC 6904 header extension keys of a master key
 * @aes: the header encryption key, expanded for the AES library
 * @salt: the header salt; a GCM suite's 12 bytes are padded with two
 *	zero bytes (RFC 7714 section 8.3, as libsrtp2 does)
 *
 * Only master keys of contexts with KSRTP_A_ENC_HDR_EXT_IDS have them
 * (struct ksrtp_mkey.hdr). Keyed once, then only read; no lock. Freed
 * with kfree_sensitive(): the key schedule does not outlive them.
 */
struct ksrtp_hdr_keys {
	struct aes_enckey aes;
	u8 salt[KSRTP_AES_CM_SALT_LEN];
};

/**
 * ksrtp_hdr_keys_set() - key @hk with a session header key and salt
 * @hk: the header keys
 * @suite: the crypto suite, for the lengths
 * @key: the header encryption key, suite->key_len bytes
 * @salt: the header salt, suite->salt_len bytes
 *
 * Used by ksrtp_hdr_keys_create() and by the self-tests.
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_hdr_keys_set(struct ksrtp_hdr_keys *hk,
		       const struct ksrtp_suite_info *suite, const u8 *key,
		       const u8 *salt);
/**
 * ksrtp_hdr_keys_create() - derive the header keys of a master key
 * @suite: the crypto suite
 * @master_key: the master key
 * @master_salt: the master salt
 * @extack: for the reason of a refusal
 *
 * Return: the keys, or an ERR_PTR().
 */
struct ksrtp_hdr_keys *ksrtp_hdr_keys_create(const struct ksrtp_suite_info *suite,
					     const u8 *master_key,
					     const u8 *master_salt,
					     struct netlink_ext_ack *extack);
/**
 * ksrtp_hdr_keys_free() - wipe and free header keys
 * @hk: the keys, or NULL
 */
void ksrtp_hdr_keys_free(struct ksrtp_hdr_keys *hk);

/**
 * ksrtp_keys_create() - derive and key the session transforms of a key
 * @rtp: the SRTP session keys
 * @rtcp: the SRTCP session keys
 * @suite: the crypto suite
 * @master_key: the master key
 * @master_salt: the master salt
 * @extack: for the reason of a refusal
 *
 * Return: 0, or a negative errno; then neither is keyed.
 */
int ksrtp_keys_create(struct ksrtp_keys *rtp, struct ksrtp_keys *rtcp,
		      const struct ksrtp_suite_info *suite, const u8 *master_key,
		      const u8 *master_salt, struct netlink_ext_ack *extack);
/**
 * ksrtp_keys_free() - free the transform and wipe the keys
 * @keys: the session keys
 */
void ksrtp_keys_free(struct ksrtp_keys *keys);

/**
 * ksrtp_keys_cipher_driver() - what encrypts under @keys
 * @keys: the session keys
 *
 * Return: the driver name, for KSRTP_A_CIPHER_DRIVER; "none" without one.
 */
const char *ksrtp_keys_cipher_driver(const struct ksrtp_keys *keys);
/**
 * ksrtp_keys_auth_driver() - what authenticates under @keys
 * @keys: the session keys
 *
 * An AEAD authenticates with its own transform.
 *
 * Return: the driver name, for KSRTP_A_AUTH_DRIVER.
 */
const char *ksrtp_keys_auth_driver(const struct ksrtp_keys *keys);
/**
 * ksrtp_kdf() - the SRTP key derivation function (RFC 3711 section 4.3)
 * @master_key: the master key
 * @key_len: its length
 * @master_salt: the master salt
 * @label: KSRTP_LABEL_* plus the key kind
 * @out: the derived key
 * @out_len: its length
 *
 * Exposed for the known-answer self-tests.
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_kdf(const u8 *master_key, unsigned int key_len,
	      const u8 *master_salt, u8 label, u8 *out, unsigned int out_len);

#endif /* _KSRTP_SESSION_KEYS_H */
