// SPDX-License-Identifier: GPL-2.0
/*
 * Counters, events and drop traces of the data path, raised here and
 * nowhere below: the wire format (srtp.c) and the crypto layer report
 * what happened, the hooks record it.
 */

#include "account.h"
#include "events.h"

void ksrtp_account(struct ksrtp_ctx *ctx, enum ksrtp_verdict v,
		   const struct ksrtp_packet *p)
{
	if (p->key_event)
		ksrtp_event_key(ctx);
	switch (v) {
	case KSRTP_OK:
		ksrtp_ctx_count(ctx, p->rtcp ? KSRTP_STAT_RTCP_PACKETS :
				KSRTP_STAT_RTP_PACKETS, 1);
		ksrtp_ctx_count(ctx, p->rtcp ? KSRTP_STAT_RTCP_BYTES :
				KSRTP_STAT_RTP_BYTES, p->len);
		break;
	case KSRTP_MALFORMED:
	case KSRTP_BAD_PADDING:
		ksrtp_ctx_count(ctx, KSRTP_STAT_MALFORMED, 1);
		break;
	case KSRTP_AUTH_FAILED:
		ksrtp_ctx_count(ctx, KSRTP_STAT_AUTH_FAILURES, 1);
		ksrtp_event_auth(ctx);
		break;
	case KSRTP_REPLAYED:
		ksrtp_ctx_count(ctx, KSRTP_STAT_REPLAYS, 1);
		break;
	case KSRTP_ERROR:
		ksrtp_ctx_count(ctx, KSRTP_STAT_ERRORS, 1);
		break;
	case KSRTP_KEY_LIMIT:
		ksrtp_ctx_count(ctx, KSRTP_STAT_KEY_LIMIT, 1);
		break;
	}
}

enum ksrtp_drop_reason ksrtp_drop_reason(enum ksrtp_verdict v)
{
	switch (v) {
	case KSRTP_MALFORMED:
		return KSRTP_DROP_MALFORMED;
	case KSRTP_BAD_PADDING:
		return KSRTP_DROP_BAD_PADDING;
	case KSRTP_AUTH_FAILED:
		return KSRTP_DROP_AUTH;
	case KSRTP_REPLAYED:
		return KSRTP_DROP_REPLAY;
	case KSRTP_KEY_LIMIT:
		return KSRTP_DROP_KEY_LIMIT;
	default:
		return KSRTP_DROP_ERROR;
	}
}

/*
 * The RTP sequence number or SRTCP index that a dropped datagram shows,
 * or -1 if it shows none (outbound SRTCP takes its index from the
 * context; a decrypted SRTCP packet has lost its trailer).
 */
static s64 ksrtp_shown_index(const struct ksrtp_ctx *ctx,
			     const struct sk_buff *skb,
			     const struct ksrtp_dgram *d)
{
	unsigned int off, size;
	u8 _f[4];
	const u8 *f;

	if (!ksrtp_index_field(ctx, d->rtcp, ksrtp_dgram_len(d), &off, &size))
		return -1;
	f = skb_header_pointer(skb, ksrtp_dgram_off(d) + off, size, _f);
	return f ? ksrtp_index_read(d->rtcp, f) : -1;
}

void ksrtp_trace_drop(const struct ksrtp_ctx *ctx, enum ksrtp_drop_reason why,
		      const struct sk_buff *skb, const struct ksrtp_dgram *d)
{
	if (trace_ksrtp_drop_enabled())
		trace_ksrtp_drop(ctx, why, d->key.ssrc, d->rtcp,
				 ksrtp_shown_index(ctx, skb, d));
}
