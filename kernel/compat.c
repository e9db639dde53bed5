// SPDX-License-Identifier: GPL-2.0
/*
 * What compat.h declares for kernels that lack it: HMAC-SHA1 from two
 * precomputed SHA-1 states, on the "sha1" shash, before the HMAC-SHA1
 * library existed.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "compat.h"

#ifdef KSRTP_HAVE_HMAC_SHA1_LIB

const char *ksrtp_hmac_sha1_driver(void)
{
	return "hmac-sha1-lib";
}

int ksrtp_compat_init(void)
{
	return 0;
}

void ksrtp_compat_exit(void)
{
}

#else /* !KSRTP_HAVE_HMAC_SHA1_LIB */

#ifdef KSRTP_HAVE_SHASH_IMPORT_CORE
#include <crypto/internal/hash.h>
#endif

/* Set once at load, read-only afterwards. */
static struct crypto_shash *ksrtp_sha1;
static char ksrtp_sha1_name[CRYPTO_MAX_ALG_NAME + 8];

const char *ksrtp_hmac_sha1_driver(void)
{
	return ksrtp_sha1_name;
}

/*
 * Continue SHA-1 from @h, the chaining state after one block. The sha1
 * drivers import a struct sha1_state; since 6.16 they export a partial
 * block as well, and import the state without it through the _core form
 * (the layouts are checked at load).
 */
static int ksrtp_sha1_resume(struct shash_desc *desc, struct sha1_state *st,
			     const u32 h[SHA1_DIGEST_SIZE / 4])
{
	memcpy(st->state, h, sizeof(st->state));
	st->count = SHA1_BLOCK_SIZE;
#ifdef KSRTP_HAVE_SHASH_IMPORT_CORE
	return crypto_shash_import_core(desc, st);
#else
	return crypto_shash_import(desc, st);
#endif
}

int ksrtp_hmac_sha1_preparekey(struct hmac_sha1_key *key, const u8 *raw_key,
			       size_t raw_key_len)
{
	SHASH_DESC_ON_STACK(desc, ksrtp_sha1);
	u32 *out[2] = { key->istate, key->ostate };
	u8 pad[SHA1_BLOCK_SIZE];
	struct sha1_state st;
	unsigned int i;
	size_t j;
	int err = -EINVAL;

	BUILD_BUG_ON(sizeof(key->istate) != sizeof(st.state));
	if (raw_key_len > SHA1_BLOCK_SIZE)	/* SRTP keys are 20 bytes */
		return err;
	desc->tfm = ksrtp_sha1;
	for (i = 0, err = 0; i < 2 && !err; i++) {
		memset(pad, i ? 0x5c : 0x36, sizeof(pad));
		for (j = 0; j < raw_key_len; j++)
			pad[j] ^= raw_key[j];
		err = crypto_shash_init(desc) ?:
		      crypto_shash_update(desc, pad, sizeof(pad)) ?:
#ifdef KSRTP_HAVE_SHASH_IMPORT_CORE
		      crypto_shash_export_core(desc, &st);
#else
		      crypto_shash_export(desc, &st);
#endif
		if (!err)
			memcpy(out[i], st.state, sizeof(st.state));
	}
	memzero_explicit(pad, sizeof(pad));
	memzero_explicit(&st, sizeof(st));
	shash_desc_zero(desc);
	return err;
}

int ksrtp_hmac_sha1(const struct hmac_sha1_key *key, const u8 *data,
		    size_t len, const u8 *data2, size_t len2,
		    u8 out[SHA1_DIGEST_SIZE])
{
	SHASH_DESC_ON_STACK(desc, ksrtp_sha1);
	struct sha1_state st = {};
	u8 inner[SHA1_DIGEST_SIZE];
	int err;

	desc->tfm = ksrtp_sha1;
	err = ksrtp_sha1_resume(desc, &st, key->istate) ?:
	      crypto_shash_update(desc, data, len) ?:
	      (len2 ? crypto_shash_update(desc, data2, len2) : 0) ?:
	      crypto_shash_final(desc, inner) ?:
	      ksrtp_sha1_resume(desc, &st, key->ostate) ?:
	      crypto_shash_finup(desc, inner, sizeof(inner), out);
	memzero_explicit(inner, sizeof(inner));
	memzero_explicit(&st, sizeof(st));
	shash_desc_zero(desc);
	return err;
}

/*
 * Whether the sha1 driver's state is the struct sha1_state this file
 * imports: the whole export before 6.16, its leading part (before the
 * block buffer) since.
 */
static bool ksrtp_sha1_layout_ok(void)
{
	unsigned int size = crypto_shash_statesize(ksrtp_sha1);

#ifdef KSRTP_HAVE_SHASH_IMPORT_CORE
	return size == sizeof(struct sha1_state) ||
	       size == offsetof(struct sha1_state, buffer) +
		       SHA1_BLOCK_SIZE + 1;
#else
	return size == sizeof(struct sha1_state);
#endif
}

/* RFC 2202 section 3, test case 2, through the two functions above. */
static int ksrtp_sha1_check(void)
{
	static const u8 expect[SHA1_DIGEST_SIZE] = {
		0xef, 0xfc, 0xdf, 0x6a, 0xe5, 0xeb, 0x2f, 0xa2, 0xd2, 0x74,
		0x16, 0xd5, 0xf1, 0x84, 0xdf, 0x9c, 0x25, 0x9a, 0x7c, 0x79,
	};
	static const u8 msg[] = "what do ya want for nothing?";
	struct hmac_sha1_key key;
	u8 mac[SHA1_DIGEST_SIZE];
	int err;

	err = ksrtp_hmac_sha1_preparekey(&key, (const u8 *)"Jefe", 4) ?:
	      ksrtp_hmac_sha1(&key, msg, 10, msg + 10, sizeof(msg) - 11, mac);
	if (!err && memcmp(mac, expect, sizeof(mac)))
		err = -EOPNOTSUPP;
	memzero_explicit(&key, sizeof(key));
	return err;
}

int ksrtp_compat_init(void)
{
	int err;

	ksrtp_sha1 = crypto_alloc_shash("sha1", 0, 0);
	if (IS_ERR(ksrtp_sha1)) {
		pr_err("crypto algorithm sha1 is not available\n");
		return PTR_ERR(ksrtp_sha1);
	}
	snprintf(ksrtp_sha1_name, sizeof(ksrtp_sha1_name), "hmac(%s)",
		 crypto_shash_driver_name(ksrtp_sha1));
	err = -EOPNOTSUPP;
	if (!ksrtp_sha1_layout_ok())
		goto err_free;
	err = ksrtp_sha1_check();
	if (err)
		goto err_free;
	return 0;

err_free:
	pr_err("cannot continue SHA-1 states with %s (state size %u)\n",
	       crypto_shash_driver_name(ksrtp_sha1),
	       crypto_shash_statesize(ksrtp_sha1));
	crypto_free_shash(ksrtp_sha1);
	return err;
}

void ksrtp_compat_exit(void)
{
	crypto_free_shash(ksrtp_sha1);
}

#endif /* KSRTP_HAVE_HMAC_SHA1_LIB */
