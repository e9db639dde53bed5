// SPDX-License-Identifier: GPL-2.0
/*
 * Session keys (struct ksrtp_keys, the ksrtp_keys_* functions): the
 * suites that define their lengths, their derivation from a master key
 * (RFC 3711 section 4.3, RFC 6188, RFC 7714 section 11), and the keyed
 * state the crypto layer (seal.c) uses per packet: AES-CM and AES-GCM
 * through the kernel crypto API, HMAC-SHA1 through the HMAC-SHA1 library
 * (compat.h). Master keys, which hold two sets of these, are in
 * master_keys.c.
 */

#include <crypto/aead.h>
#include <crypto/skcipher.h>
#include <linux/err.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/ksrtp.h>

#include "seal.h"

#define KSRTP_HMAC_SUITE(_id, _xform, _key_len, _rtp_tag_len) {	\
	.id = KSRTP_SUITE_##_id, .name = #_id, .xform = (_xform),	\
	.key_len = (_key_len), .salt_len = KSRTP_AES_CM_SALT_LEN,	\
	.rtp_tag_len = (_rtp_tag_len), .rtcp_tag_len = KSRTP_SRTCP_TAG_LEN, \
	.auth_key_len = KSRTP_HMAC_SHA1_KEY_LEN,			\
}

#define KSRTP_GCM_SUITE(_id, _key_len) {				\
	.id = KSRTP_SUITE_##_id, .name = #_id, .xform = KSRTP_XFORM_GCM,	\
	.key_len = (_key_len), .salt_len = KSRTP_GCM_SALT_LEN,		\
	.rtp_tag_len = KSRTP_GCM_TAG_LEN, .rtcp_tag_len = KSRTP_GCM_TAG_LEN, \
}

/* SRTCP tags are 80 bits in every HMAC suite, *_32 included. */
static const struct ksrtp_suite_info ksrtp_suites[] = {
	KSRTP_HMAC_SUITE(AES_CM_128_HMAC_SHA1_80, KSRTP_XFORM_CM_HMAC, 16, 10),
	KSRTP_HMAC_SUITE(AES_CM_128_HMAC_SHA1_32, KSRTP_XFORM_CM_HMAC, 16, 4),
	KSRTP_HMAC_SUITE(AES_192_CM_HMAC_SHA1_80, KSRTP_XFORM_CM_HMAC, 24, 10),
	KSRTP_HMAC_SUITE(AES_192_CM_HMAC_SHA1_32, KSRTP_XFORM_CM_HMAC, 24, 4),
	KSRTP_HMAC_SUITE(AES_256_CM_HMAC_SHA1_80, KSRTP_XFORM_CM_HMAC, 32, 10),
	KSRTP_HMAC_SUITE(AES_256_CM_HMAC_SHA1_32, KSRTP_XFORM_CM_HMAC, 32, 4),
	KSRTP_HMAC_SUITE(NULL_HMAC_SHA1_80, KSRTP_XFORM_NULL_HMAC, 16, 10),
	KSRTP_HMAC_SUITE(NULL_HMAC_SHA1_32, KSRTP_XFORM_NULL_HMAC, 16, 4),
	KSRTP_GCM_SUITE(AEAD_AES_128_GCM, 16),
	KSRTP_GCM_SUITE(AEAD_AES_256_GCM, 32),
};

const struct ksrtp_suite_info *ksrtp_suite_find(u16 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ksrtp_suites); i++)
		if (ksrtp_suites[i].id == id)
			return &ksrtp_suites[i];
	return NULL;
}

/*
 * KDF with key derivation rate 0: the keystream of AES-CM under the master
 * key, starting at the counter block (master_salt XOR label << 48) * 2^16.
 * A 96-bit GCM master salt is padded with zeros to 112 bits (RFC 7714
 * section 11). @buf must not live on the stack (it is mapped through a
 * scatterlist).
 */
static int ksrtp_kdf_run(struct crypto_sync_skcipher *tfm,
			 const u8 *master_salt, unsigned int salt_len, u8 label,
			 u8 *buf, unsigned int len)
{
	u8 iv[16] = {};
	int err;

	memcpy(iv, master_salt, salt_len);
	iv[7] ^= label;
	memset(buf, 0, len);
	err = ksrtp_ctr_run(tfm, iv, buf, len);
	memzero_explicit(iv, sizeof(iv));
	return err;
}

static struct crypto_sync_skcipher *ksrtp_kdf_alloc(const u8 *master_key,
						    unsigned int key_len)
{
	struct crypto_sync_skcipher *tfm;
	int err;

	tfm = crypto_alloc_sync_skcipher("ctr(aes)", 0, 0);
	if (IS_ERR(tfm))
		return tfm;
	err = crypto_sync_skcipher_setkey(tfm, master_key, key_len);
	if (err) {
		crypto_free_sync_skcipher(tfm);
		return ERR_PTR(err);
	}
	return tfm;
}

int ksrtp_kdf(const u8 *master_key, unsigned int key_len,
	      const u8 *master_salt, u8 label, u8 *out, unsigned int out_len)
{
	struct crypto_sync_skcipher *tfm;
	int err;

	tfm = ksrtp_kdf_alloc(master_key, key_len);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = ksrtp_kdf_run(tfm, master_salt, KSRTP_AES_CM_SALT_LEN, label,
			    out, out_len);
	crypto_free_sync_skcipher(tfm);
	return err;
}

static int ksrtp_keys_alloc_gcm(struct ksrtp_keys *keys,
				struct netlink_ext_ack *extack)
{
	struct crypto_aead *tfm = ksrtp_gcm_alloc();

	if (IS_ERR(tfm)) {
		if (PTR_ERR(tfm) == -ENOENT)
			NL_SET_ERR_MSG_MOD(extack, "crypto algorithm gcm(aes) is not available");
		else
			NL_SET_ERR_MSG_MOD(extack, "gcm(aes) cannot be used by ksrtp");
		return PTR_ERR(tfm);
	}
	keys->aead = tfm;
	return 0;
}

static int ksrtp_keys_alloc_ctr(struct ksrtp_keys *keys,
				struct netlink_ext_ack *extack)
{
	struct crypto_sync_skcipher *tfm = ksrtp_ctr_alloc();

	if (IS_ERR(tfm)) {
		NL_SET_ERR_MSG_MOD(extack, "crypto algorithm ctr(aes) is not available");
		return PTR_ERR(tfm);
	}
	keys->cipher = tfm;
	return 0;
}

int ksrtp_keys_set(struct ksrtp_keys *keys,
		   const struct ksrtp_suite_info *suite,
		   const struct ksrtp_session_material *m, bool own_tfm,
		   struct netlink_ext_ack *extack)
{
	int err = 0;

	keys->xform = suite->xform;
	keys->key_len = suite->key_len;
	memcpy(keys->key, m->cipher_key, suite->key_len);
	memcpy(keys->salt, m->salt, suite->salt_len);
	if (suite->auth_key_len) {
		err = ksrtp_hmac_sha1_preparekey(&keys->hmac, m->auth_key,
						 suite->auth_key_len);
		if (err) {
			NL_SET_ERR_MSG_MOD(extack, "HMAC-SHA1 refused the session key");
			return err;
		}
	}
	if (suite->xform == KSRTP_XFORM_NULL_HMAC)
		return 0;
	/* Without an engine for the transform, every key owns one. */
	if (!own_tfm && ksrtp_engine_cipher_driver(suite->xform))
		return 0;

	err = suite->xform == KSRTP_XFORM_GCM ?
	      ksrtp_keys_alloc_gcm(keys, extack) :
	      ksrtp_keys_alloc_ctr(keys, extack);
	if (err)
		return err;
	if (suite->xform == KSRTP_XFORM_GCM)
		err = crypto_aead_setkey(keys->aead, keys->key, keys->key_len);
	else
		err = crypto_sync_skcipher_setkey(keys->cipher, keys->key,
						  keys->key_len);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "AES refused the session key");
		ksrtp_keys_free(keys);
	}
	return err;
}

static int ksrtp_keys_derive(struct ksrtp_keys *keys,
			     const struct ksrtp_suite_info *suite,
			     struct crypto_sync_skcipher *kdf,
			     const u8 *master_salt, u8 label_base,
			     struct ksrtp_session_material *m,
			     struct netlink_ext_ack *extack)
{
	unsigned int salt_len = suite->salt_len;
	int err;

	err = ksrtp_kdf_run(kdf, master_salt, salt_len, label_base + 0,
			    m->cipher_key, suite->key_len);
	if (!err && suite->auth_key_len)
		err = ksrtp_kdf_run(kdf, master_salt, salt_len, label_base + 1,
				    m->auth_key, suite->auth_key_len);
	if (!err)
		err = ksrtp_kdf_run(kdf, master_salt, salt_len, label_base + 2,
				    m->salt, salt_len);
	if (err) {
		NL_SET_ERR_MSG(extack, "key derivation failed");
		return err;
	}
	return ksrtp_keys_set(keys, suite, m, label_base == KSRTP_LABEL_RTP,
			      extack);
}

int ksrtp_keys_create(struct ksrtp_keys *rtp, struct ksrtp_keys *rtcp,
		      const struct ksrtp_suite_info *suite, const u8 *master_key,
		      const u8 *master_salt, struct netlink_ext_ack *extack)
{
	struct ksrtp_session_material *m;
	struct crypto_sync_skcipher *kdf;
	int err;

	m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;

	kdf = ksrtp_kdf_alloc(master_key, suite->key_len);
	if (IS_ERR(kdf)) {
		err = PTR_ERR(kdf);
		if (err == -ENOENT)
			NL_SET_ERR_MSG(extack, "crypto algorithm ctr(aes) is not available");
		else
			NL_SET_ERR_MSG(extack, "ctr(aes) refused the master key");
		goto out_free;
	}

	err = ksrtp_keys_derive(rtp, suite, kdf, master_salt, KSRTP_LABEL_RTP,
				m, extack);
	if (err)
		goto out_kdf;
	err = ksrtp_keys_derive(rtcp, suite, kdf, master_salt,
				KSRTP_LABEL_RTCP, m, extack);

out_kdf:
	crypto_free_sync_skcipher(kdf);
out_free:
	kfree_sensitive(m);
	if (err) {
		ksrtp_keys_free(rtp);
		ksrtp_keys_free(rtcp);
	}
	return err;
}

int ksrtp_hdr_keys_set(struct ksrtp_hdr_keys *hk,
		       const struct ksrtp_suite_info *suite, const u8 *key,
		       const u8 *salt)
{
	memset(hk->salt, 0, sizeof(hk->salt));
	memcpy(hk->salt, salt, suite->salt_len);
	return aes_prepareenckey(&hk->aes, key, suite->key_len);
}

struct ksrtp_hdr_keys *ksrtp_hdr_keys_create(const struct ksrtp_suite_info *suite,
					     const u8 *master_key,
					     const u8 *master_salt,
					     struct netlink_ext_ack *extack)
{
	struct ksrtp_session_material *m;
	struct crypto_sync_skcipher *kdf;
	struct ksrtp_hdr_keys *hk;
	int err;

	hk = kzalloc(sizeof(*hk), GFP_KERNEL_ACCOUNT);
	m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!hk || !m) {
		err = -ENOMEM;
		goto out_free;
	}
	kdf = ksrtp_kdf_alloc(master_key, suite->key_len);
	if (IS_ERR(kdf)) {
		err = PTR_ERR(kdf);
		NL_SET_ERR_MSG(extack, "ctr(aes) refused the master key");
		goto out_free;
	}
	err = ksrtp_kdf_run(kdf, master_salt, suite->salt_len,
			    KSRTP_LABEL_HDR_KEY, m->cipher_key,
			    suite->key_len) ?:
	      ksrtp_kdf_run(kdf, master_salt, suite->salt_len,
			    KSRTP_LABEL_HDR_SALT, m->salt, suite->salt_len) ?:
	      ksrtp_hdr_keys_set(hk, suite, m->cipher_key, m->salt);
	crypto_free_sync_skcipher(kdf);
	if (err)
		NL_SET_ERR_MSG(extack, "header key derivation failed");
out_free:
	kfree_sensitive(m);
	if (err) {
		kfree_sensitive(hk);
		return ERR_PTR(err);
	}
	return hk;
}

void ksrtp_hdr_keys_free(struct ksrtp_hdr_keys *hk)
{
	kfree_sensitive(hk);
}

/* Transform contexts are freed with kfree_sensitive(): the key schedules
 * do not outlive them. The rest is ours to wipe.
 */
void ksrtp_keys_free(struct ksrtp_keys *keys)
{
	if (keys->xform == KSRTP_XFORM_GCM && keys->aead)
		crypto_free_aead(keys->aead);
	else if (keys->xform == KSRTP_XFORM_CM_HMAC && keys->cipher)
		crypto_free_sync_skcipher(keys->cipher);
	memzero_explicit(keys, sizeof(*keys));
}

const char *ksrtp_keys_cipher_driver(const struct ksrtp_keys *keys)
{
	if (keys->xform == KSRTP_XFORM_GCM && keys->aead)
		return crypto_aead_driver_name(keys->aead);
	if (keys->xform == KSRTP_XFORM_CM_HMAC && keys->cipher)
		return crypto_skcipher_driver_name(&keys->cipher->base);
	return ksrtp_engine_cipher_driver(keys->xform) ?: "none";
}
