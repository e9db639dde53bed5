/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_ACCOUNT_H
#define _KSRTP_ACCOUNT_H

#include <uapi/linux/ksrtp.h>

#include "dgram.h"
#include "srtp.h"
#include "trace.h"

/*
 * What the data path did with a datagram, recorded in one place: the
 * context's counters, the events a daemon must act on, and the
 * ksrtp_drop tracepoint. srtp.c and the crypto layer only return
 * verdicts; the hooks call these.
 */

/**
 * ksrtp_account() - count a verdict on a context and raise its events
 * @ctx: the context (or template) the datagram was counted on
 * @v: the verdict
 * @p: the packet as srtp.c left it: its kind, its length on KSRTP_OK
 *	(the bytes counted), whether a key reached a limit
 *
 * BHs off: the counters are per CPU.
 */
void ksrtp_account(struct ksrtp_ctx *ctx, enum ksrtp_verdict v,
		   const struct ksrtp_packet *p);

/**
 * ksrtp_drop_reason() - the tracepoint's reason for a verdict
 * @v: a verdict other than KSRTP_OK
 *
 * Return: the reason.
 */
enum ksrtp_drop_reason ksrtp_drop_reason(enum ksrtp_verdict v);

/**
 * ksrtp_trace_drop() - the ksrtp_drop tracepoint, for a datagram counted
 *	on @ctx
 * @ctx: the context
 * @why: the reason
 * @skb: the packet
 * @d: its datagram
 *
 * Free when the tracepoint is off.
 */
void ksrtp_trace_drop(const struct ksrtp_ctx *ctx, enum ksrtp_drop_reason why,
		      const struct sk_buff *skb, const struct ksrtp_dgram *d);

#endif /* _KSRTP_ACCOUNT_H */
