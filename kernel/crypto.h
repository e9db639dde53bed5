/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_CRYPTO_H
#define _KSRTP_CRYPTO_H

#include <linux/types.h>
#include <linux/netlink.h>

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

enum ksrtp_transform {
	KSRTP_XFORM_CM_HMAC,	/* AES-CM and HMAC-SHA1 (RFC 3711, 6188) */
	KSRTP_XFORM_NULL_HMAC,	/* no encryption, HMAC-SHA1 */
	KSRTP_XFORM_GCM,	/* AEAD_AES_*_GCM (RFC 7714) */
};

/* What the wire format of a suite needs; one static entry per suite. */
struct ksrtp_suite_info {
	u16 id;			/* enum ksrtp_suite */
	const char *name;	/* SDES name, RFC 4568 */
	enum ksrtp_transform xform;
	u8 key_len;		/* master and session cipher key */
	u8 salt_len;		/* master and session salt */
	u8 rtp_tag_len;
	u8 rtcp_tag_len;
	u8 auth_key_len;	/* session authentication key, 0 for AEAD */
};

const struct ksrtp_suite_info *ksrtp_suite_find(u16 id);

/*
 * Session keys of one stream kind (SRTP or SRTCP) of one context. The
 * transforms are keyed once when the context is created and then only
 * used, never re-keyed, so any number of CPUs may use them at once. The
 * skcipher and shash requests live on the stack; AEAD requests use a
 * per-CPU scratch area (ksrtp_aead_crypt()).
 */
struct ksrtp_keys {
	struct crypto_sync_skcipher *cipher;	/* ctr(aes), session key; or NULL */
	struct crypto_shash *auth;		/* hmac(sha1), auth key; or NULL */
	struct crypto_aead *aead;		/* gcm(aes), session key; or NULL */
	u8 salt[KSRTP_MAX_SALT_LEN];		/* session salt */
};

/* RFC 3711 section 4.3 labels; SRTCP uses the SRTP label plus 3. */
#define KSRTP_LABEL_RTP		0
#define KSRTP_LABEL_RTCP	3

/* Derive and key the SRTP and the SRTCP session transforms of a context. */
int ksrtp_keys_create(struct ksrtp_keys *rtp, struct ksrtp_keys *rtcp,
		      const struct ksrtp_suite_info *suite, const u8 *master_key,
		      const u8 *master_salt, struct netlink_ext_ack *extack);
void ksrtp_keys_free(struct ksrtp_keys *keys);

/* XOR the AES-CM keystream that starts at counter block @iv into @data. */
int ksrtp_ctr_crypt(struct ksrtp_keys *keys, const u8 iv[16], u8 *data,
		    unsigned int len);

/* HMAC over @data followed by @trailer; writes the full 20-byte MAC. */
int ksrtp_auth_compute(struct ksrtp_keys *keys, const u8 *data,
		       unsigned int len, const u8 *trailer,
		       unsigned int trailer_len, u8 mac[KSRTP_MAX_TAG_LEN]);

/*
 * AEAD over one packet in place: @aad_len bytes of @aad, then @len bytes
 * at @data followed by the tag (which encryption writes, and decryption
 * verifies, right after them). Returns 0, -EBADMSG on a bad tag, or
 * another error.
 */
int ksrtp_aead_crypt(struct ksrtp_keys *keys, bool encrypt,
		     const u8 iv[KSRTP_GCM_IV_LEN], u8 *aad, unsigned int aad_len,
		     u8 *aad2, unsigned int aad2_len, u8 *data,
		     unsigned int len);

int ksrtp_crypto_init(void);
void ksrtp_crypto_exit(void);

const char *ksrtp_keys_cipher_driver(const struct ksrtp_keys *keys);
const char *ksrtp_keys_auth_driver(const struct ksrtp_keys *keys);

/* Exposed for the known-answer self-tests. */
int ksrtp_kdf(const u8 *master_key, unsigned int key_len,
	      const u8 *master_salt, u8 label, u8 *out, unsigned int out_len);

#endif /* _KSRTP_CRYPTO_H */
