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
void ksrtp_event_key(struct ksrtp_ctx *ctx);		/* a key limit flag */
void ksrtp_event_learned(struct ksrtp_ctx *ctx);	/* a learned context */
void ksrtp_event_learn_limit(struct ksrtp_ctx *tmpl);	/* rate-limited */
void ksrtp_event_auth(struct ksrtp_ctx *ctx);		/* rate-limited */

void ksrtp_events_net_init(struct ksrtp_net *kn);
/* Cancel pending work and drop queued events; no more can be raised. */
void ksrtp_events_net_exit(struct ksrtp_net *kn);

#endif /* _KSRTP_EVENTS_H */
