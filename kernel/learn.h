/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_LEARN_H
#define _KSRTP_LEARN_H

#include "context.h"

struct ksrtp_net;

/*
 * Templates learn SSRCs without allocating on the data path: each keeps
 * one spare context, made ready in process context. A packet of an
 * unknown SSRC takes the spare (ksrtp_learn_begin), is unprotected with
 * it, and only if it authenticates is the spare published as a new
 * context (ksrtp_learn_publish); otherwise it is cleared and given back
 * (ksrtp_learn_abort). A work item then makes the next spare.
 */
struct ksrtp_ctx *ksrtp_learn_begin(struct ksrtp_net *kn,
				    struct ksrtp_ctx *tmpl, __be32 ssrc);
int ksrtp_learn_publish(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl,
			struct ksrtp_ctx *ctx);
void ksrtp_learn_abort(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl,
		       struct ksrtp_ctx *ctx);

/* Process context, ksrtp_net.lock held: */
void ksrtp_learn_refill(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl);
void ksrtp_learn_template_gone(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl);
void ksrtp_learn_forget(struct ksrtp_net *kn, struct ksrtp_ctx *ctx);

void ksrtp_learn_net_init(struct ksrtp_net *kn);
void ksrtp_learn_net_exit(struct ksrtp_net *kn);

#endif /* _KSRTP_LEARN_H */
