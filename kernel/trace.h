/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the ksrtp system: dropped datagrams with their reason,
 * and the life of contexts. They cost a patched-out branch while disabled.
 * No event carries key material or payload: only what the wire, the
 * netlink replies or the counters already show. Documentation in
 * Documentation/troubleshooting.rst, "Tracepoints".
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ksrtp

#if !defined(_KSRTP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _KSRTP_TRACE_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <net/net_namespace.h>
#include <uapi/linux/ksrtp.h>

#include "context.h"
#include "forward.h"
#include "guard.h"

#ifndef _KSRTP_TRACE_ONCE
#define _KSRTP_TRACE_ONCE

/**
 * enum ksrtp_drop_reason - why a datagram was dropped
 * @KSRTP_DROP_MALFORMED: malformed
 * @KSRTP_DROP_BAD_PADDING: malformed: authentic, bad padding
 * @KSRTP_DROP_AUTH: auth-failures
 * @KSRTP_DROP_REPLAY: replays
 * @KSRTP_DROP_KEY_LIMIT: key-limit
 * @KSRTP_DROP_UNKNOWN_SSRC: unknown-ssrc: the template is full
 * @KSRTP_DROP_ERROR: errors: memory, crypto, no index
 * @KSRTP_DROP_TOO_BIG: errors: over the path MTU with DF
 * @KSRTP_DROP_GSO: errors: a batch could not be split
 * @KSRTP_DROP_NO_SPARE: errors: learning not ready yet
 * @KSRTP_DROP_REPEAT: replays: outbound, index already sent
 *
 * Each reason adds to one counter of the context (KSRTP_STATS_A_*, named
 * first); some counters have several reasons.
 */
enum ksrtp_drop_reason {
	KSRTP_DROP_MALFORMED = 1,
	KSRTP_DROP_BAD_PADDING,
	KSRTP_DROP_AUTH,
	KSRTP_DROP_REPLAY,
	KSRTP_DROP_KEY_LIMIT,
	KSRTP_DROP_UNKNOWN_SSRC,
	KSRTP_DROP_ERROR,
	KSRTP_DROP_TOO_BIG,
	KSRTP_DROP_GSO,
	KSRTP_DROP_NO_SPARE,
	KSRTP_DROP_REPEAT,
};

/**
 * ksrtp_trace_sa() - a socket address for %pISpc
 * @buf: room for a struct sockaddr_in6, in the trace entry
 * @family: AF_INET or AF_INET6
 * @addr: a context's address (IPv4 in the first 4 bytes)
 * @port: its port
 */
static inline void ksrtp_trace_sa(void *buf, u8 family,
				  const struct in6_addr *addr, __be16 port)
{
	memset(buf, 0, sizeof(struct sockaddr_in6));
	if (family == AF_INET) {
		struct sockaddr_in *sin = buf;

		sin->sin_family = AF_INET;
		sin->sin_port = port;
		memcpy(&sin->sin_addr, addr, sizeof(sin->sin_addr));
	} else {
		struct sockaddr_in6 *sin6 = buf;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = port;
		sin6->sin6_addr = *addr;
	}
}

#endif /* _KSRTP_TRACE_ONCE */

TRACE_DEFINE_ENUM(KSRTP_DROP_MALFORMED);
TRACE_DEFINE_ENUM(KSRTP_DROP_BAD_PADDING);
TRACE_DEFINE_ENUM(KSRTP_DROP_AUTH);
TRACE_DEFINE_ENUM(KSRTP_DROP_REPLAY);
TRACE_DEFINE_ENUM(KSRTP_DROP_KEY_LIMIT);
TRACE_DEFINE_ENUM(KSRTP_DROP_UNKNOWN_SSRC);
TRACE_DEFINE_ENUM(KSRTP_DROP_ERROR);
TRACE_DEFINE_ENUM(KSRTP_DROP_TOO_BIG);
TRACE_DEFINE_ENUM(KSRTP_DROP_GSO);
TRACE_DEFINE_ENUM(KSRTP_DROP_NO_SPARE);
TRACE_DEFINE_ENUM(KSRTP_DROP_REPEAT);

#define ksrtp_show_drop_reason(r)					\
	__print_symbolic(r,						\
			 { KSRTP_DROP_MALFORMED, "malformed" },		\
			 { KSRTP_DROP_BAD_PADDING, "bad_padding" },	\
			 { KSRTP_DROP_AUTH, "auth" },			\
			 { KSRTP_DROP_REPLAY, "replay" },		\
			 { KSRTP_DROP_KEY_LIMIT, "key_limit" },		\
			 { KSRTP_DROP_UNKNOWN_SSRC, "unknown_ssrc" },	\
			 { KSRTP_DROP_ERROR, "error" },			\
			 { KSRTP_DROP_TOO_BIG, "too_big" },		\
			 { KSRTP_DROP_GSO, "gso" },			\
			 { KSRTP_DROP_NO_SPARE, "no_spare" },		\
			 { KSRTP_DROP_REPEAT, "repeat" })

TRACE_DEFINE_ENUM(KSRTP_DIR_INBOUND);
TRACE_DEFINE_ENUM(KSRTP_DIR_OUTBOUND);

#define ksrtp_show_dir(d)						\
	__print_symbolic(d,						\
			 { KSRTP_DIR_INBOUND, "in" },			\
			 { KSRTP_DIR_OUTBOUND, "out" })

TRACE_DEFINE_ENUM(KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
TRACE_DEFINE_ENUM(KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32);
TRACE_DEFINE_ENUM(KSRTP_SUITE_AES_192_CM_HMAC_SHA1_80);
TRACE_DEFINE_ENUM(KSRTP_SUITE_AES_192_CM_HMAC_SHA1_32);
TRACE_DEFINE_ENUM(KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80);
TRACE_DEFINE_ENUM(KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32);
TRACE_DEFINE_ENUM(KSRTP_SUITE_NULL_HMAC_SHA1_80);
TRACE_DEFINE_ENUM(KSRTP_SUITE_NULL_HMAC_SHA1_32);
TRACE_DEFINE_ENUM(KSRTP_SUITE_AEAD_AES_128_GCM);
TRACE_DEFINE_ENUM(KSRTP_SUITE_AEAD_AES_256_GCM);

#define ksrtp_show_suite(s)						\
	__print_symbolic(s,						\
			 { KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,		\
			   "AES_CM_128_HMAC_SHA1_80" },			\
			 { KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32,		\
			   "AES_CM_128_HMAC_SHA1_32" },			\
			 { KSRTP_SUITE_AES_192_CM_HMAC_SHA1_80,		\
			   "AES_192_CM_HMAC_SHA1_80" },			\
			 { KSRTP_SUITE_AES_192_CM_HMAC_SHA1_32,		\
			   "AES_192_CM_HMAC_SHA1_32" },			\
			 { KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80,		\
			   "AES_256_CM_HMAC_SHA1_80" },			\
			 { KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32,		\
			   "AES_256_CM_HMAC_SHA1_32" },			\
			 { KSRTP_SUITE_NULL_HMAC_SHA1_80,		\
			   "NULL_HMAC_SHA1_80" },			\
			 { KSRTP_SUITE_NULL_HMAC_SHA1_32,		\
			   "NULL_HMAC_SHA1_32" },			\
			 { KSRTP_SUITE_AEAD_AES_128_GCM,		\
			   "AEAD_AES_128_GCM" },			\
			 { KSRTP_SUITE_AEAD_AES_256_GCM,		\
			   "AEAD_AES_256_GCM" })

/**
 * ksrtp_drop - a datagram that ksrtp dropped
 * @ctx: the context that counted it (for a packet of an unknown SSRC, the
 *	template of its session)
 * @reason: why
 * @ssrc: the packet's own SSRC
 * @rtcp: SRTCP, else SRTP
 * @index: its RTP sequence number or SRTCP index when the packet shows
 *	it, -1 otherwise
 */
TRACE_EVENT(ksrtp_drop,
	    TP_PROTO(const struct ksrtp_ctx *ctx,
		     enum ksrtp_drop_reason reason, __be32 ssrc, bool rtcp,
		     s64 index),
	    TP_ARGS(ctx, reason, ssrc, rtcp, index),
	    TP_STRUCT__entry(__field(u32, netns)
			     __field(u32, id)
			     __field(u32, ssrc)
			     __field(s64, index)
			     __field(u8, dir)
			     __field(u8, rtcp)
			     __field(u8, reason)),
	    TP_fast_assign(__entry->netns = ctx->net ? ctx->net->ns.inum : 0;
			   __entry->id = ctx->id;
			   __entry->ssrc = be32_to_cpu(ssrc);
			   __entry->index = index;
			   __entry->dir = ctx->key.dir;
			   __entry->rtcp = rtcp;
			   __entry->reason = reason;),
	    TP_printk("netns=%u id=%u dir=%s ssrc=0x%08x %s index=%lld reason=%s",
		      __entry->netns, __entry->id,
		      ksrtp_show_dir(__entry->dir), __entry->ssrc,
		      __entry->rtcp ? "srtcp" : "srtp", __entry->index,
		      ksrtp_show_drop_reason(__entry->reason))
);

TRACE_DEFINE_ENUM(KSRTP_REFUSE_UNKNOWN_SSRC);
TRACE_DEFINE_ENUM(KSRTP_REFUSE_NOT_SRTP);
TRACE_DEFINE_ENUM(KSRTP_REFUSE_MALFORMED);

#define ksrtp_show_refusal(r)						\
	__print_symbolic(r,						\
			 { KSRTP_REFUSE_UNKNOWN_SSRC, "unknown_ssrc" },	\
			 { KSRTP_REFUSE_NOT_SRTP, "not_srtp" },		\
			 { KSRTP_REFUSE_MALFORMED, "malformed" })

/**
 * ksrtp_refuse - a datagram to a protected port that no context owns,
 *	dropped
 * @net: the namespace
 * @why: the reason, counted in the namespace's KSRTP_NET_A_* counter
 * @t: its local and remote socket address and, for RTP/RTCP, its SSRC
 *	(-1 otherwise in the event)
 */
TRACE_EVENT(ksrtp_refuse,
	    TP_PROTO(const struct net *net, enum ksrtp_refusal why,
		     const struct ksrtp_guard_tuple *t),
	    TP_ARGS(net, why, t),
	    TP_STRUCT__entry(__field(u32, netns)
			     __field(s64, ssrc)
			     __field(u8, reason)
			     __array(u8, local, sizeof(struct sockaddr_in6))
			     __array(u8, remote,
				     sizeof(struct sockaddr_in6))),
	    TP_fast_assign(__entry->netns = net->ns.inum;
			   __entry->ssrc = t->has_ssrc ?
					   be32_to_cpu(t->ssrc) : -1;
			   __entry->reason = why;
			   ksrtp_trace_sa(__entry->local, t->family,
					  &t->laddr, t->lport);
			   ksrtp_trace_sa(__entry->remote, t->family,
					  &t->raddr, t->rport);),
	    TP_printk("netns=%u local=%pISpc remote=%pISpc ssrc=%lld reason=%s",
		      __entry->netns, __entry->local, __entry->remote,
		      __entry->ssrc, ksrtp_show_refusal(__entry->reason))
);

/*
 * A context appears in or leaves its namespace's table: from netlink,
 * from learning (template_id set), or the namespace going away.
 */
DECLARE_EVENT_CLASS(ksrtp_ctx_class,
		    TP_PROTO(const struct ksrtp_ctx *ctx),
		    TP_ARGS(ctx),
		    TP_STRUCT__entry(__field(u32, netns)
				     __field(u32, id)
				     __field(u32, ssrc)
				     __field(u32, template_id)
				     __field(u16, suite)
				     __field(u8, dir)
				     __field(u8, tmpl)
				     __array(u8, local,
					     sizeof(struct sockaddr_in6))
				     __array(u8, remote,
					     sizeof(struct sockaddr_in6))),
		    TP_fast_assign(__entry->netns =
					ctx->net ? ctx->net->ns.inum : 0;
				   __entry->id = ctx->id;
				   __entry->ssrc = be32_to_cpu(ctx->key.ssrc);
				   __entry->template_id = ctx->template_id;
				   __entry->suite = ctx->suite->id;
				   __entry->dir = ctx->key.dir;
				   __entry->tmpl = ctx->key.tmpl;
				   ksrtp_trace_sa(__entry->local,
						  ctx->key.family,
						  &ctx->key.laddr,
						  ctx->key.lport);
				   ksrtp_trace_sa(__entry->remote,
						  ctx->key.family,
						  &ctx->key.raddr,
						  ctx->key.rport);),
		    TP_printk("netns=%u id=%u dir=%s local=%pISpc remote=%pISpc ssrc=0x%08x suite=%s template=%u template_id=%u",
			      __entry->netns, __entry->id,
			      ksrtp_show_dir(__entry->dir), __entry->local,
			      __entry->remote, __entry->ssrc,
			      ksrtp_show_suite(__entry->suite), __entry->tmpl,
			      __entry->template_id)
);

/**
 * ksrtp_ctx_new - a context was published
 * @ctx: the context
 */
DEFINE_EVENT(ksrtp_ctx_class, ksrtp_ctx_new,
	     TP_PROTO(const struct ksrtp_ctx *ctx),
	     TP_ARGS(ctx)
);

/**
 * ksrtp_ctx_del - a context was unpublished
 * @ctx: the context
 */
DEFINE_EVENT(ksrtp_ctx_class, ksrtp_ctx_del,
	     TP_PROTO(const struct ksrtp_ctx *ctx),
	     TP_ARGS(ctx)
);

TRACE_DEFINE_ENUM(KSRTP_FWD_LOOPS);
TRACE_DEFINE_ENUM(KSRTP_FWD_NO_CONTEXT);
TRACE_DEFINE_ENUM(KSRTP_FWD_NO_ROUTE);
TRACE_DEFINE_ENUM(KSRTP_FWD_TOO_BIG);
TRACE_DEFINE_ENUM(KSRTP_FWD_KEY);
TRACE_DEFINE_ENUM(KSRTP_FWD_ERRORS);

#define ksrtp_show_fwd_drop(r)						\
	__print_symbolic(r,						\
			 { KSRTP_FWD_LOOPS, "loop" },			\
			 { KSRTP_FWD_NO_CONTEXT, "no_context" },	\
			 { KSRTP_FWD_NO_ROUTE, "no_route" },		\
			 { KSRTP_FWD_TOO_BIG, "too_big" },		\
			 { KSRTP_FWD_KEY, "key" },			\
			 { KSRTP_FWD_ERRORS, "error" })

/**
 * ksrtp_fwd_drop - a forwarding rule did not forward a packet, or one of
 *	its outputs did not send it; counted in the rule's or the output's
 *	KSRTP_FWD_STATS_A_* counter of the reason
 * @net: the namespace
 * @fwd: the rule's KSRTP_A_FWD_ID
 * @out: the output's KSRTP_OUT_A_ID, 0 for the rule itself
 * @ssrc: the packet's SSRC as received
 * @reason: enum ksrtp_fwd_drop
 */
TRACE_EVENT(ksrtp_fwd_drop,
	    TP_PROTO(const struct net *net, u32 fwd, u32 out, __be32 ssrc,
		     enum ksrtp_fwd_drop reason),
	    TP_ARGS(net, fwd, out, ssrc, reason),
	    TP_STRUCT__entry(__field(u32, netns)
			     __field(u32, fwd)
			     __field(u32, out)
			     __field(u32, ssrc)
			     __field(u8, reason)),
	    TP_fast_assign(__entry->netns = net->ns.inum;
			   __entry->fwd = fwd;
			   __entry->out = out;
			   __entry->ssrc = be32_to_cpu(ssrc);
			   __entry->reason = reason;),
	    TP_printk("netns=%u fwd=%u output=%u ssrc=0x%08x reason=%s",
		      __entry->netns, __entry->fwd, __entry->out,
		      __entry->ssrc, ksrtp_show_fwd_drop(__entry->reason))
);

#endif /* _KSRTP_TRACE_H */

/* Out of tree: the path is relative to -I$(src) (ccflags-y in Kbuild). */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH kernel
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
