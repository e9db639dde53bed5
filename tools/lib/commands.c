// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The commands of <ksrtp.h>: one request each, built by request.c, sent
 * by handle.c, its reply decoded by reply.c.
 */
#include <errno.h>
#include <string.h>
#include <netlink/attr.h>

#include "internal.h"

static int nomem(struct ksrtp_handle *h, struct nl_msg *msg)
{
	if (msg)
		ksrtp__free_request(msg);
	ksrtp__seterr(h, "out of memory");
	return -ENOMEM;
}

/* A request refused before it was sent: why says what is wrong with it. */
static int refused(struct ksrtp_handle *h, struct nl_msg *msg, int ret,
		   const char *why)
{
	ksrtp__free_request(msg);
	ksrtp__seterr(h, "%s", why);
	return ret;
}

static int id_reply(struct nlmsghdr *nlh, void *arg)
{
	return ksrtp__parse_id(nlh, arg);
}

static int fwd_id_reply(struct nlmsghdr *nlh, void *arg)
{
	return ksrtp__parse_fwd_id(nlh, arg);
}

static int out_id_reply(struct nlmsghdr *nlh, void *arg)
{
	return ksrtp__parse_out_id(nlh, arg);
}

/*
 * Run msg, whose reply carries the handle of what it created (what: "context
 * id"), decoded by reply(); the handle goes to *id_out if not NULL.
 */
static int run_new(struct ksrtp_handle *h, struct nl_msg *msg,
		   int (*reply)(struct nlmsghdr *, void *), const char *what,
		   uint32_t *id_out)
{
	uint32_t id = 0;
	int ret;

	ret = ksrtp__run(h, msg, reply, &id);
	if (ret == -EPROTO && !h->errmsg[0])
		ksrtp__seterr(h, "malformed reply from the kernel");
	if (!ret && !id) {
		ksrtp__seterr(h, "the kernel's reply carried no %s", what);
		ret = -EPROTO;
	}
	if (!ret && id_out)
		*id_out = id;
	return ret;
}

int ksrtp_ctx_add(struct ksrtp_handle *h, const struct ksrtp_ctx_params *p,
		  uint32_t *id_out)
{
	struct nl_msg *msg;
	const char *why;
	int ret;

	msg = ksrtp__new_request(h, KSRTP_CMD_CTX_NEW, NLM_F_ACK);
	if (!msg)
		return nomem(h, msg);
	ret = ksrtp__put_params(msg, p, &why);
	if (ret)
		return refused(h, msg, ret, why);
	return run_new(h, msg, id_reply, "context id", id_out);
}
DEFAULT_VERSION(ksrtp_ctx_add, KSRTP_6);

static int del_or_get(struct ksrtp_handle *h, uint8_t cmd, const uint32_t *id,
		      const struct ksrtp_tuple *t,
		      int (*reply)(struct nlmsghdr *, void *), void *arg)
{
	struct nl_msg *msg;
	const char *why;
	int ret;

	msg = ksrtp__new_request(h, cmd, NLM_F_ACK);
	if (!msg)
		return nomem(h, msg);
	if (id) {
		if (nla_put_u32(msg, KSRTP_A_ID, *id) < 0)
			return nomem(h, msg);
	} else {
		ret = ksrtp__put_tuple(msg, t, &why);
		if (ret)
			return refused(h, msg, ret, why);
	}
	return ksrtp__run(h, msg, reply, arg);
}

int ksrtp_ctx_del_id(struct ksrtp_handle *h, uint32_t id)
{
	return del_or_get(h, KSRTP_CMD_CTX_DEL, &id, NULL, NULL, NULL);
}

int ksrtp_ctx_del(struct ksrtp_handle *h, const struct ksrtp_tuple *t)
{
	return del_or_get(h, KSRTP_CMD_CTX_DEL, NULL, t, NULL, NULL);
}

/*
 * The replies to one request, each decoded into out by decode() and, in a
 * dump, handed by deliver() to the caller's callback (ctx_cb or fwd_cb);
 * the reason of a decoding failure becomes the handle's message.
 */
struct replies {
	struct ksrtp_handle *h;
	int (*decode)(struct nlmsghdr *nlh, void *out, const char **why);
	void *out;
	bool found;
	int (*deliver)(const struct replies *r);
	int (*ctx_cb)(const struct ksrtp_ctx_info *, void *);
	int (*fwd_cb)(const struct ksrtp_fwd_info *, void *);
	void *arg;
};

static int decode_info(struct nlmsghdr *nlh, void *info, const char **why)
{
	return ksrtp__parse_info(nlh, info, why);
}

static int decode_net(struct nlmsghdr *nlh, void *st, const char **why)
{
	return ksrtp__parse_net(nlh, st, why);
}

/* A rule's outputs are allocated: those of an earlier reply go first. */
static int decode_fwd(struct nlmsghdr *nlh, void *info, const char **why)
{
	ksrtp_fwd_info_free(info);
	return ksrtp__parse_fwd(nlh, info, why);
}

static int deliver_ctx(const struct replies *r)
{
	return r->ctx_cb(r->out, r->arg);
}

static int on_reply(struct nlmsghdr *nlh, void *arg)
{
	struct replies *r = arg;
	const char *why;
	int ret;

	ret = r->decode(nlh, r->out, &why);
	if (ret) {
		ksrtp__seterr(r->h, "%s", why);
		return ret;
	}
	r->found = true;
	return r->deliver ? r->deliver(r) : 0;
}

/* ksrtp__run()'s result, -EPROTO if the kernel acknowledged with no reply. */
static int one_reply(int ret, const struct replies *r, const char *what)
{
	if (!ret && !r->found) {
		ksrtp__seterr(r->h, "the kernel acknowledged but sent no %s", what);
		ret = -EPROTO;
	}
	return ret;
}

static int get(struct ksrtp_handle *h, const uint32_t *id,
	       const struct ksrtp_tuple *t, struct ksrtp_ctx_info *info)
{
	struct replies r = { .h = h, .decode = decode_info, .out = info };

	return one_reply(del_or_get(h, KSRTP_CMD_CTX_GET, id, t, on_reply, &r),
			 &r, "context");
}

int ksrtp_ctx_get_id(struct ksrtp_handle *h, uint32_t id,
		     struct ksrtp_ctx_info *info)
{
	return get(h, &id, NULL, info);
}
DEFAULT_VERSION(ksrtp_ctx_get_id, KSRTP_6);

int ksrtp_ctx_get(struct ksrtp_handle *h, const struct ksrtp_tuple *t,
		  struct ksrtp_ctx_info *info)
{
	return get(h, NULL, t, info);
}
DEFAULT_VERSION(ksrtp_ctx_get, KSRTP_6);

int ksrtp_ctx_dump(struct ksrtp_handle *h, uint16_t local_port,
		   int (*cb)(const struct ksrtp_ctx_info *info, void *arg),
		   void *arg)
{
	struct ksrtp_ctx_info info;
	struct replies r = { .h = h, .decode = decode_info, .out = &info,
			     .deliver = deliver_ctx, .ctx_cb = cb, .arg = arg };
	struct nl_msg *msg;

	/* No NLM_F_ACK: a dump ends with NLMSG_DONE instead. */
	msg = ksrtp__new_request(h, KSRTP_CMD_CTX_GET, NLM_F_DUMP);
	if (!msg)
		return nomem(h, msg);
	if (local_port && nla_put_u16(msg, KSRTP_A_LOCAL_PORT, local_port) < 0)
		return nomem(h, msg);
	return ksrtp__run(h, msg, on_reply, &r);
}
DEFAULT_VERSION(ksrtp_ctx_dump, KSRTP_6);

int ksrtp_ctx_set_id(struct ksrtp_handle *h, uint32_t id,
		     const struct ksrtp_stream_state *st)
{
	struct nl_msg *msg = ksrtp__new_request(h, KSRTP_CMD_CTX_SET, NLM_F_ACK);

	if (!msg)
		return nomem(h, msg);
	if (nla_put_u32(msg, KSRTP_A_ID, id) < 0 ||
	    (st->has_roc && nla_put_u32(msg, KSRTP_A_ROC, st->roc) < 0) ||
	    (st->has_seq && nla_put_u16(msg, KSRTP_A_SEQ, st->seq) < 0) ||
	    (st->has_srtcp_index &&
	     nla_put_u32(msg, KSRTP_A_SRTCP_INDEX, st->srtcp_index) < 0))
		return nomem(h, msg);
	return ksrtp__run(h, msg, NULL, NULL);
}

int ksrtp_key_add(struct ksrtp_handle *h, uint32_t id,
		  const struct ksrtp_key_params *kp)
{
	struct nl_msg *msg = ksrtp__new_request(h, KSRTP_CMD_KEY_NEW, NLM_F_ACK);
	const char *why;
	int ret;

	if (!msg)
		return nomem(h, msg);
	if (nla_put_u32(msg, KSRTP_A_ID, id) < 0)
		return nomem(h, msg);
	ret = ksrtp__put_key(msg, kp, &why);
	if (ret)
		return refused(h, msg, ret, why);
	return ksrtp__run(h, msg, NULL, NULL);
}

/* KEY_DEL, or KEY_SET with KSRTP_A_KEY_ACTIVE. */
static int key_cmd(struct ksrtp_handle *h, uint8_t cmd, uint32_t id,
		   const uint8_t *mki, size_t mki_len)
{
	struct nl_msg *msg;
	const char *why;
	int ret;

	msg = ksrtp__new_request(h, cmd, NLM_F_ACK);
	if (!msg)
		return nomem(h, msg);
	ret = ksrtp__put_key_ref(msg, id, mki, mki_len, cmd == KSRTP_CMD_KEY_SET, &why);
	if (ret)
		return refused(h, msg, ret, why);
	return ksrtp__run(h, msg, NULL, NULL);
}

int ksrtp_key_del(struct ksrtp_handle *h, uint32_t id, const uint8_t *mki,
		  size_t mki_len)
{
	return key_cmd(h, KSRTP_CMD_KEY_DEL, id, mki, mki_len);
}

int ksrtp_key_del_from(struct ksrtp_handle *h, uint32_t id,
		       uint64_t from_index)
{
	struct nl_msg *msg = ksrtp__new_request(h, KSRTP_CMD_KEY_DEL, NLM_F_ACK);

	if (!msg)
		return nomem(h, msg);
	if (nla_put_u32(msg, KSRTP_A_ID, id) < 0 ||
	    nla_put_u64(msg, KSRTP_A_FROM_INDEX, from_index) < 0)
		return nomem(h, msg);
	return ksrtp__run(h, msg, NULL, NULL);
}

int ksrtp_key_activate(struct ksrtp_handle *h, uint32_t id,
		       const uint8_t *mki, size_t mki_len)
{
	return key_cmd(h, KSRTP_CMD_KEY_SET, id, mki, mki_len);
}

int ksrtp_net_get(struct ksrtp_handle *h, struct ksrtp_net_stats *st)
{
	struct replies r = { .h = h, .decode = decode_net, .out = st };
	struct nl_msg *msg;

	msg = ksrtp__new_request(h, KSRTP_CMD_NET_GET, NLM_F_ACK);
	if (!msg)
		return nomem(h, msg);
	return one_reply(ksrtp__run(h, msg, on_reply, &r), &r, "counters");
}

int ksrtp_fwd_add(struct ksrtp_handle *h, const struct ksrtp_fwd_params *p,
		  uint32_t *id_out)
{
	struct nl_msg *msg;
	const char *why;
	int ret;

	msg = ksrtp__new_request(h, KSRTP_CMD_FWD_NEW, NLM_F_ACK);
	if (!msg)
		return nomem(h, msg);
	ret = ksrtp__put_fwd(msg, p, &why);
	if (ret)
		return refused(h, msg, ret, why);
	return run_new(h, msg, fwd_id_reply, "rule id", id_out);
}

/* FWD_DEL, or FWD_GET of one rule. */
static int fwd_by_id(struct ksrtp_handle *h, uint8_t cmd, uint32_t id,
		     struct replies *r)
{
	struct nl_msg *msg = ksrtp__new_request(h, cmd, NLM_F_ACK);

	if (!msg)
		return nomem(h, msg);
	if (nla_put_u32(msg, KSRTP_A_FWD_ID, id) < 0)
		return nomem(h, msg);
	return ksrtp__run(h, msg, r ? on_reply : NULL, r);
}

int ksrtp_fwd_del(struct ksrtp_handle *h, uint32_t id)
{
	return fwd_by_id(h, KSRTP_CMD_FWD_DEL, id, NULL);
}

int ksrtp_fwd_output_add(struct ksrtp_handle *h, uint32_t fwd_id,
			 const struct ksrtp_fwd_output_params *o,
			 uint32_t *out_id)
{
	struct nl_msg *msg;
	const char *why;
	int ret;

	msg = ksrtp__new_request(h, KSRTP_CMD_FWD_OUT_ADD, NLM_F_ACK);
	if (!msg)
		return nomem(h, msg);
	ret = ksrtp__put_fwd_output(msg, fwd_id, o, &why);
	if (ret)
		return refused(h, msg, ret, why);
	return run_new(h, msg, out_id_reply, "output id", out_id);
}

/* FWD_OUT_DEL (off NULL), or FWD_OUT_SET of the offsets off. */
static int fwd_output_cmd(struct ksrtp_handle *h, uint8_t cmd, uint32_t fwd_id,
			  uint32_t out_id, const struct ksrtp_fwd_offsets *off)
{
	struct nl_msg *msg;
	const char *why;
	int ret;

	msg = ksrtp__new_request(h, cmd, NLM_F_ACK);
	if (!msg)
		return nomem(h, msg);
	ret = ksrtp__put_fwd_output_ref(msg, fwd_id, out_id, off, &why);
	if (ret)
		return refused(h, msg, ret, why);
	return ksrtp__run(h, msg, NULL, NULL);
}

int ksrtp_fwd_output_del(struct ksrtp_handle *h, uint32_t fwd_id,
			 uint32_t out_id)
{
	return fwd_output_cmd(h, KSRTP_CMD_FWD_OUT_DEL, fwd_id, out_id, NULL);
}

int ksrtp_fwd_output_set(struct ksrtp_handle *h, uint32_t fwd_id,
			 uint32_t out_id, const struct ksrtp_fwd_offsets *off)
{
	return fwd_output_cmd(h, KSRTP_CMD_FWD_OUT_SET, fwd_id, out_id, off);
}

int ksrtp_fwd_get(struct ksrtp_handle *h, uint32_t id,
		  struct ksrtp_fwd_info *info)
{
	struct replies r = { .h = h, .decode = decode_fwd, .out = info };
	int ret;

	memset(info, 0, sizeof(*info));
	ret = one_reply(fwd_by_id(h, KSRTP_CMD_FWD_GET, id, &r), &r, "forwarding rule");
	if (ret)
		ksrtp_fwd_info_free(info);
	return ret;
}

/*
 * A dump's rules. A rule whose outputs do not fit one message goes on in
 * the next ones, with the same id: the parts are joined in pending, which
 * is handed to the callback once the next rule (or the end) comes.
 */
struct fwd_parts {
	struct ksrtp_fwd_info pending;
	struct ksrtp_fwd_info part;
	bool have, joined;
};

/* Append the outputs of @part to those of @all; @part loses them. */
static int join_outputs(struct ksrtp_fwd_info *all, struct ksrtp_fwd_info *part)
{
	struct ksrtp_fwd_output_info *o;

	if (!part->noutputs)
		return 0;
	o = realloc(all->outputs,
		    (all->noutputs + part->noutputs) * sizeof(*o));
	if (!o)
		return -ENOMEM;
	memcpy(o + all->noutputs, part->outputs,
	       part->noutputs * sizeof(*o));
	all->outputs = o;
	all->noutputs += part->noutputs;
	return 0;
}

static int decode_fwd_part(struct nlmsghdr *nlh, void *out, const char **why)
{
	struct fwd_parts *p = out;
	int ret;

	ret = ksrtp__parse_fwd(nlh, &p->part, why);
	if (ret)
		return ret;
	p->joined = p->have && p->part.id == p->pending.id;
	if (!p->joined)
		return 0;
	ret = join_outputs(&p->pending, &p->part);
	ksrtp_fwd_info_free(&p->part);
	if (ret)
		*why = "out of memory";
	return ret;
}

/* A new rule began: the one before it is whole. */
static int deliver_fwd_part(const struct replies *r)
{
	struct fwd_parts *p = r->out;
	int ret = 0;

	if (p->joined)
		return 0;
	if (p->have)
		ret = r->fwd_cb(&p->pending, r->arg);
	ksrtp_fwd_info_free(&p->pending);
	p->pending = p->part;
	memset(&p->part, 0, sizeof(p->part));
	p->have = !ret;
	return ret;
}

int ksrtp_fwd_dump(struct ksrtp_handle *h,
		   int (*cb)(const struct ksrtp_fwd_info *info, void *arg),
		   void *arg)
{
	struct fwd_parts parts = { 0 };
	struct replies r = { .h = h, .decode = decode_fwd_part, .out = &parts,
			     .deliver = deliver_fwd_part, .fwd_cb = cb,
			     .arg = arg };
	struct nl_msg *msg;
	int ret;

	msg = ksrtp__new_request(h, KSRTP_CMD_FWD_GET, NLM_F_DUMP);
	if (!msg)
		return nomem(h, msg);
	ret = ksrtp__run(h, msg, on_reply, &r);
	if (!ret && parts.have)
		ret = cb(&parts.pending, arg);
	ksrtp_fwd_info_free(&parts.pending);
	ksrtp_fwd_info_free(&parts.part);
	return ret;
}

int ksrtp_flush(struct ksrtp_handle *h)
{
	struct nl_msg *msg = ksrtp__new_request(h, KSRTP_CMD_CTX_FLUSH, NLM_F_ACK);

	if (!msg)
		return nomem(h, msg);
	return ksrtp__run(h, msg, NULL, NULL);
}
