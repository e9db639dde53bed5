/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_AES_LIB_H
#define _KSRTP_AES_LIB_H

#include <crypto/aes.h>
#include <linux/types.h>

#include "compat.h"

/*
 * AES-CTR and AES-GCM on the kernel's AES library, for packets that
 * arrive where SIMD registers cannot be used. Slower than the crypto
 * drivers, but synchronous and allocation-free; @aes is scratch space for
 * the key schedule, wiped before returning.
 */

/**
 * ksrtp_soft_ctr() - AES-CTR on the AES library, in place
 * @aes: scratch space for the key schedule, wiped before returning
 * @key: the AES key
 * @key_len: its length
 * @ctr: the first counter block, advanced
 * @data: the data
 * @len: its length
 *
 * Return: 0, or a negative errno for a bad key.
 */
int ksrtp_soft_ctr(struct aes_enckey *aes, const u8 *key,
		   unsigned int key_len, u8 ctr[AES_BLOCK_SIZE], u8 *data,
		   unsigned int len);

/**
 * ksrtp_soft_gcm() - AES-GCM on the AES library, in place
 * @aes: scratch space for the key schedule, wiped before returning
 * @key: the AES key
 * @key_len: its length
 * @iv: the 96-bit IV
 * @encrypt: seal rather than open
 * @aad: the associated data
 * @aad_len: its length
 * @data: the data, the 128-bit tag at @data + @len
 * @len: the length of the data, without the tag
 *
 * Decryption checks the tag first and leaves @data untouched if it is
 * wrong.
 *
 * Return: 0, -EBADMSG for a wrong tag, or another negative errno.
 */
int ksrtp_soft_gcm(struct aes_enckey *aes, const u8 *key,
		   unsigned int key_len, const u8 iv[12], bool encrypt,
		   const u8 *aad, unsigned int aad_len, u8 *data,
		   unsigned int len);

#endif /* _KSRTP_AES_LIB_H */
