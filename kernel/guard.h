/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_GUARD_H
#define _KSRTP_GUARD_H

#include <linux/in6.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>

struct ksrtp_net;

/*
 * Why a protected port dropped a datagram that no context owns; one
 * counter each (KSRTP_NET_A_*, in this order).
 */
enum ksrtp_refusal {
	KSRTP_REFUSE_UNKNOWN_SSRC,	/* RTP/RTCP of no context, no template */
	KSRTP_REFUSE_NOT_SRTP,		/* not RTP/RTCP, not passed (RFC 7983) */
	KSRTP_REFUSE_MALFORMED,		/* lengths, fragment */
	KSRTP_REFUSE_COUNT
};

/**
 * struct ksrtp_guard_pcpu - a namespace's per-CPU refusal counters
 * @v: one per enum ksrtp_refusal
 * @syncp: written by the owning CPU with BHs off, read with the
 *	fetch/retry loop
 */
struct ksrtp_guard_pcpu {
	u64 v[KSRTP_REFUSE_COUNT];
	struct u64_stats_sync syncp;
};

/**
 * struct ksrtp_guard_tuple - a refused datagram, as far as it could be read
 * @laddr: local address
 * @raddr: remote address
 * @ssrc: the SSRC, if @has_ssrc
 * @lport: local UDP port
 * @rport: remote UDP port
 * @family: AF_INET or AF_INET6
 * @has_ssrc: RTP or RTCP with a readable SSRC
 */
struct ksrtp_guard_tuple {
	struct in6_addr laddr;
	struct in6_addr raddr;
	__be32 ssrc;
	__be16 lport;
	__be16 rport;
	u8 family;
	bool has_ssrc;
};

/**
 * struct ksrtp_guard_net - the drops of one namespace that no context owns
 * @stats: per CPU, counted with BHs off
 * @next_event: jiffies: rate limit of the event; READ_ONCE()/WRITE_ONCE()
 * @pending: bit 0: @last is to be sent; atomic bit operations
 * @lock: protects @last
 * @last: the last datagram to report; under @lock
 *
 * At most once per second (@next_event, in jiffies) the data path copies
 * the datagram to @last under @lock and sets @pending; the events work
 * (events.c) sends KSRTP_EVENT_UNMATCHED from it under the same lock.
 */
struct ksrtp_guard_net {
	struct ksrtp_guard_pcpu __percpu *stats;
	unsigned long next_event;
	unsigned long pending;
	spinlock_t lock;		/* protects @last */
	struct ksrtp_guard_tuple last;
};

/**
 * ksrtp_guard_net_init() - set up a namespace's refusal state
 * @kn: the namespace
 *
 * Return: 0, or -ENOMEM.
 */
int ksrtp_guard_net_init(struct ksrtp_net *kn);
/**
 * ksrtp_guard_net_exit() - free it
 * @kn: the namespace, its hooks gone and its events work cancelled
 */
void ksrtp_guard_net_exit(struct ksrtp_net *kn);
/**
 * ksrtp_guard_refuse() - count, trace and report a dropped datagram
 * @kn: the namespace
 * @why: the reason
 * @t: the datagram, as far as it could be read
 *
 * Called with BHs off.
 */
void ksrtp_guard_refuse(struct ksrtp_net *kn, enum ksrtp_refusal why,
			const struct ksrtp_guard_tuple *t);
/**
 * ksrtp_guard_stats_read() - the sum of the refusal counters
 * @kn: the namespace
 * @v: one value per enum ksrtp_refusal
 */
void ksrtp_guard_stats_read(struct ksrtp_net *kn, u64 *v);
/**
 * ksrtp_guard_event_send() - send KSRTP_EVENT_UNMATCHED if one is due
 * @kn: the namespace
 *
 * From the events work.
 */
void ksrtp_guard_event_send(struct ksrtp_net *kn);

#endif /* _KSRTP_GUARD_H */
