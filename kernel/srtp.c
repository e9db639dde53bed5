// SPDX-License-Identifier: GPL-2.0
/*
 * The SRTP and SRTCP wire format (RFC 3711 sections 3 and 4, RFC 7714,
 * RFC 5761, RFC 7983), on one packet in a linear buffer: what a datagram
 * is, where its header, MKI, tag and SRTCP trailer are, its index (the
 * estimation, the replay check, the stream state) and its key. The only
 * caller of the crypto layer: one ksrtp_seal() or ksrtp_open() per try.
 * Knows nothing of skbs, counters or events: a key that reaches a limit
 * is reported in ksrtp_packet.key_event for the caller to raise.
 */

#include "compat.h"

#include "context.h"
#include "seal.h"
#include "srtp.h"

/*
 * The "defined by profile" values of RFC 8285 header extensions, and of
 * the same encrypted by cryptex (RFC 9335 section 5).
 */
#define KSRTP_XP_ONE_BYTE	0xbede
#define KSRTP_XP_TWO_BYTE	0x1000	/* with "appbits" 0 */
#define KSRTP_XP_CRYPTEX_ONE	0xc0de
#define KSRTP_XP_CRYPTEX_TWO	0xc2de
#define KSRTP_XHDR_LEN		4	/* profile and length */

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

/* The length of the CSRC list of a packet with an RTP header. */
static unsigned int ksrtp_rtp_csrc_len(const u8 *buf)
{
	return 4 * (buf[0] & 0x0f);
}

/*
 * The extension's "defined by profile" field, or -1 without an extension;
 * of a packet whose header ksrtp_rtp_header_len() found whole.
 */
static int ksrtp_rtp_profile(const u8 *buf)
{
	if (!(buf[0] & 0x10))
		return -1;
	return get_unaligned_be16(buf + KSRTP_RTP_HDR_LEN +
				  ksrtp_rtp_csrc_len(buf));
}

static bool ksrtp_is_cryptex(int profile)
{
	return profile == KSRTP_XP_CRYPTEX_ONE ||
	       profile == KSRTP_XP_CRYPTEX_TWO;
}

/* With the P bit, the last payload byte counts padding, itself included. */
static bool ksrtp_rtp_padding_ok(const u8 *buf, unsigned int hlen,
				 unsigned int len)
{
	if (!(buf[0] & 0x20))
		return true;
	return len > hlen && buf[len - 1] && buf[len - 1] <= len - hlen;
}

enum ksrtp_kind ksrtp_classify(const u8 *head, unsigned int len,
			       __be32 *ssrc)
{
	if (!len)
		return KSRTP_KIND_OTHER;
	if (!ksrtp_is_rtp_or_rtcp(head[0]))
		return ksrtp_is_passed(head[0]) ? KSRTP_KIND_PASSED :
						  KSRTP_KIND_OTHER;
	if (len < KSRTP_RTCP_HDR_LEN)
		return KSRTP_KIND_OTHER;
	if (ksrtp_is_rtcp(head[1])) {
		memcpy(ssrc, head + 4, 4);
		return KSRTP_KIND_RTCP;
	}
	if (len < KSRTP_RTP_HDR_LEN)
		return KSRTP_KIND_OTHER;
	memcpy(ssrc, head + 8, 4);
	return KSRTP_KIND_RTP;
}

/**
 * struct ksrtp_rtp_pos - where an SRTP stream stands, for the estimation
 * @top: ksrtp_ctx.rtp_top
 * @roc_init: ksrtp_ctx.rtp_roc_init
 * @started: ksrtp_ctx.rtp_started
 *
 * A copy, on the stack: read under the stream lock when sending, without
 * it when receiving (a hint there: the index a packet authenticates with
 * is the one its sender used, and the commit under the lock checks it
 * again).
 */
struct ksrtp_rtp_pos {
	u64 top;
	u32 roc_init;
	bool started;
};

static void ksrtp_rtp_pos_read(const struct ksrtp_ctx *ctx,
			       struct ksrtp_rtp_pos *pos)
{
	pos->top = READ_ONCE(ctx->rtp_top);
	pos->roc_init = READ_ONCE(ctx->rtp_roc_init);
	pos->started = READ_ONCE(ctx->rtp_started);
}

/* The index of @seq as the first packet of a stream: the initial ROC. */
static u64 ksrtp_rtp_first_index(const struct ksrtp_rtp_pos *pos, u16 seq)
{
	return (u64)pos->roc_init << 16 | seq;
}

/*
 * RFC 3711 Appendix A: the index of @seq relative to the highest index
 * @pos->top. Returns false when the guess falls outside 0..2^48-1 (before
 * the first ROC, or past the last one: the key is used up).
 */
static bool ksrtp_rtp_estimate(const struct ksrtp_rtp_pos *pos, u16 seq,
			       u64 *index)
{
	u64 roc = pos->top >> 16;
	u16 s_l = pos->top & 0xffff;

	if (!pos->started) {
		*index = ksrtp_rtp_first_index(pos, seq);
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
static bool ksrtp_rtp_at_last_roc(const struct ksrtp_rtp_pos *pos)
{
	return pos->started && (pos->top >> 16) == U32_MAX;
}

/* Record @index as the highest SRTP index, if it is; under the lock. */
static void ksrtp_rtp_advance(struct ksrtp_ctx *ctx, u64 index)
{
	if (!ctx->rtp_started || index > ctx->rtp_top) {
		WRITE_ONCE(ctx->rtp_top, index);
		WRITE_ONCE(ctx->rtp_started, true);
	}
}

static bool ksrtp_is_aead(const struct ksrtp_ctx *ctx)
{
	return ctx->suite->xform == KSRTP_XFORM_GCM;
}

/* Whether this context's SRTCP packets carry E=1 (RFC 3711 3.4). */
static bool ksrtp_rtcp_encrypted(const struct ksrtp_ctx *ctx)
{
	return ctx->suite->xform != KSRTP_XFORM_NULL_HMAC &&
	       !ctx->unencrypted_srtcp;
}

/* SRTP's tag: none with UNAUTHENTICATED_SRTP (RFC 4568 6.3.2). */
static unsigned int ksrtp_rtp_tag_len(const struct ksrtp_ctx *ctx)
{
	return ctx->unauthenticated_srtp ? 0 : ctx->suite->rtp_tag_len;
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
	return ksrtp_rtp_tag_len(ctx) + ksrtp_mki_len(ctx);
}

unsigned int ksrtp_growth(const struct ksrtp_ctx *ctx, bool rtcp)
{
	unsigned int grow = ksrtp_overhead(ctx, rtcp);

	/* Cryptex: an empty extension for a packet with CSRCs and none. */
	if (!rtcp && ctx->cryptex && ctx->key.dir == KSRTP_DIR_OUTBOUND)
		grow += KSRTP_XHDR_LEN;
	return grow;
}

/**
 * struct ksrtp_srtp_layout - where the parts of an SRTP packet are
 * @hlen: length of the RTP header (fixed part, CSRCs, extension)
 * @plen: length of header and payload
 * @mkioff: offset of the MKI
 * @tagoff: offset of the tag
 * @cryptex: the CSRCs and the extension are encrypted (RFC 9335)
 * @csrc_len: then the length of the CSRC list; else 0
 * @hdr: elements of the extension are encrypted (RFC 6904)
 *
 * From the length of header and payload (ksrtp_srtp_place()):
 *   HMAC-SHA1: header | payload | [MKI] | tag (RFC 3711 3.1)
 *   AES-GCM:   header | ciphertext | tag | [MKI] (RFC 7714 8.1)
 * The MKI is never authenticated. On the stack, for one packet.
 */
struct ksrtp_srtp_layout {
	unsigned int hlen;
	unsigned int plen;
	unsigned int mkioff;
	unsigned int tagoff;
	bool cryptex;
	unsigned int csrc_len;
	bool hdr;
};

static void ksrtp_srtp_place(const struct ksrtp_ctx *ctx, unsigned int plen,
			     struct ksrtp_srtp_layout *l)
{
	l->plen = plen;
	l->cryptex = false;
	l->csrc_len = 0;
	l->hdr = false;
	if (ksrtp_is_aead(ctx)) {
		l->tagoff = plen;
		l->mkioff = plen + ksrtp_rtp_tag_len(ctx);
	} else {
		l->mkioff = plen;
		l->tagoff = plen + ksrtp_mki_len(ctx);
	}
}

/**
 * struct ksrtp_srtcp_layout - where the parts of an SRTCP packet are
 * @plen: length of header and payload
 * @toff: offset of the E+index trailer
 * @mkioff: offset of the MKI
 * @tagoff: offset of the tag
 *
 * From the length of header and payload (ksrtp_srtcp_place()):
 *   HMAC-SHA1: header | [ciphertext] | E+index | [MKI] | tag, the tag
 *              over everything before the MKI (RFC 3711 3.4)
 *   AES-GCM:   header | ciphertext | tag | E+index | [MKI], E+index
 *              as associated data (RFC 7714 9.1)
 * On the stack, for one packet.
 */
struct ksrtp_srtcp_layout {
	unsigned int plen;
	unsigned int toff;
	unsigned int mkioff;
	unsigned int tagoff;
};

static void ksrtp_srtcp_place(const struct ksrtp_ctx *ctx, unsigned int plen,
			      struct ksrtp_srtcp_layout *l)
{
	l->plen = plen;
	if (ksrtp_is_aead(ctx)) {
		l->tagoff = plen;
		l->toff = plen + ctx->suite->rtcp_tag_len;
		l->mkioff = l->toff + KSRTP_SRTCP_TRAILER_LEN;
	} else {
		l->toff = plen;
		l->mkioff = plen + KSRTP_SRTCP_TRAILER_LEN;
		l->tagoff = l->mkioff + ksrtp_mki_len(ctx);
	}
}

/* The SRTCP packet's header and payload length from its whole length. */
static bool ksrtp_srtcp_plen(const struct ksrtp_ctx *ctx, unsigned int len,
			     unsigned int *plen)
{
	unsigned int over = ksrtp_overhead(ctx, true);

	if (len < KSRTP_RTCP_HDR_LEN + over)
		return false;
	*plen = len - over;
	return true;
}

bool ksrtp_index_field(const struct ksrtp_ctx *ctx, bool rtcp,
		       unsigned int len, unsigned int *off, unsigned int *size)
{
	struct ksrtp_srtcp_layout l;
	unsigned int plen;

	if (!rtcp) {
		if (len < KSRTP_RTP_HDR_LEN)
			return false;
		*off = 2;
		*size = 2;
		return true;
	}
	/* Outbound SRTCP takes its index from the context. */
	if (ctx->key.dir != KSRTP_DIR_INBOUND ||
	    !ksrtp_srtcp_plen(ctx, len, &plen))
		return false;
	ksrtp_srtcp_place(ctx, plen, &l);
	*off = l.toff;
	*size = KSRTP_SRTCP_TRAILER_LEN;
	return true;
}

s64 ksrtp_index_read(bool rtcp, const u8 *field)
{
	if (rtcp)
		return get_unaligned_be32(field) & KSRTP_SRTCP_INDEX_MAX;
	return get_unaligned_be16(field);
}

/* The key for an outbound packet: the active one with MKI, else by index. */
static struct ksrtp_mkey *ksrtp_tx_key_of(struct ksrtp_ctx *ctx, bool rtcp,
					  u64 index)
{
	if (ksrtp_mki_len(ctx))
		return rcu_dereference(ctx->ring->active);
	return ksrtp_key_by_index(ctx->ring, rtcp, index);
}

/*
 * The key for an outbound packet, counted against its limits; NULL when
 * it is used up (the caller drops with KSRTP_KEY_LIMIT).
 */
static struct ksrtp_mkey *ksrtp_tx_key(struct ksrtp_ctx *ctx,
				       struct ksrtp_packet *p, u64 index)
{
	struct ksrtp_mkey *mk = ksrtp_tx_key_of(ctx, p->rtcp, index);
	bool event;

	if (!mk)
		return NULL;
	if (!ksrtp_key_use(mk, p->rtcp, index, &event))
		mk = NULL;
	p->key_event |= event;
	return mk;
}

/* The stream's index space is used up: so is the key at its end. */
static void ksrtp_tx_exhausted(struct ksrtp_ctx *ctx, struct ksrtp_packet *p,
			       u64 index)
{
	struct ksrtp_mkey *mk = ksrtp_tx_key_of(ctx, p->rtcp, index);

	if (mk && ksrtp_key_exhausted(mk))
		p->key_event = true;
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
				   u64 index, bool *key_event)
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
		if (rtcp)
			ctx->srtcp_index = r->top;
		else
			ksrtp_rtp_advance(ctx, index);
	}
	spin_unlock_bh(&ctx->lock);
	*key_event |= event;
	return v;
}

/* The crypto layer's verdict on an inbound packet. */
static enum ksrtp_verdict ksrtp_open_verdict(int err)
{
	if (err == -EBADMSG)
		return KSRTP_AUTH_FAILED;
	return err ? KSRTP_ERROR : KSRTP_OK;
}

/*
 * SRTP's parts for the crypto layer; the ROC is authenticated by HMAC.
 * With UNENCRYPTED_SRTP the whole packet is the clear part, with
 * UNAUTHENTICATED_SRTP the tag is empty (RFC 4568 6.3.2).
 */
static void ksrtp_srtp_crypt(const struct ksrtp_ctx *ctx, u8 *buf,
			     const struct ksrtp_srtp_layout *l, u64 index,
			     __be32 *roc, struct ksrtp_crypt *op)
{
	bool clear = ctx->unencrypted_srtp;

	*op = (struct ksrtp_crypt) {
		.buf = buf,
		.clear_len = clear ? l->plen : l->hlen,
		.data_len = clear ? 0 : l->plen - l->hlen,
		.tag = buf + l->tagoff,
		.tag_len = ksrtp_rtp_tag_len(ctx),
		.ssrc = buf + 8,
		.index = index,
	};
	if (l->cryptex) {
		/* The fixed header and the extension header are clear. */
		op->clear_len = KSRTP_RTP_HDR_LEN + KSRTP_XHDR_LEN;
		op->data_len = l->plen - op->clear_len;
		op->csrc_len = l->csrc_len;
	}
	if (!ksrtp_is_aead(ctx)) {
		*roc = cpu_to_be32(index >> 16);
		op->extra = (const u8 *)roc;
		op->extra_len = sizeof(*roc);
	}
}

/*
 * How an outbound cryptex context sends a packet (RFC 9335 section 5.1):
 * *@marker is the profile to mark its extension with, 0 for plain SRTP
 * (neither CSRCs nor an extension). False for an extension cryptex
 * cannot carry: not RFC 8285's, two-byte with "appbits", or one the
 * application marked already.
 */
static bool ksrtp_cryptex_marker(const u8 *buf, u16 *marker)
{
	int profile = ksrtp_rtp_profile(buf);

	if (profile < 0)
		*marker = ksrtp_rtp_csrc_len(buf) ? KSRTP_XP_CRYPTEX_ONE : 0;
	else if (profile == KSRTP_XP_ONE_BYTE)
		*marker = KSRTP_XP_CRYPTEX_ONE;
	else if (profile == KSRTP_XP_TWO_BYTE)
		*marker = KSRTP_XP_CRYPTEX_TWO;
	else
		return false;
	return true;
}

/*
 * Mark the packet's extension with @marker; a packet without one gets an
 * empty one (X set, length 0), after the CSRCs, so that the receiver
 * knows they are encrypted. The caller made the room: ksrtp_growth().
 */
static void ksrtp_cryptex_mark(u8 *buf, unsigned int *len,
			       unsigned int *hlen, u16 marker)
{
	u8 *xhdr = buf + KSRTP_RTP_HDR_LEN + ksrtp_rtp_csrc_len(buf);

	if (!(buf[0] & 0x10)) {
		memmove(xhdr + KSRTP_XHDR_LEN, xhdr, *len - *hlen);
		put_unaligned_be16(0, xhdr + 2);
		buf[0] |= 0x10;
		*len += KSRTP_XHDR_LEN;
		*hlen += KSRTP_XHDR_LEN;
	}
	put_unaligned_be16(marker, xhdr);
}

/*
 * RFC 6904: walk the elements of an RFC 8285 extension of @profile whose
 * data (after the 4-byte header) is @x, @len bytes, and with @ks XOR the
 * keystream into the data of each element listed in @ids. Zero bytes
 * are padding; a one-byte ID 15 ends the walk. False for another
 * profile or an element that runs past the extension: then, called
 * without @ks first, nothing was changed.
 */
static bool ksrtp_hdr_walk(const unsigned long *ids, int profile, u8 *x,
			   unsigned int len, struct ksrtp_hdr_ks *ks)
{
	bool one = profile == KSRTP_XP_ONE_BYTE;
	unsigned int pos = 0, hl = one ? 1 : 2;
	unsigned int id, n;

	if (!one && (profile & 0xfff0) != KSRTP_XP_TWO_BYTE)
		return false;
	while (pos < len) {
		if (!x[pos]) {
			pos++;
			continue;
		}
		if (one) {
			id = x[pos] >> 4;
			if (id == 15)
				break;
			n = (x[pos] & 0x0f) + 1;
		} else {
			if (len - pos < 2)
				return false;
			id = x[pos];
			n = x[pos + 1];
		}
		if (n > len - pos - hl)
			return false;
		if (ks && n && test_bit(id, ids))
			ksrtp_hdr_ks_xor(ks, x, pos + hl, n);
		pos += hl + n;
	}
	return true;
}

/* The extension after its 4-byte header, and its length in *@len. */
static u8 *ksrtp_hdr_ext(u8 *buf, unsigned int *len)
{
	u8 *xhdr = buf + KSRTP_RTP_HDR_LEN + ksrtp_rtp_csrc_len(buf);

	*len = 4 * get_unaligned_be16(xhdr + 2);
	return xhdr + KSRTP_XHDR_LEN;
}

/*
 * Whether RFC 6904 applies to a packet (not cryptex) whose header is
 * whole: 1, 0 (the context lists no IDs, the packet has no extension),
 * or -1 for an extension it cannot walk: malformed.
 */
static int ksrtp_hdr_applies(const struct ksrtp_ctx *ctx, u8 *buf)
{
	const unsigned long *ids = ctx->ring->enc_ids;
	int profile = ksrtp_rtp_profile(buf);
	unsigned int len;
	u8 *x;

	if (!ids || profile < 0)
		return 0;
	x = ksrtp_hdr_ext(buf, &len);
	return ksrtp_hdr_walk(ids, profile, x, len, NULL) ? 1 : -1;
}

/*
 * Encrypt or decrypt (the same) the listed elements of a packet that
 * ksrtp_hdr_applies() to, under the header keys of @mk.
 */
static int ksrtp_hdr_crypt(const struct ksrtp_ctx *ctx,
			   const struct ksrtp_mkey *mk, u8 *buf, u64 index)
{
	struct ksrtp_hdr_ks ks;
	unsigned int len;
	u8 *x;

	if (WARN_ON_ONCE(!mk->hdr))
		return -EINVAL;
	x = ksrtp_hdr_ext(buf, &len);
	ksrtp_hdr_ks_start(&ks, mk->hdr, buf + 8, index);
	ksrtp_hdr_walk(ctx->ring->enc_ids, ksrtp_rtp_profile(buf), x, len,
		       &ks);
	ksrtp_hdr_ks_end(&ks);
	return 0;
}

/*
 * The index comes from the application's sequence number: one that was
 * sent already, or is older than the window of indices sent, would repeat
 * a keystream (for GCM, a nonce). Not sent, as libsrtp refuses it
 * (srtp_err_status_replay_fail).
 */
static enum ksrtp_verdict ksrtp_rtp_protect(struct ksrtp_ctx *ctx,
					    struct ksrtp_packet *p)
{
	struct ksrtp_srtp_layout l;
	bool ok, past_end, fresh = false;
	struct ksrtp_rtp_pos pos;
	struct ksrtp_crypt op;
	struct ksrtp_mkey *mk;
	u8 *buf = p->buf;
	u16 marker = 0;
	__be32 roc;
	u64 index;
	int hdr;

	l.hlen = ksrtp_rtp_header_len(buf, p->len);
	if (!l.hlen || !ksrtp_rtp_padding_ok(buf, l.hlen, p->len))
		return KSRTP_MALFORMED;
	if (ctx->cryptex && !ksrtp_cryptex_marker(buf, &marker))
		return KSRTP_MALFORMED;
	/* A cryptex sender encrypts every element: RFC 6904 is not used. */
	hdr = ctx->cryptex ? 0 : ksrtp_hdr_applies(ctx, buf);
	if (hdr < 0)
		return KSRTP_MALFORMED;

	spin_lock_bh(&ctx->lock);
	ksrtp_rtp_pos_read(ctx, &pos);
	ok = ksrtp_rtp_estimate(&pos, get_unaligned_be16(buf + 2), &index);
	past_end = !ok && ksrtp_rtp_at_last_roc(&pos);
	if (ok)
		fresh = ksrtp_replay_check(&ctx->rtp_replay, index);
	if (fresh) {
		/* Recorded as sent from here on, whatever happens below. */
		ksrtp_replay_update(&ctx->rtp_replay, index);
		ksrtp_rtp_advance(ctx, index);
	}
	spin_unlock_bh(&ctx->lock);
	if (past_end) {
		ksrtp_tx_exhausted(ctx, p, KSRTP_SRTP_KEY_LIMIT - 1);
		return KSRTP_KEY_LIMIT;
	}
	if (!ok)
		return KSRTP_ERROR;	/* before index 0: not a valid packet */
	if (!fresh)
		return KSRTP_REPLAYED;
	mk = ksrtp_tx_key(ctx, p, index);
	if (!mk)
		return KSRTP_KEY_LIMIT;

	if (marker)
		ksrtp_cryptex_mark(buf, &p->len, &l.hlen, marker);
	ksrtp_srtp_place(ctx, p->len, &l);
	if (marker) {
		l.cryptex = true;
		l.csrc_len = ksrtp_rtp_csrc_len(buf);
	}
	memcpy(buf + l.mkioff, mk->mki, ksrtp_mki_len(ctx));
	/* Before the tag or the AEAD, which cover the elements encrypted. */
	if (hdr && ksrtp_hdr_crypt(ctx, mk, buf, index))
		return KSRTP_ERROR;
	ksrtp_srtp_crypt(ctx, buf, &l, index, &roc, &op);
	if (ksrtp_seal(&mk->rtp, &op))
		return KSRTP_ERROR;
	p->len += ksrtp_overhead(ctx, false);
	return KSRTP_OK;
}

/*
 * Find the parts of an SRTP packet; KSRTP_MALFORMED if there are none, if
 * it is marked as cryptex and the context does not take cryptex, or if
 * the context encrypts elements (RFC 6904) and the extension cannot be
 * walked: before any crypto, so nothing of it is ever processed.
 */
static enum ksrtp_verdict ksrtp_rtp_parse(const struct ksrtp_ctx *ctx,
					  const struct ksrtp_packet *p,
					  struct ksrtp_srtp_layout *l)
{
	unsigned int over = ksrtp_overhead(ctx, false);

	if (p->len < over)
		return KSRTP_MALFORMED;
	ksrtp_srtp_place(ctx, p->len - over, l);
	l->hlen = ksrtp_rtp_header_len(p->buf, l->plen);
	if (!l->hlen)
		return KSRTP_MALFORMED;
	if (ksrtp_is_cryptex(ksrtp_rtp_profile(p->buf))) {
		if (!ctx->cryptex)
			return KSRTP_MALFORMED;
		l->cryptex = true;
		l->csrc_len = ksrtp_rtp_csrc_len(p->buf);
		return KSRTP_OK;
	}
	switch (ksrtp_hdr_applies(ctx, p->buf)) {
	case 1:
		l->hdr = true;
		break;
	case -1:
		return KSRTP_MALFORMED;
	}
	return KSRTP_OK;
}

/*
 * A cryptex packet decrypted: its extension header says RFC 8285's
 * profile again (RFC 9335 section 6.3), for the application.
 */
static void ksrtp_cryptex_unmark(u8 *buf, const struct ksrtp_srtp_layout *l)
{
	u8 *xhdr = buf + KSRTP_RTP_HDR_LEN + l->csrc_len;

	if (!l->cryptex)
		return;
	put_unaligned_be16(get_unaligned_be16(xhdr) == KSRTP_XP_CRYPTEX_ONE ?
			   KSRTP_XP_ONE_BYTE : KSRTP_XP_TWO_BYTE, xhdr);
}

/*
 * Verify and decrypt SRTP with the key for @index. A packet that fails is
 * left as it came (ksrtp_open()), so it can be tried with another index.
 */
static enum ksrtp_verdict ksrtp_rtp_open(struct ksrtp_ctx *ctx, u8 *buf,
					 const struct ksrtp_srtp_layout *l,
					 u64 index, struct ksrtp_mkey **mk)
{
	enum ksrtp_verdict v;
	struct ksrtp_crypt op;
	__be32 roc;

	*mk = ksrtp_rx_key(ctx, false, buf + l->mkioff, index);
	if (!*mk)
		return ksrtp_mki_len(ctx) ? KSRTP_MALFORMED : KSRTP_ERROR;
	ksrtp_srtp_crypt(ctx, buf, l, index, &roc, &op);
	v = ksrtp_open_verdict(ksrtp_open(&(*mk)->rtp, &op));
	/* Authenticated: now the elements (RFC 6904). */
	if (v == KSRTP_OK && l->hdr && ksrtp_hdr_crypt(ctx, *mk, buf, index))
		v = KSRTP_ERROR;
	return v;
}

/*
 * Verify and decrypt under the key for *@index. With @retry (until a
 * packet is accepted), one that fails with the initial ROC is tried once
 * more with the next: the sender wrapped before the first packet that
 * reached us. On KSRTP_OK, *@index and *@mk are the index and key the
 * packet verified with. Neither the stream state nor the key's count is
 * changed.
 */
static enum ksrtp_verdict
ksrtp_rtp_authenticate(struct ksrtp_ctx *ctx, u8 *buf,
		       const struct ksrtp_srtp_layout *l, bool retry,
		       u64 *index, struct ksrtp_mkey **mk)
{
	u64 next = *index + (1ULL << 16);
	enum ksrtp_verdict v;

	v = ksrtp_rtp_open(ctx, buf, l, *index, mk);
	if (v != KSRTP_AUTH_FAILED || !retry || (*index >> 16) == U32_MAX)
		return v;
	v = ksrtp_rtp_open(ctx, buf, l, next, mk);
	if (v == KSRTP_OK)
		*index = next;
	return v;
}

/*
 * Verify, replay-check and decrypt SRTP. The stream lock is taken once,
 * to commit a packet that authenticated (ksrtp_rx_accept()), where the
 * replay check that counts is made on the index the packet authenticated
 * with. Before the crypto, the estimation and a first replay check read
 * the stream state without the lock, so that a replay costs no crypto.
 */
static enum ksrtp_verdict ksrtp_rtp_unprotect(struct ksrtp_ctx *ctx,
					      struct ksrtp_packet *p)
{
	struct ksrtp_srtp_layout l;
	struct ksrtp_rtp_pos pos;
	struct ksrtp_mkey *mk;
	enum ksrtp_verdict v;
	u64 index;

	v = ksrtp_rtp_parse(ctx, p, &l);
	if (v != KSRTP_OK)
		return v;

	ksrtp_rtp_pos_read(ctx, &pos);
	if (!ksrtp_rtp_estimate(&pos, get_unaligned_be16(p->buf + 2),
				&index)) {
		if (!ksrtp_rtp_at_last_roc(&pos))
			return KSRTP_REPLAYED;	/* before index 0 */
		/* Past ROC 2^32 - 1: the index space, so the key, is used up. */
		ksrtp_tx_exhausted(ctx, p, KSRTP_SRTP_KEY_LIMIT - 1);
		return KSRTP_KEY_LIMIT;
	}

	if (!ksrtp_replay_check_hint(&ctx->rtp_replay, index))
		return KSRTP_REPLAYED;

	v = ksrtp_rtp_authenticate(ctx, p->buf, &l, !pos.started, &index, &mk);
	if (v != KSRTP_OK)
		return v;
	v = ksrtp_rx_accept(ctx, mk, false, index, &p->key_event);
	if (v != KSRTP_OK)
		return v;
	if (!ksrtp_rtp_padding_ok(p->buf, l.hlen, l.plen))
		return KSRTP_BAD_PADDING;
	ksrtp_cryptex_unmark(p->buf, &l);
	p->len = l.plen;
	return KSRTP_OK;
}

/*
 * ksrtp_rtp_unprotect() up to and including authentication, for the
 * packet taken as the first of a new stream (see ksrtp_probe()): the
 * initial ROC, then the next. The stream state is neither used nor
 * changed.
 */
static enum ksrtp_verdict ksrtp_rtp_probe(struct ksrtp_ctx *ctx,
					  struct ksrtp_packet *p)
{
	struct ksrtp_srtp_layout l;
	struct ksrtp_rtp_pos pos;
	struct ksrtp_mkey *mk;
	enum ksrtp_verdict v;
	u64 index;

	v = ksrtp_rtp_parse(ctx, p, &l);
	if (v != KSRTP_OK)
		return v;
	ksrtp_rtp_pos_read(ctx, &pos);
	index = ksrtp_rtp_first_index(&pos, get_unaligned_be16(p->buf + 2));
	return ksrtp_rtp_authenticate(ctx, p->buf, &l, true, &index, &mk);
}

/* SRTCP's parts for the crypto layer; all clear when E is 0. */
static void ksrtp_srtcp_crypt(const struct ksrtp_ctx *ctx, u8 *buf,
			      const struct ksrtp_srtcp_layout *l, u32 index,
			      struct ksrtp_crypt *op)
{
	unsigned int clear = ksrtp_rtcp_encrypted(ctx) ? KSRTP_RTCP_HDR_LEN :
							 l->plen;

	*op = (struct ksrtp_crypt) {
		.buf = buf,
		.clear_len = clear,
		.data_len = l->plen - clear,
		.extra = buf + l->toff,
		.extra_len = KSRTP_SRTCP_TRAILER_LEN,
		.tag = buf + l->tagoff,
		.tag_len = ctx->suite->rtcp_tag_len,
		.ssrc = buf + 4,
		.index = index,
	};
}

/*
 * The SRTCP index never wraps: past 2^31 - 1 the master key is used up.
 * The counter only goes up (SET refuses a move back); the record of
 * indices sent makes sure, should it ever not, that none is reused.
 */
static enum ksrtp_verdict ksrtp_rtcp_protect(struct ksrtp_ctx *ctx,
					     struct ksrtp_packet *p)
{
	struct ksrtp_srtcp_layout l;
	struct ksrtp_crypt op;
	struct ksrtp_mkey *mk;
	bool fresh = false;
	u32 index;

	if (p->len < KSRTP_RTCP_HDR_LEN)
		return KSRTP_MALFORMED;

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
		ksrtp_tx_exhausted(ctx, p, KSRTP_SRTCP_INDEX_MAX);
		return KSRTP_KEY_LIMIT;
	}
	if (!fresh)
		return KSRTP_REPLAYED;
	mk = ksrtp_tx_key(ctx, p, index);
	if (!mk)
		return KSRTP_KEY_LIMIT;

	ksrtp_srtcp_place(ctx, p->len, &l);
	put_unaligned_be32((ksrtp_rtcp_encrypted(ctx) ? KSRTP_SRTCP_E_BIT : 0) |
			   index, p->buf + l.toff);
	memcpy(p->buf + l.mkioff, mk->mki, ksrtp_mki_len(ctx));
	ksrtp_srtcp_crypt(ctx, p->buf, &l, index, &op);
	if (ksrtp_seal(&mk->rtcp, &op))
		return KSRTP_ERROR;
	p->len += ksrtp_overhead(ctx, true);
	return KSRTP_OK;
}

/*
 * Find the parts of an SRTCP packet and its index; KSRTP_MALFORMED if
 * there are none, or if E does not say what the suite and
 * UNENCRYPTED_SRTCP do (libsrtp2 refuses that too).
 */
static enum ksrtp_verdict ksrtp_rtcp_parse(const struct ksrtp_ctx *ctx,
					   const struct ksrtp_packet *p,
					   struct ksrtp_srtcp_layout *l,
					   u32 *index)
{
	unsigned int plen;
	u32 trailer;

	if (!ksrtp_srtcp_plen(ctx, p->len, &plen))
		return KSRTP_MALFORMED;
	ksrtp_srtcp_place(ctx, plen, l);
	trailer = get_unaligned_be32(p->buf + l->toff);
	*index = trailer & KSRTP_SRTCP_INDEX_MAX;

	/* E must say what the context does: never trust it to skip a step. */
	if (!!(trailer & KSRTP_SRTCP_E_BIT) != ksrtp_rtcp_encrypted(ctx))
		return KSRTP_MALFORMED;
	return KSRTP_OK;
}

/*
 * Verify and decrypt SRTCP with the key for its index; on KSRTP_OK, *@mk
 * is that key. Neither the stream state nor the key's count is changed.
 */
static enum ksrtp_verdict
ksrtp_rtcp_authenticate(struct ksrtp_ctx *ctx, u8 *buf,
			const struct ksrtp_srtcp_layout *l, u32 index,
			struct ksrtp_mkey **mk)
{
	struct ksrtp_crypt op;

	*mk = ksrtp_rx_key(ctx, true, buf + l->mkioff, index);
	if (!*mk)
		return ksrtp_mki_len(ctx) ? KSRTP_MALFORMED : KSRTP_ERROR;
	ksrtp_srtcp_crypt(ctx, buf, l, index, &op);
	return ksrtp_open_verdict(ksrtp_open(&(*mk)->rtcp, &op));
}

/* SRTCP's ksrtp_rtp_unprotect(): one lock, to commit. */
static enum ksrtp_verdict ksrtp_rtcp_unprotect(struct ksrtp_ctx *ctx,
					       struct ksrtp_packet *p)
{
	struct ksrtp_srtcp_layout l;
	struct ksrtp_mkey *mk;
	enum ksrtp_verdict v;
	u32 index;

	v = ksrtp_rtcp_parse(ctx, p, &l, &index);
	if (v != KSRTP_OK)
		return v;
	if (!ksrtp_replay_check_hint(&ctx->rtcp_replay, index))
		return KSRTP_REPLAYED;
	v = ksrtp_rtcp_authenticate(ctx, p->buf, &l, index, &mk);
	if (v != KSRTP_OK)
		return v;
	v = ksrtp_rx_accept(ctx, mk, true, index, &p->key_event);
	if (v != KSRTP_OK)
		return v;
	p->len = l.plen;
	return KSRTP_OK;
}

/*
 * SRTCP's ksrtp_rtp_probe(): any index is taken, so the replay window is
 * not consulted; the stream state is neither used nor changed.
 */
static enum ksrtp_verdict ksrtp_rtcp_probe(struct ksrtp_ctx *ctx,
					   struct ksrtp_packet *p)
{
	struct ksrtp_srtcp_layout l;
	struct ksrtp_mkey *mk;
	enum ksrtp_verdict v;
	u32 index;

	v = ksrtp_rtcp_parse(ctx, p, &l, &index);
	if (v != KSRTP_OK)
		return v;
	return ksrtp_rtcp_authenticate(ctx, p->buf, &l, index, &mk);
}

/*
 * The keys a packet uses are found and used under RCU: a key removed
 * meanwhile is freed only after the packet is done with it.
 */
enum ksrtp_verdict ksrtp_protect(struct ksrtp_ctx *ctx, struct ksrtp_packet *p)
{
	enum ksrtp_verdict v;

	rcu_read_lock();
	if (p->rtcp)
		v = ksrtp_rtcp_protect(ctx, p);
	else
		v = ksrtp_rtp_protect(ctx, p);
	rcu_read_unlock();
	return v;
}

enum ksrtp_verdict ksrtp_unprotect(struct ksrtp_ctx *ctx,
				   struct ksrtp_packet *p)
{
	enum ksrtp_verdict v;

	rcu_read_lock();
	if (p->rtcp)
		v = ksrtp_rtcp_unprotect(ctx, p);
	else
		v = ksrtp_rtp_unprotect(ctx, p);
	rcu_read_unlock();
	return v;
}

enum ksrtp_verdict ksrtp_probe(struct ksrtp_ctx *ctx, struct ksrtp_packet *p)
{
	enum ksrtp_verdict v;

	rcu_read_lock();
	if (p->rtcp)
		v = ksrtp_rtcp_probe(ctx, p);
	else
		v = ksrtp_rtp_probe(ctx, p);
	rcu_read_unlock();
	return v;
}
