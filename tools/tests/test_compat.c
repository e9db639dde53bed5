// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Host tests of cryptex (KSRTP_5) and of the SDES session parameters
 * (KSRTP_6) in the context functions, and of their
 * older versions: a program built against the KSRTP_1 structures (the
 * *_v1 functions of compat.c) or the KSRTP_2 batches (*_v2) never sends
 * cryptex, one built against the KSRTP_5 ones (*_v5) never sends the
 * session parameters, whatever lies past its shorter structures, and gets its
 * contexts back in them. A peer netlink socket in a child process plays
 * the kernel, so that every request takes the library's real path.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "internal.h"
#include "check.h"
#include "fake_peer.h"

#define FAKE_FAMILY 0x42
/* An SSRC with this bit asks the peer to expect (and report) cryptex. */
#define CX 0x100u
/* ...and this one, the three SDES session parameters (KSRTP_6). */
#define SP 0x200u
/* ...and this one, encrypted header extension IDs 1, 3 and 200 (RFC 6904). */
#define EX 0x400u
/* As sent: sorted, whatever the order of the caller's list. */
static const uint8_t ext_ids[3] = { 1, 3, 200 };
/* The peer answers this many requests, then exits. */
#define REQUESTS 32
#define TEMPLATE_ID 77

static void sample_params(struct ksrtp_ctx_params *p, uint32_t ssrc)
{
	memset(p, 0, sizeof(*p));
	p->tuple.direction = KSRTP_DIR_OUTBOUND;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &p->tuple.local);
	ksrtp_parse_sockaddr("10.99.0.2:5006", &p->tuple.remote);
	p->tuple.ssrc = ssrc;
	p->suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	memset(p->key, 0x11, 16);
	p->key_len = 16;
	memset(p->salt, 0x22, 14);
	p->salt_len = 14;
	p->cryptex = ssrc & CX;
	p->unencrypted_srtp = ssrc & SP;
	p->unencrypted_srtcp = ssrc & SP;
	p->unauthenticated_srtp = ssrc & SP;
	if (ssrc & EX) {
		p->n_enc_ext_ids = 3;
		p->enc_ext_ids[0] = 200;
		p->enc_ext_ids[1] = 1;
		p->enc_ext_ids[2] = 3;
	}
}

/*
 * A KSRTP_1 caller's parameters, followed by bytes that would say
 * "cryptex" to a library that read past them.
 */
struct old_params {
	struct ksrtp_ctx_params_v1 p;
	uint8_t tail[sizeof(struct ksrtp_ctx_params)];
};

static void sample_old(struct old_params *o, uint32_t ssrc)
{
	struct ksrtp_ctx_params p;

	sample_params(&p, ssrc);
	memset(o, 1, sizeof(*o));
	memcpy(&o->p, &p, sizeof(o->p));
	/* Its padding too is the caller's garbage. */
	o->p.has_roc = false;
	o->p.is_template = false;
	o->p.has_learn_limit = false;
	o->p.policy = 0;
	o->p.mki_len = 0;
	o->p.replay_window = 0;
}

/*
 * A KSRTP_5 caller's parameters, followed (and padded) by bytes that would
 * say "unencrypted" and "unauthenticated" to a library that read past them.
 */
struct old_params_v5 {
	struct ksrtp_ctx_params_v5 p;
	uint8_t tail[sizeof(struct ksrtp_ctx_params)];
};

static void sample_old_v5(struct old_params_v5 *o, uint32_t ssrc)
{
	struct ksrtp_ctx_params p;

	sample_params(&p, ssrc);
	memset(o, 1, sizeof(*o));
	memcpy(&o->p, &p, offsetof(struct ksrtp_ctx_params_v5, cryptex) + 1);
	o->p.has_roc = false;
	o->p.is_template = false;
	o->p.has_learn_limit = false;
	o->p.policy = 0;
	o->p.mki_len = 0;
	o->p.replay_window = 0;
}

/* ---- The peer ---------------------------------------------------------- */

static void peer_send(int fd, uint32_t port, struct nlmsghdr *nlh)
{
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK, .nl_pid = port };

	if (sendto(fd, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0)
		_exit(90);
}

static struct nl_msg *peer_msg(const struct nlmsghdr *req, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 0, req->nlmsg_seq, FAKE_FAMILY, 0, flags, cmd,
				 KSRTP_GENL_VERSION))
		_exit(91);
	return msg;
}

/* A context as a GET reply carries it: SSRC and id alike. */
static void peer_ctx(int fd, uint32_t port, const struct nlmsghdr *req, uint32_t id,
		     int flags)
{
	struct nl_msg *msg = peer_msg(req, KSRTP_CMD_CTX_GET, flags);

	nla_put_u32(msg, KSRTP_A_ID, id);
	nla_put_u8(msg, KSRTP_A_DIRECTION, KSRTP_DIR_INBOUND);
	nla_put(msg, KSRTP_A_LOCAL_IPV4, 4, "\x0a\x63\x00\x01");
	nla_put_u16(msg, KSRTP_A_LOCAL_PORT, 5004);
	nla_put_u32(msg, KSRTP_A_SSRC, id);
	nla_put_u16(msg, KSRTP_A_SUITE, KSRTP_SUITE_AEAD_AES_128_GCM);
	nla_put_u32(msg, KSRTP_A_TEMPLATE_ID, TEMPLATE_ID);
	if (id & CX)
		nla_put_flag(msg, KSRTP_A_CRYPTEX);
	if (id & SP) {
		nla_put_flag(msg, KSRTP_A_UNENCRYPTED_SRTP);
		nla_put_flag(msg, KSRTP_A_UNENCRYPTED_SRTCP);
		nla_put_flag(msg, KSRTP_A_UNAUTHENTICATED_SRTP);
	}
	if (id & EX)
		nla_put(msg, KSRTP_A_ENC_HDR_EXT_IDS, sizeof(ext_ids), ext_ids);
	peer_send(fd, port, nlmsg_hdr(msg));
	nlmsg_free(msg);
}

/* The ACK (error 0) or refusal of req, or NLMSG_DONE after a dump. */
static void peer_end(int fd, uint32_t port, const struct nlmsghdr *req, int error)
{
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
	} ack = { 0 };

	ack.h.nlmsg_len = sizeof(ack);
	ack.h.nlmsg_seq = req->nlmsg_seq;
	ack.h.nlmsg_type = NLMSG_ERROR;
	ack.h.nlmsg_flags = NLM_F_CAPPED;
	ack.e.error = error;
	ack.e.msg = *req;
	if (req->nlmsg_flags & NLM_F_DUMP) {
		ack.h.nlmsg_type = NLMSG_DONE;
		ack.h.nlmsg_flags = NLM_F_MULTI;
		ack.h.nlmsg_len = NLMSG_HDRLEN + sizeof(int);
		ack.e.error = 0;
	}
	peer_send(fd, port, &ack.h);
}

/*
 * One request. CTX_NEW: refused with -EBADMSG unless it carries cryptex
 * exactly when its SSRC has CX, and each of the three session parameters
 * exactly when it has SP, and the IDs 1, 3, 200 (KSRTP_A_ENC_HDR_EXT_IDS)
 * exactly when it has EX; answered with the SSRC as id. CTX_GET:
 * the context whose id is the SSRC (by tuple) or the id; a dump, two.
 */
static void peer_request(int fd, uint32_t port, struct nlmsghdr *req)
{
	struct nlattr *tb[KSRTP_A_MAX + 1];
	struct nl_msg *msg;
	uint32_t ssrc, id;

	if (genlmsg_parse(req, 0, tb, KSRTP_A_MAX, NULL) < 0)
		_exit(92);
	switch (((struct genlmsghdr *)NLMSG_DATA(req))->cmd) {
	case KSRTP_CMD_CTX_NEW:
		ssrc = tb[KSRTP_A_SSRC] ? nla_get_u32(tb[KSRTP_A_SSRC]) : 0;
		if (!tb[KSRTP_A_CRYPTEX] != !(ssrc & CX) ||
		    !tb[KSRTP_A_UNENCRYPTED_SRTP] != !(ssrc & SP) ||
		    !tb[KSRTP_A_UNENCRYPTED_SRTCP] != !(ssrc & SP) ||
		    !tb[KSRTP_A_UNAUTHENTICATED_SRTP] != !(ssrc & SP) ||
		    !tb[KSRTP_A_ENC_HDR_EXT_IDS] != !(ssrc & EX) ||
		    (tb[KSRTP_A_ENC_HDR_EXT_IDS] &&
		     (nla_len(tb[KSRTP_A_ENC_HDR_EXT_IDS]) != sizeof(ext_ids) ||
		      memcmp(nla_data(tb[KSRTP_A_ENC_HDR_EXT_IDS]), ext_ids,
			     sizeof(ext_ids))))) {
			peer_end(fd, port, req, -EBADMSG);
			return;
		}
		msg = peer_msg(req, KSRTP_CMD_CTX_NEW, 0);
		nla_put_u32(msg, KSRTP_A_ID, ssrc);
		peer_send(fd, port, nlmsg_hdr(msg));
		nlmsg_free(msg);
		break;
	case KSRTP_CMD_CTX_GET:
		if (req->nlmsg_flags & NLM_F_DUMP) {
			peer_ctx(fd, port, req, 1, NLM_F_MULTI);
			peer_ctx(fd, port, req, 2 | CX | SP | EX, NLM_F_MULTI);
			break;
		}
		id = tb[KSRTP_A_ID] ? nla_get_u32(tb[KSRTP_A_ID]) :
		     tb[KSRTP_A_SSRC] ? nla_get_u32(tb[KSRTP_A_SSRC]) : 0;
		if (!id)
			_exit(93);
		peer_ctx(fd, port, req, id, 0);
		break;
	default:
		_exit(94);
	}
	peer_end(fd, port, req, 0);
}

/* Answer n requests (a batch brings several in one datagram); exit 0. */
static void peer(int fd, uint32_t port, int n)
{
	static char buf[65536];
	struct nlmsghdr *nlh;
	ssize_t len;

	while (n > 0) {
		len = recv(fd, buf, sizeof(buf), 0);
		if (len < (ssize_t)NLMSG_HDRLEN)
			_exit(95);
		for (nlh = (void *)buf; NLMSG_OK(nlh, (size_t)len); nlh = NLMSG_NEXT(nlh, len)) {
			peer_request(fd, port, nlh);
			n--;
		}
	}
	_exit(0);
}

/* ---- The callers -------------------------------------------------------- */

struct seen {
	int n;
	uint32_t ids[4];
	bool cryptex[4];
	bool sp[4];
	bool ex[4];
};

static int seen_v1(const struct ksrtp_ctx_info_v1 *info, void *arg)
{
	struct seen *s = arg;

	if (s->n < 4)
		s->ids[s->n] = info->template_id == TEMPLATE_ID ? info->id : 0;
	s->n++;
	return 0;
}

static int seen_now(const struct ksrtp_ctx_info *info, void *arg)
{
	struct seen *s = arg;

	if (s->n < 4) {
		s->ids[s->n] = info->id;
		s->cryptex[s->n] = info->cryptex;
		s->sp[s->n] = info->unencrypted_srtp && info->unencrypted_srtcp &&
			      info->unauthenticated_srtp;
		s->ex[s->n] = info->n_enc_ext_ids == sizeof(ext_ids) &&
			      !memcmp(info->enc_ext_ids, ext_ids, sizeof(ext_ids));
	}
	s->n++;
	return 0;
}

static int seen_v5(const struct ksrtp_ctx_info_v5 *info, void *arg)
{
	struct seen *s = arg;

	if (s->n < 4) {
		s->ids[s->n] = info->template_id == TEMPLATE_ID ? info->id : 0;
		s->cryptex[s->n] = info->cryptex;
	}
	s->n++;
	return 0;
}

static void old_callers(struct ksrtp_handle *h)
{
	struct old_params one, many[3];
	struct ksrtp_ctx_params_v1 arr[3];
	struct ksrtp_ctx_params now[2], p;
	struct ksrtp_batch_req_v2 req;
	struct ksrtp_batch_result res[3];
	struct {
		struct ksrtp_ctx_info_v1 info;
		uint8_t canary[16];
	} got;
	struct ksrtp_ctx_info info;
	struct ksrtp_tuple t;
	struct seen seen = { 0 };
	uint8_t canary[16];
	uint32_t id = 0;
	int i;

	/* A caller of now: cryptex goes out, and comes back. */
	sample_params(&p, 1 | CX);
	CHECK(ksrtp_ctx_add(h, &p, &id) == 0 && id == (1 | CX));
	CHECK_STR(ksrtp_errmsg(h), "");

	/* KSRTP_1 callers: nothing past their structure is read. */
	sample_old(&one, 1);
	CHECK(ksrtp_ctx_add_v1(h, &one.p, &id) == 0 && id == 1);
	for (i = 0; i < 3; i++) {
		sample_old(&many[i], 2 + i);
		arr[i] = many[i].p;
	}
	/* An array of the shorter structures: each one where it was put. */
	memset(res, 0x55, sizeof(res));
	CHECK(ksrtp_ctx_add_batch_v2(h, arr, 3, res) == 0);
	for (i = 0; i < 3; i++)
		CHECK(res[i].error == 0 && res[i].id == (uint32_t)(2 + i));
	sample_old(&one, 5);
	req = (struct ksrtp_batch_req_v2){ .op = KSRTP_BATCH_ADD, .params = &one.p };
	CHECK(ksrtp_batch_v2(h, &req, 1, res) == 0 && res[0].error == 0 && res[0].id == 5);
	/* ...and the batches of now take cryptex from theirs. */
	sample_params(&now[0], 6 | CX);
	sample_params(&now[1], 7);
	CHECK(ksrtp_ctx_add_batch(h, now, 2, res) == 0 &&
	      res[0].id == (6 | CX) && res[1].id == 7);

	memset(&info, 0x55, sizeof(info));
	CHECK(ksrtp_ctx_get_id(h, 3 | CX, &info) == 0 && info.cryptex &&
	      info.template_id == TEMPLATE_ID);
	CHECK(ksrtp_ctx_get_id(h, 3, &info) == 0 && !info.cryptex);

	/* KSRTP_1 callers get the fields they know, nothing past them. */
	memset(&got, 0xaa, sizeof(got));
	memset(canary, 0xaa, sizeof(canary));
	CHECK(ksrtp_ctx_get_id_v1(h, 4 | CX, &got.info) == 0);
	CHECK(got.info.id == (4 | CX) && got.info.tuple.ssrc == (4 | CX) &&
	      got.info.suite == KSRTP_SUITE_AEAD_AES_128_GCM &&
	      got.info.template_id == TEMPLATE_ID);
	CHECK(!memcmp(got.canary, canary, sizeof(canary)));
	t = p.tuple;
	t.ssrc = 9;
	memset(&got, 0xaa, sizeof(got));
	CHECK(ksrtp_ctx_get_v1(h, &t, &got.info) == 0 && got.info.id == 9 &&
	      got.info.template_id == TEMPLATE_ID);
	CHECK(!memcmp(got.canary, canary, sizeof(canary)));

	CHECK(ksrtp_ctx_dump_v1(h, 0, seen_v1, &seen) == 0 && seen.n == 2 &&
	      seen.ids[0] == 1 && seen.ids[1] == (2 | CX | SP | EX));
	memset(&seen, 0, sizeof(seen));
	CHECK(ksrtp_ctx_dump(h, 0, seen_now, &seen) == 0 && seen.n == 2 &&
	      !seen.cryptex[0] && seen.cryptex[1] && !seen.sp[0] && seen.sp[1] &&
	      !seen.ex[0] && seen.ex[1]);
}

/* The KSRTP_5 callers: cryptex, but never the session parameters. */
static void v5_callers(struct ksrtp_handle *h)
{
	struct old_params_v5 one, many[2];
	struct ksrtp_ctx_params_v5 arr[2];
	struct ksrtp_ctx_params p;
	struct ksrtp_batch_req_v5 req;
	struct ksrtp_batch_result res[2];
	struct {
		struct ksrtp_ctx_info_v5 info;
		uint8_t canary[16];
	} got, untouched;
	const size_t known = offsetof(struct ksrtp_ctx_info_v5, cryptex) + 1;
	struct ksrtp_ctx_info info;
	struct ksrtp_tuple t;
	struct seen seen = { 0 };
	uint32_t id = 0;
	int i;

	/* A caller of now: the three go out, and come back. */
	sample_params(&p, 10 | SP);
	CHECK(ksrtp_ctx_add(h, &p, &id) == 0 && id == (10 | SP));
	memset(&info, 0x55, sizeof(info));
	CHECK(ksrtp_ctx_get_id(h, 11 | SP, &info) == 0 && info.unencrypted_srtp &&
	      info.unencrypted_srtcp && info.unauthenticated_srtp && !info.cryptex);
	CHECK(ksrtp_ctx_get_id(h, 11, &info) == 0 && !info.unencrypted_srtp &&
	      !info.unencrypted_srtcp && !info.unauthenticated_srtp);

	/* KSRTP_5 callers: cryptex is read, nothing past it. */
	sample_old_v5(&one, 12 | CX);
	CHECK(ksrtp_ctx_add_v5(h, &one.p, &id) == 0 && id == (12 | CX));
	for (i = 0; i < 2; i++) {
		sample_old_v5(&many[i], (13 + i) | (i ? CX : 0));
		arr[i] = many[i].p;
	}
	memset(res, 0x55, sizeof(res));
	CHECK(ksrtp_ctx_add_batch_v5(h, arr, 2, res) == 0 &&
	      res[0].error == 0 && res[0].id == 13 &&
	      res[1].error == 0 && res[1].id == (14 | CX));
	sample_old_v5(&one, 15);
	req = (struct ksrtp_batch_req_v5){ .op = KSRTP_BATCH_ADD, .params = &one.p };
	CHECK(ksrtp_batch_v5(h, &req, 1, res) == 0 && res[0].error == 0 && res[0].id == 15);

	/* KSRTP_5 callers get the fields they know, nothing past them. */
	memset(&got, 0xaa, sizeof(got));
	memset(&untouched, 0xaa, sizeof(untouched));
	CHECK(ksrtp_ctx_get_id_v5(h, 16 | CX | SP, &got.info) == 0);
	CHECK(got.info.id == (16 | CX | SP) && got.info.cryptex &&
	      got.info.template_id == TEMPLATE_ID);
	CHECK(!memcmp((uint8_t *)&got + known, (uint8_t *)&untouched + known,
		      sizeof(got) - known));
	t = p.tuple;
	t.ssrc = 17 | SP;
	memset(&got, 0xaa, sizeof(got));
	CHECK(ksrtp_ctx_get_v5(h, &t, &got.info) == 0 && got.info.id == (17 | SP) &&
	      !got.info.cryptex);
	CHECK(!memcmp((uint8_t *)&got + known, (uint8_t *)&untouched + known,
		      sizeof(got) - known));
	CHECK(ksrtp_ctx_dump_v5(h, 0, seen_v5, &seen) == 0 && seen.n == 2 &&
	      seen.ids[0] == 1 && seen.ids[1] == (2 | CX | SP | EX) &&
	      !seen.cryptex[0] && seen.cryptex[1]);
}

/*
 * RFC 6904 (KSRTP_6): the IDs go out sorted only when there are some, and
 * come back; the KSRTP_5 callers (whose garbage past their structure
 * would be an absurd n_enc_ext_ids) never send them nor see them.
 */
static void enc_ext_callers(struct ksrtp_handle *h)
{
	struct ksrtp_ctx_params p, now[2];
	struct ksrtp_batch_result res[2];
	struct ksrtp_ctx_info info;
	struct old_params_v5 one;
	struct {
		struct ksrtp_ctx_info_v5 info;
		uint8_t canary[16];
	} got, untouched;
	const size_t known = offsetof(struct ksrtp_ctx_info_v5, cryptex) + 1;
	struct seen seen = { 0 };
	uint32_t id = 0;

	sample_params(&p, 20 | EX);
	CHECK(ksrtp_ctx_add(h, &p, &id) == 0 && id == (20 | EX));
	/* With cryptex too (the kernel allows both). */
	sample_params(&now[0], 21 | EX | CX);
	sample_params(&now[1], 22);
	memset(res, 0x55, sizeof(res));
	CHECK(ksrtp_ctx_add_batch(h, now, 2, res) == 0 &&
	      res[0].error == 0 && res[0].id == (21 | EX | CX) &&
	      res[1].error == 0 && res[1].id == 22);
	/* Refused before anything is sent. */
	sample_params(&p, 23 | EX);
	p.enc_ext_ids[1] = 0;
	CHECK(ksrtp_ctx_add(h, &p, &id) == -EINVAL &&
	      strstr(ksrtp_errmsg(h), "ID 0"));
	p.enc_ext_ids[1] = 200;
	CHECK(ksrtp_ctx_add(h, &p, &id) == -EINVAL &&
	      strstr(ksrtp_errmsg(h), "twice"));
	p.n_enc_ext_ids = 256;
	CHECK(ksrtp_ctx_add(h, &p, &id) == -EINVAL &&
	      strstr(ksrtp_errmsg(h), "KSRTP_ENC_EXT_IDS_MAX"));

	memset(&info, 0x55, sizeof(info));
	CHECK(ksrtp_ctx_get_id(h, 24 | EX, &info) == 0 && info.n_enc_ext_ids == 3 &&
	      !memcmp(info.enc_ext_ids, ext_ids, 3) && !info.cryptex);
	memset(&info, 0x55, sizeof(info));
	CHECK(ksrtp_ctx_get_id(h, 24, &info) == 0 && info.n_enc_ext_ids == 0);

	/* A KSRTP_5 caller: never attribute 44, whatever lies past. */
	sample_old_v5(&one, 25 | CX);
	CHECK(ksrtp_ctx_add_v5(h, &one.p, &id) == 0 && id == (25 | CX));
	memset(&got, 0xaa, sizeof(got));
	memset(&untouched, 0xaa, sizeof(untouched));
	CHECK(ksrtp_ctx_get_id_v5(h, 26 | EX | CX, &got.info) == 0 &&
	      got.info.id == (26 | EX | CX) && got.info.cryptex);
	CHECK(!memcmp((uint8_t *)&got + known, (uint8_t *)&untouched + known,
		      sizeof(got) - known));
	CHECK(ksrtp_ctx_dump(h, 0, seen_now, &seen) == 0 && seen.n == 2 &&
	      !seen.ex[0] && seen.ex[1]);
}

/*
 * ksrtp_parse_sdes_crypto@KSRTP_2: refuses the session parameters its
 * callers cannot see, and writes nothing past its structure.
 */
static void test_sdes_v2(void)
{
	static const char line[] = "a=crypto:3 AES_CM_128_HMAC_SHA1_80 "
		"inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4 WSH=128";
	struct {
		struct ksrtp_sdes_crypto_v2 c;
		uint8_t canary[16];
	} got;
	struct ksrtp_sdes_crypto now;
	uint8_t canary[16];
	char err[KSRTP_SDES_ERRMSG_LEN], buf[512];
	const char *const params[] = { "UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP",
				       "UNAUTHENTICATED_SRTP" };
	size_t i;

	memset(canary, 0xaa, sizeof(canary));
	memset(&got, 0xaa, sizeof(got));
	CHECK(ksrtp_parse_sdes_crypto_v2(line, &got.c, err, sizeof(err)) == 0);
	CHECK(got.c.tag == 3 && got.c.nkeys == 1 && got.c.has_wsh && got.c.wsh == 128 &&
	      got.c.keys[0].mki_len == 4 && got.c.keys[0].mki[3] == 1);
	CHECK(!memcmp(got.canary, canary, sizeof(canary)));
	CHECK(ksrtp_parse_sdes_crypto(line, &now, err, sizeof(err)) == 0 &&
	      !memcmp(&now, &got.c, offsetof(struct ksrtp_sdes_crypto_v2, wsh) + 4));
	explicit_bzero(&now, sizeof(now));
	for (i = 0; i < 3; i++) {
		snprintf(buf, sizeof(buf), "%s %s", line, params[i]);
		memset(&got, 0xaa, sizeof(got));
		CHECK(ksrtp_parse_sdes_crypto_v2(buf, &got.c, err, sizeof(err)) == -EOPNOTSUPP);
		CHECK(!strncmp(err, "session parameter ", 18) &&
		      !strncmp(err + 18, params[i], strlen(params[i])) &&
		      strstr(err, ": not supported"));
		CHECK(!memcmp(got.canary, canary, sizeof(canary)));
		got.c.has_wsh |= got.c.tag | got.c.nkeys;
		CHECK(!got.c.has_wsh && !got.c.keys[0].key[0]);
		CHECK(ksrtp_parse_sdes_crypto(buf, &now, err, sizeof(err)) == 0);
		explicit_bzero(&now, sizeof(now));
	}
}

static void test_compat(void)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	struct ksrtp_handle *h;
	int status;
	pid_t pid;

	h = fake_peer_open(peer, REQUESTS, "the compatibility round trips", &pid);
	if (!h)
		return;
	/* Batches send() on the socket itself: to the peer too. */
	to.nl_pid = nl_socket_get_peer_port(h->sk);
	if (connect(nl_socket_get_fd(h->sk), (struct sockaddr *)&to, sizeof(to)))
		CHECK(!"connect to the peer");
	h->family = FAKE_FAMILY;

	old_callers(h);
	v5_callers(h);
	enc_ext_callers(h);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	ksrtp_close(h);
}

int main(void)
{
	test_compat();
	test_sdes_v2();
	return summary("test_compat");
}
