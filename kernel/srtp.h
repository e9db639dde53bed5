/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_SRTP_H
#define _KSRTP_SRTP_H

#include <linux/types.h>

struct ksrtp_ctx;
struct ksrtp_mkey;

#define KSRTP_RTP_HDR_LEN	12
#define KSRTP_RTCP_HDR_LEN	8
#define KSRTP_SRTCP_TRAILER_LEN	4
#define KSRTP_SRTCP_E_BIT	0x80000000u
#define KSRTP_SRTCP_INDEX_MAX	0x7fffffffu

enum ksrtp_verdict {
	KSRTP_OK,
	KSRTP_MALFORMED,	/* impossible lengths or fields */
	KSRTP_AUTH_FAILED,	/* tag did not verify */
	KSRTP_REPLAYED,		/* index already seen (out: sent), or too old */
	KSRTP_ERROR,		/* local failure: crypto error, no memory */
	KSRTP_KEY_LIMIT,	/* the key needed is used up */
	KSRTP_BAD_PADDING,	/* authentic, but its padding is impossible */
};

/*
 * The transforms work in place on a linear buffer holding one UDP payload
 * of @len bytes. Protection appends the trailer and tag, so the buffer must
 * have ksrtp_overhead() bytes of room past @len. On KSRTP_OK, *@out_len is
 * the new length; on any other verdict the buffer may have been changed
 * only if protecting, and the context's stream state is unchanged when
 * unprotecting. Each takes the RCU read lock for the keys, and the
 * stream lock (ksrtp_ctx.lock) for the index and the replay window.
 */

/**
 * ksrtp_rtp_protect() - protect one RTP packet in place (SRTP)
 * @ctx: an outbound context
 * @buf: the packet, with ksrtp_overhead() bytes of room past @len
 * @len: its length
 * @out_len: on KSRTP_OK, the length of the SRTP packet
 *
 * Return: the verdict.
 */
enum ksrtp_verdict ksrtp_rtp_protect(struct ksrtp_ctx *ctx, u8 *buf,
				     unsigned int len, unsigned int *out_len);
/**
 * ksrtp_rtp_unprotect() - verify, replay-check and decrypt one SRTP packet
 * @ctx: an inbound context
 * @buf: the packet, decrypted in place
 * @len: its length
 * @out_len: on KSRTP_OK, the length of the RTP packet
 *
 * Return: the verdict; on any but KSRTP_OK the stream state is unchanged.
 */
enum ksrtp_verdict ksrtp_rtp_unprotect(struct ksrtp_ctx *ctx, u8 *buf,
				       unsigned int len, unsigned int *out_len);
/**
 * ksrtp_rtcp_protect() - protect one RTCP packet in place (SRTCP)
 * @ctx: an outbound context
 * @buf: the packet, with ksrtp_overhead() bytes of room past @len
 * @len: its length
 * @out_len: on KSRTP_OK, the length of the SRTCP packet
 *
 * Return: the verdict.
 */
enum ksrtp_verdict ksrtp_rtcp_protect(struct ksrtp_ctx *ctx, u8 *buf,
				      unsigned int len, unsigned int *out_len);
/**
 * ksrtp_rtcp_unprotect() - verify, replay-check and decrypt one SRTCP
 *	packet
 * @ctx: an inbound context
 * @buf: the packet, decrypted in place
 * @len: its length
 * @out_len: on KSRTP_OK, the length of the RTCP packet
 *
 * Return: the verdict; on any but KSRTP_OK the stream state is unchanged.
 */
enum ksrtp_verdict ksrtp_rtcp_unprotect(struct ksrtp_ctx *ctx, u8 *buf,
					unsigned int len,
					unsigned int *out_len);

/**
 * ksrtp_probe() - would @ctx accept this packet as the first of a new
 *	stream?
 * @ctx: an inbound template
 * @buf: the packet
 * @len: its length
 * @rtcp: SRTCP rather than SRTP
 *
 * As a template's spare would (the initial ROC, and the next if that
 * fails; any SRTCP index). The checks of unprotecting up to and including
 * authentication; the context's stream state is neither used nor
 * changed, and the key's use is not counted. A template uses it when it
 * has no spare context to learn the packet's SSRC with, to tell a
 * forgery from a packet that comes too soon. A packet that fails is left
 * as it came; an authentic one may have been decrypted (AES-GCM decrypts
 * in place), so it cannot be passed on as it came.
 *
 * Return: KSRTP_OK if authentic, KSRTP_AUTH_FAILED if not, else
 * KSRTP_MALFORMED or KSRTP_ERROR.
 */
enum ksrtp_verdict ksrtp_probe(struct ksrtp_ctx *ctx, u8 *buf,
			       unsigned int len, bool rtcp);

/**
 * ksrtp_rx_accept() - the last step of unprotecting an authentic packet
 * @ctx: the inbound context
 * @mk: the key it authenticated with
 * @rtcp: SRTCP rather than SRTP
 * @index: its index
 *
 * Under the stream lock: the replay check again (another CPU may have
 * accepted a copy of the packet meanwhile), then the key's count and
 * limits, then the record of the index. Only a packet that is accepted
 * counts against its key: a copy that lost the race is KSRTP_REPLAYED and
 * leaves the key's count (and its soft and hard limit events) alone.
 * Called from the receive path; the self-tests call it as the losing CPU.
 *
 * Return: KSRTP_OK, KSRTP_REPLAYED or KSRTP_KEY_LIMIT.
 */
enum ksrtp_verdict ksrtp_rx_accept(struct ksrtp_ctx *ctx,
				   struct ksrtp_mkey *mk, bool rtcp,
				   u64 index);

/**
 * ksrtp_overhead() - the bytes protection adds to one packet
 * @ctx: the context
 * @rtcp: SRTCP rather than SRTP
 *
 * Return: tag and MKI, plus the E+index trailer for SRTCP.
 */
unsigned int ksrtp_overhead(const struct ksrtp_ctx *ctx, bool rtcp);

/*
 * RFC 5761 section 4: RTCP packet types 192..223 in the second byte; RFC
 * 7983: the first byte tells RTP/RTCP from the protocols a protected port
 * passes (ksrtp_is_passed()).
 */

/**
 * ksrtp_is_rtp_or_rtcp() - does the first byte say RTP or RTCP (RFC 7983)?
 * @first: the datagram's first byte
 *
 * Return: true for 128..191.
 */
static inline bool ksrtp_is_rtp_or_rtcp(u8 first)
{
	return first >= 128 && first <= 191;
}

/**
 * ksrtp_is_passed() - is the datagram one a protected port passes?
 * @first: the datagram's first byte
 *
 * Return: true for STUN 0..3; ZRTP 16..19, DTLS 20..63, TURN channel
 * data 64..79.
 */
static inline bool ksrtp_is_passed(u8 first)
{
	return first <= 3 || (first >= 16 && first <= 79);
}

/**
 * ksrtp_is_rtcp() - does the second byte say RTCP (RFC 5761 section 4)?
 * @second: the datagram's second byte
 *
 * Return: true for packet types 192..223.
 */
static inline bool ksrtp_is_rtcp(u8 second)
{
	return second >= 192 && second <= 223;
}

#endif /* _KSRTP_SRTP_H */
