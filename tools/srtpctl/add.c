// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl add {in|out} local ADDR:PORT [remote ADDR:PORT] ssrc SSRC
 *             suite SUITE KEYSPEC [roc N] [window N] [mki HEX]
 *             [policy required|optional]    (in only) [cryptex]
 *             [unencrypted-srtp] [unencrypted-srtcp] [unauthenticated-srtp]
 *             [enc-ext-ids ID[,ID...]]
 * srtpctl add in local ADDR:PORT [remote ADDR:PORT] template
 *             [policy required|optional] [learn-limit N]
 *             suite SUITE KEYSPEC [roc N] [window N] [mki HEX] [cryptex]
 *             [unencrypted-srtp] [unencrypted-srtcp] [enc-ext-ids ID[,ID...]]
 *
 * 'suite SUITE' may be left out when KEYSPEC is a key file with an SDES
 * a=crypto line, which names the suite. 'cryptex' (RFC 9335) may be left
 * out when the key file has an a=cryptex line, which asks for it; the
 * three RFC 4568 session parameters when its a=crypto line has them;
 * 'enc-ext-ids' (RFC 6904) when it has a=extmap lines that encrypt.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "srtpctl.h"

/* New words go at the end: abbreviations prefer the older ones. */
static const enum word add_known[] = {
	W_LOCAL, W_REMOTE, W_SSRC, W_SUITE, W_KEY, W_SALT, W_INLINE, W_KEY_FILE,
	W_ROC, W_WINDOW,
	W_MKI, W_TEMPLATE, W_POLICY, W_LEARN_LIMIT, W_DTLS_ROLE, W_CRYPTEX,
	W_UNENCRYPTED_SRTP, W_UNENCRYPTED_SRTCP, W_UNAUTHENTICATED_SRTP,
	W_ENC_EXT_IDS, W_END
};
static const struct words add_words = { "add", add_known, 10, 0 };

static int parse(int argc, char **argv, struct context *c)
{
	struct ksrtp_ctx_params *p = &c->params;
	int ret;

	if (argc < 1 || !parse_direction(argv[0], &p->tuple.direction))
		return usage_error("add: expected 'in' or 'out', got \"%s\"",
				   argc < 1 ? "" : argv[0]);
	ret = parse_words(&add_words, argc - 1, argv + 1, c);
	if (!ret)
		ret = tuple_check(c);
	if (ret)
		return ret;
	/* Whether the context protects its port: any inbound context. */
	if (p->policy && p->tuple.direction != KSRTP_DIR_INBOUND)
		return usage_error("'policy' applies to inbound contexts only");
	if (!p->is_template && p->has_learn_limit)
		return usage_error("'learn-limit' applies to templates only");
	ret = keyspec_check(&c->key);
	if (!ret && !p->suite && (!c->key.file || c->key.dtls_role))
		return usage_error("'suite SUITE' is required (or a key-file with "
				   "an a=crypto line)");
	return ret;
}

static bool is_gcm(enum ksrtp_suite suite)
{
	return suite == KSRTP_SUITE_AEAD_AES_128_GCM ||
	       suite == KSRTP_SUITE_AEAD_AES_256_GCM;
}

/*
 * The RFC 4568 session parameters the kernel refuses (<linux/ksrtp.h>
 * "SDES session parameters"), refused here before a batch is sent.
 */
static int session_params_check(const struct ksrtp_ctx_params *p)
{
	const char *name = p->unencrypted_srtp ? "unencrypted-srtp (UNENCRYPTED_SRTP)" :
			   p->unencrypted_srtcp ? "unencrypted-srtcp (UNENCRYPTED_SRTCP)" :
			   p->unauthenticated_srtp ?
			   "unauthenticated-srtp (UNAUTHENTICATED_SRTP)" : NULL;

	if (name && is_gcm(p->suite))
		return usage_error("%s: not with %s (RFC 7714: its tag is what both "
				   "encrypts and authenticates)", name,
				   ksrtp_suite_name(p->suite));
	if (p->unencrypted_srtp && p->cryptex)
		return usage_error("unencrypted-srtp (UNENCRYPTED_SRTP): not with "
				   "cryptex, which would encrypt header parts of a packet "
				   "whose payload is not");
	if (p->unauthenticated_srtp && p->is_template)
		return usage_error("unauthenticated-srtp (UNAUTHENTICATED_SRTP): not "
				   "for a template, which learns a stream from a packet "
				   "that authenticates");
	return 0;
}

/*
 * RFC 6904's encrypted header extension elements, refused here as the
 * kernel refuses them (<linux/ksrtp.h> KSRTP_A_ENC_HDR_EXT_IDS).
 */
static int ext_ids_check(const struct ksrtp_ctx_params *p)
{
	if (!p->n_enc_ext_ids)
		return 0;
	if (p->suite == KSRTP_SUITE_NULL_HMAC_SHA1_80 ||
	    p->suite == KSRTP_SUITE_NULL_HMAC_SHA1_32)
		return usage_error("enc-ext-ids (RFC 6904): %s encrypts nothing",
				   ksrtp_suite_name(p->suite));
	if (p->unencrypted_srtp)
		return usage_error("enc-ext-ids (RFC 6904): not with unencrypted-srtp "
				   "(UNENCRYPTED_SRTP), which would encrypt header "
				   "extension elements of a packet whose payload is not");
	return 0;
}

int add_request(int argc, char **argv, struct context *c, struct ksrtp_batch_req *req)
{
	struct ksrtp_ctx_params *p = &c->params;
	int ret;

	memset(c, 0, sizeof(*c));
	memset(req, 0, sizeof(*req));
	ret = parse(argc, argv, c);
	if (!ret)
		ret = key_decode(c, true);
	/* WSH= is the sender's hint for the receiver's replay window. */
	if (!ret && c->extra.wsh && !p->replay_window &&
	    p->tuple.direction == KSRTP_DIR_INBOUND)
		p->replay_window = c->extra.wsh < KSRTP_REPLAY_WINDOW_MAX ?
				   c->extra.wsh : KSRTP_REPLAY_WINDOW_MAX;
	/* The kernel says so too, but only once the batch is sent. */
	if (!ret && p->cryptex && (p->suite == KSRTP_SUITE_NULL_HMAC_SHA1_80 ||
				   p->suite == KSRTP_SUITE_NULL_HMAC_SHA1_32))
		ret = usage_error("'cryptex': %s encrypts nothing",
				  ksrtp_suite_name(p->suite));
	if (!ret)
		ret = session_params_check(p);
	if (!ret)
		ret = ext_ids_check(p);
	if (ret) {
		context_wipe(c);
		return ret;
	}
	req->op = KSRTP_BATCH_ADD;
	req->params = p;
	return 0;
}

int add_install(struct ksrtp_handle *h, const struct context *c)
{
	const struct sdes_extra *x = &c->extra;
	unsigned int i;
	uint32_t id;
	int ret;

	ret = ksrtp_ctx_add(h, &c->params, &id);
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

int add_main(int argc, char **argv)
{
	struct ksrtp_batch_req req;
	struct ksrtp_handle *h = NULL;
	struct context c;
	int ret;

	ret = add_request(argc, argv, &c, &req);
	if (!ret)
		ret = open_handle(&h);
	if (!ret)
		ret = add_install(h, &c);
	context_wipe(&c);
	ksrtp_close(h);
	return ret;
}
