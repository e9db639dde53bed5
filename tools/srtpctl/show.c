// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl show [id ID] [port PORT]
 * srtpctl show net
 *
 * The output format is read by scripts: keep it stable. The counters of
 * the namespace have a form of their own ('show net'), so that 'show'
 * prints nothing but contexts: scripts count its lines, test it for
 * emptiness and read its JSON as an array of contexts.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "srtpctl.h"
#include "json.h"

const char *direction_name(enum ksrtp_direction dir)
{
	switch (dir) {
	case KSRTP_DIR_INBOUND:
		return "in";
	case KSRTP_DIR_OUTBOUND:
		return "out";
	default:
		return "?";
	}
}

static uint16_t local_port(const struct ksrtp_ctx_info *c)
{
	const union ksrtp_sockaddr *a = &c->tuple.local;

	return ntohs(a->sa.sa_family == AF_INET6 ? a->sin6.sin6_port : a->sin.sin_port);
}

/* "-" if the kernel did not say; the number if this srtpctl does not know it. */
static void print_policy(FILE *f, enum ksrtp_policy policy)
{
	if (policy == KSRTP_POLICY_REQUIRED)
		fputs("required", f);
	else if (policy == KSRTP_POLICY_OPTIONAL)
		fputs("optional", f);
	else if (!policy)
		fputs("-", f);
	else
		fprintf(f, "%d", (int)policy);
}

static void print_key(FILE *f, unsigned int n, const struct ksrtp_key_info *k)
{
	char mki[KSRTP_MKI_STRLEN];

	fprintf(f, "    key %u:", n);
	if (k->mki_len)
		fprintf(f, " mki %s", ksrtp_format_mki(k->mki, k->mki_len, mki, sizeof(mki)));
	if (k->has_from_index)
		fprintf(f, " from-index %" PRIu64, k->from_index);
	if (k->has_from_srtcp_index)
		fprintf(f, " from-srtcp-index %" PRIu32, k->from_srtcp_index);
	if (k->active)
		fputs(" active", f);
	fprintf(f, " srtp-packets %" PRIu64 " srtcp-packets %" PRIu64 "\n",
		k->rtp_packets, k->rtcp_packets);
}

/*
 * Four lines that were there from the start, then the counters added with
 * keys and templates, then what applies: template (with its policy), the
 * policy of another inbound context if the kernel reported one,
 * template-id, cryptex, the RFC 4568 session parameters, the encrypted
 * header extension IDs (RFC 6904), keys.
 */
void print_ctx(FILE *f, const struct ksrtp_ctx_info *c)
{
	char local[KSRTP_SOCKADDR_STRLEN], remote[KSRTP_SOCKADDR_STRLEN];
	char ext_ids[EXT_IDS_STRLEN];
	const char *suite = ksrtp_suite_name(c->suite);
	const struct ksrtp_ctx_stats *s = &c->stats;
	unsigned int i;

	fprintf(f, "ctx %" PRIu32 ": %s local %s remote %s ", c->id,
		direction_name(c->tuple.direction),
		ksrtp_format_sockaddr(&c->tuple.local, local, sizeof(local)),
		ksrtp_format_sockaddr(&c->tuple.remote, remote, sizeof(remote)));
	if (c->is_template)
		fputs("ssrc any suite ", f);
	else
		fprintf(f, "ssrc 0x%08" PRIx32 " suite ", c->tuple.ssrc);
	if (suite)
		fprintf(f, "%s\n", suite);
	else
		fprintf(f, "%d\n", (int)c->suite);
	fprintf(f, "    roc %" PRIu32 " seq %" PRIu16 " srtcp-index %" PRIu32
		" window %" PRIu32 " cipher %s auth %s\n",
		c->roc, c->seq, c->srtcp_index, c->replay_window,
		c->cipher_driver[0] ? c->cipher_driver : "-",
		c->auth_driver[0] ? c->auth_driver : "-");
	fprintf(f, "    rtp-packets %" PRIu64 " rtp-bytes %" PRIu64
		" rtcp-packets %" PRIu64 " rtcp-bytes %" PRIu64 "\n",
		s->rtp_packets, s->rtp_bytes, s->rtcp_packets, s->rtcp_bytes);
	fprintf(f, "    auth-failures %" PRIu64 " replays %" PRIu64
		" malformed %" PRIu64 " errors %" PRIu64 "\n",
		s->auth_failures, s->replays, s->malformed, s->errors);
	fprintf(f, "    key-limit %" PRIu64 " unknown-ssrc %" PRIu64 "\n",
		s->key_limit, s->unknown_ssrc);
	if (c->is_template) {
		fputs("    template policy ", f);
		print_policy(f, c->policy);
		fprintf(f, " learn-limit %" PRIu32 " learned %" PRIu32 "\n",
			c->learn_limit, c->learned);
	} else if (c->policy) {
		fputs("    policy ", f);
		print_policy(f, c->policy);
		fputc('\n', f);
	}
	if (c->template_id)
		fprintf(f, "    template-id %" PRIu32 "\n", c->template_id);
	if (c->cryptex)
		fputs("    cryptex\n", f);
	if (c->unencrypted_srtp)
		fputs("    unencrypted-srtp\n", f);
	if (c->unencrypted_srtcp)
		fputs("    unencrypted-srtcp\n", f);
	if (c->unauthenticated_srtp)
		fputs("    unauthenticated-srtp\n", f);
	if (c->n_enc_ext_ids)
		fprintf(f, "    enc-ext-ids %s\n",
			format_ext_ids(c->enc_ext_ids, c->n_enc_ext_ids, ext_ids,
				       sizeof(ext_ids)));
	for (i = 0; i < c->nkeys && i < KSRTP_MAX_KEYS; i++)
		print_key(f, i + 1, &c->keys[i]);
}

/* One line: what the namespace's protected ports dropped. */
void print_net(FILE *f, const struct ksrtp_net_stats *st)
{
	fprintf(f, "net unknown-ssrc %" PRIu64 " not-srtp %" PRIu64
		" malformed %" PRIu64 "\n",
		st->unknown_ssrc, st->not_srtp, st->malformed);
}

static int show_net(struct ksrtp_handle *h)
{
	struct ksrtp_net_stats st;
	int ret = ksrtp_net_get(h, &st);

	if (ret == -EOPNOTSUPP) {
		error_prefix();
		fprintf(stderr, "show net: the ksrtp module has no namespace counters "
			"(it predates protected ports)\n");
		return EXIT_REFUSED;
	}
	if (ret)
		return kernel_error(h, ret, "show net");
	if (output_format == OUTPUT_JSON)
		print_net_json(stdout, &st);
	else if (output_format == OUTPUT_TSV)
		print_net_tsv(stdout, &st);
	else
		print_net(stdout, &st);
	return 0;
}

void *listing_slot(struct listing *l, size_t elem)
{
	if (l->n == l->size) {
		size_t size = l->size ? 2 * l->size : 16;
		void *items = realloc(l->items, size * elem);

		if (!items)
			return NULL;
		l->items = items;
		l->size = size;
	}
	return (char *)l->items + elem * l->n++;
}

static int collect(const struct ksrtp_ctx_info *info, void *arg)
{
	struct ksrtp_ctx_info *slot = listing_slot(arg, sizeof(*info));

	if (!slot)
		return -ENOMEM;
	*slot = *info;
	return 0;
}

void print_listing(const void *items, size_t n, size_t elem, const struct printer *p)
{
	const char *item = items;
	struct json j;
	size_t i;

	if (output_format == OUTPUT_JSON) {
		json_begin(&j, stdout);
		json_open_array(&j, NULL);
		for (i = 0; i < n; i++)
			p->json(&j, item + i * elem);
		json_close_array(&j);
		json_end(&j);
		return;
	}
	for (i = 0; i < n; i++)
		(output_format == OUTPUT_TSV ? p->tsv : p->human)(stdout, item + i * elem);
}

static void ctx_human(FILE *f, const void *c)
{
	print_ctx(f, c);
}

static void ctx_json(struct json *j, const void *c)
{
	print_ctx_json(j, c);
}

static void ctx_tsv(FILE *f, const void *c)
{
	print_ctx_tsv(f, c);
}

static const struct printer ctx_printer = { ctx_human, ctx_json, ctx_tsv };

/* Print only once the listing is complete, so that output is consistent. */
static int show_all(struct ksrtp_handle *h, uint16_t port)
{
	struct listing l = { 0 };
	int ret, tries = 0;

	do {
		l.n = 0;
		ret = ksrtp_ctx_dump(h, port, collect, &l);
	} while (ret == -EAGAIN && ++tries < DUMP_TRIES);
	if (ret)
		ret = kernel_error(h, ret, "show");
	else
		print_listing(l.items, l.n, sizeof(struct ksrtp_ctx_info), &ctx_printer);
	free(l.items);
	return ret;
}

int show_main(int argc, char **argv)
{
	static const char *const keywords[] = { "id", "port", "net", NULL };
	bool has_id = false, net = false;
	uint16_t port = 0;
	struct ksrtp_handle *h;
	struct ksrtp_ctx_info info;
	uint32_t id = 0;
	int kw, ret;

	for (; argc > 0; argc -= 2, argv += 2) {
		kw = match_keyword(argv[0], keywords);
		if (kw < 0)
			return usage_error("show: unknown keyword \"%s\"", argv[0]);
		if (kw == 2) {
			/* A word without a value. */
			if (net)
				return usage_error("'net' given twice");
			net = true;
			argc++;
			argv--;
			continue;
		}
		if (argc < 2)
			return usage_error("show: '%s' needs a value", keywords[kw]);
		if (kw == 0) {
			if (has_id)
				return usage_error("'id' given twice");
			if (!parse_u32(argv[1], &id))
				return usage_error("id: invalid context id \"%s\"", argv[1]);
			has_id = true;
		} else {
			if (port)
				return usage_error("'port' given twice");
			if (!parse_port(argv[1], &port))
				return usage_error("port: invalid port \"%s\" (expected 1..65535)",
						   argv[1]);
		}
	}

	if (net && (has_id || port))
		return usage_error("show net: the counters are the namespace's, "
				   "'id' and 'port' do not apply");

	ret = open_handle(&h);
	if (ret)
		return ret;
	if (net) {
		ret = show_net(h);
	} else if (has_id) {
		ret = ksrtp_ctx_get_id(h, id, &info);
		if (ret)
			ret = kernel_error(h, ret, "show id %" PRIu32, id);
		else
			print_listing(&info, !port || local_port(&info) == port,
				      sizeof(info), &ctx_printer);
	} else {
		ret = show_all(h, port);
	}
	ksrtp_close(h);
	return ret;
}
