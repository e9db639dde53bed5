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
	CHECK(decode_line("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31|7:4",
			  cm128, &p, err, sizeof(err)) < 0);
	CHECK_STR(err, "key-file k: keys with an MKI are not supported");
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
		"ctx 4000000000: in local [fd00::1]:5004 remote any ssrc 0xdeadbeef suite AEAD_AES_256_GCM\n"
		"    roc 4294967295 seq 65535 srtcp-index 5 window 128 cipher - auth -\n"
		"    rtp-packets 100 rtp-bytes 17200 rtcp-packets 5 rtcp-bytes 400\n"
		"    auth-failures 1 replays 2 malformed 3 errors 18446744073709551615\n"
		"ctx 4000000000: in local [fd00::1]:5004 remote any ssrc 0xdeadbeef suite 99\n"
		"    roc 4294967295 seq 65535 srtcp-index 5 window 128 cipher - auth -\n"
		"    rtp-packets 100 rtp-bytes 17200 rtcp-packets 5 rtcp-bytes 400\n"
		"    auth-failures 1 replays 2 malformed 3 errors 18446744073709551615\n");
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
	if (input && write(in[1], input, strlen(input)) < 0)
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
		  "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4") == 1);
	CHECK(strstr(err, "inline: keys with an MKI are not supported") && !strstr(err, "WVNf"));
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
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH-TO-SRTPCTL\n", argv[0]);
		return 2;
	}
	srtpctl = argv[1];

	test_hex();
	test_sdes();
	test_suites();
	test_sockaddr();
	test_cli_words();
	test_key_lines();
	test_show_format();
	test_srtpctl_usage();
	test_srtpctl_keys();
	test_srtpctl_no_module();
	return summary("test_parse");
}
