// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The one model of a context and of its key (struct context, struct key),
 * filled from the words of add, del and key, on the command line and in
 * batch lines alike: one parser, one place for each word's value and its
 * checks, one decoder of the key (keys.c) with its MKI.
 */
#include <inttypes.h>
#include <string.h>
#include <arpa/inet.h>

#include "srtpctl.h"

/* Highest SRTP index (48 bits) and SRTCP index (31 bits). */
#define SRTP_INDEX_MAX	((1ULL << 48) - 1)
#define SRTCP_INDEX_MAX	0x7fffffffu

static const char *const word_names[] = {
	[W_ID] = "id", [W_LOCAL] = "local", [W_REMOTE] = "remote",
	[W_SSRC] = "ssrc", [W_SUITE] = "suite", [W_KEY] = "key",
	[W_SALT] = "salt", [W_INLINE] = "inline", [W_KEY_FILE] = "key-file",
	[W_ROC] = "roc", [W_WINDOW] = "window", [W_MKI] = "mki",
	[W_TEMPLATE] = "template", [W_POLICY] = "policy",
	[W_LEARN_LIMIT] = "learn-limit", [W_DTLS_ROLE] = "dtls-role",
	[W_ACTIVE] = "active", [W_FROM_INDEX] = "from-index",
	[W_FROM_SRTCP_INDEX] = "from-srtcp-index", [W_CRYPTEX] = "cryptex",
	[W_UNENCRYPTED_SRTP] = "unencrypted-srtp",
	[W_UNENCRYPTED_SRTCP] = "unencrypted-srtcp",
	[W_UNAUTHENTICATED_SRTP] = "unauthenticated-srtp",
	[W_ENC_EXT_IDS] = "enc-ext-ids",
};
_Static_assert(sizeof(word_names) / sizeof(word_names[0]) == W_COUNT,
	       "a word without a name");

/* enc-ext-ids: header extension IDs 1..255, separated by commas, each once. */
static int ext_ids_arg(char *value, struct ksrtp_ctx_params *p)
{
	bool seen[256] = { false };
	char *save = NULL, *tok;
	uint32_t id;

	for (tok = strtok_r(value, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!parse_u32(tok, &id) || id < 1 || id > 255)
			return usage_error("enc-ext-ids: invalid header extension ID \"%s\" "
					   "(expected 1..255)", tok);
		if (seen[id])
			return usage_error("enc-ext-ids: ID %" PRIu32 " given twice", id);
		seen[id] = true;
		ext_id_add(p, id);
	}
	if (!p->n_enc_ext_ids)
		return usage_error("enc-ext-ids: expected ID[,ID...]");
	return 0;
}

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

/* key, salt, inline, key-file: where the key comes from. */
static int keyspec_arg(struct key *k, enum word w, char *value)
{
	char **slot = w == W_KEY ? &k->key_hex : w == W_SALT ? &k->salt_hex :
		      w == W_INLINE ? &k->inline_b64 : NULL;

	if (slot ? *slot != NULL : k->file != NULL) {
		wipe_arg(value);
		return usage_error("'%s' given twice", word_names[w]);
	}
	if (slot)
		*slot = value;
	else
		k->file = value;
	return 0;
}

/* from-index, from-srtcp-index: an SRTP or SRTCP index up to max. */
static int index_arg(enum word w, const char *value, uint64_t max,
		     const char *range, uint64_t *v)
{
	if (parse_u64(value, v) && *v <= max)
		return 0;
	return usage_error("%s: invalid %s index \"%s\" (expected 0..%s)",
			   word_names[w], w == W_FROM_INDEX ? "SRTP" : "SRTCP",
			   value, range);
}

/* A flag (a word without a value). */
static int flag_set(enum word w, bool *flag)
{
	if (*flag)
		return usage_error("'%s' given twice", word_names[w]);
	*flag = true;
	return 0;
}

/* The value of word w; "given twice" is refused. 0 or EXIT_USAGE. */
static int word_set(struct context *c, enum word w, char *value)
{
	static const char *const roles[] = { "client", "server", NULL };
	struct ksrtp_ctx_params *p = &c->params;
	struct ksrtp_key_params *kp = &c->key.params;
	const char *twice = word_names[w];
	uint64_t v = 0;
	int n;

	switch (w) {
	case W_ID:
		if (c->has_id)
			break;
		if (!parse_u32(value, &c->id))
			return usage_error("id: invalid context id \"%s\"", value);
		c->has_id = true;
		return 0;
	case W_LOCAL:
		if (c->has_local)
			break;
		c->has_local = true;
		return addr_arg(&p->tuple.local, twice, value);
	case W_REMOTE:
		if (p->tuple.remote.sa.sa_family != AF_UNSPEC)
			break;
		return addr_arg(&p->tuple.remote, twice, value);
	case W_SSRC:
		if (c->has_ssrc)
			break;
		c->has_ssrc = true;
		return ssrc_arg(value, &p->tuple.ssrc);
	case W_SUITE:
		if (p->suite)
			break;
		n = ksrtp_suite_from_name(value);
		if (n < 0)
			return unknown_suite(value);
		p->suite = n;
		return 0;
	case W_KEY:
	case W_SALT:
	case W_INLINE:
	case W_KEY_FILE:
		return keyspec_arg(&c->key, w, value);
	case W_ROC:
		if (p->has_roc)
			break;
		if (!parse_u32(value, &p->roc))
			return usage_error("roc: invalid rollover counter \"%s\" "
					   "(expected 0..4294967295)", value);
		p->has_roc = true;
		return 0;
	case W_WINDOW:
		if (p->replay_window)
			break;
		if (!parse_u32(value, &p->replay_window) ||
		    p->replay_window < KSRTP_REPLAY_WINDOW_MIN ||
		    p->replay_window > KSRTP_REPLAY_WINDOW_MAX)
			return usage_error("window: invalid replay window \"%s\" "
					   "(expected %d..%d packets)", value,
					   KSRTP_REPLAY_WINDOW_MIN, KSRTP_REPLAY_WINDOW_MAX);
		return 0;
	case W_MKI:
		if (c->key.mki_len)
			break;
		return mki_arg(value, c->key.mki, &c->key.mki_len);
	case W_POLICY:
		if (p->policy)
			break;
		return parse_policy(value, &p->policy);
	case W_LEARN_LIMIT:
		if (p->has_learn_limit)
			break;
		if (!parse_u32(value, &p->learn_limit) ||
		    p->learn_limit > KSRTP_LEARN_LIMIT_MAX)
			return usage_error("learn-limit: invalid limit \"%s\" "
					   "(expected 0..%d contexts)", value,
					   KSRTP_LEARN_LIMIT_MAX);
		p->has_learn_limit = true;
		return 0;
	case W_DTLS_ROLE:
		if (c->key.dtls_role)
			break;
		n = match_keyword(value, roles);
		if (n < 0)
			return usage_error("dtls-role: expected 'client' or 'server', "
					   "got \"%s\"", value);
		c->key.dtls_role = n + 1;
		return 0;
	case W_FROM_INDEX:
		if (kp->has_from_index)
			break;
		kp->has_from_index = true;
		return index_arg(w, value, SRTP_INDEX_MAX, "2^48-1: ROC * 65536 + SEQ",
				 &kp->from_index);
	case W_FROM_SRTCP_INDEX:
		if (kp->has_from_srtcp_index)
			break;
		kp->has_from_srtcp_index = true;
		n = index_arg(w, value, SRTCP_INDEX_MAX, "2^31-1", &v);
		kp->from_srtcp_index = v;
		return n;
	case W_TEMPLATE:
		return flag_set(w, &p->is_template);
	case W_ACTIVE:
		return flag_set(w, &kp->active);
	case W_CRYPTEX:
		return flag_set(w, &p->cryptex);
	case W_UNENCRYPTED_SRTP:
		return flag_set(w, &p->unencrypted_srtp);
	case W_UNENCRYPTED_SRTCP:
		return flag_set(w, &p->unencrypted_srtcp);
	case W_UNAUTHENTICATED_SRTP:
		return flag_set(w, &p->unauthenticated_srtp);
	case W_ENC_EXT_IDS:
		if (c->has_enc_ext_ids)
			break;
		c->has_enc_ext_ids = true;
		return ext_ids_arg(value, p);
	default:
		return EXIT_USAGE;
	}
	return usage_error("'%s' given twice", twice);
}

/* parse_words()'s arguments, for set_word(). */
struct words_arg {
	const struct words *w;
	struct context *c;
};

static int set_word(int kw, char *value, void *arg)
{
	const struct words_arg *a = arg;

	return word_set(a->c, a->w->known[kw], value);
}

int parse_words(const struct words *w, int argc, char **argv, struct context *c)
{
	const char *names[W_COUNT + 1];
	struct words_arg a = { w, c };
	struct word_list l = { .cmd = w->cmd, .names = names, .old = w->old,
			       .set = set_word, .arg = &a };
	enum word word;
	int i;

	for (i = 0; (word = w->known[i]) != W_END; i++) {
		names[i] = word_names[word];
		if (word == W_TEMPLATE || word == W_ACTIVE || word == W_CRYPTEX ||
		    word == W_UNENCRYPTED_SRTP || word == W_UNENCRYPTED_SRTCP ||
		    word == W_UNAUTHENTICATED_SRTP)
			l.flags |= 1u << i;
		if (w->taken && !(w->taken & 1u << word))
			l.refused |= 1u << i;
	}
	names[i] = NULL;
	return parse_word_list(&l, argc, argv);
}

int tuple_check(const struct context *c)
{
	const struct ksrtp_tuple *t = &c->params.tuple;
	bool is_template = c->params.is_template;

	if (!c->has_local)
		return usage_error("'local ADDR:PORT' is required");
	if (is_template && c->has_ssrc)
		return usage_error("a template has no 'ssrc': it stands for every SSRC");
	if (is_template && t->direction != KSRTP_DIR_INBOUND)
		return usage_error("a template must be 'in'");
	if (!c->has_ssrc && !is_template)
		return usage_error("'ssrc SSRC' is required");
	if (t->direction == KSRTP_DIR_OUTBOUND && t->remote.sa.sa_family == AF_UNSPEC)
		return usage_error("'remote ADDR:PORT' is required for an outbound context");
	if (t->remote.sa.sa_family != AF_UNSPEC &&
	    t->remote.sa.sa_family != t->local.sa.sa_family)
		return usage_error("local and remote must be both IPv4 or both IPv6");
	return 0;
}

int keyspec_check(const struct key *k)
{
	if ((k->key_hex != NULL) + (k->inline_b64 != NULL) + (k->file != NULL) > 1 ||
	    (k->salt_hex && !k->key_hex && (k->inline_b64 || k->file)))
		return usage_error("give only one of 'key HEX salt HEX', 'inline BASE64' "
				   "and 'key-file FILE'");
	if (k->dtls_role && !k->file)
		return usage_error("'dtls-role' needs 'key-file FILE' with the keying material");
	if (k->key_hex && !k->salt_hex)
		return usage_error("'key HEX' needs 'salt HEX'");
	if (k->salt_hex && !k->key_hex)
		return usage_error("'salt HEX' needs 'key HEX'");
	if (!k->key_hex && !k->inline_b64 && !k->file)
		return usage_error("a key is required: 'key HEX salt HEX', "
				   "'inline BASE64' or 'key-file FILE'");
	return 0;
}

/*
 * Wipe the words that hold key material, once decoded or refused: this
 * also hides them from /proc/PID/cmdline from now on. A batch reuses its
 * line: no pointer into it stays.
 */
static void wipe_key_words(struct key *k)
{
	wipe_arg(k->key_hex);
	wipe_arg(k->salt_hex);
	wipe_arg(k->inline_b64);
	k->key_hex = k->salt_hex = k->inline_b64 = NULL;
	k->file = NULL;
}

int key_decode(struct context *c, bool extra)
{
	struct ksrtp_ctx_params *p = &c->params;
	const struct key *k = &c->key;
	char err[512];
	int ret;

	ret = keyspec_decode(k, p, extra ? &c->extra : NULL, err, sizeof(err)) ?
	      usage_error("%s", err) : 0;
	wipe_key_words(&c->key);
	if (ret)
		return ret;
	/* The MKI: from 'mki', or from the SDES key's "|MKI:LENGTH"; both
	 * must then agree. */
	if (k->mki_len && p->mki_len &&
	    (k->mki_len != p->mki_len || memcmp(k->mki, p->mki, k->mki_len)))
		return usage_error("mki: the key's SDES MKI differs from 'mki'");
	if (k->mki_len) {
		memcpy(p->mki, k->mki, k->mki_len);
		p->mki_len = k->mki_len;
	}
	return 0;
}

void context_wipe(struct context *c)
{
	wipe_key_words(&c->key);
	explicit_bzero(c, sizeof(*c));
}
