/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_SEAL_H
#define _KSRTP_SEAL_H

#include <linux/types.h>

#include <crypto/aes.h>

#include "session_keys.h"

/*
 * The crypto layer: ksrtp_seal() and ksrtp_open() protect one packet
 * (seal.c), with the implementations chosen at load (crypto_impl.c).
 * srtp.c is its only caller on the data path.
 */

/**
 * ksrtp_ctr_run() - one AES-CTR pass of @tfm over @data in place
 * @tfm: the transform, keyed
 * @iv: the first counter block, advanced by the transform
 * @data: the data; must not be on the stack
 * @len: its length
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_ctr_run(struct crypto_sync_skcipher *tfm, u8 *iv, u8 *data,
		  unsigned int len);

/**
 * ksrtp_ctr_crypt() - XOR the AES-CM keystream into @data
 * @keys: the session keys
 * @iv: the counter block the keystream starts at
 * @data: the data
 * @len: its length
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_ctr_crypt(const struct ksrtp_keys *keys, const u8 iv[16], u8 *data,
		    unsigned int len);

/**
 * struct ksrtp_crypt - one packet as the crypto layer sees it
 * @buf: the packet
 * @clear_len: its first bytes, authenticated, never encrypted: the RTP
 *	header, the RTCP fixed header; all of it for a packet sent in the
 *	clear (RFC 4568's UNENCRYPTED_SRTP and UNENCRYPTED_SRTCP)
 * @data_len: the bytes right after them: encrypted and authenticated
 * @extra: authenticated after the data, never encrypted: SRTP's ROC with
 *	HMAC-SHA1 (not on the wire), SRTCP's E+index; NULL if none
 * @extra_len: its length; at most KSRTP_AAD_MAX - @clear_len with AES-GCM
 *	when not 0
 * @tag: the tag, written by ksrtp_seal() and checked by ksrtp_open();
 *	with AES-GCM it must follow the data
 * @tag_len: its length; 0 (HMAC-SHA1 suites only): the packet is not
 *	authenticated, as with RFC 4568's UNAUTHENTICATED_SRTP
 * @ssrc: the packet's SSRC, 4 bytes in network order, for the IV
 * @index: the packet's index, for the IV
 * @csrc_len: cryptex (RFC 9335) only, else 0: the length of the CSRC
 *	list, which is encrypted although on the wire it comes before the
 *	4-byte extension header, which is not. For the cipher the crypto
 *	layer moves that header in front of the list (so @clear_len is the
 *	fixed header and the extension header, 16 bytes), and back after:
 *	HMAC-SHA1 covers the packet as on the wire.
 *
 * srtp.c lays the packet out (where the header, the MKI, the tag and the
 * SRTCP trailer are is the wire format's business); the crypto layer
 * forms the IV, encrypts and authenticates. The caller's, on its stack.
 */
struct ksrtp_crypt {
	u8 *buf;
	unsigned int clear_len;
	unsigned int data_len;
	const u8 *extra;
	unsigned int extra_len;
	u8 *tag;
	unsigned int tag_len;
	const u8 *ssrc;
	u64 index;
	unsigned int csrc_len;
};

/**
 * ksrtp_seal() - encrypt and authenticate one packet in place
 * @keys: the session keys
 * @op: the packet
 *
 * AES-CM (or none) then HMAC-SHA1 over the clear part, the ciphertext
 * and @op->extra; or AES-GCM with the clear part and @op->extra as
 * associated data. BHs may be on or off; nothing sleeps or allocates.
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_seal(const struct ksrtp_keys *keys, const struct ksrtp_crypt *op);
/**
 * ksrtp_open() - verify and decrypt one packet in place
 * @keys: the session keys
 * @op: the packet
 *
 * The tag is compared in constant time. HMAC-SHA1 is verified before
 * anything is decrypted; AES-GCM puts a packet that failed back as it
 * came, whatever the driver did to it.
 *
 * Return: 0; -EBADMSG for a wrong tag, with the packet exactly as it
 * came; or another negative errno.
 */
int ksrtp_open(const struct ksrtp_keys *keys, const struct ksrtp_crypt *op);

/**
 * struct ksrtp_hdr_ks - the RFC 6904 keystream of one packet's extension
 * @aes: the header key
 * @ctr: the counter block of keystream block 0
 * @ks: the keystream block @block
 * @block: which block @ks holds; -1: none yet
 *
 * The caller's, on its stack: ksrtp_hdr_ks_start(), ksrtp_hdr_ks_xor()
 * for each encrypted element, ksrtp_hdr_ks_end().
 */
struct ksrtp_hdr_ks {
	const struct aes_enckey *aes;
	u8 ctr[AES_BLOCK_SIZE];
	u8 ks[AES_BLOCK_SIZE];
	int block;
};

/**
 * ksrtp_hdr_ks_start() - the header keystream of one SRTP packet
 * @s: the keystream state
 * @hk: the header keys of the packet's master key
 * @ssrc: the packet's SSRC, 4 bytes in network order
 * @index: the packet's index
 *
 * AES-CM under the header key, with the IV of RFC 3711 section 4.1.1
 * formed with the header salt, for every suite (RFC 6904 section 4.1,
 * RFC 7714 section 8.3).
 */
void ksrtp_hdr_ks_start(struct ksrtp_hdr_ks *s,
			const struct ksrtp_hdr_keys *hk, const u8 *ssrc,
			u64 index);
/**
 * ksrtp_hdr_ks_xor() - XOR keystream bytes @off.. into @ext + @off
 * @s: the keystream state
 * @ext: the extension, after its 4-byte header
 * @off: the offset of the first byte to change
 * @len: how many
 *
 * Keystream byte i belongs to byte i of @ext; offsets only grow from one
 * call to the next. Computes only the blocks it needs, with the AES
 * library: nothing here allocates, sleeps or needs SIMD.
 */
void ksrtp_hdr_ks_xor(struct ksrtp_hdr_ks *s, u8 *ext, unsigned int off,
		      unsigned int len);
/**
 * ksrtp_hdr_ks_end() - wipe the keystream state
 * @s: the keystream state
 */
void ksrtp_hdr_ks_end(struct ksrtp_hdr_ks *s);

/**
 * ksrtp_crypto_init() - choose the implementations, make the engines
 *
 * At module load.
 *
 * Return: 0, or a negative errno (no ctr(aes), no memory).
 */
int ksrtp_crypto_init(void);
/**
 * ksrtp_crypto_exit() - free the engines
 *
 * At module unload, after every key is freed.
 */
void ksrtp_crypto_exit(void);

/*
 * crypto_impl.c: transforms of the implementation chosen at load (gcm
 * ones with the tag length set).
 */

/**
 * ksrtp_engine_cipher_driver() - the engines' implementation of a cipher
 * @xform: the transform
 *
 * Return: the driver name, or NULL without one.
 */
const char *ksrtp_engine_cipher_driver(enum ksrtp_transform xform);
/**
 * ksrtp_ctr_alloc() - a ctr(aes) transform of the chosen implementation
 *
 * Return: the transform, or an ERR_PTR().
 */
struct crypto_sync_skcipher *ksrtp_ctr_alloc(void);
/**
 * ksrtp_gcm_alloc() - a gcm(aes) transform of the chosen implementation
 *
 * With the tag length set.
 *
 * Return: the transform, or an ERR_PTR() (-ENOENT without one).
 */
struct crypto_aead *ksrtp_gcm_alloc(void);

#ifdef KSRTP_SELFTEST
/* Force every packet onto one path, to test each: enum ksrtp_path. */
enum ksrtp_path {
	KSRTP_PATH_AUTO,
	KSRTP_PATH_ENGINE,	/* the per-CPU engine, even for SRTP */
	KSRTP_PATH_SOFT,	/* the AES library, as without SIMD */
};

extern int ksrtp_force_path;
#endif

#endif /* _KSRTP_SEAL_H */
