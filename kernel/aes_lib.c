// SPDX-License-Identifier: GPL-2.0
/*
 * AES-CTR and AES-GCM on the kernel's AES library (lib/crypto/aes.c, with
 * the CPU's AES instructions where CONFIG_CRYPTO_LIB_AES_ARCH, as in 7.x):
 * the fallback of seal.c for a CPU that cannot use SIMD registers at the
 * moment a packet arrives. GHASH multiplies in constant time, bit by bit
 * (NIST SP 800-38D, algorithm 1).
 */

#include <crypto/algapi.h>
#include <linux/string.h>

#include "compat.h"
#include "aes_lib.h"

#define KSRTP_GCM_R	0xe100000000000000ULL

/* XOR the keystream from counter block @ctr into @data; advances @ctr. */
static void ksrtp_soft_keystream(const struct aes_enckey *aes,
				 u8 ctr[AES_BLOCK_SIZE], u8 *data,
				 unsigned int len)
{
	u8 ks[AES_BLOCK_SIZE];
	unsigned int n;

	while (len) {
		aes_encrypt(aes, ks, ctr);
		n = min_t(unsigned int, len, AES_BLOCK_SIZE);
		crypto_xor(data, ks, n);
		crypto_inc(ctr, AES_BLOCK_SIZE);
		data += n;
		len -= n;
	}
	memzero_explicit(ks, sizeof(ks));
}

int ksrtp_soft_ctr(struct aes_enckey *aes, const u8 *key,
		   unsigned int key_len, u8 ctr[AES_BLOCK_SIZE], u8 *data,
		   unsigned int len)
{
	int err = aes_prepareenckey(aes, key, key_len);

	if (!err)
		ksrtp_soft_keystream(aes, ctr, data, len);
	memzero_explicit(aes, sizeof(*aes));
	return err;
}

/* @x = @x * @h in GF(2^128), GCM's bit order, without secret branches. */
static void ksrtp_gf_mul(u64 x[2], const u64 h[2])
{
	u64 zh = 0, zl = 0, vh = h[0], vl = h[1], m;
	unsigned int i;

	for (i = 0; i < 128; i++) {
		m = -((i < 64 ? x[0] >> (63 - i) : x[1] >> (127 - i)) & 1);
		zh ^= vh & m;
		zl ^= vl & m;
		m = -(vl & 1);
		vl = (vl >> 1) | (vh << 63);
		vh = (vh >> 1) ^ (KSRTP_GCM_R & m);
	}
	x[0] = zh;
	x[1] = zl;
}

/* Absorb @len bytes, zero-padded to whole blocks, into the hash @y. */
static void ksrtp_ghash(u64 y[2], const u64 h[2], const u8 *p,
			unsigned int len)
{
	u8 block[AES_BLOCK_SIZE];
	unsigned int n;

	while (len) {
		n = min_t(unsigned int, len, AES_BLOCK_SIZE);
		memset(block, 0, sizeof(block));
		memcpy(block, p, n);
		y[0] ^= get_unaligned_be64(block);
		y[1] ^= get_unaligned_be64(block + 8);
		ksrtp_gf_mul(y, h);
		p += n;
		len -= n;
	}
}

int ksrtp_soft_gcm(struct aes_enckey *aes, const u8 *key,
		   unsigned int key_len, const u8 iv[12], bool encrypt,
		   const u8 *aad, unsigned int aad_len, u8 *data,
		   unsigned int len)
{
	u8 j0[AES_BLOCK_SIZE], ctr[AES_BLOCK_SIZE], tag[AES_BLOCK_SIZE];
	u64 h[2], y[2] = {};
	int err;

	err = aes_prepareenckey(aes, key, key_len);
	if (err)
		goto out;
	memset(tag, 0, sizeof(tag));
	aes_encrypt(aes, tag, tag);
	h[0] = get_unaligned_be64(tag);
	h[1] = get_unaligned_be64(tag + 8);
	memcpy(j0, iv, 12);
	put_unaligned_be32(1, j0 + 12);
	memcpy(ctr, j0, sizeof(ctr));
	put_unaligned_be32(2, ctr + 12);

	ksrtp_ghash(y, h, aad, aad_len);
	if (encrypt)
		ksrtp_soft_keystream(aes, ctr, data, len);
	ksrtp_ghash(y, h, data, len);
	y[0] ^= (u64)aad_len * 8;
	y[1] ^= (u64)len * 8;
	ksrtp_gf_mul(y, h);
	aes_encrypt(aes, tag, j0);
	put_unaligned_be64(get_unaligned_be64(tag) ^ y[0], tag);
	put_unaligned_be64(get_unaligned_be64(tag + 8) ^ y[1], tag + 8);

	if (encrypt)
		memcpy(data + len, tag, sizeof(tag));
	else if (crypto_memneq(tag, data + len, sizeof(tag)))
		err = -EBADMSG;
	else
		ksrtp_soft_keystream(aes, ctr, data, len);
	memzero_explicit(tag, sizeof(tag));
	memzero_explicit(h, sizeof(h));
	memzero_explicit(y, sizeof(y));
out:
	memzero_explicit(aes, sizeof(*aes));
	return err;
}
