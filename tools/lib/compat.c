// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The older versions of the functions whose structures grew, for programs
 * built against an older <ksrtp.h>: they take and fill the older, shorter
 * structures. The shared library exports them under their public names
 * with the older version (libksrtp.map): KSRTP_0 for those that grew in
 * KSRTP_1, KSRTP_1 and KSRTP_3 for ksrtp_event_recv(), which grew in
 * KSRTP_3 and KSRTP_4; KSRTP_1 for the context functions and KSRTP_2 for
 * the batches, whose structures grew in KSRTP_5 (cryptex), and KSRTP_5
 * for both, whose structures grew again in KSRTP_6 (the SDES session
 * parameters), as did that of ksrtp_parse_sdes_crypto() (KSRTP_2 here).
 * Programs
 * built now bind to the newest versions in commands.c, batch.c and
 * events.c.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The old structures are the leading part of the new ones. */
#define SAME(type, field) \
	_Static_assert(offsetof(struct type, field) == offsetof(struct type##_v0, field), \
		       #type "." #field " moved")
SAME(ksrtp_ctx_params, replay_window);
SAME(ksrtp_ctx_info, stats);
SAME(ksrtp_ctx_stats, errors);
#define SAME_V1(type, field) \
	_Static_assert(offsetof(struct type, field) == offsetof(struct type##_v1, field), \
		       #type "." #field " moved")
SAME_V1(ksrtp_event_info, auth_failures);
#define SAME_V1_CTX(type, field) \
	_Static_assert(offsetof(struct type, field) == offsetof(struct type##_v1, field) && \
		       sizeof(struct type) >= sizeof(struct type##_v1), \
		       #type "." #field " moved")
SAME_V1_CTX(ksrtp_ctx_params, learn_limit);
SAME_V1_CTX(ksrtp_ctx_info, template_id);
_Static_assert(offsetof(struct ksrtp_batch_req, tuple) ==
	       offsetof(struct ksrtp_batch_req_v2, tuple) &&
	       sizeof(struct ksrtp_batch_req) == sizeof(struct ksrtp_batch_req_v2),
	       "ksrtp_batch_req changed");
#define SAME_V5_CTX(type, field) \
	_Static_assert(offsetof(struct type, field) == offsetof(struct type##_v5, field) && \
		       sizeof(struct type) >= sizeof(struct type##_v5), \
		       #type "." #field " moved")
SAME_V5_CTX(ksrtp_ctx_params, learn_limit);
SAME_V5_CTX(ksrtp_ctx_params, cryptex);
SAME_V5_CTX(ksrtp_ctx_info, template_id);
SAME_V5_CTX(ksrtp_ctx_info, cryptex);
_Static_assert(offsetof(struct ksrtp_batch_req, tuple) ==
	       offsetof(struct ksrtp_batch_req_v5, tuple) &&
	       sizeof(struct ksrtp_batch_req) == sizeof(struct ksrtp_batch_req_v5),
	       "ksrtp_batch_req changed");
_Static_assert(offsetof(struct ksrtp_event_info, net_stats) ==
	       offsetof(struct ksrtp_event_info_v3, net_stats),
	       "ksrtp_event_info.net_stats moved");

static void info_to_v0(const struct ksrtp_ctx_info *info,
		       struct ksrtp_ctx_info_v0 *v0)
{
	v0->id = info->id;
	v0->tuple = info->tuple;
	v0->suite = info->suite;
	v0->roc = info->roc;
	v0->seq = info->seq;
	v0->srtcp_index = info->srtcp_index;
	v0->replay_window = info->replay_window;
	memcpy(v0->cipher_driver, info->cipher_driver, sizeof(v0->cipher_driver));
	memcpy(v0->auth_driver, info->auth_driver, sizeof(v0->auth_driver));
	v0->stats.rtp_packets = info->stats.rtp_packets;
	v0->stats.rtp_bytes = info->stats.rtp_bytes;
	v0->stats.rtcp_packets = info->stats.rtcp_packets;
	v0->stats.rtcp_bytes = info->stats.rtcp_bytes;
	v0->stats.auth_failures = info->stats.auth_failures;
	v0->stats.replays = info->stats.replays;
	v0->stats.malformed = info->stats.malformed;
	v0->stats.errors = info->stats.errors;
}

int ksrtp_ctx_add_v0(struct ksrtp_handle *h, const struct ksrtp_ctx_params_v0 *p0,
		     uint32_t *id_out)
{
	struct ksrtp_ctx_params p = { 0 };
	int ret;

	p.tuple = p0->tuple;
	p.suite = p0->suite;
	p.key_len = p0->key_len;
	p.salt_len = p0->salt_len;
	memcpy(p.key, p0->key, sizeof(p.key));
	memcpy(p.salt, p0->salt, sizeof(p.salt));
	p.has_roc = p0->has_roc;
	p.roc = p0->roc;
	p.replay_window = p0->replay_window;
	ret = ksrtp_ctx_add(h, &p, id_out);
	explicit_bzero(&p, sizeof(p));
	return ret;
}
OLD_VERSION(ksrtp_ctx_add_v0, ksrtp_ctx_add, KSRTP_0);

int ksrtp_ctx_get_id_v0(struct ksrtp_handle *h, uint32_t id,
			struct ksrtp_ctx_info_v0 *v0)
{
	struct ksrtp_ctx_info info;
	int ret = ksrtp_ctx_get_id(h, id, &info);

	if (!ret)
		info_to_v0(&info, v0);
	return ret;
}
OLD_VERSION(ksrtp_ctx_get_id_v0, ksrtp_ctx_get_id, KSRTP_0);

int ksrtp_ctx_get_v0(struct ksrtp_handle *h, const struct ksrtp_tuple *t,
		     struct ksrtp_ctx_info_v0 *v0)
{
	struct ksrtp_ctx_info info;
	int ret = ksrtp_ctx_get(h, t, &info);

	if (!ret)
		info_to_v0(&info, v0);
	return ret;
}
OLD_VERSION(ksrtp_ctx_get_v0, ksrtp_ctx_get, KSRTP_0);

struct dump_v0 {
	int (*cb)(const struct ksrtp_ctx_info_v0 *info, void *arg);
	void *arg;
};

static int dump_v0_cb(const struct ksrtp_ctx_info *info, void *arg)
{
	struct dump_v0 *d = arg;
	struct ksrtp_ctx_info_v0 v0;

	info_to_v0(info, &v0);
	return d->cb(&v0, d->arg);
}

int ksrtp_ctx_dump_v0(struct ksrtp_handle *h, uint16_t local_port,
		      int (*cb)(const struct ksrtp_ctx_info_v0 *info, void *arg),
		      void *arg)
{
	struct dump_v0 d = { .cb = cb, .arg = arg };

	return ksrtp_ctx_dump(h, local_port, dump_v0_cb, &d);
}
OLD_VERSION(ksrtp_ctx_dump_v0, ksrtp_ctx_dump, KSRTP_0);

/*
 * KSRTP_1 parameters as those of now, without cryptex: only the fields of
 * the shorter structure are read (its padding may hold anything).
 */
static void params_from_v1(const struct ksrtp_ctx_params_v1 *v1,
			   struct ksrtp_ctx_params *p)
{
	memset(p, 0, sizeof(*p));
	memcpy(p, v1, offsetof(struct ksrtp_ctx_params_v1, learn_limit) +
	       sizeof(v1->learn_limit));
	p->cryptex = false;
	p->n_enc_ext_ids = 0;
}

/* Only the fields of the shorter structure are written. */
static void info_to_v1(const struct ksrtp_ctx_info *info,
		       struct ksrtp_ctx_info_v1 *v1)
{
	memcpy(v1, info, offsetof(struct ksrtp_ctx_info_v1, template_id) +
	       sizeof(v1->template_id));
}

int ksrtp_ctx_add_v1(struct ksrtp_handle *h, const struct ksrtp_ctx_params_v1 *v1,
		     uint32_t *id_out)
{
	struct ksrtp_ctx_params p;
	int ret;

	params_from_v1(v1, &p);
	ret = ksrtp_ctx_add(h, &p, id_out);
	explicit_bzero(&p, sizeof(p));
	return ret;
}
OLD_VERSION(ksrtp_ctx_add_v1, ksrtp_ctx_add, KSRTP_1);

int ksrtp_ctx_get_id_v1(struct ksrtp_handle *h, uint32_t id,
			struct ksrtp_ctx_info_v1 *v1)
{
	struct ksrtp_ctx_info info;
	int ret = ksrtp_ctx_get_id(h, id, &info);

	if (!ret)
		info_to_v1(&info, v1);
	return ret;
}
OLD_VERSION(ksrtp_ctx_get_id_v1, ksrtp_ctx_get_id, KSRTP_1);

int ksrtp_ctx_get_v1(struct ksrtp_handle *h, const struct ksrtp_tuple *t,
		     struct ksrtp_ctx_info_v1 *v1)
{
	struct ksrtp_ctx_info info;
	int ret = ksrtp_ctx_get(h, t, &info);

	if (!ret)
		info_to_v1(&info, v1);
	return ret;
}
OLD_VERSION(ksrtp_ctx_get_v1, ksrtp_ctx_get, KSRTP_1);

struct dump_v1 {
	int (*cb)(const struct ksrtp_ctx_info_v1 *info, void *arg);
	void *arg;
};

static int dump_v1_cb(const struct ksrtp_ctx_info *info, void *arg)
{
	struct dump_v1 *d = arg;
	struct ksrtp_ctx_info_v1 v1;

	info_to_v1(info, &v1);
	return d->cb(&v1, d->arg);
}

int ksrtp_ctx_dump_v1(struct ksrtp_handle *h, uint16_t local_port,
		      int (*cb)(const struct ksrtp_ctx_info_v1 *info, void *arg),
		      void *arg)
{
	struct dump_v1 d = { .cb = cb, .arg = arg };

	return ksrtp_ctx_dump(h, local_port, dump_v1_cb, &d);
}
OLD_VERSION(ksrtp_ctx_dump_v1, ksrtp_ctx_dump, KSRTP_1);

/*
 * A KSRTP_2 batch: its requests with their parameters copied into the
 * structures of now (wiped and freed after, as they hold keys).
 */
int ksrtp_batch_v2(struct ksrtp_handle *h, const struct ksrtp_batch_req_v2 *reqs,
		   size_t n, struct ksrtp_batch_result *res)
{
	struct ksrtp_ctx_params *params;
	struct ksrtp_batch_req *now;
	size_t i;
	int ret;

	if (!n || !reqs || !res)
		return ksrtp_batch(h, NULL, 0, res);
	params = calloc(n, sizeof(*params));
	now = calloc(n, sizeof(*now));
	if (!params || !now) {
		free(params);
		free(now);
		ksrtp__seterr(h, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		now[i].op = reqs[i].op;
		now[i].id = reqs[i].id;
		now[i].tuple = reqs[i].tuple;
		if (reqs[i].params) {
			params_from_v1(reqs[i].params, &params[i]);
			now[i].params = &params[i];
		}
	}
	ret = ksrtp_batch(h, now, n, res);
	explicit_bzero(params, n * sizeof(*params));
	free(params);
	free(now);
	return ret;
}
OLD_VERSION(ksrtp_batch_v2, ksrtp_batch, KSRTP_2);

int ksrtp_ctx_add_batch_v2(struct ksrtp_handle *h,
			   const struct ksrtp_ctx_params_v1 *params, size_t n,
			   struct ksrtp_batch_result *res)
{
	struct ksrtp_ctx_params *now;
	size_t i;
	int ret;

	if (!n || !params)
		return ksrtp_batch(h, NULL, 0, res);
	now = calloc(n, sizeof(*now));
	if (!now) {
		ksrtp__seterr(h, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		params_from_v1(&params[i], &now[i]);
	ret = ksrtp_ctx_add_batch(h, now, n, res);
	explicit_bzero(now, n * sizeof(*now));
	free(now);
	return ret;
}
OLD_VERSION(ksrtp_ctx_add_batch_v2, ksrtp_ctx_add_batch, KSRTP_2);


/*
 * KSRTP_5 parameters as those of now, without the session parameters:
 * only the fields of the shorter structure are read.
 */
static void params_from_v5(const struct ksrtp_ctx_params_v5 *v5,
			   struct ksrtp_ctx_params *p)
{
	memset(p, 0, sizeof(*p));
	memcpy(p, v5, offsetof(struct ksrtp_ctx_params_v5, cryptex) +
	       sizeof(v5->cryptex));
	p->unencrypted_srtp = false;
	p->unencrypted_srtcp = false;
	p->unauthenticated_srtp = false;
	p->n_enc_ext_ids = 0;
}

/* Only the fields of the shorter structure are written. */
static void info_to_v5(const struct ksrtp_ctx_info *info,
		       struct ksrtp_ctx_info_v5 *v5)
{
	memcpy(v5, info, offsetof(struct ksrtp_ctx_info_v5, cryptex) +
	       sizeof(v5->cryptex));
}

int ksrtp_ctx_add_v5(struct ksrtp_handle *h, const struct ksrtp_ctx_params_v5 *v5,
		     uint32_t *id_out)
{
	struct ksrtp_ctx_params p;
	int ret;

	params_from_v5(v5, &p);
	ret = ksrtp_ctx_add(h, &p, id_out);
	explicit_bzero(&p, sizeof(p));
	return ret;
}
OLD_VERSION(ksrtp_ctx_add_v5, ksrtp_ctx_add, KSRTP_5);

int ksrtp_ctx_get_id_v5(struct ksrtp_handle *h, uint32_t id,
			struct ksrtp_ctx_info_v5 *v5)
{
	struct ksrtp_ctx_info info;
	int ret = ksrtp_ctx_get_id(h, id, &info);

	if (!ret)
		info_to_v5(&info, v5);
	return ret;
}
OLD_VERSION(ksrtp_ctx_get_id_v5, ksrtp_ctx_get_id, KSRTP_5);

int ksrtp_ctx_get_v5(struct ksrtp_handle *h, const struct ksrtp_tuple *t,
		     struct ksrtp_ctx_info_v5 *v5)
{
	struct ksrtp_ctx_info info;
	int ret = ksrtp_ctx_get(h, t, &info);

	if (!ret)
		info_to_v5(&info, v5);
	return ret;
}
OLD_VERSION(ksrtp_ctx_get_v5, ksrtp_ctx_get, KSRTP_5);

struct dump_v5 {
	int (*cb)(const struct ksrtp_ctx_info_v5 *info, void *arg);
	void *arg;
};

static int dump_v5_cb(const struct ksrtp_ctx_info *info, void *arg)
{
	struct dump_v5 *d = arg;
	struct ksrtp_ctx_info_v5 v5;

	info_to_v5(info, &v5);
	return d->cb(&v5, d->arg);
}

int ksrtp_ctx_dump_v5(struct ksrtp_handle *h, uint16_t local_port,
		      int (*cb)(const struct ksrtp_ctx_info_v5 *info, void *arg),
		      void *arg)
{
	struct dump_v5 d = { .cb = cb, .arg = arg };

	return ksrtp_ctx_dump(h, local_port, dump_v5_cb, &d);
}
OLD_VERSION(ksrtp_ctx_dump_v5, ksrtp_ctx_dump, KSRTP_5);

/* A KSRTP_5 batch: as ksrtp_batch_v2(), from the KSRTP_5 structures. */
int ksrtp_batch_v5(struct ksrtp_handle *h, const struct ksrtp_batch_req_v5 *reqs,
		   size_t n, struct ksrtp_batch_result *res)
{
	struct ksrtp_ctx_params *params;
	struct ksrtp_batch_req *now;
	size_t i;
	int ret;

	if (!n || !reqs || !res)
		return ksrtp_batch(h, NULL, 0, res);
	params = calloc(n, sizeof(*params));
	now = calloc(n, sizeof(*now));
	if (!params || !now) {
		free(params);
		free(now);
		ksrtp__seterr(h, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		now[i].op = reqs[i].op;
		now[i].id = reqs[i].id;
		now[i].tuple = reqs[i].tuple;
		if (reqs[i].params) {
			params_from_v5(reqs[i].params, &params[i]);
			now[i].params = &params[i];
		}
	}
	ret = ksrtp_batch(h, now, n, res);
	explicit_bzero(params, n * sizeof(*params));
	free(params);
	free(now);
	return ret;
}
OLD_VERSION(ksrtp_batch_v5, ksrtp_batch, KSRTP_5);

int ksrtp_ctx_add_batch_v5(struct ksrtp_handle *h,
			   const struct ksrtp_ctx_params_v5 *params, size_t n,
			   struct ksrtp_batch_result *res)
{
	struct ksrtp_ctx_params *now;
	size_t i;
	int ret;

	if (!n || !params)
		return ksrtp_batch(h, NULL, 0, res);
	now = calloc(n, sizeof(*now));
	if (!now) {
		ksrtp__seterr(h, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		params_from_v5(&params[i], &now[i]);
	ret = ksrtp_ctx_add_batch(h, now, n, res);
	explicit_bzero(now, n * sizeof(*now));
	free(now);
	return ret;
}
OLD_VERSION(ksrtp_ctx_add_batch_v5, ksrtp_ctx_add_batch, KSRTP_5);

/*
 * ksrtp_parse_sdes_crypto@KSRTP_2: its callers cannot see the session
 * parameters of KSRTP_6, so it refuses them as it always did (it would
 * otherwise have them install a context that encrypts or authenticates
 * what the peer does not), and writes only the shorter structure.
 */
_Static_assert(offsetof(struct ksrtp_sdes_crypto, wsh) ==
	       offsetof(struct ksrtp_sdes_crypto_v2, wsh) &&
	       sizeof(struct ksrtp_sdes_crypto) >= sizeof(struct ksrtp_sdes_crypto_v2),
	       "ksrtp_sdes_crypto.wsh moved");

int ksrtp_parse_sdes_crypto_v2(const char *line, struct ksrtp_sdes_crypto_v2 *v2,
			       char *errmsg, size_t errlen)
{
	struct ksrtp_sdes_crypto c;
	const char *name = NULL;
	int ret;

	ret = ksrtp_parse_sdes_crypto(line, &c, errmsg, errlen);
	if (!ret)
		name = c.unencrypted_srtp ? "UNENCRYPTED_SRTP" :
		       c.unencrypted_srtcp ? "UNENCRYPTED_SRTCP" :
		       c.unauthenticated_srtp ? "UNAUTHENTICATED_SRTP" : NULL;
	if (name) {
		if (errmsg && errlen)
			snprintf(errmsg, errlen, "session parameter %s: not supported "
				 "(ksrtp always encrypts and authenticates with the "
				 "suite's transforms)", name);
		ret = -EOPNOTSUPP;
	}
	if (ret)
		explicit_bzero(v2, sizeof(*v2));
	else
		memcpy(v2, &c, offsetof(struct ksrtp_sdes_crypto_v2, wsh) +
		       sizeof(v2->wsh));
	explicit_bzero(&c, sizeof(c));
	return ret;
}
OLD_VERSION(ksrtp_parse_sdes_crypto_v2, ksrtp_parse_sdes_crypto, KSRTP_2);

static void event_to_v1(const struct ksrtp_event_info *ev,
			struct ksrtp_event_info_v1 *v1)
{
	v1->type = ev->type;
	v1->id = ev->id;
	v1->tuple = ev->tuple;
	v1->has_ssrc = ev->has_ssrc;
	memcpy(v1->mki, ev->mki, sizeof(v1->mki));
	v1->mki_len = ev->mki_len;
	v1->template_id = ev->template_id;
	v1->auth_failures = ev->auth_failures;
}

/*
 * The KSRTP_1 interface promised that every event names a context: the
 * events that do not (KSRTP_EVENT_UNMATCHED, _FWD_DROPS) are skipped for
 * its callers.
 */
int ksrtp_event_recv_v1(struct ksrtp_handle *h, struct ksrtp_event_info_v1 *v1,
			int timeout_ms)
{
	struct ksrtp_event_info ev;
	int ret = ksrtp__event_recv(h, &ev, timeout_ms, false);

	if (!ret)
		event_to_v1(&ev, v1);
	return ret;
}
OLD_VERSION(ksrtp_event_recv_v1, ksrtp_event_recv, KSRTP_1);

/*
 * KSRTP_3 callers get every event, a forwarding one as a type newer than
 * they know (as KSRTP_3 allows), without its rule and output.
 */
int ksrtp_event_recv_v3(struct ksrtp_handle *h, struct ksrtp_event_info_v3 *v3,
			int timeout_ms)
{
	struct ksrtp_event_info ev;
	int ret = ksrtp__event_recv(h, &ev, timeout_ms, true);

	if (ret)
		return ret;
	event_to_v1(&ev, &v3->v1);
	v3->has_net_stats = ev.has_net_stats;
	v3->net_stats = ev.net_stats;
	return 0;
}
OLD_VERSION(ksrtp_event_recv_v3, ksrtp_event_recv, KSRTP_3);
