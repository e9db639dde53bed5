// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl key add id ID KEYSPEC [mki HEX [active]] [from-index N]
 *                 [from-srtcp-index N]
 * srtpctl key del id ID {mki HEX | from-index N}
 * srtpctl key activate id ID mki HEX
 */
#include <inttypes.h>
#include <string.h>

#include "srtpctl.h"

/* Highest SRTP index (48 bits) and SRTCP index (31 bits). */
#define SRTP_INDEX_MAX	((1ULL << 48) - 1)
#define SRTCP_INDEX_MAX	0x7fffffffu

struct key_args {
	bool has_id;
	uint32_t id;
	struct keyspec ks;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	size_t mki_len;
	bool active;
	bool has_from_index;
	uint64_t from_index;
	bool has_from_srtcp_index;
	uint32_t from_srtcp_index;
};

/*
 * The words of 'key add' (all = true) or of 'key del' and 'key activate'
 * (id and mki only).
 */
static int parse(const char *cmd, int argc, char **argv, struct key_args *a,
		 bool all)
{
	static const char *const keywords[] = {
		"id", "mki", "active", "from-index", "from-srtcp-index",
		"key", "salt", "inline", "key-file", NULL
	};
	enum { KW_ID, KW_MKI, KW_ACTIVE, KW_FROM, KW_FROM_SRTCP, KW_KEY };
	const char *value;
	uint64_t v;
	int kw, ret;

	while (argc > 0) {
		kw = match_keyword(argv[0], keywords);
		if (kw == KEYWORD_AMBIGUOUS)
			return usage_error("key %s: ambiguous keyword \"%s\"", cmd, argv[0]);
		if (kw == KEYWORD_NONE ||
		    (!all && kw != KW_ID && kw != KW_MKI && kw != KW_FROM))
			return usage_error("key %s: unknown keyword \"%s\"", cmd, argv[0]);
		if (kw == KW_ACTIVE) {
			if (a->active)
				return usage_error("'active' given twice");
			a->active = true;
			argc--;
			argv++;
			continue;
		}
		if (argc < 2)
			return usage_error("key %s: '%s' needs a value", cmd, keywords[kw]);
		value = argv[1];
		switch (kw) {
		case KW_ID:
			if (a->has_id)
				return usage_error("'id' given twice");
			if (!parse_u32(value, &a->id))
				return usage_error("id: invalid context id \"%s\"", value);
			a->has_id = true;
			ret = 0;
			break;
		case KW_MKI:
			if (a->mki_len)
				return usage_error("'mki' given twice");
			ret = mki_arg(value, a->mki, &a->mki_len);
			break;
		case KW_FROM:
			if (a->has_from_index)
				return usage_error("'from-index' given twice");
			if (!parse_u64(value, &v) || v > SRTP_INDEX_MAX)
				return usage_error("from-index: invalid SRTP index \"%s\" "
						   "(expected 0..2^48-1: ROC * 65536 + SEQ)",
						   value);
			a->has_from_index = true;
			a->from_index = v;
			ret = 0;
			break;
		case KW_FROM_SRTCP:
			if (a->has_from_srtcp_index)
				return usage_error("'from-srtcp-index' given twice");
			if (!parse_u64(value, &v) || v > SRTCP_INDEX_MAX)
				return usage_error("from-srtcp-index: invalid SRTCP index \"%s\" "
						   "(expected 0..2^31-1)", value);
			a->has_from_srtcp_index = true;
			a->from_srtcp_index = v;
			ret = 0;
			break;
		default:
			ret = keyspec_arg(&a->ks, kw - KW_KEY, argv[1]);
		}
		if (ret)
			return ret;
		argc -= 2;
		argv += 2;
	}

	if (!a->has_id)
		return usage_error("key %s: 'id ID' is required", cmd);
	if (!all) {
		if (strcmp(cmd, "del") && a->has_from_index)
			return usage_error("key %s: unknown keyword \"from-index\"", cmd);
		if (!a->mki_len == !a->has_from_index)
			return usage_error(strcmp(cmd, "del") ?
					   "key %s: 'mki HEX' is required" :
					   "key %s: give 'mki HEX' or 'from-index N' (not both)",
					   cmd);
		return 0;
	}
	if (a->active && !a->mki_len)
		return usage_error("key add: 'active' needs 'mki HEX' (a key without MKI "
				   "takes over at 'from-index')");
	if (a->mki_len && (a->has_from_index || a->has_from_srtcp_index))
		return usage_error("key add: a key with an MKI takes no 'from-index' or "
				   "'from-srtcp-index'");
	return keyspec_check(&a->ks);
}

/*
 * Decode KEYSPEC for the suite of the context (which only the kernel
 * knows), and merge the SDES key's MKI, if any, with 'mki'.
 */
static int decode(struct ksrtp_handle *h, struct key_args *a,
		  struct ksrtp_key_params *kp, struct sdes_extra *x)
{
	struct ksrtp_ctx_params p = { 0 };
	struct ksrtp_ctx_info info;
	char err[512];
	int ret;

	ret = ksrtp_ctx_get_id(h, a->id, &info);
	if (ret)
		return kernel_error(h, ret, "key add id %" PRIu32, a->id);
	p.suite = info.suite;
	if (!ksrtp_suite_name(p.suite))
		return usage_error("key add: context %" PRIu32 " has suite %d, "
				   "which this srtpctl does not know", a->id, (int)p.suite);
	ret = keyspec_decode(&a->ks, &p, x, err, sizeof(err)) ?
	      usage_error("%s", err) : 0;
	if (!ret && a->mki_len && p.mki_len &&
	    (a->mki_len != p.mki_len || memcmp(a->mki, p.mki, p.mki_len)))
		ret = usage_error("mki: the key's SDES MKI differs from 'mki'");
	if (!ret && !a->mki_len && p.mki_len &&
	    (a->has_from_index || a->has_from_srtcp_index))
		ret = usage_error("key add: a key with an MKI takes no 'from-index' or "
				  "'from-srtcp-index'");
	if (!ret) {
		memcpy(kp->key, p.key, sizeof(kp->key));
		kp->key_len = p.key_len;
		memcpy(kp->salt, p.salt, sizeof(kp->salt));
		kp->salt_len = p.salt_len;
		if (a->mki_len) {
			memcpy(kp->mki, a->mki, a->mki_len);
			kp->mki_len = a->mki_len;
		} else {
			memcpy(kp->mki, p.mki, p.mki_len);
			kp->mki_len = p.mki_len;
		}
	}
	explicit_bzero(&p, sizeof(p));
	return ret;
}

/*
 * An a=crypto line may carry several keys: the first one is the key of
 * the words (mki, active), the others follow, inactive.
 */
static int key_add(int argc, char **argv)
{
	struct ksrtp_key_params kp = { 0 };
	struct key_args a = { 0 };
	struct ksrtp_handle *h = NULL;
	struct sdes_extra x = { 0 };
	unsigned int i;
	int ret;

	ret = parse("add", argc, argv, &a, true);
	if (!ret)
		ret = open_handle(&h);
	if (!ret)
		ret = decode(h, &a, &kp, &x);
	wipe_arg(a.ks.key_hex);
	wipe_arg(a.ks.salt_hex);
	wipe_arg(a.ks.inline_b64);
	if (!ret) {
		kp.active = a.active;
		kp.has_from_index = a.has_from_index;
		kp.from_index = a.from_index;
		kp.has_from_srtcp_index = a.has_from_srtcp_index;
		kp.from_srtcp_index = a.from_srtcp_index;
		ret = ksrtp_key_add(h, a.id, &kp);
		if (ret)
			ret = kernel_error(h, ret, "key add id %" PRIu32, a.id);
	}
	for (i = 0; !ret && i < x.nkeys; i++) {
		ret = ksrtp_key_add(h, a.id, &x.keys[i]);
		if (ret)
			ret = kernel_error(h, ret, "key add id %" PRIu32 ": key %u of "
					   "the a=crypto line (the keys before it "
					   "were added)", a.id, i + 2);
	}
	explicit_bzero(&kp, sizeof(kp));
	explicit_bzero(&x, sizeof(x));
	ksrtp_close(h);
	return ret;
}

static int key_del_or_activate(int argc, char **argv, bool del)
{
	const char *cmd = del ? "del" : "activate";
	char mki[KSRTP_MKI_STRLEN];
	struct key_args a = { 0 };
	struct ksrtp_handle *h;
	int ret;

	ret = parse(cmd, argc, argv, &a, false);
	if (ret)
		return ret;
	ret = open_handle(&h);
	if (ret)
		return ret;
	if (a.has_from_index) {
		ret = ksrtp_key_del_from(h, a.id, a.from_index);
		if (ret)
			ret = kernel_error(h, ret, "key del id %" PRIu32
					   " from-index %" PRIu64, a.id, a.from_index);
		ksrtp_close(h);
		return ret;
	}
	ret = del ? ksrtp_key_del(h, a.id, a.mki, a.mki_len) :
		    ksrtp_key_activate(h, a.id, a.mki, a.mki_len);
	if (ret)
		ret = kernel_error(h, ret, "key %s id %" PRIu32 " mki %s", cmd, a.id,
				   ksrtp_format_mki(a.mki, a.mki_len, mki, sizeof(mki)));
	ksrtp_close(h);
	return ret;
}

int cmd_key(int argc, char **argv)
{
	static const char *const commands[] = { "add", "del", "activate", NULL };

	if (argc < 1)
		return usage_error("key: expected 'add', 'del' or 'activate'");
	switch (match_keyword(argv[0], commands)) {
	case 0:
		return key_add(argc - 1, argv + 1);
	case 1:
		return key_del_or_activate(argc - 1, argv + 1, true);
	case 2:
		return key_del_or_activate(argc - 1, argv + 1, false);
	case KEYWORD_AMBIGUOUS:
		return usage_error("key: ambiguous command \"%s\"", argv[0]);
	default:
		return usage_error("key: expected 'add', 'del' or 'activate', got \"%s\"",
				   argv[0]);
	}
}
