// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl del id ID
 * srtpctl del {in|out} local ADDR:PORT [remote ADDR:PORT] ssrc SSRC
 */
#include <string.h>

#include "srtpctl.h"

static const enum word del_known[] = { W_LOCAL, W_REMOTE, W_SSRC, W_END };
static const struct words del_words = { "del", del_known, 0, 0 };

/* The context the words name: c->id, or 0 and c->params.tuple. */
static int parse(int argc, char **argv, struct context *c)
{
	static const char *const by_id[] = { "id", NULL };
	int ret;

	if (argc < 1)
		return usage_error("del: expected 'id ID' or a context");
	/* "i" alone is ambiguous between "id" and "in". */
	if (match_keyword(argv[0], by_id) == 0 && argv[0][1]) {
		if (argc < 2)
			return usage_error("del: 'id' needs a value");
		if (argc > 2)
			return usage_error("del: unexpected \"%s\" after 'id ID'", argv[2]);
		if (!parse_u32(argv[1], &c->id) || !c->id)
			return usage_error("id: invalid context id \"%s\"", argv[1]);
		c->has_id = true;
		return 0;
	}
	if (!argv[0][1] && argv[0][0] == 'i')
		return usage_error("del: ambiguous keyword \"%s\"", argv[0]);
	if (!parse_direction(argv[0], &c->params.tuple.direction))
		return usage_error("del: expected 'id', 'in' or 'out', got \"%s\"", argv[0]);
	ret = parse_words(&del_words, argc - 1, argv + 1, c);
	return ret ? ret : tuple_check(c);
}

int del_request(int argc, char **argv, struct context *c, struct ksrtp_batch_req *req)
{
	int ret;

	memset(c, 0, sizeof(*c));
	memset(req, 0, sizeof(*req));
	ret = parse(argc, argv, c);
	if (ret)
		return ret;
	req->op = KSRTP_BATCH_DEL;
	req->params = &c->params;
	if (c->has_id)
		req->id = c->id;
	else
		req->tuple = &c->params.tuple;
	return 0;
}

int del_main(int argc, char **argv)
{
	struct ksrtp_batch_req req;
	struct ksrtp_handle *h;
	struct context c;
	int ret;

	ret = del_request(argc, argv, &c, &req);
	if (ret)
		return ret;
	ret = open_handle(&h);
	if (ret)
		return ret;
	if (req.id) {
		ret = ksrtp_ctx_del_id(h, req.id);
		if (ret)
			ret = kernel_error(h, ret, "del id %u", req.id);
	} else {
		ret = ksrtp_ctx_del(h, req.tuple);
		if (ret)
			ret = kernel_error(h, ret, "del");
	}
	ksrtp_close(h);
	return ret;
}
