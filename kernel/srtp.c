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
#include "events.h"
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

/* The index of @seq as the first packet of a stream: the initial ROC. */
static u64 ksrtp_rtp_first_index(const struct ksrtp_ctx *ctx, u16 seq)
{
	return (u64)ctx->rtp_roc_init << 16 | seq;
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
		*index = ksrtp_rtp_first_index(ctx, seq);
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

/*
 * Estimation fails at either end of the index space; at the last ROC it
 * is the end (the key is used up), at ROC 0 a packet from before index 0.
 */
static bool ksrtp_rtp_at_last_roc(const struct ksrtp_ctx *ctx)
{
	return ctx->rtp_started && (ctx->rtp_top >> 16) == U32_MAX;
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

static unsigned int ksrtp_mki_len(const struct ksrtp_ctx *ctx)
{
	return ctx->ring->mki_len;
}

unsigned int ksrtp_overhead(const struct ksrtp_ctx *ctx, bool rtcp)
{
	if (rtcp)
		return KSRTP_SRTCP_TRAILER_LEN + ctx->suite->rtcp_tag_len +
		       ksrtp_mki_len(ctx);
	return ctx->suite->rtp_tag_len + ksrtp_mki_len(ctx);
}

/*
 * The key for an outbound packet: the active one with MKI, else the one
 * whose range holds @index. Counts the packet against the key's limits;
 * NULL when the key is used up (the caller drops with KSRTP_KEY_LIMIT).
 */
static struct ksrtp_mkey *ksrtp_tx_key(struct ksrtp_ctx *ctx, bool rtcp,
				       u64 index)
{
	struct ksrtp_mkey *mk;
	bool event;

	if (ksrtp_mki_len(ctx))
		mk = rcu_dereference(ctx->ring->active);
	else
		mk = ksrtp_key_by_index(ctx->ring, rtcp, index);
	if (!mk)
		return NULL;
	if (!ksrtp_key_use(mk, rtcp, index, &event))
		mk = NULL;
	if (event)
		ksrtp_event_key(ctx);
	return mk;
}

/* The stream's index space is used up: so is the key at its end. */
static void ksrtp_tx_exhausted(struct ksrtp_ctx *ctx, bool rtcp, u64 index)
{
	struct ksrtp_mkey *mk;

	if (ksrtp_mki_len(ctx))
		mk = rcu_dereference(ctx->ring->active);
	else
		mk = ksrtp_key_by_index(ctx->ring, rtcp, index);
	if (mk && ksrtp_key_exhausted(mk))
		ksrtp_event_key(ctx);
}

/* The key for an inbound packet, by the MKI it carries or by its index. */
static struct ksrtp_mkey *ksrtp_rx_key(struct ksrtp_ctx *ctx, bool rtcp,
				       const u8 *mki, u64 index)
{
	if (ksrtp_mki_len(ctx))
		return ksrtp_key_by_mki(ctx->ring, mki);
	return ksrtp_key_by_index(ctx->ring, rtcp, index);
}

enum ksrtp_verdict ksrtp_rx_accept(struct ksrtp_ctx *ctx,
				   struct ksrtp_mkey *mk, bool rtcp,
				   u64 index)
{
	struct ksrtp_replay *r = rtcp ? &ctx->rtcp_replay : &ctx->rtp_replay;
	enum ksrtp_verdict v = KSRTP_OK;
	bool event = false;

	spin_lock_bh(&ctx->lock);
	if (!ksrtp_replay_check(r, index)) {
		v = KSRTP_REPLAYED;
	} else if (!ksrtp_key_use(mk, rtcp, index, &event)) {
		v = KSRTP_KEY_LIMIT;
	} else {
		ksrtp_replay_update(r, index);
		if (rtcp) {
			ctx->srtcp_index = r->top;
		} else if (!ctx->rtp_started || index > ctx->rtp_top) {
			ctx->rtp_top = index;
			ctx->rtp_started = true;
		}
	}
	spin_unlock_bh(&ctx->lock);
	if (event)
		ksrtp_event_key(ctx);
	return v;
}

/*
 * XOR the AES-CM keystream for this SSRC and index into @data: encryption
 * and decryption alike. The NULL suites have no cipher and leave @data.
 */
static int ksrtp_cm_crypt(struct ksrtp_keys *keys, const u8 *ssrc, u64 index,
			  u8 *data, unsigned int len)
{
	u8 iv[16];

	if (keys->xform != KSRTP_XFORM_CM_HMAC)
		return 0;
	ksrtp_cm_iv(iv, keys->salt, ssrc, index);
	return ksrtp_ctr_crypt(keys, iv, data, len);
}

/* Verify @len bytes at @buf (plus @trailer) against @tag, in constant time. */
static enum ksrtp_verdict ksrtp_hmac_verify(struct ksrtp_keys *keys,
					    const u8 *buf, unsigned int len,
					    const u8 *trailer,
					    unsigned int trailer_len,
					    const u8 *tag, unsigned int tag_len)
{
	u8 mac[KSRTP_MAX_TAG_LEN];
	bool ok;

	if (ksrtp_auth_compute(keys, buf, len, trailer, trailer_len, mac))
		return KSRTP_ERROR;
	ok = !crypto_memneq(mac, tag, tag_len);
	memzero_explicit(mac, sizeof(mac));
	return ok ? KSRTP_OK : KSRTP_AUTH_FAILED;
}

/* Compute the tag over @len bytes at @buf (plus @trailer) into @tag. */
static int ksrtp_hmac_sign(struct ksrtp_keys *keys, const u8 *buf,
			   unsigned int len, const u8 *trailer,
			   unsigned int trailer_len, u8 *tag,
			   unsigned int tag_len)
{
	u8 mac[KSRTP_MAX_TAG_LEN];
	int err;

	err = ksrtp_auth_compute(keys, buf, len, trailer, trailer_len, mac);
	if (!err)
		memcpy(tag, mac, tag_len);
	memzero_explicit(mac, sizeof(mac));
	return err;
}

/* Verify and decrypt; a failed packet is left exactly as it came. */
static enum ksrtp_verdict ksrtp_aead_verdict(int err)
{
	if (err == -EBADMSG)
		return KSRTP_AUTH_FAILED;
	return err ? KSRTP_ERROR : KSRTP_OK;
}

/*
 * SRTP: header | payload | [MKI] | tag with HMAC-SHA1, the tag over header
 * and payload followed by the ROC (RFC 3711 3.1, 4.2); header |
 * ciphertext | tag | [MKI] with AES-GCM (RFC 7714 8.1). The MKI is never
 * authenticated.
 */
static enum ksrtp_verdict
__ksrtp_rtp_protect(struct ksrtp_ctx *ctx, u8 *buf, unsigned int len,
		    unsigned int *out_len)
{
	unsigned int hlen = ksrtp_rtp_header_len(buf, len);
	unsigned int tag_len = ctx->suite->rtp_tag_len;
	unsigned int mki_len = ksrtp_mki_len(ctx);
	bool ok, past_end, fresh = false;
	struct ksrtp_mkey *mk;
	u8 iv[KSRTP_GCM_IV_LEN];
	__be32 roc;
	u64 index;
	int err;

	if (!hlen || !ksrtp_rtp_padding_ok(buf, hlen, len))
		return KSRTP_MALFORMED;

	/*
	 * The index comes from the application's sequence number: one that
	 * was sent already, or is older than the window of indices sent,
	 * would repeat a keystream (for GCM, a nonce). Not sent, as libsrtp
	 * refuses it (srtp_err_status_replay_fail).
	 */
	spin_lock_bh(&ctx->lock);
	ok = ksrtp_rtp_estimate(ctx, get_unaligned_be16(buf + 2), &index);
	past_end = !ok && ksrtp_rtp_at_last_roc(ctx);
	if (ok)
		fresh = ksrtp_replay_check(&ctx->rtp_replay, index);
	if (fresh) {
		/* Recorded as sent from here on, whatever happens below. */
		ksrtp_replay_update(&ctx->rtp_replay, index);
		if (!ctx->rtp_started || index > ctx->rtp_top) {
			ctx->rtp_top = index;
			ctx->rtp_started = true;
		}
	}
	spin_unlock_bh(&ctx->lock);
	if (past_end) {
		ksrtp_tx_exhausted(ctx, false, KSRTP_SRTP_KEY_LIMIT - 1);
		return KSRTP_KEY_LIMIT;
	}
	if (!ok)
		return KSRTP_ERROR;	/* before index 0: not a valid packet */
	if (!fresh)
		return KSRTP_REPLAYED;
	mk = ksrtp_tx_key(ctx, false, index);
	if (!mk)
		return KSRTP_KEY_LIMIT;

	if (ksrtp_is_aead(ctx)) {
		ksrtp_gcm_iv(iv, mk->rtp.salt, buf + 8, index);
		err = ksrtp_aead_seal(&mk->rtp, iv, buf, hlen,
				      NULL, 0, buf + hlen, len - hlen);
		memcpy(buf + len + tag_len, mk->mki, mki_len);
	} else {
		roc = cpu_to_be32(index >> 16);
		err = ksrtp_cm_crypt(&mk->rtp, buf + 8, index, buf + hlen,
				     len - hlen);
		if (!err)
			err = ksrtp_hmac_sign(&mk->rtp, buf, len, (u8 *)&roc,
					      sizeof(roc), buf + len + mki_len,
					      tag_len);
		memcpy(buf + len, mk->mki, mki_len);
	}
	if (err)
		return KSRTP_ERROR;
	*out_len = len + tag_len + mki_len;
	return KSRTP_OK;
}

/*
 * Verify and decrypt SRTP under @mk with @index. A packet that fails is
 * left as it came (HMAC: verified before anything is decrypted; GCM:
 * ksrtp_aead_open() puts it back), so it can be tried with another index.
 */
static enum ksrtp_verdict ksrtp_rtp_open(struct ksrtp_ctx *ctx,
					 struct ksrtp_mkey *mk, u8 *buf,
					 unsigned int len, unsigned int hlen,
					 unsigned int plen, u64 index)
{
	unsigned int tag_len = ctx->suite->rtp_tag_len;
	u8 iv[KSRTP_GCM_IV_LEN];
	enum ksrtp_verdict v;
	__be32 roc;

	if (ksrtp_is_aead(ctx)) {
		ksrtp_gcm_iv(iv, mk->rtp.salt, buf + 8, index);
		return ksrtp_aead_verdict(ksrtp_aead_open(&mk->rtp, iv, buf,
							  hlen, NULL, 0,
							  buf + hlen,
							  plen - hlen));
	}
	roc = cpu_to_be32(index >> 16);
	v = ksrtp_hmac_verify(&mk->rtp, buf, plen, (u8 *)&roc, sizeof(roc),
			      buf + len - tag_len, tag_len);
	if (v == KSRTP_OK &&
	    ksrtp_cm_crypt(&mk->rtp, buf + 8, index, buf + hlen, plen - hlen))
		v = KSRTP_ERROR;
	return v;
}

/* Where the parts of an inbound SRTP packet are. */
struct ksrtp_srtp_layout {
	unsigned int hlen;	/* RTP header */
	unsigned int plen;	/* header and payload: all but MKI and tag */
	const u8 *mki;
};

/* Find the parts of an SRTP packet of @len bytes; KSRTP_MALFORMED if none. */
static enum ksrtp_verdict ksrtp_rtp_parse(const struct ksrtp_ctx *ctx,
					  const u8 *buf, unsigned int len,
					  struct ksrtp_srtp_layout *l)
{
	unsigned int tag_len = ctx->suite->rtp_tag_len;
	unsigned int mki_len = ksrtp_mki_len(ctx);

	if (len < tag_len + mki_len)
		return KSRTP_MALFORMED;
	l->plen = len - tag_len - mki_len;
	l->mki = buf + (ksrtp_is_aead(ctx) ? l->plen + tag_len : l->plen);
	l->hlen = ksrtp_rtp_header_len(buf, l->plen);
	if (!l->hlen)
		return KSRTP_MALFORMED;
	return KSRTP_OK;
}

/*
 * Find the key for *@index and verify and decrypt under it. With @retry
 * (until a packet is accepted), one that fails with the initial ROC is
 * tried once more with the next: the sender wrapped before the first
 * packet that reached us. On KSRTP_OK, *@index and *@mk are the index and
 * key the packet verified with. Neither the stream state nor the key's
 * count is changed.
 */
static enum ksrtp_verdict
ksrtp_rtp_authenticate(struct ksrtp_ctx *ctx, u8 *buf, unsigned int len,
		       const struct ksrtp_srtp_layout *l, bool retry,
		       u64 *index, struct ksrtp_mkey **mk)
{
	struct ksrtp_mkey *mk0, *mk1;
	enum ksrtp_verdict v;

	mk0 = ksrtp_rx_key(ctx, false, l->mki, *index);
	if (!mk0)
		return ksrtp_mki_len(ctx) ? KSRTP_MALFORMED : KSRTP_ERROR;

	v = ksrtp_rtp_open(ctx, mk0, buf, len, l->hlen, l->plen, *index);

	/*
	 * The replay check of the next index is the one under the lock in
	 * ksrtp_rx_accept(); nothing changes unless it verifies.
	 */
	if (v == KSRTP_AUTH_FAILED && retry && (*index >> 16) < U32_MAX) {
		mk1 = ksrtp_rx_key(ctx, false, l->mki, *index + (1ULL << 16));
		if (mk1)
			v = ksrtp_rtp_open(ctx, mk1, buf, len, l->hlen,
					   l->plen, *index + (1ULL << 16));
		if (v == KSRTP_OK) {
			*index += 1ULL << 16;
			mk0 = mk1;
		}
	}
	*mk = mk0;
	return v;
}

/* Verify, replay-check and decrypt SRTP. */
static enum ksrtp_verdict
ksrtp_rtp_receive(struct ksrtp_ctx *ctx, u8 *buf, unsigned int len,
		  unsigned int *out_len)
{
	struct ksrtp_srtp_layout l;
	bool ok, est, past_end, retry;
	struct ksrtp_mkey *mk;
	enum ksrtp_verdict v;
	u64 index;

	v = ksrtp_rtp_parse(ctx, buf, len, &l);
	if (v != KSRTP_OK)
		return v;

	spin_lock_bh(&ctx->lock);
	est = ksrtp_rtp_estimate(ctx, get_unaligned_be16(buf + 2), &index);
	ok = est && ksrtp_replay_check(&ctx->rtp_replay, index);
	past_end = !est && ksrtp_rtp_at_last_roc(ctx);
	retry = !ctx->rtp_started;
	spin_unlock_bh(&ctx->lock);
	if (past_end) {
		/* Past ROC 2^32 - 1: the index space, so the key, is used up. */
		ksrtp_tx_exhausted(ctx, false, KSRTP_SRTP_KEY_LIMIT - 1);
		return KSRTP_KEY_LIMIT;
	}
	if (!ok)
		return KSRTP_REPLAYED;

	v = ksrtp_rtp_authenticate(ctx, buf, len, &l, retry, &index, &mk);
	if (v != KSRTP_OK)
		return v;
	v = ksrtp_rx_accept(ctx, mk, false, index);
	if (v != KSRTP_OK)
		return v;
	if (!ksrtp_rtp_padding_ok(buf, l.hlen, l.plen))
		return KSRTP_BAD_PADDING;
	*out_len = l.plen;
	return KSRTP_OK;
}

/*
 * ksrtp_rtp_receive() up to and including authentication, for the packet
 * taken as the first of a new stream (see ksrtp_probe()): the initial
 * ROC, then the next. The stream state is neither used nor changed.
 */
static enum ksrtp_verdict ksrtp_rtp_probe(struct ksrtp_ctx *ctx, u8 *buf,
					  unsigned int len)
{
	struct ksrtp_srtp_layout l;
	struct ksrtp_mkey *mk;
	enum ksrtp_verdict v;
	u64 index;

	v = ksrtp_rtp_parse(ctx, buf, len, &l);
	if (v != KSRTP_OK)
		return v;

	spin_lock_bh(&ctx->lock);
	index = ksrtp_rtp_first_index(ctx, get_unaligned_be16(buf + 2));
	spin_unlock_bh(&ctx->lock);

	return ksrtp_rtp_authenticate(ctx, buf, len, &l, true, &index, &mk);
}

/*
 * SRTCP: header | [ciphertext] | E+index | [MKI] | tag with HMAC-SHA1, the
 * tag over everything before the MKI (RFC 3711 3.4); header | ciphertext
 * | tag | E+index | [MKI] with AES-GCM, E+index as associated data (RFC
 * 7714 9.1).
 */
static enum ksrtp_verdict
__ksrtp_rtcp_protect(struct ksrtp_ctx *ctx, u8 *buf, unsigned int len,
		     unsigned int *out_len)
{
	unsigned int tag_len = ctx->suite->rtcp_tag_len;
	unsigned int mki_len = ksrtp_mki_len(ctx);
	u8 iv[KSRTP_GCM_IV_LEN];
	struct ksrtp_mkey *mk;
	bool fresh = false;
	__be32 trailer;
	u32 index;
	int err;

	if (len < KSRTP_RTCP_HDR_LEN)
		return KSRTP_MALFORMED;

	/*
	 * The index never wraps: past 2^31 - 1 the master key is used up.
	 * The counter only goes up (SET refuses a move back); the record of
	 * indices sent makes sure, should it ever not, that none is reused.
	 */
	spin_lock_bh(&ctx->lock);
	index = ctx->srtcp_index;
	if (index <= KSRTP_SRTCP_INDEX_MAX) {
		ctx->srtcp_index++;
		fresh = ksrtp_replay_check(&ctx->rtcp_replay, index);
		if (fresh)
			ksrtp_replay_update(&ctx->rtcp_replay, index);
	}
	spin_unlock_bh(&ctx->lock);
	if (index > KSRTP_SRTCP_INDEX_MAX) {
		ksrtp_tx_exhausted(ctx, true, KSRTP_SRTCP_INDEX_MAX);
		return KSRTP_KEY_LIMIT;
	}
	if (!fresh)
		return KSRTP_REPLAYED;
	mk = ksrtp_tx_key(ctx, true, index);
	if (!mk)
		return KSRTP_KEY_LIMIT;
	trailer = cpu_to_be32((ksrtp_rtcp_encrypted(ctx) ?
			       KSRTP_SRTCP_E_BIT : 0) | index);

	if (ksrtp_is_aead(ctx)) {
		memcpy(buf + len + tag_len, &trailer, sizeof(trailer));
		memcpy(buf + len + tag_len + sizeof(trailer), mk->mki, mki_len);
		ksrtp_gcm_iv(iv, mk->rtcp.salt, buf + 4, index);
		err = ksrtp_aead_seal(&mk->rtcp, iv, buf,
				      KSRTP_RTCP_HDR_LEN, buf + len + tag_len,
				      sizeof(trailer), buf + KSRTP_RTCP_HDR_LEN,
				      len - KSRTP_RTCP_HDR_LEN);
	} else {
		err = ksrtp_cm_crypt(&mk->rtcp, buf + 4, index,
				     buf + KSRTP_RTCP_HDR_LEN,
				     len - KSRTP_RTCP_HDR_LEN);
		memcpy(buf + len, &trailer, sizeof(trailer));
		memcpy(buf + len + sizeof(trailer), mk->mki, mki_len);
		if (!err)
			err = ksrtp_hmac_sign(&mk->rtcp, buf,
					      len + sizeof(trailer), NULL, 0,
					      buf + len + sizeof(trailer) +
					      mki_len, tag_len);
	}
	if (err)
		return KSRTP_ERROR;
	*out_len = len + KSRTP_SRTCP_TRAILER_LEN + mki_len + tag_len;
	return KSRTP_OK;
}

/* Where the parts of an inbound SRTCP packet are, and its index. */
struct ksrtp_srtcp_layout {
	unsigned int plen;	/* header and payload */
	unsigned int toff;	/* E+index */
	unsigned int tagoff;	/* tag */
	const u8 *mki;
	u32 index;
};

/*
 * Find the parts of an SRTCP packet of @len bytes; KSRTP_MALFORMED if
 * there are none, or if E does not say what the suite does.
 */
static enum ksrtp_verdict ksrtp_rtcp_parse(const struct ksrtp_ctx *ctx,
					   const u8 *buf, unsigned int len,
					   struct ksrtp_srtcp_layout *l)
{
	unsigned int tag_len = ctx->suite->rtcp_tag_len;
	unsigned int mki_len = ksrtp_mki_len(ctx);
	u32 trailer;

	if (len < KSRTP_RTCP_HDR_LEN + KSRTP_SRTCP_TRAILER_LEN + tag_len +
		  mki_len)
		return KSRTP_MALFORMED;
	l->plen = len - tag_len - KSRTP_SRTCP_TRAILER_LEN - mki_len;
	if (ksrtp_is_aead(ctx)) {
		l->tagoff = l->plen;
		l->toff = l->plen + tag_len;
		l->mki = buf + l->toff + KSRTP_SRTCP_TRAILER_LEN;
	} else {
		l->toff = l->plen;
		l->mki = buf + l->toff + KSRTP_SRTCP_TRAILER_LEN;
		l->tagoff = len - tag_len;
	}
	trailer = get_unaligned_be32(buf + l->toff);
	l->index = trailer & KSRTP_SRTCP_INDEX_MAX;

	/* E must say what the suite does: never trust it to skip a step. */
	if (!!(trailer & KSRTP_SRTCP_E_BIT) != ksrtp_rtcp_encrypted(ctx))
		return KSRTP_MALFORMED;
	return KSRTP_OK;
}

/*
 * Find the key for the packet's index and verify and decrypt under it;
 * on KSRTP_OK, *@mk is that key. Neither the stream state nor the key's
 * count is changed.
 */
static enum ksrtp_verdict
ksrtp_rtcp_authenticate(struct ksrtp_ctx *ctx, u8 *buf,
			const struct ksrtp_srtcp_layout *l,
			struct ksrtp_mkey **mk)
{
	unsigned int tag_len = ctx->suite->rtcp_tag_len;
	u8 iv[KSRTP_GCM_IV_LEN];
	enum ksrtp_verdict v;

	*mk = ksrtp_rx_key(ctx, true, l->mki, l->index);
	if (!*mk)
		return ksrtp_mki_len(ctx) ? KSRTP_MALFORMED : KSRTP_ERROR;

	if (ksrtp_is_aead(ctx)) {
		ksrtp_gcm_iv(iv, (*mk)->rtcp.salt, buf + 4, l->index);
		v = ksrtp_aead_verdict(ksrtp_aead_open(&(*mk)->rtcp, iv, buf,
						       KSRTP_RTCP_HDR_LEN,
						       buf + l->toff,
						       KSRTP_SRTCP_TRAILER_LEN,
						       buf + KSRTP_RTCP_HDR_LEN,
						       l->plen -
						       KSRTP_RTCP_HDR_LEN));
	} else {
		v = ksrtp_hmac_verify(&(*mk)->rtcp, buf,
				      l->plen + KSRTP_SRTCP_TRAILER_LEN, NULL, 0,
				      buf + l->tagoff, tag_len);
		if (v == KSRTP_OK &&
		    ksrtp_cm_crypt(&(*mk)->rtcp, buf + 4, l->index,
				   buf + KSRTP_RTCP_HDR_LEN,
				   l->plen - KSRTP_RTCP_HDR_LEN))
			v = KSRTP_ERROR;
	}
	return v;
}

/* SRTCP's ksrtp_rtp_receive(). */
static enum ksrtp_verdict
ksrtp_rtcp_receive(struct ksrtp_ctx *ctx, u8 *buf, unsigned int len,
		   unsigned int *out_len)
{
	struct ksrtp_srtcp_layout l;
	struct ksrtp_mkey *mk;
	enum ksrtp_verdict v;
	bool ok;

	v = ksrtp_rtcp_parse(ctx, buf, len, &l);
	if (v != KSRTP_OK)
		return v;

	spin_lock_bh(&ctx->lock);
	ok = ksrtp_replay_check(&ctx->rtcp_replay, l.index);
	spin_unlock_bh(&ctx->lock);
	if (!ok)
		return KSRTP_REPLAYED;

	v = ksrtp_rtcp_authenticate(ctx, buf, &l, &mk);
	if (v != KSRTP_OK)
		return v;
	v = ksrtp_rx_accept(ctx, mk, true, l.index);
	if (v != KSRTP_OK)
		return v;
	*out_len = l.plen;
	return KSRTP_OK;
}

/*
 * SRTCP's ksrtp_rtp_probe(): any index is taken, so the replay window is
 * not consulted; the stream state is neither used nor changed.
 */
static enum ksrtp_verdict ksrtp_rtcp_probe(struct ksrtp_ctx *ctx, u8 *buf,
					   unsigned int len)
{
	struct ksrtp_srtcp_layout l;
	struct ksrtp_mkey *mk;
	enum ksrtp_verdict v;

	v = ksrtp_rtcp_parse(ctx, buf, len, &l);
	if (v != KSRTP_OK)
		return v;
	return ksrtp_rtcp_authenticate(ctx, buf, &l, &mk);
}

/*
 * The keys a packet uses are found and used under RCU: a key removed
 * meanwhile is freed only after the packet is done with it.
 */
enum ksrtp_verdict ksrtp_rtp_protect(struct ksrtp_ctx *ctx, u8 *buf,
				     unsigned int len, unsigned int *out_len)
{
	enum ksrtp_verdict v;

	rcu_read_lock();
	v = __ksrtp_rtp_protect(ctx, buf, len, out_len);
	rcu_read_unlock();
	return v;
}

enum ksrtp_verdict ksrtp_rtp_unprotect(struct ksrtp_ctx *ctx, u8 *buf,
				       unsigned int len, unsigned int *out_len)
{
	enum ksrtp_verdict v;

	rcu_read_lock();
	v = ksrtp_rtp_receive(ctx, buf, len, out_len);
	rcu_read_unlock();
	return v;
}

enum ksrtp_verdict ksrtp_rtcp_protect(struct ksrtp_ctx *ctx, u8 *buf,
				      unsigned int len, unsigned int *out_len)
{
	enum ksrtp_verdict v;

	rcu_read_lock();
	v = __ksrtp_rtcp_protect(ctx, buf, len, out_len);
	rcu_read_unlock();
	return v;
}

enum ksrtp_verdict ksrtp_rtcp_unprotect(struct ksrtp_ctx *ctx, u8 *buf,
					unsigned int len,
					unsigned int *out_len)
{
	enum ksrtp_verdict v;

	rcu_read_lock();
	v = ksrtp_rtcp_receive(ctx, buf, len, out_len);
	rcu_read_unlock();
	return v;
}

enum ksrtp_verdict ksrtp_probe(struct ksrtp_ctx *ctx, u8 *buf,
			       unsigned int len, bool rtcp)
{
	enum ksrtp_verdict v;

	rcu_read_lock();
	v = rtcp ? ksrtp_rtcp_probe(ctx, buf, len) :
		   ksrtp_rtp_probe(ctx, buf, len);
	rcu_read_unlock();
	return v;
}
