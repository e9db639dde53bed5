/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_LEARN_H
#define _KSRTP_LEARN_H

#include "context.h"

struct ksrtp_net;
struct ksrtp_template;

/*
 * Templates learn SSRCs without allocating on the data path: each keeps
 * one spare context, made ready in process context. A packet of an
 * unknown SSRC takes the spare (ksrtp_learn_begin), is unprotected with
 * it, and only if it authenticates is the spare published as a new
 * context (ksrtp_learn_publish); otherwise it is cleared and given back
 * (ksrtp_learn_abort). A work item then makes the next spare.
 */

/**
 * ksrtp_learn_begin() - take the template's spare for a packet of @ssrc
 * @kn: the namespace
 * @tmpl: the template
 * @ssrc: the packet's SSRC
 *
 * With the template's initial ROC as it is now; under the template's
 * ksrtp_ctx.lock. Without a spare (being made, or its allocation failed)
 * asks for one.
 *
 * Return: the spare, or NULL.
 */
struct ksrtp_ctx *ksrtp_learn_begin(struct ksrtp_net *kn,
				    struct ksrtp_ctx *tmpl, __be32 ssrc);
/**
 * ksrtp_learn_publish() - publish the spare, whose packet authenticated
 * @kn: the namespace
 * @tmpl: the template
 * @ctx: the spare
 *
 * Return: 0; -ENOSPC at the template's learn limit, or what
 * ksrtp_publish_learned() refuses with. The caller gives the spare back
 * on failure.
 */
int ksrtp_learn_publish(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl,
			struct ksrtp_ctx *ctx);
/**
 * ksrtp_learn_abort() - give the spare back, as new
 * @kn: the namespace
 * @tmpl: the template; if it is gone, the spare is dropped
 * @ctx: the spare
 */
void ksrtp_learn_abort(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl,
		       struct ksrtp_ctx *ctx);

/**
 * ksrtp_template_create() - give a new template its &struct ksrtp_template
 * @ctx: the template's context, not yet published
 * @learn_limit: how many published contexts it may have learned
 *
 * Process context: records the caller's memory cgroup, to which the
 * spares are charged. The object is freed with the context.
 *
 * Return: 0, or -ENOMEM.
 */
int ksrtp_template_create(struct ksrtp_ctx *ctx, u32 learn_limit);
/**
 * ksrtp_template_free() - free what ksrtp_template_create() made
 * @t: ksrtp_ctx.tmpl; NULL for a stream's context
 *
 * From the context's RCU callback (softirq context).
 */
void ksrtp_template_free(struct ksrtp_template *t);
/**
 * ksrtp_template_read() - a template's learning, for netlink replies
 * @tmpl: the template
 * @learn_limit: its learn limit
 * @learned: how many contexts it learned are published
 */
void ksrtp_template_read(const struct ksrtp_ctx *tmpl, u32 *learn_limit,
			 u32 *learned);

/* Process context, ksrtp_net.lock held: */

/**
 * ksrtp_learn_template_add() - a template was published: it learns
 * @kn: the namespace
 * @tmpl: the template
 *
 * Puts it on ksrtp_net.templates and gives it its first spare;
 * ksrtp_net.lock held.
 */
void ksrtp_learn_template_add(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl);

/**
 * ksrtp_learn_refill() - give the template a spare if it has none
 * @kn: the namespace
 * @tmpl: the template
 *
 * From the netlink request or the refill work, ksrtp_net.lock held; the
 * memory is charged to whoever installed the template.
 */
void ksrtp_learn_refill(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl);
/**
 * ksrtp_learn_template_gone() - the template was unpublished: no spare
 *	any more
 * @kn: the namespace
 * @tmpl: the template
 *
 * Takes it off ksrtp_net.templates; ksrtp_net.lock held.
 */
void ksrtp_learn_template_gone(struct ksrtp_net *kn, struct ksrtp_ctx *tmpl);
/**
 * ksrtp_learn_forget() - a learned context was removed
 * @kn: the namespace
 * @ctx: the context; its template may learn another
 *
 * ksrtp_net.lock held.
 */
void ksrtp_learn_forget(struct ksrtp_net *kn, struct ksrtp_ctx *ctx);

/**
 * ksrtp_learn_net_init() - no templates yet, and the refill work
 * @kn: the namespace
 */
void ksrtp_learn_net_init(struct ksrtp_net *kn);
/**
 * ksrtp_learn_net_exit() - cancel the refill work
 * @kn: the namespace, its contexts removed; ksrtp_net.lock not held
 *	(the work takes it)
 */
void ksrtp_learn_net_exit(struct ksrtp_net *kn);

#endif /* _KSRTP_LEARN_H */
