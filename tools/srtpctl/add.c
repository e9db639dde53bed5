// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl add {in|out} local ADDR:PORT [remote ADDR:PORT] ssrc SSRC
 *             suite SUITE KEYSPEC [roc N] [window N] [mki HEX]
 *             [policy required|optional]    (in only)
 * srtpctl add in local ADDR:PORT [remote ADDR:PORT] template
 *             [policy required|optional] [learn-limit N]
 *             suite SUITE KEYSPEC [roc N] [window N] [mki HEX]
 *
 * 'suite SUITE' may be left out when KEYSPEC is a key file with an SDES
 * a=crypto line, which names the suite.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "srtpctl.h"

static int unknown_suite(const char *name)
{
	int i;

	error_prefix();
	fprintf(stderr, "suite: unknown suite \"%s\"; known suites:", name);
	for (i = 1; i <= KSRTP_SUITE_MAX; i++)
		if (ksrtp_suite_name(i))
			fprintf(stderr, " %s", ksrtp_suite_name(i));
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* What the command line says besides the context parameters. */
struct add_args {
	struct keyspec ks;
	uint8_t mki[KSRTP_MKI_MAX_LEN];	/* mki HEX */
	size_t mki_len;
};

static int parse_policy(const char *value, enum ksrtp_policy *policy)
{
	static const char *const policies[] = { "required", "optional", NULL };

	switch (match_keyword(value, policies)) {
	case 0:
		*policy = KSRTP_POLICY_REQUIRED;
		return 0;
	case 1:
		*policy = KSRTP_POLICY_OPTIONAL;
		return 0;
	default:
		return usage_error("policy: expected 'required' or 'optional', got \"%s\"",
				   value);
	}
}

static int parse(int argc, char **argv, struct ksrtp_ctx_params *p,
		 struct add_args *a)
{
	/* New keywords go at the end: abbreviations prefer the older ones. */
	static const char *const keywords[] = {
		"local", "remote", "ssrc", "suite", "key", "salt", "inline",
		"key-file", "roc", "window",
		"mki", "template", "policy", "learn-limit", "dtls-role", NULL
	};
	enum {
		KW_LOCAL, KW_REMOTE, KW_SSRC, KW_SUITE, KW_KEY, KW_SALT, KW_INLINE,
		KW_KEY_FILE, KW_ROC, KW_WINDOW, KW_OLD,
		KW_MKI = KW_OLD, KW_TEMPLATE, KW_POLICY, KW_LEARN_LIMIT, KW_DTLS_ROLE
	};
	static const char *const roles[] = { "client", "server", NULL };
	struct tuple_args ta = { 0 };
	int kw, ret, suite;
	char *value;

	if (argc < 1 || !parse_direction(argv[0], &ta.tuple.direction))
		return usage_error("add: expected 'in' or 'out', got \"%s\"",
				   argc < 1 ? "" : argv[0]);
	for (argc--, argv++; argc > 0; argc -= 2, argv += 2) {
		kw = match_keyword_first(argv[0], keywords, KW_OLD);
		if (kw == KEYWORD_AMBIGUOUS)
			return usage_error("add: ambiguous keyword \"%s\"", argv[0]);
		if (kw == KEYWORD_NONE)
			return usage_error("add: unknown keyword \"%s\"", argv[0]);
		if (kw == KW_TEMPLATE) {
			/* A flag: takes no value. */
			if (ta.is_template)
				return usage_error("'template' given twice");
			ta.is_template = true;
			argc++;
			argv--;
			continue;
		}
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
		case KW_KEY_FILE:
			ret = keyspec_arg(&a->ks, kw - KW_KEY, value);
			break;
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
		case KW_MKI:
			if (a->mki_len)
				return usage_error("'mki' given twice");
			ret = mki_arg(value, a->mki, &a->mki_len);
			break;
		case KW_POLICY:
			if (p->policy)
				return usage_error("'policy' given twice");
			ret = parse_policy(value, &p->policy);
			break;
		case KW_LEARN_LIMIT:
			if (p->has_learn_limit)
				return usage_error("'learn-limit' given twice");
			if (!parse_u32(value, &p->learn_limit) ||
			    p->learn_limit > KSRTP_LEARN_LIMIT_MAX)
				return usage_error("learn-limit: invalid limit \"%s\" "
						   "(expected 0..%d contexts)", value,
						   KSRTP_LEARN_LIMIT_MAX);
			p->has_learn_limit = true;
			ret = 0;
			break;
		case KW_DTLS_ROLE:
			if (a->ks.dtls_role)
				return usage_error("'dtls-role' given twice");
			kw = match_keyword(value, roles);
			if (kw < 0)
				return usage_error("dtls-role: expected 'client' or 'server', "
						   "got \"%s\"", value);
			a->ks.dtls_role = kw + 1;
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
	p->is_template = ta.is_template;
	/* Whether the context protects its port: any inbound context. */
	if (p->policy && p->tuple.direction != KSRTP_DIR_INBOUND)
		return usage_error("'policy' applies to inbound contexts only");
	if (!p->is_template && p->has_learn_limit)
		return usage_error("'learn-limit' applies to templates only");
	ret = keyspec_check(&a->ks);
	if (!ret && !p->suite && (!a->ks.file || a->ks.dtls_role))
		return usage_error("'suite SUITE' is required (or a key-file with "
				   "an a=crypto line)");
	return ret;
}

/*
 * The MKI: from 'mki HEX', or from the SDES key's "|MKI:LENGTH"; both must
 * then agree.
 */
static int merge_mki(struct ksrtp_ctx_params *p, const struct add_args *a)
{
	if (a->mki_len && p->mki_len &&
	    (a->mki_len != p->mki_len || memcmp(a->mki, p->mki, a->mki_len)))
		return usage_error("mki: the key's SDES MKI differs from 'mki'");
	if (a->mki_len) {
		memcpy(p->mki, a->mki, a->mki_len);
		p->mki_len = a->mki_len;
	}
	return 0;
}

int add_prepare(int argc, char **argv, struct ksrtp_ctx_params *p,
		struct sdes_extra *x)
{
	struct add_args a = { 0 };
	char err[512];
	int ret;

	memset(p, 0, sizeof(*p));
	memset(x, 0, sizeof(*x));
	ret = parse(argc, argv, p, &a);
	if (!ret && keyspec_decode(&a.ks, p, x, err, sizeof(err)))
		ret = usage_error("%s", err);
	wipe_arg(a.ks.key_hex);
	wipe_arg(a.ks.salt_hex);
	wipe_arg(a.ks.inline_b64);
	if (!ret)
		ret = merge_mki(p, &a);
	/* WSH= is the sender's hint for the receiver's replay window. */
	if (!ret && x->wsh && !p->replay_window &&
	    p->tuple.direction == KSRTP_DIR_INBOUND)
		p->replay_window = x->wsh < KSRTP_REPLAY_WINDOW_MAX ?
				   x->wsh : KSRTP_REPLAY_WINDOW_MAX;
	explicit_bzero(&a, sizeof(a));
	if (ret) {
		explicit_bzero(p, sizeof(*p));
		explicit_bzero(x, sizeof(*x));
	}
	return ret;
}

int add_install(struct ksrtp_handle *h, const struct ksrtp_ctx_params *p,
		const struct sdes_extra *x)
{
	unsigned int i;
	uint32_t id;
	int ret;

	ret = ksrtp_ctx_add(h, p, &id);
	if (ret)
		return kernel_error(h, ret, "add");
	/* The first key is the active one; the others only decrypt. */
	for (i = 0; i < x->nkeys; i++) {
		ret = ksrtp_key_add(h, id, &x->keys[i]);
		if (!ret)
			continue;
		ret = kernel_error(h, ret, "add: key %u of the a=crypto line", i + 2);
		if (ksrtp_ctx_del_id(h, id)) {
			error_prefix();
			fprintf(stderr, "add: context %" PRIu32 " stays installed with "
				"%u of its keys: %s\n", id, i + 1, ksrtp_errmsg(h));
		}
		return ret;
	}
	printf("id %" PRIu32 "\n", id);
	return 0;
}

int cmd_add(int argc, char **argv)
{
	struct ksrtp_ctx_params p;
	struct sdes_extra x;
	struct ksrtp_handle *h = NULL;
	int ret;

	ret = add_prepare(argc, argv, &p, &x);
	if (!ret)
		ret = open_handle(&h);
	if (!ret)
		ret = add_install(h, &p, &x);
	explicit_bzero(&p, sizeof(p));
	explicit_bzero(&x, sizeof(x));
	ksrtp_close(h);
	return ret;
}
