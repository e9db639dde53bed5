// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Host tests of libksrtp's netlink side without the ksrtp module: request
 * encoding, reply decoding and extended-ACK decoding on hand-made
 * messages, and the request/reply/dump/error plumbing against the kernel's
 * own generic netlink controller ("nlctrl"), which every kernel has.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "internal.h"
#include "check.h"

#define FAKE_FAMILY 0x42

static struct nl_msg *new_msg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 0, 1, FAKE_FAMILY, 0, 0, cmd, KSRTP_GENL_VERSION))
		abort();
	return msg;
}

static void sample_params(struct ksrtp_ctx_params *p)
{
	memset(p, 0, sizeof(*p));
	p->tuple.direction = KSRTP_DIR_OUTBOUND;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &p->tuple.local);
	ksrtp_parse_sockaddr("10.99.0.2:5006", &p->tuple.remote);
	p->tuple.ssrc = 0xabcd;
	p->suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	memset(p->key, 0x11, 16);
	p->key_len = 16;
	memset(p->salt, 0x22, 14);
	p->salt_len = 14;
	p->has_roc = true;
	p->roc = 7;
	p->replay_window = 1024;
}

static void test_encode(void)
{
	struct nlattr *tb[KSRTP_A_MAX + 1];
	struct ksrtp_ctx_params p;
	struct nl_msg *msg;
	const char *why = NULL;
	uint8_t v4[4] = { 10, 99, 0, 1 }, r4[4] = { 10, 99, 0, 2 }, key[16], salt[14];

	sample_params(&p);
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_DIRECTION] && nla_len(tb[KSRTP_A_DIRECTION]) == 1 &&
	      nla_get_u8(tb[KSRTP_A_DIRECTION]) == KSRTP_DIR_OUTBOUND);
	CHECK(tb[KSRTP_A_LOCAL_IPV4] && nla_len(tb[KSRTP_A_LOCAL_IPV4]) == 4 &&
	      !memcmp(nla_data(tb[KSRTP_A_LOCAL_IPV4]), v4, 4));
	CHECK(tb[KSRTP_A_REMOTE_IPV4] && !memcmp(nla_data(tb[KSRTP_A_REMOTE_IPV4]), r4, 4));
	CHECK(!tb[KSRTP_A_LOCAL_IPV6] && !tb[KSRTP_A_REMOTE_IPV6]);
	/* Ports in host order. */
	CHECK(tb[KSRTP_A_LOCAL_PORT] && nla_len(tb[KSRTP_A_LOCAL_PORT]) == 2 &&
	      nla_get_u16(tb[KSRTP_A_LOCAL_PORT]) == 5004);
	CHECK(tb[KSRTP_A_REMOTE_PORT] && nla_get_u16(tb[KSRTP_A_REMOTE_PORT]) == 5006);
	CHECK(tb[KSRTP_A_SSRC] && nla_len(tb[KSRTP_A_SSRC]) == 4 &&
	      nla_get_u32(tb[KSRTP_A_SSRC]) == 0xabcd);
	CHECK(tb[KSRTP_A_SUITE] && nla_len(tb[KSRTP_A_SUITE]) == 2 &&
	      nla_get_u16(tb[KSRTP_A_SUITE]) == KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
	memset(key, 0x11, sizeof(key));
	memset(salt, 0x22, sizeof(salt));
	CHECK(tb[KSRTP_A_MASTER_KEY] && nla_len(tb[KSRTP_A_MASTER_KEY]) == 16 &&
	      !memcmp(nla_data(tb[KSRTP_A_MASTER_KEY]), key, 16));
	CHECK(tb[KSRTP_A_MASTER_SALT] && nla_len(tb[KSRTP_A_MASTER_SALT]) == 14 &&
	      !memcmp(nla_data(tb[KSRTP_A_MASTER_SALT]), salt, 14));
	CHECK(tb[KSRTP_A_ROC] && nla_get_u32(tb[KSRTP_A_ROC]) == 7);
	CHECK(tb[KSRTP_A_REPLAY_WINDOW] && nla_get_u32(tb[KSRTP_A_REPLAY_WINDOW]) == 1024);
	CHECK(!tb[KSRTP_A_ID] && !tb[KSRTP_A_STATS]);
	nlmsg_free(msg);

	/* IPv6 inbound wildcard, defaults left to the kernel. */
	p.tuple.direction = KSRTP_DIR_INBOUND;
	ksrtp_parse_sockaddr("[fd00::1]:5004", &p.tuple.local);
	memset(&p.tuple.remote, 0, sizeof(p.tuple.remote));
	p.has_roc = false;
	p.replay_window = 0;
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_LOCAL_IPV6] && nla_len(tb[KSRTP_A_LOCAL_IPV6]) == 16 &&
	      ((uint8_t *)nla_data(tb[KSRTP_A_LOCAL_IPV6]))[0] == 0xfd &&
	      ((uint8_t *)nla_data(tb[KSRTP_A_LOCAL_IPV6]))[15] == 1);
	CHECK(!tb[KSRTP_A_LOCAL_IPV4] && !tb[KSRTP_A_REMOTE_IPV4] &&
	      !tb[KSRTP_A_REMOTE_IPV6] && !tb[KSRTP_A_REMOTE_PORT]);
	CHECK(!tb[KSRTP_A_ROC] && !tb[KSRTP_A_REPLAY_WINDOW]);
	nlmsg_free(msg);

	/* Refused before sending. */
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	ksrtp_parse_sockaddr("10.0.0.2:5006", &p.tuple.remote);
	CHECK(ksrtp__put_params(msg, &p, &why) == -EINVAL);
	CHECK_STR(why, "local and remote addresses must be of one family");
	sample_params(&p);
	p.tuple.direction = 0;
	CHECK(ksrtp__put_params(msg, &p, &why) == -EINVAL);
	sample_params(&p);
	p.tuple.local.sa.sa_family = AF_UNIX;
	CHECK(ksrtp__put_params(msg, &p, &why) == -EINVAL);
	sample_params(&p);
	p.key_len = 33;
	CHECK(ksrtp__put_params(msg, &p, &why) == -EINVAL);
	sample_params(&p);
	p.salt_len = 0;
	CHECK(ksrtp__put_params(msg, &p, &why) == -EINVAL);
	nlmsg_free(msg);
}

static struct nl_msg *sample_reply(bool v6, bool stats)
{
	struct nl_msg *msg = new_msg(KSRTP_CMD_CTX_GET);
	uint8_t l4[4] = { 10, 99, 0, 1 }, r4[4] = { 10, 99, 0, 2 };
	struct in6_addr l6;
	struct nlattr *nest;

	inet_pton(AF_INET6, "fd00::1", &l6);
	nla_put_u32(msg, KSRTP_A_ID, 3);
	nla_put_u8(msg, KSRTP_A_DIRECTION, v6 ? KSRTP_DIR_INBOUND : KSRTP_DIR_OUTBOUND);
	if (v6) {
		nla_put(msg, KSRTP_A_LOCAL_IPV6, 16, &l6);
	} else {
		nla_put(msg, KSRTP_A_LOCAL_IPV4, 4, l4);
		nla_put(msg, KSRTP_A_REMOTE_IPV4, 4, r4);
		nla_put_u16(msg, KSRTP_A_REMOTE_PORT, 5006);
	}
	nla_put_u16(msg, KSRTP_A_LOCAL_PORT, 5004);
	nla_put_u32(msg, KSRTP_A_SSRC, 0xabcd);
	nla_put_u16(msg, KSRTP_A_SUITE, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
	nla_put_u32(msg, KSRTP_A_ROC, 1);
	nla_put_u16(msg, KSRTP_A_SEQ, 1234);
	nla_put_u32(msg, KSRTP_A_SRTCP_INDEX, 5);
	nla_put_u32(msg, KSRTP_A_REPLAY_WINDOW, 128);
	nla_put_string(msg, KSRTP_A_CIPHER_DRIVER, "ctr(aes-aesni)");
	nla_put_string(msg, KSRTP_A_AUTH_DRIVER, "hmac(sha1-avx2)");
	if (stats) {
		nest = nla_nest_start(msg, KSRTP_A_STATS | NLA_F_NESTED);
		nla_put_u64(msg, KSRTP_STATS_A_RTP_PACKETS, 100);
		nla_put_u64(msg, KSRTP_STATS_A_RTP_BYTES, 17200);
		nla_put_u64(msg, KSRTP_STATS_A_RTCP_PACKETS, 5);
		nla_put_u64(msg, KSRTP_STATS_A_RTCP_BYTES, 400);
		nla_put_u64(msg, KSRTP_STATS_A_AUTH_FAILURES, 6);
		nla_put_u64(msg, KSRTP_STATS_A_REPLAYS, 7);
		nla_put_u64(msg, KSRTP_STATS_A_MALFORMED, 8);
		nla_put_u64(msg, KSRTP_STATS_A_ERRORS, 1ull << 40);
		/* A counter from a newer module is ignored. */
		nla_put_u64(msg, KSRTP_STATS_A_MAX + 1, 9);
		nla_nest_end(msg, nest);
	}
	/* So is an attribute from a newer module. */
	nla_put_u32(msg, KSRTP_A_MAX + 1, 0);
	return msg;
}

static void test_decode(void)
{
	struct ksrtp_ctx_info info;
	char buf[KSRTP_SOCKADDR_STRLEN];
	const char *why = NULL;
	struct nl_msg *msg;

	msg = sample_reply(false, true);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == 0);
	CHECK(info.id == 3 && info.tuple.direction == KSRTP_DIR_OUTBOUND);
	CHECK_STR(ksrtp_format_sockaddr(&info.tuple.local, buf, sizeof(buf)), "10.99.0.1:5004");
	CHECK_STR(ksrtp_format_sockaddr(&info.tuple.remote, buf, sizeof(buf)), "10.99.0.2:5006");
	CHECK(info.tuple.ssrc == 0xabcd && info.suite == KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
	CHECK(info.roc == 1 && info.seq == 1234 && info.srtcp_index == 5 &&
	      info.replay_window == 128);
	CHECK_STR(info.cipher_driver, "ctr(aes-aesni)");
	CHECK_STR(info.auth_driver, "hmac(sha1-avx2)");
	CHECK(info.stats.rtp_packets == 100 && info.stats.rtp_bytes == 17200 &&
	      info.stats.rtcp_packets == 5 && info.stats.rtcp_bytes == 400 &&
	      info.stats.auth_failures == 6 && info.stats.replays == 7 &&
	      info.stats.malformed == 8 && info.stats.errors == 1ull << 40);
	nlmsg_free(msg);

	msg = sample_reply(true, false);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == 0);
	CHECK_STR(ksrtp_format_sockaddr(&info.tuple.local, buf, sizeof(buf)), "[fd00::1]:5004");
	CHECK(info.tuple.remote.sa.sa_family == AF_UNSPEC);
	CHECK(info.stats.rtp_packets == 0);
	nlmsg_free(msg);

	/* Malformed replies. */
	msg = new_msg(KSRTP_CMD_CTX_GET);
	nla_put_u32(msg, KSRTP_A_ID, 3);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == -EPROTO);
	nla_put_u8(msg, KSRTP_A_DIRECTION, 1);
	nla_put_u32(msg, KSRTP_A_SSRC, 1);
	nla_put_u16(msg, KSRTP_A_SUITE, 1);
	nla_put(msg, KSRTP_A_LOCAL_IPV4, 5, "abcde");
	nla_put_u16(msg, KSRTP_A_LOCAL_PORT, 1);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == -EPROTO);
	CHECK_STR(why, "malformed address in the kernel's reply");
	nlmsg_free(msg);
	msg = new_msg(KSRTP_CMD_CTX_GET);
	nla_put_u16(msg, KSRTP_A_ID, 3);	/* too short for a u32 */
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == -EPROTO);
	nlmsg_free(msg);
}

/*
 * An error ACK as the kernel builds it: capped or with the request echoed,
 * followed by extended-ACK attributes.
 */
static struct nlmsghdr *make_ack(const struct nlmsghdr *req, int error, bool capped,
				 const char *text, int offs, int miss_type)
{
	size_t echo = capped ? sizeof(*req) : req->nlmsg_len;
	size_t len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int) + echo) + 256;
	struct nlmsghdr *nlh = calloc(1, len);
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	char *p;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = (capped ? NLM_F_CAPPED : 0) |
			   (text || offs >= 0 || miss_type >= 0 ? NLM_F_ACK_TLVS : 0);
	e->error = error;
	memcpy(&e->msg, req, echo);
	p = (char *)nlh + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int) + echo);
	if (text) {
		struct nlattr *a = (void *)p;

		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = NLA_HDRLEN + strlen(text) + 1;
		strcpy(p + NLA_HDRLEN, text);
		p += NLA_ALIGN(a->nla_len);
	}
	if (offs >= 0 || miss_type >= 0) {
		struct nlattr *a = (void *)p;
		uint32_t v = offs >= 0 ? offs : miss_type;

		a->nla_type = offs >= 0 ? NLMSGERR_ATTR_OFFS : NLMSGERR_ATTR_MISS_TYPE;
		a->nla_len = NLA_HDRLEN + 4;
		memcpy(p + NLA_HDRLEN, &v, 4);
		p += NLA_ALIGN(a->nla_len);
	}
	nlh->nlmsg_len = p - (char *)nlh;
	return nlh;
}

static void test_extack(void)
{
	struct ksrtp_ctx_params p;
	struct nl_msg *msg = new_msg(KSRTP_CMD_CTX_NEW);
	struct nlattr *tb[KSRTP_A_MAX + 1];
	struct nlmsghdr *req = nlmsg_hdr(msg), *ack;
	const char *why;
	char buf[KSRTP_ERRMSG_LEN];
	int key_off, capped;

	sample_params(&p);
	ksrtp__put_params(msg, &p, &why);
	genlmsg_parse(req, 0, tb, KSRTP_A_MAX, NULL);
	key_off = (char *)tb[KSRTP_A_MASTER_KEY] - (char *)req;

	for (capped = 0; capped < 2; capped++) {
		ack = make_ack(req, -EINVAL, capped, "Key length does not match the suite",
			       key_off, -1);
		CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EINVAL);
		CHECK_STR(buf, "attribute master-key: Key length does not match the suite");
		free(ack);
	}

	/* An offset into the payload of an attribute names it too. */
	ack = make_ack(req, -EINVAL, true, NULL, key_off + NLA_HDRLEN + 3, -1);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EINVAL);
	CHECK_STR(buf, "attribute master-key");
	free(ack);

	ack = make_ack(req, -EINVAL, true, "Missing attribute", -1, KSRTP_A_REMOTE_PORT);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EINVAL);
	CHECK_STR(buf, "Missing attribute (missing attribute remote-port)");
	free(ack);

	ack = make_ack(req, -EINVAL, true, NULL, -1, 99);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EINVAL);
	CHECK_STR(buf, "missing attribute type 99");
	free(ack);

	/* An offset outside the request: the message alone. */
	ack = make_ack(req, -EEXIST, true, "Context exists\n", 4000, -1);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EEXIST);
	CHECK_STR(buf, "Context exists");
	free(ack);

	ack = make_ack(req, -EPERM, true, NULL, -1, -1);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EPERM);
	CHECK_STR(buf, "");
	free(ack);

	ack = make_ack(req, 0, true, NULL, -1, -1);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == 0);
	free(ack);

	/* Control characters from the kernel do not reach the terminal. */
	ack = make_ack(req, -EINVAL, true, "bad\033[2Jthing", -1, -1);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EINVAL);
	CHECK_STR(buf, "bad [2Jthing");
	free(ack);

	/* NLMSG_DONE of a failed dump: the error, then extended-ACK TLVs. */
	ack = make_ack(req, -ENOBUFS, true, "dump failed", -1, -1);
	ack->nlmsg_type = NLMSG_DONE;
	{
		/* Rebuild as DONE: int error followed directly by the TLVs. */
		char *d = NLMSG_DATA(ack);
		size_t tl = ack->nlmsg_len - NLMSG_HDRLEN -
			    NLMSG_ALIGN(sizeof(int) + sizeof(struct nlmsghdr));

		memmove(d + NLMSG_ALIGN(sizeof(int)),
			d + NLMSG_ALIGN(sizeof(int) + sizeof(struct nlmsghdr)), tl);
		ack->nlmsg_len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int)) + tl;
		ack->nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS;
	}
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -ENOBUFS);
	CHECK_STR(buf, "dump failed");
	free(ack);

	/* Truncated. */
	ack = make_ack(req, -EINVAL, true, NULL, -1, -1);
	ack->nlmsg_len = NLMSG_HDRLEN + 2;
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EPROTO);
	free(ack);

	nlmsg_free(msg);

	CHECK_STR(ksrtp_attr_name(KSRTP_A_MASTER_SALT), "master-salt");
	CHECK_STR(ksrtp_attr_name(KSRTP_A_REPLAY_WINDOW), "replay-window");
	CHECK(ksrtp_attr_name(0) == NULL && ksrtp_attr_name(KSRTP_A_MAX + 1) == NULL);
	CHECK(ksrtp__nlerr(-NLE_NOMEM) == -ENOMEM && ksrtp__nlerr(-NLE_PERM) == -EPERM);
}

/* ---- Against the kernel's generic netlink controller ------------------- */

static int count_families(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	int *n = arg;

	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) == 0 &&
	    tb[CTRL_ATTR_FAMILY_NAME])
		(*n)++;
	return 0;
}

static int stop_after_first(struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
	return 7;
}

static struct nl_msg *ctrl_msg(int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL, 0,
				 flags, CTRL_CMD_GETFAMILY, 1))
		abort();
	return msg;
}

static void test_kernel(void)
{
	struct ksrtp_handle *h;
	struct nl_msg *msg;
	int n = 0, ret;

	h = ksrtp__open("nlctrl");
	if (!h) {
		printf("generic netlink unusable here (%s): skipping kernel checks\n",
		       strerror(errno));
		checks_skipped++;
		return;
	}
	CHECK(h->family == GENL_ID_CTRL);

	/* A dump, read to NLMSG_DONE. */
	ret = ksrtp__run(h, ctrl_msg(NLM_F_DUMP), count_families, &n);
	CHECK(ret == 0 && n >= 1);

	/* A dump abandoned by its callback: the rest is drained... */
	ret = ksrtp__run(h, ctrl_msg(NLM_F_DUMP), stop_after_first, NULL);
	CHECK(ret == 7);

	/* ...so that the next request on the handle gets its own answer. */
	msg = ctrl_msg(NLM_F_ACK);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "ksrtp-nosuch");
	ret = ksrtp__run(h, msg, NULL, NULL);
	CHECK(ret == -ENOENT);

	/* A refused attribute: the kernel points at it, we name it. */
	msg = ctrl_msg(NLM_F_ACK);
	nla_put_u8(msg, CTRL_ATTR_FAMILY_ID, 1);	/* should be a u16 */
	ret = ksrtp__run(h, msg, NULL, NULL);
	CHECK(ret == -EINVAL || ret == -ERANGE);
	/* CTRL_ATTR_FAMILY_ID is 1, KSRTP_A_PAD's number. */
	printf("kernel refusal as reported: \"%s\" (%s)\n", ksrtp_errmsg(h), strerror(-ret));
	CHECK(!strncmp(ksrtp_errmsg(h), "attribute pad", 13));

	n = 0;
	ret = ksrtp__run(h, ctrl_msg(NLM_F_DUMP), count_families, &n);
	CHECK(ret == 0 && n >= 1);
	CHECK_STR(ksrtp_errmsg(h), "");
	ksrtp_close(h);

	errno = 0;
	h = ksrtp__open("ksrtp-nosuch");
	CHECK(!h && errno == ENOENT);
}

int main(void)
{
	test_encode();
	test_decode();
	test_extack();
	test_kernel();
	return summary("test_netlink");
}
