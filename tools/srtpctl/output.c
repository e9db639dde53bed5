// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The forms for scripts of what show, forward show and monitor print:
 * JSON (-j) and tab-separated lines (-t). Both are stable: fields and columns are only
 * ever added (JSON members anywhere, TSV columns at the end of a line).
 */
#include <inttypes.h>
#include <string.h>

#include "srtpctl.h"
#include "json.h"

enum output_format output_format = OUTPUT_HUMAN;

static const char *policy_name(enum ksrtp_policy policy)
{
	switch (policy) {
	case KSRTP_POLICY_REQUIRED:
		return "required";
	case KSRTP_POLICY_OPTIONAL:
		return "optional";
	default:
		return NULL;
	}
}

static void json_suite(struct json *j, enum ksrtp_suite suite)
{
	const char *name = ksrtp_suite_name(suite);

	if (name)
		json_string(j, "suite", name);
	else
		json_u64(j, "suite", suite);
}

static void json_string_or_null(struct json *j, const char *key, const char *s)
{
	if (s && s[0])
		json_string(j, key, s);
	else
		json_null(j, key);
}

/* "ADDR:PORT", or null for none (a wildcard's remote). */
static void json_addr(struct json *j, const char *key, const union ksrtp_sockaddr *a)
{
	char buf[KSRTP_SOCKADDR_STRLEN];

	if (a->sa.sa_family == AF_UNSPEC)
		json_null(j, key);
	else
		json_string(j, key, ksrtp_format_sockaddr(a, buf, sizeof(buf)));
}

static void json_ssrc(struct json *j, bool has_ssrc, uint32_t ssrc)
{
	if (has_ssrc)
		json_u64(j, "ssrc", ssrc);
	else
		json_null(j, "ssrc");
}

static void json_mki(struct json *j, const uint8_t *mki, size_t len)
{
	char buf[KSRTP_MKI_STRLEN];

	if (len)
		json_string(j, "mki", ksrtp_format_mki(mki, len, buf, sizeof(buf)));
	else
		json_null(j, "mki");
}

void print_ctx_json(struct json *j, const struct ksrtp_ctx_info *c)
{
	const struct ksrtp_ctx_stats *s = &c->stats;
	const struct ksrtp_key_info *k;
	unsigned int i;

	json_open_object(j, NULL);
	json_u64(j, "id", c->id);
	json_string(j, "direction", direction_name(c->tuple.direction));
	json_addr(j, "local", &c->tuple.local);
	json_addr(j, "remote", &c->tuple.remote);
	json_ssrc(j, !c->is_template, c->tuple.ssrc);
	json_suite(j, c->suite);
	json_u64(j, "roc", c->roc);
	json_u64(j, "seq", c->seq);
	json_u64(j, "srtcp_index", c->srtcp_index);
	json_u64(j, "window", c->replay_window);
	json_string_or_null(j, "cipher_driver", c->cipher_driver);
	json_string_or_null(j, "auth_driver", c->auth_driver);

	json_open_object(j, "stats");
	json_u64(j, "rtp_packets", s->rtp_packets);
	json_u64(j, "rtp_bytes", s->rtp_bytes);
	json_u64(j, "rtcp_packets", s->rtcp_packets);
	json_u64(j, "rtcp_bytes", s->rtcp_bytes);
	json_u64(j, "auth_failures", s->auth_failures);
	json_u64(j, "replays", s->replays);
	json_u64(j, "malformed", s->malformed);
	json_u64(j, "errors", s->errors);
	json_u64(j, "key_limit", s->key_limit);
	json_u64(j, "unknown_ssrc", s->unknown_ssrc);
	json_close_object(j);

	json_bool(j, "template", c->is_template);
	/* Any inbound context's, if the kernel reported it; else null. */
	json_string_or_null(j, "policy", policy_name(c->policy));
	if (c->is_template) {
		json_u64(j, "learn_limit", c->learn_limit);
		json_u64(j, "learned", c->learned);
	}
	if (c->template_id)
		json_u64(j, "template_id", c->template_id);
	else
		json_null(j, "template_id");
	json_bool(j, "cryptex", c->cryptex);
	json_bool(j, "unencrypted_srtp", c->unencrypted_srtp);
	json_bool(j, "unencrypted_srtcp", c->unencrypted_srtcp);
	json_bool(j, "unauthenticated_srtp", c->unauthenticated_srtp);
	json_open_array(j, "enc_ext_ids");
	for (i = 0; i < c->n_enc_ext_ids && i < KSRTP_ENC_EXT_IDS_MAX; i++)
		json_u64(j, NULL, c->enc_ext_ids[i]);
	json_close_array(j);

	json_open_array(j, "keys");
	for (i = 0; i < c->nkeys && i < KSRTP_MAX_KEYS; i++) {
		k = &c->keys[i];
		json_open_object(j, NULL);
		json_mki(j, k->mki, k->mki_len);
		json_bool(j, "active", k->active);
		if (k->has_from_index)
			json_u64(j, "from_index", k->from_index);
		else
			json_null(j, "from_index");
		if (k->has_from_srtcp_index)
			json_u64(j, "from_srtcp_index", k->from_srtcp_index);
		else
			json_null(j, "from_srtcp_index");
		json_u64(j, "srtp_packets", k->rtp_packets);
		json_u64(j, "srtcp_packets", k->rtcp_packets);
		json_close_object(j);
	}
	json_close_array(j);
	json_close_object(j);
}

/* The columns are listed in srtpctl(8), OUTPUT FORMATS. */
void print_ctx_tsv(FILE *f, const struct ksrtp_ctx_info *c)
{
	char local[KSRTP_SOCKADDR_STRLEN], remote[KSRTP_SOCKADDR_STRLEN];
	char ext_ids[EXT_IDS_STRLEN];
	char mki[KSRTP_MKI_STRLEN] = "-";
	const char *suite = ksrtp_suite_name(c->suite);
	const char *policy = policy_name(c->policy);
	const struct ksrtp_ctx_stats *s = &c->stats;
	unsigned int i;

	for (i = 0; i < c->nkeys && i < KSRTP_MAX_KEYS; i++)
		if (c->keys[i].active && c->keys[i].mki_len)
			ksrtp_format_mki(c->keys[i].mki, c->keys[i].mki_len, mki, sizeof(mki));
	fprintf(f, "%" PRIu32 "\t%s\t%s\t%s\t", c->id, direction_name(c->tuple.direction),
		ksrtp_format_sockaddr(&c->tuple.local, local, sizeof(local)),
		ksrtp_format_sockaddr(&c->tuple.remote, remote, sizeof(remote)));
	if (c->is_template)
		fputs("any\t", f);
	else
		fprintf(f, "0x%08" PRIx32 "\t", c->tuple.ssrc);
	if (suite)
		fprintf(f, "%s\t", suite);
	else
		fprintf(f, "%d\t", (int)c->suite);
	fprintf(f, "%" PRIu32 "\t%" PRIu16 "\t%" PRIu32 "\t%" PRIu32 "\t%s\t%s\t",
		c->roc, c->seq, c->srtcp_index, c->replay_window,
		c->cipher_driver[0] ? c->cipher_driver : "-",
		c->auth_driver[0] ? c->auth_driver : "-");
	fprintf(f, "%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64
		"\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t",
		s->rtp_packets, s->rtp_bytes, s->rtcp_packets, s->rtcp_bytes,
		s->auth_failures, s->replays, s->malformed, s->errors,
		s->key_limit, s->unknown_ssrc);
	fprintf(f, "%s\t", policy ? policy : "-");
	if (c->is_template)
		fprintf(f, "%" PRIu32 "\t%" PRIu32 "\t", c->learn_limit, c->learned);
	else
		fputs("-\t-\t", f);
	fprintf(f, "%" PRIu32 "\t%u\t%s\t%s\t%s\t%s\t%s\t%s\n", c->template_id,
		c->nkeys < KSRTP_MAX_KEYS ? c->nkeys : KSRTP_MAX_KEYS, mki,
		c->cryptex ? "cryptex" : "-",
		c->unencrypted_srtp ? "unencrypted-srtp" : "-",
		c->unencrypted_srtcp ? "unencrypted-srtcp" : "-",
		c->unauthenticated_srtp ? "unauthenticated-srtp" : "-",
		c->n_enc_ext_ids ? format_ext_ids(c->enc_ext_ids, c->n_enc_ext_ids,
						  ext_ids, sizeof(ext_ids)) : "-");
}

const char *format_ext_ids(const uint8_t *ids, unsigned int n, char *buf,
			   size_t size)
{
	bool seen[256] = { false };
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < n && i < KSRTP_ENC_EXT_IDS_MAX; i++)
		seen[ids[i]] = true;
	if (size)
		buf[0] = '\0';
	for (i = 1; i < 256 && len < size; i++)
		if (seen[i])
			len += snprintf(buf + len, size - len, "%s%u", len ? "," : "", i);
	return buf;
}

static void json_net_stats(struct json *j, const char *key,
			   const struct ksrtp_net_stats *st)
{
	json_open_object(j, key);
	json_u64(j, "unknown_ssrc", st->unknown_ssrc);
	json_u64(j, "not_srtp", st->not_srtp);
	json_u64(j, "malformed", st->malformed);
	json_close_object(j);
}

/* srtpctl show net: one object. */
void print_net_json(FILE *f, const struct ksrtp_net_stats *st)
{
	struct json j;

	json_begin(&j, f);
	json_net_stats(&j, NULL, st);
	json_end(&j);
}

/* srtpctl show net: one line of three columns. */
void print_net_tsv(FILE *f, const struct ksrtp_net_stats *st)
{
	fprintf(f, "%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\n",
		st->unknown_ssrc, st->not_srtp, st->malformed);
}

/*
 * An event about no context (unmatched) has id, direction and, unless the
 * datagram was RTP/RTCP, ssrc null; net_stats is null but in the events
 * that carry the namespace's counters.
 */
static void json_fwd_output(struct json *j, const char *key,
			    const struct ksrtp_fwd_output_info *o);

void print_event_json(FILE *f, const struct ksrtp_event_info *ev)
{
	char local[KSRTP_SOCKADDR_STRLEN];
	const char *name = ksrtp_event_name(ev->type);
	struct json j;

	json_begin(&j, f);
	json_open_object(&j, NULL);
	if (name)
		json_string(&j, "event", name);
	else
		json_u64(&j, "event", ev->type);
	if (ev->id)
		json_u64(&j, "id", ev->id);
	else
		json_null(&j, "id");
	if (ev->template_id)
		json_u64(&j, "template_id", ev->template_id);
	else
		json_null(&j, "template_id");
	if (ev->tuple.direction)
		json_string(&j, "direction", direction_name(ev->tuple.direction));
	else
		json_null(&j, "direction");
	json_string(&j, "local", ksrtp_format_sockaddr(&ev->tuple.local, local, sizeof(local)));
	json_addr(&j, "remote", &ev->tuple.remote);
	json_ssrc(&j, ev->has_ssrc, ev->tuple.ssrc);
	json_mki(&j, ev->mki, ev->mki_len);
	if (ev->type == KSRTP_EVENT_AUTH_FAILURES)
		json_u64(&j, "count", ev->auth_failures);
	else
		json_null(&j, "count");
	if (ev->has_net_stats)
		json_net_stats(&j, "net_stats", &ev->net_stats);
	else
		json_null(&j, "net_stats");
	if (ev->fwd_id) {
		json_open_object(&j, "fwd");
		json_u64(&j, "id", ev->fwd_id);
		json_fwd_output(&j, "output", &ev->fwd_output);
		json_close_object(&j);
	} else {
		json_null(&j, "fwd");
	}
	json_close_object(&j);
	json_end(&j);
}

void print_event_tsv(FILE *f, const struct ksrtp_event_info *ev)
{
	char local[KSRTP_SOCKADDR_STRLEN], remote[KSRTP_SOCKADDR_STRLEN];
	char mki[KSRTP_MKI_STRLEN] = "-";
	const char *name = ksrtp_event_name(ev->type);

	if (name)
		fprintf(f, "%s\t", name);
	else
		fprintf(f, "event-%d\t", (int)ev->type);
	if (ev->mki_len)
		ksrtp_format_mki(ev->mki, ev->mki_len, mki, sizeof(mki));
	/* An event about no context: id, direction and ssrc are "-". */
	if (ev->id)
		fprintf(f, "%" PRIu32 "\t", ev->id);
	else
		fputs("-\t", f);
	fprintf(f, "%" PRIu32 "\t%s\t%s\t%s\t", ev->template_id,
		ev->tuple.direction ? direction_name(ev->tuple.direction) : "-",
		ksrtp_format_sockaddr(&ev->tuple.local, local, sizeof(local)),
		ksrtp_format_sockaddr(&ev->tuple.remote, remote, sizeof(remote)));
	if (ev->has_ssrc)
		fprintf(f, "0x%08" PRIx32 "\t", ev->tuple.ssrc);
	else
		fputs(ev->id ? "any\t" : "-\t", f);
	if (ev->type == KSRTP_EVENT_AUTH_FAILURES)
		fprintf(f, "%s\t%" PRIu64 "\t", mki, ev->auth_failures);
	else
		fprintf(f, "%s\t-\t", mki);
	/* Columns 10 to 12, since protected ports. */
	if (ev->has_net_stats)
		fprintf(f, "%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t", ev->net_stats.unknown_ssrc,
			ev->net_stats.not_srtp, ev->net_stats.malformed);
	else
		fputs("-\t-\t-\t", f);
	/* Columns 13 to 19, since forwarding. */
	if (ev->fwd_id) {
		const struct ksrtp_fwd_stats *s = &ev->fwd_output.stats;

		fprintf(f, "%" PRIu32 "\t%" PRIu32 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64
			"\t%" PRIu64 "\t%" PRIu64 "\n", ev->fwd_id, ev->fwd_output.id,
			s->no_context, s->no_route, s->too_big, s->key, s->errors);
	} else {
		fputs("-\t-\t-\t-\t-\t-\t-\n", f);
	}
}

static void json_fwd_stats(struct json *j, const struct ksrtp_fwd_stats *s, bool output)
{
	json_open_object(j, "stats");
	json_u64(j, "packets", s->packets);
	json_u64(j, "bytes", s->bytes);
	if (output) {
		json_u64(j, "no_context", s->no_context);
		json_u64(j, "no_route", s->no_route);
		json_u64(j, "too_big", s->too_big);
		json_u64(j, "key", s->key);
		json_u64(j, "errors", s->errors);
	} else {
		json_u64(j, "loops", s->loops);
		json_u64(j, "other_pt", s->other_pt);
	}
	json_close_object(j);
}

/* An output of a forwarding rule, an object. */
static void json_fwd_output(struct json *j, const char *key,
			    const struct ksrtp_fwd_output_info *o)
{
	json_open_object(j, key);
	json_u64(j, "id", o->id);
	if (o->ctx_id)
		json_u64(j, "ctx", o->ctx_id);
	else
		json_null(j, "ctx");
	json_addr(j, "local", &o->local);
	json_addr(j, "remote", &o->remote);
	json_ssrc(j, o->has_ssrc, o->ssrc);
	json_u64(j, "seq_offset", o->seq_offset);
	json_u64(j, "ts_offset", o->ts_offset);
	json_fwd_stats(j, &o->stats, true);
	json_close_object(j);
}

/* srtpctl forward show: a rule, its outputs in an array. */
void print_fwd_json(struct json *j, const struct ksrtp_fwd_info *r)
{
	unsigned int i;

	json_open_object(j, NULL);
	json_u64(j, "id", r->id);
	json_addr(j, "local", &r->local);
	json_addr(j, "remote", &r->remote);
	json_ssrc(j, r->has_ssrc, r->ssrc);
	json_bool(j, "plain", r->flags & KSRTP_FWD_F_PLAIN);
	json_bool(j, "deliver", r->flags & KSRTP_FWD_F_DELIVER);
	json_bool(j, "owned", r->owned);
	json_u64(j, "flags", r->flags);
	if (r->npayload_types) {
		json_open_array(j, "payload_types");
		for (i = 0; i < r->npayload_types; i++)
			json_u64(j, NULL, r->payload_types[i]);
		json_close_array(j);
	} else {
		json_null(j, "payload_types");
	}
	json_fwd_stats(j, &r->stats, false);
	json_open_array(j, "outputs");
	for (i = 0; i < r->noutputs; i++)
		json_fwd_output(j, NULL, &r->outputs[i]);
	json_close_array(j);
	json_close_object(j);
}

static void tsv_ssrc(FILE *f, bool has_ssrc, uint32_t ssrc)
{
	if (has_ssrc)
		fprintf(f, "0x%08" PRIx32 "\t", ssrc);
	else
		fputs("any\t", f);
}

/*
 * srtpctl forward show: a line "fwd" per rule, then a line "output" per
 * output of it; the columns are listed in srtpctl(8), OUTPUT FORMATS.
 */
void print_fwd_tsv(FILE *f, const struct ksrtp_fwd_info *r)
{
	char local[KSRTP_SOCKADDR_STRLEN], remote[KSRTP_SOCKADDR_STRLEN];
	const struct ksrtp_fwd_output_info *o;
	const struct ksrtp_fwd_stats *s;
	uint32_t unknown = r->flags & ~KSRTP_FWD_F_ALL;
	char pts[FWD_PTS_STRLEN];
	const char *sep = "";
	unsigned int i;

	fprintf(f, "fwd\t%" PRIu32 "\t%s\t%s\t", r->id,
		ksrtp_format_sockaddr(&r->local, local, sizeof(local)),
		ksrtp_format_sockaddr(&r->remote, remote, sizeof(remote)));
	tsv_ssrc(f, r->has_ssrc, r->ssrc);
	if (r->flags & KSRTP_FWD_F_PLAIN) {
		fputs("plain", f);
		sep = ",";
	}
	if (r->flags & KSRTP_FWD_F_DELIVER) {
		fprintf(f, "%sdeliver", sep);
		sep = ",";
	}
	if (unknown)
		fprintf(f, "%s0x%" PRIx32, sep, unknown);
	fprintf(f, "%s\t%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%u\t%" PRIu64 "\t%s\n",
		r->flags ? "" : "-", r->owned ? "owned" : "-", r->stats.packets,
		r->stats.bytes, r->stats.loops, r->noutputs, r->stats.other_pt,
		format_fwd_pts(r, pts, sizeof(pts)));
	for (i = 0; i < r->noutputs; i++) {
		o = &r->outputs[i];
		s = &o->stats;
		fprintf(f, "output\t%" PRIu32 "\t%" PRIu32 "\t", r->id, o->id);
		if (o->ctx_id)
			fprintf(f, "%" PRIu32 "\t", o->ctx_id);
		else
			fputs("-\t", f);
		fprintf(f, "%s\t%s\t", ksrtp_format_sockaddr(&o->local, local, sizeof(local)),
			ksrtp_format_sockaddr(&o->remote, remote, sizeof(remote)));
		tsv_ssrc(f, o->has_ssrc, o->ssrc);
		fprintf(f, "%" PRIu16 "\t%" PRIu32 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64
			"\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\n",
			o->seq_offset, o->ts_offset, s->packets, s->bytes, s->no_context,
			s->no_route, s->too_big, s->key, s->errors);
	}
}
