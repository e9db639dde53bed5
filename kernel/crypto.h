/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_CRYPTO_H
#define _KSRTP_CRYPTO_H

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
 * implementation (engine.c chooses it at load: the AES-NI/VAES drivers
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

/*
 * Key @keys for @suite with session material @m; @own_tfm gives the keys
 * a transform of their own (SRTP) instead of the per-CPU engines (SRTCP).
 * Used by ksrtp_keys_create() and by the self-tests, which start from
 * session keys.
 */
int ksrtp_keys_set(struct ksrtp_keys *keys,
		   const struct ksrtp_suite_info *suite,
		   const struct ksrtp_session_material *m, bool own_tfm,
		   struct netlink_ext_ack *extack);

/* RFC 3711 section 4.3 labels; SRTCP uses the SRTP label plus 3. */
#define KSRTP_LABEL_RTP		0
#define KSRTP_LABEL_RTCP	3

/* Derive and key the SRTP and the SRTCP session transforms of a context. */
int ksrtp_keys_create(struct ksrtp_keys *rtp, struct ksrtp_keys *rtcp,
		      const struct ksrtp_suite_info *suite, const u8 *master_key,
		      const u8 *master_salt, struct netlink_ext_ack *extack);
void ksrtp_keys_free(struct ksrtp_keys *keys);

/* XOR the AES-CM keystream that starts at counter block @iv into @data. */
/*
 * One AES-CTR pass of @tfm over @data in place, @iv the first counter
 * block (advanced by the transform). @data must not be on the stack.
 */
int ksrtp_ctr_run(struct crypto_sync_skcipher *tfm, u8 *iv, u8 *data,
		  unsigned int len);

int ksrtp_ctr_crypt(const struct ksrtp_keys *keys, const u8 iv[16], u8 *data,
		    unsigned int len);

/* HMAC over @data followed by @trailer; writes the full 20-byte MAC. */
int ksrtp_auth_compute(const struct ksrtp_keys *keys, const u8 *data,
		       unsigned int len, const u8 *trailer,
		       unsigned int trailer_len, u8 mac[KSRTP_MAX_TAG_LEN]);

/*
 * AEAD over one packet in place: @aad_len bytes of @aad (then @aad2_len
 * bytes of @aad2, at most KSRTP_AAD_MAX in all), then @len bytes at @data
 * followed by the tag, which encryption writes after them.
 * ksrtp_aead_seal() returns 0 or an error. ksrtp_aead_open() verifies and
 * decrypts: 0, -EBADMSG for a bad tag with the packet left exactly as it
 * came (whatever the driver did to it), or another error.
 */
int ksrtp_aead_seal(const struct ksrtp_keys *keys,
		    const u8 iv[KSRTP_GCM_IV_LEN], u8 *aad, unsigned int aad_len,
		    u8 *aad2, unsigned int aad2_len, u8 *data, unsigned int len);
int ksrtp_aead_open(const struct ksrtp_keys *keys,
		    const u8 iv[KSRTP_GCM_IV_LEN], u8 *aad, unsigned int aad_len,
		    u8 *aad2, unsigned int aad2_len, u8 *data, unsigned int len);

int ksrtp_crypto_init(void);
void ksrtp_crypto_exit(void);

const char *ksrtp_keys_cipher_driver(const struct ksrtp_keys *keys);
const char *ksrtp_keys_auth_driver(const struct ksrtp_keys *keys);

/*
 * engine.c: the data path, and transforms of the implementation chosen
 * at load (gcm ones with the tag length set).
 */
const char *ksrtp_engine_cipher_driver(enum ksrtp_transform xform);
struct crypto_sync_skcipher *ksrtp_ctr_alloc(void);
struct crypto_aead *ksrtp_gcm_alloc(void);

#ifdef KSRTP_SELFTEST
/* Force every packet onto one path, to test each: enum ksrtp_path. */
enum ksrtp_path {
	KSRTP_PATH_AUTO,
	KSRTP_PATH_ENGINE,	/* the per-CPU engine, even for SRTP */
	KSRTP_PATH_SOFT,	/* the AES library, as without SIMD */
};

extern int ksrtp_force_path;
#endif

/* Exposed for the known-answer self-tests. */
int ksrtp_kdf(const u8 *master_key, unsigned int key_len,
	      const u8 *master_salt, u8 label, u8 *out, unsigned int out_len);

#endif /* _KSRTP_CRYPTO_H */
