// SPDX-License-Identifier: GPL-2.0
/*
 * SRTP and SRTCP packet processing (RFC 3711 sections 3 and 4, RFC 7714):
 * index estimation, the replay check, IV formation, encryption and
 * authentication of one packet in a linear buffer, for the AES-CM and
 * NULL suites with HMAC-SHA1 and for AES-GCM.
 */

#include <crypto/algapi.h>
#include "compat.h"

#include "context.h"
#include "srtp.h"

/* Length of the RTP header (fixed part, CSRCs, extension), or 0. */
static unsigned int ksrtp_rtp_header_len(const u8 *buf, unsigned int len)
{
	unsigned int hlen;

	if (len < KSRTP_RTP_HDR_LEN || (buf[0] >> 6) != 2)
		return 0;
	hlen = KSRTP_RTP_HDR_LEN + 4 * (buf[0] & 0x0f);
	if (buf[0] & 0x10) {
		if (len < hlen + 4)
			return 0;
		hlen += 4 + 4 * get_unaligned_be16(buf + hlen + 2);
	}
	return hlen <= len ? hlen : 0;
}

/* With the P bit, the last payload byte counts padding, itself included. */
static bool ksrtp_rtp_padding_ok(const u8 *buf, unsigned int hlen,
				 unsigned int len)
{
	if (!(buf[0] & 0x20))
		return true;
	return len > hlen && buf[len - 1] && buf[len - 1] <= len - hlen;
}

/* IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), section 4.1.1 */
static void ksrtp_cm_iv(u8 iv[16], const u8 *salt, const u8 *ssrc, u64 index)
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
 * RFC 3711 Appendix A: the index of @seq relative to the highest index
 * @top. Returns false when the guess falls outside 0..2^48-1 (before the
 * first ROC, or past the last one: the key is used up).
 */
static bool ksrtp_rtp_estimate(const struct ksrtp_ctx *ctx, u16 seq,
			       u64 *index)
{
	u64 roc = ctx->rtp_top >> 16;
	u16 s_l = ctx->rtp_top & 0xffff;

	if (!ctx->rtp_started) {
		*index = (u64)ctx->rtp_roc_init << 16 | seq;
		return true;
	}
	if (s_l < 32768) {
		if (seq > s_l + 32768) {
			if (!roc)
				return false;
			roc--;
		}
	} else if (seq < s_l - 32768) {
		roc++;
	}
	if (roc > U32_MAX)
		return false;
	*index = roc << 16 | seq;
	return true;
}

/* SRTP authenticates the packet followed by its ROC (section 4.2). */
static int ksrtp_rtp_tag(struct ksrtp_keys *keys, const u8 *buf,
			 unsigned int len, u64 index, u8 mac[KSRTP_MAX_TAG_LEN])
{
	__be32 roc = cpu_to_be32(index >> 16);

	return ksrtp_auth_compute(keys, buf, len, (const u8 *)&roc,
				  sizeof(roc), mac);
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

static bool ksrtp_is_aead(const struct ksrtp_ctx *ctx)
{
	return ctx->suite->xform == KSRTP_XFORM_GCM;
}

/* Whether this context's SRTCP packets carry E=1 (RFC 3711 3.4). */
static bool ksrtp_rtcp_encrypted(const struct ksrtp_ctx *ctx)
{
	return ctx->suite->xform != KSRTP_XFORM_NULL_HMAC;
}

unsigned int ksrtp_overhead(const struct ksrtp_ctx *ctx, bool rtcp)
{
	if (rtcp)
		return KSRTP_SRTCP_TRAILER_LEN + ctx->suite->rtcp_tag_len;
	return ctx->suite->rtp_tag_len;
}

/*
 * XOR the AES-CM keystream for this SSRC and index into @data: encryption
 * and decryption alike. The NULL suites have no cipher and leave @data.
 */
static int ksrtp_cm_crypt(struct ksrtp_keys *keys, const u8 *ssrc, u64 index,
			  u8 *data, unsigned int len)
{
	u8 iv[16];

	if (!keys->cipher)
		return 0;
	ksrtp_cm_iv(iv, keys->salt, ssrc, index);
	return ksrtp_ctr_crypt(keys, iv, data, len);
}

/* Encrypt (AES-CM; NULL suites do not) and append the HMAC tag. */
static int ksrtp_rtp_seal_hmac(struct ksrtp_ctx *ctx, u8 *buf,
			       unsigned int hlen, unsigned int len, u64 index)
{
	u8 mac[KSRTP_MAX_TAG_LEN];
	int err;

	err = ksrtp_cm_crypt(&ctx->rtp_keys, buf + 8, index, buf + hlen,
			     len - hlen);
	if (!err)
		err = ksrtp_rtp_tag(&ctx->rtp_keys, buf, len, index, mac);
	if (!err)
		memcpy(buf + len, mac, ctx->suite->rtp_tag_len);
	memzero_explicit(mac, sizeof(mac));
	return err;
}

/* Verify the HMAC tag before anything is decrypted, then decrypt. */
static enum ksrtp_verdict ksrtp_rtp_open_hmac(struct ksrtp_ctx *ctx, u8 *buf,
					      unsigned int hlen,
					      unsigned int plen, u64 index)
{
	u8 mac[KSRTP_MAX_TAG_LEN];
	bool ok;

	if (ksrtp_rtp_tag(&ctx->rtp_keys, buf, plen, index, mac))
		return KSRTP_ERROR;
	ok = !crypto_memneq(mac, buf + plen, ctx->suite->rtp_tag_len);
	memzero_explicit(mac, sizeof(mac));
	if (!ok)
		return KSRTP_AUTH_FAILED;
	if (ksrtp_cm_crypt(&ctx->rtp_keys, buf + 8, index, buf + hlen,
			   plen - hlen))
		return KSRTP_ERROR;
	return KSRTP_OK;
}

/*
 * The AEAD verifies and decrypts in one pass, so a packet whose tag fails
 * has been decrypted in place all the same: wipe what it would reveal
 * before it is dropped (drop tracing could otherwise see it).
 */
static enum ksrtp_verdict ksrtp_aead_open(struct ksrtp_keys *keys,
					  const u8 iv[KSRTP_GCM_IV_LEN],
					  u8 *aad, unsigned int aad_len,
					  u8 *aad2, unsigned int aad2_len,
					  u8 *data, unsigned int len)
{
	int err = ksrtp_aead_crypt(keys, false, iv, aad, aad_len, aad2,
				   aad2_len, data, len);

	if (err == -EBADMSG) {
		memzero_explicit(data, len);
		return KSRTP_AUTH_FAILED;
	}
	return err ? KSRTP_ERROR : KSRTP_OK;
}

enum ksrtp_verdict ksrtp_rtp_protect(struct ksrtp_ctx *ctx, u8 *buf,
				     unsigned int len, unsigned int *out_len)
{
	unsigned int hlen = ksrtp_rtp_header_len(buf, len);
	u8 iv[KSRTP_GCM_IV_LEN];
	u64 index;
	bool ok;
	int err;

	if (!hlen || !ksrtp_rtp_padding_ok(buf, hlen, len))
		return KSRTP_MALFORMED;

	spin_lock_bh(&ctx->lock);
	ok = ksrtp_rtp_estimate(ctx, get_unaligned_be16(buf + 2), &index);
	if (ok && (!ctx->rtp_started || index > ctx->rtp_top)) {
		ctx->rtp_top = index;
		ctx->rtp_started = true;
	}
	spin_unlock_bh(&ctx->lock);
	if (!ok)
		return KSRTP_ERROR;

	if (ksrtp_is_aead(ctx)) {
		ksrtp_gcm_iv(iv, ctx->rtp_keys.salt, buf + 8, index);
		err = ksrtp_aead_crypt(&ctx->rtp_keys, true, iv, buf, hlen,
				       NULL, 0, buf + hlen, len - hlen);
	} else {
		err = ksrtp_rtp_seal_hmac(ctx, buf, hlen, len, index);
	}
	if (err)
		return KSRTP_ERROR;
	*out_len = len + ctx->suite->rtp_tag_len;
	return KSRTP_OK;
}

enum ksrtp_verdict ksrtp_rtp_unprotect(struct ksrtp_ctx *ctx, u8 *buf,
				       unsigned int len, unsigned int *out_len)
{
	unsigned int tag_len = ctx->suite->rtp_tag_len;
	u8 iv[KSRTP_GCM_IV_LEN];
	unsigned int hlen, plen;
	enum ksrtp_verdict v;
	u64 index;
	bool ok;

	if (len < tag_len)
		return KSRTP_MALFORMED;
	plen = len - tag_len;
	hlen = ksrtp_rtp_header_len(buf, plen);
	if (!hlen)
		return KSRTP_MALFORMED;

	spin_lock_bh(&ctx->lock);
	ok = ksrtp_rtp_estimate(ctx, get_unaligned_be16(buf + 2), &index) &&
	     ksrtp_replay_check(&ctx->rtp_replay, index);
	spin_unlock_bh(&ctx->lock);
	if (!ok)
		return KSRTP_REPLAYED;

	if (ksrtp_is_aead(ctx)) {
		ksrtp_gcm_iv(iv, ctx->rtp_keys.salt, buf + 8, index);
		v = ksrtp_aead_open(&ctx->rtp_keys, iv, buf, hlen, NULL, 0,
				    buf + hlen, plen - hlen);
	} else {
		v = ksrtp_rtp_open_hmac(ctx, buf, hlen, plen, index);
	}
	if (v != KSRTP_OK)
		return v;

	/* Another CPU may have accepted the same index meanwhile. */
	spin_lock_bh(&ctx->lock);
	ok = ksrtp_replay_check(&ctx->rtp_replay, index);
	if (ok) {
		ksrtp_replay_update(&ctx->rtp_replay, index);
		if (!ctx->rtp_started || index > ctx->rtp_top) {
			ctx->rtp_top = index;
			ctx->rtp_started = true;
		}
	}
	spin_unlock_bh(&ctx->lock);
	if (!ok)
		return KSRTP_REPLAYED;
	if (!ksrtp_rtp_padding_ok(buf, hlen, plen))
		return KSRTP_MALFORMED;
	*out_len = plen;
	return KSRTP_OK;
}

enum ksrtp_verdict ksrtp_rtcp_protect(struct ksrtp_ctx *ctx, u8 *buf,
				      unsigned int len, unsigned int *out_len)
{
	unsigned int tag_len = ctx->suite->rtcp_tag_len;
	u8 mac[KSRTP_MAX_TAG_LEN];
	u8 iv[KSRTP_GCM_IV_LEN];
	__be32 trailer;
	u32 index;
	int err;

	if (len < KSRTP_RTCP_HDR_LEN)
		return KSRTP_MALFORMED;

	/* The index never wraps: past 2^31 - 1 the master key is used up. */
	spin_lock_bh(&ctx->lock);
	index = ctx->srtcp_index;
	if (index <= KSRTP_SRTCP_INDEX_MAX)
		ctx->srtcp_index++;
	spin_unlock_bh(&ctx->lock);
	if (index > KSRTP_SRTCP_INDEX_MAX)
		return KSRTP_ERROR;
	trailer = cpu_to_be32((ksrtp_rtcp_encrypted(ctx) ?
			       KSRTP_SRTCP_E_BIT : 0) | index);

	if (ksrtp_is_aead(ctx)) {
		/* header | ciphertext | tag | E+index; AAD: header, E+index */
		memcpy(buf + len + tag_len, &trailer, sizeof(trailer));
		ksrtp_gcm_iv(iv, ctx->rtcp_keys.salt, buf + 4, index);
		err = ksrtp_aead_crypt(&ctx->rtcp_keys, true, iv, buf,
				       KSRTP_RTCP_HDR_LEN, buf + len + tag_len,
				       sizeof(trailer), buf + KSRTP_RTCP_HDR_LEN,
				       len - KSRTP_RTCP_HDR_LEN);
		if (err)
			return KSRTP_ERROR;
		*out_len = len + tag_len + sizeof(trailer);
		return KSRTP_OK;
	}

	/* header | [ciphertext] | E+index | tag; the tag covers all before */
	if (ksrtp_cm_crypt(&ctx->rtcp_keys, buf + 4, index,
			   buf + KSRTP_RTCP_HDR_LEN, len - KSRTP_RTCP_HDR_LEN))
		return KSRTP_ERROR;
	memcpy(buf + len, &trailer, sizeof(trailer));
	len += sizeof(trailer);
	if (ksrtp_auth_compute(&ctx->rtcp_keys, buf, len, NULL, 0, mac))
		return KSRTP_ERROR;
	memcpy(buf + len, mac, tag_len);
	memzero_explicit(mac, sizeof(mac));
	*out_len = len + tag_len;
	return KSRTP_OK;
}

/* Verify the HMAC over header, payload and trailer, then decrypt. */
static enum ksrtp_verdict ksrtp_rtcp_open_hmac(struct ksrtp_ctx *ctx, u8 *buf,
					       unsigned int plen, u32 index)
{
	u8 mac[KSRTP_MAX_TAG_LEN];
	bool ok;

	if (ksrtp_auth_compute(&ctx->rtcp_keys, buf,
			       plen + KSRTP_SRTCP_TRAILER_LEN, NULL, 0, mac))
		return KSRTP_ERROR;
	ok = !crypto_memneq(mac, buf + plen + KSRTP_SRTCP_TRAILER_LEN,
			    ctx->suite->rtcp_tag_len);
	memzero_explicit(mac, sizeof(mac));
	if (!ok)
		return KSRTP_AUTH_FAILED;
	if (ksrtp_cm_crypt(&ctx->rtcp_keys, buf + 4, index,
			   buf + KSRTP_RTCP_HDR_LEN, plen - KSRTP_RTCP_HDR_LEN))
		return KSRTP_ERROR;
	return KSRTP_OK;
}

enum ksrtp_verdict ksrtp_rtcp_unprotect(struct ksrtp_ctx *ctx, u8 *buf,
					unsigned int len,
					unsigned int *out_len)
{
	unsigned int tag_len = ctx->suite->rtcp_tag_len;
	unsigned int plen, toff;
	enum ksrtp_verdict v;
	u32 trailer, index;
	u8 iv[KSRTP_GCM_IV_LEN];
	bool ok;

	if (len < KSRTP_RTCP_HDR_LEN + KSRTP_SRTCP_TRAILER_LEN + tag_len)
		return KSRTP_MALFORMED;
	plen = len - tag_len - KSRTP_SRTCP_TRAILER_LEN;
	/* AEAD puts the trailer last, after the tag (RFC 7714 9.1). */
	toff = ksrtp_is_aead(ctx) ? len - KSRTP_SRTCP_TRAILER_LEN : plen;
	trailer = get_unaligned_be32(buf + toff);
	index = trailer & KSRTP_SRTCP_INDEX_MAX;

	/* E must say what the suite does: never trust it to skip a step. */
	if (!!(trailer & KSRTP_SRTCP_E_BIT) != ksrtp_rtcp_encrypted(ctx))
		return KSRTP_MALFORMED;

	spin_lock_bh(&ctx->lock);
	ok = ksrtp_replay_check(&ctx->rtcp_replay, index);
	spin_unlock_bh(&ctx->lock);
	if (!ok)
		return KSRTP_REPLAYED;

	if (ksrtp_is_aead(ctx)) {
		ksrtp_gcm_iv(iv, ctx->rtcp_keys.salt, buf + 4, index);
		v = ksrtp_aead_open(&ctx->rtcp_keys, iv, buf,
				    KSRTP_RTCP_HDR_LEN, buf + toff,
				    KSRTP_SRTCP_TRAILER_LEN,
				    buf + KSRTP_RTCP_HDR_LEN,
				    plen - KSRTP_RTCP_HDR_LEN);
	} else {
		v = ksrtp_rtcp_open_hmac(ctx, buf, plen, index);
	}
	if (v != KSRTP_OK)
		return v;

	spin_lock_bh(&ctx->lock);
	ok = ksrtp_replay_check(&ctx->rtcp_replay, index);
	if (ok) {
		ksrtp_replay_update(&ctx->rtcp_replay, index);
		ctx->srtcp_index = ctx->rtcp_replay.top;
	}
	spin_unlock_bh(&ctx->lock);
	if (!ok)
		return KSRTP_REPLAYED;
	*out_len = plen;
	return KSRTP_OK;
}
