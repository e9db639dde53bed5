// SPDX-License-Identifier: GPL-2.0
/*
 * Ingress, one datagram for this host (hooks.c calls it from
 * NF_INET_LOCAL_IN, gso.c for each datagram of a GRO aggregate):
 *
 *   ksrtp_receive_one()	parse IP and UDP (dgram.c); a port without
 *				contexts is left alone
 *     ksrtp_receive_udp()	classify (RFC 7983): STUN, DTLS and the
 *				like pass; not RTP or RTCP is refused on a
 *				protected port
 *       ksrtp_receive_ctx()	the inbound context: UDP's own checks,
 *				then srtp.c's ksrtp_unprotect() (which
 *				calls the crypto layer's ksrtp_open() and
 *				commits under the stream lock once)
 *       ksrtp_receive_learn()	no context, but a template (found by
 *				ksrtp_receive_template()): learn.c's
 *				spare takes the packet if it authenticates
 *       ksrtp_receive_plain()	neither, but a plain forwarding rule
 *       ksrtp_receive_refuse()	none: dropped and counted on a
 *				protected port (guard.c), else passed
 *     ksrtp_account()		counters and events; a drop is traced
 *     ksrtp_receive_deliver()	an authenticated packet: to the outputs of
 *				its forwarding rule (forward_send.c), or
 *				to the socket
 */

#include <linux/skbuff.h>
#include <linux/udp.h>

#include "account.h"
#include "compat.h"
#include "dgram.h"
#include "events.h"
#include "forward.h"
#include "guard.h"
#include "hooks.h"
#include "learn.h"
#include "netns.h"

/*
 * Before a datagram is authenticated, read it as UDP will: trimmed to the
 * UDP length, then its checksum verified (after authentication UDP
 * checks it no more, ksrtp_receive_unprotect()).
 */
static enum ksrtp_verdict ksrtp_receive_check(struct sk_buff *skb,
					      const struct ksrtp_dgram *d,
					      unsigned int hook)
{
	if (skb->len > d->uoff + d->ulen &&
	    pskb_trim_rcsum(skb, d->uoff + d->ulen))
		return KSRTP_ERROR;
	if (!pskb_may_pull(skb, ksrtp_dgram_off(d)))
		return KSRTP_ERROR;
	return ksrtp_dgram_csum_bad(skb, d, hook) ? KSRTP_MALFORMED : KSRTP_OK;
}

/* The packet for srtp.c: the datagram's payload, made linear. */
static int ksrtp_receive_packet(struct sk_buff *skb,
				const struct ksrtp_dgram *d,
				struct ksrtp_packet *p)
{
	int err = ksrtp_dgram_prepare(skb, d);

	*p = (struct ksrtp_packet) {
		.buf = skb->data + ksrtp_dgram_off(d),
		.len = ksrtp_dgram_len(d),
		.rtcp = d->rtcp,
	};
	return err;
}

static enum ksrtp_verdict ksrtp_receive_unprotect(struct ksrtp_ctx *ctx,
						  struct sk_buff *skb,
						  const struct ksrtp_dgram *d,
						  struct ksrtp_packet *p)
{
	enum ksrtp_verdict v;

	if (ksrtp_receive_packet(skb, d, p))
		return KSRTP_ERROR;
	v = ksrtp_unprotect(ctx, p);
	if (v != KSRTP_OK)
		return v;
	skb_trim(skb, ksrtp_dgram_off(d) + p->len);
	ksrtp_dgram_set_len(skb, d, p->len + sizeof(struct udphdr));
	/* Authenticated by SRTP, and the UDP checksum was verified before. */
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = 0;
	return KSRTP_OK;
}

/*
 * An authenticated packet of @len plain bytes: to the outputs of an SRTP
 * forwarding rule of its input if there is one, else to the socket.
 */
static unsigned int ksrtp_receive_deliver(struct ksrtp_net *kn,
					  struct sk_buff *skb,
					  const struct ksrtp_dgram *d,
					  unsigned int len)
{
	struct ksrtp_fwd *fwd = ksrtp_fwd_lookup(kn, d);

	if (!fwd || (fwd->flags & KSRTP_FWD_F_PLAIN) ||
	    !ksrtp_fwd_takes(fwd, skb, d))
		return NF_ACCEPT;
	return ksrtp_forward(kn, fwd, skb, d, len);
}

/* RTP or RTCP for the inbound context @ctx. */
static unsigned int ksrtp_receive_ctx(struct ksrtp_net *kn,
				      struct ksrtp_ctx *ctx,
				      struct sk_buff *skb,
				      const struct ksrtp_dgram *d,
				      unsigned int hook)
{
	struct ksrtp_packet p = { .rtcp = d->rtcp };
	enum ksrtp_verdict v;

	v = ksrtp_receive_check(skb, d, hook);
	if (v == KSRTP_OK)
		v = ksrtp_receive_unprotect(ctx, skb, d, &p);
	ksrtp_account(ctx, v, &p);
	if (v == KSRTP_OK)
		return ksrtp_receive_deliver(kn, skb, d, p.len);
	ksrtp_trace_drop(ctx, ksrtp_drop_reason(v), skb, d);
	return NF_DROP;
}

/* A datagram no context owns: dropped and counted on a protected port. */
static unsigned int ksrtp_receive_refuse(struct ksrtp_net *kn,
					 const struct ksrtp_dgram *d,
					 enum ksrtp_refusal why)
{
	struct ksrtp_guard_tuple t;

	if (!d->guarded)
		return NF_ACCEPT;
	t = (struct ksrtp_guard_tuple) {
		.laddr = d->key.laddr,
		.raddr = d->raddr,
		.ssrc = d->key.ssrc,
		.lport = d->key.lport,
		.rport = d->rport,
		.family = d->key.family,
		.has_ssrc = d->has_ssrc,
	};
	ksrtp_guard_refuse(kn, why, &t);
	return NF_DROP;
}

/*
 * A packet of a new SSRC that the template did not learn, counted on the
 * template by its verdict. What was refused before any crypto or failed
 * authentication is left as it came if its port is not protected. What was
 * decrypted first (a key at its limit, impossible padding) and local
 * errors are dropped.
 */
static unsigned int ksrtp_learn_refused(struct ksrtp_ctx *tmpl,
					enum ksrtp_verdict v,
					struct sk_buff *skb,
					const struct ksrtp_dgram *d,
					const struct ksrtp_packet *p)
{
	bool pass = !d->guarded && (v == KSRTP_MALFORMED ||
				    v == KSRTP_AUTH_FAILED ||
				    v == KSRTP_REPLAYED);

	ksrtp_account(tmpl, v, p);
	if (pass)
		return NF_ACCEPT;
	ksrtp_trace_drop(tmpl, ksrtp_drop_reason(v), skb, d);
	return NF_DROP;
}

/*
 * No spare: another CPU holds it, or the next is being made. The packet
 * is still checked under the template's keys (they do not depend on the
 * SSRC), so that a forgery counts as one, whenever it comes. An
 * authentic packet comes too soon to be learned: it is dropped and
 * counted in errors; its sender's next packet will find the spare.
 */
static unsigned int ksrtp_learn_without_spare(struct ksrtp_ctx *tmpl,
					      struct sk_buff *skb,
					      const struct ksrtp_dgram *d)
{
	struct ksrtp_packet p;
	enum ksrtp_verdict v;

	v = ksrtp_receive_packet(skb, d, &p) ? KSRTP_ERROR :
					       ksrtp_probe(tmpl, &p);
	if (v != KSRTP_OK)
		return ksrtp_learn_refused(tmpl, v, skb, d, &p);
	ksrtp_ctx_count(tmpl, KSRTP_STAT_ERRORS, 1);
	ksrtp_trace_drop(tmpl, KSRTP_DROP_NO_SPARE, skb, d);
	return NF_DROP;
}

/*
 * A packet of an SSRC without a context, on a session with a template:
 * it becomes the first packet of a new context if it authenticates. An
 * authentic packet the template cannot learn (its limit, a context
 * installed for the SSRC meanwhile, no spare ready) is dropped whatever
 * the policy: it is valid SRTP, but no context can protect it from
 * replays. What does not authenticate is left as it came, and the policy
 * decides; drops are counted on the template.
 */
static unsigned int ksrtp_receive_learn(struct ksrtp_net *kn,
					struct ksrtp_ctx *tmpl,
					struct sk_buff *skb,
					const struct ksrtp_dgram *d)
{
	struct ksrtp_packet p = { .rtcp = d->rtcp };
	struct ksrtp_ctx *ctx;
	enum ksrtp_verdict v;

	ctx = ksrtp_learn_begin(kn, tmpl, d->key.ssrc);
	if (!ctx)
		return ksrtp_learn_without_spare(tmpl, skb, d);
	v = ksrtp_receive_unprotect(ctx, skb, d, &p);
	if (v == KSRTP_OK && !ksrtp_learn_publish(kn, tmpl, ctx)) {
		ksrtp_account(ctx, v, &p);
		return ksrtp_receive_deliver(kn, skb, d, p.len);
	}
	ksrtp_learn_abort(kn, tmpl, ctx);
	/* The keys are the template's: so is a limit they reached. */
	if (v != KSRTP_OK)
		return ksrtp_learn_refused(tmpl, v, skb, d, &p);
	if (p.key_event)
		ksrtp_event_key(tmpl);
	ksrtp_ctx_count(tmpl, KSRTP_STAT_UNKNOWN_SSRC, 1);
	ksrtp_trace_drop(tmpl, KSRTP_DROP_UNKNOWN_SSRC, skb, d);
	ksrtp_event_learn_limit(tmpl);
	return NF_DROP;
}

/*
 * RTP or RTCP that no context or template owns: forwarded as it came if
 * a plain rule takes its input, once read as UDP will read it.
 */
static unsigned int ksrtp_receive_plain(struct ksrtp_net *kn,
					struct sk_buff *skb,
					const struct ksrtp_dgram *d,
					unsigned int hook)
{
	struct ksrtp_fwd *fwd = ksrtp_fwd_lookup(kn, d);

	if (!fwd || !(fwd->flags & KSRTP_FWD_F_PLAIN))
		return ksrtp_receive_refuse(kn, d, KSRTP_REFUSE_UNKNOWN_SSRC);
	if (ksrtp_receive_check(skb, d, hook) != KSRTP_OK)
		return ksrtp_receive_refuse(kn, d, KSRTP_REFUSE_MALFORMED);
	if (!ksrtp_fwd_takes(fwd, skb, d))
		return ksrtp_receive_refuse(kn, d, KSRTP_REFUSE_UNKNOWN_SSRC);
	return ksrtp_forward(kn, fwd, skb, d, ksrtp_dgram_len(d));
}

/* The template of the session of an unmatched inbound packet, if any. */
static struct ksrtp_ctx *ksrtp_receive_template(struct ksrtp_net *kn,
						const struct ksrtp_dgram *d)
{
	struct ksrtp_ctx_key key = d->key;
	struct ksrtp_ctx *tmpl;

	if (!READ_ONCE(kn->ntemplates))
		return NULL;
	key.ssrc = 0;
	key.tmpl = 1;
	key.raddr = d->raddr;
	key.rport = d->rport;
	tmpl = ksrtp_lookup(kn, &key);
	if (tmpl)
		return tmpl;
	memset(&key.raddr, 0, sizeof(key.raddr));
	key.rport = 0;
	return ksrtp_lookup(kn, &key);
}

/* A whole UDP datagram to a local port with contexts; BHs off. */
static unsigned int ksrtp_receive_udp(struct ksrtp_net *kn,
				      struct sk_buff *skb,
				      struct ksrtp_dgram *d, unsigned int hook)
{
	struct ksrtp_packet p = { };
	struct ksrtp_ctx *ctx;
	enum ksrtp_verdict v;

	switch (ksrtp_dgram_classify(skb, d)) {
	case KSRTP_KIND_PASSED:
		return NF_ACCEPT;
	case KSRTP_KIND_OTHER:
		return ksrtp_receive_refuse(kn, d, KSRTP_REFUSE_NOT_SRTP);
	case KSRTP_KIND_RTP:
	case KSRTP_KIND_RTCP:
		break;
	}
	ctx = ksrtp_dgram_lookup(kn, false, d);
	if (ctx)
		return ksrtp_receive_ctx(kn, ctx, skb, d, hook);
	ctx = ksrtp_receive_template(kn, d);
	if (!ctx)
		return ksrtp_receive_plain(kn, skb, d, hook);
	v = ksrtp_receive_check(skb, d, hook);
	if (v != KSRTP_OK) {
		p.rtcp = d->rtcp;
		return ksrtp_learn_refused(ctx, v, skb, d, &p);
	}
	return ksrtp_receive_learn(kn, ctx, skb, d);
}

unsigned int ksrtp_receive_one(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	struct ksrtp_net *kn = ksrtp_net(state->net);
	struct ksrtp_dgram d;
	unsigned int nf;

	switch (ksrtp_dgram_parse(skb, ksrtp_family(state), false, &d)) {
	case KSRTP_PARSE_OTHER:
		return NF_ACCEPT;
	case KSRTP_PARSE_BAD:
		/* A fragment whose port cannot be read may be for any. */
		d.guarded = d.has_port ? ksrtp_port_guarded(kn, d.key.lport) :
					 READ_ONCE(kn->nguards);
		local_bh_disable();
		nf = ksrtp_receive_refuse(kn, &d, KSRTP_REFUSE_MALFORMED);
		local_bh_enable();
		return nf;
	case KSRTP_PARSE_UDP:
		break;
	}
	if (!ksrtp_port_used(kn, d.key.lport))
		return NF_ACCEPT;
	d.guarded = ksrtp_port_guarded(kn, d.key.lport);
	local_bh_disable();
	nf = ksrtp_receive_udp(kn, skb, &d, state->hook);
	local_bh_enable();
	return nf;
}
