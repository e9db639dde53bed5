// SPDX-License-Identifier: GPL-2.0
/*
 * The crypto layer's load-time half: which implementation of ctr(aes)
 * and gcm(aes) every key and engine uses, the per-CPU engines that
 * seal.c keys for each packet, and whether a failed AES-GCM decryption
 * writes to the buffer.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "crypto_impl.h"

struct ksrtp_engine **ksrtp_engines;
struct ksrtp_impl ksrtp_ctr_impl;
struct ksrtp_impl ksrtp_gcm_impl;
bool ksrtp_gcm_writes_on_failure;
const u8 ksrtp_zero_key[AES_KEYSIZE_128];

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

