/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_EVENTS_H
#define _KSRTP_EVENTS_H

#include "context.h"

struct ksrtp_net;

/*
 * Raise an event of @ctx from any context, the data path included: no
 * allocation, no lock; the message is built and multicast from a work
 * item (KSRTP_CMD_EVENT, group "events").
 */

/**
 * ksrtp_event_key() - a key limit flag of @ctx was raised
 * @ctx: the context
 */
void ksrtp_event_key(struct ksrtp_ctx *ctx);
/**
 * ksrtp_event_learned() - @ctx was learned
 * @ctx: the learned context
 */
void ksrtp_event_learned(struct ksrtp_ctx *ctx);
/**
 * ksrtp_event_learn_limit() - @tmpl is at its learn limit; rate-limited
 * @tmpl: the template
 */
void ksrtp_event_learn_limit(struct ksrtp_ctx *tmpl);
/**
 * ksrtp_event_auth() - a packet of @ctx failed authentication;
 *	rate-limited
 * @ctx: the context
 */
void ksrtp_event_auth(struct ksrtp_ctx *ctx);

/**
 * ksrtp_events_net_init() - set up a namespace's event queue
 * @kn: the namespace
 */
void ksrtp_events_net_init(struct ksrtp_net *kn);
/**
 * ksrtp_events_net_exit() - cancel pending work and drop queued events
 * @kn: the namespace; no more events can be raised in it
 */
void ksrtp_events_net_exit(struct ksrtp_net *kn);

#endif /* _KSRTP_EVENTS_H */
