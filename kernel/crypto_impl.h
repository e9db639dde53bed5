/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_CRYPTO_IMPL_H
#define _KSRTP_CRYPTO_IMPL_H

#include <crypto/aead.h>
#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <crypto/skcipher.h>
#include <linux/scatterlist.h>

#include "seal.h"

/*
 * Shared by crypto_impl.c, which chooses the implementations and makes
 * the per-CPU engines at load, and seal.c, which uses them per packet.
 * Nothing else includes this.
 */

/**
 * struct ksrtp_engine - one CPU's engines and scratch space
 * @ctr: ctr(aes)
 * @gcm: gcm(aes), or NULL
 * @aes: aes_lib.c's key schedule
 * @sg: the AEAD request's scatterlist
 * @iv: the counter block or IV the transform advances
 * @aad: a split AAD (SRTCP), joined
 * @req: one AEAD request
 *
 * Per-CPU engines and scratch space. Used only with BHs off, so each CPU's
 * copy has one user at a time (softirq ingress cannot interrupt an egress
 * user). An engine is keyed for one packet and wiped (keyed with zeros)
 * right after it, so no session key stays in it. Each CPU's engine comes
 * from kmalloc, not from the per-CPU allocator: scatterlists describe
 * @aad and the request context (where a driver may keep buffers of its
 * own), and per-CPU memory need not be in the linear map.
 */
struct ksrtp_engine {
	struct crypto_sync_skcipher *ctr;
	struct crypto_aead *gcm;
	struct aes_enckey aes;
	struct scatterlist sg[2];
	u8 iv[AES_BLOCK_SIZE];
	u8 aad[KSRTP_AAD_MAX];
	u8 req[KSRTP_AEAD_REQ_MAX] __aligned(CRYPTO_MINALIGN);
};

/**
 * struct ksrtp_impl - the implementation of ctr(aes) or gcm(aes)
 * @driver: its driver name; empty: none
 * @type: CRYPTO_ALG_INTERNAL or 0
 * @simd: runs only where SIMD is usable
 *
 * Chosen at load for all keys and engines alike and allocated by driver
 * name, so that every transform is of the implementation that was probed
 * and is reported. Written once at load, read-only afterwards; no lock.
 */
struct ksrtp_impl {
	char driver[CRYPTO_MAX_ALG_NAME];
	u32 type;
	bool simd;
};

/* Set once at load (crypto_impl.c), read-only afterwards. */
extern struct ksrtp_engine **ksrtp_engines;	/* by CPU number */
extern struct ksrtp_impl ksrtp_ctr_impl;
extern struct ksrtp_impl ksrtp_gcm_impl;
extern bool ksrtp_gcm_writes_on_failure;	/* a failed decryption writes */
extern const u8 ksrtp_zero_key[AES_KEYSIZE_128];

/**
 * ksrtp_gcm_run() - one AES-GCM request on a CPU's engine
 * @e: the engine, whose @iv is set; BHs off
 * @tfm: the transform, keyed
 * @encrypt: seal rather than open
 * @aad: the associated data
 * @aad_len: its length
 * @data: the data, the tag after it
 * @len: its length, without the tag
 *
 * Return: 0, -EBADMSG for a wrong tag, or another negative errno.
 */
int ksrtp_gcm_run(struct ksrtp_engine *e, struct crypto_aead *tfm,
		  bool encrypt, u8 *aad, unsigned int aad_len, u8 *data,
		  unsigned int len);

/**
 * ksrtp_engine_this() - this CPU's engine
 *
 * BHs off.
 *
 * Return: the engine.
 */
static inline struct ksrtp_engine *ksrtp_engine_this(void)
{
	return ksrtp_engines[smp_processor_id()];
}

#endif /* _KSRTP_CRYPTO_IMPL_H */
