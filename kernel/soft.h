/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_SOFT_H
#define _KSRTP_SOFT_H

#include <crypto/aes.h>
#include <linux/types.h>

#include "compat.h"

/*
 * AES-CTR and AES-GCM on the kernel's AES library, for packets that
 * arrive where SIMD registers cannot be used. Slower than the crypto
 * drivers, but synchronous and allocation-free; @aes is scratch space for
 * the key schedule, wiped before returning.
 */
int ksrtp_soft_ctr(struct aes_enckey *aes, const u8 *key,
		   unsigned int key_len, u8 ctr[AES_BLOCK_SIZE], u8 *data,
		   unsigned int len);

/*
 * GCM with a 96-bit IV and a 128-bit tag at @data + @len. Decryption
 * checks the tag first and leaves @data untouched if it is wrong
 * (-EBADMSG).
 */
int ksrtp_soft_gcm(struct aes_enckey *aes, const u8 *key,
		   unsigned int key_len, const u8 iv[12], bool encrypt,
		   const u8 *aad, unsigned int aad_len, u8 *data,
		   unsigned int len);

#endif /* _KSRTP_SOFT_H */
