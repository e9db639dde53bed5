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
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/wait.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#include "internal.h"
#include "check.h"
#include "fake_peer.h"

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
	unsigned int i;
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
	CHECK(!tb[KSRTP_A_ID] && !tb[KSRTP_A_STATS] && !tb[KSRTP_A_CRYPTEX]);
	CHECK(!tb[KSRTP_A_UNENCRYPTED_SRTP] && !tb[KSRTP_A_UNENCRYPTED_SRTCP] &&
	      !tb[KSRTP_A_UNAUTHENTICATED_SRTP]);
	/* No encrypted header extension IDs: no attribute 44. */
	CHECK(!tb[KSRTP_A_ENC_HDR_EXT_IDS]);
	nlmsg_free(msg);

	/* RFC 6904 (KSRTP_6): the IDs as given, sent sorted. */
	CHECK(KSRTP_A_ENC_HDR_EXT_IDS == 44);
	p.n_enc_ext_ids = 4;
	memcpy(p.enc_ext_ids, "\xc8\x03\x01\x0e", 4);
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_ENC_HDR_EXT_IDS] && nla_len(tb[KSRTP_A_ENC_HDR_EXT_IDS]) == 4 &&
	      !memcmp(nla_data(tb[KSRTP_A_ENC_HDR_EXT_IDS]), "\x01\x03\x0e\xc8", 4));
	nlmsg_free(msg);
	/* All 255. */
	for (i = 0; i < KSRTP_ENC_EXT_IDS_MAX; i++)
		p.enc_ext_ids[i] = (uint8_t)(255 - i);
	p.n_enc_ext_ids = KSRTP_ENC_EXT_IDS_MAX;
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_ENC_HDR_EXT_IDS] && nla_len(tb[KSRTP_A_ENC_HDR_EXT_IDS]) == 255 &&
	      ((uint8_t *)nla_data(tb[KSRTP_A_ENC_HDR_EXT_IDS]))[0] == 1 &&
	      ((uint8_t *)nla_data(tb[KSRTP_A_ENC_HDR_EXT_IDS]))[254] == 255);
	nlmsg_free(msg);
	/* Refused before sending: too many, ID 0, an ID twice. */
	p.n_enc_ext_ids = KSRTP_ENC_EXT_IDS_MAX + 1;
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == -EINVAL);
	CHECK(why && strstr(why, "KSRTP_ENC_EXT_IDS_MAX"));
	nlmsg_free(msg);
	p.n_enc_ext_ids = 3;
	memcpy(p.enc_ext_ids, "\x05\x00\x07", 3);
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == -EINVAL);
	CHECK(why && strstr(why, "ID 0"));
	nlmsg_free(msg);
	memcpy(p.enc_ext_ids, "\x05\x07\x05", 3);
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == -EINVAL);
	CHECK(why && strstr(why, "twice"));
	nlmsg_free(msg);
	p.n_enc_ext_ids = 0;

	/* Cryptex (KSRTP_5): a flag. */
	p.cryptex = true;
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_CRYPTEX] && nla_len(tb[KSRTP_A_CRYPTEX]) == 0);
	nlmsg_free(msg);
	p.cryptex = false;

	/* The SDES session parameters (KSRTP_6): a flag each, alone. */
	p.unencrypted_srtcp = true;
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_UNENCRYPTED_SRTCP] && nla_len(tb[KSRTP_A_UNENCRYPTED_SRTCP]) == 0);
	CHECK(!tb[KSRTP_A_UNENCRYPTED_SRTP] && !tb[KSRTP_A_UNAUTHENTICATED_SRTP]);
	nlmsg_free(msg);
	p.unencrypted_srtp = true;
	p.unauthenticated_srtp = true;
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_UNENCRYPTED_SRTP] && nla_len(tb[KSRTP_A_UNENCRYPTED_SRTP]) == 0);
	CHECK(tb[KSRTP_A_UNENCRYPTED_SRTCP] &&
	      tb[KSRTP_A_UNAUTHENTICATED_SRTP] &&
	      nla_len(tb[KSRTP_A_UNAUTHENTICATED_SRTP]) == 0);
	nlmsg_free(msg);
	p.unencrypted_srtp = p.unencrypted_srtcp = p.unauthenticated_srtp = false;

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
	CHECK(!info.cryptex);
	CHECK(!info.unencrypted_srtp && !info.unencrypted_srtcp && !info.unauthenticated_srtp);
	nlmsg_free(msg);

	msg = sample_reply(false, false);
	nla_put_flag(msg, KSRTP_A_UNENCRYPTED_SRTP);
	nla_put_flag(msg, KSRTP_A_UNAUTHENTICATED_SRTP);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == 0 && info.unencrypted_srtp &&
	      !info.unencrypted_srtcp && info.unauthenticated_srtp && !info.cryptex);
	nlmsg_free(msg);
	msg = sample_reply(false, false);
	nla_put_flag(msg, KSRTP_A_UNENCRYPTED_SRTCP);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == 0 && !info.unencrypted_srtp &&
	      info.unencrypted_srtcp && !info.unauthenticated_srtp);
	nlmsg_free(msg);

	msg = sample_reply(false, false);
	nla_put_flag(msg, KSRTP_A_CRYPTEX);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == 0 && info.cryptex);
	nlmsg_free(msg);

	/* RFC 6904: the IDs back as the kernel reports them; none without. */
	msg = sample_reply(false, false);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == 0 && info.n_enc_ext_ids == 0);
	nlmsg_free(msg);
	msg = sample_reply(false, false);
	nla_put(msg, KSRTP_A_ENC_HDR_EXT_IDS, 3, "\x01\x03\xc8");
	nla_put_flag(msg, KSRTP_A_CRYPTEX);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == 0 && info.cryptex &&
	      info.n_enc_ext_ids == 3 && info.enc_ext_ids[0] == 1 &&
	      info.enc_ext_ids[1] == 3 && info.enc_ext_ids[2] == 200);
	nlmsg_free(msg);
	{
		uint8_t all[256] = { 0 };

		msg = sample_reply(false, false);
		nla_put(msg, KSRTP_A_ENC_HDR_EXT_IDS, sizeof(all), all);
		CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == -EPROTO);
		nlmsg_free(msg);
	}

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

/* ---- MKI, templates, master keys (KSRTP_1) ----------------------------- */

/* The id of a CTX_NEW reply, for ksrtp_ctx_add() and batches alike. */
static void test_parse_id(void)
{
	struct nl_msg *msg;
	uint32_t id = 7;

	msg = new_msg(KSRTP_CMD_CTX_NEW);
	nla_put_u32(msg, KSRTP_A_ID, 42);
	CHECK(ksrtp__parse_id(nlmsg_hdr(msg), &id) == 0 && id == 42);
	nlmsg_free(msg);

	id = 7;
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__parse_id(nlmsg_hdr(msg), &id) == -EPROTO && id == 7);
	nla_put_u16(msg, KSRTP_A_ID, 42);	/* too short for a u32 */
	CHECK(ksrtp__parse_id(nlmsg_hdr(msg), &id) == -EPROTO && id == 7);
	nlmsg_free(msg);

	msg = new_msg(KSRTP_CMD_CTX_NEW);
	nla_put_u64(msg, KSRTP_A_ID, 42);	/* too long */
	CHECK(ksrtp__parse_id(nlmsg_hdr(msg), &id) == -EPROTO && id == 7);
	nlmsg_free(msg);
}

static void test_encode_new(void)
{
	static const uint8_t mki[2] = { 0x00, 0x07 };
	struct nlattr *tb[KSRTP_A_MAX + 1];
	struct ksrtp_ctx_params p;
	struct nl_msg *msg;
	const char *why = NULL;

	/* An MKI context. */
	sample_params(&p);
	memcpy(p.mki, mki, sizeof(mki));
	p.mki_len = sizeof(mki);
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_MKI] && nla_len(tb[KSRTP_A_MKI]) == 2 &&
	      !memcmp(nla_data(tb[KSRTP_A_MKI]), mki, 2));
	CHECK(tb[KSRTP_A_SSRC] && !tb[KSRTP_A_TEMPLATE] && !tb[KSRTP_A_POLICY] &&
	      !tb[KSRTP_A_LEARN_LIMIT]);
	nlmsg_free(msg);

	/* Without MKI, nothing new is sent: an older module accepts it. */
	sample_params(&p);
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(!tb[KSRTP_A_MKI] && !tb[KSRTP_A_TEMPLATE] && !tb[KSRTP_A_POLICY] &&
	      !tb[KSRTP_A_LEARN_LIMIT]);
	nlmsg_free(msg);

	/* A template: no SSRC, the flag, policy and learn limit. */
	sample_params(&p);
	p.tuple.direction = KSRTP_DIR_INBOUND;
	p.tuple.ssrc = 0x1234;	/* ignored */
	p.is_template = true;
	p.policy = KSRTP_POLICY_OPTIONAL;
	p.has_learn_limit = true;
	p.learn_limit = 0;
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(!tb[KSRTP_A_SSRC]);
	CHECK(tb[KSRTP_A_TEMPLATE] && nla_len(tb[KSRTP_A_TEMPLATE]) == 0);
	CHECK(tb[KSRTP_A_POLICY] && nla_len(tb[KSRTP_A_POLICY]) == 1 &&
	      nla_get_u8(tb[KSRTP_A_POLICY]) == KSRTP_POLICY_OPTIONAL);
	CHECK(tb[KSRTP_A_LEARN_LIMIT] && nla_len(tb[KSRTP_A_LEARN_LIMIT]) == 4 &&
	      nla_get_u32(tb[KSRTP_A_LEARN_LIMIT]) == 0);
	CHECK(tb[KSRTP_A_LOCAL_IPV4] && tb[KSRTP_A_REMOTE_IPV4] && tb[KSRTP_A_MASTER_KEY]);
	nlmsg_free(msg);

	/* Defaults of a template are the kernel's. */
	p.policy = 0;
	p.has_learn_limit = false;
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_TEMPLATE] && !tb[KSRTP_A_POLICY] && !tb[KSRTP_A_LEARN_LIMIT]);
	nlmsg_free(msg);

	/* Any inbound context may leave its port unprotected. */
	sample_params(&p);
	p.tuple.direction = KSRTP_DIR_INBOUND;
	p.policy = KSRTP_POLICY_OPTIONAL;
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	CHECK(ksrtp__put_params(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_SSRC] && !tb[KSRTP_A_TEMPLATE] && !tb[KSRTP_A_LEARN_LIMIT]);
	CHECK(tb[KSRTP_A_POLICY] && nla_len(tb[KSRTP_A_POLICY]) == 1 &&
	      nla_get_u8(tb[KSRTP_A_POLICY]) == KSRTP_POLICY_OPTIONAL);
	nlmsg_free(msg);

	/* Refused before sending. */
	msg = new_msg(KSRTP_CMD_CTX_NEW);
	sample_params(&p);
	p.is_template = true;
	CHECK(ksrtp__put_params(msg, &p, &why) == -EINVAL);
	CHECK_STR(why, "a template must be inbound");
	sample_params(&p);
	p.policy = KSRTP_POLICY_REQUIRED;
	CHECK(ksrtp__put_params(msg, &p, &why) == -EINVAL);
	CHECK_STR(why, "policy applies to inbound contexts only");
	sample_params(&p);
	p.tuple.direction = KSRTP_DIR_INBOUND;
	p.has_learn_limit = true;
	CHECK(ksrtp__put_params(msg, &p, &why) == -EINVAL);
	CHECK_STR(why, "learn_limit applies to templates only");
	sample_params(&p);
	p.mki_len = KSRTP_MKI_MAX_LEN + 1;
	CHECK(ksrtp__put_params(msg, &p, &why) == -EINVAL);
	CHECK_STR(why, "mki_len above KSRTP_MKI_MAX_LEN");
	nlmsg_free(msg);
}

static void sample_key(struct ksrtp_key_params *kp)
{
	memset(kp, 0, sizeof(*kp));
	memset(kp->key, 0x33, 32);
	kp->key_len = 32;
	memset(kp->salt, 0x44, 12);
	kp->salt_len = 12;
}

static void test_encode_key(void)
{
	static const uint8_t mki4[4] = { 0xde, 0xad, 0xbe, 0xef };
	struct nlattr *tb[KSRTP_A_MAX + 1];
	struct ksrtp_key_params kp;
	struct nl_msg *msg;
	const char *why = NULL;
	uint8_t key[32], salt[12];

	memset(key, 0x33, sizeof(key));
	memset(salt, 0x44, sizeof(salt));

	/* With MKI, active at once. */
	sample_key(&kp);
	memcpy(kp.mki, mki4, 4);
	kp.mki_len = 4;
	kp.active = true;
	msg = new_msg(KSRTP_CMD_KEY_NEW);
	nla_put_u32(msg, KSRTP_A_ID, 9);
	CHECK(ksrtp__put_key(msg, &kp, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_ID] && nla_get_u32(tb[KSRTP_A_ID]) == 9);
	CHECK(tb[KSRTP_A_MASTER_KEY] && nla_len(tb[KSRTP_A_MASTER_KEY]) == 32 &&
	      !memcmp(nla_data(tb[KSRTP_A_MASTER_KEY]), key, 32));
	CHECK(tb[KSRTP_A_MASTER_SALT] && nla_len(tb[KSRTP_A_MASTER_SALT]) == 12 &&
	      !memcmp(nla_data(tb[KSRTP_A_MASTER_SALT]), salt, 12));
	CHECK(tb[KSRTP_A_MKI] && nla_len(tb[KSRTP_A_MKI]) == 4 &&
	      !memcmp(nla_data(tb[KSRTP_A_MKI]), mki4, 4));
	CHECK(tb[KSRTP_A_KEY_ACTIVE] && nla_len(tb[KSRTP_A_KEY_ACTIVE]) == 0);
	CHECK(!tb[KSRTP_A_FROM_INDEX] && !tb[KSRTP_A_FROM_SRTCP_INDEX]);
	/* A key request names no context by tuple and carries no suite. */
	CHECK(!tb[KSRTP_A_SSRC] && !tb[KSRTP_A_SUITE] && !tb[KSRTP_A_DIRECTION]);
	nlmsg_free(msg);

	/* With MKI, activated later. */
	kp.active = false;
	msg = new_msg(KSRTP_CMD_KEY_NEW);
	CHECK(ksrtp__put_key(msg, &kp, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_MKI] && !tb[KSRTP_A_KEY_ACTIVE]);
	nlmsg_free(msg);

	/* Without MKI, from given indices: a u64 and a u32. */
	sample_key(&kp);
	kp.has_from_index = true;
	kp.from_index = (3ull << 16) | 65000;
	kp.has_from_srtcp_index = true;
	kp.from_srtcp_index = 0x7fffffff;
	msg = new_msg(KSRTP_CMD_KEY_NEW);
	CHECK(ksrtp__put_key(msg, &kp, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_FROM_INDEX] && nla_len(tb[KSRTP_A_FROM_INDEX]) == 8 &&
	      nla_get_u64(tb[KSRTP_A_FROM_INDEX]) == ((3ull << 16) | 65000));
	CHECK(tb[KSRTP_A_FROM_SRTCP_INDEX] && nla_len(tb[KSRTP_A_FROM_SRTCP_INDEX]) == 4 &&
	      nla_get_u32(tb[KSRTP_A_FROM_SRTCP_INDEX]) == 0x7fffffff);
	CHECK(!tb[KSRTP_A_MKI] && !tb[KSRTP_A_KEY_ACTIVE]);
	nlmsg_free(msg);

	/* Without MKI, from the next packet: the kernel's defaults. */
	sample_key(&kp);
	kp.has_from_index = true;
	kp.from_index = 0;
	msg = new_msg(KSRTP_CMD_KEY_NEW);
	CHECK(ksrtp__put_key(msg, &kp, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_FROM_INDEX] && nla_get_u64(tb[KSRTP_A_FROM_INDEX]) == 0);
	CHECK(!tb[KSRTP_A_FROM_SRTCP_INDEX]);
	nlmsg_free(msg);
	sample_key(&kp);
	msg = new_msg(KSRTP_CMD_KEY_NEW);
	CHECK(ksrtp__put_key(msg, &kp, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_MASTER_KEY] && !tb[KSRTP_A_FROM_INDEX] &&
	      !tb[KSRTP_A_FROM_SRTCP_INDEX] && !tb[KSRTP_A_MKI] && !tb[KSRTP_A_KEY_ACTIVE]);
	nlmsg_free(msg);

	/* Refused before sending. */
	msg = new_msg(KSRTP_CMD_KEY_NEW);
	sample_key(&kp);
	kp.active = true;
	CHECK(ksrtp__put_key(msg, &kp, &why) == -EINVAL);
	CHECK(strstr(why, "only a key with an MKI can be made active"));
	sample_key(&kp);
	kp.mki_len = 1;
	kp.has_from_srtcp_index = true;
	CHECK(ksrtp__put_key(msg, &kp, &why) == -EINVAL);
	CHECK_STR(why, "a key with an MKI takes no from-index");
	sample_key(&kp);
	kp.mki_len = 5;
	CHECK(ksrtp__put_key(msg, &kp, &why) == -EINVAL);
	sample_key(&kp);
	kp.key_len = 0;
	CHECK(ksrtp__put_key(msg, &kp, &why) == -EINVAL);
	CHECK_STR(why, "key_len out of range");
	sample_key(&kp);
	kp.salt_len = 15;
	CHECK(ksrtp__put_key(msg, &kp, &why) == -EINVAL);
	CHECK_STR(why, "salt_len out of range");
	nlmsg_free(msg);

	/* KEY_DEL and KEY_SET name the key by context id and MKI. */
	msg = new_msg(KSRTP_CMD_KEY_DEL);
	CHECK(ksrtp__put_key_ref(msg, 5, mki4, 3, false, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_ID] && nla_get_u32(tb[KSRTP_A_ID]) == 5);
	CHECK(tb[KSRTP_A_MKI] && nla_len(tb[KSRTP_A_MKI]) == 3 &&
	      !memcmp(nla_data(tb[KSRTP_A_MKI]), mki4, 3));
	CHECK(!tb[KSRTP_A_KEY_ACTIVE] && !tb[KSRTP_A_MASTER_KEY]);
	nlmsg_free(msg);
	msg = new_msg(KSRTP_CMD_KEY_SET);
	CHECK(ksrtp__put_key_ref(msg, 5, mki4, 1, true, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_MKI] && nla_len(tb[KSRTP_A_MKI]) == 1);
	CHECK(tb[KSRTP_A_KEY_ACTIVE] && nla_len(tb[KSRTP_A_KEY_ACTIVE]) == 0);
	CHECK(ksrtp__put_key_ref(msg, 5, mki4, 0, true, &why) == -EINVAL);
	CHECK(ksrtp__put_key_ref(msg, 5, mki4, 5, false, &why) == -EINVAL);
	nlmsg_free(msg);
}

/* One key nest of KSRTP_A_KEYS. */
static void put_key_info(struct nl_msg *msg, int n, const void *mki, int mki_len,
			 bool active, long long from, long long from_srtcp,
			 uint64_t rtp, uint64_t rtcp)
{
	struct nlattr *k = nla_nest_start(msg, n | NLA_F_NESTED);

	if (mki_len)
		nla_put(msg, KSRTP_KEY_A_MKI, mki_len, mki);
	if (active)
		nla_put_flag(msg, KSRTP_KEY_A_ACTIVE);
	if (from >= 0)
		nla_put_u64(msg, KSRTP_KEY_A_FROM_INDEX, from);
	if (from_srtcp >= 0)
		nla_put_u32(msg, KSRTP_KEY_A_FROM_SRTCP_INDEX, from_srtcp);
	nla_put_u64(msg, KSRTP_KEY_A_RTP_PACKETS, rtp);
	nla_put_u64(msg, KSRTP_KEY_A_RTCP_PACKETS, rtcp);
	nla_put_u32(msg, KSRTP_KEY_A_MAX + 1, 0);	/* from a newer module */
	nla_nest_end(msg, k);
}

static void test_decode_new(void)
{
	struct ksrtp_ctx_info info;
	struct nlattr *nest;
	const char *why = NULL;
	struct nl_msg *msg;
	int i;

	/* Keys with MKI, new counters. */
	msg = sample_reply(false, false);
	nest = nla_nest_start(msg, KSRTP_A_KEYS | NLA_F_NESTED);
	put_key_info(msg, 1, "\x01", 1, false, -1, -1, 100, 5);
	put_key_info(msg, 2, "\x02", 1, true, -1, -1, 1ull << 40, 0);
	nla_nest_end(msg, nest);
	nest = nla_nest_start(msg, KSRTP_A_STATS | NLA_F_NESTED);
	nla_put_u64(msg, KSRTP_STATS_A_KEY_LIMIT, 11);
	nla_put_u64(msg, KSRTP_STATS_A_UNKNOWN_SSRC, 12);
	nla_nest_end(msg, nest);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == 0);
	CHECK(info.nkeys == 2);
	CHECK(info.keys[0].mki_len == 1 && info.keys[0].mki[0] == 1 && !info.keys[0].active &&
	      info.keys[0].rtp_packets == 100 && info.keys[0].rtcp_packets == 5 &&
	      !info.keys[0].has_from_index && !info.keys[0].has_from_srtcp_index);
	CHECK(info.keys[1].mki_len == 1 && info.keys[1].mki[0] == 2 && info.keys[1].active &&
	      info.keys[1].rtp_packets == 1ull << 40);
	CHECK(!info.is_template && info.template_id == 0 && info.tuple.ssrc == 0xabcd);
	CHECK(info.stats.key_limit == 11 && info.stats.unknown_ssrc == 12);
	nlmsg_free(msg);

	/* A template, with keys without MKI. */
	msg = new_msg(KSRTP_CMD_CTX_GET);
	nla_put_u32(msg, KSRTP_A_ID, 4);
	nla_put_u8(msg, KSRTP_A_DIRECTION, KSRTP_DIR_INBOUND);
	nla_put(msg, KSRTP_A_LOCAL_IPV4, 4, "\x0a\x63\x00\x01");
	nla_put_u16(msg, KSRTP_A_LOCAL_PORT, 5004);
	nla_put_u16(msg, KSRTP_A_SUITE, KSRTP_SUITE_AEAD_AES_128_GCM);
	nla_put_flag(msg, KSRTP_A_TEMPLATE);
	nla_put_u8(msg, KSRTP_A_POLICY, KSRTP_POLICY_OPTIONAL);
	nla_put_u32(msg, KSRTP_A_LEARN_LIMIT, 1024);
	nla_put_u32(msg, KSRTP_A_LEARNED, 3);
	nest = nla_nest_start(msg, KSRTP_A_STATS | NLA_F_NESTED);
	nla_put_u64(msg, KSRTP_STATS_A_AUTH_FAILURES, 2);
	nla_put_u64(msg, KSRTP_STATS_A_KEY_LIMIT, 11);
	nla_put_u64(msg, KSRTP_STATS_A_UNKNOWN_SSRC, 12);
	nla_nest_end(msg, nest);
	nest = nla_nest_start(msg, KSRTP_A_KEYS | NLA_F_NESTED);
	put_key_info(msg, 1, NULL, 0, false, 0, 0, 7, 1);
	put_key_info(msg, 2, NULL, 0, true, (5ll << 16) | 1, 3, 0, 0);
	nla_nest_end(msg, nest);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == 0);
	CHECK(info.is_template && info.policy == KSRTP_POLICY_OPTIONAL &&
	      info.learn_limit == 1024 && info.learned == 3 && info.tuple.ssrc == 0);
	CHECK(info.tuple.remote.sa.sa_family == AF_UNSPEC);
	CHECK(info.stats.auth_failures == 2 && info.stats.key_limit == 11 &&
	      info.stats.unknown_ssrc == 12);
	CHECK(info.nkeys == 2);
	CHECK(info.keys[0].mki_len == 0 && info.keys[0].has_from_index &&
	      info.keys[0].from_index == 0 && info.keys[0].has_from_srtcp_index &&
	      info.keys[0].from_srtcp_index == 0 && info.keys[0].rtp_packets == 7);
	CHECK(info.keys[1].active && info.keys[1].from_index == ((5ull << 16) | 1) &&
	      info.keys[1].from_srtcp_index == 3);
	nlmsg_free(msg);

	/* A learned context names its template. */
	msg = sample_reply(true, false);
	nla_put_u32(msg, KSRTP_A_TEMPLATE_ID, 4);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == 0);
	CHECK(info.template_id == 4 && !info.is_template && info.tuple.ssrc == 0xabcd);
	CHECK(info.nkeys == 0);
	nlmsg_free(msg);

	/* More keys than KSRTP_MAX_KEYS: the first ones are kept. */
	msg = sample_reply(false, false);
	nest = nla_nest_start(msg, KSRTP_A_KEYS | NLA_F_NESTED);
	for (i = 1; i <= KSRTP_MAX_KEYS + 2; i++) {
		uint8_t m = i;

		put_key_info(msg, i, &m, 1, i == 3, -1, -1, i, 0);
	}
	nla_nest_end(msg, nest);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == 0);
	CHECK(info.nkeys == KSRTP_MAX_KEYS);
	CHECK(info.keys[KSRTP_MAX_KEYS - 1].mki[0] == KSRTP_MAX_KEYS &&
	      info.keys[2].active && !info.keys[1].active);
	nlmsg_free(msg);

	/* Malformed: an MKI too long, a counter too short, no SSRC. */
	msg = sample_reply(false, false);
	nest = nla_nest_start(msg, KSRTP_A_KEYS | NLA_F_NESTED);
	put_key_info(msg, 1, "\x01\x02\x03\x04\x05", 5, false, -1, -1, 0, 0);
	nla_nest_end(msg, nest);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == -EPROTO);
	CHECK_STR(why, "malformed key list in the kernel's reply");
	nlmsg_free(msg);
	msg = sample_reply(false, false);
	nest = nla_nest_start(msg, KSRTP_A_KEYS | NLA_F_NESTED);
	{
		struct nlattr *k = nla_nest_start(msg, 1 | NLA_F_NESTED);

		nla_put_u32(msg, KSRTP_KEY_A_RTP_PACKETS, 1);
		nla_nest_end(msg, k);
	}
	nla_nest_end(msg, nest);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == -EPROTO);
	nlmsg_free(msg);
	msg = new_msg(KSRTP_CMD_CTX_GET);
	nla_put_u32(msg, KSRTP_A_ID, 4);
	nla_put_u8(msg, KSRTP_A_DIRECTION, KSRTP_DIR_INBOUND);
	nla_put(msg, KSRTP_A_LOCAL_IPV4, 4, "\x0a\x63\x00\x01");
	nla_put_u16(msg, KSRTP_A_LOCAL_PORT, 5004);
	nla_put_u16(msg, KSRTP_A_SUITE, 1);
	CHECK(ksrtp__parse_info(nlmsg_hdr(msg), &info, &why) == -EPROTO);
	CHECK_STR(why, "context without id, direction, ssrc or suite in the kernel's reply");
	nlmsg_free(msg);
}

/* ---- Events ------------------------------------------------------------ */

static struct nl_msg *event_msg(int family, uint8_t type, uint32_t id)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 0, 0, family, 0, 0, KSRTP_CMD_EVENT,
				 KSRTP_GENL_VERSION))
		abort();
	nla_put_u8(msg, KSRTP_A_EVENT, type);
	nla_put_u32(msg, KSRTP_A_ID, id);
	nla_put_u8(msg, KSRTP_A_DIRECTION, KSRTP_DIR_OUTBOUND);
	nla_put(msg, KSRTP_A_LOCAL_IPV4, 4, "\x0a\x63\x00\x01");
	nla_put_u16(msg, KSRTP_A_LOCAL_PORT, 5004);
	nla_put(msg, KSRTP_A_REMOTE_IPV4, 4, "\x0a\x63\x00\x02");
	nla_put_u16(msg, KSRTP_A_REMOTE_PORT, 6004);
	return msg;
}

static void test_parse_event(void)
{
	char buf[KSRTP_SOCKADDR_STRLEN];
	struct ksrtp_event_info ev;
	const char *why = NULL;
	struct nl_msg *msg;

	msg = event_msg(FAKE_FAMILY, KSRTP_EVENT_SOFT_LIMIT, 3);
	nla_put_u32(msg, KSRTP_A_SSRC, 0x10);
	nla_put(msg, KSRTP_A_MKI, 1, "\x01");
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == 0);
	CHECK(ev.type == KSRTP_EVENT_SOFT_LIMIT && ev.id == 3);
	CHECK(ev.tuple.direction == KSRTP_DIR_OUTBOUND && ev.has_ssrc && ev.tuple.ssrc == 0x10);
	CHECK_STR(ksrtp_format_sockaddr(&ev.tuple.local, buf, sizeof(buf)), "10.99.0.1:5004");
	CHECK_STR(ksrtp_format_sockaddr(&ev.tuple.remote, buf, sizeof(buf)), "10.99.0.2:6004");
	CHECK(ev.mki_len == 1 && ev.mki[0] == 1 && ev.template_id == 0 && ev.auth_failures == 0);
	nlmsg_free(msg);

	msg = event_msg(FAKE_FAMILY, KSRTP_EVENT_SSRC_LEARNED, 7);
	nla_put_u32(msg, KSRTP_A_SSRC, 0x1234);
	nla_put_u32(msg, KSRTP_A_TEMPLATE_ID, 5);
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == 0);
	CHECK(ev.type == KSRTP_EVENT_SSRC_LEARNED && ev.id == 7 && ev.template_id == 5 &&
	      ev.tuple.ssrc == 0x1234 && ev.mki_len == 0);
	nlmsg_free(msg);

	/* A template's event: no SSRC. */
	msg = event_msg(FAKE_FAMILY, KSRTP_EVENT_LEARN_LIMIT, 5);
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == 0);
	CHECK(ev.type == KSRTP_EVENT_LEARN_LIMIT && !ev.has_ssrc && ev.tuple.ssrc == 0);
	nlmsg_free(msg);

	msg = event_msg(FAKE_FAMILY, KSRTP_EVENT_AUTH_FAILURES, 3);
	nla_put_u32(msg, KSRTP_A_SSRC, 0x10);
	nla_put_u64(msg, KSRTP_A_AUTH_FAILURES, 12);
	nla_put_u32(msg, KSRTP_A_MAX + 1, 0);	/* from a newer module */
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == 0);
	CHECK(ev.type == KSRTP_EVENT_AUTH_FAILURES && ev.auth_failures == 12);
	nlmsg_free(msg);

	/* An event type from a newer module is passed on. */
	msg = event_msg(FAKE_FAMILY, 42, 3);
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == 0);
	CHECK((int)ev.type == 42 && ksrtp_event_name(ev.type) == NULL);
	nlmsg_free(msg);

	/* Not an event; malformed events. */
	msg = new_msg(KSRTP_CMD_CTX_GET);
	nla_put_u8(msg, KSRTP_A_EVENT, 1);
	nla_put_u32(msg, KSRTP_A_ID, 1);
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == -ENOMSG);
	nlmsg_free(msg);
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, FAKE_FAMILY, 0, 0, KSRTP_CMD_EVENT, 1);
	nla_put_u32(msg, KSRTP_A_ID, 1);
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == -EPROTO);
	CHECK_STR(why, "event without type or context id from the kernel");
	nlmsg_free(msg);
	msg = event_msg(FAKE_FAMILY, KSRTP_EVENT_HARD_LIMIT, 3);
	nla_put(msg, KSRTP_A_MKI, 0, NULL);
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == -EPROTO);
	nlmsg_free(msg);
	msg = event_msg(FAKE_FAMILY, KSRTP_EVENT_HARD_LIMIT, 3);
	nla_put_u32(msg, KSRTP_A_AUTH_FAILURES, 1);	/* should be a u64 */
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == -EPROTO);
	nlmsg_free(msg);
	msg = event_msg(FAKE_FAMILY, KSRTP_EVENT_HARD_LIMIT, 3);
	nlmsg_hdr(msg)->nlmsg_len = NLMSG_HDRLEN + 2;
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == -EPROTO);
	nlmsg_free(msg);

	CHECK_STR(ksrtp_event_name(KSRTP_EVENT_SOFT_LIMIT), "soft-limit");
	CHECK_STR(ksrtp_event_name(KSRTP_EVENT_HARD_LIMIT), "hard-limit");
	CHECK_STR(ksrtp_event_name(KSRTP_EVENT_SSRC_LEARNED), "ssrc-learned");
	CHECK_STR(ksrtp_event_name(KSRTP_EVENT_LEARN_LIMIT), "learn-limit");
	CHECK_STR(ksrtp_event_name(KSRTP_EVENT_AUTH_FAILURES), "auth-failures");
	CHECK_STR(ksrtp_event_name(KSRTP_EVENT_UNMATCHED), "unmatched");
	CHECK_STR(ksrtp_event_name(KSRTP_EVENT_FWD_DROPS), "fwd-drops");
	CHECK(ksrtp_event_name(0) == NULL && ksrtp_event_name(KSRTP_EVENT_FWD_DROPS + 1) == NULL);
}

/* ---- Protected ports (KSRTP_3) ----------------------------------------- */

/* KSRTP_A_NET_STATS with the three counters, a pad and a newer counter. */
static void put_net_stats(struct nl_msg *msg, uint64_t base)
{
	struct nlattr *nest = nla_nest_start(msg, KSRTP_A_NET_STATS | NLA_F_NESTED);

	nla_put(msg, KSRTP_NET_A_PAD, 0, NULL);
	nla_put_u64(msg, KSRTP_NET_A_UNKNOWN_SSRC, base + 1);
	nla_put_u64(msg, KSRTP_NET_A_NOT_SRTP, base + 2);
	nla_put_u64(msg, KSRTP_NET_A_MALFORMED, base + 3);
	nla_put_u64(msg, KSRTP_NET_A_MAX + 1, 99);	/* from a newer module */
	nla_nest_end(msg, nest);
}

/* An unmatched event as the header describes it: no id, no direction. */
static struct nl_msg *unmatched_msg(int family, bool v6, bool rtp)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 0, 0, family, 0, 0, KSRTP_CMD_EVENT,
				 KSRTP_GENL_VERSION))
		abort();
	nla_put_u8(msg, KSRTP_A_EVENT, KSRTP_EVENT_UNMATCHED);
	if (v6) {
		nla_put(msg, KSRTP_A_LOCAL_IPV6, 16,
			"\xfd\x99\0\0\0\0\0\0\0\0\0\0\0\0\0\x01");
		nla_put(msg, KSRTP_A_REMOTE_IPV6, 16,
			"\xfd\x99\0\0\0\0\0\0\0\0\0\0\0\0\0\x02");
	} else {
		nla_put(msg, KSRTP_A_LOCAL_IPV4, 4, "\x0a\x63\x00\x01");
		nla_put(msg, KSRTP_A_REMOTE_IPV4, 4, "\x0a\x63\x00\x02");
	}
	nla_put_u16(msg, KSRTP_A_LOCAL_PORT, 5004);
	nla_put_u16(msg, KSRTP_A_REMOTE_PORT, 40000);
	if (rtp)
		nla_put_u32(msg, KSRTP_A_SSRC, 0xcafe);
	put_net_stats(msg, 1ull << 33);
	return msg;
}

static void test_protected_ports(void)
{
	char buf[KSRTP_SOCKADDR_STRLEN];
	struct ksrtp_event_info ev;
	struct ksrtp_net_stats st;
	const char *why = NULL;
	struct nlattr *nest;
	struct nl_msg *msg;

	/* The NET_GET reply. */
	msg = new_msg(KSRTP_CMD_NET_GET);
	put_net_stats(msg, 0);
	memset(&st, 0x55, sizeof(st));
	CHECK(ksrtp__parse_net(nlmsg_hdr(msg), &st, &why) == 0);
	CHECK(st.unknown_ssrc == 1 && st.not_srtp == 2 && st.malformed == 3);
	nlmsg_free(msg);

	/* Counters the kernel did not send are 0. */
	msg = new_msg(KSRTP_CMD_NET_GET);
	nest = nla_nest_start(msg, KSRTP_A_NET_STATS | NLA_F_NESTED);
	nla_put_u64(msg, KSRTP_NET_A_MALFORMED, 1ull << 40);
	nla_nest_end(msg, nest);
	memset(&st, 0x55, sizeof(st));
	CHECK(ksrtp__parse_net(nlmsg_hdr(msg), &st, &why) == 0);
	CHECK(st.unknown_ssrc == 0 && st.not_srtp == 0 && st.malformed == 1ull << 40);
	nlmsg_free(msg);

	/* No nest; a counter too short. */
	msg = new_msg(KSRTP_CMD_NET_GET);
	CHECK(ksrtp__parse_net(nlmsg_hdr(msg), &st, &why) == -EPROTO);
	CHECK_STR(why, "no namespace counters in the kernel's reply");
	nest = nla_nest_start(msg, KSRTP_A_NET_STATS | NLA_F_NESTED);
	nla_put_u32(msg, KSRTP_NET_A_MALFORMED, 1);
	nla_nest_end(msg, nest);
	CHECK(ksrtp__parse_net(nlmsg_hdr(msg), &st, &why) == -EPROTO);
	CHECK_STR(why, "malformed namespace counters in the kernel's reply");
	nlmsg_free(msg);

	/* An unmatched RTP datagram: no id, an SSRC, the namespace's totals. */
	msg = unmatched_msg(FAKE_FAMILY, false, true);
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == 0);
	CHECK(ev.type == KSRTP_EVENT_UNMATCHED && ev.id == 0 && ev.tuple.direction == 0);
	CHECK_STR(ksrtp_format_sockaddr(&ev.tuple.local, buf, sizeof(buf)), "10.99.0.1:5004");
	CHECK_STR(ksrtp_format_sockaddr(&ev.tuple.remote, buf, sizeof(buf)), "10.99.0.2:40000");
	CHECK(ev.has_ssrc && ev.tuple.ssrc == 0xcafe);
	CHECK(ev.has_net_stats && ev.net_stats.unknown_ssrc == (1ull << 33) + 1 &&
	      ev.net_stats.not_srtp == (1ull << 33) + 2 &&
	      ev.net_stats.malformed == (1ull << 33) + 3);
	CHECK(ev.mki_len == 0 && ev.template_id == 0 && ev.auth_failures == 0);
	nlmsg_free(msg);

	/* Not RTP, over IPv6: no SSRC. */
	msg = unmatched_msg(FAKE_FAMILY, true, false);
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == 0);
	CHECK(ev.type == KSRTP_EVENT_UNMATCHED && ev.id == 0 && !ev.has_ssrc &&
	      ev.tuple.ssrc == 0 && ev.has_net_stats);
	CHECK_STR(ksrtp_format_sockaddr(&ev.tuple.local, buf, sizeof(buf)), "[fd99::1]:5004");
	CHECK_STR(ksrtp_format_sockaddr(&ev.tuple.remote, buf, sizeof(buf)), "[fd99::2]:40000");
	nlmsg_free(msg);

	/* The events about a context carry no counters... */
	msg = event_msg(FAKE_FAMILY, KSRTP_EVENT_SOFT_LIMIT, 3);
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == 0);
	CHECK(!ev.has_net_stats && ev.net_stats.unknown_ssrc == 0);
	nlmsg_free(msg);

	/* ...and still need their context's id. */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, FAKE_FAMILY, 0, 0, KSRTP_CMD_EVENT, 1);
	nla_put_u8(msg, KSRTP_A_EVENT, KSRTP_EVENT_AUTH_FAILURES);
	nla_put_u64(msg, KSRTP_A_AUTH_FAILURES, 1);
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == -EPROTO);
	CHECK_STR(why, "event without type or context id from the kernel");
	nlmsg_free(msg);

	/* A newer module's event without a context is passed on. */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, FAKE_FAMILY, 0, 0, KSRTP_CMD_EVENT, 1);
	nla_put_u8(msg, KSRTP_A_EVENT, 42);
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == 0);
	CHECK((int)ev.type == 42 && ev.id == 0 && !ev.has_net_stats);
	nlmsg_free(msg);

	/* Malformed counters in an event. */
	msg = unmatched_msg(FAKE_FAMILY, false, true);
	nest = nla_nest_start(msg, KSRTP_A_NET_STATS | NLA_F_NESTED);
	nla_put_u8(msg, KSRTP_NET_A_NOT_SRTP, 1);
	nla_nest_end(msg, nest);
	CHECK(ksrtp__parse_event(nlmsg_hdr(msg), &ev, &why) == -EPROTO);
	CHECK_STR(why, "malformed namespace counters in an event from the kernel");
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

	/* The kernel points at the MKI of a KEY_NEW request. */
	{
		struct ksrtp_key_params kp;
		int mki_off;

		sample_key(&kp);
		kp.mki_len = 2;
		msg = new_msg(KSRTP_CMD_KEY_NEW);
		req = nlmsg_hdr(msg);
		nla_put_u32(msg, KSRTP_A_ID, 3);
		ksrtp__put_key(msg, &kp, &why);
		genlmsg_parse(req, 0, tb, KSRTP_A_MAX, NULL);
		mki_off = (char *)tb[KSRTP_A_MKI] - (char *)req;
		ack = make_ack(req, -EEXIST, true, "MKI in use", mki_off, -1);
		CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EEXIST);
		CHECK_STR(buf, "attribute mki: MKI in use");
		free(ack);
		ack = make_ack(req, -EINVAL, true, NULL, -1, KSRTP_A_MKI);
		CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EINVAL);
		CHECK_STR(buf, "missing attribute mki");
		free(ack);
		nlmsg_free(msg);
	}

	CHECK_STR(ksrtp_attr_name(KSRTP_A_MASTER_SALT), "master-salt");
	CHECK_STR(ksrtp_attr_name(KSRTP_A_REPLAY_WINDOW), "replay-window");
	{
		static const char *const names[] = {
			[KSRTP_A_MKI] = "mki", [KSRTP_A_KEY_ACTIVE] = "key-active",
			[KSRTP_A_FROM_INDEX] = "from-index",
			[KSRTP_A_FROM_SRTCP_INDEX] = "from-srtcp-index",
			[KSRTP_A_KEYS] = "keys", [KSRTP_A_TEMPLATE] = "template",
			[KSRTP_A_POLICY] = "policy", [KSRTP_A_LEARN_LIMIT] = "learn-limit",
			[KSRTP_A_TEMPLATE_ID] = "template-id", [KSRTP_A_LEARNED] = "learned",
			[KSRTP_A_EVENT] = "event", [KSRTP_A_AUTH_FAILURES] = "auth-failures",
			[KSRTP_A_OWNED] = "owned", [KSRTP_A_NET_STATS] = "net-stats",
			[KSRTP_A_FWD_ID] = "fwd-id", [KSRTP_A_FWD_FLAGS] = "fwd-flags",
			[KSRTP_A_FWD_OUTPUT] = "fwd-output", [KSRTP_A_FWD_STATS] = "fwd-stats",
			[KSRTP_A_FWD_PAYLOAD_TYPES] = "fwd-payload-types",
			[KSRTP_A_CRYPTEX] = "cryptex",
		};
		int t;

		/* Every attribute has a name. */
		for (t = 1; t <= KSRTP_A_MAX; t++)
			CHECK(ksrtp_attr_name(t) != NULL);
		for (t = KSRTP_A_MKI; t <= KSRTP_A_CRYPTEX; t++)
			CHECK_STR(ksrtp_attr_name(t), names[t]);
	}
	CHECK(ksrtp_attr_name(0) == NULL && ksrtp_attr_name(KSRTP_A_MAX + 1) == NULL);
	CHECK(ksrtp__nlerr(-NLE_NOMEM) == -ENOMEM && ksrtp__nlerr(-NLE_PERM) == -EPERM);
}

/* ---- Forwarding (KSRTP_4) --------------------------------------------- */

static void sample_fwd(struct ksrtp_fwd_params *p)
{
	memset(p, 0, sizeof(*p));
	ksrtp_parse_sockaddr("10.99.0.1:5004", &p->local);
	ksrtp_parse_sockaddr("10.99.0.2:5006", &p->remote);
	p->has_ssrc = true;
	p->ssrc = 0x5f0;
	p->flags = KSRTP_FWD_F_PLAIN | KSRTP_FWD_F_DELIVER;
	p->owned = true;
	p->npayload_types = 2;
	p->payload_types[0] = 111;
	p->payload_types[1] = 96;
}

/* The attributes of the one KSRTP_A_FWD_OUTPUT of a request, into ot. */
static void parse_output_nest(struct nl_msg *msg, struct nlattr **tb, struct nlattr **ot)
{
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	memset(ot, 0, (KSRTP_OUT_A_MAX + 1) * sizeof(*ot));
	CHECK(tb[KSRTP_A_FWD_OUTPUT] != NULL);
	if (!tb[KSRTP_A_FWD_OUTPUT])
		return;
	/* The kernel validates strictly: a nest must say it is one. */
	CHECK(tb[KSRTP_A_FWD_OUTPUT]->nla_type & NLA_F_NESTED);
	CHECK(nla_parse_nested(ot, KSRTP_OUT_A_MAX, tb[KSRTP_A_FWD_OUTPUT], NULL) == 0);
}

static void test_encode_fwd(void)
{
	struct nlattr *tb[KSRTP_A_MAX + 1], *ot[KSRTP_OUT_A_MAX + 1];
	struct ksrtp_fwd_output_params o;
	struct ksrtp_fwd_offsets off;
	struct ksrtp_fwd_params p;
	const char *why = NULL;
	uint8_t l4[4] = { 10, 99, 0, 1 }, r4[4] = { 10, 99, 0, 2 };
	struct nl_msg *msg;

	/* A rule with every option: no direction, the flags, owned. */
	sample_fwd(&p);
	msg = new_msg(KSRTP_CMD_FWD_NEW);
	CHECK(ksrtp__put_fwd(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_LOCAL_IPV4] && !memcmp(nla_data(tb[KSRTP_A_LOCAL_IPV4]), l4, 4));
	CHECK(tb[KSRTP_A_LOCAL_PORT] && nla_get_u16(tb[KSRTP_A_LOCAL_PORT]) == 5004);
	CHECK(tb[KSRTP_A_REMOTE_IPV4] && !memcmp(nla_data(tb[KSRTP_A_REMOTE_IPV4]), r4, 4));
	CHECK(tb[KSRTP_A_REMOTE_PORT] && nla_get_u16(tb[KSRTP_A_REMOTE_PORT]) == 5006);
	CHECK(tb[KSRTP_A_SSRC] && nla_len(tb[KSRTP_A_SSRC]) == 4 &&
	      nla_get_u32(tb[KSRTP_A_SSRC]) == 0x5f0);
	CHECK(tb[KSRTP_A_FWD_FLAGS] && nla_len(tb[KSRTP_A_FWD_FLAGS]) == 4 &&
	      nla_get_u32(tb[KSRTP_A_FWD_FLAGS]) == (KSRTP_FWD_F_PLAIN | KSRTP_FWD_F_DELIVER));
	CHECK(tb[KSRTP_A_OWNED] && nla_len(tb[KSRTP_A_OWNED]) == 0);
	CHECK(tb[KSRTP_A_FWD_PAYLOAD_TYPES] && nla_len(tb[KSRTP_A_FWD_PAYLOAD_TYPES]) == 2 &&
	      !memcmp(nla_data(tb[KSRTP_A_FWD_PAYLOAD_TYPES]), "\x6f\x60", 2));
	CHECK(!tb[KSRTP_A_DIRECTION] && !tb[KSRTP_A_ID] && !tb[KSRTP_A_FWD_ID]);
	nlmsg_free(msg);

	/* More payload types than the attribute can hold: refused here. */
	sample_fwd(&p);
	p.npayload_types = KSRTP_FWD_PAYLOAD_TYPES_MAX + 1;
	msg = new_msg(KSRTP_CMD_FWD_NEW);
	CHECK(ksrtp__put_fwd(msg, &p, &why) == -EINVAL && why);
	nlmsg_free(msg);

	/* Every SSRC from any source of an IPv6 port, SRTP in: nothing else. */
	memset(&p, 0, sizeof(p));
	ksrtp_parse_sockaddr("[fd00::1]:5004", &p.local);
	msg = new_msg(KSRTP_CMD_FWD_NEW);
	CHECK(ksrtp__put_fwd(msg, &p, &why) == 0);
	CHECK(genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_MAX, NULL) == 0);
	CHECK(tb[KSRTP_A_LOCAL_IPV6] && nla_len(tb[KSRTP_A_LOCAL_IPV6]) == 16 &&
	      tb[KSRTP_A_LOCAL_PORT] && nla_get_u16(tb[KSRTP_A_LOCAL_PORT]) == 5004);
	CHECK(!tb[KSRTP_A_LOCAL_IPV4] && !tb[KSRTP_A_REMOTE_IPV6] && !tb[KSRTP_A_REMOTE_PORT]);
	CHECK(!tb[KSRTP_A_SSRC] && !tb[KSRTP_A_FWD_FLAGS] && !tb[KSRTP_A_OWNED] &&
	      !tb[KSRTP_A_FWD_PAYLOAD_TYPES]);
	nlmsg_free(msg);

	/* Refused before sending. */
	msg = new_msg(KSRTP_CMD_FWD_NEW);
	memset(&p, 0, sizeof(p));
	CHECK(ksrtp__put_fwd(msg, &p, &why) == -EINVAL);
	CHECK_STR(why, "local address must be AF_INET or AF_INET6");
	sample_fwd(&p);
	ksrtp_parse_sockaddr("[fd00::2]:5006", &p.remote);
	CHECK(ksrtp__put_fwd(msg, &p, &why) == -EINVAL);
	CHECK_STR(why, "local and remote addresses must be of one family");
	nlmsg_free(msg);

	/* A protected output: the rule, the context, a sequence offset. */
	memset(&o, 0, sizeof(o));
	o.ctx_id = 7;
	o.offsets.has_seq_offset = true;
	o.offsets.seq_offset = 65535;
	msg = new_msg(KSRTP_CMD_FWD_OUT_ADD);
	CHECK(ksrtp__put_fwd_output(msg, 3, &o, &why) == 0);
	parse_output_nest(msg, tb, ot);
	CHECK(tb[KSRTP_A_FWD_ID] && nla_len(tb[KSRTP_A_FWD_ID]) == 4 &&
	      nla_get_u32(tb[KSRTP_A_FWD_ID]) == 3);
	CHECK(!tb[KSRTP_A_LOCAL_IPV4] && !tb[KSRTP_A_SSRC] && !tb[KSRTP_A_ID]);
	CHECK(ot[KSRTP_OUT_A_CTX_ID] && nla_len(ot[KSRTP_OUT_A_CTX_ID]) == 4 &&
	      nla_get_u32(ot[KSRTP_OUT_A_CTX_ID]) == 7);
	CHECK(ot[KSRTP_OUT_A_SEQ_OFFSET] && nla_len(ot[KSRTP_OUT_A_SEQ_OFFSET]) == 2 &&
	      nla_get_u16(ot[KSRTP_OUT_A_SEQ_OFFSET]) == 65535);
	CHECK(!ot[KSRTP_OUT_A_TS_OFFSET] && !ot[KSRTP_OUT_A_ID] && !ot[KSRTP_OUT_A_SSRC]);
	CHECK(!ot[KSRTP_OUT_A_LOCAL_IPV4] && !ot[KSRTP_OUT_A_LOCAL_PORT] &&
	      !ot[KSRTP_OUT_A_REMOTE_IPV4] && !ot[KSRTP_OUT_A_REMOTE_PORT]);
	nlmsg_free(msg);

	/* A plain IPv6 output with its own SSRC and a timestamp offset. */
	memset(&o, 0, sizeof(o));
	ksrtp_parse_sockaddr("[fd00::1]:6000", &o.local);
	ksrtp_parse_sockaddr("[fd00::2]:7000", &o.remote);
	o.has_ssrc = true;
	o.ssrc = 0xdeadbeef;
	o.offsets.has_ts_offset = true;
	o.offsets.ts_offset = 0x80000000u;
	msg = new_msg(KSRTP_CMD_FWD_OUT_ADD);
	CHECK(ksrtp__put_fwd_output(msg, 4000000000u, &o, &why) == 0);
	parse_output_nest(msg, tb, ot);
	CHECK(tb[KSRTP_A_FWD_ID] && nla_get_u32(tb[KSRTP_A_FWD_ID]) == 4000000000u);
	CHECK(ot[KSRTP_OUT_A_LOCAL_IPV6] && nla_len(ot[KSRTP_OUT_A_LOCAL_IPV6]) == 16 &&
	      ((uint8_t *)nla_data(ot[KSRTP_OUT_A_LOCAL_IPV6]))[15] == 1);
	CHECK(ot[KSRTP_OUT_A_REMOTE_IPV6] &&
	      ((uint8_t *)nla_data(ot[KSRTP_OUT_A_REMOTE_IPV6]))[15] == 2);
	CHECK(ot[KSRTP_OUT_A_LOCAL_PORT] && nla_get_u16(ot[KSRTP_OUT_A_LOCAL_PORT]) == 6000);
	CHECK(ot[KSRTP_OUT_A_REMOTE_PORT] && nla_get_u16(ot[KSRTP_OUT_A_REMOTE_PORT]) == 7000);
	CHECK(ot[KSRTP_OUT_A_SSRC] && nla_get_u32(ot[KSRTP_OUT_A_SSRC]) == 0xdeadbeef);
	CHECK(ot[KSRTP_OUT_A_TS_OFFSET] && nla_len(ot[KSRTP_OUT_A_TS_OFFSET]) == 4 &&
	      nla_get_u32(ot[KSRTP_OUT_A_TS_OFFSET]) == 0x80000000u);
	CHECK(!ot[KSRTP_OUT_A_CTX_ID] && !ot[KSRTP_OUT_A_SEQ_OFFSET] &&
	      !ot[KSRTP_OUT_A_LOCAL_IPV4] && !ot[KSRTP_OUT_A_REMOTE_IPV4]);
	nlmsg_free(msg);

	/* Outputs refused before sending. */
	msg = new_msg(KSRTP_CMD_FWD_OUT_ADD);
	o.ctx_id = 7;
	CHECK(ksrtp__put_fwd_output(msg, 3, &o, &why) == -EINVAL);
	CHECK(strstr(why, "give ctx_id or addresses, not both"));
	memset(&o, 0, sizeof(o));
	o.ctx_id = 7;
	o.has_ssrc = true;
	CHECK(ksrtp__put_fwd_output(msg, 3, &o, &why) == -EINVAL);
	memset(&o, 0, sizeof(o));
	CHECK(ksrtp__put_fwd_output(msg, 3, &o, &why) == -EINVAL);
	CHECK_STR(why, "local address must be AF_INET or AF_INET6");
	ksrtp_parse_sockaddr("10.0.0.1:6000", &o.local);
	CHECK(ksrtp__put_fwd_output(msg, 3, &o, &why) == -EINVAL);
	CHECK_STR(why, "remote address required");
	ksrtp_parse_sockaddr("[fd00::2]:7000", &o.remote);
	CHECK(ksrtp__put_fwd_output(msg, 3, &o, &why) == -EINVAL);
	CHECK_STR(why, "local and remote addresses must be of one family");
	nlmsg_free(msg);

	/* OUT_DEL names the output; OUT_SET gives it one or two offsets. */
	msg = new_msg(KSRTP_CMD_FWD_OUT_DEL);
	CHECK(ksrtp__put_fwd_output_ref(msg, 3, 2, NULL, &why) == 0);
	parse_output_nest(msg, tb, ot);
	CHECK(tb[KSRTP_A_FWD_ID] && nla_get_u32(tb[KSRTP_A_FWD_ID]) == 3);
	CHECK(ot[KSRTP_OUT_A_ID] && nla_len(ot[KSRTP_OUT_A_ID]) == 4 &&
	      nla_get_u32(ot[KSRTP_OUT_A_ID]) == 2);
	CHECK(!ot[KSRTP_OUT_A_SEQ_OFFSET] && !ot[KSRTP_OUT_A_TS_OFFSET] &&
	      !ot[KSRTP_OUT_A_CTX_ID]);
	nlmsg_free(msg);
	memset(&off, 0, sizeof(off));
	off.has_seq_offset = true;
	off.seq_offset = 0;
	off.has_ts_offset = true;
	off.ts_offset = 4294967295u;
	msg = new_msg(KSRTP_CMD_FWD_OUT_SET);
	CHECK(ksrtp__put_fwd_output_ref(msg, 3, 2, &off, &why) == 0);
	parse_output_nest(msg, tb, ot);
	CHECK(ot[KSRTP_OUT_A_ID] && nla_get_u32(ot[KSRTP_OUT_A_ID]) == 2);
	CHECK(ot[KSRTP_OUT_A_SEQ_OFFSET] && nla_get_u16(ot[KSRTP_OUT_A_SEQ_OFFSET]) == 0);
	CHECK(ot[KSRTP_OUT_A_TS_OFFSET] &&
	      nla_get_u32(ot[KSRTP_OUT_A_TS_OFFSET]) == 4294967295u);
	nlmsg_free(msg);
	msg = new_msg(KSRTP_CMD_FWD_OUT_SET);
	memset(&off, 0, sizeof(off));
	CHECK(ksrtp__put_fwd_output_ref(msg, 3, 2, &off, &why) == -EINVAL);
	CHECK(strstr(why, "nothing to set"));
	nlmsg_free(msg);
}

/* A KSRTP_A_FWD_STATS or KSRTP_OUT_A_STATS nest: counters base + 1... */
static void put_fwd_stats(struct nl_msg *msg, int type, uint64_t base, bool output)
{
	struct nlattr *nest = nla_nest_start(msg, type | NLA_F_NESTED);

	nla_put(msg, KSRTP_FWD_STATS_A_PAD, 0, NULL);
	nla_put_u64(msg, KSRTP_FWD_STATS_A_PACKETS, base + 1);
	nla_put_u64(msg, KSRTP_FWD_STATS_A_BYTES, base + 2);
	if (!output) {
		nla_put_u64(msg, KSRTP_FWD_STATS_A_LOOPS, base + 3);
		nla_put_u64(msg, KSRTP_FWD_STATS_A_OTHER_PT, base + 9);
	} else {
		nla_put_u64(msg, KSRTP_FWD_STATS_A_NO_CONTEXT, base + 4);
		nla_put_u64(msg, KSRTP_FWD_STATS_A_NO_ROUTE, base + 5);
		nla_put_u64(msg, KSRTP_FWD_STATS_A_TOO_BIG, base + 6);
		nla_put_u64(msg, KSRTP_FWD_STATS_A_KEY, base + 7);
		nla_put_u64(msg, KSRTP_FWD_STATS_A_ERRORS, base + 8);
	}
	nla_put_u64(msg, KSRTP_FWD_STATS_A_MAX + 1, 99);	/* from a newer module */
	nla_nest_end(msg, nest);
}

/*
 * A rule as the header describes the reply to FWD_GET: rule 3, every SSRC
 * of 10.99.0.1:5004, plain and deliver, owned, with two outputs: 1 through
 * context 7, 2 plain over IPv6 with offsets and without SSRC.
 */
static void put_rule(struct nl_msg *msg)
{
	struct nlattr *nest;

	nla_put_u32(msg, KSRTP_A_FWD_ID, 3);
	nla_put(msg, KSRTP_A_LOCAL_IPV4, 4, "\x0a\x63\x00\x01");
	nla_put_u16(msg, KSRTP_A_LOCAL_PORT, 5004);
	nla_put_u32(msg, KSRTP_A_FWD_FLAGS, KSRTP_FWD_F_PLAIN | KSRTP_FWD_F_DELIVER);
	nla_put_flag(msg, KSRTP_A_OWNED);
	nla_put(msg, KSRTP_A_FWD_PAYLOAD_TYPES, 3, "\x00\x60\x7f");
	put_fwd_stats(msg, KSRTP_A_FWD_STATS, 0, false);

	nest = nla_nest_start(msg, KSRTP_A_FWD_OUTPUT | NLA_F_NESTED);
	nla_put_u32(msg, KSRTP_OUT_A_ID, 1);
	nla_put_u32(msg, KSRTP_OUT_A_CTX_ID, 7);
	nla_put(msg, KSRTP_OUT_A_LOCAL_IPV4, 4, "\x0a\x63\x00\x01");
	nla_put_u16(msg, KSRTP_OUT_A_LOCAL_PORT, 6000);
	nla_put(msg, KSRTP_OUT_A_REMOTE_IPV4, 4, "\x0a\x63\x00\x02");
	nla_put_u16(msg, KSRTP_OUT_A_REMOTE_PORT, 7000);
	nla_put_u32(msg, KSRTP_OUT_A_SSRC, 0x5f0);
	nla_put_u16(msg, KSRTP_OUT_A_SEQ_OFFSET, 0);
	nla_put_u32(msg, KSRTP_OUT_A_TS_OFFSET, 0);
	put_fwd_stats(msg, KSRTP_OUT_A_STATS, 100, true);
	nla_put_u32(msg, KSRTP_OUT_A_MAX + 1, 0);	/* from a newer module */
	nla_nest_end(msg, nest);

	nla_put_u32(msg, KSRTP_A_MAX + 1, 0);		/* so is this */

	nest = nla_nest_start(msg, KSRTP_A_FWD_OUTPUT | NLA_F_NESTED);
	nla_put_u32(msg, KSRTP_OUT_A_ID, 2);
	nla_put(msg, KSRTP_OUT_A_LOCAL_IPV6, 16, "\xfd\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01");
	nla_put_u16(msg, KSRTP_OUT_A_LOCAL_PORT, 6002);
	nla_put(msg, KSRTP_OUT_A_REMOTE_IPV6, 16, "\xfd\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x03");
	nla_put_u16(msg, KSRTP_OUT_A_REMOTE_PORT, 7002);
	nla_put_u16(msg, KSRTP_OUT_A_SEQ_OFFSET, 1000);
	nla_put_u32(msg, KSRTP_OUT_A_TS_OFFSET, 4294967295u);
	put_fwd_stats(msg, KSRTP_OUT_A_STATS, 1ull << 40, true);
	nla_nest_end(msg, nest);
}

/* What put_rule() says, as decoded. */
static void check_rule(const struct ksrtp_fwd_info *f)
{
	const struct ksrtp_fwd_output_info *o;
	char buf[KSRTP_SOCKADDR_STRLEN];

	CHECK(f->id == 3 && !f->has_ssrc && f->ssrc == 0 && f->owned);
	CHECK(f->flags == (KSRTP_FWD_F_PLAIN | KSRTP_FWD_F_DELIVER));
	CHECK_STR(ksrtp_format_sockaddr(&f->local, buf, sizeof(buf)), "10.99.0.1:5004");
	CHECK(f->remote.sa.sa_family == AF_UNSPEC);
	CHECK(f->stats.packets == 1 && f->stats.bytes == 2 && f->stats.loops == 3 &&
	      f->stats.no_context == 0 && f->stats.errors == 0 && f->stats.other_pt == 9);
	CHECK(f->npayload_types == 3 && f->payload_types[0] == 0 &&
	      f->payload_types[1] == 96 && f->payload_types[2] == 127);
	CHECK(f->noutputs == 2 && f->outputs != NULL);
	if (f->noutputs != 2 || !f->outputs)
		return;
	o = &f->outputs[0];
	CHECK(o->id == 1 && o->ctx_id == 7 && o->has_ssrc && o->ssrc == 0x5f0);
	CHECK(o->seq_offset == 0 && o->ts_offset == 0);
	CHECK_STR(ksrtp_format_sockaddr(&o->local, buf, sizeof(buf)), "10.99.0.1:6000");
	CHECK_STR(ksrtp_format_sockaddr(&o->remote, buf, sizeof(buf)), "10.99.0.2:7000");
	CHECK(o->stats.packets == 101 && o->stats.bytes == 102 && o->stats.loops == 0 &&
	      o->stats.no_context == 104 && o->stats.no_route == 105 &&
	      o->stats.too_big == 106 && o->stats.key == 107 && o->stats.errors == 108);
	o = &f->outputs[1];
	CHECK(o->id == 2 && o->ctx_id == 0 && !o->has_ssrc);
	CHECK(o->seq_offset == 1000 && o->ts_offset == 4294967295u);
	CHECK_STR(ksrtp_format_sockaddr(&o->local, buf, sizeof(buf)), "[fd00::1]:6002");
	CHECK_STR(ksrtp_format_sockaddr(&o->remote, buf, sizeof(buf)), "[fd00::3]:7002");
	CHECK(o->stats.packets == (1ull << 40) + 1 && o->stats.errors == (1ull << 40) + 8);
}

static void test_decode_fwd(void)
{
	struct ksrtp_fwd_info f;
	const char *why = NULL;
	struct nlattr *nest;
	struct nl_msg *msg;
	uint32_t id;

	msg = new_msg(KSRTP_CMD_FWD_GET);
	put_rule(msg);
	CHECK(ksrtp__parse_fwd(nlmsg_hdr(msg), &f, &why) == 0);
	check_rule(&f);
	ksrtp_fwd_info_free(&f);
	CHECK(f.outputs == NULL && f.noutputs == 0);
	ksrtp_fwd_info_free(&f);		/* twice is harmless */
	ksrtp_fwd_info_free(NULL);
	nlmsg_free(msg);

	/* A rule of one SSRC and one remote, without outputs or counters. */
	msg = new_msg(KSRTP_CMD_FWD_GET);
	nla_put_u32(msg, KSRTP_A_FWD_ID, 9);
	nla_put(msg, KSRTP_A_LOCAL_IPV6, 16, "\xfd\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01");
	nla_put_u16(msg, KSRTP_A_LOCAL_PORT, 5004);
	nla_put(msg, KSRTP_A_REMOTE_IPV6, 16, "\xfd\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x02");
	nla_put_u16(msg, KSRTP_A_REMOTE_PORT, 5006);
	nla_put_u32(msg, KSRTP_A_SSRC, 0xabcd);
	memset(&f, 0x55, sizeof(f));
	CHECK(ksrtp__parse_fwd(nlmsg_hdr(msg), &f, &why) == 0);
	CHECK(f.id == 9 && f.has_ssrc && f.ssrc == 0xabcd && f.flags == 0 && !f.owned);
	CHECK(f.remote.sa.sa_family == AF_INET6 && f.stats.packets == 0);
	CHECK(f.noutputs == 0 && f.outputs == NULL);
	nlmsg_free(msg);

	/* Malformed: no id; an output without id; a counter too short. */
	msg = new_msg(KSRTP_CMD_FWD_GET);
	nla_put(msg, KSRTP_A_LOCAL_IPV4, 4, "\x0a\x63\x00\x01");
	nla_put_u16(msg, KSRTP_A_LOCAL_PORT, 5004);
	CHECK(ksrtp__parse_fwd(nlmsg_hdr(msg), &f, &why) == -EPROTO);
	CHECK_STR(why, "forwarding rule without id or local address in the kernel's reply");
	nlmsg_free(msg);
	msg = new_msg(KSRTP_CMD_FWD_GET);
	put_rule(msg);
	nest = nla_nest_start(msg, KSRTP_A_FWD_OUTPUT | NLA_F_NESTED);
	nla_put_u32(msg, KSRTP_OUT_A_CTX_ID, 8);
	nla_nest_end(msg, nest);
	CHECK(ksrtp__parse_fwd(nlmsg_hdr(msg), &f, &why) == -EPROTO);
	CHECK_STR(why, "malformed forwarding output in the kernel's reply");
	CHECK(f.outputs == NULL && f.noutputs == 0);	/* nothing left to free */
	nlmsg_free(msg);
	msg = new_msg(KSRTP_CMD_FWD_GET);
	put_rule(msg);
	nest = nla_nest_start(msg, KSRTP_A_FWD_STATS | NLA_F_NESTED);
	nla_put_u32(msg, KSRTP_FWD_STATS_A_LOOPS, 1);
	nla_nest_end(msg, nest);
	CHECK(ksrtp__parse_fwd(nlmsg_hdr(msg), &f, &why) == -EPROTO);
	CHECK_STR(why, "malformed forwarding statistics in the kernel's reply");
	nlmsg_free(msg);

	/* The ids of FWD_NEW and FWD_OUT_ADD replies. */
	msg = new_msg(KSRTP_CMD_FWD_NEW);
	nla_put_u32(msg, KSRTP_A_FWD_ID, 11);
	id = 0;
	CHECK(ksrtp__parse_fwd_id(nlmsg_hdr(msg), &id) == 0 && id == 11);
	CHECK(ksrtp__parse_out_id(nlmsg_hdr(msg), &id) == -EPROTO && id == 11);
	CHECK(ksrtp__parse_id(nlmsg_hdr(msg), &id) == -EPROTO);
	nlmsg_free(msg);
	msg = new_msg(KSRTP_CMD_FWD_OUT_ADD);
	nla_put_u32(msg, KSRTP_A_FWD_ID, 11);
	nest = nla_nest_start(msg, KSRTP_A_FWD_OUTPUT | NLA_F_NESTED);
	nla_put_u32(msg, KSRTP_OUT_A_ID, 5);
	nla_nest_end(msg, nest);
	CHECK(ksrtp__parse_out_id(nlmsg_hdr(msg), &id) == 0 && id == 5);
	nlmsg_free(msg);
	msg = new_msg(KSRTP_CMD_FWD_OUT_ADD);
	nest = nla_nest_start(msg, KSRTP_A_FWD_OUTPUT | NLA_F_NESTED);
	nla_put_u16(msg, KSRTP_OUT_A_ID, 5);	/* too short for a u32 */
	nla_nest_end(msg, nest);
	CHECK(ksrtp__parse_out_id(nlmsg_hdr(msg), &id) == -EPROTO && id == 5);
	nlmsg_free(msg);
}

/* Append a u32 extended-ACK attribute to an ACK of make_ack(). */
static void add_ack_u32(struct nlmsghdr *ack, int type, uint32_t v)
{
	struct nlattr *a = (void *)((char *)ack + NLMSG_ALIGN(ack->nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + 4;
	memcpy((char *)a + NLA_HDRLEN, &v, 4);
	ack->nlmsg_len = NLMSG_ALIGN(ack->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

/* The kernel points into an output: the nested attribute is named. */
static void test_extack_fwd(void)
{
	struct nlattr *tb[KSRTP_A_MAX + 1], *ot[KSRTP_OUT_A_MAX + 1];
	struct ksrtp_fwd_output_params o = { .ctx_id = 7 };
	char buf[KSRTP_ERRMSG_LEN];
	struct nlmsghdr *req, *ack;
	const char *why;
	struct nl_msg *msg;
	int off;

	o.offsets.has_ts_offset = true;
	msg = new_msg(KSRTP_CMD_FWD_OUT_ADD);
	req = nlmsg_hdr(msg);
	CHECK(ksrtp__put_fwd_output(msg, 3, &o, &why) == 0);
	parse_output_nest(msg, tb, ot);

	off = (char *)ot[KSRTP_OUT_A_CTX_ID] - (char *)req;
	ack = make_ack(req, -ENOENT, true, "no such context", off, -1);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -ENOENT);
	CHECK_STR(buf, "attribute fwd-output/ctx-id: no such context");
	free(ack);
	/* Into the payload of the nested attribute. */
	off = (char *)ot[KSRTP_OUT_A_TS_OFFSET] - (char *)req + NLA_HDRLEN + 1;
	ack = make_ack(req, -EINVAL, true, NULL, off, -1);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EINVAL);
	CHECK_STR(buf, "attribute fwd-output/ts-offset");
	free(ack);
	/* At the nest itself, or at the rule's id. */
	off = (char *)tb[KSRTP_A_FWD_OUTPUT] - (char *)req;
	ack = make_ack(req, -EINVAL, false, "bad output", off, -1);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EINVAL);
	CHECK_STR(buf, "attribute fwd-output: bad output");
	free(ack);
	off = (char *)tb[KSRTP_A_FWD_ID] - (char *)req;
	ack = make_ack(req, -ENOENT, true, "no such rule", off, -1);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -ENOENT);
	CHECK_STR(buf, "attribute fwd-id: no such rule");
	free(ack);

	/* Missing in the nest (NLMSGERR_ATTR_MISS_NEST), or at the top. */
	off = (char *)tb[KSRTP_A_FWD_OUTPUT] - (char *)req;
	ack = make_ack(req, -EINVAL, true, "Missing attribute", -1, KSRTP_OUT_A_ID);
	add_ack_u32(ack, NLMSGERR_ATTR_MISS_NEST, off);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EINVAL);
	CHECK_STR(buf, "Missing attribute (missing attribute fwd-output/id)");
	free(ack);
	ack = make_ack(req, -EINVAL, true, NULL, -1, KSRTP_A_FWD_ID);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EINVAL);
	CHECK_STR(buf, "missing attribute fwd-id");
	free(ack);
	/* A nest offset outside the request: the message alone. */
	ack = make_ack(req, -EINVAL, true, "Missing attribute", -1, KSRTP_OUT_A_ID);
	add_ack_u32(ack, NLMSGERR_ATTR_MISS_NEST, 4000);
	CHECK(ksrtp__ack_error(ack, req, buf, sizeof(buf)) == -EINVAL);
	CHECK_STR(buf, "Missing attribute");
	free(ack);
	nlmsg_free(msg);
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

	/*
	 * KSRTP_CMD_NET_GET is a number the controller has no do handler
	 * for, as a module older than protected ports has no such command.
	 */
	{
		struct ksrtp_net_stats st;

		ret = ksrtp_net_get(h, &st);
		CHECK(ret == -EOPNOTSUPP);
	}

	n = 0;
	ret = ksrtp__run(h, ctrl_msg(NLM_F_DUMP), count_families, &n);
	CHECK(ret == 0 && n >= 1);
	CHECK_STR(ksrtp_errmsg(h), "");
	ksrtp_close(h);

	errno = 0;
	h = ksrtp__open("ksrtp-nosuch");
	CHECK(!h && errno == ENOENT);
}

/*
 * Batches against the controller: it knows neither CTX_NEW nor CTX_DEL
 * (its NEWFAMILY and DELFAMILY have no handler), so every request that is
 * sent comes back refused with -EOPNOTSUPP, each at its own index, in
 * chunks of many requests per sendmsg().
 */
static void test_batch(void)
{
	enum { MANY = 3000 };
	struct ksrtp_batch_result res[6], *many;
	struct ksrtp_batch_req reqs[6];
	struct ksrtp_ctx_params p, bad;
	struct ksrtp_tuple t;
	struct ksrtp_handle *h;
	uint32_t *ids;
	size_t i;
	int n = 0, ret;

	h = ksrtp__open("nlctrl");
	if (!h) {
		printf("generic netlink unusable here (%s): skipping batch checks\n",
		       strerror(errno));
		checks_skipped++;
		return;
	}
	sample_params(&p);
	sample_params(&bad);
	bad.key_len = 0;		/* refused before sending */
	t = p.tuple;
	memset(reqs, 0, sizeof(reqs));
	reqs[0] = (struct ksrtp_batch_req){ .op = KSRTP_BATCH_ADD, .params = &p };
	reqs[1] = (struct ksrtp_batch_req){ .op = KSRTP_BATCH_DEL, .id = 5 };
	reqs[2] = (struct ksrtp_batch_req){ .op = KSRTP_BATCH_DEL };
	reqs[3] = (struct ksrtp_batch_req){ .op = KSRTP_BATCH_ADD, .params = &bad };
	reqs[4] = (struct ksrtp_batch_req){ .op = KSRTP_BATCH_DEL, .tuple = &t };
	reqs[5] = (struct ksrtp_batch_req){ .op = 99 };
	memset(res, 0x55, sizeof(res));
	ret = ksrtp_batch(h, reqs, 6, res);
	CHECK(ret == 6);
	CHECK(res[0].error == -EOPNOTSUPP && res[0].id == 0);
	CHECK(res[1].error == -EOPNOTSUPP && res[4].error == -EOPNOTSUPP);
	CHECK(res[2].error == -EINVAL && strstr(res[2].errmsg, "without id or tuple"));
	CHECK(res[3].error == -EINVAL && strstr(res[3].errmsg, "key_len"));
	CHECK(res[5].error == -EINVAL && strstr(res[5].errmsg, "unknown batch operation"));
	CHECK(!strncmp(ksrtp_errmsg(h), "request 0: ", 11));
	CHECK(ksrtp_batch(h, reqs, 0, res) == -EINVAL);

	/* Many: several sendmsg() calls, every answer at its index. */
	many = calloc(MANY, sizeof(*many));
	ids = calloc(MANY, sizeof(*ids));
	if (!many || !ids)
		abort();
	for (i = 0; i < MANY; i++)
		ids[i] = i + 1;
	CHECK(h->batch_ready && h->batch_max_msgs >= 1 && h->batch_max_msgs < MANY);
	ret = ksrtp_ctx_del_id_batch(h, ids, MANY, many);
	CHECK(ret == MANY);
	for (n = 0, i = 0; i < MANY; i++)
		n += many[i].error == -EOPNOTSUPP;
	CHECK(n == MANY);
	ret = ksrtp_ctx_add_batch(h, &p, 1, many);
	CHECK(ret == 1 && many[0].error == -EOPNOTSUPP);
	free(many);
	free(ids);

	/* The handle still does single requests. */
	n = 0;
	ret = ksrtp__run(h, ctrl_msg(NLM_F_DUMP), count_families, &n);
	CHECK(ret == 0 && n >= 1);
	ksrtp_close(h);
}

/* Queue msgs in the handle's buffer, as if one read had returned them. */
/* KSRTP_EVENT_FWD_DROPS: output 2 (context 7) of rule 9, of SSRC 0x1111. */
static struct nl_msg *fwd_drops_msg(int family)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;

	if (!msg || !genlmsg_put(msg, 0, 0, family, 0, 0, KSRTP_CMD_EVENT,
				 KSRTP_GENL_VERSION))
		abort();
	nla_put_u8(msg, KSRTP_A_EVENT, KSRTP_EVENT_FWD_DROPS);
	nla_put_u32(msg, KSRTP_A_FWD_ID, 9);
	nla_put(msg, KSRTP_A_LOCAL_IPV4, 4, "\x0a\x63\x00\x01");
	nla_put_u16(msg, KSRTP_A_LOCAL_PORT, 5004);
	nla_put_u32(msg, KSRTP_A_SSRC, 0x1111);
	nest = nla_nest_start(msg, KSRTP_A_FWD_OUTPUT | NLA_F_NESTED);
	nla_put_u32(msg, KSRTP_OUT_A_ID, 2);
	nla_put_u32(msg, KSRTP_OUT_A_CTX_ID, 7);
	nla_put(msg, KSRTP_OUT_A_LOCAL_IPV4, 4, "\x0a\x63\x00\x01");
	nla_put_u16(msg, KSRTP_OUT_A_LOCAL_PORT, 6000);
	nla_put(msg, KSRTP_OUT_A_REMOTE_IPV4, 4, "\x0a\x63\x00\x03");
	nla_put_u16(msg, KSRTP_OUT_A_REMOTE_PORT, 7000);
	nla_put_u32(msg, KSRTP_OUT_A_SSRC, 0x5f0);
	put_fwd_stats(msg, KSRTP_OUT_A_STATS, 100, true);
	nla_nest_end(msg, nest);
	return msg;
}

static void queue(struct ksrtp_handle *h, struct nl_msg **msgs, int n)
{
	int i;

	h->rlen = h->rpos = 0;
	for (i = 0; i < n; i++) {
		struct nlmsghdr *nlh = nlmsg_hdr(msgs[i]);

		memcpy(h->rbuf + h->rlen, nlh, nlh->nlmsg_len);
		h->rlen += NLMSG_ALIGN(nlh->nlmsg_len);
		nlmsg_free(msgs[i]);
	}
}

static long long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000LL + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * An events handle on the controller's "notify" group: subscription,
 * waiting, and the decoding of a buffer of several messages.
 */
static void test_events(void)
{
	struct ksrtp_event_info ev;
	struct ksrtp_ctx_params p;
	struct ksrtp_handle *h, *req;
	struct nl_msg *msgs[5];
	struct timespec t0;
	struct nl_sock *sk;
	uint32_t id;
	int fd;

	h = ksrtp__open_events("nlctrl", "notify");
	if (!h) {
		printf("generic netlink unusable here (%s): skipping event checks\n",
		       strerror(errno));
		checks_skipped++;
		return;
	}
	fd = ksrtp_event_fd(h);
	CHECK(fd >= 0);

	/*
	 * Nothing happens: no event, at once or after the timeout. The
	 * bounds only tell "waited" from "returned at once" and from "hung":
	 * milliseconds are truncated, and a loaded machine may be late.
	 */
	CHECK(ksrtp_event_recv(h, &ev, 0) == -EAGAIN);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(ksrtp_event_recv(h, &ev, 100) == -EAGAIN);
	CHECK(elapsed_ms(&t0) >= 90 && elapsed_ms(&t0) < 60000);

	/* A message from a process, not the kernel, is not an event. */
	sk = nl_socket_alloc();
	if (sk && nl_connect(sk, NETLINK_GENERIC) == 0) {
		struct nl_msg *m = event_msg(h->family, KSRTP_EVENT_HARD_LIMIT, 1);

		nl_socket_set_peer_port(sk, nl_socket_get_local_port(h->sk));
		nl_complete_msg(sk, m);
		CHECK(nl_send(sk, m) >= 0);
		nlmsg_free(m);
		CHECK(ksrtp_event_recv(h, &ev, 200) == -EAGAIN);
	} else {
		CHECK(!"a second generic netlink socket");
	}
	nl_socket_free(sk);

	/* Several messages in one read: events in order, the rest skipped. */
	msgs[0] = event_msg(h->family, KSRTP_EVENT_SOFT_LIMIT, 1);
	msgs[1] = event_msg(h->family + 1, KSRTP_EVENT_SOFT_LIMIT, 2);	/* another family */
	msgs[2] = new_msg(KSRTP_CMD_CTX_GET);				/* another command */
	nlmsg_hdr(msgs[2])->nlmsg_type = h->family;
	msgs[3] = event_msg(h->family, KSRTP_EVENT_AUTH_FAILURES, 3);
	nla_put_u64(msgs[3], KSRTP_A_AUTH_FAILURES, 99);
	msgs[4] = nlmsg_alloc();					/* malformed */
	genlmsg_put(msgs[4], 0, 0, h->family, 0, 0, KSRTP_CMD_EVENT, 1);
	queue(h, msgs, 5);
	CHECK(ksrtp_event_recv(h, &ev, 0) == 0);
	CHECK(ev.type == KSRTP_EVENT_SOFT_LIMIT && ev.id == 1);
	CHECK(ksrtp_event_recv(h, &ev, 0) == 0);
	CHECK(ev.type == KSRTP_EVENT_AUTH_FAILURES && ev.id == 3 && ev.auth_failures == 99);
	CHECK(ksrtp_event_recv(h, &ev, 0) == -EPROTO);
	CHECK_STR(ksrtp_errmsg(h), "event without type or context id from the kernel");
	CHECK(ksrtp_event_recv(h, &ev, 0) == -EAGAIN);
	CHECK_STR(ksrtp_errmsg(h), "");

	/*
	 * An event about no context: passed on by the current version; the
	 * KSRTP_1 version, whose callers expect a context in every event,
	 * skips it and returns the next one.
	 */
	msgs[0] = unmatched_msg(h->family, false, true);
	msgs[1] = event_msg(h->family, KSRTP_EVENT_HARD_LIMIT, 4);
	queue(h, msgs, 2);
	CHECK(ksrtp_event_recv(h, &ev, 0) == 0);
	CHECK(ev.type == KSRTP_EVENT_UNMATCHED && ev.id == 0 && ev.has_net_stats &&
	      ev.net_stats.malformed == (1ull << 33) + 3);
	CHECK(ksrtp_event_recv(h, &ev, 0) == 0);
	CHECK(ev.type == KSRTP_EVENT_HARD_LIMIT && ev.id == 4 && !ev.has_net_stats);
	CHECK(ksrtp_event_recv(h, &ev, 0) == -EAGAIN);
	msgs[0] = unmatched_msg(h->family, false, true);
	msgs[1] = event_msg(h->family, KSRTP_EVENT_HARD_LIMIT, 4);
	msgs[2] = unmatched_msg(h->family, true, false);
	queue(h, msgs, 3);
	{
		struct ksrtp_event_info_v1 v1;

		memset(&v1, 0x55, sizeof(v1));
		CHECK(ksrtp_event_recv_v1(h, &v1, 0) == 0);
		CHECK(v1.type == KSRTP_EVENT_HARD_LIMIT && v1.id == 4 && v1.has_ssrc == false &&
		      v1.tuple.direction == KSRTP_DIR_OUTBOUND && v1.mki_len == 0);
		CHECK(ksrtp_event_recv_v1(h, &v1, 0) == -EAGAIN);
	}

	/*
	 * A forwarding output's drops (KSRTP_4): the rule and the output. The
	 * KSRTP_3 version passes the event on without them (a type newer than
	 * its callers know), the KSRTP_1 version skips it (no context).
	 */
	msgs[0] = fwd_drops_msg(h->family);
	queue(h, msgs, 1);
	CHECK(ksrtp_event_recv(h, &ev, 0) == 0);
	CHECK(ev.type == KSRTP_EVENT_FWD_DROPS && ev.id == 0 && ev.fwd_id == 9 &&
	      ev.has_ssrc && ev.tuple.ssrc == 0x1111 && !ev.has_net_stats);
	CHECK(ev.fwd_output.id == 2 && ev.fwd_output.ctx_id == 7 && ev.fwd_output.has_ssrc &&
	      ev.fwd_output.ssrc == 0x5f0 && ev.fwd_output.stats.packets == 101 &&
	      ev.fwd_output.stats.no_context == 104 && ev.fwd_output.stats.errors == 108);
	msgs[0] = fwd_drops_msg(h->family);
	msgs[1] = event_msg(h->family, KSRTP_EVENT_HARD_LIMIT, 4);
	queue(h, msgs, 2);
	{
		struct ksrtp_event_info_v3 v3;

		memset(&v3, 0x55, sizeof(v3));
		CHECK(ksrtp_event_recv_v3(h, &v3, 0) == 0);
		CHECK(v3.v1.type == KSRTP_EVENT_FWD_DROPS && v3.v1.id == 0 &&
		      v3.v1.has_ssrc && v3.v1.tuple.ssrc == 0x1111 && !v3.has_net_stats);
		CHECK(ksrtp_event_recv_v3(h, &v3, 0) == 0);
		CHECK(v3.v1.type == KSRTP_EVENT_HARD_LIMIT && v3.v1.id == 4);
	}
	msgs[0] = fwd_drops_msg(h->family);
	msgs[1] = event_msg(h->family, KSRTP_EVENT_HARD_LIMIT, 4);
	queue(h, msgs, 2);
	{
		struct ksrtp_event_info_v1 v1;

		CHECK(ksrtp_event_recv_v1(h, &v1, 0) == 0);
		CHECK(v1.type == KSRTP_EVENT_HARD_LIMIT && v1.id == 4);
	}

	/* A truncated message ends the buffer. */
	msgs[0] = event_msg(h->family, KSRTP_EVENT_SOFT_LIMIT, 1);
	queue(h, msgs, 1);
	h->rlen -= 8;
	CHECK(ksrtp_event_recv(h, &ev, 0) == -EPROTO);
	CHECK(ksrtp_event_recv(h, &ev, 0) == -EAGAIN);

	/* An events handle takes no requests; a request handle has no events. */
	sample_params(&p);
	CHECK(ksrtp_ctx_add(h, &p, &id) == -EINVAL);
	CHECK(strstr(ksrtp_errmsg(h), "events handle"));
	CHECK(ksrtp_ctx_del_id(h, 1) == -EINVAL);
	CHECK(ksrtp_key_activate(h, 1, (const uint8_t *)"\x01", 1) == -EINVAL);
	req = ksrtp__open("nlctrl");
	CHECK(req != NULL);
	if (req) {
		CHECK(ksrtp_event_fd(req) == -EINVAL);
		CHECK(ksrtp_event_recv(req, &ev, 0) == -EINVAL);
		/* Checked before anything is sent. */
		CHECK(ksrtp_key_del(req, 1, (const uint8_t *)"\x01", 0) == -EINVAL);
		CHECK(ksrtp_key_del(req, 1, (const uint8_t *)"\x01", 5) == -EINVAL);
		ksrtp_close(req);
	}
	CHECK(ksrtp_event_fd(NULL) == -EINVAL);
	CHECK(ksrtp_event_recv(NULL, &ev, 0) == -EINVAL);
	ksrtp_close(h);

	/* A family without that group. */
	errno = 0;
	h = ksrtp__open_events("nlctrl", "nosuch");
	CHECK(!h && errno == EOPNOTSUPP);
	errno = 0;
	h = ksrtp__open_events("ksrtp-nosuch", "events");
	CHECK(!h && errno == ENOENT);
}

/*
 * The forwarding functions end to end, against a peer in place of the
 * kernel: a child process on a netlink socket of its own answers the
 * handle's requests as <linux/ksrtp.h> says the module does (the handle's
 * peer port is the child's), so that requests, replies handed to the
 * callbacks and released, and refusals with extended ACKs all take the
 * library's real path.
 */
static void fake_send(int fd, uint32_t port, struct nlmsghdr *nlh)
{
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK, .nl_pid = port };

	if (sendto(fd, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0)
		_exit(90);
}

/* A data message answering req: the rule of put_rule(), or rule 5. */
static void fake_reply(int fd, uint32_t port, const struct nlmsghdr *req,
		       uint8_t cmd, uint32_t rule, int flags)
{
	struct nl_msg *msg = new_msg(cmd);
	struct nlattr *nest;

	nlmsg_hdr(msg)->nlmsg_seq = req->nlmsg_seq;
	nlmsg_hdr(msg)->nlmsg_flags |= flags;
	if (cmd == KSRTP_CMD_FWD_OUT_ADD) {
		nla_put_u32(msg, KSRTP_A_FWD_ID, rule);
		nest = nla_nest_start(msg, KSRTP_A_FWD_OUTPUT | NLA_F_NESTED);
		nla_put_u32(msg, KSRTP_OUT_A_ID, 4);
		nla_nest_end(msg, nest);
	} else if (cmd == KSRTP_CMD_FWD_NEW || rule != 3) {
		nla_put_u32(msg, KSRTP_A_FWD_ID, rule);
		nla_put(msg, KSRTP_A_LOCAL_IPV4, 4, "\x0a\x63\x00\x01");
		nla_put_u16(msg, KSRTP_A_LOCAL_PORT, 5010);
	} else {
		put_rule(msg);
	}
	fake_send(fd, port, nlmsg_hdr(msg));
	nlmsg_free(msg);
}

/* The final answer to req: an ACK with error (and extack), or DONE. */
static void fake_end(int fd, uint32_t port, const struct nlmsghdr *req, int error,
		     const char *text, int offs)
{
	struct nlmsghdr *ack = make_ack(req, error, true, text, offs, -1);

	ack->nlmsg_seq = req->nlmsg_seq;
	if (req->nlmsg_flags & NLM_F_DUMP) {
		int zero = 0;

		ack->nlmsg_type = NLMSG_DONE;
		ack->nlmsg_flags = NLM_F_MULTI;
		ack->nlmsg_len = NLMSG_HDRLEN + sizeof(int);
		memcpy(NLMSG_DATA(ack), &zero, sizeof(int));
	}
	fake_send(fd, port, ack);
	free(ack);
}

/* Answer n requests from port; exit 0, or with the number of a bad one. */
static void fake_kernel(int fd, uint32_t port, int n)
{
	struct nlattr *tb[KSRTP_A_MAX + 1], *ot[KSRTP_OUT_A_MAX + 1];
	static char buf[65536];
	struct nlmsghdr *req = (void *)buf;
	uint32_t rule;
	int i, off;

	for (i = 1; i <= n; i++) {
		if (recv(fd, buf, sizeof(buf), 0) < (ssize_t)(NLMSG_HDRLEN + GENL_HDRLEN) ||
		    genlmsg_parse(req, 0, tb, KSRTP_A_MAX, NULL) < 0)
			_exit(i);
		rule = tb[KSRTP_A_FWD_ID] ? nla_get_u32(tb[KSRTP_A_FWD_ID]) : 0;
		switch (((struct genlmsghdr *)NLMSG_DATA(req))->cmd) {
		case KSRTP_CMD_FWD_NEW:
			if (!tb[KSRTP_A_OWNED] || !tb[KSRTP_A_FWD_FLAGS] || rule)
				_exit(i);
			fake_reply(fd, port, req, KSRTP_CMD_FWD_NEW, 9, 0);
			fake_end(fd, port, req, 0, NULL, -1);
			break;
		case KSRTP_CMD_FWD_OUT_ADD:
			fake_reply(fd, port, req, KSRTP_CMD_FWD_OUT_ADD, rule, 0);
			fake_end(fd, port, req, 0, NULL, -1);
			break;
		case KSRTP_CMD_FWD_GET:
			if (req->nlmsg_flags & NLM_F_DUMP) {
				/* Rule 3's outputs over two messages, as a
				 * kernel sends a rule that does not fit one.
				 */
				fake_reply(fd, port, req, KSRTP_CMD_FWD_GET, 3, NLM_F_MULTI);
				fake_reply(fd, port, req, KSRTP_CMD_FWD_GET, 3, NLM_F_MULTI);
				fake_reply(fd, port, req, KSRTP_CMD_FWD_GET, 5, NLM_F_MULTI);
				fake_end(fd, port, req, 0, NULL, -1);
			} else if (rule == 3) {
				fake_reply(fd, port, req, KSRTP_CMD_FWD_GET, 3, 0);
				fake_end(fd, port, req, 0, NULL, -1);
			} else {
				off = (char *)tb[KSRTP_A_FWD_ID] - buf;
				fake_end(fd, port, req, -ENOENT, "no such rule", off);
			}
			break;
		case KSRTP_CMD_FWD_OUT_SET:
			if (!tb[KSRTP_A_FWD_OUTPUT] ||
			    nla_parse_nested(ot, KSRTP_OUT_A_MAX, tb[KSRTP_A_FWD_OUTPUT], NULL) ||
			    !ot[KSRTP_OUT_A_ID])
				_exit(i);
			off = (char *)ot[KSRTP_OUT_A_ID] - buf;
			fake_end(fd, port, req, -ENOENT, "no such output", off);
			break;
		case KSRTP_CMD_FWD_OUT_DEL:
		case KSRTP_CMD_FWD_DEL:
			fake_end(fd, port, req, 0, NULL, -1);
			break;
		default:
			_exit(i);
		}
	}
	_exit(0);
}

struct seen {
	int n;
	int stop_at;
};

/* Rule 3 came in two parts: one rule with both parts' outputs, in order. */
static int seen_rule(const struct ksrtp_fwd_info *f, void *arg)
{
	struct ksrtp_fwd_info first;
	struct seen *s = arg;

	if (++s->n == 1) {
		CHECK(f->noutputs == 4);
		first = *f;
		first.noutputs = 2;
		check_rule(&first);
		if (f->noutputs == 4)
			CHECK(f->outputs[2].id == 1 && f->outputs[3].id == 2 &&
			      f->outputs[3].seq_offset == 1000);
	} else
		CHECK(f->id == 5 && f->noutputs == 0 && f->outputs == NULL);
	return s->n == s->stop_at ? 7 : 0;
}

static void test_fwd_peer(void)
{
	struct ksrtp_fwd_output_params o = { .ctx_id = 7 };
	struct ksrtp_fwd_offsets off = { .has_seq_offset = true, .seq_offset = 1 };
	struct ksrtp_fwd_params p;
	struct ksrtp_fwd_info f;
	struct ksrtp_handle *h;
	struct seen seen = { 0 };
	uint32_t id = 0, out = 0;
	int status;
	pid_t pid;

	h = fake_peer_open(fake_kernel, 10, "forwarding round trips", &pid);
	if (!h)
		return;

	sample_fwd(&p);
	CHECK(ksrtp_fwd_add(h, &p, &id) == 0 && id == 9);
	CHECK(ksrtp_fwd_output_add(h, id, &o, &out) == 0 && out == 4);
	CHECK(ksrtp_fwd_dump(h, seen_rule, &seen) == 0 && seen.n == 2);
	/* A callback that stops the listing: the rest is drained. */
	seen.n = 0;
	seen.stop_at = 1;
	CHECK(ksrtp_fwd_dump(h, seen_rule, &seen) == 7 && seen.n == 1);
	memset(&f, 0x55, sizeof(f));
	CHECK(ksrtp_fwd_get(h, 3, &f) == 0);
	check_rule(&f);
	ksrtp_fwd_info_free(&f);
	memset(&f, 0x55, sizeof(f));
	CHECK(ksrtp_fwd_get(h, 4, &f) == -ENOENT && f.outputs == NULL && f.noutputs == 0);
	CHECK_STR(ksrtp_errmsg(h), "attribute fwd-id: no such rule");
	CHECK(ksrtp_fwd_output_set(h, id, out, &off) == -ENOENT);
	CHECK_STR(ksrtp_errmsg(h), "attribute fwd-output/id: no such output");
	/* Refused here: nothing reaches the peer. */
	off.has_seq_offset = false;
	CHECK(ksrtp_fwd_output_set(h, id, out, &off) == -EINVAL);
	CHECK(strstr(ksrtp_errmsg(h), "nothing to set"));
	o.has_ssrc = true;
	CHECK(ksrtp_fwd_output_add(h, id, &o, &out) == -EINVAL);
	CHECK(ksrtp_fwd_output_del(h, id, out) == 0);
	CHECK(ksrtp_fwd_del(h, id) == 0);
	CHECK_STR(ksrtp_errmsg(h), "");
	/* One more request for the peer, so that it saw them all. */
	CHECK(ksrtp_fwd_get(h, 3, &f) == 0 && f.noutputs == 2);
	ksrtp_fwd_info_free(&f);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	ksrtp_close(h);
}

int main(void)
{
	test_encode();
	test_decode();
	test_parse_id();
	test_encode_new();
	test_encode_key();
	test_decode_new();
	test_parse_event();
	test_protected_ports();
	test_extack();
	test_encode_fwd();
	test_decode_fwd();
	test_extack_fwd();
	test_kernel();
	test_fwd_peer();
	test_batch();
	test_events();
	return summary("test_netlink");
}
