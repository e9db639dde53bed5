// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Host tests of the parsing helpers, of srtpctl's argument and key
 * handling, of the show format, and of srtpctl run without the module.
 *
 * Usage: test_parse PATH-TO-SRTPCTL
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <signal.h>
#include <sys/wait.h>

#include "../srtpctl/srtpctl.h"
#include "check.h"

static const char rfc4568_inline[] = "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
static const uint8_t rfc4568_key[16] = {
	0x59, 0x53, 0x5f, 0x5f, 0x5f, 0x73, 0x65, 0x6d,
	0x63, 0x74, 0x6c, 0x20, 0x28, 0x29, 0x20, 0x7b,
};
static const uint8_t rfc4568_salt[14] = {
	0x09, 0x32, 0x32, 0x30, 0x3b, 0x7d, 0x0a, 0x7d,
	0x0a, 0x75, 0x6e, 0x6c, 0x65, 0x73,
};

static bool all_zero(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

static void test_hex(void)
{
	uint8_t buf[8];

	CHECK(ksrtp_parse_hex("00ff10Ab", buf, sizeof(buf)) == 4);
	CHECK(buf[0] == 0x00 && buf[1] == 0xff && buf[2] == 0x10 && buf[3] == 0xab);
	CHECK(ksrtp_parse_hex("0123456789abcdef", buf, sizeof(buf)) == 8);
	CHECK(buf[7] == 0xef);
	CHECK(ksrtp_parse_hex("", buf, sizeof(buf)) == -EINVAL);
	CHECK(ksrtp_parse_hex("abc", buf, sizeof(buf)) == -EINVAL);
	CHECK(ksrtp_parse_hex("zz", buf, sizeof(buf)) == -EINVAL);
	CHECK(ksrtp_parse_hex("0x00", buf, sizeof(buf)) == -EINVAL);
	CHECK(ksrtp_parse_hex("00 11", buf, sizeof(buf)) == -EINVAL);
	memset(buf, 0xaa, sizeof(buf));
	CHECK(ksrtp_parse_hex("000102030405060708", buf, sizeof(buf)) == -EMSGSIZE);
	CHECK(all_zero(buf, sizeof(buf)));
}

static void test_sdes(void)
{
	uint8_t key[32], salt[14], want[28];
	int i;

	CHECK(ksrtp_parse_sdes_inline(rfc4568_inline, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
				      key, salt) == 0);
	CHECK(!memcmp(key, rfc4568_key, 16) && !memcmp(salt, rfc4568_salt, 14));
	memset(key, 0, sizeof(key));
	CHECK(ksrtp_parse_sdes_inline(rfc4568_inline + 7, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32,
				      key, salt) == 0);
	CHECK(!memcmp(key, rfc4568_key, 16) && !memcmp(salt, rfc4568_salt, 14));
	CHECK(ksrtp_parse_sdes_inline("INLINE:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
				      KSRTP_SUITE_NULL_HMAC_SHA1_80, key, salt) == 0);

	/* Lifetimes are accepted and ignored, MKIs refused. */
	CHECK(ksrtp_parse_sdes_inline("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20",
				      KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt) == 0);
	CHECK(!memcmp(key, rfc4568_key, 16));
	CHECK(ksrtp_parse_sdes_inline("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1048576",
				      KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt) == 0);
	CHECK(ksrtp_parse_sdes_inline("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4",
				      KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt) == -EOPNOTSUPP);
	CHECK(all_zero(key, 16) && all_zero(salt, 14));
	CHECK(ksrtp_parse_sdes_inline("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:4",
				      KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt) == -EOPNOTSUPP);
	CHECK(ksrtp_parse_sdes_inline("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^x",
				      KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt) == -EINVAL);
	CHECK(ksrtp_parse_sdes_inline("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|",
				      KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt) == -EINVAL);
	CHECK(ksrtp_parse_sdes_inline("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:999",
				      KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt) == -EINVAL);
	CHECK(ksrtp_parse_sdes_inline("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:4|2^20",
				      KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt) == -EINVAL);

	/* Wrong length for the suite, bad base64. */
	CHECK(ksrtp_parse_sdes_inline(rfc4568_inline, KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80,
				      key, salt) == -EMSGSIZE);
	CHECK(ksrtp_parse_sdes_inline(rfc4568_inline, KSRTP_SUITE_AEAD_AES_128_GCM,
				      key, salt) == -EMSGSIZE);
	CHECK(ksrtp_parse_sdes_inline("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGV!",
				      KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, key, salt) == -EINVAL);
	CHECK(ksrtp_parse_sdes_inline("inline:", KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
				      key, salt) == -EINVAL);
	CHECK(ksrtp_parse_sdes_inline(rfc4568_inline, KSRTP_SUITE_UNSPEC, key, salt) == -EINVAL);

	/* AEAD: 16-byte key and 12-byte salt, with or without padding. */
	for (i = 0; i < 28; i++)
		want[i] = i + 1;
	CHECK(ksrtp_parse_sdes_inline("inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHA==",
				      KSRTP_SUITE_AEAD_AES_128_GCM, key, salt) == 0);
	CHECK(!memcmp(key, want, 16) && !memcmp(salt, want + 16, 12));
	CHECK(ksrtp_parse_sdes_inline("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHA",
				      KSRTP_SUITE_AEAD_AES_128_GCM, key, salt) == 0);
	CHECK(!memcmp(key, want, 16) && !memcmp(salt, want + 16, 12));
	/* Non-canonical trailing bits, misplaced padding. */
	CHECK(ksrtp_parse_sdes_inline("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB==",
				      KSRTP_SUITE_AEAD_AES_128_GCM, key, salt) == -EINVAL);
	CHECK(ksrtp_parse_sdes_inline("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHA=",
				      KSRTP_SUITE_AEAD_AES_128_GCM, key, salt) == -EINVAL);
	CHECK(ksrtp_parse_sdes_inline("AQID=BAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHA",
				      KSRTP_SUITE_AEAD_AES_128_GCM, key, salt) == -EINVAL);
}

static void test_sdes_mki(void)
{
	enum ksrtp_suite cm128 = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	uint8_t key[32], salt[14], mki[KSRTP_MKI_MAX_LEN];
	size_t mki_len;

#define MKI(tail) ksrtp_parse_sdes_inline_mki(				\
		"inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz" tail, cm128,	\
		key, salt, mki, &mki_len)

	mki_len = 9;
	CHECK(MKI("") == 0 && mki_len == 0);
	CHECK(!memcmp(key, rfc4568_key, 16) && !memcmp(salt, rfc4568_salt, 14));
	CHECK(MKI("|2^20") == 0 && mki_len == 0);
	/* RFC 4568's example: MKI 1 of 4 bytes, on the wire 00 00 00 01. */
	CHECK(MKI("|2^20|1:4") == 0 && mki_len == 4);
	CHECK(!memcmp(mki, "\0\0\0\x01", 4));
	CHECK(!memcmp(key, rfc4568_key, 16) && !memcmp(salt, rfc4568_salt, 14));
	CHECK(MKI("|258:2") == 0 && mki_len == 2 && mki[0] == 1 && mki[1] == 2);
	CHECK(MKI("|255:1") == 0 && mki_len == 1 && mki[0] == 255);
	CHECK(MKI("|0:1") == 0 && mki_len == 1 && mki[0] == 0);
	CHECK(MKI("|4294967295:4") == 0 && mki_len == 4 && !memcmp(mki, "\xff\xff\xff\xff", 4));
	CHECK(MKI("|00000000000000000000000007:3") == 0 && mki_len == 3 &&
	      !memcmp(mki, "\0\0\x07", 3));
	/* Too long for ksrtp; a value that does not fit its length. */
	CHECK(MKI("|1:5") == -EOPNOTSUPP && mki_len == 0);
	CHECK(all_zero(key, 16) && all_zero(salt, 14) && all_zero(mki, sizeof(mki)));
	CHECK(MKI("|1:128") == -EOPNOTSUPP);
	CHECK(MKI("|256:1") == -EINVAL && mki_len == 0);
	CHECK(MKI("|4294967296:4") == -EINVAL);
	CHECK(MKI("|99999999999999999999999:4") == -EOPNOTSUPP);
	/* Malformed as before. */
	CHECK(MKI("|1:0") == -EINVAL);
	CHECK(MKI("|1:") == -EINVAL);
	CHECK(MKI("|:4") == -EINVAL);
	CHECK(MKI("|x:4") == -EINVAL);
	CHECK(MKI("|1:4|2^20") == -EINVAL);
	CHECK(ksrtp_parse_sdes_inline_mki("inline:AAAA|1:4", cm128, key, salt, mki,
					  &mki_len) == -EMSGSIZE);
#undef MKI
	/* The KSRTP_0 function still refuses every MKI. */
	CHECK(ksrtp_parse_sdes_inline("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:1",
				      cm128, key, salt) == -EOPNOTSUPP);
}

static void test_mki(void)
{
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	char buf[KSRTP_MKI_STRLEN];

	CHECK(ksrtp_parse_mki("0x01", mki) == 1 && mki[0] == 1);
	CHECK(ksrtp_parse_mki("01", mki) == 1 && mki[0] == 1);
	CHECK(ksrtp_parse_mki("0X0001", mki) == 2 && mki[0] == 0 && mki[1] == 1);
	CHECK(ksrtp_parse_mki("deadBEEF", mki) == 4 && !memcmp(mki, "\xde\xad\xbe\xef", 4));
	CHECK(ksrtp_parse_mki("0x1", mki) == -EINVAL);
	CHECK(ksrtp_parse_mki("0x", mki) == -EINVAL);
	CHECK(ksrtp_parse_mki("", mki) == -EINVAL);
	CHECK(ksrtp_parse_mki("0x0102030405", mki) == -EINVAL);
	CHECK(ksrtp_parse_mki("0xzz", mki) == -EINVAL);
	CHECK(ksrtp_parse_mki("1", mki) == -EINVAL);
	CHECK(ksrtp_parse_mki("-1", mki) == -EINVAL);

	CHECK_STR(ksrtp_format_mki((const uint8_t *)"\x01", 1, buf, sizeof(buf)), "0x01");
	CHECK_STR(ksrtp_format_mki((const uint8_t *)"\0\x01", 2, buf, sizeof(buf)), "0x0001");
	CHECK_STR(ksrtp_format_mki((const uint8_t *)"\xde\xad\xbe\xef", 4, buf, sizeof(buf)),
		  "0xdeadbeef");
	CHECK(sizeof(buf) == strlen("0xdeadbeef") + 1);
	/* Truncated, never overflowed. */
	CHECK_STR(ksrtp_format_mki((const uint8_t *)"\xde\xad\xbe\xef", 4, buf, 7), "0xdead");
}

static void test_suites(void)
{
	static const struct {
		const char *name;
		enum ksrtp_suite suite;
		int key, salt;
	} t[] = {
		{ "AES_CM_128_HMAC_SHA1_80", KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, 16, 14 },
		{ "AES_CM_128_HMAC_SHA1_32", KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32, 16, 14 },
		{ "AES_192_CM_HMAC_SHA1_80", KSRTP_SUITE_AES_192_CM_HMAC_SHA1_80, 24, 14 },
		{ "AES_192_CM_HMAC_SHA1_32", KSRTP_SUITE_AES_192_CM_HMAC_SHA1_32, 24, 14 },
		{ "AES_256_CM_HMAC_SHA1_80", KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80, 32, 14 },
		{ "AES_256_CM_HMAC_SHA1_32", KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32, 32, 14 },
		{ "NULL_HMAC_SHA1_80", KSRTP_SUITE_NULL_HMAC_SHA1_80, 16, 14 },
		{ "NULL_HMAC_SHA1_32", KSRTP_SUITE_NULL_HMAC_SHA1_32, 16, 14 },
		{ "AEAD_AES_128_GCM", KSRTP_SUITE_AEAD_AES_128_GCM, 16, 12 },
		{ "AEAD_AES_256_GCM", KSRTP_SUITE_AEAD_AES_256_GCM, 32, 12 },
	};
	size_t i;

	CHECK(sizeof(t) / sizeof(t[0]) == KSRTP_SUITE_MAX);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK_STR(ksrtp_suite_name(t[i].suite), t[i].name);
		CHECK(ksrtp_suite_from_name(t[i].name) == (int)t[i].suite);
		CHECK(ksrtp_suite_key_len(t[i].suite) == t[i].key);
		CHECK(ksrtp_suite_salt_len(t[i].suite) == t[i].salt);
	}
	CHECK(ksrtp_suite_from_name("aes_cm_128_hmac_sha1_80") ==
	      KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
	CHECK(ksrtp_suite_from_name("AES_CM_128_HMAC_SHA1") == -EINVAL);
	CHECK(ksrtp_suite_from_name("F8_128_HMAC_SHA1_80") == -EINVAL);
	CHECK(ksrtp_suite_from_name("") == -EINVAL);
	CHECK(ksrtp_suite_name(KSRTP_SUITE_UNSPEC) == NULL);
	CHECK(ksrtp_suite_name(KSRTP_SUITE_MAX + 1) == NULL);
	CHECK(ksrtp_suite_key_len(KSRTP_SUITE_MAX + 1) == -EINVAL);
	CHECK(ksrtp_suite_salt_len(KSRTP_SUITE_UNSPEC) == -EINVAL);
}

static void test_sockaddr(void)
{
	static const char *const bad[] = {
		"", "10.0.0.1", "10.0.0.1:", "10.0.0.1:0", "10.0.0.1:65536",
		"10.0.0.1:+5", "10.0.0.1:-5", "10.0.0.1:5x", "10.0.0.1:5 ",
		" 10.0.0.1:5", "10.0.0.256:5", "1.2.3:5", "host:5", "fd00::1:5004",
		"fd00::1", "[fd00::1]5004", "[fd00::1]:", "[fd00::1]", "[10.0.0.1]:5",
		"[fe80::1%eth0]:5", "[fd00::1:5004", "10.0.0.1:0x10", "10.0.0.1:005004",
	};
	char buf[KSRTP_SOCKADDR_STRLEN];
	union ksrtp_sockaddr a;
	size_t i;

	CHECK(ksrtp_parse_sockaddr("10.0.0.1:5004", &a) == 0);
	CHECK(a.sa.sa_family == AF_INET && ntohs(a.sin.sin_port) == 5004 &&
	      a.sin.sin_addr.s_addr == htonl(0x0a000001));
	CHECK_STR(ksrtp_format_sockaddr(&a, buf, sizeof(buf)), "10.0.0.1:5004");
	CHECK(ksrtp_parse_sockaddr("255.255.255.255:65535", &a) == 0);
	CHECK(ntohs(a.sin.sin_port) == 65535);

	CHECK(ksrtp_parse_sockaddr("[fd00::1]:5004", &a) == 0);
	CHECK(a.sa.sa_family == AF_INET6 && ntohs(a.sin6.sin6_port) == 5004 &&
	      a.sin6.sin6_addr.s6_addr[0] == 0xfd && a.sin6.sin6_addr.s6_addr[15] == 1);
	CHECK_STR(ksrtp_format_sockaddr(&a, buf, sizeof(buf)), "[fd00::1]:5004");
	CHECK(ksrtp_parse_sockaddr("[::ffff:10.0.0.1]:1", &a) == 0);
	CHECK(a.sa.sa_family == AF_INET6);
	CHECK(ksrtp_parse_sockaddr("[FD00:0:0:0:0:0:0:2]:5006", &a) == 0);
	CHECK_STR(ksrtp_format_sockaddr(&a, buf, sizeof(buf)), "[fd00::2]:5006");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = ksrtp_parse_sockaddr(bad[i], &a);

		if (ret != -EINVAL)
			fprintf(stderr, "accepted bad ADDR:PORT \"%s\"\n", bad[i]);
		CHECK(ret == -EINVAL);
		CHECK(a.sa.sa_family == AF_UNSPEC);
	}

	memset(&a, 0, sizeof(a));
	CHECK_STR(ksrtp_format_sockaddr(&a, buf, sizeof(buf)), "any");
}

static void test_cli_words(void)
{
	static const char *const kws[] = { "key", "key-file", "salt", "ssrc", "suite", NULL };
	uint32_t v;
	uint16_t port;
	enum ksrtp_direction dir;

	CHECK(match_keyword("key", kws) == 0);
	CHECK(match_keyword("key-", kws) == 1);
	CHECK(match_keyword("sa", kws) == 2);
	CHECK(match_keyword("su", kws) == 4);
	CHECK(match_keyword("s", kws) == KEYWORD_AMBIGUOUS);
	CHECK(match_keyword("k", kws) == KEYWORD_AMBIGUOUS);
	CHECK(match_keyword("keys", kws) == KEYWORD_NONE);
	CHECK(match_keyword("", kws) == KEYWORD_NONE);

	CHECK(parse_u32("43981", &v) && v == 43981);
	CHECK(parse_u32("0xabcd", &v) && v == 0xabcd);
	CHECK(parse_u32("0XFFFFFFFF", &v) && v == 0xffffffff);
	CHECK(parse_u32("4294967295", &v) && v == 4294967295u);
	CHECK(!parse_u32("4294967296", &v));
	CHECK(!parse_u32("0x100000000", &v));
	CHECK(!parse_u32("-1", &v));
	CHECK(!parse_u32("+1", &v));
	CHECK(!parse_u32(" 1", &v));
	CHECK(!parse_u32("1 ", &v));
	CHECK(!parse_u32("0x", &v));
	CHECK(!parse_u32("0x0x1", &v));
	CHECK(!parse_u32("abcd", &v));
	CHECK(!parse_u32("", &v));
	{
		static const char *const add_kws[] = {
			"local", "remote", "key", "key-file", "mki", "learn-limit",
			"template", NULL
		};
		uint64_t v64;

		/* Old abbreviations keep their meaning; new words abbreviate too. */
		CHECK(match_keyword_first("l", add_kws, 4) == 0);
		CHECK(match_keyword_first("lo", add_kws, 4) == 0);
		CHECK(match_keyword_first("le", add_kws, 4) == 5);
		CHECK(match_keyword_first("learn-limit", add_kws, 4) == 5);
		CHECK(match_keyword_first("t", add_kws, 4) == 6);
		CHECK(match_keyword_first("m", add_kws, 4) == 4);
		CHECK(match_keyword_first("k", add_kws, 4) == KEYWORD_AMBIGUOUS);
		CHECK(match_keyword_first("x", add_kws, 4) == KEYWORD_NONE);
		CHECK(match_keyword("l", add_kws) == KEYWORD_AMBIGUOUS);

		CHECK(parse_u64("281474976710655", &v64) && v64 == 281474976710655ull);
		CHECK(parse_u64("0xffffffffffffffff", &v64) && v64 == UINT64_MAX);
		CHECK(!parse_u64("18446744073709551616", &v64));
		CHECK(!parse_u64("-1", &v64));
		CHECK(!parse_u64("", &v64));
	}
	CHECK(parse_port("5004", &port) && port == 5004);
	CHECK(!parse_port("0", &port));
	CHECK(!parse_port("65536", &port));

	CHECK(parse_direction("in", &dir) && dir == KSRTP_DIR_INBOUND);
	CHECK(parse_direction("out", &dir) && dir == KSRTP_DIR_OUTBOUND);
	CHECK(parse_direction("o", &dir) && dir == KSRTP_DIR_OUTBOUND);
	CHECK(!parse_direction("inbound", &dir));
	CHECK(!parse_direction("", &dir));
}

static int decode_line(const char *text, enum ksrtp_suite suite,
		       struct ksrtp_ctx_params *p, char *err, size_t errlen)
{
	char line[512];

	snprintf(line, sizeof(line), "%s", text);
	memset(p, 0, sizeof(*p));
	p->suite = suite;
	p->key_len = ksrtp_suite_key_len(suite);
	p->salt_len = ksrtp_suite_salt_len(suite);
	err[0] = '\0';
	return key_line_decode(line, "key-file k", p, err, errlen);
}

static void test_key_lines(void)
{
	enum ksrtp_suite cm128 = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	struct ksrtp_ctx_params p;
	char err[512];

	CHECK(decode_line("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\n",
			  cm128, &p, err, sizeof(err)) == 0);
	CHECK(!memcmp(p.key, rfc4568_key, 16) && !memcmp(p.salt, rfc4568_salt, 14));
	CHECK(decode_line("  \t59535f5f5f73656d63746c202829207b093232303b7d0a7d0a756e6c6573 \n",
			  cm128, &p, err, sizeof(err)) == 0);
	CHECK(!memcmp(p.key, rfc4568_key, 16) && !memcmp(p.salt, rfc4568_salt, 14));
	CHECK(decode_line("59535f5f5f73656d63746c202829207b   093232303b7d0a7d0a756e6c6573\r\n",
			  cm128, &p, err, sizeof(err)) == 0);
	CHECK(!memcmp(p.key, rfc4568_key, 16) && !memcmp(p.salt, rfc4568_salt, 14));

	/* Failures say what is wrong and never show the key. */
	CHECK(decode_line("59535f5f5f73656d63746c202829207b093232303b7d0a7d0a756e6c65",
			  cm128, &p, err, sizeof(err)) < 0);
	CHECK_STR(err, "key-file k: key||salt: AES_CM_128_HMAC_SHA1_80 needs 30 bytes "
		  "(60 hex digits), got 29");
	CHECK(decode_line("59535f5f5f73656d63746c2028292 093232303b7d0a7d0a756e6c6573",
			  cm128, &p, err, sizeof(err)) < 0);
	CHECK_STR(err, "key-file k: key: not a hex string (expected 32 hex digits)");
	CHECK(decode_line("59535f5f5f73656d63746c202829207b 093232303b7d0a7d0a756e6c",
			  cm128, &p, err, sizeof(err)) < 0);
	CHECK_STR(err, "key-file k: salt: AES_CM_128_HMAC_SHA1_80 needs 14 bytes "
		  "(28 hex digits), got 12");
	CHECK(decode_line("0011 2233 4455", cm128, &p, err, sizeof(err)) < 0);
	CHECK(strstr(err, "expected one line") && !strstr(err, "0011"));
	CHECK(decode_line("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\nsecond",
			  cm128, &p, err, sizeof(err)) < 0);
	CHECK_STR(err, "key-file k: more than one line");
	CHECK(decode_line("", cm128, &p, err, sizeof(err)) < 0);
	/* An SDES MKI is the context's MKI. */
	CHECK(decode_line("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31|7:4",
			  cm128, &p, err, sizeof(err)) == 0);
	CHECK(!memcmp(p.key, rfc4568_key, 16) && !memcmp(p.salt, rfc4568_salt, 14));
	CHECK(p.mki_len == 4 && !memcmp(p.mki, "\0\0\0\x07", 4));
	CHECK(decode_line("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
			  cm128, &p, err, sizeof(err)) == 0);
	CHECK(p.mki_len == 0);
	CHECK(decode_line("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:5",
			  cm128, &p, err, sizeof(err)) < 0);
	CHECK_STR(err, "key-file k: MKI longer than 4 bytes");
	CHECK(decode_line("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|256:1",
			  cm128, &p, err, sizeof(err)) < 0);
	CHECK(strstr(err, "key-file k: not an SDES inline key") && !strstr(err, "WVNf"));
	CHECK(decode_line("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz",
			  KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80, &p, err, sizeof(err)) < 0);
	CHECK_STR(err, "key-file k: does not decode to the 32-byte key and 14-byte salt "
		  "of AES_256_CM_HMAC_SHA1_80");
	CHECK(!strstr(err, "WVNf"));
}

static void test_show_format(void)
{
	struct ksrtp_ctx_info c = { 0 };
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	c.id = 3;
	c.tuple.direction = KSRTP_DIR_OUTBOUND;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &c.tuple.local);
	ksrtp_parse_sockaddr("10.99.0.2:5006", &c.tuple.remote);
	c.tuple.ssrc = 0xabcd;
	c.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	c.seq = 1234;
	c.srtcp_index = 5;
	c.replay_window = 128;
	strcpy(c.cipher_driver, "ctr(aes-aesni)");
	strcpy(c.auth_driver, "hmac(sha1-avx2)");
	c.stats.rtp_packets = 100;
	c.stats.rtp_bytes = 17200;
	c.stats.rtcp_packets = 5;
	c.stats.rtcp_bytes = 400;

	f = open_memstream(&out, &len);
	print_ctx(f, &c);

	c.id = 4000000000u;
	c.tuple.direction = KSRTP_DIR_INBOUND;
	ksrtp_parse_sockaddr("[fd00::1]:5004", &c.tuple.local);
	memset(&c.tuple.remote, 0, sizeof(c.tuple.remote));
	c.tuple.ssrc = 0xdeadbeef;
	c.suite = KSRTP_SUITE_AEAD_AES_256_GCM;
	c.roc = 4294967295u;
	c.seq = 65535;
	c.cipher_driver[0] = '\0';
	c.auth_driver[0] = '\0';
	c.stats.auth_failures = 1;
	c.stats.replays = 2;
	c.stats.malformed = 3;
	c.stats.errors = 18446744073709551615ull;
	print_ctx(f, &c);
	c.suite = 99;
	print_ctx(f, &c);
	fclose(f);

	CHECK_STR(out,
		"ctx 3: out local 10.99.0.1:5004 remote 10.99.0.2:5006 ssrc 0x0000abcd suite AES_CM_128_HMAC_SHA1_80\n"
		"    roc 0 seq 1234 srtcp-index 5 window 128 cipher ctr(aes-aesni) auth hmac(sha1-avx2)\n"
		"    rtp-packets 100 rtp-bytes 17200 rtcp-packets 5 rtcp-bytes 400\n"
		"    auth-failures 0 replays 0 malformed 0 errors 0\n"
		"    key-limit 0 unknown-ssrc 0\n"
		"ctx 4000000000: in local [fd00::1]:5004 remote any ssrc 0xdeadbeef suite AEAD_AES_256_GCM\n"
		"    roc 4294967295 seq 65535 srtcp-index 5 window 128 cipher - auth -\n"
		"    rtp-packets 100 rtp-bytes 17200 rtcp-packets 5 rtcp-bytes 400\n"
		"    auth-failures 1 replays 2 malformed 3 errors 18446744073709551615\n"
		"    key-limit 0 unknown-ssrc 0\n"
		"ctx 4000000000: in local [fd00::1]:5004 remote any ssrc 0xdeadbeef suite 99\n"
		"    roc 4294967295 seq 65535 srtcp-index 5 window 128 cipher - auth -\n"
		"    rtp-packets 100 rtp-bytes 17200 rtcp-packets 5 rtcp-bytes 400\n"
		"    auth-failures 1 replays 2 malformed 3 errors 18446744073709551615\n"
		"    key-limit 0 unknown-ssrc 0\n");
	free(out);
}

static void test_show_new(void)
{
	struct ksrtp_ctx_info c = { 0 };
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	/* An outbound MKI context with two keys. */
	c.id = 3;
	c.tuple.direction = KSRTP_DIR_OUTBOUND;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &c.tuple.local);
	ksrtp_parse_sockaddr("10.99.0.2:6004", &c.tuple.remote);
	c.tuple.ssrc = 0x10;
	c.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	c.replay_window = 128;
	c.stats.rtp_packets = 100;
	c.stats.key_limit = 4;
	c.nkeys = 2;
	c.keys[0].mki[0] = 1;
	c.keys[0].mki_len = 1;
	c.keys[0].rtp_packets = 100;
	c.keys[0].rtcp_packets = 5;
	c.keys[1].mki[0] = 2;
	c.keys[1].mki_len = 1;
	c.keys[1].active = true;
	f = open_memstream(&out, &len);
	print_ctx(f, &c);

	/* A template of two keys without MKI. */
	memset(&c, 0, sizeof(c));
	c.id = 5;
	c.tuple.direction = KSRTP_DIR_INBOUND;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &c.tuple.local);
	c.suite = KSRTP_SUITE_AEAD_AES_128_GCM;
	c.replay_window = 128;
	c.stats.auth_failures = 2;
	c.stats.unknown_ssrc = 7;
	c.is_template = true;
	c.policy = KSRTP_POLICY_REQUIRED;
	c.learn_limit = 16;
	c.learned = 2;
	c.nkeys = 2;
	c.keys[0].has_from_index = true;
	c.keys[0].has_from_srtcp_index = true;
	c.keys[0].rtp_packets = 9;
	c.keys[1].has_from_index = true;
	c.keys[1].from_index = (3ull << 16) | 100;
	c.keys[1].has_from_srtcp_index = true;
	c.keys[1].from_srtcp_index = 40;
	c.keys[1].active = true;
	print_ctx(f, &c);

	/* A context it learned; then a template whose policy was not reported. */
	c.id = 7;
	c.is_template = false;
	c.tuple.ssrc = 0x1234;
	c.template_id = 5;
	c.nkeys = 0;
	print_ctx(f, &c);
	c.id = 8;
	c.is_template = true;
	c.template_id = 0;
	c.policy = 0;
	c.learn_limit = 0;
	c.learned = 0;
	print_ctx(f, &c);
	c.policy = KSRTP_POLICY_OPTIONAL;
	c.id = 9;
	print_ctx(f, &c);
	fclose(f);

	CHECK_STR(out,
		"ctx 3: out local 10.99.0.1:5004 remote 10.99.0.2:6004 ssrc 0x00000010 suite AES_CM_128_HMAC_SHA1_80\n"
		"    roc 0 seq 0 srtcp-index 0 window 128 cipher - auth -\n"
		"    rtp-packets 100 rtp-bytes 0 rtcp-packets 0 rtcp-bytes 0\n"
		"    auth-failures 0 replays 0 malformed 0 errors 0\n"
		"    key-limit 4 unknown-ssrc 0\n"
		"    key 1: mki 0x01 srtp-packets 100 srtcp-packets 5\n"
		"    key 2: mki 0x02 active srtp-packets 0 srtcp-packets 0\n"
		"ctx 5: in local 10.99.0.1:5004 remote any ssrc any suite AEAD_AES_128_GCM\n"
		"    roc 0 seq 0 srtcp-index 0 window 128 cipher - auth -\n"
		"    rtp-packets 0 rtp-bytes 0 rtcp-packets 0 rtcp-bytes 0\n"
		"    auth-failures 2 replays 0 malformed 0 errors 0\n"
		"    key-limit 0 unknown-ssrc 7\n"
		"    template policy required learn-limit 16 learned 2\n"
		"    key 1: from-index 0 from-srtcp-index 0 srtp-packets 9 srtcp-packets 0\n"
		"    key 2: from-index 196708 from-srtcp-index 40 active srtp-packets 0 srtcp-packets 0\n"
		"ctx 7: in local 10.99.0.1:5004 remote any ssrc 0x00001234 suite AEAD_AES_128_GCM\n"
		"    roc 0 seq 0 srtcp-index 0 window 128 cipher - auth -\n"
		"    rtp-packets 0 rtp-bytes 0 rtcp-packets 0 rtcp-bytes 0\n"
		"    auth-failures 2 replays 0 malformed 0 errors 0\n"
		"    key-limit 0 unknown-ssrc 7\n"
		"    template-id 5\n"
		"ctx 8: in local 10.99.0.1:5004 remote any ssrc any suite AEAD_AES_128_GCM\n"
		"    roc 0 seq 0 srtcp-index 0 window 128 cipher - auth -\n"
		"    rtp-packets 0 rtp-bytes 0 rtcp-packets 0 rtcp-bytes 0\n"
		"    auth-failures 2 replays 0 malformed 0 errors 0\n"
		"    key-limit 0 unknown-ssrc 7\n"
		"    template policy - learn-limit 0 learned 0\n"
		"ctx 9: in local 10.99.0.1:5004 remote any ssrc any suite AEAD_AES_128_GCM\n"
		"    roc 0 seq 0 srtcp-index 0 window 128 cipher - auth -\n"
		"    rtp-packets 0 rtp-bytes 0 rtcp-packets 0 rtcp-bytes 0\n"
		"    auth-failures 2 replays 0 malformed 0 errors 0\n"
		"    key-limit 0 unknown-ssrc 7\n"
		"    template policy optional learn-limit 0 learned 0\n");
	free(out);
}

static void test_event_format(void)
{
	struct ksrtp_event_info ev = { 0 };
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	ev.type = KSRTP_EVENT_SOFT_LIMIT;
	ev.id = 3;
	ev.tuple.direction = KSRTP_DIR_OUTBOUND;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &ev.tuple.local);
	ksrtp_parse_sockaddr("10.99.0.2:6004", &ev.tuple.remote);
	ev.has_ssrc = true;
	ev.tuple.ssrc = 0x10;
	ev.mki[0] = 1;
	ev.mki_len = 1;
	print_event(f, &ev);
	ev.type = KSRTP_EVENT_HARD_LIMIT;
	ev.mki_len = 0;
	print_event(f, &ev);

	ev.type = KSRTP_EVENT_SSRC_LEARNED;
	ev.id = 7;
	ev.template_id = 5;
	ev.tuple.direction = KSRTP_DIR_INBOUND;
	ksrtp_parse_sockaddr("[fd99::1]:5004", &ev.tuple.local);
	memset(&ev.tuple.remote, 0, sizeof(ev.tuple.remote));
	ev.tuple.ssrc = 0x1234;
	print_event(f, &ev);

	ev.type = KSRTP_EVENT_LEARN_LIMIT;
	ev.id = 5;
	ev.template_id = 0;
	ev.has_ssrc = false;
	ev.tuple.ssrc = 0;
	print_event(f, &ev);

	ev.type = KSRTP_EVENT_AUTH_FAILURES;
	ev.id = 3;
	ev.has_ssrc = true;
	ev.tuple.ssrc = 0xdeadbeef;
	ev.auth_failures = 12;
	print_event(f, &ev);

	ev.type = 42;
	print_event(f, &ev);
	fclose(f);

	CHECK_STR(out,
		"soft-limit id 3 out local 10.99.0.1:5004 remote 10.99.0.2:6004 ssrc 0x00000010 mki 0x01\n"
		"hard-limit id 3 out local 10.99.0.1:5004 remote 10.99.0.2:6004 ssrc 0x00000010\n"
		"ssrc-learned id 7 template 5 in local [fd99::1]:5004 remote any ssrc 0x00001234\n"
		"learn-limit id 5 in local [fd99::1]:5004 remote any ssrc any\n"
		"auth-failures id 3 in local [fd99::1]:5004 remote any ssrc 0xdeadbeef count 12\n"
		"event-42 id 3 in local [fd99::1]:5004 remote any ssrc 0xdeadbeef\n");
	free(out);
}

/* ---- srtpctl as a program ---------------------------------------------- */

static const char *srtpctl;
static char out[8192], err[8192];

static void slurp(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while ((n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(fd);
}

/* Run srtpctl with args (NULL-terminated) and input on stdin; exit code. */
static int run(const char *input, const char *const *args)
{
	int in[2], o[2], e[2], status;
	const char *argv[32] = { srtpctl };
	pid_t pid;
	size_t i;

	for (i = 0; args[i]; i++)
		argv[i + 1] = args[i];
	if (pipe(in) || pipe(o) || pipe(e))
		abort();
	pid = fork();
	if (pid < 0)
		abort();
	if (!pid) {
		dup2(in[0], 0);
		dup2(o[1], 1);
		dup2(e[1], 2);
		close(in[0]); close(in[1]); close(o[0]); close(o[1]);
		close(e[0]); close(e[1]);
		execv(srtpctl, (char **)argv);
		_exit(127);
	}
	close(in[0]);
	close(o[1]);
	close(e[1]);
	/* srtpctl may exit before it reads its input (EPIPE, SIGPIPE ignored). */
	if (input && write(in[1], input, strlen(input)) < 0 && errno != EPIPE)
		abort();
	close(in[1]);
	/* Outputs are small: read one pipe, then the other. */
	slurp(o[0], out, sizeof(out));
	slurp(e[0], err, sizeof(err));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#define RUN(input, ...) run(input, (const char *const[]){ __VA_ARGS__, NULL })

#define KEY_HEX  "6f6e65207477612074687265652066" /* 15 bytes: one too few */
#define SALT_HEX "0102030405060708090a0b0c0d0e"

static void test_srtpctl_usage(void)
{
	CHECK(RUN(NULL, "--help") == 0);
	CHECK(strstr(out, "srtpctl add {in|out} local ADDR:PORT [remote ADDR:PORT] ssrc SSRC"));
	CHECK(strstr(out, "srtpctl show [id ID] [port PORT]"));
	CHECK(strstr(out, "visible to other users"));
	CHECK(RUN(NULL, "-h") == 0 && strstr(out, "Usage:"));
	CHECK(RUN(NULL, "help") == 0 && strstr(out, "Usage:"));
	CHECK(RUN(NULL, "-V") == 0 && !strncmp(out, "srtpctl ", 8));
	CHECK(RUN(NULL, "--version") == 0);

	CHECK(RUN(NULL, "") == 1);
	CHECK(RUN(NULL, "frobnicate") == 1 && strstr(err, "unknown command \"frobnicate\""));
	CHECK(RUN(NULL, "--frob") == 1 && strstr(err, "unknown option"));
	CHECK(RUN(NULL, "flush", "now") == 1);
	CHECK(RUN(NULL, "show", "id") == 1 && strstr(err, "'id' needs a value"));
	CHECK(RUN(NULL, "show", "port", "0") == 1 && strstr(err, "port: invalid port \"0\""));
	CHECK(RUN(NULL, "del") == 1);
	CHECK(RUN(NULL, "del", "id", "x") == 1 && strstr(err, "id: invalid context id \"x\""));
	CHECK(RUN(NULL, "del", "i", "1") == 1 && strstr(err, "ambiguous"));
	CHECK(RUN(NULL, "del", "out", "local", "10.0.0.1:5004", "ssrc", "1") == 1 &&
	      strstr(err, "'remote ADDR:PORT' is required for an outbound context"));

	CHECK(RUN(NULL, "add", "sideways") == 1 && strstr(err, "expected 'in' or 'out'"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1", "ssrc", "1", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "key-file", "-") == 1 &&
	      strstr(err, "local: invalid ADDR:PORT \"10.0.0.1\""));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "remote", "[fd00::1]:2",
		  "ssrc", "1", "suite", "AES_CM_128_HMAC_SHA1_80", "key-file", "-") == 1 &&
	      strstr(err, "both IPv4 or both IPv6"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "0x1g", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "key-file", "-") == 1 &&
	      strstr(err, "ssrc: invalid SSRC \"0x1g\""));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_CM_999", "key-file", "-") == 1 &&
	      strstr(err, "unknown suite \"AES_CM_999\"") && strstr(err, "AEAD_AES_256_GCM"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_CM_128_HMAC_SHA1_80") == 1 && strstr(err, "a key is required"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "key", SALT_HEX "0000") == 1 &&
	      strstr(err, "'key HEX' needs 'salt HEX'") && !strstr(err, SALT_HEX));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "inline", "x", "key-file", "-") == 1 &&
	      strstr(err, "give only one of"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "key-file", "-", "window", "63") == 1 &&
	      strstr(err, "window: invalid replay window \"63\" (expected 64..32767 packets)"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "key-file", "-", "roc", "-1") == 1 &&
	      strstr(err, "roc: invalid"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "ssrc", "2") == 1 &&
	      strstr(err, "'ssrc' given twice"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc") == 1 &&
	      strstr(err, "'ssrc' needs a value"));
}

static void test_srtpctl_keys(void)
{
	/* Bad keys: exit 1, the argument named, its value never shown. */
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "key", KEY_HEX, "salt", SALT_HEX) == 1);
	CHECK(strstr(err, "key: AES_CM_128_HMAC_SHA1_80 needs 16 bytes (32 hex digits), got 15"));
	CHECK(!strstr(err, KEY_HEX) && !strstr(err, SALT_HEX) && !strstr(err, "6f6e65"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "key", KEY_HEX "ZZ", "salt", SALT_HEX) == 1);
	CHECK(strstr(err, "key: not a hex string") && !strstr(err, "6f6e65"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "inline",
		  "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:5") == 1);
	CHECK(strstr(err, "inline: MKI longer than 4 bytes") && !strstr(err, "WVNf"));
	/* An SDES MKI that contradicts 'mki'. */
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "mki", "0x02", "inline",
		  "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:1") == 1);
	CHECK(strstr(err, "mki: the key's SDES MKI differs from 'mki'") && !strstr(err, "WVNf"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "mki", "0x0001", "inline",
		  "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:1") == 1);
	CHECK(strstr(err, "differs"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_256_CM_HMAC_SHA1_80", "inline",
		  "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz") == 1);
	CHECK(strstr(err, "inline: does not decode to the 32-byte key") && !strstr(err, "WVNf"));
	CHECK(RUN("  " KEY_HEX " " SALT_HEX "\n", "add", "in", "local", "10.0.0.1:1",
		  "ssrc", "1", "suite", "AES_CM_128_HMAC_SHA1_80", "key-file", "-") == 1);
	CHECK(strstr(err, "key-file (standard input): key: AES_CM_128_HMAC_SHA1_80 needs 16 bytes"));
	CHECK(!strstr(err, "6f6e65") && !strstr(err, SALT_HEX));
	CHECK(RUN("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\nx\n", "add", "in",
		  "local", "10.0.0.1:1", "ssrc", "1", "suite", "AES_CM_128_HMAC_SHA1_80",
		  "key-file", "-") == 1);
	CHECK(strstr(err, "more than one line") && !strstr(err, "WVNf"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "key-file", "/nonexistent/k") == 1);
	CHECK(strstr(err, "key-file /nonexistent/k: No such file or directory"));
}

static void test_srtpctl_new_usage(void)
{
	CHECK(RUN(NULL, "--help") == 0);
	CHECK(strstr(out, "srtpctl add in local ADDR:PORT [remote ADDR:PORT] template"));
	CHECK(strstr(out, "srtpctl key add id ID KEYSPEC [mki HEX [active]] [from-index N] "
		     "[from-srtcp-index N]"));
	CHECK(strstr(out, "srtpctl key del id ID {mki HEX | from-index N}"));
	CHECK(strstr(out, "srtpctl key activate id ID mki HEX"));
	CHECK(strstr(out, "srtpctl monitor"));

	/* add: MKI and templates. */
#define ADD_IN "add", "in", "local", "10.0.0.1:1"
#define SUITE_KEY "suite", "AES_CM_128_HMAC_SHA1_80", "key-file", "-"
	CHECK(RUN(NULL, ADD_IN, "ssrc", "1", SUITE_KEY, "mki", "0x1") == 1 &&
	      strstr(err, "mki: invalid MKI \"0x1\" (expected 1 to 4 bytes in hex"));
	CHECK(RUN(NULL, ADD_IN, "ssrc", "1", SUITE_KEY, "mki", "0x0102030405") == 1 &&
	      strstr(err, "mki: invalid MKI"));
	CHECK(RUN(NULL, ADD_IN, "ssrc", "1", SUITE_KEY, "mki", "01", "mki", "02") == 1 &&
	      strstr(err, "'mki' given twice"));
	CHECK(RUN(NULL, ADD_IN, "ssrc", "1", "template", SUITE_KEY) == 1 &&
	      strstr(err, "a template has no 'ssrc'"));
	CHECK(RUN(NULL, "add", "out", "local", "10.0.0.1:1", "remote", "10.0.0.2:2",
		  "template", SUITE_KEY) == 1 && strstr(err, "a template must be 'in'"));
	CHECK(RUN(NULL, ADD_IN, "template", "template", SUITE_KEY) == 1 &&
	      strstr(err, "'template' given twice"));
	CHECK(RUN(NULL, ADD_IN, "ssrc", "1", "policy", "optional", SUITE_KEY) == 1 &&
	      strstr(err, "'policy' applies to templates only"));
	CHECK(RUN(NULL, ADD_IN, "ssrc", "1", "learn-limit", "3", SUITE_KEY) == 1 &&
	      strstr(err, "'learn-limit' applies to templates only"));
	CHECK(RUN(NULL, ADD_IN, "template", "policy", "sometimes", SUITE_KEY) == 1 &&
	      strstr(err, "policy: expected 'required' or 'optional', got \"sometimes\""));
	CHECK(RUN(NULL, ADD_IN, "template", "learn-limit", "1025", SUITE_KEY) == 1 &&
	      strstr(err, "learn-limit: invalid limit \"1025\" (expected 0..1024 contexts)"));
	CHECK(RUN(NULL, ADD_IN, "template", "learn-limit", "-1", SUITE_KEY) == 1);
	CHECK(RUN(NULL, ADD_IN, SUITE_KEY) == 1 && strstr(err, "'ssrc SSRC' is required"));
	CHECK(RUN(NULL, ADD_IN, "template", SUITE_KEY, "policy") == 1 &&
	      strstr(err, "'policy' needs a value"));

	/* key */
	CHECK(RUN(NULL, "key") == 1 && strstr(err, "key: expected 'add', 'del' or 'activate'"));
	CHECK(RUN(NULL, "key", "a", "id", "1") == 1 && strstr(err, "ambiguous"));
	CHECK(RUN(NULL, "key", "frob") == 1 && strstr(err, "got \"frob\""));
	CHECK(RUN(NULL, "key", "add", "key-file", "-") == 1 &&
	      strstr(err, "key add: 'id ID' is required"));
	CHECK(RUN(NULL, "key", "add", "id", "1") == 1 && strstr(err, "a key is required"));
	CHECK(RUN(NULL, "key", "add", "id", "x", "key-file", "-") == 1 &&
	      strstr(err, "id: invalid context id \"x\""));
	CHECK(RUN(NULL, "key", "add", "id", "1", "key-file", "-", "active") == 1 &&
	      strstr(err, "'active' needs 'mki HEX'"));
	CHECK(RUN(NULL, "key", "add", "id", "1", "key-file", "-", "mki", "01",
		  "from-index", "5") == 1 &&
	      strstr(err, "a key with an MKI takes no 'from-index' or 'from-srtcp-index'"));
	CHECK(RUN(NULL, "key", "add", "id", "1", "key-file", "-", "mki", "01",
		  "from-srtcp-index", "5") == 1 && strstr(err, "takes no"));
	CHECK(RUN(NULL, "key", "add", "id", "1", "key-file", "-",
		  "from-index", "281474976710656") == 1 &&
	      strstr(err, "from-index: invalid SRTP index \"281474976710656\""));
	CHECK(RUN(NULL, "key", "add", "id", "1", "key-file", "-",
		  "from-srtcp-index", "2147483648") == 1 &&
	      strstr(err, "from-srtcp-index: invalid SRTCP index \"2147483648\""));
	CHECK(RUN(NULL, "key", "add", "id", "1", "key-file", "-", "from-", "1") == 1 &&
	      strstr(err, "ambiguous"));
	CHECK(RUN(NULL, "key", "add", "id", "1", "key-file", "-", "ssrc", "1") == 1 &&
	      strstr(err, "key add: unknown keyword \"ssrc\""));
	CHECK(RUN(NULL, "key", "add", "id", "1", "key", SALT_HEX, "inline", "x") == 1 &&
	      strstr(err, "give only one of") && !strstr(err, SALT_HEX));
	CHECK(RUN(NULL, "key", "add", "id", "1", "key-file", "-", "active", "active") == 1 &&
	      strstr(err, "'active' given twice"));
	CHECK(RUN(NULL, "key", "del", "id", "1") == 1 &&
	      strstr(err, "key del: give 'mki HEX' or 'from-index N' (not both)"));
	CHECK(RUN(NULL, "key", "del", "id", "1", "mki", "01", "from-index", "5") == 1 &&
	      strstr(err, "key del: give 'mki HEX' or 'from-index N' (not both)"));
	CHECK(RUN(NULL, "key", "activate", "id", "1", "from-index", "5") == 1 &&
	      strstr(err, "key activate: unknown keyword \"from-index\""));
	CHECK(RUN(NULL, "key", "del", "id", "1", "from-index", "281474976710656") == 1 &&
	      strstr(err, "from-index: invalid SRTP index"));
	CHECK(RUN(NULL, "key", "del", "mki", "01") == 1 &&
	      strstr(err, "key del: 'id ID' is required"));
	CHECK(RUN(NULL, "key", "del", "id", "1", "mki", "01", "active") == 1 &&
	      strstr(err, "key del: unknown keyword \"active\""));
	CHECK(RUN(NULL, "key", "activate", "id", "1", "mki", "1") == 1 &&
	      strstr(err, "mki: invalid MKI \"1\""));
	CHECK(RUN(NULL, "key", "activate", "id", "1", "mki") == 1 &&
	      strstr(err, "key activate: 'mki' needs a value"));
	CHECK(RUN(NULL, "key", "activate", "id", "1", "mki", "01", "key-file", "-") == 1);

	/* monitor */
	CHECK(RUN(NULL, "monitor", "now") == 1 && strstr(err, "monitor: unknown keyword \"now\""));
	CHECK(RUN(NULL, "monitor", "ready-file") == 1 &&
	      strstr(err, "'ready-file' needs a value"));
#undef ADD_IN
#undef SUITE_KEY
}

/* -b without the module: parsing, line numbers, the refusals of a batch. */
static void test_srtpctl_batch(void)
{
	CHECK(RUN("# only a comment\n\n   \n", "-b", "-") == 0);
	CHECK(RUN("add bogus\n", "-b", "-") == 1);
	CHECK(strstr(err, "srtpctl: line 1: add: expected 'in' or 'out'"));
	CHECK(RUN("# c\nshow nosuch\n", "-b", "-") == 1);
	CHECK(strstr(err, "srtpctl: line 2: "));
	CHECK(RUN("add in local 127.0.0.1:5004 ssrc 1 suite AES_CM_128_HMAC_SHA1_80 "
		  "key-file -\n", "-b", "-") == 1);
	CHECK(strstr(err, "line 1: key-file -: standard input carries the batch"));
	CHECK(RUN("monitor\n", "-b", "-") == 1 && strstr(err, "not in a batch"));
	CHECK(RUN("del id 0\n", "-b", "-") == 1 && strstr(err, "line 1: id: invalid"));
	/* Without -force the first bad line stops the batch; with it, not. */
	CHECK(RUN("add bogus\nadd bogus2\n", "-b", "-") == 1);
	CHECK(strstr(err, "line 1:") && !strstr(err, "line 2:"));
	CHECK(RUN("add bogus\nadd bogus2\n", "-force", "-b", "-") == 1);
	CHECK(strstr(err, "line 1:") && strstr(err, "line 2:"));
	/* A valid group reaches the kernel: here, no module. */
	CHECK(RUN("del id 5\n", "-b", "-") == 3);
	CHECK(strstr(err, "line 1: ksrtp module not loaded"));
	CHECK(RUN(NULL, "-b") == 1 && strstr(err, "needs a FILE"));
	CHECK(RUN(NULL, "-b", "/nonexistent/batch") == 1);
	CHECK(RUN(NULL, "-force", "show") == 1 && strstr(err, "-b FILE only"));
	CHECK(RUN(NULL, "-b", "-", "show") == 1);
}

static void test_srtpctl_no_module(void)
{
	struct ksrtp_handle *h = ksrtp_open();

	if (h || errno != ENOENT) {
		printf("ksrtp family present (or netlink unusable): skipping the "
		       "module-not-loaded checks\n");
		ksrtp_close(h);
		checks_skipped++;
		return;
	}
	CHECK(RUN(NULL, "show") == 3);
	CHECK_STR(err, "srtpctl: ksrtp module not loaded\n");
	CHECK(out[0] == '\0');
	CHECK(RUN(NULL, "show", "id", "1", "port", "5004") == 3);
	CHECK(RUN(NULL, "flush") == 3);
	CHECK(RUN(NULL, "del", "id", "7") == 3);
	CHECK(RUN(NULL, "del", "in", "local", "[fd00::1]:5004", "ssrc", "7") == 3);
	/* Valid adds get past every check before they need the kernel. */
	CHECK(RUN(NULL, "add", "out", "local", "10.99.0.1:5004", "remote", "10.99.0.2:5006",
		  "ssrc", "0xabcd", "suite", "AES_CM_128_HMAC_SHA1_80", "inline",
		  rfc4568_inline, "roc", "1", "window", "1024") == 3);
	CHECK_STR(err, "srtpctl: ksrtp module not loaded\n");
	CHECK(RUN(NULL, "add", "in", "local", "10.99.0.1:5004", "ssrc", "43981", "suite",
		  "AES_CM_128_HMAC_SHA1_32", "key", "00112233445566778899aabbccddeeff",
		  "salt", SALT_HEX) == 3);
	CHECK(RUN("\n  inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHA==|2^48  \n", "add",
		  "in", "local", "[fd00::1]:5004", "remote", "[fd00::2]:5006", "ssrc", "1",
		  "suite", "AEAD_AES_128_GCM", "key-file", "-") == 3);
	CHECK(RUN("00112233445566778899aabbccddeeff" SALT_HEX "\n", "a", "i", "l",
		  "10.0.0.1:1", "ss", "1", "su", "NULL_HMAC_SHA1_80", "key-", "-") == 3);
	CHECK_STR(err, "srtpctl: ksrtp module not loaded\n");

	/* The new words, also abbreviated. */
	CHECK(RUN(NULL, "add", "out", "local", "10.99.0.1:5004", "remote", "10.99.0.2:5006",
		  "ssrc", "0xabcd", "suite", "AES_CM_128_HMAC_SHA1_80", "inline",
		  rfc4568_inline, "mki", "0x00000001") == 3);
	CHECK(RUN(NULL, "add", "in", "local", "10.99.0.1:5004", "suite",
		  "AES_CM_128_HMAC_SHA1_80", "inline", "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4",
		  "template", "policy", "optional", "learn-limit", "0") == 3);
	CHECK(RUN(NULL, "add", "in", "local", "10.99.0.1:5004", "remote", "10.99.0.2:6004",
		  "t", "p", "r", "le", "1024", "su", "AEAD_AES_128_GCM", "inline",
		  "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHA", "m", "0x0102",
		  "inline", "x") == 1);	/* checked before the module is asked */
	CHECK(RUN(NULL, "a", "i", "l", "[fd00::1]:5004", "t", "p", "r", "le", "1024",
		  "su", "AEAD_AES_128_GCM", "inline", "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHA",
		  "m", "0x0102") == 3);
	CHECK_STR(err, "srtpctl: ksrtp module not loaded\n");
	CHECK(RUN("00112233445566778899aabbccddeeff" SALT_HEX "\n", "key", "add", "id", "3",
		  "key-file", "-", "mki", "0x02", "active") == 3);
	CHECK_STR(err, "srtpctl: ksrtp module not loaded\n");
	CHECK(RUN(NULL, "key", "add", "id", "3", "key-file", "-", "from-index",
		  "281474976710655", "from-srtcp-index", "0x7fffffff") == 3);
	CHECK(RUN(NULL, "key", "del", "id", "3", "mki", "0x01") == 3);
	CHECK(RUN(NULL, "key", "act", "id", "3", "mki", "0x02") == 3);
	CHECK(RUN(NULL, "monitor") == 3);
	CHECK_STR(err, "srtpctl: ksrtp module not loaded\n");
	CHECK(out[0] == '\0');
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH-TO-SRTPCTL\n", argv[0]);
		return 2;
	}
	srtpctl = argv[1];

	test_hex();
	test_sdes();
	test_sdes_mki();
	test_mki();
	test_suites();
	test_sockaddr();
	test_cli_words();
	test_key_lines();
	test_show_format();
	test_show_new();
	test_event_format();
	test_srtpctl_usage();
	test_srtpctl_new_usage();
	test_srtpctl_keys();
	test_srtpctl_no_module();
	test_srtpctl_batch();
	return summary("test_parse");
}
