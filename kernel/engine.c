// SPDX-License-Identifier: GPL-2.0
/*
 * The data path's crypto: which implementation of AES-CTR and AES-GCM the
 * keys use, which transform processes a packet, the per-CPU engines that
 * are keyed for each packet, HMAC-SHA1 from precomputed states, and
 * AES-GCM that puts failed packets back as they came. Nothing on the
 * packet path allocates or sleeps; see struct ksrtp_keys for the design.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/simd.h>
#include <crypto/algapi.h>
#include <crypto/aead.h>
#include <crypto/internal/simd.h>
#include <crypto/skcipher.h>
#include <linux/err.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "compat.h"
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
	struct aes_enckey aes;			/* soft.c's key schedule */
	struct scatterlist sg[2];
	u8 iv[AES_BLOCK_SIZE];
	u8 aad[KSRTP_AAD_MAX];
	u8 req[KSRTP_AEAD_REQ_MAX] __aligned(CRYPTO_MINALIGN);
};

/*
 * An implementation of ctr(aes) or gcm(aes), chosen at load for all keys
 * and engines alike and allocated by driver name, so that every transform
 * is of the implementation that was probed and is reported.
 */
struct ksrtp_impl {
	char driver[CRYPTO_MAX_ALG_NAME];	/* empty: none */
	u32 type;		/* CRYPTO_ALG_INTERNAL or 0 */
	bool simd;		/* runs only where SIMD is usable */
};

/* Set once at load, read-only afterwards. */
static struct ksrtp_engine **ksrtp_engines;	/* by CPU number */
static struct ksrtp_impl ksrtp_ctr_impl;
static struct ksrtp_impl ksrtp_gcm_impl;
static bool ksrtp_gcm_writes_on_failure;		/* a failed decryption writes */

static const u8 ksrtp_zero_key[AES_KEYSIZE_128];

/* This CPU's engine; BHs off. */
static struct ksrtp_engine *ksrtp_engine_this(void)
{
	return ksrtp_engines[smp_processor_id()];
}

#ifdef KSRTP_SELFTEST
int ksrtp_force_path;
#endif

/* What runs one packet's cipher. */
enum ksrtp_runner {
	KSRTP_RUN_KEY_TFM,	/* the key's own transform */
	KSRTP_RUN_ENGINE,	/* this CPU's engine, keyed for the packet */
	KSRTP_RUN_AES_LIB,	/* the AES library (aes_lib.c) */
};

/*
 * What runs this packet's cipher. @own: the key has a transform;
 * @engine: there are engines; @impl: their implementation (the keys' and
 * the engines' are the same).
 */
static enum ksrtp_runner ksrtp_runner_for(bool own, bool engine,
					  const struct ksrtp_impl *impl)
{
	bool usable = !impl->simd || crypto_simd_usable();

#ifdef KSRTP_SELFTEST
	if (ksrtp_force_path == KSRTP_PATH_SOFT)
		return KSRTP_RUN_AES_LIB;
	if (ksrtp_force_path == KSRTP_PATH_ENGINE && engine && usable)
		return KSRTP_RUN_ENGINE;
#endif
	if (own && usable)
		return KSRTP_RUN_KEY_TFM;
	if (engine && usable)
		return KSRTP_RUN_ENGINE;
	return KSRTP_RUN_AES_LIB;
}

/* IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), RFC 3711 4.1.1 */
static void ksrtp_cm_iv(u8 iv[AES_BLOCK_SIZE], const u8 *salt,
			const u8 *ssrc, u64 index)
{
	unsigned int i;

	memcpy(iv, salt, KSRTP_AES_CM_SALT_LEN);
	iv[14] = 0;
	iv[15] = 0;
	for (i = 0; i < 4; i++)
		iv[4 + i] ^= ssrc[i];
	for (i = 0; i < 6; i++)
		iv[13 - i] ^= index >> (8 * i);
}

/*
 * RFC 7714 sections 8.1 and 9.1: IV = salt XOR (00 00 || SSRC || ROC ||
 * SEQ) for SRTP, salt XOR (00 00 || SSRC || 00 00 || 0 || index) for
 * SRTCP; both are (SSRC << 64) | low 48 bits, as for AES-CM.
 */
static void ksrtp_gcm_iv(u8 iv[KSRTP_GCM_IV_LEN], const u8 *salt,
			 const u8 *ssrc, u64 index)
{
	unsigned int i;

	memcpy(iv, salt, KSRTP_GCM_IV_LEN);
	for (i = 0; i < 4; i++)
		iv[2 + i] ^= ssrc[i];
	for (i = 0; i < 6; i++)
		iv[11 - i] ^= index >> (8 * i);
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
	switch (ksrtp_runner_for(keys->cipher, true, &ksrtp_ctr_impl)) {
	case KSRTP_RUN_KEY_TFM:
		err = ksrtp_ctr_run(keys->cipher, e->iv, data, len);
		break;
	case KSRTP_RUN_ENGINE:
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
			enum ksrtp_runner run, bool encrypt,
			const u8 iv[KSRTP_GCM_IV_LEN], u8 *aad,
			unsigned int aad_len, u8 *data, unsigned int len)
{
	int err;

	memcpy(e->iv, iv, KSRTP_GCM_IV_LEN);
	switch (run) {
	case KSRTP_RUN_KEY_TFM:
		return ksrtp_gcm_run(e, keys->aead, encrypt, aad, aad_len,
				     data, len);
	case KSRTP_RUN_ENGINE:
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

/*
 * AES-GCM over @op in place: the clear part and @op->extra are the
 * associated data, the data is encrypted, the tag follows it.
 *
 * A failed packet has been decrypted in place by most drivers all the
 * same (each driver kind is probed at load). Put it back as it came:
 * encrypting again under the same IV restores the ciphertext (counter
 * mode is its own inverse) and the saved tag replaces the one this
 * writes. So a failed packet reveals nothing, can be tried with another
 * ROC, or passed on unchanged (optional policy).
 */
static int ksrtp_gcm_crypt(const struct ksrtp_keys *keys, bool encrypt,
			   const struct ksrtp_crypt *op)
{
	u8 *data = op->buf + op->clear_len;
	unsigned int aad_len = op->clear_len;
	u8 iv[KSRTP_GCM_IV_LEN];
	u8 tag[KSRTP_GCM_TAG_LEN];
	struct ksrtp_engine *e;
	enum ksrtp_runner run;
	u8 *aad = op->buf;
	int err;

	if (WARN_ON_ONCE(op->tag != data + op->data_len ||
			 op->tag_len != KSRTP_GCM_TAG_LEN))
		return -EINVAL;
	ksrtp_gcm_iv(iv, keys->salt, op->ssrc, op->index);
	local_bh_disable();
	e = ksrtp_engine_this();
	/* Drivers want the AAD in one piece, or copy it to a fresh buffer. */
	if (op->extra_len) {
		err = -EINVAL;
		if (aad_len + op->extra_len > KSRTP_AAD_MAX)
			goto out;
		memcpy(e->aad, aad, aad_len);
		memcpy(e->aad + aad_len, op->extra, op->extra_len);
		aad = e->aad;
		aad_len += op->extra_len;
	}
	run = ksrtp_runner_for(keys->aead, e->gcm, &ksrtp_gcm_impl);
	if (encrypt) {
		err = ksrtp_gcm_do(keys, e, run, true, iv, aad, aad_len, data,
				   op->data_len);
		goto out;
	}
	memcpy(tag, op->tag, sizeof(tag));
	err = ksrtp_gcm_do(keys, e, run, false, iv, aad, aad_len, data,
			   op->data_len);
	/* aes_lib.c checks the tag before it decrypts. */
	if (err == -EBADMSG && run != KSRTP_RUN_AES_LIB &&
	    ksrtp_gcm_writes_on_failure) {
		if (ksrtp_gcm_do(keys, e, run, true, iv, aad, aad_len, data,
				 op->data_len)) {
			memzero_explicit(data, op->data_len);
			err = -EIO;
		}
		memcpy(op->tag, tag, sizeof(tag));
	}
out:
	local_bh_enable();
	return err;
}

/* AES-CM over @op's data: encryption and decryption alike; NULL: none. */
static int ksrtp_cm_crypt(const struct ksrtp_keys *keys,
			  const struct ksrtp_crypt *op)
{
	u8 iv[AES_BLOCK_SIZE];

	if (keys->xform != KSRTP_XFORM_CM_HMAC)
		return 0;
	ksrtp_cm_iv(iv, keys->salt, op->ssrc, op->index);
	return ksrtp_ctr_crypt(keys, iv, op->buf + op->clear_len, op->data_len);
}

/* The full HMAC-SHA1 of the clear part, the data and @op->extra. */
static int ksrtp_hmac_of(const struct ksrtp_keys *keys,
			 const struct ksrtp_crypt *op, u8 mac[KSRTP_MAX_TAG_LEN])
{
	return ksrtp_hmac_sha1(&keys->hmac, op->buf,
			       op->clear_len + op->data_len, op->extra,
			       op->extra_len, mac);
}

int ksrtp_seal(const struct ksrtp_keys *keys, const struct ksrtp_crypt *op)
{
	u8 mac[KSRTP_MAX_TAG_LEN];
	int err;

	if (keys->xform == KSRTP_XFORM_GCM)
		return ksrtp_gcm_crypt(keys, true, op);
	/* Encrypt, then authenticate the ciphertext (RFC 3711 3.3). */
	err = ksrtp_cm_crypt(keys, op) ?: ksrtp_hmac_of(keys, op, mac);
	if (!err)
		memcpy(op->tag, mac, op->tag_len);
	memzero_explicit(mac, sizeof(mac));
	return err;
}

int ksrtp_open(const struct ksrtp_keys *keys, const struct ksrtp_crypt *op)
{
	u8 mac[KSRTP_MAX_TAG_LEN];
	int err;

	if (keys->xform == KSRTP_XFORM_GCM)
		return ksrtp_gcm_crypt(keys, false, op);
	/* Verify first, in constant time: nothing is decrypted unless. */
	err = ksrtp_hmac_of(keys, op, mac);
	if (!err && crypto_memneq(mac, op->tag, op->tag_len))
		err = -EBADMSG;
	memzero_explicit(mac, sizeof(mac));
	return err ?: ksrtp_cm_crypt(keys, op);
}

/* The engines' implementation of @xform's cipher, or NULL without one. */
const char *ksrtp_engine_cipher_driver(enum ksrtp_transform xform)
{
	switch (xform) {
	case KSRTP_XFORM_CM_HMAC:
		return ksrtp_ctr_impl.driver;
	case KSRTP_XFORM_GCM:
		return ksrtp_engines[0]->gcm ? ksrtp_gcm_impl.driver : NULL;
	default:
		return NULL;
	}
}

/* An AEAD authenticates with its own transform. */
const char *ksrtp_keys_auth_driver(const struct ksrtp_keys *keys)
{
	if (keys->xform == KSRTP_XFORM_GCM)
		return ksrtp_keys_cipher_driver(keys);
	return ksrtp_hmac_sha1_driver();
}

struct crypto_sync_skcipher *ksrtp_ctr_alloc(void)
{
	const struct ksrtp_impl *impl = &ksrtp_ctr_impl;

	return crypto_alloc_sync_skcipher(impl->driver, impl->type,
					  impl->type);
}

struct crypto_aead *ksrtp_gcm_alloc(void)
{
	const struct ksrtp_impl *impl = &ksrtp_gcm_impl;
	struct crypto_aead *tfm;
	int err;

	if (!impl->driver[0])
		return ERR_PTR(-ENOENT);
	tfm = crypto_alloc_aead(impl->driver, impl->type,
				impl->type | CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm))
		return tfm;
	/* Checked at load; a module reloaded since may differ. */
	err = -EOPNOTSUPP;
	if (sizeof(struct aead_request) + crypto_aead_reqsize(tfm) >
	    KSRTP_AEAD_REQ_MAX)
		goto err_free;
	err = crypto_aead_setauthsize(tfm, KSRTP_GCM_TAG_LEN);
	if (err)
		goto err_free;
	return tfm;

err_free:
	crypto_free_aead(tfm);
	return ERR_PTR(err);
}

/* The driver that @name resolves to with @type and @mask. */
static int ksrtp_driver_of(bool aead, const char *name, u32 type, u32 mask,
			   char driver[CRYPTO_MAX_ALG_NAME])
{
	struct crypto_skcipher *skcipher;
	struct crypto_aead *tfm;

	if (aead) {
		tfm = crypto_alloc_aead(name, type, mask);
		if (IS_ERR(tfm))
			return PTR_ERR(tfm);
		strscpy(driver, crypto_aead_driver_name(tfm),
			CRYPTO_MAX_ALG_NAME);
		crypto_free_aead(tfm);
		return 0;
	}
	skcipher = crypto_alloc_skcipher(name, type, mask);
	if (IS_ERR(skcipher))
		return PTR_ERR(skcipher);
	strscpy(driver, crypto_skcipher_driver_name(skcipher),
		CRYPTO_MAX_ALG_NAME);
	crypto_free_skcipher(skcipher);
	return 0;
}

/*
 * The fastest synchronous implementation of @name ("ctr(aes)" or
 * "gcm(aes)"). Where the kernel's best implementation is synchronous, as
 * the AES-NI/VAES drivers are on x86 since 7.x, that one.
 *
 * Where the best is the asynchronous SIMD wrapper (x86 up to 6.x; 6.1 and
 * 6.12 among them), the kernel offers no public synchronous way to its
 * speed: a synchronous ctr(aes) there is the ctr template over single
 * AES-NI blocks and gcm(aes) the generic template, several times slower.
 * So this, and only this, takes the wrapper's internal form ("__ctr(aes)",
 * CRYPTO_ALG_INTERNAL): synchronous, but allowed to run only where SIMD is
 * usable, so ksrtp_runner_for() sends a packet elsewhere (the AES library) when
 * crypto_simd_usable() says no.
 */
static int ksrtp_impl_choose(struct ksrtp_impl *impl, bool aead,
			     const char *name)
{
	char best[CRYPTO_MAX_ALG_NAME], internal[CRYPTO_MAX_ALG_NAME];
	int err;

	impl->type = 0;
	impl->simd = false;
	err = ksrtp_driver_of(aead, name, 0, CRYPTO_ALG_ASYNC, impl->driver);
	if (err)
		return err;
	if (ksrtp_driver_of(aead, name, 0, 0, best) ||
	    !strcmp(best, impl->driver))
		return 0;
	snprintf(internal, sizeof(internal), "__%s", name);
	if (!ksrtp_driver_of(aead, internal, CRYPTO_ALG_INTERNAL,
			     CRYPTO_ALG_INTERNAL | CRYPTO_ALG_ASYNC,
			     impl->driver)) {
		impl->type = CRYPTO_ALG_INTERNAL;
		impl->simd = true;
	}
	return 0;
}

/*
 * Whether gcm(aes) can be keyed per packet: the generic gcm template
 * ("gcm_base(...)") allocates and waits in its setkey, so without another
 * implementation every GCM key owns a transform. The SIMD drivers (the
 * internal forms up to 6.x, the AES-NI/VAES AEADs themselves in 7.x) key
 * in place.
 */
static bool ksrtp_gcm_engine_ok(void)
{
	const char *driver = ksrtp_gcm_impl.driver;

	return driver[0] && strncmp(driver, "gcm_base(", 9);
}

/* Does a decryption with a bad tag leave the buffer changed? */
static int ksrtp_gcm_probe(void)
{
	static const u8 iv[KSRTP_GCM_IV_LEN];
	unsigned int len = 2 * AES_BLOCK_SIZE;
	struct crypto_aead *tfm;
	struct ksrtp_engine *e;
	u8 *buf;
	int err;

	ksrtp_gcm_writes_on_failure = true;
	tfm = ksrtp_gcm_alloc();
	if (IS_ERR(tfm))
		return 0;	/* keys that need it will fail to be made */
	err = -ENOMEM;
	buf = kzalloc(len + KSRTP_GCM_TAG_LEN, GFP_KERNEL);
	if (!buf)
		goto out_tfm;
	err = crypto_aead_setkey(tfm, ksrtp_zero_key, sizeof(ksrtp_zero_key));
	if (err)
		goto out_buf;
	local_bh_disable();
	e = ksrtp_engine_this();
	memcpy(e->iv, iv, sizeof(iv));
	err = ksrtp_gcm_run(e, tfm, false, buf, 8, buf + 8, len - 8);
	local_bh_enable();
	ksrtp_gcm_writes_on_failure = memchr_inv(buf, 0, len);
	if (err == -EBADMSG)
		err = 0;
	else if (!err)
		err = -EIO;	/* a zero tag cannot be right */
out_buf:
	kfree(buf);
out_tfm:
	crypto_free_aead(tfm);
	return err;
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
		if (!IS_ERR_OR_NULL(e->gcm))
			crypto_free_aead(e->gcm);
		kfree_sensitive(e);
	}
	kfree(ksrtp_engines);
	ksrtp_engines = NULL;
}

/* One ctr(aes) engine per CPU, and a gcm(aes) one where it can be. */
static int ksrtp_engines_alloc(void)
{
	bool gcm = ksrtp_gcm_engine_ok();
	struct ksrtp_engine *e;
	int err;
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
		e->ctr = ksrtp_ctr_alloc();
		if (IS_ERR(e->ctr)) {
			err = PTR_ERR(e->ctr);
			goto err;
		}
		if (!gcm)
			continue;
		e->gcm = ksrtp_gcm_alloc();
		if (IS_ERR(e->gcm)) {
			err = PTR_ERR(e->gcm);
			goto err;
		}
	}
	return 0;

err:
	ksrtp_engines_free();
	return err;
}

int ksrtp_crypto_init(void)
{
	int err;

	err = ksrtp_compat_init();
	if (err)
		return err;
	err = ksrtp_impl_choose(&ksrtp_ctr_impl, false, "ctr(aes)");
	if (err) {
		pr_err("crypto algorithm ctr(aes) is not available\n");
		goto err_compat;
	}
	/* Without gcm(aes) only the GCM suites are refused. */
	ksrtp_impl_choose(&ksrtp_gcm_impl, true, "gcm(aes)");
	err = ksrtp_engines_alloc();
	if (err)
		goto err_compat;
	err = ksrtp_gcm_probe();
	if (err)
		goto err_engines;
	pr_info("ctr(aes) %s, gcm(aes) %s (%s), %s\n",
		ksrtp_ctr_impl.driver,
		ksrtp_gcm_impl.driver[0] ? ksrtp_gcm_impl.driver : "none",
		ksrtp_engines[0]->gcm ? "per-CPU engines" : "a transform per key",
		ksrtp_hmac_sha1_driver());
	return 0;

err_engines:
	ksrtp_engines_free();
err_compat:
	ksrtp_compat_exit();
	return err;
}

void ksrtp_crypto_exit(void)
{
	ksrtp_engines_free();
	ksrtp_compat_exit();
}
