// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl del id ID
 * srtpctl del {in|out} local ADDR:PORT [remote ADDR:PORT] ssrc SSRC
 */
#include "srtpctl.h"

static int parse_tuple(int argc, char **argv, struct ksrtp_tuple *t)
{
	static const char *const keywords[] = { "local", "remote", "ssrc", NULL };
	struct tuple_args ta = { 0 };
	int kw, ret;

	if (!parse_direction(argv[0], &ta.tuple.direction))
		return usage_error("del: expected 'id', 'in' or 'out', got \"%s\"", argv[0]);
	for (argc--, argv++; argc > 0; argc -= 2, argv += 2) {
		kw = match_keyword(argv[0], keywords);
		if (kw == KEYWORD_AMBIGUOUS)
			return usage_error("del: ambiguous keyword \"%s\"", argv[0]);
		if (kw == KEYWORD_NONE)
			return usage_error("del: unknown keyword \"%s\"", argv[0]);
		if (argc < 2)
			return usage_error("del: '%s' needs a value", keywords[kw]);
		ret = tuple_arg(&ta, (enum tuple_kw)kw, argv[1]);
		if (ret)
			return ret;
	}
	ret = tuple_check(&ta);
	if (!ret)
		*t = ta.tuple;
	return ret;
}

int del_prepare(int argc, char **argv, uint32_t *id, struct ksrtp_tuple *t)
{
	static const char *const by_id[] = { "id", NULL };

	*id = 0;
	if (argc < 1)
		return usage_error("del: expected 'id ID' or a context");
	/* "i" alone is ambiguous between "id" and "in". */
	if (match_keyword(argv[0], by_id) == 0 && argv[0][1]) {
		if (argc < 2)
			return usage_error("del: 'id' needs a value");
		if (argc > 2)
			return usage_error("del: unexpected \"%s\" after 'id ID'", argv[2]);
		if (!parse_u32(argv[1], id) || !*id)
			return usage_error("id: invalid context id \"%s\"", argv[1]);
		return 0;
	}
	if (!argv[0][1] && argv[0][0] == 'i')
		return usage_error("del: ambiguous keyword \"%s\"", argv[0]);
	return parse_tuple(argc, argv, t);
}

int cmd_del(int argc, char **argv)
{
	struct ksrtp_handle *h;
	struct ksrtp_tuple t;
	uint32_t id;
	int ret;

	ret = del_prepare(argc, argv, &id, &t);
	if (ret)
		return ret;
	ret = open_handle(&h);
	if (ret)
		return ret;
	if (id) {
		ret = ksrtp_ctx_del_id(h, id);
		if (ret)
			ret = kernel_error(h, ret, "del id %u", id);
	} else {
		ret = ksrtp_ctx_del(h, &t);
		if (ret)
			ret = kernel_error(h, ret, "del");
	}
	ksrtp_close(h);
	return ret;
}
