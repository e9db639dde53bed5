// SPDX-License-Identifier: GPL-2.0
/*
 * The data path's crypto: which transform processes a packet, the per-CPU
 * engines that are keyed for each packet, HMAC-SHA1 continued from
 * precomputed states, and AES-GCM that puts failed packets back as they
 * came. Nothing here allocates or sleeps; see struct ksrtp_keys for the
 * design.
 */

#include <asm/simd.h>
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <crypto/internal/simd.h>
#include <crypto/sha1.h>
#include <crypto/skcipher.h>
#include <linux/err.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "crypto.h"
#include "soft.h"

/*
 * Per-CPU engines and scratch space. Used only with BHs off, so each CPU's
 * copy has one user at a time (softirq ingress cannot interrupt an egress
 * user). An engine is keyed for one packet and wiped (keyed with zeros)
 * right after it, so no session key stays in it. Each CPU's engine comes
 * from kmalloc, not from the per-CPU allocator: scatterlists describe
 * @aad and the request context (where a driver may keep buffers of its
 * own), and per-CPU memory need not be in the linear map.
 */
struct ksrtp_engine {
	struct crypto_sync_skcipher *ctr;	/* ctr(aes) */
	struct crypto_aead *gcm;		/* gcm(aes), or NULL */
	struct crypto_aes_ctx aes;		/* soft.c's key schedule */
	struct scatterlist sg[2];
	u8 iv[AES_BLOCK_SIZE];
	u8 aad[KSRTP_AAD_MAX];
	u8 req[KSRTP_AEAD_REQ_MAX] __aligned(CRYPTO_MINALIGN);
};

/* Set once at load, read-only afterwards. */
static struct ksrtp_engine **ksrtp_engines;	/* by CPU number */
static struct crypto_shash *ksrtp_sha1;
static char ksrtp_auth_name[CRYPTO_MAX_ALG_NAME + 8];
static bool ksrtp_ctr_simd;		/* the ctr engines need SIMD */
static bool ksrtp_gcm_simd;		/* ... the gcm engines */
static bool ksrtp_gcm_dirty_internal;	/* a failed decryption writes */
static bool ksrtp_gcm_dirty_other;

static const u8 ksrtp_zero_key[AES_KEYSIZE_128];

/* This CPU's engine; BHs off. */
static struct ksrtp_engine *ksrtp_engine_this(void)
{
	return ksrtp_engines[smp_processor_id()];
}

#ifdef KSRTP_SELFTEST
int ksrtp_force_path;
#endif

enum ksrtp_use {
	KSRTP_USE_KEY,		/* the key's own transform */
	KSRTP_USE_ENGINE,	/* this CPU's engine, keyed for the packet */
	KSRTP_USE_SOFT,		/* the AES library */
};

static enum ksrtp_use ksrtp_pick(bool own, bool own_simd, bool engine,
				 bool engine_simd)
{
	bool simd = crypto_simd_usable();

#ifdef KSRTP_SELFTEST
	if (ksrtp_force_path == KSRTP_PATH_SOFT)
		return KSRTP_USE_SOFT;
	if (ksrtp_force_path == KSRTP_PATH_ENGINE && engine &&
	    (simd || !engine_simd))
		return KSRTP_USE_ENGINE;
#endif
	if (own && (simd || !own_simd))
		return KSRTP_USE_KEY;
	if (engine && (simd || !engine_simd))
		return KSRTP_USE_ENGINE;
	return KSRTP_USE_SOFT;
}

int ksrtp_ctr_run(struct crypto_sync_skcipher *tfm, u8 *iv, u8 *data,
		  unsigned int len)
{
	SYNC_SKCIPHER_REQUEST_ON_STACK(req, tfm);
	struct scatterlist sg;
	int err;

	sg_init_one(&sg, data, len);
	skcipher_request_set_sync_tfm(req, tfm);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, &sg, &sg, len, iv);
	err = crypto_skcipher_encrypt(req);
	skcipher_request_zero(req);
	return err;
}

int ksrtp_ctr_crypt(const struct ksrtp_keys *keys, const u8 iv[16], u8 *data,
		    unsigned int len)
{
	struct ksrtp_engine *e;
	int err;

	if (!len)
		return 0;
	local_bh_disable();
	e = ksrtp_engine_this();
	/* The transforms advance the counter block they are given. */
	memcpy(e->iv, iv, AES_BLOCK_SIZE);
	switch (ksrtp_pick(keys->cipher, keys->simd, true, ksrtp_ctr_simd)) {
	case KSRTP_USE_KEY:
		err = ksrtp_ctr_run(keys->cipher, e->iv, data, len);
		break;
	case KSRTP_USE_ENGINE:
		err = crypto_sync_skcipher_setkey(e->ctr, keys->key,
						  keys->key_len) ?:
		      ksrtp_ctr_run(e->ctr, e->iv, data, len);
		crypto_sync_skcipher_setkey(e->ctr, ksrtp_zero_key,
					    sizeof(ksrtp_zero_key));
		break;
	default:
		err = ksrtp_soft_ctr(&e->aes, keys->key, keys->key_len, e->iv,
				     data, len);
	}
	local_bh_enable();
	return err;
}

/*
 * Resume SHA-1 from @h, the chaining state after one block: the import
 * format of every sha1 driver is struct sha1_state (checked at load).
 */
static int ksrtp_sha1_resume(struct shash_desc *desc, struct sha1_state *st,
			     const u32 h[KSRTP_SHA1_WORDS])
{
	memcpy(st->state, h, sizeof(st->state));
	st->count = SHA1_BLOCK_SIZE;
	return crypto_shash_import(desc, st);
}

int ksrtp_auth_compute(const struct ksrtp_keys *keys, const u8 *data,
		       unsigned int len, const u8 *trailer,
		       unsigned int trailer_len, u8 mac[KSRTP_MAX_TAG_LEN])
{
	SHASH_DESC_ON_STACK(desc, ksrtp_sha1);
	struct sha1_state st = {};
	u8 inner[SHA1_DIGEST_SIZE];
	int err;

	desc->tfm = ksrtp_sha1;
	err = ksrtp_sha1_resume(desc, &st, keys->hmac[0]) ?:
	      crypto_shash_update(desc, data, len) ?:
	      (trailer_len ? crypto_shash_update(desc, trailer, trailer_len) : 0) ?:
	      crypto_shash_final(desc, inner) ?:
	      ksrtp_sha1_resume(desc, &st, keys->hmac[1]) ?:
	      crypto_shash_finup(desc, inner, sizeof(inner), mac);
	memzero_explicit(inner, sizeof(inner));
	memzero_explicit(&st, sizeof(st));
	shash_desc_zero(desc);
	return err;
}

static int ksrtp_gcm_run(struct ksrtp_engine *e, struct crypto_aead *tfm,
			 bool encrypt, u8 *aad, unsigned int aad_len, u8 *data,
			 unsigned int len)
{
	struct aead_request *req = (struct aead_request *)e->req;
	int err;

	sg_init_table(e->sg, 2);
	sg_set_buf(&e->sg[0], aad, aad_len);
	sg_set_buf(&e->sg[1], data, len + KSRTP_GCM_TAG_LEN);
	aead_request_set_tfm(req, tfm);
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, aad_len);
	aead_request_set_crypt(req, e->sg, e->sg,
			       encrypt ? len : len + KSRTP_GCM_TAG_LEN, e->iv);
	err = encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	memzero_explicit(req, sizeof(*req) + crypto_aead_reqsize(tfm));
	return err;
}

static int ksrtp_gcm_do(const struct ksrtp_keys *keys, struct ksrtp_engine *e,
			enum ksrtp_use use, bool encrypt,
			const u8 iv[KSRTP_GCM_IV_LEN], u8 *aad,
			unsigned int aad_len, u8 *data, unsigned int len)
{
	int err;

	memcpy(e->iv, iv, KSRTP_GCM_IV_LEN);
	switch (use) {
	case KSRTP_USE_KEY:
		return ksrtp_gcm_run(e, keys->aead, encrypt, aad, aad_len,
				     data, len);
	case KSRTP_USE_ENGINE:
		err = crypto_aead_setkey(e->gcm, keys->key, keys->key_len) ?:
		      ksrtp_gcm_run(e, e->gcm, encrypt, aad, aad_len, data,
				    len);
		crypto_aead_setkey(e->gcm, ksrtp_zero_key,
				   sizeof(ksrtp_zero_key));
		return err;
	default:
		return ksrtp_soft_gcm(&e->aes, keys->key, keys->key_len, e->iv,
				      encrypt, aad, aad_len, data, len);
	}
}

/* Whether the transform @use picks leaves plaintext after a bad tag. */
static bool ksrtp_gcm_dirty(const struct ksrtp_keys *keys, enum ksrtp_use use)
{
	if (use == KSRTP_USE_SOFT)
		return false;
	if (use == KSRTP_USE_ENGINE || keys->simd)
		return ksrtp_gcm_dirty_internal;
	return ksrtp_gcm_dirty_other;
}

/*
 * A failed packet has been decrypted in place by most drivers all the
 * same (each driver kind is probed at load). Put it back as it came:
 * encrypting again under the same IV restores the ciphertext (counter
 * mode is its own inverse) and the saved tag replaces the one this
 * writes. So a failed packet reveals nothing, can be tried with another
 * ROC, or passed on unchanged (optional policy).
 */
static int ksrtp_aead(const struct ksrtp_keys *keys, bool encrypt,
		      const u8 iv[KSRTP_GCM_IV_LEN], u8 *aad,
		      unsigned int aad_len, u8 *aad2, unsigned int aad2_len,
		      u8 *data, unsigned int len)
{
	u8 tag[KSRTP_GCM_TAG_LEN];
	struct ksrtp_engine *e;
	enum ksrtp_use use;
	int err;

	local_bh_disable();
	e = ksrtp_engine_this();
	/* Drivers want the AAD in one piece, or copy it to a fresh buffer. */
	if (aad2_len) {
		err = -EINVAL;
		if (aad_len + aad2_len > KSRTP_AAD_MAX)
			goto out;
		memcpy(e->aad, aad, aad_len);
		memcpy(e->aad + aad_len, aad2, aad2_len);
		aad = e->aad;
		aad_len += aad2_len;
	}
	use = ksrtp_pick(keys->aead, keys->simd, e->gcm, ksrtp_gcm_simd);
	if (encrypt) {
		err = ksrtp_gcm_do(keys, e, use, true, iv, aad, aad_len, data,
				   len);
		goto out;
	}
	memcpy(tag, data + len, sizeof(tag));
	err = ksrtp_gcm_do(keys, e, use, false, iv, aad, aad_len, data, len);
	if (err == -EBADMSG && ksrtp_gcm_dirty(keys, use)) {
		if (ksrtp_gcm_do(keys, e, use, true, iv, aad, aad_len, data,
				 len)) {
			memzero_explicit(data, len);
			err = -EIO;
		}
		memcpy(data + len, tag, sizeof(tag));
	}
out:
	local_bh_enable();
	return err;
}

int ksrtp_aead_seal(const struct ksrtp_keys *keys,
		    const u8 iv[KSRTP_GCM_IV_LEN], u8 *aad, unsigned int aad_len,
		    u8 *aad2, unsigned int aad2_len, u8 *data, unsigned int len)
{
	return ksrtp_aead(keys, true, iv, aad, aad_len, aad2, aad2_len, data,
			  len);
}

int ksrtp_aead_open(const struct ksrtp_keys *keys,
		    const u8 iv[KSRTP_GCM_IV_LEN], u8 *aad, unsigned int aad_len,
		    u8 *aad2, unsigned int aad2_len, u8 *data, unsigned int len)
{
	return ksrtp_aead(keys, false, iv, aad, aad_len, aad2, aad2_len, data,
			  len);
}

struct crypto_shash *ksrtp_engine_sha1(void)
{
	return ksrtp_sha1;
}

const char *ksrtp_engine_cipher_driver(enum ksrtp_transform xform)
{
	struct ksrtp_engine *e = ksrtp_engines[0];

	switch (xform) {
	case KSRTP_XFORM_CM_HMAC:
		return crypto_skcipher_driver_name(&e->ctr->base);
	case KSRTP_XFORM_GCM:
		return e->gcm ? crypto_aead_driver_name(e->gcm) : NULL;
	default:
		return NULL;
	}
}

/* An AEAD authenticates with its own transform. */
const char *ksrtp_keys_auth_driver(const struct ksrtp_keys *keys)
{
	if (keys->xform == KSRTP_XFORM_GCM)
		return ksrtp_keys_cipher_driver(keys);
	return ksrtp_auth_name;
}

/* Does a decryption with a bad tag leave the buffer changed? */
static int ksrtp_gcm_probe(struct crypto_aead *tfm, bool *dirty)
{
	static const u8 iv[KSRTP_GCM_IV_LEN];
	unsigned int len = 2 * AES_BLOCK_SIZE;
	u8 *buf = kzalloc(len + KSRTP_GCM_TAG_LEN, GFP_KERNEL);
	struct ksrtp_engine *e;
	int err;

	if (!buf)
		return -ENOMEM;
	err = crypto_aead_setauthsize(tfm, KSRTP_GCM_TAG_LEN) ?:
	      crypto_aead_setkey(tfm, ksrtp_zero_key, sizeof(ksrtp_zero_key));
	if (!err) {
		local_bh_disable();
		e = ksrtp_engine_this();
		memcpy(e->iv, iv, sizeof(iv));
		err = ksrtp_gcm_run(e, tfm, false, buf, 8, buf + 8, len - 8);
		local_bh_enable();
		*dirty = memchr_inv(buf, 0, len);
		if (err == -EBADMSG)
			err = 0;
		else if (!err)
			err = -EIO;	/* a zero tag cannot be right */
	}
	kfree(buf);
	return err;
}

/* The internal (SIMD-only) form of @name if there is one, else any sync. */
static struct crypto_aead *ksrtp_alloc_gcm(bool internal_only, bool *simd)
{
	struct crypto_aead *tfm;

	tfm = crypto_alloc_aead("__gcm(aes)", CRYPTO_ALG_INTERNAL,
				CRYPTO_ALG_INTERNAL | CRYPTO_ALG_ASYNC);
	*simd = !IS_ERR(tfm);
	if (IS_ERR(tfm) && !internal_only)
		tfm = crypto_alloc_aead("gcm(aes)", 0, CRYPTO_ALG_ASYNC);
	if (!IS_ERR(tfm) && sizeof(struct aead_request) +
	    crypto_aead_reqsize(tfm) > KSRTP_AEAD_REQ_MAX) {
		crypto_free_aead(tfm);
		tfm = ERR_PTR(-EOPNOTSUPP);
	}
	return tfm;
}

static void ksrtp_engines_free(void)
{
	struct ksrtp_engine *e;
	int cpu;

	for_each_possible_cpu(cpu) {
		e = ksrtp_engines[cpu];
		if (!e)
			continue;
		if (!IS_ERR_OR_NULL(e->ctr))
			crypto_free_sync_skcipher(e->ctr);
		if (e->gcm)
			crypto_free_aead(e->gcm);
		kfree_sensitive(e);
	}
	kfree(ksrtp_engines);
	ksrtp_engines = NULL;
}

/*
 * One ctr(aes) engine per CPU, of the SIMD implementation where there is
 * one; a gcm(aes) engine only of the SIMD one (the generic gcm template
 * allocates when it is keyed, so it cannot be keyed per packet: without
 * it every key owns its transform).
 */
static int ksrtp_engines_alloc(void)
{
	struct ksrtp_engine *e;
	int err = -ENOENT;
	bool simd;
	int cpu;

	ksrtp_engines = kcalloc(nr_cpu_ids, sizeof(*ksrtp_engines), GFP_KERNEL);
	if (!ksrtp_engines)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		e = kzalloc_node(sizeof(*e), GFP_KERNEL, cpu_to_node(cpu));
		if (!e) {
			err = -ENOMEM;
			goto err;
		}
		ksrtp_engines[cpu] = e;
		e->ctr = crypto_alloc_sync_skcipher("__ctr(aes)",
						    CRYPTO_ALG_INTERNAL,
						    CRYPTO_ALG_INTERNAL);
		ksrtp_ctr_simd = !IS_ERR(e->ctr);
		if (IS_ERR(e->ctr))
			e->ctr = crypto_alloc_sync_skcipher("ctr(aes)", 0, 0);
		if (IS_ERR(e->ctr))
			goto err;
		e->gcm = ksrtp_alloc_gcm(true, &simd);
		if (IS_ERR(e->gcm))
			e->gcm = NULL;
		else if (crypto_aead_setauthsize(e->gcm, KSRTP_GCM_TAG_LEN))
			goto err;
	}
	e = ksrtp_engines[0];
	ksrtp_gcm_simd = e->gcm;
	return 0;

err:
	ksrtp_engines_free();
	return err;
}

static int ksrtp_gcm_probe_all(void)
{
	struct crypto_aead *tfm;
	bool simd;
	int err;

	ksrtp_gcm_dirty_internal = true;
	ksrtp_gcm_dirty_other = true;
	tfm = ksrtp_alloc_gcm(true, &simd);
	if (!IS_ERR(tfm)) {
		err = ksrtp_gcm_probe(tfm, &ksrtp_gcm_dirty_internal);
		crypto_free_aead(tfm);
		if (err)
			return err;
	}
	tfm = crypto_alloc_aead("gcm(aes)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm))
		return 0;	/* keys that need it will fail to be made */
	err = ksrtp_gcm_probe(tfm, &ksrtp_gcm_dirty_other);
	crypto_free_aead(tfm);
	return err;
}

int ksrtp_crypto_init(void)
{
	int err;

	ksrtp_sha1 = crypto_alloc_shash("sha1", 0, 0);
	if (IS_ERR(ksrtp_sha1))
		return PTR_ERR(ksrtp_sha1);
	err = -EOPNOTSUPP;
	if (crypto_shash_statesize(ksrtp_sha1) != sizeof(struct sha1_state))
		goto err_sha1;
	snprintf(ksrtp_auth_name, sizeof(ksrtp_auth_name), "hmac(%s)",
		 crypto_shash_driver_name(ksrtp_sha1));
	err = ksrtp_engines_alloc();
	if (err)
		goto err_sha1;
	err = ksrtp_gcm_probe_all();
	if (err)
		goto err_engines;
	return 0;

err_engines:
	ksrtp_engines_free();
err_sha1:
	crypto_free_shash(ksrtp_sha1);
	return err;
}

void ksrtp_crypto_exit(void)
{
	ksrtp_engines_free();
	crypto_free_shash(ksrtp_sha1);
}
