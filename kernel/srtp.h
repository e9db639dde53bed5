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

/**
 * struct ksrtp_packet - one RTP or RTCP packet, in a linear buffer
 * @buf: the packet, changed in place; protecting grows it by at most
 *	ksrtp_growth() bytes, which must be there past @len
 * @len: its length; on KSRTP_OK, the new one
 * @rtcp: RTCP (SRTCP) rather than RTP (SRTP), from ksrtp_classify()
 * @key_event: set when one of the context's keys reached a limit (its
 *	flags say which): the caller raises the key event. Whatever the
 *	verdict; start with false.
 *
 * The caller's, on its stack.
 */
struct ksrtp_packet {
	u8 *buf;
	unsigned int len;
	bool rtcp;
	bool key_event;
};

/**
 * ksrtp_protect() - protect one packet in place: RTP into SRTP, RTCP into
 *	SRTCP
 * @ctx: an outbound context
 * @p: the packet
 *
 * Takes the next index (SRTCP) or the one the sequence number gives
 * (SRTP) under the stream lock, ksrtp_ctx.lock, and records it as sent
 * whatever happens next: an index is never used twice. The keys are used
 * under RCU.
 *
 * Return: the verdict; on any but KSRTP_OK the buffer may have changed.
 */
enum ksrtp_verdict ksrtp_protect(struct ksrtp_ctx *ctx, struct ksrtp_packet *p);
/**
 * ksrtp_unprotect() - verify, replay-check and decrypt one packet in place
 * @ctx: an inbound context
 * @p: the packet
 *
 * The stream lock is taken once, to commit a packet that authenticated:
 * the replay check, the key's count, the new top (ksrtp_rx_accept()).
 * The index estimation and a first replay check before the crypto read
 * the stream state without the lock (a hint: the index a packet
 * authenticates with is the one its sender used, and the check under
 * the lock is the one that counts).
 *
 * Return: the verdict; on any but KSRTP_OK the stream state is unchanged,
 * and a packet that did not authenticate is as it came.
 */
enum ksrtp_verdict ksrtp_unprotect(struct ksrtp_ctx *ctx,
				   struct ksrtp_packet *p);
/**
 * ksrtp_probe() - would @ctx accept this packet as the first of a new
 *	stream?
 * @ctx: an inbound template
 * @p: the packet
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
enum ksrtp_verdict ksrtp_probe(struct ksrtp_ctx *ctx, struct ksrtp_packet *p);

/**
 * ksrtp_rx_accept() - the last step of unprotecting an authentic packet
 * @ctx: the inbound context
 * @mk: the key it authenticated with
 * @rtcp: SRTCP rather than SRTP
 * @index: its index
 * @key_event: set if the key reached a limit
 *
 * Under the stream lock: the replay check (another CPU may have accepted
 * a copy of the packet meanwhile), then the key's count and limits, then
 * the record of the index. Only a packet that is accepted counts against
 * its key: a copy that lost the race is KSRTP_REPLAYED and leaves the
 * key's count (and its soft and hard limit events) alone. Called from
 * the receive path; the self-tests call it as the losing CPU.
 *
 * Return: KSRTP_OK, KSRTP_REPLAYED or KSRTP_KEY_LIMIT.
 */
enum ksrtp_verdict ksrtp_rx_accept(struct ksrtp_ctx *ctx,
				   struct ksrtp_mkey *mk, bool rtcp,
				   u64 index, bool *key_event);

/**
 * ksrtp_overhead() - the bytes protection adds to one packet
 * @ctx: the context
 * @rtcp: SRTCP rather than SRTP
 *
 * Return: tag and MKI, plus the E+index trailer for SRTCP.
 */
unsigned int ksrtp_overhead(const struct ksrtp_ctx *ctx, bool rtcp);
/**
 * ksrtp_growth() - the most bytes protecting one packet adds
 * @ctx: the context
 * @rtcp: SRTCP rather than SRTP
 *
 * What the room past the packet and the MTU must allow for.
 *
 * Return: ksrtp_overhead(), plus for SRTP of an outbound cryptex context
 * the empty extension a packet with CSRCs and none gets (RFC 9335).
 */
unsigned int ksrtp_growth(const struct ksrtp_ctx *ctx, bool rtcp);

/**
 * ksrtp_index_field() - where a packet shows its index, for a trace
 * @ctx: its context
 * @rtcp: RTCP rather than RTP
 * @len: the packet's length
 * @off: set to the field's offset in the packet
 * @size: set to its size
 *
 * RTP: the sequence number; inbound SRTCP: the E+index word.
 *
 * Return: false if it shows none (outbound SRTCP takes its index from
 * the context; a packet too short).
 */
bool ksrtp_index_field(const struct ksrtp_ctx *ctx, bool rtcp,
		       unsigned int len, unsigned int *off, unsigned int *size);
/**
 * ksrtp_index_read() - the index in a field ksrtp_index_field() found
 * @rtcp: RTCP rather than RTP
 * @field: the field's bytes
 *
 * Return: the sequence number, or the SRTCP index without E.
 */
s64 ksrtp_index_read(bool rtcp, const u8 *field);

/* What a datagram to or from a port with contexts is (RFC 7983). */
enum ksrtp_kind {
	KSRTP_KIND_RTP,
	KSRTP_KIND_RTCP,
	KSRTP_KIND_PASSED,	/* STUN, ZRTP, DTLS, TURN channel data */
	KSRTP_KIND_OTHER,	/* anything else, or too short */
};

/* How many first bytes of a datagram ksrtp_classify() reads, at most. */
#define KSRTP_CLASSIFY_LEN	KSRTP_RTP_HDR_LEN

/**
 * ksrtp_classify() - what a UDP payload is, and its SSRC
 * @head: its first min(@len, KSRTP_CLASSIFY_LEN) bytes
 * @len: the payload's length
 * @ssrc: set, for RTP and RTCP, to the SSRC (the sender's for RTCP)
 *
 * Return: the kind.
 */
enum ksrtp_kind ksrtp_classify(const u8 *head, unsigned int len,
			       __be32 *ssrc);

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
