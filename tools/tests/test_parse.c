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
#include "../srtpctl/json.h"

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

#define K30	"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e"
#define K38	"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY="
#define K46	"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLg=="
#define K28	"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHA=="
#define K44	"AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKyw="
#define RFCK	"WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"

static struct ksrtp_sdes_crypto sc;
static char sc_err[KSRTP_SDES_ERRMSG_LEN];

/* Parse; on failure, also check that *sc is wiped and the key not shown. */
static int crypto(const char *line)
{
	int ret;

	memset(&sc, 0xa5, sizeof(sc));
	ret = ksrtp_parse_sdes_crypto(line, &sc, sc_err, sizeof(sc_err));
	if (ret) {
		CHECK(all_zero((const uint8_t *)&sc, sizeof(sc)));
		CHECK(sc_err[0] && !strstr(sc_err, "AQID") && !strstr(sc_err, "WVNf"));
	} else {
		CHECK(sc_err[0] == '\0');
	}
	return ret;
}

static void test_sdes_crypto(void)
{
	static const struct {
		const char *name, *b64;
		enum ksrtp_suite suite;
	} suites[] = {
		{ "AES_CM_128_HMAC_SHA1_80", K30, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80 },
		{ "AES_CM_128_HMAC_SHA1_32", K30, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32 },
		{ "AES_192_CM_HMAC_SHA1_80", K38, KSRTP_SUITE_AES_192_CM_HMAC_SHA1_80 },
		{ "AES_192_CM_HMAC_SHA1_32", K38, KSRTP_SUITE_AES_192_CM_HMAC_SHA1_32 },
		{ "AES_256_CM_HMAC_SHA1_80", K46, KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80 },
		{ "AES_256_CM_HMAC_SHA1_32", K46, KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32 },
		{ "AEAD_AES_128_GCM", K28, KSRTP_SUITE_AEAD_AES_128_GCM },
		{ "AEAD_AES_256_GCM", K44, KSRTP_SUITE_AEAD_AES_256_GCM },
	};
	char line[512];
	size_t i;

	/* RFC 4568 section 5.1's example, and the same without "a=". */
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
		     "inline:" RFCK "|2^20|1:4\r\n") == 0);
	CHECK(sc.tag == 1 && sc.suite == KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
	CHECK(sc.key_len == 16 && sc.salt_len == 14 && sc.nkeys == 1 && !sc.has_wsh);
	CHECK(!memcmp(sc.keys[0].key, rfc4568_key, 16));
	CHECK(!memcmp(sc.keys[0].salt, rfc4568_salt, 14));
	CHECK(sc.keys[0].has_lifetime && sc.keys[0].lifetime == 1048576);
	CHECK(sc.keys[0].mki_len == 4 && !memcmp(sc.keys[0].mki, "\0\0\0\x01", 4));
	CHECK(crypto("  crypto:999999999\tAES_CM_128_HMAC_SHA1_32  INLINE:" RFCK "  ") == 0);
	CHECK(sc.tag == 999999999 && sc.nkeys == 1 && !sc.keys[0].has_lifetime &&
	      !sc.keys[0].mki_len && !memcmp(sc.keys[0].key, rfc4568_key, 16));

	/* Every suite, with its lengths. */
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		snprintf(line, sizeof(line), "a=crypto:7 %s inline:%s", suites[i].name,
			 suites[i].b64);
		CHECK(crypto(line) == 0);
		CHECK(sc.suite == suites[i].suite);
		CHECK(sc.key_len == (size_t)ksrtp_suite_key_len(suites[i].suite));
		CHECK(sc.salt_len == (size_t)ksrtp_suite_salt_len(suites[i].suite));
		CHECK(sc.keys[0].key[0] == 1 && sc.keys[0].salt[0] == sc.key_len + 1);
		/* A key of another suite's length. */
		snprintf(line, sizeof(line), "a=crypto:7 %s inline:%s", suites[i].name,
			 suites[(i + 2) % 8].b64);
		CHECK(crypto(line) == -EMSGSIZE);
		CHECK(strstr(sc_err, "key-params 1: the key decodes to") &&
		      strstr(sc_err, suites[i].name));
	}
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFCK) == 0);
	CHECK(crypto("a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:" RFCK) == -EMSGSIZE);
	CHECK_STR(sc_err, "key-params 1: the key decodes to 30 bytes, "
		  "AES_256_CM_HMAC_SHA1_80 needs 46 (32-byte key, 14-byte salt)");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 K30 K30 K30) ==
	      -EMSGSIZE);
	CHECK_STR(sc_err, "key-params 1: the key decodes to more than 92 bytes, "
		  "AES_CM_128_HMAC_SHA1_80 needs 30");

	/* Several keys: MKIs in order, lifetimes in both forms. */
	CHECK(crypto("a=crypto:2 AEAD_AES_128_GCM inline:" K28 "|2^31|1:2;"
		     "inline:" RFCK "AA|65536|258:2;inline:" K28 "|513:2 WSH=128 "
		     "FEC_ORDER=SRTP_FEC") == -EMSGSIZE);
	CHECK_STR(sc_err, "key-params 2: the key decodes to 31 bytes, AEAD_AES_128_GCM "
		  "needs 28 (16-byte key, 12-byte salt)");
	CHECK(crypto("a=crypto:2 AEAD_AES_128_GCM inline:" K28 "|2^31|1:2;"
		     "inline:" K44 "|65536|258:2 WSH=128") == -EMSGSIZE);
	CHECK(crypto("a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|2^31|1:2;"
		     "inline:" RFCK "|65536|258:2;inline:" K30 "|513:2 WSH=128 "
		     "FEC_ORDER=SRTP_FEC") == 0);
	CHECK(sc.nkeys == 3 && sc.tag == 2 && sc.has_wsh && sc.wsh == 128);
	CHECK(sc.keys[0].lifetime == 1ULL << 31 && sc.keys[1].lifetime == 65536 &&
	      !sc.keys[2].has_lifetime);
	CHECK(sc.keys[0].mki_len == 2 && sc.keys[0].mki[0] == 0 && sc.keys[0].mki[1] == 1);
	CHECK(sc.keys[1].mki_len == 2 && sc.keys[1].mki[0] == 1 && sc.keys[1].mki[1] == 2);
	CHECK(sc.keys[2].mki_len == 2 && sc.keys[2].mki[0] == 2 && sc.keys[2].mki[1] == 1);
	CHECK(!memcmp(sc.keys[1].key, rfc4568_key, 16) && sc.keys[0].key[0] == 1);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|2^48|4294967295:4;"
		     "inline:" K30 "|281474976710656|0:4") == 0);
	CHECK(sc.keys[0].lifetime == 1ULL << 48 && sc.keys[1].lifetime == 1ULL << 48);
	CHECK(!memcmp(sc.keys[0].mki, "\xff\xff\xff\xff", 4) &&
	      !memcmp(sc.keys[1].mki, "\0\0\0\0", 4));
	/* KSRTP_SDES_MAX_KEYS keys, and one more. */
	snprintf(line, sizeof(line), "a=crypto:1 AES_CM_128_HMAC_SHA1_80 ");
	for (i = 0; i < KSRTP_SDES_MAX_KEYS; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
			 "%sinline:" K30 "|%zu:1", i ? ";" : "", i);
	CHECK(crypto(line) == 0 && sc.nkeys == KSRTP_SDES_MAX_KEYS);
	CHECK(sc.keys[KSRTP_SDES_MAX_KEYS - 1].mki[0] == KSRTP_SDES_MAX_KEYS - 1);
	snprintf(line + strlen(line), sizeof(line) - strlen(line), ";inline:" K30 "|99:1");
	CHECK(crypto(line) == -E2BIG);
	CHECK_STR(sc_err, "more than 8 key-params");

	/* MKI rules. */
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|1:1;inline:" K30) ==
	      -EINVAL);
	CHECK_STR(sc_err, "key-params 2: no MKI; with several keys every key needs one");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 ";inline:" K30 "|1:1") ==
	      -EINVAL);
	CHECK_STR(sc_err, "key-params 1: no MKI; with several keys every key needs one");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|1:1;inline:" K30
		     "|2:2") == -EINVAL);
	CHECK_STR(sc_err, "key-params 2: MKI length 2 differs from key-params 1's (1)");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|1:2;inline:" K30
		     "|2:2;inline:" K30 "|01:2") == -EINVAL);
	CHECK_STR(sc_err, "key-params 3: same MKI value as key-params 1");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|256:1") == -EINVAL);
	CHECK_STR(sc_err, "key-params 1: MKI value does not fit in 1 bytes");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|1:5") == -EOPNOTSUPP);
	CHECK_STR(sc_err, "key-params 1: MKI of 5 bytes, ksrtp takes at most 4");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|1:129") == -EINVAL);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|1:0") == -EINVAL);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|x:1") == -EINVAL);
	CHECK_STR(sc_err, "key-params 1: malformed MKI (expected MKI:LENGTH, decimal, "
		  "LENGTH 1..128)");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|1:") == -EINVAL);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|1:1|2^20") == -EINVAL);
	CHECK_STR(sc_err, "key-params 1: a field after the MKI");

	/* Lifetimes. */
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|2^49") == -ERANGE);
	CHECK_STR(sc_err, "key-params 1: lifetime above 2^48 packets");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|281474976710657") ==
	      -ERANGE);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30
		     "|99999999999999999999999") == -ERANGE);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|0") == -ERANGE);
	CHECK_STR(sc_err, "key-params 1: lifetime 0");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|2^") == -EINVAL);
	CHECK_STR(sc_err, "key-params 1: malformed lifetime (expected decimal or 2^N)");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|") == -EINVAL);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "|2^10|2^11") == -EINVAL);
	CHECK_STR(sc_err, "key-params 1: two lifetimes");

	/* The line, the tag, the suite, the key method, base64. */
	CHECK(crypto("a=fingerprint:sha-256 00") == -EINVAL);
	CHECK_STR(sc_err, "not an SDES crypto attribute (expected a=crypto:TAG SUITE "
		  "inline:...)");
	CHECK(crypto("") == -EINVAL);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 "\nx") == -EINVAL);
	CHECK_STR(sc_err, "more than one line");
	CHECK(crypto("a=crypto: AES_CM_128_HMAC_SHA1_80 inline:" K30) == -EINVAL);
	CHECK_STR(sc_err, "tag: expected 1 to 9 decimal digits");
	CHECK(crypto("a=crypto:1234567890 AES_CM_128_HMAC_SHA1_80 inline:" K30) == -EINVAL);
	CHECK(crypto("a=crypto:1x AES_CM_128_HMAC_SHA1_80 inline:" K30) == -EINVAL);
	CHECK(crypto("a=crypto:1") == -EINVAL);
	CHECK_STR(sc_err, "crypto-suite missing");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80") == -EINVAL);
	CHECK_STR(sc_err, "key-params missing");
	CHECK(crypto("a=crypto:1 F8_128_HMAC_SHA1_80 inline:" K30) == -EOPNOTSUPP);
	CHECK_STR(sc_err, "crypto-suite F8_128_HMAC_SHA1_80: not supported by ksrtp");
	CHECK(crypto("a=crypto:1 SEED_128_GCM_96 inline:" K30) == -EOPNOTSUPP);
	CHECK(crypto("a=crypto:1 NULL_HMAC_SHA1_80 inline:" K30) == -EINVAL);
	CHECK_STR(sc_err, "crypto-suite NULL_HMAC_SHA1_80: not an SDES crypto-suite "
		  "(the NULL suites have no SDES name)");
	CHECK(crypto("a=crypto:1 AES_CM_999 inline:" K30) == -EINVAL);
	CHECK_STR(sc_err, "crypto-suite \"AES_CM_999\": unknown suite");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 uri:" K30) == -EOPNOTSUPP);
	CHECK_STR(sc_err, "key-params 1: key method not supported (only inline)");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 " K30) == -EINVAL);
	CHECK_STR(sc_err, "key-params 1: expected inline:BASE64");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AQID!AUG") == -EINVAL);
	CHECK_STR(sc_err, "key-params 1: the key is not valid base64");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 ";") == -EINVAL);
	CHECK_STR(sc_err, "key-params 2: empty");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:") == -EINVAL);

	/* Session parameters. */
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " KDR=1") == -EOPNOTSUPP);
	CHECK(strstr(sc_err, "session parameter KDR: not supported"));
	/* RFC 4568 section 6.3.2's flags (KSRTP_6): returned, each alone. */
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30) == 0);
	CHECK(!sc.unencrypted_srtp && !sc.unencrypted_srtcp && !sc.unauthenticated_srtp);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " UNENCRYPTED_SRTP") == 0);
	CHECK(sc.unencrypted_srtp && !sc.unencrypted_srtcp && !sc.unauthenticated_srtp);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " UNENCRYPTED_SRTCP") == 0);
	CHECK(!sc.unencrypted_srtp && sc.unencrypted_srtcp && !sc.unauthenticated_srtp);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " UNAUTHENTICATED_SRTP") ==
	      0);
	CHECK(!sc.unencrypted_srtp && !sc.unencrypted_srtcp && sc.unauthenticated_srtp);
	/* All three, in any order, with WSH among them. */
	CHECK(crypto("a=crypto:7 AES_256_CM_HMAC_SHA1_32 inline:" K46 "|2^20|1:4"
		     " UNAUTHENTICATED_SRTP WSH=128\tUNENCRYPTED_SRTCP UNENCRYPTED_SRTP\r\n") == 0);
	CHECK(sc.tag == 7 && sc.nkeys == 1 && sc.has_wsh && sc.wsh == 128);
	CHECK(sc.unencrypted_srtp && sc.unencrypted_srtcp && sc.unauthenticated_srtp);
	/* The parser leaves the suite rules to the kernel and srtpctl. */
	CHECK(crypto("a=crypto:1 AEAD_AES_128_GCM inline:" K28 " UNENCRYPTED_SRTCP") == 0 &&
	      sc.unencrypted_srtcp);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30
		     " UNENCRYPTED_SRTP UNENCRYPTED_SRTP") == -EINVAL);
	CHECK_STR(sc_err, "session parameter UNENCRYPTED_SRTP given twice");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30
		     " UNAUTHENTICATED_SRTP=1") == -EINVAL);
	CHECK_STR(sc_err, "session parameter UNAUTHENTICATED_SRTP takes no value");
	/* Names are case-sensitive, as RFC 4568's grammar has them. */
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " unencrypted_srtp") ==
	      -EOPNOTSUPP);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " UNENCRYPTED_SRTPX") ==
	      -EOPNOTSUPP);
	CHECK_STR(sc_err, "session parameter UNENCRYPTED_SRTPX: unknown, not supported");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " FEC_ORDER=FEC_SRTP") ==
	      -EOPNOTSUPP);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " FEC_ORDER=x") == -EINVAL);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " FEC_KEY=inline:" K30) ==
	      -EOPNOTSUPP);
	CHECK_STR(sc_err, "session parameter FEC_KEY: not supported");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " WSH=63") == -EINVAL);
	CHECK_STR(sc_err, "session parameter WSH: expected a window size of at least 64");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " WSH=64 WSH=64") ==
	      -EINVAL);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " WSH=4294967295") == 0);
	CHECK(sc.wsh == 4294967295u);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " WSH=4294967296") ==
	      -EINVAL);
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " -X=secret") ==
	      -EOPNOTSUPP);
	CHECK_STR(sc_err, "session parameter -X: unknown, not supported");
	CHECK(crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30 " wsh=128") ==
	      -EOPNOTSUPP);
	/* A message fits the documented room, and a NULL errmsg is allowed. */
	CHECK(ksrtp_parse_sdes_crypto("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" K30
				      " KDR=1", &sc, NULL, 0) == -EOPNOTSUPP);
	explicit_bzero(&sc, sizeof(sc));
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
	return key_line_decode(line, "key-file k", p, NULL, err, errlen);
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

/* key_line_decode() of an a=crypto line: suite, first key, further keys. */
static void test_key_crypto_lines(void)
{
	struct ksrtp_ctx_params p;
	struct sdes_extra x;
	char line[512], err[512];

	memset(&p, 0, sizeof(p));
	snprintf(line, sizeof(line), "a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:" RFCK
		 "|2^20|1:1;inline:" K30 "|2:1 WSH=256\n");
	CHECK(key_line_decode(line, "key-file k", &p, &x, err, sizeof(err)) == 0);
	CHECK(p.suite == KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32 && p.key_len == 16 &&
	      p.salt_len == 14);
	CHECK(!memcmp(p.key, rfc4568_key, 16) && !memcmp(p.salt, rfc4568_salt, 14));
	CHECK(p.mki_len == 1 && p.mki[0] == 1);
	CHECK(x.nkeys == 1 && x.wsh == 256);
	CHECK(x.keys[0].key_len == 16 && x.keys[0].salt_len == 14 && x.keys[0].key[0] == 1 &&
	      x.keys[0].salt[0] == 17 && x.keys[0].mki_len == 1 && x.keys[0].mki[0] == 2 &&
	      !x.keys[0].active && !x.keys[0].has_from_index);

	/* The context's suite must be the line's; errors name both. */
	memset(&p, 0, sizeof(p));
	p.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	snprintf(line, sizeof(line), "crypto:3 AES_CM_128_HMAC_SHA1_32 inline:" RFCK);
	CHECK(key_line_decode(line, "key-file k", &p, &x, err, sizeof(err)) < 0);
	CHECK_STR(err, "key-file k: the a=crypto line is for AES_CM_128_HMAC_SHA1_32, "
		  "the context for AES_CM_128_HMAC_SHA1_80");
	snprintf(line, sizeof(line), "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" RFCK
		 " KDR=10");
	CHECK(key_line_decode(line, "key-file k", &p, &x, err, sizeof(err)) < 0);
	CHECK(!strncmp(err, "key-file k: a=crypto: session parameter KDR: not supported",
		       58) && !strstr(err, "WVNf"));
	/* Several keys where only one is taken. */
	snprintf(line, sizeof(line), "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" RFCK
		 "|1:1;inline:" K30 "|2:1");
	CHECK(key_line_decode(line, "key-file k", &p, NULL, err, sizeof(err)) < 0);
	CHECK_STR(err, "key-file k: the a=crypto line has 2 keys, only one is taken here");
	/* Without a suite, only an a=crypto line will do. */
	memset(&p, 0, sizeof(p));
	snprintf(line, sizeof(line), "inline:" RFCK);
	CHECK(key_line_decode(line, "key-file k", &p, &x, err, sizeof(err)) < 0);
	CHECK_STR(err, "'suite SUITE' is required: key-file k holds no a=crypto line");
	explicit_bzero(&p, sizeof(p));
	explicit_bzero(&x, sizeof(x));
}

/*
 * add_request() of cryptex (RFC 9335): the word, or a=cryptex on a line
 * of its own in the key file, as SDP has it at session or media level.
 * file: the key file's contents (NULL: none, the words carry the key).
 * Returns what add_request() returned; *cryptex what it asked for, and
 * cx_err what it said on standard error.
 */
static char cx_err[1024];
/* The session parameters it asked for: UNENCRYPTED_SRTP, _SRTCP, UNAUTH. */
static bool cx_sp[3];
/* The encrypted header extension IDs of the last add, "1,3,200" or "". */
static char cx_ext[EXT_IDS_STRLEN];

static int cx_add(const char *file, bool *cryptex, const char *const *words)
{
	char path[] = "/tmp/test_parse.XXXXXX", *argv[24];
	struct ksrtp_batch_req req;
	struct context c;
	int argc = 0, fd = -1, ret, saved = dup(2);
	FILE *errf = tmpfile();
	size_t n;

	while (words[argc] && argc < 20) {
		argv[argc] = strdup(words[argc]);
		argc++;
	}
	if (file) {
		fd = mkstemp(path);
		if (fd < 0 || write(fd, file, strlen(file)) != (ssize_t)strlen(file))
			abort();
		argv[argc++] = strdup("key-file");
		argv[argc++] = strdup(path);
	}
	argv[argc] = NULL;
	*cryptex = false;
	memset(cx_sp, 0, sizeof(cx_sp));
	cx_ext[0] = '\0';
	fflush(stderr);
	if (!errf || saved < 0 || dup2(fileno(errf), 2) < 0)
		abort();
	ret = add_request(argc, argv, &c, &req);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(errf);
	n = fread(cx_err, 1, sizeof(cx_err) - 1, errf);
	cx_err[n] = '\0';
	fclose(errf);
	if (!ret) {
		CHECK(req.op == KSRTP_BATCH_ADD && req.params == &c.params);
		*cryptex = c.params.cryptex;
		cx_sp[0] = c.params.unencrypted_srtp;
		cx_sp[1] = c.params.unencrypted_srtcp;
		cx_sp[2] = c.params.unauthenticated_srtp;
		format_ext_ids(c.params.enc_ext_ids, c.params.n_enc_ext_ids, cx_ext,
			       sizeof(cx_ext));
		CHECK(c.params.suite != 0 && c.params.key_len == 16);
		context_wipe(&c);
	}
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	while (argc--)
		free(argv[argc]);
	return ret;
}

#define CX_OUT "out", "local", "10.0.0.1:1", "remote", "10.0.0.2:2", "ssrc", "1"
#define CX_SUITE "suite", "AES_CM_128_HMAC_SHA1_80"
#define CX_ADD(file, cx, ...) cx_add(file, cx, (const char *const[]){ __VA_ARGS__, NULL })

static void test_cryptex_words(void)
{
	static const char crypto[] = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFCK;
	char file[256];
	bool cx;

	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline) == 0 && !cx);
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "cryptex") == 0 && cx);
	CHECK(CX_ADD(NULL, &cx, "in", "local", "10.0.0.1:1", "template", "cryptex",
		     CX_SUITE, "inline", rfc4568_inline) == 0 && cx);
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline, "cryptex",
		     "cryptex") == EXIT_USAGE);
	CHECK(strstr(cx_err, "'cryptex' given twice"));
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline, "cryptex",
		     "yes") == EXIT_USAGE);
	/* Abbreviated, as every word may be. */
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline, "cry") == 0 && cx);
	/* The NULL suites encrypt nothing. */
	CHECK(CX_ADD(NULL, &cx, CX_OUT, "suite", "NULL_HMAC_SHA1_80", "inline",
		     rfc4568_inline, "cryptex") == EXIT_USAGE);
	CHECK(strstr(cx_err, "'cryptex': NULL_HMAC_SHA1_80 encrypts nothing"));
	CHECK(CX_ADD(NULL, &cx, CX_OUT, "suite", "NULL_HMAC_SHA1_80", "inline",
		     rfc4568_inline) == 0 && !cx);

	/* a=cryptex in the key file, after the a=crypto line or before it. */
	snprintf(file, sizeof(file), "%s\na=cryptex\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == 0 && cx);
	snprintf(file, sizeof(file), "  a=cryptex \r\n%s\r\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == 0 && cx);
	/* Session and media level both, and the word too. */
	snprintf(file, sizeof(file), "a=cryptex\n%s\na=cryptex", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT, "cryptex") == 0 && cx);
	snprintf(file, sizeof(file), "%s\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == 0 && !cx);
	snprintf(file, sizeof(file), "a=cryptex\n00112233445566778899aabbccddeeff"
		 "0102030405060708090a0b0c0d0e\n");
	CHECK(CX_ADD(file, &cx, CX_OUT, CX_SUITE) == 0 && cx);
	/* It has no value; other lines are still refused. */
	snprintf(file, sizeof(file), "%s\na=cryptex:1\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == EXIT_USAGE);
	CHECK(strstr(cx_err, ": a=cryptex takes no value (RFC 9335 section 5)"));
	snprintf(file, sizeof(file), "%s\na=cryptexes\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == EXIT_USAGE);
	CHECK(strstr(cx_err, ": more than one line") && !strstr(cx_err, "WVNf"));
	snprintf(file, sizeof(file), "a=cryptex\n");
	CHECK(CX_ADD(file, &cx, CX_OUT, CX_SUITE) == EXIT_USAGE);
}

#define SP(a, b, c) (cx_sp[0] == (a) && cx_sp[1] == (b) && cx_sp[2] == (c))

/* The RFC 4568 session parameters: words, a=crypto lines, refusals. */
static void test_sdes_params_words(void)
{
	static const char crypto[] = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFCK;
	char file[256];
	bool cx;

	/* None unless asked for: srtpctl never adds its own. */
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline) == 0 &&
	      SP(0, 0, 0));
	snprintf(file, sizeof(file), "%s WSH=128\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == 0 && SP(0, 0, 0));
	/* The words, each alone and all together, abbreviated too. */
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "unencrypted-srtp") == 0 && SP(1, 0, 0));
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "unencrypted-srtcp") == 0 && SP(0, 1, 0));
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "unauthenticated-srtp") == 0 && SP(0, 0, 1));
	CHECK(CX_ADD(NULL, &cx, "in", "local", "10.0.0.1:1", "ssrc", "1", CX_SUITE,
		     "inline", rfc4568_inline, "unauth", "unencrypted-srtc",
		     "unencrypted-srtp") == 0 && SP(1, 1, 1));
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "unencrypted-srtp", "unencrypted-srtp") == EXIT_USAGE);
	CHECK(strstr(cx_err, "'unencrypted-srtp' given twice"));
	/* The a=crypto line's, each and all, with the words as well. */
	snprintf(file, sizeof(file), "%s UNENCRYPTED_SRTP\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == 0 && SP(1, 0, 0));
	snprintf(file, sizeof(file), "%s UNENCRYPTED_SRTCP\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == 0 && SP(0, 1, 0));
	snprintf(file, sizeof(file), "%s UNAUTHENTICATED_SRTP\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == 0 && SP(0, 0, 1));
	CHECK(CX_ADD(file, &cx, CX_OUT, "unauthenticated-srtp", "unencrypted-srtcp") == 0 &&
	      SP(0, 1, 1));
	snprintf(file, sizeof(file), "%s UNENCRYPTED_SRTCP UNAUTHENTICATED_SRTP "
		 "UNENCRYPTED_SRTP\r\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == 0 && SP(1, 1, 1));
	/* As the kernel: not with GCM... */
	CHECK(CX_ADD(NULL, &cx, CX_OUT, "suite", "AEAD_AES_128_GCM", "inline", K28,
		     "unencrypted-srtcp") == EXIT_USAGE);
	CHECK(strstr(cx_err, "unencrypted-srtcp (UNENCRYPTED_SRTCP): not with "
		     "AEAD_AES_128_GCM"));
	snprintf(file, sizeof(file), "a=crypto:1 AEAD_AES_256_GCM inline:" K44
		 " UNAUTHENTICATED_SRTP\n");
	CHECK(CX_ADD(file, &cx, CX_OUT) == EXIT_USAGE);
	CHECK(strstr(cx_err, "unauthenticated-srtp (UNAUTHENTICATED_SRTP): not with "
		     "AEAD_AES_256_GCM") && !strstr(cx_err, "AQID"));
	/* ...UNENCRYPTED_SRTP not with cryptex... */
	snprintf(file, sizeof(file), "%s UNENCRYPTED_SRTP\na=cryptex\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == EXIT_USAGE);
	CHECK(strstr(cx_err, "unencrypted-srtp (UNENCRYPTED_SRTP): not with cryptex"));
	snprintf(file, sizeof(file), "%s UNENCRYPTED_SRTCP UNAUTHENTICATED_SRTP\n"
		 "a=cryptex\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == 0 && cx && SP(0, 1, 1));
	/* ...UNAUTHENTICATED_SRTP not for templates. */
	CHECK(CX_ADD(NULL, &cx, "in", "local", "10.0.0.1:1", "template", CX_SUITE,
		     "inline", rfc4568_inline, "unauthenticated-srtp") == EXIT_USAGE);
	CHECK(strstr(cx_err, "unauthenticated-srtp (UNAUTHENTICATED_SRTP): not for a "
		     "template"));
	CHECK(CX_ADD(NULL, &cx, "in", "local", "10.0.0.1:1", "template", CX_SUITE,
		     "inline", rfc4568_inline, "unencrypted-srtp",
		     "unencrypted-srtcp") == 0 && SP(1, 1, 0));
	/* The NULL suites: the UNENCRYPTED ones change nothing, as the kernel. */
	CHECK(CX_ADD(NULL, &cx, CX_OUT, "suite", "NULL_HMAC_SHA1_80", "inline",
		     rfc4568_inline, "unencrypted-srtp", "unencrypted-srtcp") == 0 &&
	      SP(1, 1, 0));
	/* A malformed one is the parser's refusal. */
	snprintf(file, sizeof(file), "%s UNENCRYPTED_SRTP=1\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == EXIT_USAGE);
	CHECK(strstr(cx_err, "session parameter UNENCRYPTED_SRTP takes no value") &&
	      !strstr(cx_err, "WVNf"));
}

/* ksrtp_parse_sdp_extmap(): RFC 6904 section 5 lines, and the others. */
static void test_sdp_extmap(void)
{
	char err[KSRTP_SDES_ERRMSG_LEN], line[300];
	uint8_t id;

#define EXTMAP(l) (id = 0, ksrtp_parse_sdp_extmap(l, &id, err, sizeof(err)))
	/* Good: one-byte and two-byte IDs, direction, attributes, no a=. */
	CHECK(EXTMAP("a=extmap:1 urn:ietf:params:rtp-hdrext:encrypt "
		     "urn:ietf:params:rtp-hdrext:ssrc-audio-level") == 1 && id == 1);
	CHECK(EXTMAP("a=extmap:14/sendrecv urn:ietf:params:rtp-hdrext:encrypt "
		     "urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on\r\n") == 1 && id == 14);
	CHECK(EXTMAP("a=extmap:200/recvonly urn:ietf:params:rtp-hdrext:encrypt "
		     "http://example.com/082005/ext.htm#xmeta short") == 1 && id == 200);
	CHECK(EXTMAP("  extmap:255/inactive\tURN:IETF:params:rtp-hdrext:ENCRYPT\t"
		     "urn:x:y a b c  ") == 1 && id == 255);
	CHECK(EXTMAP("a=extmap:7/sendonly urn:ietf:params:rtp-hdrext:encrypt u") == 1 &&
	      id == 7);
	CHECK(EXTMAP("a=extmap:007 urn:ietf:params:rtp-hdrext:encrypt u") == 1 && id == 7);
	/* Ordinary a=extmap lines: 0, not checked further; others: -ENOENT. */
	CHECK(EXTMAP("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level") == 0 &&
	      id == 0);
	CHECK(EXTMAP("a=extmap:0 urn:ietf:params:rtp-hdrext:toffset") == 0);
	CHECK(EXTMAP("a=extmap:3 urn:ietf:params:rtp-hdrext:encrypted u") == 0);
	CHECK(EXTMAP("a=extmap-allow-mixed") == -ENOENT);
	CHECK(EXTMAP("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x") == -ENOENT);
	CHECK(EXTMAP("") == -ENOENT);
	/* Bad encrypting lines, each named. */
	CHECK(EXTMAP("a=extmap:0 urn:ietf:params:rtp-hdrext:encrypt u") == -EINVAL);
	CHECK_STR(err, "a=extmap: ID \"0\": expected 1 to 255 (RFC 8285)");
	CHECK(EXTMAP("a=extmap:256 urn:ietf:params:rtp-hdrext:encrypt u") == -EINVAL);
	CHECK(strstr(err, "ID \"256\": expected 1 to 255"));
	CHECK(EXTMAP("a=extmap:4096 urn:ietf:params:rtp-hdrext:encrypt u") == -EINVAL);
	CHECK(EXTMAP("a=extmap:x urn:ietf:params:rtp-hdrext:encrypt u") == -EINVAL);
	CHECK(EXTMAP("a=extmap:/sendrecv urn:ietf:params:rtp-hdrext:encrypt u") == -EINVAL);
	CHECK(EXTMAP("a=extmap:-1 urn:ietf:params:rtp-hdrext:encrypt u") == -EINVAL);
	CHECK(EXTMAP("a=extmap:5/both urn:ietf:params:rtp-hdrext:encrypt u") == -EINVAL);
	CHECK_STR(err, "a=extmap:5: direction \"both\": expected sendonly, recvonly, "
		  "sendrecv or inactive");
	CHECK(EXTMAP("a=extmap:5/ urn:ietf:params:rtp-hdrext:encrypt u") == -EINVAL);
	CHECK(EXTMAP("a=extmap:5/SENDRECV urn:ietf:params:rtp-hdrext:encrypt u") == -EINVAL);
	CHECK(EXTMAP("a=extmap:5 urn:ietf:params:rtp-hdrext:encrypt") == -EINVAL);
	CHECK_STR(err, "a=extmap:5 urn:ietf:params:rtp-hdrext:encrypt: no URI of the "
		  "extension to encrypt (RFC 6904 section 5)");
	CHECK(EXTMAP("a=extmap:5 urn:ietf:params:rtp-hdrext:encrypt  \r\n") == -EINVAL);
	CHECK(EXTMAP("a=extmap:5 urn:ietf:params:rtp-hdrext:encrypt "
		     "urn:ietf:params:rtp-hdrext:encrypt") == -EINVAL);
	CHECK(strstr(err, "the encrypt URN itself"));
	CHECK(EXTMAP("a=extmap:5 urn:ietf:params:rtp-hdrext:encrypt u\na=extmap:6 x") ==
	      -EINVAL);
	CHECK_STR(err, "more than one line");
	snprintf(line, sizeof(line), "a=extmap:9 urn:ietf:params:rtp-hdrext:encrypt u");
	CHECK(ksrtp_parse_sdp_extmap(line, &id, NULL, 0) == 1 && id == 9);
#undef EXTMAP
}

/* enc-ext-ids: the word, a=extmap lines of key files, refusals. */
static void test_enc_ext_ids_words(void)
{
	static const char crypto[] = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFCK;
	static const char enc[] = "urn:ietf:params:rtp-hdrext:encrypt";
	char file[1024];
	bool cx;

	/* None unless asked for. */
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline) == 0 &&
	      !strcmp(cx_ext, ""));
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "enc-ext-ids", "200,1,3") == 0 && !strcmp(cx_ext, "1,3,200"));
	CHECK(CX_ADD(NULL, &cx, "in", "local", "10.0.0.1:1", "template", CX_SUITE,
		     "inline", rfc4568_inline, "enc-ext", "255") == 0 &&
	      !strcmp(cx_ext, "255"));
	/* With cryptex: the kernel takes both. */
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "enc-ext-ids", "1", "cryptex") == 0 && cx && !strcmp(cx_ext, "1"));
	/* Bad lists. */
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "enc-ext-ids", "0") == EXIT_USAGE);
	CHECK(strstr(cx_err, "enc-ext-ids: invalid header extension ID \"0\" (expected 1..255)"));
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "enc-ext-ids", "1,256") == EXIT_USAGE);
	CHECK(strstr(cx_err, "invalid header extension ID \"256\""));
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "enc-ext-ids", "3,1,3") == EXIT_USAGE);
	CHECK(strstr(cx_err, "enc-ext-ids: ID 3 given twice"));
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "enc-ext-ids", ",") == EXIT_USAGE);
	CHECK(strstr(cx_err, "enc-ext-ids: expected ID[,ID...]"));
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "enc-ext-ids", "1", "enc-ext-ids", "2") == EXIT_USAGE);
	CHECK(strstr(cx_err, "'enc-ext-ids' given twice"));
	/* As the kernel: the NULL suites encrypt nothing... */
	CHECK(CX_ADD(NULL, &cx, CX_OUT, "suite", "NULL_HMAC_SHA1_32", "inline",
		     rfc4568_inline, "enc-ext-ids", "1") == EXIT_USAGE);
	CHECK(strstr(cx_err, "enc-ext-ids (RFC 6904): NULL_HMAC_SHA1_32 encrypts nothing"));
	/* ...and not with UNENCRYPTED_SRTP, word or a=crypto line. */
	CHECK(CX_ADD(NULL, &cx, CX_OUT, CX_SUITE, "inline", rfc4568_inline,
		     "enc-ext-ids", "1", "unencrypted-srtp") == EXIT_USAGE);
	CHECK(strstr(cx_err, "enc-ext-ids (RFC 6904): not with unencrypted-srtp "
		     "(UNENCRYPTED_SRTP)"));
	snprintf(file, sizeof(file), "%s UNENCRYPTED_SRTP\na=extmap:2 %s urn:x\n",
		 crypto, enc);
	CHECK(CX_ADD(file, &cx, CX_OUT) == EXIT_USAGE);
	CHECK(strstr(cx_err, "not with unencrypted-srtp") && !strstr(cx_err, "WVNf"));
	/* UNENCRYPTED_SRTCP is fine. */
	snprintf(file, sizeof(file), "%s UNENCRYPTED_SRTCP\na=extmap:2 %s urn:x\n",
		 crypto, enc);
	CHECK(CX_ADD(file, &cx, CX_OUT) == 0 && SP(0, 1, 0) && !strcmp(cx_ext, "2"));

	/* Key files: encrypting lines add, the others are ignored. */
	snprintf(file, sizeof(file),
		 "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\n"
		 "a=extmap:3/sendrecv %s urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on\n"
		 "%s\n"
		 "a=extmap:200 %s urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
		 "a=extmap:2 urn:ietf:params:rtp-hdrext:toffset\n"
		 "a=cryptex\n", enc, crypto, enc);
	CHECK(CX_ADD(file, &cx, CX_OUT) == 0 && cx && !strcmp(cx_ext, "3,200"));
	/* With the word: the union. */
	CHECK(CX_ADD(file, &cx, CX_OUT, "enc-ext-ids", "3,4") == 0 &&
	      !strcmp(cx_ext, "3,4,200"));
	/* With a hex key too, and only ordinary a=extmap lines. */
	snprintf(file, sizeof(file), "a=extmap:9 %s urn:x\n"
		 "00112233445566778899aabbccddeeff0102030405060708090a0b0c0d0e\n", enc);
	CHECK(CX_ADD(file, &cx, CX_OUT, CX_SUITE) == 0 && !strcmp(cx_ext, "9"));
	snprintf(file, sizeof(file), "%s\na=extmap:1 urn:x\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == 0 && !strcmp(cx_ext, ""));
	/* A malformed encrypting line is refused, named by its number. */
	snprintf(file, sizeof(file), "%s\na=extmap:0 %s urn:x\n", crypto, enc);
	CHECK(CX_ADD(file, &cx, CX_OUT) == EXIT_USAGE);
	CHECK(strstr(cx_err, ": line 2 (a=extmap:0 urn:ietf:params:rtp-hdrext:encrypt urn:x): "
		     "a=extmap: ID \"0\": expected 1 to 255") && !strstr(cx_err, "WVNf"));
	/* The line as it is, up to 120 characters (CR LF left out). */
	snprintf(file, sizeof(file), "%s\r\na=extmap:1 urn:x\r\na=extmap:0 %s "
		 "urn:ietf:params:rtp-hdrext:sdes:mid\r\n", crypto, enc);
	CHECK(CX_ADD(file, &cx, CX_OUT) == EXIT_USAGE);
	CHECK(strstr(cx_err, ": line 3 (a=extmap:0 urn:ietf:params:rtp-hdrext:encrypt "
		     "urn:ietf:params:rtp-hdrext:sdes:mid): a=extmap: ID \"0\""));
	snprintf(file, sizeof(file), "a=cryptex\n%s\n a=extmap:4/sendrecv %s\n", crypto, enc);
	CHECK(CX_ADD(file, &cx, CX_OUT) == EXIT_USAGE);
	CHECK(strstr(cx_err, ": line 3 (a=extmap:4/sendrecv urn:ietf:params:rtp-hdrext:"
		     "encrypt): a=extmap:4 urn:ietf:params:rtp-hdrext:encrypt: no URI"));
	snprintf(file, sizeof(file), "%s\na=extmap:4/up %s urn:x\n", crypto, enc);
	CHECK(CX_ADD(file, &cx, CX_OUT) == EXIT_USAGE);
	CHECK(strstr(cx_err, "direction \"up\""));
	/* Other lines are still refused; so is a file of a=extmap only. */
	snprintf(file, sizeof(file), "%s\na=rtpmap:96 opus/48000/2\n", crypto);
	CHECK(CX_ADD(file, &cx, CX_OUT) == EXIT_USAGE);
	snprintf(file, sizeof(file), "a=extmap:4 %s urn:x\n", enc);
	CHECK(CX_ADD(file, &cx, CX_OUT, CX_SUITE) == EXIT_USAGE);
}

/* show: a line after the session parameters, only when set. */
static void test_enc_ext_ids_show(void)
{
	struct ksrtp_ctx_info c = { 0 };
	char *out = NULL, buf[EXT_IDS_STRLEN];
	uint8_t all[KSRTP_ENC_EXT_IDS_MAX];
	size_t len = 0;
	unsigned int i;
	FILE *f;

	c.id = 3;
	c.tuple.direction = KSRTP_DIR_OUTBOUND;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &c.tuple.local);
	c.tuple.ssrc = 1;
	c.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	f = open_memstream(&out, &len);
	print_ctx(f, &c);
	fclose(f);
	CHECK(!strstr(out, "enc-ext-ids"));
	free(out);
	out = NULL;
	c.unencrypted_srtcp = true;
	c.n_enc_ext_ids = 3;
	memcpy(c.enc_ext_ids, "\x01\x03\xc8", 3);
	c.nkeys = 1;
	c.keys[0].active = true;
	f = open_memstream(&out, &len);
	print_ctx(f, &c);
	fclose(f);
	CHECK(strstr(out, "    unencrypted-srtcp\n    enc-ext-ids 1,3,200\n    key 1: "));
	free(out);
	/* All of them, in any order: the longest list fits. */
	for (i = 0; i < KSRTP_ENC_EXT_IDS_MAX; i++)
		all[i] = (uint8_t)(255 - i);
	format_ext_ids(all, KSRTP_ENC_EXT_IDS_MAX, buf, sizeof(buf));
	CHECK(!strncmp(buf, "1,2,3,", 6) && strlen(buf) > 4 &&
	      !strcmp(buf + strlen(buf) - 8, ",254,255"));
	CHECK(!strcmp(format_ext_ids(all, 0, buf, sizeof(buf)), ""));
}

/* show: a line each, after cryptex, only when set; JSON and TSV always. */
static void test_sdes_params_show(void)
{
	struct ksrtp_ctx_info c = { 0 };
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	c.id = 3;
	c.tuple.direction = KSRTP_DIR_OUTBOUND;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &c.tuple.local);
	c.tuple.ssrc = 1;
	c.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	f = open_memstream(&out, &len);
	print_ctx(f, &c);
	fclose(f);
	CHECK(!strstr(out, "unencrypted") && !strstr(out, "unauthenticated"));
	free(out);
	out = NULL;
	c.cryptex = true;
	c.unencrypted_srtcp = true;
	c.unauthenticated_srtp = true;
	f = open_memstream(&out, &len);
	print_ctx(f, &c);
	fclose(f);
	CHECK(strstr(out, "    cryptex\n    unencrypted-srtcp\n    unauthenticated-srtp\n"));
	CHECK(!strstr(out, "unencrypted-srtp"));
	free(out);
	out = NULL;
	c.cryptex = false;
	c.unencrypted_srtp = true;
	f = open_memstream(&out, &len);
	print_ctx(f, &c);
	fclose(f);
	CHECK(strstr(out, "    unencrypted-srtp\n    unencrypted-srtcp\n"
		     "    unauthenticated-srtp\n") && !strstr(out, "cryptex"));
	free(out);
}

/* show: a line of its own, after template-id, only when it applies. */
static void test_cryptex_show(void)
{
	struct ksrtp_ctx_info c = { 0 };
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	c.id = 3;
	c.tuple.direction = KSRTP_DIR_INBOUND;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &c.tuple.local);
	c.tuple.ssrc = 1;
	c.suite = KSRTP_SUITE_AEAD_AES_128_GCM;
	c.template_id = 2;
	f = open_memstream(&out, &len);
	print_ctx(f, &c);
	c.cryptex = true;
	print_ctx(f, &c);
	fclose(f);
	/* The first context has no such line, the second has it. */
	CHECK(strstr(out, "    template-id 2\nctx 3: ") &&
	      strstr(out, "    template-id 2\n    cryptex\n") &&
	      strstr(out, "cryptex") > strstr(out + 1, "ctx 3: "));
	free(out);
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

	/*
	 * A context it learned (an inbound context: its policy is shown if
	 * the kernel reports it); then a template whose policy was not
	 * reported.
	 */
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
		"    policy required\n"
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

	/* About no context: a dropped RTP datagram, then one that was not. */
	memset(&ev, 0, sizeof(ev));
	ev.type = KSRTP_EVENT_UNMATCHED;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &ev.tuple.local);
	ksrtp_parse_sockaddr("10.99.0.2:40000", &ev.tuple.remote);
	ev.has_ssrc = true;
	ev.tuple.ssrc = 0xcafe;
	ev.has_net_stats = true;
	ev.net_stats.unknown_ssrc = 3;
	ev.net_stats.not_srtp = 1;
	ev.net_stats.malformed = 18446744073709551615ull;
	print_event(f, &ev);
	ev.has_ssrc = false;
	ev.tuple.ssrc = 0;
	ev.tuple.direction = KSRTP_DIR_INBOUND;	/* if the kernel says */
	print_event(f, &ev);
	fclose(f);

	CHECK_STR(out,
		"soft-limit id 3 out local 10.99.0.1:5004 remote 10.99.0.2:6004 ssrc 0x00000010 mki 0x01\n"
		"hard-limit id 3 out local 10.99.0.1:5004 remote 10.99.0.2:6004 ssrc 0x00000010\n"
		"ssrc-learned id 7 template 5 in local [fd99::1]:5004 remote any ssrc 0x00001234\n"
		"learn-limit id 5 in local [fd99::1]:5004 remote any ssrc any\n"
		"auth-failures id 3 in local [fd99::1]:5004 remote any ssrc 0xdeadbeef count 12\n"
		"event-42 id 3 in local [fd99::1]:5004 remote any ssrc 0xdeadbeef\n"
		"unmatched local 10.99.0.1:5004 remote 10.99.0.2:40000 ssrc 0x0000cafe "
		"unknown-ssrc 3 not-srtp 1 malformed 18446744073709551615\n"
		"unmatched in local 10.99.0.1:5004 remote 10.99.0.2:40000 "
		"unknown-ssrc 3 not-srtp 1 malformed 18446744073709551615\n");
	free(out);
}

/* srtpctl show net, in its three forms. */
static void test_net_format(void)
{
	struct ksrtp_net_stats st = { .unknown_ssrc = 1, .not_srtp = 22,
				      .malformed = 1ull << 40 };
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	print_net(f, &st);
	print_net_tsv(f, &st);
	print_net_json(f, &st);
	fclose(f);
	CHECK_STR(out,
		"net unknown-ssrc 1 not-srtp 22 malformed 1099511627776\n"
		"1\t22\t1099511627776\n"
		"{\"unknown_ssrc\":1,\"not_srtp\":22,\"malformed\":1099511627776}\n");
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
	/* a=crypto lines: refusals name the part at fault, never the key. */
	CHECK(RUN("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFCK "\n", "add", "in",
		  "local", "10.0.0.1:1", "ssrc", "1", "suite", "AEAD_AES_128_GCM",
		  "key-file", "-") == 1);
	CHECK(strstr(err, "key-file (standard input): the a=crypto line is for "
		     "AES_CM_128_HMAC_SHA1_80, the context for AEAD_AES_128_GCM"));
	CHECK(!strstr(err, "WVNf"));
	CHECK(RUN("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFCK "|1:1;inline:" RFCK
		  "|1:1\n", "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "key-file",
		  "-") == 1);
	CHECK(strstr(err, "key-file (standard input): a=crypto: key-params 2: same MKI "
		     "value as key-params 1") && !strstr(err, "WVNf"));
	CHECK(RUN("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFCK " KDR=1\n",
		  "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "key-file", "-") == 1);
	CHECK(strstr(err, "session parameter KDR: not supported") && !strstr(err, "WVNf"));
	CHECK(RUN("a=crypto:1 AEAD_AES_128_GCM inline:" K28 " UNENCRYPTED_SRTP\n",
		  "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "key-file", "-") == 1);
	CHECK(strstr(err, "unencrypted-srtp (UNENCRYPTED_SRTP): not with AEAD_AES_128_GCM"));
	CHECK(RUN("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFCK "|1:1;inline:" K30
		  "|2:1\n", "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "key-file", "-",
		  "mki", "0x02") == 1);
	CHECK(strstr(err, "mki: the key's SDES MKI differs from 'mki'"));
	CHECK(RUN(KEY_HEX "00" SALT_HEX "\n", "add", "in", "local", "10.0.0.1:1", "ssrc",
		  "1", "key-file", "-") == 1);
	CHECK(strstr(err, "'suite SUITE' is required: key-file (standard input) holds no "
		     "a=crypto line") && !strstr(err, SALT_HEX));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "inline",
		  rfc4568_inline) == 1);
	CHECK(strstr(err, "'suite SUITE' is required (or a key-file with an a=crypto line)"));
	CHECK(RUN(NULL, "add", "in", "local", "10.0.0.1:1", "ssrc", "1", "key-file", "/x",
		  "dtls-role", "client") == 1);
	CHECK(strstr(err, "'suite SUITE' is required"));
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
	CHECK(RUN(NULL, "add", "out", "local", "10.0.0.1:1", "remote", "10.0.0.2:2", "ssrc",
		  "1", "policy", "optional", SUITE_KEY) == 1 &&
	      strstr(err, "'policy' applies to inbound contexts only"));
	CHECK(RUN(NULL, ADD_IN, "ssrc", "1", "policy", "sometimes", SUITE_KEY) == 1 &&
	      strstr(err, "policy: expected 'required' or 'optional', got \"sometimes\""));
	CHECK(RUN(NULL, ADD_IN, "ssrc", "1", "policy", "optional", "policy", "required",
		  SUITE_KEY) == 1 && strstr(err, "'policy' given twice"));
	/* show net: a word of its own, for the whole namespace. */
	CHECK(RUN(NULL, "--help") == 0 && strstr(out, "srtpctl show net"));
	CHECK(RUN(NULL, "show", "net", "id", "1") == 1 &&
	      strstr(err, "show net: the counters are the namespace's, 'id' and 'port' "
		     "do not apply"));
	CHECK(RUN(NULL, "show", "port", "5004", "n") == 1 && strstr(err, "do not apply"));
	CHECK(RUN(NULL, "show", "net", "net") == 1 && strstr(err, "'net' given twice"));
	CHECK(RUN(NULL, "show", "nets") == 1 && strstr(err, "unknown keyword \"nets\""));
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

/* srtpctl forward: its words, checked before the module is asked. */
static void test_srtpctl_forward(void)
{
	CHECK(RUN(NULL, "--help") == 0);
	CHECK(strstr(out, "srtpctl forward add local ADDR:PORT [remote ADDR:PORT] [ssrc SSRC] "
		     "[plain] [deliver]\n"));
	CHECK(strstr(out, "srtpctl forward del id ID\n"));
	CHECK(strstr(out, "srtpctl forward show [id ID]\n"));
	CHECK(strstr(out, "srtpctl forward output add id ID {ctx CTXID | local ADDR:PORT "
		     "remote ADDR:PORT [ssrc SSRC]}\n"));
	CHECK(strstr(out, "srtpctl forward output del id ID output N\n"));
	CHECK(strstr(out, "srtpctl forward output set id ID output N [seq-offset N] "
		     "[ts-offset N]\n"));

	/* "f" kept meaning flush when forward came; "fo" is forward. */
	CHECK(RUN(NULL, "f", "now") == 1 && strstr(err, "flush: unexpected \"now\""));
	CHECK(RUN(NULL, "fo") == 1 &&
	      strstr(err, "forward: expected 'add', 'del', 'show' or 'output'"));
	CHECK(RUN(NULL, "forward", "frob") == 1 && strstr(err, "got \"frob\""));

	/* add */
	CHECK(RUN(NULL, "forward", "add") == 1 &&
	      strstr(err, "forward add: 'local ADDR:PORT' is required"));
	CHECK(RUN(NULL, "forward", "add", "remote", "10.0.0.2:5006") == 1 &&
	      strstr(err, "'local ADDR:PORT' is required"));
	CHECK(RUN(NULL, "forward", "add", "local", "10.0.0.1") == 1 &&
	      strstr(err, "local: invalid ADDR:PORT \"10.0.0.1\""));
	CHECK(RUN(NULL, "forward", "add", "local", "10.0.0.1:1", "remote", "[fd00::1]:2") == 1 &&
	      strstr(err, "both IPv4 or both IPv6"));
	CHECK(RUN(NULL, "forward", "add", "local", "10.0.0.1:1", "ssrc", "0x1g") == 1 &&
	      strstr(err, "ssrc: invalid SSRC \"0x1g\""));
	CHECK(RUN(NULL, "forward", "add", "local", "10.0.0.1:1", "plain", "plain") == 1 &&
	      strstr(err, "'plain' given twice"));
	CHECK(RUN(NULL, "forward", "add", "local", "10.0.0.1:1", "local", "10.0.0.1:2") == 1 &&
	      strstr(err, "'local' given twice"));
	CHECK(RUN(NULL, "forward", "add", "local", "10.0.0.1:1", "owned") == 1 &&
	      strstr(err, "forward add: unknown keyword \"owned\""));
	CHECK(RUN(NULL, "forward", "add", "local", "10.0.0.1:1", "ctx", "3") == 1 &&
	      strstr(err, "forward add: unknown keyword \"ctx\""));
	CHECK(RUN(NULL, "forward", "add", "local") == 1 &&
	      strstr(err, "forward add: 'local' needs a value"));

	/* del, show */
	CHECK(RUN(NULL, "forward", "del") == 1 && strstr(err, "forward del: 'id ID' is required"));
	CHECK(RUN(NULL, "forward", "del", "id", "0") == 1 &&
	      strstr(err, "id: invalid rule id \"0\""));
	CHECK(RUN(NULL, "forward", "del", "id", "x") == 1 && strstr(err, "invalid rule id"));
	CHECK(RUN(NULL, "forward", "show", "port", "5004") == 1 &&
	      strstr(err, "forward show: unknown keyword \"port\""));
	CHECK(RUN(NULL, "forward", "show", "id") == 1 && strstr(err, "'id' needs a value"));

	/* output */
	CHECK(RUN(NULL, "forward", "output") == 1 &&
	      strstr(err, "forward output: expected 'add', 'del' or 'set'"));
	CHECK(RUN(NULL, "forward", "output", "add", "ctx", "7") == 1 &&
	      strstr(err, "forward output add: 'id ID' is required"));
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3") == 1 &&
	      strstr(err, "give 'ctx CTXID' or 'local ADDR:PORT remote ADDR:PORT'"));
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3", "ctx", "7", "remote",
		  "10.0.0.2:7000") == 1 && strstr(err, "no 'local', 'remote' or 'ssrc'"));
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3", "ctx", "7", "ssrc", "1") == 1 &&
	      strstr(err, "no 'local', 'remote' or 'ssrc'"));
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3", "ctx", "0") == 1 &&
	      strstr(err, "ctx: invalid context id \"0\""));
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3", "ssrc", "1") == 1 &&
	      strstr(err, "forward output add: 'local ADDR:PORT' is required"));
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3", "local", "10.0.0.1:6000") == 1 &&
	      strstr(err, "forward output add: 'remote ADDR:PORT' is required"));
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3", "local", "10.0.0.1:6000",
		  "remote", "[fd00::2]:7000") == 1 && strstr(err, "both IPv4 or both IPv6"));
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3", "ctx", "7", "seq-offset",
		  "65536") == 1 &&
	      strstr(err, "seq-offset: invalid offset \"65536\" (expected 0..65535)"));
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3", "ctx", "7", "ts-offset",
		  "-1") == 1 && strstr(err, "ts-offset: invalid offset \"-1\""));
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3", "ctx", "7", "s", "1") == 1 &&
	      strstr(err, "forward output add: ambiguous keyword \"s\""));
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3", "ctx", "7", "output", "1") == 1 &&
	      strstr(err, "forward output add: unknown keyword \"output\""));
	CHECK(RUN(NULL, "forward", "output", "del", "id", "3") == 1 &&
	      strstr(err, "forward output del: 'output N' is required"));
	CHECK(RUN(NULL, "forward", "output", "del", "id", "3", "output", "0") == 1 &&
	      strstr(err, "output: invalid output id \"0\""));
	CHECK(RUN(NULL, "forward", "output", "del", "id", "3", "output", "1", "seq-offset",
		  "1") == 1 && strstr(err, "forward output del: unknown keyword \"seq-offset\""));
	CHECK(RUN(NULL, "forward", "output", "set", "id", "3", "output", "1") == 1 &&
	      strstr(err, "forward output set: nothing to set (seq-offset, ts-offset)"));
	CHECK(RUN(NULL, "forward", "output", "set", "output", "1", "ts-offset", "1") == 1 &&
	      strstr(err, "forward output set: 'id ID' is required"));
	CHECK(RUN(NULL, "forward", "output", "s", "id", "3") == 1 &&
	      strstr(err, "forward output set: 'output N' is required"));

	/* In a batch: each line runs as on the command line, with its number. */
	CHECK(RUN("# rules\nforward add remote 10.0.0.2:1\n", "-b", "-") == 1 &&
	      strstr(err, "srtpctl: line 2: forward add: 'local ADDR:PORT' is required"));
	CHECK(RUN("forward output set id 3 output 1\nforward bogus\n", "-force", "-b", "-") == 1 &&
	      strstr(err, "line 1: forward output set: nothing to set") &&
	      strstr(err, "line 2: forward: expected"));
}

/* Does python's json.tool accept text? (skipped without python3) */
static int json_valid(const char *text, bool lines)
{
	char cmd[128];
	FILE *p;

	if (access("/usr/bin/python3", X_OK))
		return -1;
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 -m json.tool %s >/dev/null",
		 lines ? "--json-lines" : "");
	p = popen(cmd, "w");
	if (!p)
		return -1;
	fputs(text, p);
	return pclose(p) == 0;
}

static void check_json(const char *text, bool lines)
{
	int v = json_valid(text, lines);

	if (v < 0)
		checks_skipped++;
	else
		CHECK(v == 1);
	if (v == 0)
		fprintf(stderr, "invalid JSON:\n%s\n", text);
}

static size_t count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/* The JSON writer, and the JSON and TSV forms of contexts and events. */
static void test_json_output(void)
{
	struct ksrtp_ctx_info c[2];
	struct ksrtp_event_info ev = { 0 };
	char *buf = NULL;
	size_t len = 0, i;
	struct json j;
	FILE *f;

	f = open_memstream(&buf, &len);
	json_begin(&j, f);
	json_open_object(&j, NULL);
	json_string(&j, "s", "a\"b\\c\n\t\x01\x7f" "\xc3\xa9");
	json_open_array(&j, "a");
	json_u64(&j, NULL, 18446744073709551615ull);
	json_bool(&j, NULL, false);
	json_null(&j, NULL);
	json_open_object(&j, NULL);
	json_close_object(&j);
	json_close_array(&j);
	json_close_object(&j);
	json_end(&j);
	fclose(f);
	CHECK_STR(buf, "{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\xc3\xa9\","
		  "\"a\":[18446744073709551615,false,null,{}]}\n");
	check_json(buf, false);
	free(buf);

	memset(c, 0, sizeof(c));
	c[0].id = 3;
	c[0].tuple.direction = KSRTP_DIR_OUTBOUND;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &c[0].tuple.local);
	ksrtp_parse_sockaddr("10.99.0.2:6004", &c[0].tuple.remote);
	c[0].tuple.ssrc = 0x10;
	c[0].suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	c[0].replay_window = 128;
	strcpy(c[0].cipher_driver, "ctr(aes-aesni)");
	c[0].stats.rtp_packets = 100;
	c[0].nkeys = 2;
	c[0].keys[0].mki[0] = 1;
	c[0].keys[0].mki_len = 1;
	c[0].keys[1].mki[0] = 2;
	c[0].keys[1].mki_len = 1;
	c[0].keys[1].active = true;
	c[1].id = 5;
	c[1].tuple.direction = KSRTP_DIR_INBOUND;
	ksrtp_parse_sockaddr("[fd99::1]:5004", &c[1].tuple.local);
	c[1].suite = 99;
	c[1].is_template = true;
	c[1].policy = KSRTP_POLICY_OPTIONAL;
	c[1].learn_limit = 16;
	c[1].nkeys = 1;
	c[1].keys[0].has_from_index = true;
	c[1].keys[0].from_index = 70000;
	c[1].cryptex = true;
	c[1].unencrypted_srtcp = true;
	/* As the kernel reports them: in increasing order. */
	c[1].n_enc_ext_ids = 3;
	c[1].enc_ext_ids[0] = 1;
	c[1].enc_ext_ids[1] = 3;
	c[1].enc_ext_ids[2] = 200;

	buf = NULL;
	f = open_memstream(&buf, &len);
	json_begin(&j, f);
	json_open_array(&j, NULL);
	for (i = 0; i < 2; i++)
		print_ctx_json(&j, &c[i]);
	json_close_array(&j);
	json_end(&j);
	fclose(f);
	check_json(buf, false);
	CHECK(strstr(buf, "[{\"id\":3,\"direction\":\"out\",\"local\":\"10.99.0.1:5004\","
		      "\"remote\":\"10.99.0.2:6004\",\"ssrc\":16,"
		      "\"suite\":\"AES_CM_128_HMAC_SHA1_80\","));
	CHECK(strstr(buf, "\"cipher_driver\":\"ctr(aes-aesni)\",\"auth_driver\":null"));
	CHECK(strstr(buf, "\"stats\":{\"rtp_packets\":100,"));
	CHECK(strstr(buf, "\"keys\":[{\"mki\":\"0x01\",\"active\":false,"));
	CHECK(strstr(buf, "{\"mki\":\"0x02\",\"active\":true,"));
	CHECK(strstr(buf, "\"remote\":null,\"ssrc\":null,\"suite\":99,"));
	CHECK(strstr(buf, "\"template\":true,\"policy\":\"optional\",\"learn_limit\":16,"));
	CHECK(strstr(buf, "\"template\":false,\"policy\":null,\"template_id\":null,"
		      "\"cryptex\":false,"));
	CHECK(strstr(buf, "\"template_id\":null,\"cryptex\":true,\"unencrypted_srtp\":false,"
		      "\"unencrypted_srtcp\":true,\"unauthenticated_srtp\":false,"
		      "\"enc_ext_ids\":[1,3,200],\"keys\":[{\"mki\":null,"));
	CHECK(strstr(buf, "\"cryptex\":false,\"unencrypted_srtp\":false,"
		      "\"unencrypted_srtcp\":false,\"unauthenticated_srtp\":false,"
		      "\"enc_ext_ids\":[],\"keys\":[{\"mki\":\"0x01\","));
	CHECK(strstr(buf, "{\"mki\":null,\"active\":false,\"from_index\":70000,"));
	free(buf);

	/* TSV: 33 columns, none empty; the 29th (cryptex), the 30th to
	 * 32nd (the session parameters) and the 33rd (RFC 6904) came last. */
	buf = NULL;
	f = open_memstream(&buf, &len);
	print_ctx_tsv(f, &c[0]);
	print_ctx_tsv(f, &c[1]);
	fclose(f);
	CHECK(count_char(buf, '\n') == 2 && count_char(buf, '\t') == 2 * 32);
	CHECK(!strstr(buf, "\t\t") && !strstr(buf, "\t\n"));
	CHECK(!strncmp(buf, "3\tout\t10.99.0.1:5004\t10.99.0.2:6004\t0x00000010\t"
		       "AES_CM_128_HMAC_SHA1_80\t0\t0\t0\t128\tctr(aes-aesni)\t-\t100\t", 89));
	CHECK(strstr(buf, "\t-\t-\t-\t0\t2\t0x02\t-\t-\t-\t-\t-\n5\tin\t[fd99::1]:5004\tany\tany\t99\t"));
	CHECK(strstr(buf, "\toptional\t16\t0\t0\t1\t-\tcryptex\t-\tunencrypted-srtcp\t-\t"
		     "1,3,200\n"));
	free(buf);

	ev.type = KSRTP_EVENT_AUTH_FAILURES;
	ev.id = 3;
	ev.tuple.direction = KSRTP_DIR_INBOUND;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &ev.tuple.local);
	ev.has_ssrc = true;
	ev.tuple.ssrc = 0x10;
	ev.auth_failures = 12;
	buf = NULL;
	f = open_memstream(&buf, &len);
	print_event_json(f, &ev);
	ev.type = KSRTP_EVENT_SOFT_LIMIT;
	ev.mki[0] = 7;
	ev.mki_len = 1;
	print_event_json(f, &ev);
	fclose(f);
	check_json(buf, true);
	CHECK_STR(buf, "{\"event\":\"auth-failures\",\"id\":3,\"template_id\":null,"
		  "\"direction\":\"in\",\"local\":\"10.99.0.1:5004\",\"remote\":null,"
		  "\"ssrc\":16,\"mki\":null,\"count\":12,\"net_stats\":null,\"fwd\":null}\n"
		  "{\"event\":\"soft-limit\",\"id\":3,\"template_id\":null,"
		  "\"direction\":\"in\",\"local\":\"10.99.0.1:5004\",\"remote\":null,"
		  "\"ssrc\":16,\"mki\":\"0x07\",\"count\":null,\"net_stats\":null,"
		  "\"fwd\":null}\n");
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	print_event_tsv(f, &ev);
	fclose(f);
	CHECK_STR(buf, "soft-limit\t3\t0\tin\t10.99.0.1:5004\tany\t0x00000010\t0x07\t-"
		  "\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\n");
	free(buf);

	/* An unmatched event: no id, no direction; with and without SSRC. */
	memset(&ev, 0, sizeof(ev));
	ev.type = KSRTP_EVENT_UNMATCHED;
	ksrtp_parse_sockaddr("[fd99::1]:5004", &ev.tuple.local);
	ksrtp_parse_sockaddr("[fd99::2]:40000", &ev.tuple.remote);
	ev.has_ssrc = true;
	ev.tuple.ssrc = 0xcafe;
	ev.has_net_stats = true;
	ev.net_stats.unknown_ssrc = 5;
	ev.net_stats.malformed = 2;
	buf = NULL;
	f = open_memstream(&buf, &len);
	print_event_json(f, &ev);
	ev.has_ssrc = false;
	print_event_json(f, &ev);
	fclose(f);
	check_json(buf, true);
	CHECK_STR(buf, "{\"event\":\"unmatched\",\"id\":null,\"template_id\":null,"
		  "\"direction\":null,\"local\":\"[fd99::1]:5004\","
		  "\"remote\":\"[fd99::2]:40000\",\"ssrc\":51966,\"mki\":null,"
		  "\"count\":null,\"net_stats\":{\"unknown_ssrc\":5,\"not_srtp\":0,"
		  "\"malformed\":2},\"fwd\":null}\n"
		  "{\"event\":\"unmatched\",\"id\":null,\"template_id\":null,"
		  "\"direction\":null,\"local\":\"[fd99::1]:5004\","
		  "\"remote\":\"[fd99::2]:40000\",\"ssrc\":null,\"mki\":null,"
		  "\"count\":null,\"net_stats\":{\"unknown_ssrc\":5,\"not_srtp\":0,"
		  "\"malformed\":2},\"fwd\":null}\n");
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	print_event_tsv(f, &ev);
	ev.has_ssrc = true;
	print_event_tsv(f, &ev);
	fclose(f);
	CHECK_STR(buf, "unmatched\t-\t0\t-\t[fd99::1]:5004\t[fd99::2]:40000\t-\t-\t-"
		  "\t5\t0\t2\t-\t-\t-\t-\t-\t-\t-\n"
		  "unmatched\t-\t0\t-\t[fd99::1]:5004\t[fd99::2]:40000\t0x0000cafe\t-\t-"
		  "\t5\t0\t2\t-\t-\t-\t-\t-\t-\t-\n");
	free(buf);

	/* An output of rule 9 dropped: the rule's input, the output. */
	memset(&ev, 0, sizeof(ev));
	ev.type = KSRTP_EVENT_FWD_DROPS;
	ksrtp_parse_sockaddr("10.99.0.1:5004", &ev.tuple.local);
	ev.has_ssrc = true;
	ev.tuple.ssrc = 0x1111;
	ev.fwd_id = 9;
	ev.fwd_output.id = 2;
	ev.fwd_output.ctx_id = 7;
	ksrtp_parse_sockaddr("10.99.0.1:6000", &ev.fwd_output.local);
	ksrtp_parse_sockaddr("10.99.0.3:7000", &ev.fwd_output.remote);
	ev.fwd_output.has_ssrc = true;
	ev.fwd_output.ssrc = 0x5f0;
	ev.fwd_output.stats.packets = 40;
	ev.fwd_output.stats.no_context = 12;
	ev.fwd_output.stats.key = 1;
	buf = NULL;
	f = open_memstream(&buf, &len);
	print_event(f, &ev);
	print_event_json(f, &ev);
	print_event_tsv(f, &ev);
	fclose(f);
	CHECK_STR(buf, "fwd-drops local 10.99.0.1:5004 remote any ssrc 0x00001111 fwd 9 "
		  "output 2 no-context 12 no-route 0 too-big 0 key 1 errors 0\n"
		  "{\"event\":\"fwd-drops\",\"id\":null,\"template_id\":null,"
		  "\"direction\":null,\"local\":\"10.99.0.1:5004\",\"remote\":null,"
		  "\"ssrc\":4369,\"mki\":null,\"count\":null,\"net_stats\":null,"
		  "\"fwd\":{\"id\":9,\"output\":{\"id\":2,\"ctx\":7,"
		  "\"local\":\"10.99.0.1:6000\",\"remote\":\"10.99.0.3:7000\",\"ssrc\":1520,"
		  "\"seq_offset\":0,\"ts_offset\":0,\"stats\":{\"packets\":40,\"bytes\":0,"
		  "\"no_context\":12,\"no_route\":0,\"too_big\":0,\"key\":1,"
		  "\"errors\":0}}}}\n"
		  "fwd-drops\t-\t0\t-\t10.99.0.1:5004\tany\t0x00001111\t-\t-\t-\t-\t-"
		  "\t9\t2\t12\t0\t0\t1\t0\n");
	free(buf);
}

/* A rule of every SSRC, plain and deliver, owned, with two outputs. */
static void sample_rule(struct ksrtp_fwd_info *r, struct ksrtp_fwd_output_info *o)
{
	memset(r, 0, sizeof(*r));
	memset(o, 0, 2 * sizeof(*o));
	r->id = 3;
	ksrtp_parse_sockaddr("10.0.0.1:5004", &r->local);
	r->flags = KSRTP_FWD_F_PLAIN | KSRTP_FWD_F_DELIVER;
	r->owned = true;
	r->stats.packets = 10;
	r->stats.bytes = 1720;
	r->noutputs = 2;
	r->outputs = o;
	o[0].id = 1;
	o[0].ctx_id = 7;
	ksrtp_parse_sockaddr("10.0.0.1:6000", &o[0].local);
	ksrtp_parse_sockaddr("10.0.0.2:7000", &o[0].remote);
	o[0].has_ssrc = true;
	o[0].ssrc = 0x5f0;
	o[0].stats.packets = 10;
	o[0].stats.bytes = 1720;
	o[1].id = 2;
	ksrtp_parse_sockaddr("[fd00::1]:6002", &o[1].local);
	ksrtp_parse_sockaddr("[fd00::3]:7002", &o[1].remote);
	o[1].seq_offset = 65535;
	o[1].ts_offset = 4294967295u;
	o[1].stats.no_context = 1;
	o[1].stats.no_route = 2;
	o[1].stats.too_big = 3;
	o[1].stats.key = 4;
	o[1].stats.errors = 18446744073709551615ull;
}

/* srtpctl forward show, in its three forms. */
static void test_forward_format(void)
{
	struct ksrtp_fwd_output_info o[2];
	struct ksrtp_fwd_info r[2];
	char *buf = NULL;
	size_t len = 0;
	struct json j;
	FILE *f;

	sample_rule(&r[0], o);
	/* An SRTP rule of one SSRC and one remote, without outputs. */
	memset(&r[1], 0, sizeof(r[1]));
	r[1].id = 4000000000u;
	ksrtp_parse_sockaddr("[fd00::1]:5004", &r[1].local);
	ksrtp_parse_sockaddr("[fd00::2]:5006", &r[1].remote);
	r[1].has_ssrc = true;
	r[1].ssrc = 0xdeadbeef;
	r[1].stats.loops = 5;
	r[1].stats.other_pt = 9;
	r[1].npayload_types = 3;
	memcpy(r[1].payload_types, (uint8_t[]){ 0, 96, 127 }, 3);

	f = open_memstream(&buf, &len);
	print_fwd(f, &r[0]);
	print_fwd(f, &r[1]);
	r[1].flags = KSRTP_FWD_F_DELIVER | 0x40;	/* a newer module's flag */
	print_fwd(f, &r[1]);
	fclose(f);
	CHECK_STR(buf,
		"fwd 3: local 10.0.0.1:5004 remote any ssrc any plain deliver owned "
		"packets 10 bytes 1720 loops 0 other-pt 0 pt any\n"
		"    output 1: ctx 7 local 10.0.0.1:6000 remote 10.0.0.2:7000 ssrc 0x000005f0 "
		"seq-offset 0 ts-offset 0 packets 10 bytes 1720 no-context 0 no-route 0 "
		"too-big 0 key 0 errors 0\n"
		"    output 2: ctx none local [fd00::1]:6002 remote [fd00::3]:7002 ssrc any "
		"seq-offset 65535 ts-offset 4294967295 packets 0 bytes 0 no-context 1 "
		"no-route 2 too-big 3 key 4 errors 18446744073709551615\n"
		"fwd 4000000000: local [fd00::1]:5004 remote [fd00::2]:5006 ssrc 0xdeadbeef "
		"packets 0 bytes 0 loops 5 other-pt 9 pt 0,96,127\n"
		"fwd 4000000000: local [fd00::1]:5004 remote [fd00::2]:5006 ssrc 0xdeadbeef "
		"deliver flags 0x40 packets 0 bytes 0 loops 5 other-pt 9 pt 0,96,127\n");
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	json_begin(&j, f);
	json_open_array(&j, NULL);
	print_fwd_json(&j, &r[0]);
	print_fwd_json(&j, &r[1]);
	json_close_array(&j);
	json_end(&j);
	fclose(f);
	check_json(buf, false);
	CHECK_STR(buf,
		"[{\"id\":3,\"local\":\"10.0.0.1:5004\",\"remote\":null,\"ssrc\":null,"
		"\"plain\":true,\"deliver\":true,\"owned\":true,\"flags\":3,"
		"\"payload_types\":null,"
		"\"stats\":{\"packets\":10,\"bytes\":1720,\"loops\":0,\"other_pt\":0},"
		"\"outputs\":[{\"id\":1,\"ctx\":7,\"local\":\"10.0.0.1:6000\","
		"\"remote\":\"10.0.0.2:7000\",\"ssrc\":1520,\"seq_offset\":0,\"ts_offset\":0,"
		"\"stats\":{\"packets\":10,\"bytes\":1720,\"no_context\":0,\"no_route\":0,"
		"\"too_big\":0,\"key\":0,\"errors\":0}},"
		"{\"id\":2,\"ctx\":null,\"local\":\"[fd00::1]:6002\",\"remote\":\"[fd00::3]:7002\","
		"\"ssrc\":null,\"seq_offset\":65535,\"ts_offset\":4294967295,"
		"\"stats\":{\"packets\":0,\"bytes\":0,\"no_context\":1,\"no_route\":2,"
		"\"too_big\":3,\"key\":4,\"errors\":18446744073709551615}}]},"
		"{\"id\":4000000000,\"local\":\"[fd00::1]:5004\",\"remote\":\"[fd00::2]:5006\","
		"\"ssrc\":3735928559,\"plain\":false,\"deliver\":true,\"owned\":false,"
		"\"flags\":66,\"payload_types\":[0,96,127],"
		"\"stats\":{\"packets\":0,\"bytes\":0,\"loops\":5,\"other_pt\":9},"
		"\"outputs\":[]}]\n");
	free(buf);

	/* TSV: a "fwd" line of 13 columns, an "output" line of 16 each. */
	buf = NULL;
	f = open_memstream(&buf, &len);
	print_fwd_tsv(f, &r[0]);
	print_fwd_tsv(f, &r[1]);
	r[1].flags = 0;
	print_fwd_tsv(f, &r[1]);
	fclose(f);
	CHECK_STR(buf,
		"fwd\t3\t10.0.0.1:5004\tany\tany\tplain,deliver\towned\t10\t1720\t0\t2\t0\tany\n"
		"output\t3\t1\t7\t10.0.0.1:6000\t10.0.0.2:7000\t0x000005f0\t0\t0\t10\t1720"
		"\t0\t0\t0\t0\t0\n"
		"output\t3\t2\t-\t[fd00::1]:6002\t[fd00::3]:7002\tany\t65535\t4294967295"
		"\t0\t0\t1\t2\t3\t4\t18446744073709551615\n"
		"fwd\t4000000000\t[fd00::1]:5004\t[fd00::2]:5006\t0xdeadbeef\tdeliver,0x40"
		"\t-\t0\t0\t5\t0\t9\t0,96,127\n"
		"fwd\t4000000000\t[fd00::1]:5004\t[fd00::2]:5006\t0xdeadbeef\t-"
		"\t-\t0\t0\t5\t0\t9\t0,96,127\n");
	CHECK(!strstr(buf, "\t\t") && !strstr(buf, "\t\n"));
	free(buf);
}

/* RFC 5764 4.2: client key, server key, client salt, server salt. */
static void test_dtls_split(void)
{
	static const char add_out[] = "add out local 10.0.0.1:5004 remote 10.0.0.2:5004 "
		"ssrc 1 suite AES_CM_128_HMAC_SHA1_80 dtls-role client key-file -";
	char hex[2 * 60 + 2], argbuf[256], *args[32], *save;
	uint8_t km[60], key[32], salt[14];
	int i, n = 0;

	for (i = 0; i < 60; i++)
		km[i] = i;
	CHECK(ksrtp_dtls_srtp_split(KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, km, 60, true,
				    KSRTP_DIR_OUTBOUND, key, salt) == 0);
	CHECK(key[0] == 0 && key[15] == 15 && salt[0] == 32 && salt[13] == 45);
	CHECK(ksrtp_dtls_srtp_split(KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, km, 60, true,
				    KSRTP_DIR_INBOUND, key, salt) == 0);
	CHECK(key[0] == 16 && key[15] == 31 && salt[0] == 46 && salt[13] == 59);
	CHECK(ksrtp_dtls_srtp_split(KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, km, 60, false,
				    KSRTP_DIR_OUTBOUND, key, salt) == 0);
	CHECK(key[0] == 16 && salt[0] == 46);
	CHECK(ksrtp_dtls_srtp_split(KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, km, 60, false,
				    KSRTP_DIR_INBOUND, key, salt) == 0);
	CHECK(key[0] == 0 && salt[0] == 32);
	/* AEAD_AES_128_GCM: 16-byte keys, 12-byte salts, 56 bytes. */
	CHECK(ksrtp_dtls_srtp_split(KSRTP_SUITE_AEAD_AES_128_GCM, km, 56, true,
				    KSRTP_DIR_INBOUND, key, salt) == 0);
	CHECK(key[0] == 16 && salt[0] == 44 && salt[11] == 55);
	CHECK(ksrtp_dtls_srtp_split(KSRTP_SUITE_AEAD_AES_128_GCM, km, 60, true,
				    KSRTP_DIR_INBOUND, key, salt) == -EMSGSIZE);
	CHECK(ksrtp_dtls_srtp_split(0, km, 60, true, KSRTP_DIR_INBOUND, key, salt) == -EINVAL);

	/* srtpctl: material of the right length reaches the (absent) module. */
	for (i = 0; i < 60; i++)
		sprintf(hex + 2 * i, "%02x", i);
	strcat(hex, "\n");
	snprintf(argbuf, sizeof(argbuf), "%s", add_out);
	for (save = strtok(argbuf, " "); save && n < 31; save = strtok(NULL, " "))
		args[n++] = save;
	args[n] = NULL;
	CHECK(run(hex, (const char *const *)args) == 3);
	hex[100] = '\0';
	CHECK(run(hex, (const char *const *)args) == 1);
	CHECK(strstr(err, "DTLS-SRTP keying material: AES_CM_128_HMAC_SHA1_80 needs 60 bytes"));
	args[n - 2] = "key";
	args[n - 1] = "00";
	CHECK(run(NULL, (const char *const *)args) == 1);
	CHECK(strstr(err, "'key HEX' needs 'salt HEX'") || strstr(err, "dtls-role"));
	args[n - 3] = "both";
	CHECK(run(NULL, (const char *const *)args) == 1 && strstr(err, "dtls-role: expected"));
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
	/* policy on a plain inbound context passes the batch's parser too. */
	CHECK(RUN("add out local 127.0.0.1:5004 remote 127.0.0.1:5006 ssrc 1 "
		  "suite AES_CM_128_HMAC_SHA1_80 key " KEY_HEX "00 salt " SALT_HEX
		  " policy optional\n", "-b", "-") == 1);
	CHECK(strstr(err, "line 1: 'policy' applies to inbound contexts only"));
	CHECK(RUN("# c\nadd in local 127.0.0.1:5004 ssrc 1 suite AES_CM_128_HMAC_SHA1_80 "
		  "key " KEY_HEX "00 salt " SALT_HEX " policy optional\n", "-b", "-") == 3);
	CHECK(strstr(err, "line 2: ksrtp module not loaded"));
	CHECK(RUN("show net id 1\n", "-b", "-") == 1 && strstr(err, "line 1: show net:"));
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
	CHECK(RUN(NULL, "show", "net") == 3 && out[0] == '\0');
	CHECK(RUN(NULL, "-j", "show", "n") == 3);
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
	/* policy on a plain inbound context (protected ports). */
	CHECK(RUN(NULL, "add", "in", "local", "10.99.0.1:5004", "ssrc", "43981", "suite",
		  "AES_CM_128_HMAC_SHA1_32", "key", "00112233445566778899aabbccddeeff",
		  "salt", SALT_HEX, "policy", "optional") == 3);
	CHECK(RUN(NULL, "add", "in", "local", "10.99.0.1:5004", "ssrc", "1", "pol", "r",
		  "suite", "AES_CM_128_HMAC_SHA1_32", "key", "00112233445566778899aabbccddeeff",
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
	/* a=crypto lines: the suite may come from the line. */
	CHECK(RUN("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFCK "|2^20|1:1;inline:"
		  K30 "|2^20|2:1\n", "add", "in", "local", "10.99.0.1:5004", "ssrc", "1",
		  "key-file", "-") == 3);
	CHECK_STR(err, "srtpctl: ksrtp module not loaded\n");
	CHECK(RUN("a=crypto:1 AEAD_AES_256_GCM inline:" K44 "\n", "add", "out", "local",
		  "10.99.0.1:5004", "remote", "10.99.0.2:5004", "ssrc", "1", "suite",
		  "AEAD_AES_256_GCM", "key-file", "-", "window", "64") == 3);
	CHECK(RUN("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFCK "|1:1;inline:" K30
		  "|2:1\n", "key", "add", "id", "3", "key-file", "-") == 3);
	CHECK_STR(err, "srtpctl: ksrtp module not loaded\n");
	{
		static const char line[] = "a=crypto:9 AES_CM_128_HMAC_SHA1_80 inline:" K30
					   "|1:1;inline:" RFCK "|2:1\n";
		char path[] = "/tmp/test_parse.XXXXXX", batch[256];
		int fd = mkstemp(path);

		CHECK(fd >= 0 && write(fd, line, strlen(line)) == (ssize_t)strlen(line));
		close(fd);
		snprintf(batch, sizeof(batch), "add in local 10.99.0.1:5004 ssrc 1 "
			 "key-file %s\n", path);
		CHECK(RUN(batch, "-b", "-") == 3);
		CHECK(strstr(err, "line 1: ksrtp module not loaded"));
		snprintf(batch, sizeof(batch), "add in local 10.99.0.1:5004 ssrc 1 suite "
			 "AES_CM_128_HMAC_SHA1_32 key-file %s\n", path);
		CHECK(RUN(batch, "-b", "-") == 1);
		CHECK(strstr(err, "line 1: key-file") &&
		      strstr(err, "the a=crypto line is for AES_CM_128_HMAC_SHA1_80, the "
			     "context for AES_CM_128_HMAC_SHA1_32") && !strstr(err, "AQID"));
		unlink(path);
	}
	CHECK(RUN(NULL, "monitor") == 3);
	CHECK_STR(err, "srtpctl: ksrtp module not loaded\n");
	CHECK(out[0] == '\0');

	/* forward: valid words get past every check, also abbreviated. */
	CHECK(RUN(NULL, "forward", "add", "local", "10.99.0.1:5004", "remote", "10.99.0.2:5006",
		  "ssrc", "0x5f0", "plain", "deliver") == 3);
	CHECK_STR(err, "srtpctl: ksrtp module not loaded\n");
	CHECK(out[0] == '\0');
	CHECK(RUN(NULL, "fo", "a", "l", "[fd00::1]:5004", "d") == 3);
	CHECK(RUN(NULL, "forward", "del", "id", "3") == 3);
	CHECK(RUN(NULL, "forward", "show") == 3 && out[0] == '\0');
	CHECK(RUN(NULL, "-j", "forward", "show", "id", "3") == 3 && out[0] == '\0');
	CHECK(RUN(NULL, "-t", "forward", "s") == 3 && out[0] == '\0');
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3", "ctx", "7", "seq-offset",
		  "65535", "ts-offset", "4294967295") == 3);
	CHECK(RUN(NULL, "forward", "output", "add", "id", "3", "local", "[fd00::1]:6000",
		  "remote", "[fd00::2]:7000", "ssrc", "1") == 3);
	CHECK(RUN(NULL, "forward", "o", "a", "id", "3", "c", "7", "se", "1", "t", "2") == 3);
	CHECK(RUN(NULL, "forward", "output", "del", "id", "3", "output", "1") == 3);
	CHECK(RUN(NULL, "forward", "output", "set", "id", "3", "output", "1", "ts-offset",
		  "90000") == 3);
	CHECK_STR(err, "srtpctl: ksrtp module not loaded\n");
	CHECK(RUN("forward add local 10.99.0.1:5004\n", "-b", "-") == 3);
	CHECK(strstr(err, "line 1: ksrtp module not loaded"));
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
	test_sdes_crypto();
	test_mki();
	test_suites();
	test_sockaddr();
	test_cli_words();
	test_key_lines();
	test_key_crypto_lines();
	test_cryptex_words();
	test_cryptex_show();
	test_sdes_params_words();
	test_sdes_params_show();
	test_sdp_extmap();
	test_enc_ext_ids_words();
	test_enc_ext_ids_show();
	test_show_format();
	test_show_new();
	test_event_format();
	test_net_format();
	test_srtpctl_usage();
	test_srtpctl_new_usage();
	test_srtpctl_keys();
	test_srtpctl_forward();
	test_srtpctl_no_module();
	test_srtpctl_batch();
	test_json_output();
	test_forward_format();
	test_dtls_split();
	return summary("test_parse");
}
