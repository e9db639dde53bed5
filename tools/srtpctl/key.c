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

static const enum word key_known[] = {
	W_ID, W_MKI, W_ACTIVE, W_FROM_INDEX, W_FROM_SRTCP_INDEX,
	W_KEY, W_SALT, W_INLINE, W_KEY_FILE, W_END
};
/* key del and key activate know the words of key add, but take fewer. */
#define KEY_DEL_TAKES	(1u << W_ID | 1u << W_MKI | 1u << W_FROM_INDEX)

static int parse(const struct words *w, int argc, char **argv, struct context *c)
{
	int ret = parse_words(w, argc, argv, c);

	if (!ret && !c->has_id)
		ret = usage_error("%s: 'id ID' is required", w->cmd);
	return ret;
}

/* A key with an MKI takes over when activated, one without at an index. */
static int check_mki_from(const struct context *c, size_t mki_len)
{
	const struct ksrtp_key_params *kp = &c->key.params;

	if (mki_len && (kp->has_from_index || kp->has_from_srtcp_index))
		return usage_error("key add: a key with an MKI takes no 'from-index' or "
				   "'from-srtcp-index'");
	return 0;
}

/*
 * Decode KEYSPEC for the suite of the context (which only the kernel
 * knows) into c->key.params, with the MKI of the words or of the SDES key.
 */
static int decode(struct ksrtp_handle *h, struct context *c)
{
	struct ksrtp_key_params *kp = &c->key.params;
	const struct ksrtp_ctx_params *p = &c->params;
	struct ksrtp_ctx_info info;
	size_t mki_len = c->key.mki_len;
	int ret;

	ret = ksrtp_ctx_get_id(h, c->id, &info);
	if (ret)
		return kernel_error(h, ret, "key add id %" PRIu32, c->id);
	c->params.suite = info.suite;
	if (!ksrtp_suite_name(p->suite))
		return usage_error("key add: context %" PRIu32 " has suite %d, "
				   "which this srtpctl does not know", c->id, (int)p->suite);
	ret = key_decode(c, true);
	/* The context has cryptex or not from its start. */
	if (!ret && p->cryptex && !info.cryptex)
		ret = usage_error("key add: the key file says a=cryptex, but context %"
				  PRIu32 " does not use cryptex (chosen when a context "
				  "is added)", c->id);
	/* So are the RFC 4568 session parameters. */
	if (!ret && ((p->unencrypted_srtp && !info.unencrypted_srtp) ||
		     (p->unencrypted_srtcp && !info.unencrypted_srtcp) ||
		     (p->unauthenticated_srtp && !info.unauthenticated_srtp)))
		ret = usage_error("key add: the a=crypto line has %s, but context %"
				  PRIu32 " does not (chosen when a context is added)",
				  p->unencrypted_srtp && !info.unencrypted_srtp ?
				  "UNENCRYPTED_SRTP" :
				  p->unencrypted_srtcp && !info.unencrypted_srtcp ?
				  "UNENCRYPTED_SRTCP" : "UNAUTHENTICATED_SRTP", c->id);
	/* And the encrypted header extension IDs (RFC 6904). */
	if (!ret && p->n_enc_ext_ids) {
		char file_ids[EXT_IDS_STRLEN], ctx_ids[EXT_IDS_STRLEN];

		format_ext_ids(p->enc_ext_ids, p->n_enc_ext_ids, file_ids, sizeof(file_ids));
		format_ext_ids(info.enc_ext_ids, info.n_enc_ext_ids, ctx_ids,
			       sizeof(ctx_ids));
		if (strcmp(file_ids, ctx_ids))
			ret = usage_error("key add: the key file's a=extmap lines encrypt "
					  "extension IDs %s, but context %" PRIu32 " encrypts "
					  "%s (chosen when a context is added)", file_ids,
					  c->id, ctx_ids[0] ? ctx_ids : "none");
	}
	if (!ret && !mki_len)
		ret = check_mki_from(c, p->mki_len);
	if (ret)
		return ret;
	memcpy(kp->key, p->key, sizeof(kp->key));
	kp->key_len = p->key_len;
	memcpy(kp->salt, p->salt, sizeof(kp->salt));
	kp->salt_len = p->salt_len;
	memcpy(kp->mki, p->mki, p->mki_len);
	kp->mki_len = p->mki_len;
	return 0;
}

/*
 * An a=crypto line may carry several keys: the first one is the key of
 * the words (mki, active), the others follow, inactive.
 */
static int key_add(int argc, char **argv)
{
	static const struct words w = { "key add", key_known, 0, 0 };
	const struct ksrtp_key_params *kp;
	struct ksrtp_handle *h = NULL;
	struct context c = { 0 };
	unsigned int i;
	int ret;

	ret = parse(&w, argc, argv, &c);
	if (!ret && c.key.params.active && !c.key.mki_len)
		ret = usage_error("key add: 'active' needs 'mki HEX' (a key without MKI "
				  "takes over at 'from-index')");
	if (!ret)
		ret = check_mki_from(&c, c.key.mki_len);
	if (!ret)
		ret = keyspec_check(&c.key);
	if (!ret)
		ret = open_handle(&h);
	if (!ret)
		ret = decode(h, &c);
	if (!ret) {
		ret = ksrtp_key_add(h, c.id, &c.key.params);
		if (ret)
			ret = kernel_error(h, ret, "key add id %" PRIu32, c.id);
	}
	for (i = 0; !ret && i < c.extra.nkeys; i++) {
		kp = &c.extra.keys[i];
		ret = ksrtp_key_add(h, c.id, kp);
		if (ret)
			ret = kernel_error(h, ret, "key add id %" PRIu32 ": key %u of "
					   "the a=crypto line (the keys before it "
					   "were added)", c.id, i + 2);
	}
	context_wipe(&c);
	ksrtp_close(h);
	return ret;
}

static int key_del_or_activate(int argc, char **argv, bool del)
{
	static const struct words w_del = { "key del", key_known, 0, KEY_DEL_TAKES };
	static const struct words w_activate = {
		"key activate", key_known, 0, KEY_DEL_TAKES
	};
	const char *cmd = del ? "del" : "activate";
	const struct ksrtp_key_params *kp;
	char mki[KSRTP_MKI_STRLEN];
	struct context c = { 0 };
	struct ksrtp_handle *h;
	int ret;

	ret = parse(del ? &w_del : &w_activate, argc, argv, &c);
	if (ret)
		return ret;
	kp = &c.key.params;
	if (!del && kp->has_from_index)
		return usage_error("key %s: unknown keyword \"from-index\"", cmd);
	if (!c.key.mki_len == !kp->has_from_index)
		return usage_error(del ? "key %s: give 'mki HEX' or 'from-index N' (not both)" :
				   "key %s: 'mki HEX' is required", cmd);
	ret = open_handle(&h);
	if (ret)
		return ret;
	if (kp->has_from_index) {
		ret = ksrtp_key_del_from(h, c.id, kp->from_index);
		if (ret)
			ret = kernel_error(h, ret, "key del id %" PRIu32
					   " from-index %" PRIu64, c.id, kp->from_index);
		ksrtp_close(h);
		return ret;
	}
	ret = del ? ksrtp_key_del(h, c.id, c.key.mki, c.key.mki_len) :
		    ksrtp_key_activate(h, c.id, c.key.mki, c.key.mki_len);
	if (ret)
		ret = kernel_error(h, ret, "key %s id %" PRIu32 " mki %s", cmd, c.id,
				   ksrtp_format_mki(c.key.mki, c.key.mki_len, mki, sizeof(mki)));
	ksrtp_close(h);
	return ret;
}

int key_main(int argc, char **argv)
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
