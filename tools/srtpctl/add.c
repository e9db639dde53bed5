// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl add {in|out} local ADDR:PORT [remote ADDR:PORT] ssrc SSRC
 *             suite SUITE KEYSPEC [roc N] [window N]
 */
#include <stdio.h>
#include <string.h>

#include "srtpctl.h"

static int unknown_suite(const char *name)
{
	int i;

	fprintf(stderr, "srtpctl: suite: unknown suite \"%s\"; known suites:", name);
	for (i = 1; i <= KSRTP_SUITE_MAX; i++)
		if (ksrtp_suite_name(i))
			fprintf(stderr, " %s", ksrtp_suite_name(i));
	fputc('\n', stderr);
	return EXIT_USAGE;
}

static void wipe_arg(char *arg)
{
	/* Also hides the key from /proc/PID/cmdline from now on. */
	if (arg)
		explicit_bzero(arg, strlen(arg));
}

static int parse(int argc, char **argv, struct ksrtp_ctx_params *p,
		 struct keyspec *ks)
{
	static const char *const keywords[] = {
		"local", "remote", "ssrc", "suite", "key", "salt", "inline",
		"key-file", "roc", "window", NULL
	};
	enum {
		KW_LOCAL, KW_REMOTE, KW_SSRC, KW_SUITE, KW_KEY, KW_SALT, KW_INLINE,
		KW_KEY_FILE, KW_ROC, KW_WINDOW
	};
	struct tuple_args ta = { 0 };
	int kw, ret, suite;
	char *value;

	if (argc < 1 || !parse_direction(argv[0], &ta.tuple.direction))
		return usage_error("add: expected 'in' or 'out', got \"%s\"",
				   argc < 1 ? "" : argv[0]);
	for (argc--, argv++; argc > 0; argc -= 2, argv += 2) {
		kw = match_keyword(argv[0], keywords);
		if (kw == KEYWORD_AMBIGUOUS)
			return usage_error("add: ambiguous keyword \"%s\"", argv[0]);
		if (kw == KEYWORD_NONE)
			return usage_error("add: unknown keyword \"%s\"", argv[0]);
		if (argc < 2)
			return usage_error("add: '%s' needs a value", keywords[kw]);
		value = argv[1];

		switch (kw) {
		case KW_LOCAL:
			ret = tuple_arg(&ta, TUPLE_LOCAL, value);
			break;
		case KW_REMOTE:
			ret = tuple_arg(&ta, TUPLE_REMOTE, value);
			break;
		case KW_SSRC:
			ret = tuple_arg(&ta, TUPLE_SSRC, value);
			break;
		case KW_SUITE:
			if (p->suite)
				return usage_error("'suite' given twice");
			suite = ksrtp_suite_from_name(value);
			if (suite < 0)
				return unknown_suite(value);
			p->suite = suite;
			ret = 0;
			break;
		case KW_KEY:
		case KW_SALT:
		case KW_INLINE:
		case KW_KEY_FILE: {
			char **slot = kw == KW_KEY ? &ks->key_hex :
				      kw == KW_SALT ? &ks->salt_hex :
				      kw == KW_INLINE ? &ks->inline_b64 : NULL;

			if (slot ? *slot != NULL : ks->file != NULL) {
				wipe_arg(value);
				return usage_error("'%s' given twice", keywords[kw]);
			}
			if (slot)
				*slot = value;
			else
				ks->file = value;
			ret = 0;
			break;
		}
		case KW_ROC:
			if (p->has_roc)
				return usage_error("'roc' given twice");
			if (!parse_u32(value, &p->roc))
				return usage_error("roc: invalid rollover counter \"%s\" "
						   "(expected 0..4294967295)", value);
			p->has_roc = true;
			ret = 0;
			break;
		case KW_WINDOW:
			if (p->replay_window)
				return usage_error("'window' given twice");
			if (!parse_u32(value, &p->replay_window) ||
			    p->replay_window < KSRTP_REPLAY_WINDOW_MIN ||
			    p->replay_window > KSRTP_REPLAY_WINDOW_MAX)
				return usage_error("window: invalid replay window \"%s\" "
						   "(expected %d..%d packets)", value,
						   KSRTP_REPLAY_WINDOW_MIN,
						   KSRTP_REPLAY_WINDOW_MAX);
			ret = 0;
			break;
		default:
			ret = EXIT_USAGE;
		}
		if (ret)
			return ret;
	}

	ret = tuple_check(&ta);
	if (ret)
		return ret;
	p->tuple = ta.tuple;
	if (!p->suite)
		return usage_error("'suite SUITE' is required");
	if ((ks->key_hex != NULL) + (ks->inline_b64 != NULL) + (ks->file != NULL) > 1 ||
	    (ks->salt_hex && !ks->key_hex && (ks->inline_b64 || ks->file)))
		return usage_error("give only one of 'key HEX salt HEX', 'inline BASE64' "
				   "and 'key-file FILE'");
	if (ks->key_hex && !ks->salt_hex)
		return usage_error("'key HEX' needs 'salt HEX'");
	if (ks->salt_hex && !ks->key_hex)
		return usage_error("'salt HEX' needs 'key HEX'");
	if (!ks->key_hex && !ks->inline_b64 && !ks->file)
		return usage_error("a key is required: 'key HEX salt HEX', "
				   "'inline BASE64' or 'key-file FILE'");
	return 0;
}

int cmd_add(int argc, char **argv)
{
	struct ksrtp_ctx_params p = { 0 };
	struct keyspec ks = { 0 };
	struct ksrtp_handle *h = NULL;
	char err[512];
	uint32_t id;
	int ret;

	ret = parse(argc, argv, &p, &ks);
	if (!ret && keyspec_decode(&ks, &p, err, sizeof(err)))
		ret = usage_error("%s", err);
	wipe_arg(ks.key_hex);
	wipe_arg(ks.salt_hex);
	wipe_arg(ks.inline_b64);
	if (!ret)
		ret = open_handle(&h);
	if (!ret) {
		ret = ksrtp_ctx_add(h, &p, &id);
		if (ret)
			ret = kernel_error(h, ret, "add");
		else
			printf("id %u\n", id);
	}
	explicit_bzero(&p, sizeof(p));
	ksrtp_close(h);
	return ret;
}
