// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer tests (RFC 3711 appendix B, the reference library's
 * whole-packet vectors) and tests of index estimation and the replay
 * window, run at module load in KSRTP_SELFTEST builds. The test suite
 * reads the summary line from the kernel log.
 */

#include <crypto/skcipher.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <uapi/linux/ksrtp.h>

#include "context.h"
#include "selftest.h"
#include "srtp.h"

struct ksrtp_st {
	unsigned int passed, failed;
};

static void ksrtp_st_check(struct ksrtp_st *st, bool ok, const char *name)
{
	if (ok) {
		st->passed++;
	} else {
		st->failed++;
		pr_err("ksrtp: selftest: %s: FAILED\n", name);
	}
}

/* Heap copy of a hex string; buffers are mapped through scatterlists. */
static u8 *ksrtp_st_hex(const char *hex, unsigned int room)
{
	unsigned int len = strlen(hex) / 2;
	u8 *buf = kzalloc(max(len, room), GFP_KERNEL);

	if (buf && hex2bin(buf, hex, len)) {
		kfree(buf);
		return NULL;
	}
	return buf;
}

static bool ksrtp_st_eq(const u8 *buf, const char *hex)
{
	u8 *want = ksrtp_st_hex(hex, 0);
	bool eq = want && !memcmp(buf, want, strlen(hex) / 2);

	/* Test vectors only: nothing secret is printed here. */
	if (!eq)
		print_hex_dump(KERN_ERR, "ksrtp: selftest: got ", DUMP_PREFIX_OFFSET,
			       16, 1, buf, strlen(hex) / 2, false);
	kfree(want);
	return eq;
}

/* @buf holds the concatenation of the hex strings in @parts. */
static bool ksrtp_st_eq_parts(const u8 *buf, const char * const *parts,
			      unsigned int n)
{
	unsigned int i;
	bool eq = true;

	for (i = 0; i < n; i++) {
		eq &= ksrtp_st_eq(buf, parts[i]);
		buf += strlen(parts[i]) / 2;
	}
	return eq;
}

static const char b3_key[] = "E1F97A0D3E018BE0D64FA32C06DE4139";
static const char b3_salt[] = "0EC675AD498AFEEBB6960B3AABE6";

static void ksrtp_st_keystream(struct ksrtp_st *st)
{
	static const char key[] = "2B7E151628AED2A6ABF7158809CF4F3C";
	struct ksrtp_keys keys = {};
	u8 iv[16], *k = ksrtp_st_hex(key, 0), *buf = kzalloc(48, GFP_KERNEL);
	bool ok = false;

	keys.cipher = crypto_alloc_sync_skcipher("ctr(aes)", 0, 0);
	if (IS_ERR(keys.cipher) || !k || !buf ||
	    crypto_sync_skcipher_setkey(keys.cipher, k, 16))
		goto out;

	ok = !hex2bin(iv, "F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000", 16) &&
	     !ksrtp_ctr_crypt(&keys, iv, buf, 48) &&
	     ksrtp_st_eq_parts(buf, (const char * const []) {
				"E03EAD0935C95E80E166B16DD92B4EB4",
				"D23513162B02D0F72A43A2FE4A5F97AB",
				"41E95B3BB0A2E8DD477901E4FCA894C0",
			     }, 3);
	ksrtp_st_check(st, ok, "RFC 3711 B.2 keystream, first blocks");

	memset(buf, 0, 48);
	iv[14] = 0xfe;
	iv[15] = 0xff;
	ok = !ksrtp_ctr_crypt(&keys, iv, buf, 48) &&
	     ksrtp_st_eq_parts(buf, (const char * const []) {
				"EC8CDF7398607CB0F2D21675EA9EA1E4",
				"362B7C3C6773516318A077D7FC5073AE",
				"6A2CC3787889374FBEB4C81B17BA6C44",
			     }, 3);
out:
	ksrtp_st_check(st, ok, "RFC 3711 B.2 keystream, last blocks");
	if (!IS_ERR_OR_NULL(keys.cipher))
		crypto_free_sync_skcipher(keys.cipher);
	kfree(k);
	kfree(buf);
}

static void ksrtp_st_kdf(struct ksrtp_st *st)
{
	u8 *mk = ksrtp_st_hex(b3_key, 0), *ms = ksrtp_st_hex(b3_salt, 0);
	u8 *out = kzalloc(94, GFP_KERNEL);
	bool ok;

	ok = mk && ms && out && !ksrtp_kdf(mk, 16, ms, 0, out, 16) &&
	     ksrtp_st_eq(out, "C61E7A93744F39EE10734AFE3FF7A087");
	ksrtp_st_check(st, ok, "RFC 3711 B.3 cipher key");
	ok = mk && ms && out && !ksrtp_kdf(mk, 16, ms, 2, out, 14) &&
	     ksrtp_st_eq(out, "30CBBC08863D8C85D49DB34A9AE1");
	ksrtp_st_check(st, ok, "RFC 3711 B.3 cipher salt");
	ok = mk && ms && out && !ksrtp_kdf(mk, 16, ms, 1, out, 94) &&
	     ksrtp_st_eq_parts(out, (const char * const []) {
				"CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCE",
				"E049646C43D9327AD175578EF72270986371C10C9A369AC2F94A8C5FBCDDDC25",
				"6D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2",
			     }, 3);
	ksrtp_st_check(st, ok, "RFC 3711 B.3 auth key");
	kfree(mk);
	kfree(ms);
	kfree(out);
}

static struct ksrtp_ctx *ksrtp_st_ctx(u8 dir, u16 suite, u32 ssrc, u32 window)
{
	struct ksrtp_ctx_params p = {
		.suite = suite,
		.master_key_len = 16,
		.master_salt_len = 14,
		.replay_window = window,
	};
	u8 *mk = ksrtp_st_hex(b3_key, 0), *ms = ksrtp_st_hex(b3_salt, 0);
	struct ksrtp_ctx *ctx = ERR_PTR(-ENOMEM);

	p.key.dir = dir;
	p.key.family = AF_INET;
	p.key.ssrc = htonl(ssrc);
	p.master_key = mk;
	p.master_salt = ms;
	if (mk && ms)
		ctx = ksrtp_ctx_create(&p, NULL);
	kfree(mk);
	kfree(ms);
	return IS_ERR(ctx) ? NULL : ctx;
}

static void ksrtp_st_ctx_put(struct ksrtp_ctx *out, struct ksrtp_ctx *in)
{
	if (out)
		ksrtp_ctx_destroy(out);
	if (in)
		ksrtp_ctx_destroy(in);
}

static void ksrtp_st_packets(struct ksrtp_st *st)
{
	static const char rtp[] = "800F1234DECAFBADCAFEBABEABABABABABABABABABABABABABABABAB";
	static const char rtcp[] = "81C8000BCAFEBABEABABABABABABABABABABABABABABABAB";
	struct ksrtp_ctx *out, *in;
	unsigned int len, plen;
	u8 *buf, *orig;
	bool ok;

	out = ksrtp_st_ctx(KSRTP_DIR_OUTBOUND,
			   KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, 0xcafebabe, 128);
	in = ksrtp_st_ctx(KSRTP_DIR_INBOUND,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, 0xcafebabe, 128);
	buf = ksrtp_st_hex(rtp, 64);
	orig = ksrtp_st_hex(rtp, 64);
	if (!out || !in || !buf || !orig) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}

	ok = ksrtp_rtp_protect(out, buf, 28, &len) == KSRTP_OK && len == 38 &&
	     ksrtp_st_eq_parts(buf, (const char * const []) {
				"800F1234DECAFBADCAFEBABE",
				"4E55DC4CE79978D88CA4D215949D2402",
				"B78D6ACC99EA179B8DBB",
			     }, 3);
	ksrtp_st_check(st, ok, "SRTP AES_CM_128_HMAC_SHA1_80 protect vector");

	buf[20] ^= 1;
	ok = ksrtp_rtp_unprotect(in, buf, len, &plen) == KSRTP_AUTH_FAILED;
	ksrtp_st_check(st, ok, "SRTP flipped bit fails authentication");
	buf[20] ^= 1;
	ok = ksrtp_rtp_unprotect(in, buf, len, &plen) == KSRTP_OK &&
	     plen == 28 && !memcmp(buf, orig, 28);
	ksrtp_st_check(st, ok, "SRTP unprotect restores the packet");
	ok = ksrtp_rtp_protect(out, buf, 28, &len) == KSRTP_OK &&
	     ksrtp_rtp_unprotect(in, buf, len, &plen) == KSRTP_REPLAYED;
	ksrtp_st_check(st, ok, "SRTP replay is refused");

	/* SRTCP indices 0 and 1: the first two packets a sender protects. */
	ok = !hex2bin(buf, rtcp, 24) &&
	     ksrtp_rtcp_protect(out, buf, 24, &len) == KSRTP_OK && len == 38 &&
	     ksrtp_st_eq_parts(buf, (const char * const []) {
				"81C8000BCAFEBABE",
				"B19C219A086B6C7AE61D8E0BFEB4BE3F80000000",
				"5631D6CFC906CDB30F41",
			     }, 3);
	ksrtp_st_check(st, ok, "SRTCP protect vector, index 0");
	ok = ksrtp_rtcp_unprotect(in, buf, len, &plen) == KSRTP_OK &&
	     plen == 24 && ksrtp_st_eq(buf, rtcp);
	ksrtp_st_check(st, ok, "SRTCP unprotect, index 0");
	ok = ksrtp_rtcp_protect(out, buf, 24, &len) == KSRTP_OK &&
	     ksrtp_st_eq_parts(buf, (const char * const []) {
				"81C8000BCAFEBABE",
				"7128035BE487B9BDBEF89041F977A5A880000001",
				"993E08CD54D6C1230798",
			     }, 3);
	ksrtp_st_check(st, ok, "SRTCP protect vector, index 1");
	buf[len - 1] ^= 0x80;
	ok = ksrtp_rtcp_unprotect(in, buf, len, &plen) == KSRTP_AUTH_FAILED;
	ksrtp_st_check(st, ok, "SRTCP flipped tag bit fails authentication");
	buf[len - 1] ^= 0x80;
	ok = ksrtp_rtcp_unprotect(in, buf, len, &plen) == KSRTP_OK &&
	     ksrtp_rtcp_unprotect(in, buf, len, &plen) != KSRTP_OK;
	ksrtp_st_check(st, ok, "SRTCP replay is refused");
	ok = ksrtp_rtcp_unprotect(in, buf, 8 + 4 + 9, &plen) ==
	     KSRTP_MALFORMED;
	ksrtp_st_check(st, ok, "SRTCP shorter than header+trailer+tag");
out:
	ksrtp_st_ctx_put(out, in);
	kfree(buf);
	kfree(orig);
}

/* Send @n packets from @first (mod 2^16) through out->in, in @order. */
static bool ksrtp_st_stream(struct ksrtp_ctx *out, struct ksrtp_ctx *in,
			    const u16 *seqs, unsigned int n, u8 *buf,
			    enum ksrtp_verdict want)
{
	unsigned int i, len, plen;

	for (i = 0; i < n; i++) {
		memset(buf, 0, 64);
		buf[0] = 0x80;
		buf[1] = 96;
		buf[2] = seqs[i] >> 8;
		buf[3] = seqs[i];
		memcpy(buf + 8, &out->key.ssrc, 4);
		buf[12 + (i % 20)] = i;
		if (ksrtp_rtp_protect(out, buf, 32, &len) != KSRTP_OK ||
		    ksrtp_rtp_unprotect(in, buf, len, &plen) != want)
			return false;
	}
	return true;
}

static void ksrtp_st_index(struct ksrtp_st *st)
{
	static const u16 wrap[] = { 65530, 65531, 65533, 65532, 65535, 1, 0,
				    2, 65534, 3 };
	static const u16 old[] = { 65400 };
	struct ksrtp_ctx *out, *in;
	struct ksrtp_ctx_state s;
	u8 *buf = kzalloc(64, GFP_KERNEL);
	bool ok;

	out = ksrtp_st_ctx(KSRTP_DIR_OUTBOUND,
			   KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32, 0x1234, 64);
	in = ksrtp_st_ctx(KSRTP_DIR_INBOUND,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32, 0x1234, 64);
	if (!out || !in || !buf) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}
	ok = ksrtp_st_stream(out, in, wrap, ARRAY_SIZE(wrap), buf, KSRTP_OK);
	ksrtp_ctx_state_read(in, &s);
	ok = ok && s.roc == 1 && s.seq == 3;
	ksrtp_st_check(st, ok, "index estimation across the wrap, reordered");
	ksrtp_ctx_state_read(out, &s);
	ksrtp_st_check(st, s.roc == 1 && s.seq == 3, "sender ROC follows the wrap");
	/* 65400 is from ROC 0, 139 packets behind: older than the window. */
	ok = ksrtp_st_stream(out, in, old, 1, buf, KSRTP_REPLAYED);
	ksrtp_st_check(st, ok, "packet older than the window is refused");
out:
	ksrtp_st_ctx_put(out, in);
	kfree(buf);
}

static void ksrtp_st_replay(struct ksrtp_st *st)
{
	struct ksrtp_replay r;
	bool ok = true;
	u64 i;

	if (ksrtp_replay_init(&r, 128, GFP_KERNEL)) {
		ksrtp_st_check(st, false, "allocation");
		return;
	}
	ok &= ksrtp_replay_check(&r, 1000);
	ksrtp_replay_update(&r, 1000);
	ok &= !ksrtp_replay_check(&r, 1000);
	ok &= ksrtp_replay_check(&r, 999) && ksrtp_replay_check(&r, 873);
	ok &= !ksrtp_replay_check(&r, 872);	/* 128 behind the top */
	for (i = 873; i < 1000; i++)
		ksrtp_replay_update(&r, i);
	for (i = 873; i <= 1000; i++)
		ok &= !ksrtp_replay_check(&r, i);
	ksrtp_replay_update(&r, 1000 + 64 * 5 + 3);	/* clears whole words */
	ok &= ksrtp_replay_check(&r, 1000 + 64 * 5 + 2);
	ok &= !ksrtp_replay_check(&r, 1000 + 64 * 5 + 3);
	ksrtp_replay_update(&r, 1000000);		/* jump past the ring */
	for (i = 1000000 - 127; i < 1000000; i++)
		ok &= ksrtp_replay_check(&r, i);
	ok &= !ksrtp_replay_check(&r, 1000000 - 128);
	ksrtp_replay_free(&r);
	ksrtp_st_check(st, ok, "replay window");
}

int ksrtp_selftest_run(void)
{
	struct ksrtp_st st = {};

	ksrtp_st_keystream(&st);
	ksrtp_st_kdf(&st);
	ksrtp_st_packets(&st);
	ksrtp_st_index(&st);
	ksrtp_st_replay(&st);

	pr_info("ksrtp: selftest: %u passed, %u failed\n", st.passed,
		st.failed);
	return st.failed ? -ENOTRECOVERABLE : 0;
}
