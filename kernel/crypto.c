// SPDX-License-Identifier: GPL-2.0
/*
 * Suites, key derivation (RFC 3711 section 4.3, RFC 6188, RFC 7714
 * section 11) and the primitives of every suite, AES-CM, HMAC-SHA1 and
 * AES-GCM, all through the kernel crypto API.
 */

#include <crypto/aead.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <linux/err.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/ksrtp.h>

#include "crypto.h"

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

int ksrtp_ctr_crypt(struct ksrtp_keys *keys, const u8 iv[16], u8 *data,
		    unsigned int len)
{
	SYNC_SKCIPHER_REQUEST_ON_STACK(req, keys->cipher);
	struct scatterlist sg;
	u8 counter[16];
	int err;

	if (!len)
		return 0;
	/* The driver advances the counter block it is given; keep @iv. */
	memcpy(counter, iv, sizeof(counter));
	sg_init_one(&sg, data, len);
	skcipher_request_set_sync_tfm(req, keys->cipher);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, &sg, &sg, len, counter);
	err = crypto_skcipher_encrypt(req);
	skcipher_request_zero(req);
	return err;
}

int ksrtp_auth_compute(struct ksrtp_keys *keys, const u8 *data,
		       unsigned int len, const u8 *trailer,
		       unsigned int trailer_len, u8 mac[KSRTP_MAX_TAG_LEN])
{
	SHASH_DESC_ON_STACK(desc, keys->auth);
	int err;

	desc->tfm = keys->auth;
	err = crypto_shash_init(desc);
	if (!err)
		err = crypto_shash_update(desc, data, len);
	if (!err && trailer_len)
		err = crypto_shash_update(desc, trailer, trailer_len);
	if (!err)
		err = crypto_shash_final(desc, mac);
	shash_desc_zero(desc);
	return err;
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
	SYNC_SKCIPHER_REQUEST_ON_STACK(req, tfm);
	struct scatterlist sg;
	u8 iv[16] = {};
	int err;

	memcpy(iv, master_salt, salt_len);
	iv[7] ^= label;
	memset(buf, 0, len);
	sg_init_one(&sg, buf, len);
	skcipher_request_set_sync_tfm(req, tfm);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, &sg, &sg, len, iv);
	err = crypto_skcipher_encrypt(req);
	skcipher_request_zero(req);
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

/* Session key material as it comes out of the KDF, heap-allocated. */
struct ksrtp_session_material {
	u8 cipher_key[KSRTP_MAX_KEY_LEN];
	u8 auth_key[KSRTP_HMAC_SHA1_KEY_LEN];
};

static int ksrtp_keys_init_cipher(struct ksrtp_keys *keys, const u8 *key,
				  unsigned int key_len,
				  struct netlink_ext_ack *extack)
{
	keys->cipher = crypto_alloc_sync_skcipher("ctr(aes)", 0, 0);
	if (IS_ERR(keys->cipher)) {
		int err = PTR_ERR(keys->cipher);

		keys->cipher = NULL;
		NL_SET_ERR_MSG(extack, "crypto algorithm ctr(aes) is not available");
		return err;
	}
	if (crypto_sync_skcipher_setkey(keys->cipher, key, key_len)) {
		NL_SET_ERR_MSG(extack, "ctr(aes) refused the session key");
		return -EINVAL;
	}
	return 0;
}

static int ksrtp_keys_init_auth(struct ksrtp_keys *keys, const u8 *key,
				unsigned int key_len,
				struct netlink_ext_ack *extack)
{
	keys->auth = crypto_alloc_shash("hmac(sha1)", 0, 0);
	if (IS_ERR(keys->auth)) {
		int err = PTR_ERR(keys->auth);

		keys->auth = NULL;
		NL_SET_ERR_MSG(extack, "crypto algorithm hmac(sha1) is not available");
		return err;
	}
	if (crypto_shash_setkey(keys->auth, key, key_len)) {
		NL_SET_ERR_MSG(extack, "hmac(sha1) refused the session key");
		return -EINVAL;
	}
	return 0;
}

/*
 * A synchronous gcm(aes): requests are served from a per-CPU scratch
 * area, so the transform's request must fit there.
 */
static int ksrtp_keys_init_aead(struct ksrtp_keys *keys, const u8 *key,
				unsigned int key_len,
				struct netlink_ext_ack *extack)
{
	keys->aead = crypto_alloc_aead("gcm(aes)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(keys->aead)) {
		int err = PTR_ERR(keys->aead);

		keys->aead = NULL;
		NL_SET_ERR_MSG(extack, "crypto algorithm gcm(aes) is not available");
		return err;
	}
	if (sizeof(struct aead_request) + crypto_aead_reqsize(keys->aead) >
	    KSRTP_AEAD_REQ_MAX) {
		NL_SET_ERR_MSG(extack, "gcm(aes) needs a larger request than ksrtp reserves");
		return -EOPNOTSUPP;
	}
	if (crypto_aead_setauthsize(keys->aead, KSRTP_GCM_TAG_LEN) ||
	    crypto_aead_setkey(keys->aead, key, key_len)) {
		NL_SET_ERR_MSG(extack, "gcm(aes) refused the session key");
		return -EINVAL;
	}
	return 0;
}

static int ksrtp_keys_init(struct ksrtp_keys *keys,
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
				    keys->salt, salt_len);
	if (err) {
		NL_SET_ERR_MSG(extack, "key derivation failed");
		return err;
	}

	switch (suite->xform) {
	case KSRTP_XFORM_GCM:
		return ksrtp_keys_init_aead(keys, m->cipher_key, suite->key_len,
					    extack);
	case KSRTP_XFORM_CM_HMAC:
		err = ksrtp_keys_init_cipher(keys, m->cipher_key,
					     suite->key_len, extack);
		if (err)
			return err;
		break;
	case KSRTP_XFORM_NULL_HMAC:
		break;
	}
	return ksrtp_keys_init_auth(keys, m->auth_key, suite->auth_key_len,
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

	err = ksrtp_keys_init(rtp, suite, kdf, master_salt, KSRTP_LABEL_RTP,
			      m, extack);
	if (err)
		goto out_kdf;
	err = ksrtp_keys_init(rtcp, suite, kdf, master_salt, KSRTP_LABEL_RTCP,
			      m, extack);

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

/* Transform contexts are freed with kfree_sensitive(): the key schedules
 * do not outlive them. The salt is ours to wipe.
 */
void ksrtp_keys_free(struct ksrtp_keys *keys)
{
	if (keys->cipher)
		crypto_free_sync_skcipher(keys->cipher);
	if (keys->auth)
		crypto_free_shash(keys->auth);
	if (keys->aead)
		crypto_free_aead(keys->aead);
	keys->cipher = NULL;
	keys->auth = NULL;
	keys->aead = NULL;
	memzero_explicit(keys->salt, sizeof(keys->salt));
}

const char *ksrtp_keys_cipher_driver(const struct ksrtp_keys *keys)
{
	if (keys->aead)
		return crypto_aead_driver_name(keys->aead);
	if (keys->cipher)
		return crypto_skcipher_driver_name(&keys->cipher->base);
	return "none";
}

/* An AEAD authenticates with its own transform. */
const char *ksrtp_keys_auth_driver(const struct ksrtp_keys *keys)
{
	if (keys->aead)
		return crypto_aead_driver_name(keys->aead);
	return crypto_tfm_alg_driver_name(crypto_shash_tfm(keys->auth));
}

/*
 * Per-CPU room for one AEAD request, its scatterlist and IV: the data
 * path allocates nothing. Used with BHs off, so a CPU's area has one user
 * at a time (softirq ingress cannot interrupt an egress user).
 */
struct ksrtp_aead_scratch {
	struct scatterlist sg[4];
	u8 iv[KSRTP_GCM_IV_LEN];
	u8 req[KSRTP_AEAD_REQ_MAX] __aligned(CRYPTO_MINALIGN);
};

static struct ksrtp_aead_scratch __percpu *ksrtp_aead_scratch;

int ksrtp_aead_crypt(struct ksrtp_keys *keys, bool encrypt,
		     const u8 iv[KSRTP_GCM_IV_LEN], u8 *aad, unsigned int aad_len,
		     u8 *aad2, unsigned int aad2_len, u8 *data,
		     unsigned int len)
{
	struct ksrtp_aead_scratch *sc;
	struct aead_request *req;
	unsigned int n = 0;
	int err;

	local_bh_disable();
	sc = this_cpu_ptr(ksrtp_aead_scratch);
	req = (struct aead_request *)sc->req;
	sg_init_table(sc->sg, aad2_len ? 3 : 2);
	sg_set_buf(&sc->sg[n++], aad, aad_len);
	if (aad2_len)
		sg_set_buf(&sc->sg[n++], aad2, aad2_len);
	sg_set_buf(&sc->sg[n], data, len + KSRTP_GCM_TAG_LEN);
	memcpy(sc->iv, iv, KSRTP_GCM_IV_LEN);

	aead_request_set_tfm(req, keys->aead);
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, aad_len + aad2_len);
	aead_request_set_crypt(req, sc->sg, sc->sg,
			       encrypt ? len : len + KSRTP_GCM_TAG_LEN, sc->iv);
	err = encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	memzero_explicit(req, sizeof(*req) + crypto_aead_reqsize(keys->aead));
	local_bh_enable();
	return err;
}

int ksrtp_crypto_init(void)
{
	ksrtp_aead_scratch = alloc_percpu(struct ksrtp_aead_scratch);
	return ksrtp_aead_scratch ? 0 : -ENOMEM;
}

void ksrtp_crypto_exit(void)
{
	free_percpu(ksrtp_aead_scratch);
}
