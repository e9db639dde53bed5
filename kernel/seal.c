// SPDX-License-Identifier: GPL-2.0
/*
 * The crypto layer's per-packet half: ksrtp_seal() and ksrtp_open() on
 * one packet that srtp.c laid out. Forms the IV, chooses what runs the
 * cipher for this packet (the key's own transform, this CPU's engine
 * keyed for the packet, or the AES library where SIMD is unusable),
 * HMAC-SHA1 from precomputed states, and AES-GCM that puts failed
 * packets back as they came. Nothing here allocates or sleeps; see
 * struct ksrtp_keys for the design, crypto_impl.c for what is chosen at
 * load.
 */

#include <asm/simd.h>
#include <crypto/algapi.h>
#include <crypto/internal/simd.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "aes_lib.h"
#include "compat.h"
#include "crypto_impl.h"
#include "srtp.h"

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

void ksrtp_hdr_ks_start(struct ksrtp_hdr_ks *s,
			const struct ksrtp_hdr_keys *hk, const u8 *ssrc,
			u64 index)
{
	s->aes = &hk->aes;
	ksrtp_cm_iv(s->ctr, hk->salt, ssrc, index);
	s->block = -1;
}

void ksrtp_hdr_ks_xor(struct ksrtp_hdr_ks *s, u8 *ext, unsigned int off,
		      unsigned int len)
{
	unsigned int end = off + len, n;
	u8 ctr[AES_BLOCK_SIZE];
	int block;

	while (off < end) {
		block = off / AES_BLOCK_SIZE;
		if (block != s->block) {
			/* The IV's low 16 bits are 0; an extension is < 2^18 B. */
			memcpy(ctr, s->ctr, sizeof(ctr));
			put_unaligned_be16(block, ctr + 14);
			aes_encrypt(s->aes, s->ks, ctr);
			s->block = block;
		}
		n = min_t(unsigned int, end, (block + 1) * AES_BLOCK_SIZE) - off;
		crypto_xor(ext + off, s->ks + off % AES_BLOCK_SIZE, n);
		off += n;
	}
	memzero_explicit(ctr, sizeof(ctr));
}

void ksrtp_hdr_ks_end(struct ksrtp_hdr_ks *s)
{
	memzero_explicit(s, sizeof(*s));
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

int ksrtp_gcm_run(struct ksrtp_engine *e, struct crypto_aead *tfm,
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

/*
 * Cryptex (RFC 9335): the CSRC list (@op->csrc_len bytes after the fixed
 * header) and the 4-byte extension header that follows it trade places,
 * so that for the cipher the clear part (fixed header, extension header)
 * and the encrypted part (CSRCs, extension data, payload) are each in one
 * piece. @to_cipher: into that order, else back to the wire's. Moves
 * only what is read, before the cipher writes anything.
 */
static void ksrtp_cryptex_swap(const struct ksrtp_crypt *op, bool to_cipher)
{
	u8 *csrc = op->buf + KSRTP_RTP_HDR_LEN;
	unsigned int n = op->csrc_len;
	u8 xhdr[4];

	if (!n)
		return;
	if (to_cipher) {
		memcpy(xhdr, csrc + n, sizeof(xhdr));
		memmove(csrc + sizeof(xhdr), csrc, n);
		memcpy(csrc, xhdr, sizeof(xhdr));
	} else {
		memcpy(xhdr, csrc, sizeof(xhdr));
		memmove(csrc, csrc + sizeof(xhdr), n);
		memcpy(csrc + n, xhdr, sizeof(xhdr));
	}
}

/* AES-CM in the cipher's order (ksrtp_cryptex_swap()). */
static int ksrtp_cm_crypt_swapped(const struct ksrtp_keys *keys,
				  const struct ksrtp_crypt *op)
{
	int err;

	ksrtp_cryptex_swap(op, true);
	err = ksrtp_cm_crypt(keys, op);
	ksrtp_cryptex_swap(op, false);
	return err;
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

	if (keys->xform == KSRTP_XFORM_GCM) {
		ksrtp_cryptex_swap(op, true);
		err = ksrtp_gcm_crypt(keys, true, op);
		ksrtp_cryptex_swap(op, false);
		return err;
	}
	/* Encrypt, then authenticate the ciphertext (RFC 3711 3.3). */
	err = ksrtp_cm_crypt_swapped(keys, op);
	if (err || !op->tag_len)
		return err;	/* no tag: not authenticated */
	err = ksrtp_hmac_of(keys, op, mac);
	if (!err)
		memcpy(op->tag, mac, op->tag_len);
	memzero_explicit(mac, sizeof(mac));
	return err;
}

int ksrtp_open(const struct ksrtp_keys *keys, const struct ksrtp_crypt *op)
{
	u8 mac[KSRTP_MAX_TAG_LEN];
	int err;

	if (keys->xform == KSRTP_XFORM_GCM) {
		/* A packet that fails is put back as it came, then swapped. */
		ksrtp_cryptex_swap(op, true);
		err = ksrtp_gcm_crypt(keys, false, op);
		ksrtp_cryptex_swap(op, false);
		return err;
	}
	if (!op->tag_len)	/* not authenticated: nothing to verify */
		return ksrtp_cm_crypt_swapped(keys, op);
	/* Verify first, in constant time: nothing is decrypted unless. */
	err = ksrtp_hmac_of(keys, op, mac);
	if (!err && crypto_memneq(mac, op->tag, op->tag_len))
		err = -EBADMSG;
	memzero_explicit(mac, sizeof(mac));
	return err ?: ksrtp_cm_crypt_swapped(keys, op);
}

