// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl forward add local ADDR:PORT [remote ADDR:PORT] [ssrc SSRC]
 *                     [plain] [deliver] [pt PT[,PT...]]
 * srtpctl forward del id ID
 * srtpctl forward show [id ID]
 * srtpctl forward output add id ID ctx CTXID [seq-offset N] [ts-offset N]
 * srtpctl forward output add id ID local ADDR:PORT remote ADDR:PORT
 *                     [ssrc SSRC] [seq-offset N] [ts-offset N]
 * srtpctl forward output del id ID output N
 * srtpctl forward output set id ID output N [seq-offset N] [ts-offset N]
 *
 * The show format is read by scripts: keep it stable (counters are "name
 * value" pairs; words are only ever added at the end of a line).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "srtpctl.h"
#include "json.h"

/*
 * The words of forward and forward output. A subcommand takes some of
 * them (bits 1 << F_*); the others are unknown keywords there.
 */
enum fwd_word {
	F_ID, F_LOCAL, F_REMOTE, F_SSRC, F_PLAIN, F_DELIVER, F_CTX, F_OUTPUT,
	F_SEQ_OFFSET, F_TS_OFFSET, F_PT, F_COUNT
};

static const char *const fwd_word_names[F_COUNT] = {
	[F_ID] = "id", [F_LOCAL] = "local", [F_REMOTE] = "remote",
	[F_SSRC] = "ssrc", [F_PLAIN] = "plain", [F_DELIVER] = "deliver",
	[F_CTX] = "ctx", [F_OUTPUT] = "output", [F_SEQ_OFFSET] = "seq-offset",
	[F_TS_OFFSET] = "ts-offset", [F_PT] = "pt",
};

#define BIT(w)		(1u << (w))
#define ADD_TAKES	(BIT(F_LOCAL) | BIT(F_REMOTE) | BIT(F_SSRC) | BIT(F_PLAIN) | \
			 BIT(F_DELIVER) | BIT(F_PT))
#define OFFSETS		(BIT(F_SEQ_OFFSET) | BIT(F_TS_OFFSET))
#define OUT_ADD_TAKES	(BIT(F_ID) | BIT(F_CTX) | BIT(F_LOCAL) | BIT(F_REMOTE) | \
			 BIT(F_SSRC) | OFFSETS)
#define OUT_SET_TAKES	(BIT(F_ID) | BIT(F_OUTPUT) | OFFSETS)

/* What the words of one command line said. */
struct fwd_args {
	unsigned int given;	/* bits 1 << F_* */
	enum fwd_word words[F_COUNT];	/* the words taken, by their index */
	uint32_t id, ctx, output;
	struct ksrtp_fwd_output_params out;	/* local, remote, ssrc, offsets */
	uint32_t flags;
	unsigned int npts;
	uint8_t pts[KSRTP_FWD_PAYLOAD_TYPES_MAX];
};

/* pt: payload types 0..127, separated by commas, each once. */
static int pt_arg(char *value, struct fwd_args *a)
{
	bool seen[KSRTP_FWD_PAYLOAD_TYPES_MAX] = { false };
	char *save = NULL, *tok;
	uint32_t pt;

	for (tok = strtok_r(value, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!parse_u32(tok, &pt) || pt >= KSRTP_FWD_PAYLOAD_TYPES_MAX)
			return usage_error("pt: invalid payload type \"%s\" (expected "
					   "0..127)", tok);
		if (seen[pt])
			return usage_error("pt: payload type %" PRIu32 " given twice", pt);
		seen[pt] = true;
		a->pts[a->npts++] = pt;
	}
	if (!a->npts)
		return usage_error("pt: expected PT[,PT...]");
	return 0;
}

static int set_fwd_word(int kw, char *value, void *arg)
{
	struct fwd_args *a = arg;
	struct ksrtp_fwd_output_params *o = &a->out;
	struct ksrtp_fwd_offsets *off = &o->offsets;
	enum fwd_word w = a->words[kw];
	uint32_t v;

	if (a->given & BIT(w))
		return usage_error("'%s' given twice", fwd_word_names[w]);
	a->given |= BIT(w);
	switch (w) {
	case F_ID:
		return handle_arg("id", "rule", value, &a->id);
	case F_LOCAL:
		return addr_arg(&o->local, "local", value);
	case F_REMOTE:
		return addr_arg(&o->remote, "remote", value);
	case F_SSRC:
		o->has_ssrc = true;
		return ssrc_arg(value, &o->ssrc);
	case F_PLAIN:
		a->flags |= KSRTP_FWD_F_PLAIN;
		return 0;
	case F_DELIVER:
		a->flags |= KSRTP_FWD_F_DELIVER;
		return 0;
	case F_CTX:
		return handle_arg("ctx", "context", value, &a->ctx);
	case F_OUTPUT:
		return handle_arg("output", "output", value, &a->output);
	case F_PT:
		return pt_arg(value, a);
	case F_SEQ_OFFSET:
		if (!parse_u32(value, &v) || v > UINT16_MAX)
			return usage_error("seq-offset: invalid offset \"%s\" "
					   "(expected 0..65535)", value);
		off->has_seq_offset = true;
		off->seq_offset = v;
		return 0;
	default:
		if (!parse_u32(value, &off->ts_offset))
			return usage_error("ts-offset: invalid offset \"%s\" "
					   "(expected 0..4294967295)", value);
		off->has_ts_offset = true;
		return 0;
	}
}

/*
 * Fill a from the words of cmd (in messages: "forward add"), which takes
 * those of takes: only they are known, so that they abbreviate as far as
 * they alone allow.
 */
static int parse(const char *cmd, unsigned int takes, int argc, char **argv,
		 struct fwd_args *a)
{
	const char *names[F_COUNT + 1];
	struct word_list l = { .cmd = cmd, .names = names, .set = set_fwd_word, .arg = a };
	int w, n = 0;

	memset(a, 0, sizeof(*a));
	for (w = 0; w < F_COUNT; w++) {
		if (!(takes & BIT(w)))
			continue;
		if (w == F_PLAIN || w == F_DELIVER)
			l.flags |= BIT(n);
		a->words[n] = w;
		names[n++] = fwd_word_names[w];
	}
	names[n] = NULL;
	return parse_word_list(&l, argc, argv);
}

/* A required word. */
static int need(const char *cmd, const struct fwd_args *a, enum fwd_word w,
		const char *what)
{
	if (a->given & BIT(w))
		return 0;
	return usage_error("%s: '%s %s' is required", cmd, fwd_word_names[w], what);
}

/*
 * The request failed: the kernel's message, or that the module has no
 * forwarding (generic netlink refuses an unknown command without one).
 */
static int fwd_error(struct ksrtp_handle *h, int err, const char *what)
{
	if (err == -EOPNOTSUPP && !ksrtp_errmsg(h)[0]) {
		error_prefix();
		fprintf(stderr, "%s: the ksrtp module has no forwarding (it predates "
			"it)\n", what);
		return EXIT_REFUSED;
	}
	return kernel_error(h, err, "%s", what);
}

/* ---- show ------------------------------------------------------------ */

static void print_fwd_stats_words(FILE *f, const struct ksrtp_fwd_stats *s, bool output)
{
	fprintf(f, " packets %" PRIu64 " bytes %" PRIu64, s->packets, s->bytes);
	if (!output) {
		fprintf(f, " loops %" PRIu64 " other-pt %" PRIu64, s->loops, s->other_pt);
		return;
	}
	fprintf(f, " no-context %" PRIu64 " no-route %" PRIu64 " too-big %" PRIu64
		" key %" PRIu64 " errors %" PRIu64 "\n", s->no_context, s->no_route,
		s->too_big, s->key, s->errors);
}

static void print_ssrc_word(FILE *f, bool has_ssrc, uint32_t ssrc)
{
	if (has_ssrc)
		fprintf(f, " ssrc 0x%08" PRIx32, ssrc);
	else
		fputs(" ssrc any", f);
}

/* "96,97": the payload types of a rule, or "any". */
const char *format_fwd_pts(const struct ksrtp_fwd_info *r, char *buf, size_t size)
{
	size_t len = 0;
	unsigned int i;

	if (!r->npayload_types)
		return "any";
	buf[0] = '\0';
	for (i = 0; i < r->npayload_types && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%u", i ? "," : "",
				r->payload_types[i]);
	return buf;
}

/*
 * fwd ID: local ADDR:PORT remote ADDR:PORT|any ssrc 0xSSRC|any [plain]
 *     [deliver] [owned] [flags 0xBITS] packets N bytes N loops N
 *     other-pt N pt PT,PT...|any
 * and one line per output:
 *     output ID: ctx CTXID|none local ADDR:PORT remote ADDR:PORT
 *     ssrc 0xSSRC|any seq-offset N ts-offset N packets N bytes N
 *     no-context N no-route N too-big N key N errors N
 * ("flags" only for bits this srtpctl does not know; "ssrc any" of an
 * output: it keeps each packet's own).
 */
void print_fwd(FILE *f, const struct ksrtp_fwd_info *r)
{
	char local[KSRTP_SOCKADDR_STRLEN], remote[KSRTP_SOCKADDR_STRLEN];
	char pts[FWD_PTS_STRLEN];
	const struct ksrtp_fwd_output_info *o;
	unsigned int i;

	fprintf(f, "fwd %" PRIu32 ": local %s remote %s", r->id,
		ksrtp_format_sockaddr(&r->local, local, sizeof(local)),
		ksrtp_format_sockaddr(&r->remote, remote, sizeof(remote)));
	print_ssrc_word(f, r->has_ssrc, r->ssrc);
	if (r->flags & KSRTP_FWD_F_PLAIN)
		fputs(" plain", f);
	if (r->flags & KSRTP_FWD_F_DELIVER)
		fputs(" deliver", f);
	if (r->owned)
		fputs(" owned", f);
	if (r->flags & ~KSRTP_FWD_F_ALL)
		fprintf(f, " flags 0x%" PRIx32, r->flags & ~KSRTP_FWD_F_ALL);
	print_fwd_stats_words(f, &r->stats, false);
	fprintf(f, " pt %s\n", format_fwd_pts(r, pts, sizeof(pts)));
	for (i = 0; i < r->noutputs; i++) {
		o = &r->outputs[i];
		fprintf(f, "    output %" PRIu32 ": ctx ", o->id);
		if (o->ctx_id)
			fprintf(f, "%" PRIu32, o->ctx_id);
		else
			fputs("none", f);
		fprintf(f, " local %s remote %s",
			ksrtp_format_sockaddr(&o->local, local, sizeof(local)),
			ksrtp_format_sockaddr(&o->remote, remote, sizeof(remote)));
		print_ssrc_word(f, o->has_ssrc, o->ssrc);
		fprintf(f, " seq-offset %" PRIu16 " ts-offset %" PRIu32,
			o->seq_offset, o->ts_offset);
		print_fwd_stats_words(f, &o->stats, true);
	}
}

static void fwd_human(FILE *f, const void *r)
{
	print_fwd(f, r);
}

static void fwd_json(struct json *j, const void *r)
{
	print_fwd_json(j, r);
}

static void fwd_tsv(FILE *f, const void *r)
{
	print_fwd_tsv(f, r);
}

static const struct printer fwd_printer = { fwd_human, fwd_json, fwd_tsv };

/* The rules collected, each with its own copy of its outputs. */
static void free_rules(struct listing *l)
{
	struct ksrtp_fwd_info *r = l->items;
	size_t i;

	for (i = 0; i < l->n; i++)
		ksrtp_fwd_info_free(&r[i]);
	l->n = 0;
}

static int collect(const struct ksrtp_fwd_info *info, void *arg)
{
	size_t size = info->noutputs * sizeof(*info->outputs);
	struct ksrtp_fwd_info *slot;
	void *outputs = NULL;

	if (size && !(outputs = malloc(size)))
		return -ENOMEM;
	slot = listing_slot(arg, sizeof(*slot));
	if (!slot) {
		free(outputs);
		return -ENOMEM;
	}
	*slot = *info;
	slot->outputs = size ? memcpy(outputs, info->outputs, size) : NULL;
	return 0;
}

/* Every rule, printed once the listing is complete (consistent). */
static int show_all(struct ksrtp_handle *h)
{
	struct listing l = { 0 };
	int ret, tries = 0;

	do {
		free_rules(&l);
		ret = ksrtp_fwd_dump(h, collect, &l);
	} while (ret == -EAGAIN && ++tries < DUMP_TRIES);
	if (!ret)
		print_listing(l.items, l.n, sizeof(struct ksrtp_fwd_info), &fwd_printer);
	free_rules(&l);
	free(l.items);
	return ret;
}

static int show_one(struct ksrtp_handle *h, uint32_t id)
{
	struct ksrtp_fwd_info info;
	int ret = ksrtp_fwd_get(h, id, &info);

	if (!ret)
		print_listing(&info, 1, sizeof(info), &fwd_printer);
	ksrtp_fwd_info_free(&info);
	return ret;
}

/* ---- The requests ------------------------------------------------------ */

enum fwd_op { OP_ADD, OP_DEL, OP_SHOW, OP_OUT_ADD, OP_OUT_DEL, OP_OUT_SET };

/*
 * Send the request of op with what the words said, over a handle of its
 * own; print the new rule's or output's id. 0 or the exit status of the
 * failure, which it reported as what ("forward add").
 */
static int request(enum fwd_op op, const struct fwd_args *a, const char *what)
{
	struct ksrtp_fwd_output_params out = a->out;
	struct ksrtp_fwd_params p = { 0 };
	struct ksrtp_handle *h;
	uint32_t id = 0;
	int ret;

	ret = open_handle(&h);
	if (ret)
		return ret;
	switch (op) {
	case OP_ADD:
		p.local = a->out.local;
		p.remote = a->out.remote;
		p.has_ssrc = a->out.has_ssrc;
		p.ssrc = a->out.ssrc;
		p.flags = a->flags;
		p.npayload_types = a->npts;
		memcpy(p.payload_types, a->pts, a->npts);
		ret = ksrtp_fwd_add(h, &p, &id);
		break;
	case OP_DEL:
		ret = ksrtp_fwd_del(h, a->id);
		break;
	case OP_SHOW:
		ret = a->given & BIT(F_ID) ? show_one(h, a->id) : show_all(h);
		break;
	case OP_OUT_ADD:
		out.ctx_id = a->ctx;
		ret = ksrtp_fwd_output_add(h, a->id, &out, &id);
		break;
	case OP_OUT_DEL:
		ret = ksrtp_fwd_output_del(h, a->id, a->output);
		break;
	case OP_OUT_SET:
		ret = ksrtp_fwd_output_set(h, a->id, a->output, &a->out.offsets);
		break;
	}
	if (ret)
		ret = fwd_error(h, ret, what);
	else if (op == OP_ADD)
		printf("id %" PRIu32 "\n", id);
	else if (op == OP_OUT_ADD)
		printf("output %" PRIu32 "\n", id);
	ksrtp_close(h);
	return ret;
}

/* local and remote of one family, when both are given. */
static int check_families(const struct fwd_args *a)
{
	int rf = a->out.remote.sa.sa_family;

	if (rf != AF_UNSPEC && rf != a->out.local.sa.sa_family)
		return usage_error("local and remote must be both IPv4 or both IPv6");
	return 0;
}

static int fwd_add(int argc, char **argv)
{
	struct fwd_args a;
	int ret;

	ret = parse("forward add", ADD_TAKES, argc, argv, &a);
	if (!ret)
		ret = need("forward add", &a, F_LOCAL, "ADDR:PORT");
	if (!ret)
		ret = check_families(&a);
	return ret ? ret : request(OP_ADD, &a, "forward add");
}

/* del and show: 'id ID' (show: optional). */
static int fwd_by_id(int argc, char **argv, enum fwd_op op)
{
	const char *cmd = op == OP_DEL ? "forward del" : "forward show";
	char what[48];
	struct fwd_args a;
	int ret;

	ret = parse(cmd, BIT(F_ID), argc, argv, &a);
	if (!ret && op == OP_DEL)
		ret = need(cmd, &a, F_ID, "ID");
	if (ret)
		return ret;
	if (a.given & BIT(F_ID))
		snprintf(what, sizeof(what), "%s id %" PRIu32, cmd, a.id);
	else
		snprintf(what, sizeof(what), "%s", cmd);
	return request(op, &a, what);
}

static int fwd_output_add(int argc, char **argv)
{
	static const char cmd[] = "forward output add";
	unsigned int plain = BIT(F_LOCAL) | BIT(F_REMOTE) | BIT(F_SSRC);
	struct fwd_args a;
	char what[48];
	int ret;

	ret = parse(cmd, OUT_ADD_TAKES, argc, argv, &a);
	if (!ret)
		ret = need(cmd, &a, F_ID, "ID");
	if (ret)
		return ret;
	if ((a.given & BIT(F_CTX)) && (a.given & plain))
		return usage_error("%s: an output through 'ctx' sends with the "
				   "context's addresses and SSRC: no 'local', "
				   "'remote' or 'ssrc'", cmd);
	if (!(a.given & (BIT(F_CTX) | plain)))
		return usage_error("%s: give 'ctx CTXID' or 'local ADDR:PORT remote "
				   "ADDR:PORT'", cmd);
	if (!(a.given & BIT(F_CTX))) {
		ret = need(cmd, &a, F_LOCAL, "ADDR:PORT");
		if (!ret)
			ret = need(cmd, &a, F_REMOTE, "ADDR:PORT");
		if (!ret)
			ret = check_families(&a);
		if (ret)
			return ret;
	}
	snprintf(what, sizeof(what), "%s id %" PRIu32, cmd, a.id);
	return request(OP_OUT_ADD, &a, what);
}

/* del: 'id ID output N'; set: and at least one offset. */
static int fwd_output_ref(int argc, char **argv, enum fwd_op op)
{
	const char *cmd = op == OP_OUT_DEL ? "forward output del" : "forward output set";
	struct fwd_args a;
	char what[64];
	int ret;

	ret = parse(cmd, op == OP_OUT_DEL ? BIT(F_ID) | BIT(F_OUTPUT) : OUT_SET_TAKES,
		    argc, argv, &a);
	if (!ret)
		ret = need(cmd, &a, F_ID, "ID");
	if (!ret)
		ret = need(cmd, &a, F_OUTPUT, "N");
	if (!ret && op == OP_OUT_SET && !(a.given & OFFSETS))
		ret = usage_error("%s: nothing to set (seq-offset, ts-offset)", cmd);
	if (ret)
		return ret;
	snprintf(what, sizeof(what), "%s id %" PRIu32 " output %" PRIu32, cmd, a.id,
		 a.output);
	return request(op, &a, what);
}

/* A subcommand among words (NULL-terminated): its index, or a usage error. */
static int subcommand(const char *cmd, const char *const *words, const char *expected,
		      int argc, char **argv)
{
	int n;

	if (argc < 1)
		return -usage_error("%s: expected %s", cmd, expected);
	n = match_keyword(argv[0], words);
	if (n == KEYWORD_AMBIGUOUS)
		return -usage_error("%s: ambiguous command \"%s\"", cmd, argv[0]);
	if (n < 0)
		return -usage_error("%s: expected %s, got \"%s\"", cmd, expected, argv[0]);
	return n;
}

static int fwd_output(int argc, char **argv)
{
	static const char *const words[] = { "add", "del", "set", NULL };

	switch (subcommand("forward output", words, "'add', 'del' or 'set'", argc, argv)) {
	case 0:
		return fwd_output_add(argc - 1, argv + 1);
	case 1:
		return fwd_output_ref(argc - 1, argv + 1, OP_OUT_DEL);
	case 2:
		return fwd_output_ref(argc - 1, argv + 1, OP_OUT_SET);
	default:
		return EXIT_USAGE;
	}
}

int forward_main(int argc, char **argv)
{
	static const char *const words[] = { "add", "del", "show", "output", NULL };

	switch (subcommand("forward", words, "'add', 'del', 'show' or 'output'", argc,
			   argv)) {
	case 0:
		return fwd_add(argc - 1, argv + 1);
	case 1:
		return fwd_by_id(argc - 1, argv + 1, OP_DEL);
	case 2:
		return fwd_by_id(argc - 1, argv + 1, OP_SHOW);
	case 3:
		return fwd_output(argc - 1, argv + 1);
	default:
		return EXIT_USAGE;
	}
}
