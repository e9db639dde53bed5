// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer tests (RFC 3711 appendix B, the reference library's
 * whole-packet vectors, RFC 6188 key derivation, RFC 7714 AES-GCM for
 * SRTP and SRTCP), a round trip through every suite, and tests of index
 * estimation and of the replay window (against a plain bitmap model), run
 * at module load in KSRTP_SELFTEST builds. The test suite reads the
 * summary line from the kernel log.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/aead.h>
#include <crypto/skcipher.h>
#include <linux/bitmap.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <uapi/linux/ksrtp.h>

#include "compat.h"
#include "context.h"
#include "seal.h"
#include "selftest.h"
#include "srtp.h"

/**
 * struct ksrtp_st - the self-tests' tally
 * @passed: checks that passed
 * @failed: checks that failed
 *
 * On the stack of ksrtp_selftest_run(), which runs once at load: no
 * lock.
 */
struct ksrtp_st {
	unsigned int passed, failed;
};

/*
 * One packet through srtp.c, as the data path passes it; *@out_len is
 * set on KSRTP_OK only.
 */
static enum ksrtp_verdict
ksrtp_st_run(enum ksrtp_verdict (*fn)(struct ksrtp_ctx *ctx,
				      struct ksrtp_packet *p),
	     struct ksrtp_ctx *ctx, bool rtcp, u8 *buf, unsigned int len,
	     unsigned int *out_len)
{
	struct ksrtp_packet p = { .buf = buf, .len = len, .rtcp = rtcp };
	enum ksrtp_verdict v = fn(ctx, &p);

	if (v == KSRTP_OK)
		*out_len = p.len;
	return v;
}

static enum ksrtp_verdict ksrtp_st_protect(struct ksrtp_ctx *ctx, bool rtcp,
					   u8 *buf, unsigned int len,
					   unsigned int *out_len)
{
	return ksrtp_st_run(ksrtp_protect, ctx, rtcp, buf, len, out_len);
}

static enum ksrtp_verdict ksrtp_st_unprotect(struct ksrtp_ctx *ctx, bool rtcp,
					     u8 *buf, unsigned int len,
					     unsigned int *out_len)
{
	return ksrtp_st_run(ksrtp_unprotect, ctx, rtcp, buf, len, out_len);
}

static enum ksrtp_verdict ksrtp_st_probe_pkt(struct ksrtp_ctx *ctx, u8 *buf,
					     unsigned int len, bool rtcp)
{
	unsigned int out_len;

	return ksrtp_st_run(ksrtp_probe, ctx, rtcp, buf, len, &out_len);
}

static void ksrtp_st_check(struct ksrtp_st *st, bool ok, const char *name)
{
	if (ok) {
		st->passed++;
	} else {
		st->failed++;
		pr_err("selftest: %s: FAILED\n", name);
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
	const struct ksrtp_suite_info *suite =
		ksrtp_suite_find(KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
	struct ksrtp_session_material m = {};
	struct ksrtp_keys keys = {};
	u8 iv[16], *buf = kzalloc(48, GFP_KERNEL);
	bool ok = false;

	if (!buf || hex2bin(m.cipher_key, key, 16) ||
	    ksrtp_keys_set(&keys, suite, &m, true, NULL))
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
	ksrtp_keys_free(&keys);
	memzero_explicit(&m, sizeof(m));
	kfree(buf);
}

/* RFC 2202 section 3, test cases 1 and 2: HMAC-SHA1 from its states. */
static void ksrtp_st_hmac(struct ksrtp_st *st)
{
	const struct ksrtp_suite_info *suite =
		ksrtp_suite_find(KSRTP_SUITE_NULL_HMAC_SHA1_80);
	struct ksrtp_session_material m = {};
	struct ksrtp_keys keys = {};
	u8 mac[KSRTP_MAX_TAG_LEN];
	bool ok;

	memset(m.auth_key, 0x0b, sizeof(m.auth_key));
	ok = !ksrtp_keys_set(&keys, suite, &m, true, NULL) &&
	     !ksrtp_hmac_sha1(&keys.hmac, "Hi ", 3, "There", 5, mac) &&
	     ksrtp_st_eq(mac, "B617318655057264E28BC0B6FB378C8EF146BE00");
	ksrtp_keys_free(&keys);
	ksrtp_st_check(st, ok, "RFC 2202 HMAC-SHA1 test case 1");

	/* A 4-byte key: the rest of the 20-byte key buffer must not count. */
	memset(m.auth_key, 0, sizeof(m.auth_key));
	memcpy(m.auth_key, "Jefe", 4);
	suite = &(struct ksrtp_suite_info) { .xform = KSRTP_XFORM_NULL_HMAC,
					     .key_len = 16, .auth_key_len = 4 };
	ok = !ksrtp_keys_set(&keys, suite, &m, true, NULL) &&
	     !ksrtp_hmac_sha1(&keys.hmac, "what do ya want for nothing?", 28,
				 NULL, 0, mac) &&
	     ksrtp_st_eq(mac, "EFFCDF6AE5EB2FA2D27416D5F184DF9C259A7C79");
	ksrtp_keys_free(&keys);
	ksrtp_st_check(st, ok, "RFC 2202 HMAC-SHA1 test case 2");
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

/* Fill @buf with a test pattern: not a vector, only distinct bytes. */
static u8 *ksrtp_st_pattern(unsigned int len, u8 seed)
{
	u8 *buf = kmalloc(len, GFP_KERNEL);
	unsigned int i;

	for (i = 0; buf && i < len; i++)
		buf[i] = seed + 29 * i;
	return buf;
}

/*
 * The context of @p for @dir, IPv4, SSRC @ssrc, with master key @mk and
 * salt @ms (NULL if their allocation failed; freed here); NULL if none.
 */
static struct ksrtp_ctx *ksrtp_st_create(struct ksrtp_ctx_params *p, u8 dir,
					 u32 ssrc, u8 *mk, u8 *ms)
{
	struct ksrtp_ctx *ctx = ERR_PTR(-ENOMEM);

	p->key.dir = dir;
	p->key.family = AF_INET;
	p->key.ssrc = htonl(ssrc);
	p->master_key = mk;
	p->master_salt = ms;
	if (mk && ms)
		ctx = ksrtp_ctx_create(p, NULL);
	kfree(mk);
	kfree(ms);
	return IS_ERR(ctx) ? NULL : ctx;
}

/* A context keyed with RFC 3711 B.3's master key where the suite takes
 * it (AES-128 key, 112-bit salt), else with a pattern.
 */
static struct ksrtp_ctx *ksrtp_st_ctx_mki(u8 dir, u16 suite, u32 ssrc,
					  u32 window, const u8 *mki, u8 mki_len)
{
	const struct ksrtp_suite_info *si = ksrtp_suite_find(suite);
	bool b3 = si->key_len == 16 && si->salt_len == 14;
	struct ksrtp_ctx_params p = {
		.suite = suite,
		.master_key_len = si->key_len,
		.master_salt_len = si->salt_len,
		.replay_window = window,
		.uid = current_uid(),
	};
	u8 *mk = b3 ? ksrtp_st_hex(b3_key, 0) : ksrtp_st_pattern(si->key_len, 1);
	u8 *ms = b3 ? ksrtp_st_hex(b3_salt, 0) : ksrtp_st_pattern(si->salt_len, 2);

	p.mki_len = mki_len;
	memcpy(p.mki, mki, mki_len);
	return ksrtp_st_create(&p, dir, ssrc, mk, ms);
}

static struct ksrtp_ctx *ksrtp_st_ctx(u8 dir, u16 suite, u32 ssrc, u32 window)
{
	return ksrtp_st_ctx_mki(dir, suite, ssrc, window, NULL, 0);
}

static void ksrtp_st_ctx_put(struct ksrtp_ctx *out, struct ksrtp_ctx *in)
{
	if (out)
		ksrtp_ctx_put(out);
	if (in)
		ksrtp_ctx_put(in);
}

static void ksrtp_st_packets(struct ksrtp_st *st)
{
	static const char rtp[] = "800F1234DECAFBADCAFEBABEABABABABABABABABABABABABABABABAB";
	static const char rtcp[] = "81C8000BCAFEBABEABABABABABABABABABABABABABABABAB";
	struct ksrtp_ctx *out, *in;
	unsigned int len, plen;
	u8 *buf, *orig, *copy;
	bool ok;

	out = ksrtp_st_ctx(KSRTP_DIR_OUTBOUND,
			   KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, 0xcafebabe, 128);
	in = ksrtp_st_ctx(KSRTP_DIR_INBOUND,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, 0xcafebabe, 128);
	buf = ksrtp_st_hex(rtp, 64);
	orig = ksrtp_st_hex(rtp, 64);
	copy = kzalloc(64, GFP_KERNEL);
	if (!out || !in || !buf || !orig || !copy) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}

	ok = ksrtp_st_protect(out, false, buf, 28, &len) == KSRTP_OK && len == 38 &&
	     ksrtp_st_eq_parts(buf, (const char * const []) {
				"800F1234DECAFBADCAFEBABE",
				"4E55DC4CE79978D88CA4D215949D2402",
				"B78D6ACC99EA179B8DBB",
			     }, 3);
	ksrtp_st_check(st, ok, "SRTP AES_CM_128_HMAC_SHA1_80 protect vector");
	memcpy(copy, buf, len);

	buf[20] ^= 1;
	ok = ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_AUTH_FAILED;
	ksrtp_st_check(st, ok, "SRTP flipped bit fails authentication");
	buf[20] ^= 1;
	ok = ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_OK &&
	     plen == 28 && !memcmp(buf, orig, 28);
	ksrtp_st_check(st, ok, "SRTP unprotect restores the packet");
	ok = ksrtp_st_unprotect(in, false, copy, 38, &plen) == KSRTP_REPLAYED;
	ksrtp_st_check(st, ok, "SRTP replay is refused");
	/* The sender does not protect a sequence number a second time. */
	ok = ksrtp_st_protect(out, false, buf, 28, &len) == KSRTP_REPLAYED &&
	     !memcmp(buf, orig, 28);
	ksrtp_st_check(st, ok, "SRTP sender refuses a repeated sequence number");

	/* SRTCP indices 0 and 1: the first two packets a sender protects. */
	ok = !hex2bin(buf, rtcp, 24) &&
	     ksrtp_st_protect(out, true, buf, 24, &len) == KSRTP_OK && len == 38 &&
	     ksrtp_st_eq_parts(buf, (const char * const []) {
				"81C8000BCAFEBABE",
				"B19C219A086B6C7AE61D8E0BFEB4BE3F80000000",
				"5631D6CFC906CDB30F41",
			     }, 3);
	ksrtp_st_check(st, ok, "SRTCP protect vector, index 0");
	ok = ksrtp_st_unprotect(in, true, buf, len, &plen) == KSRTP_OK &&
	     plen == 24 && ksrtp_st_eq(buf, rtcp);
	ksrtp_st_check(st, ok, "SRTCP unprotect, index 0");
	ok = ksrtp_st_protect(out, true, buf, 24, &len) == KSRTP_OK &&
	     ksrtp_st_eq_parts(buf, (const char * const []) {
				"81C8000BCAFEBABE",
				"7128035BE487B9BDBEF89041F977A5A880000001",
				"993E08CD54D6C1230798",
			     }, 3);
	ksrtp_st_check(st, ok, "SRTCP protect vector, index 1");
	buf[len - 1] ^= 0x80;
	ok = ksrtp_st_unprotect(in, true, buf, len, &plen) == KSRTP_AUTH_FAILED;
	ksrtp_st_check(st, ok, "SRTCP flipped tag bit fails authentication");
	buf[len - 1] ^= 0x80;
	ok = ksrtp_st_unprotect(in, true, buf, len, &plen) == KSRTP_OK &&
	     ksrtp_st_unprotect(in, true, buf, len, &plen) != KSRTP_OK;
	ksrtp_st_check(st, ok, "SRTCP replay is refused");
	ok = ksrtp_st_unprotect(in, true, buf, 8 + 4 + 9, &plen) ==
	     KSRTP_MALFORMED;
	ksrtp_st_check(st, ok, "SRTCP shorter than header+trailer+tag");
out:
	ksrtp_st_ctx_put(out, in);
	kfree(buf);
	kfree(orig);
	kfree(copy);
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
		if (ksrtp_st_protect(out, false, buf, 32, &len) != KSRTP_OK ||
		    ksrtp_st_unprotect(in, false, buf, len, &plen) != want)
			return false;
	}
	return true;
}

static void ksrtp_st_index(struct ksrtp_st *st)
{
	static const u16 wrap[] = { 65530, 65531, 65533, 65532, 65535, 1, 0,
				    2, 65534, 3 };
	static const u16 old[] = { 65400 };
	struct ksrtp_ctx *out, *in, *old_out;
	struct ksrtp_ctx_state s;
	u8 *buf = kzalloc(64, GFP_KERNEL);
	unsigned int len;
	bool ok;

	out = ksrtp_st_ctx(KSRTP_DIR_OUTBOUND,
			   KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32, 0x1234, 64);
	in = ksrtp_st_ctx(KSRTP_DIR_INBOUND,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32, 0x1234, 64);
	/* What a sender at ROC 0 sent long ago, which @out no longer sends. */
	old_out = ksrtp_st_ctx(KSRTP_DIR_OUTBOUND,
			       KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32, 0x1234, 64);
	if (!out || !in || !old_out || !buf) {
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
	ok = ksrtp_st_stream(old_out, in, old, 1, buf, KSRTP_REPLAYED);
	ksrtp_st_check(st, ok, "packet older than the window is refused");
	/* Nor does the sender protect it: it may have sent that index. */
	buf[2] = old[0] >> 8;
	buf[3] = old[0] & 0xff;
	memcpy(buf + 8, &out->key.ssrc, 4);
	ok = ksrtp_st_protect(out, false, buf, 32, &len) == KSRTP_REPLAYED;
	ksrtp_st_check(st, ok, "sender refuses a packet older than its window");
out:
	ksrtp_st_ctx_put(out, in);
	ksrtp_st_ctx_put(old_out, NULL);
	kfree(buf);
}

/**
 * struct ksrtp_st_model - the replay window's plain model
 * @map: the RFC 3711 bitmap: bit k says that index @top - k was accepted,
 *	and a new top shifts it
 * @size: the window, in packets
 * @top: the highest index accepted
 * @started: an index was accepted
 *
 * The replay window is checked against it. Owned by one self-test, on
 * its stack: no lock.
 */
struct ksrtp_st_model {
	unsigned long *map;
	u32 size;
	u64 top;
	bool started;
};

static bool ksrtp_st_model_check(const struct ksrtp_st_model *m, u64 index)
{
	if (!m->started || index > m->top)
		return true;
	if (m->top - index >= m->size)
		return false;
	return !test_bit(m->top - index, m->map);
}

static void ksrtp_st_model_update(struct ksrtp_st_model *m, u64 index)
{
	if (!m->started) {
		bitmap_zero(m->map, m->size);
		m->started = true;
		m->top = index;
	} else if (index > m->top) {
		if (index - m->top >= m->size)
			bitmap_zero(m->map, m->size);
		else
			bitmap_shift_left(m->map, m->map, index - m->top, m->size);
		m->top = index;
	}
	if (m->top - index < m->size)
		__set_bit(m->top - index, m->map);
}

static void ksrtp_st_model_reset(struct ksrtp_st_model *m, bool started,
				 u64 top)
{
	bitmap_zero(m->map, m->size);
	m->started = false;
	if (started)
		ksrtp_st_model_update(m, top);
}

/* Every index in [@lo, @hi] is accepted (@want) or refused (!@want). */
static bool ksrtp_st_range(const struct ksrtp_replay *r, u64 lo, u64 hi,
			   bool want)
{
	u64 i;

	for (i = lo; i <= hi; i++)
		if (ksrtp_replay_check(r, i) != want)
			return false;
	return true;
}

/* Accept every index of the window that ends at @top. */
static void ksrtp_st_fill(struct ksrtp_replay *r, u64 top)
{
	u64 i;

	ksrtp_replay_reset(r, false, 0);
	for (i = top - r->size + 1; i <= top; i++)
		ksrtp_replay_update(r, i);
}

static bool ksrtp_st_replay_dup(struct ksrtp_replay *r)
{
	const u64 t = 1000003;
	bool ok;

	ksrtp_replay_reset(r, false, 0);
	ok = ksrtp_replay_check(r, t) && ksrtp_replay_check(r, 0);
	ksrtp_replay_update(r, t);
	ok &= !ksrtp_replay_check(r, t) && ksrtp_replay_check(r, t - 1);
	ksrtp_replay_update(r, t - 1);
	ok &= !ksrtp_replay_check(r, t - 1) && !ksrtp_replay_check(r, t);
	ksrtp_replay_update(r, t + 1);
	return ok && ksrtp_replay_check(r, t - 2) && !ksrtp_replay_check(r, t - 1) &&
	       !ksrtp_replay_check(r, t) && !ksrtp_replay_check(r, t + 1) &&
	       ksrtp_replay_check(r, t + 2);
}

/*
 * top - size + 1 is the oldest index in the window, top - size too old;
 * an update older than the window (which the packet path never makes)
 * changes nothing, on whichever word of the ring it would fall.
 */
static bool ksrtp_st_replay_edge(struct ksrtp_replay *r)
{
	const u64 t = 5000017;
	u32 s = r->size, i;
	bool ok;

	ksrtp_replay_reset(r, false, 0);
	ksrtp_replay_update(r, t);
	ok = ksrtp_st_range(r, t - s + 1, t - 1, true) &&
	     !ksrtp_replay_check(r, t - s) && !ksrtp_replay_check(r, t - s - 1) &&
	     !ksrtp_replay_check(r, 0);
	ksrtp_replay_update(r, t - s + 1);
	ok &= !ksrtp_replay_check(r, t - s + 1) &&
	      ksrtp_st_range(r, t - s + 2, t - 1, true);
	/* One newer: the edge moves up by one. */
	ksrtp_replay_update(r, t + 1);
	ok &= !ksrtp_replay_check(r, t - s + 1) &&
	      ksrtp_st_range(r, t - s + 2, t - 1, true) &&
	      !ksrtp_replay_check(r, t) && !ksrtp_replay_check(r, t + 1);

	ksrtp_st_fill(r, t);
	for (i = 0; i <= r->mask; i++)
		ksrtp_replay_update(r, t - s - (u64)i * BITS_PER_LONG);
	return ok && ksrtp_st_range(r, t - s + 1, t, false) &&
	       !ksrtp_replay_check(r, t - s);
}

/*
 * A jump ahead by far more than the ring holds forgets everything; so
 * does one by a multiple of the ring's length, where every index falls
 * on the very word it fell on before.
 */
static bool ksrtp_st_replay_far(struct ksrtp_replay *r)
{
	u64 t = (1ULL << 40) + 5, n = t + 1000000, n2 = n + (1 << 20);
	u32 s = r->size;
	bool ok;

	ksrtp_st_fill(r, t);
	ok = ksrtp_st_range(r, t - s + 1, t, false);
	ksrtp_replay_update(r, n);
	ok &= ksrtp_st_range(r, n - s + 1, n - 1, true) &&
	      !ksrtp_replay_check(r, n) && !ksrtp_replay_check(r, n - s) &&
	      !ksrtp_replay_check(r, t);
	ksrtp_st_fill(r, n);
	ksrtp_replay_update(r, n2);
	return ok && ksrtp_st_range(r, n2 - s + 1, n2 - 1, true) &&
	       !ksrtp_replay_check(r, n2) && !ksrtp_replay_check(r, n2 - s);
}

/* A jump ahead by less than the window keeps what is still inside it. */
static bool ksrtp_st_replay_near(struct ksrtp_replay *r)
{
	const u64 t = 3000007;
	u32 s = r->size, d = s / 2 + 3;
	u64 i, n = t + d, n2 = n + s - 1;
	bool ok = true, want;

	/* Every third index of the window up to t, t included. */
	ksrtp_replay_reset(r, false, 0);
	for (i = t - s + 1; i <= t; i++)
		if ((u32)(t - i) % 3 == 0)
			ksrtp_replay_update(r, i);
	ksrtp_replay_update(r, n);
	for (i = n - s - 3; i <= n + 3; i++) {
		want = i > n ||
		       (i >= n - s + 1 && i != n &&
			(i > t || (u32)(t - i) % 3 != 0));
		ok &= ksrtp_replay_check(r, i) == want;
	}
	/* By s - 1 more: only n is left of what was seen. */
	ksrtp_replay_update(r, n2);
	return ok && !ksrtp_replay_check(r, n) && !ksrtp_replay_check(r, n - 1) &&
	       ksrtp_st_range(r, n + 1, n2 - 1, true) &&
	       !ksrtp_replay_check(r, n2);
}

/* How many words of the ring differ from @before. */
static size_t ksrtp_st_changed(const struct ksrtp_replay *r,
			       const struct ksrtp_replay_word *before)
{
	size_t i, n = 0;

	for (i = 0; i <= r->mask; i++)
		n += !!memcmp(&before[i], &r->ring[i], sizeof(*before));
	return n;
}

/*
 * What O(1) means here: an update writes one word, however far it moves
 * the top; a restart writes none, or the one word of its top.
 */
static bool ksrtp_st_replay_one_word(struct ksrtp_replay *r)
{
	size_t size = ((size_t)r->mask + 1) * sizeof(*r->ring);
	u64 t = 7000003, steps[] = { 1000000, 1, 1ULL << 20, r->size / 2 };
	struct ksrtp_replay_word *before;
	unsigned int k;
	bool ok = true;

	before = kvmalloc(size, GFP_KERNEL);
	if (!before)
		return false;
	ksrtp_st_fill(r, t);
	for (k = 0; k < ARRAY_SIZE(steps); k++) {
		memcpy(before, r->ring, size);
		t += steps[k];
		ksrtp_replay_update(r, t);
		ok &= ksrtp_st_changed(r, before) == 1 &&
		      !ksrtp_replay_check(r, t);
	}
	memcpy(before, r->ring, size);
	ksrtp_replay_reset(r, false, 0);
	ok &= ksrtp_st_changed(r, before) == 0;
	ksrtp_replay_reset(r, true, t);
	ok &= ksrtp_st_changed(r, before) == 1;
	kvfree(before);
	return ok;
}

static bool ksrtp_st_replay_reset(struct ksrtp_replay *r)
{
	const u64 t = 9000001;
	u32 s = r->size;
	u64 top = t - s - 10, first = 10 * s + 5;
	bool ok;

	/* Started again at the same top: only the top counts as seen. */
	ksrtp_st_fill(r, t);
	ksrtp_replay_reset(r, true, t);
	ok = !ksrtp_replay_check(r, t) &&
	     ksrtp_st_range(r, t - s + 1, t - 1, true);
	/* Emptied: what was seen is new again. */
	ksrtp_st_fill(r, t);
	ksrtp_replay_reset(r, false, 0);
	ksrtp_replay_update(r, t - 1);
	ok &= ksrtp_st_range(r, t - s, t - 2, true) &&
	      !ksrtp_replay_check(r, t - 1) && ksrtp_replay_check(r, t);

	/* Started: @top counts as seen, the window ends there. */
	ksrtp_st_fill(r, t);
	ksrtp_replay_reset(r, true, top);
	ok &= !ksrtp_replay_check(r, top) &&
	      ksrtp_st_range(r, top - s + 1, top - 1, true) &&
	      !ksrtp_replay_check(r, top - s) &&
	      ksrtp_st_range(r, top + 1, t + 1, true);
	ksrtp_replay_update(r, top + 1);
	ok &= !ksrtp_replay_check(r, top + 1) && !ksrtp_replay_check(r, top - s + 1);

	/* Not started: anything goes until the first packet. */
	ksrtp_replay_reset(r, false, 0);
	ok &= ksrtp_st_range(r, top - s - 2, top + 2, true) &&
	      ksrtp_replay_check(r, 0);
	ksrtp_replay_update(r, first);
	ok &= !ksrtp_replay_check(r, first) &&
	      ksrtp_st_range(r, first - s + 1, first - 1, true) &&
	      !ksrtp_replay_check(r, first - s) && ksrtp_replay_check(r, first + 1);

	/* Started at index 0. */
	ksrtp_replay_reset(r, true, 0);
	ok &= !ksrtp_replay_check(r, 0) && ksrtp_replay_check(r, 1);

	/* No tag from before a restart passes for a new one, block 0's too. */
	ksrtp_replay_update(r, (u64)(r->mask + 1) * BITS_PER_LONG + 7);
	ksrtp_replay_reset(r, true, BITS_PER_LONG - 1);
	return ok && ksrtp_st_range(r, 0, BITS_PER_LONG - 2, true) &&
	       !ksrtp_replay_check(r, BITS_PER_LONG - 1);
}

/*
 * @n random operations with indices near the top, against the model: some
 * behind it (in the window and just out of it), some ahead by less or
 * more than the window, some far ahead, an occasional reset. Three of
 * four accepted packets authenticate and are recorded.
 */
static bool ksrtp_st_replay_random(struct ksrtp_replay *r,
				   struct ksrtp_st_model *m, unsigned int n)
{
	const u64 base = 1ULL << 40;
	u32 s = r->size, k, x;
	struct rnd_state rs;
	unsigned int i;
	u64 index;

	prandom_seed_state(&rs, 0x6b737274ULL + s);
	ksrtp_replay_reset(r, false, 0);
	ksrtp_st_model_reset(m, false, 0);
	for (i = 0; i < n; i++) {
		k = prandom_u32_state(&rs) % 1000;
		x = prandom_u32_state(&rs);
		if (!m->started)
			index = base + x % 1000;
		else if (k < 450)
			index = m->top - x % (s + s / 8 + 2);
		else if (k < 850)
			index = m->top + x % (s / 2 + 2);
		else if (k < 950)
			index = m->top + x % (3 * s);
		else if (k < 990)
			index = m->top + BITS_PER_LONG * (x % (2 * r->mask + 4));
		else if (k < 998)
			index = m->top + 1000000;
		else
			index = m->top - x % (2 * s);

		if (k >= 998) {
			ksrtp_replay_reset(r, x & 1, index);
			ksrtp_st_model_reset(m, x & 1, index);
			continue;
		}
		if (ksrtp_replay_check(r, index) != ksrtp_st_model_check(m, index))
			return false;
		if (ksrtp_st_model_check(m, index) && x >> 30) {
			ksrtp_replay_update(r, index);
			ksrtp_st_model_update(m, index);
		}
	}
	return true;
}

/*
 * The window on its own, for small, default, odd and largest sizes: each
 * property as its own check, then random operations against the model.
 */
static void ksrtp_st_replay_size(struct ksrtp_st *st, u32 size)
{
	static const struct {
		const char *name;
		bool (*fn)(struct ksrtp_replay *r);
	} t[] = {
		{ "duplicates refused", ksrtp_st_replay_dup },
		{ "window edge", ksrtp_st_replay_edge },
		{ "jump past the ring forgets", ksrtp_st_replay_far },
		{ "jump within the window keeps", ksrtp_st_replay_near },
		{ "update writes one word", ksrtp_st_replay_one_word },
		{ "reset", ksrtp_st_replay_reset },
	};
	struct ksrtp_st_model m = { .size = size };
	struct ksrtp_replay r;
	char name[64];
	unsigned int i;

	m.map = bitmap_zalloc(size, GFP_KERNEL);
	if (!m.map || ksrtp_replay_init(&r, size, GFP_KERNEL)) {
		bitmap_free(m.map);
		ksrtp_st_check(st, false, "replay window allocation");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		snprintf(name, sizeof(name), "replay window %u: %s", size,
			 t[i].name);
		ksrtp_st_check(st, t[i].fn(&r), name);
	}
	snprintf(name, sizeof(name), "replay window %u: random, against a model",
		 size);
	ksrtp_st_check(st, ksrtp_st_replay_random(&r, &m, 20000), name);
	ksrtp_replay_free(&r);
	bitmap_free(m.map);
}

static void ksrtp_st_replay(struct ksrtp_st *st)
{
	static const u32 sizes[] = { 64, 128, 1000, KSRTP_REPLAY_WINDOW_MAX };
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

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		ksrtp_st_replay_size(st, sizes[i]);
}

/* RFC 6188 sections 7.2 and 7.4: key derivation with AES-256 and -192. */
static void ksrtp_st_kdf_6188(struct ksrtp_st *st)
{
	static const struct {
		const char *name, *key, *salt, *session_key, *session_salt;
	} v[] = {
		{ "RFC 6188 7.4 AES-192 key derivation",
		  "73edc66c4fa15776fb57f9505c17136550ffda71f3e8e5f1",
		  "c8522f3acd4ce86d5add78edbb11",
		  "31874736a8f1143870c26e4857d8a5b2c4a354407faadabb",
		  "2372b82d639b6d8503a47adc0a6c" },
		{ "RFC 6188 7.2 AES-256 key derivation",
		  "f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6",
		  "3b04803de51ee7c96423ab5b78d2",
		  "5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4",
		  "fa31791685ca444a9e07c6c64e93" },
	};
	unsigned int i, klen;
	u8 *mk, *ms, *out;
	bool ok;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		klen = strlen(v[i].key) / 2;
		mk = ksrtp_st_hex(v[i].key, 0);
		ms = ksrtp_st_hex(v[i].salt, 0);
		out = kzalloc(32, GFP_KERNEL);
		ok = mk && ms && out &&
		     !ksrtp_kdf(mk, klen, ms, 0, out, klen) &&
		     ksrtp_st_eq(out, v[i].session_key) &&
		     !ksrtp_kdf(mk, klen, ms, 2, out, 14) &&
		     ksrtp_st_eq(out, v[i].session_salt);
		ksrtp_st_check(st, ok, v[i].name);
		kfree(mk);
		kfree(ms);
		kfree(out);
	}
}

/* Key an SRTP or SRTCP transform directly with session key and salt. */
static bool ksrtp_st_gcm_rekey(struct ksrtp_keys *keys, const u8 *key,
			       unsigned int key_len, const u8 *salt)
{
	const struct ksrtp_suite_info *suite =
		ksrtp_suite_find(key_len == 16 ? KSRTP_SUITE_AEAD_AES_128_GCM :
						 KSRTP_SUITE_AEAD_AES_256_GCM);
	struct ksrtp_session_material m = {};
	bool own = keys->aead;
	int err;

	memcpy(m.cipher_key, key, key_len);
	memcpy(m.salt, salt, KSRTP_GCM_SALT_LEN);
	ksrtp_keys_free(keys);
	err = ksrtp_keys_set(keys, suite, &m, own, NULL);
	memzero_explicit(&m, sizeof(m));
	return !err;
}

/* RFC 7714 section 16.1.1: AEAD_AES_128_GCM, given session keys. */
static void ksrtp_st_gcm(struct ksrtp_st *st)
{
	static const char hdr[] = "8040F17B8041F8D35501A0B2";
	static const char * const protected[] = {
		hdr,
		"F24DE3A3FB34DE6CACBA861C9D7E4BCABE633BD50D294E6F42A5F47A51C7D19B36DE3ADF8833",
		"899D7F27BEB16A9152CF765EE4390CCE",
	};
	static const char text[] = "Gallia est omnis divisa in partes tres";
	u8 *key = ksrtp_st_hex("000102030405060708090A0B0C0D0E0F", 0);
	u8 *salt = ksrtp_st_hex("517569642070726F2071756F", 0);
	u8 *buf = ksrtp_st_hex(hdr, 128);
	struct ksrtp_ctx *out, *in;
	unsigned int len, plen;
	bool ok;

	out = ksrtp_st_ctx(KSRTP_DIR_OUTBOUND, KSRTP_SUITE_AEAD_AES_128_GCM,
			   0x5501a0b2, 128);
	in = ksrtp_st_ctx(KSRTP_DIR_INBOUND, KSRTP_SUITE_AEAD_AES_128_GCM,
			  0x5501a0b2, 128);
	if (!out || !in || !key || !salt || !buf ||
	    !ksrtp_st_gcm_rekey(&ksrtp_ctx_first_key(out)->rtp, key, 16, salt) ||
	    !ksrtp_st_gcm_rekey(&ksrtp_ctx_first_key(in)->rtp, key, 16, salt)) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}
	memcpy(buf + 12, text, sizeof(text) - 1);
	ok = ksrtp_st_protect(out, false, buf, 50, &len) == KSRTP_OK && len == 66 &&
	     ksrtp_st_eq_parts(buf, protected, ARRAY_SIZE(protected));
	ksrtp_st_check(st, ok, "RFC 7714 16.1.1 AEAD_AES_128_GCM protect");
	buf[30] ^= 4;
	ok = ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_AUTH_FAILED;
	buf[30] ^= 4;
	ok = ok && ksrtp_st_eq_parts(buf, protected, ARRAY_SIZE(protected));
	ksrtp_st_check(st, ok, "GCM flipped bit fails authentication, is left as it came");
	ok = ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_OK &&
	     plen == 50 && !memcmp(buf + 12, text, sizeof(text) - 1);
	ksrtp_st_check(st, ok, "GCM unprotect restores the packet");
out:
	ksrtp_st_ctx_put(out, in);
	kfree(key);
	kfree(salt);
	kfree(buf);
}

/*
 * RFC 7714 section 17: SRTCP with SRTCP index 0x5d4, given session keys
 * and salt. 17.1 (AEAD_AES_128_GCM) and 17.2 (AEAD_AES_256_GCM) encrypt
 * (E set): protect gives the published packet, unprotect the plaintext.
 * 17.3 and 17.4 only tag (E clear, the whole packet associated data),
 * which ksrtp neither sends nor accepts: their packets are malformed.
 */
static void ksrtp_st_gcm_rtcp(struct ksrtp_st *st, unsigned int n)
{
	static const char * const rtcp[] = {
		"81C8000D4D617273",
		"4E5450314E545032525450200000042A0000E9304C756E61DEADBEEFDEADBEEFDEADBEEFDEADBEEFDEADBEEF",
	};
	static const struct {
		const char *name, *name_tag_only;
		u16 suite;
		const char *key, *ct, *tag, *tag_only;
	} v[] = {
		{ "RFC 7714 17.1 AEAD_AES_128_GCM SRTCP",
		  "RFC 7714 17.3 AEAD_AES_128_GCM SRTCP, tag only,",
		  KSRTP_SUITE_AEAD_AES_128_GCM,
		  "000102030405060708090A0B0C0D0E0F",
		  "63E94885DCDAB67CA727D7662F6B7E997FF5C0F76C06F32DC676A5F1730D6FDA4CE09B4686303DED0BB9275B",
		  "C84AA45896CF4D2FC5ABF87245D9EADE",
		  "841DD9683DD78EC92AE58790125F62B3" },
		{ "RFC 7714 17.2 AEAD_AES_256_GCM SRTCP",
		  "RFC 7714 17.4 AEAD_AES_256_GCM SRTCP, tag only,",
		  KSRTP_SUITE_AEAD_AES_256_GCM,
		  "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
		  "D50AE4D1F5CE5D304BA297E47D470C282C3ECE5DBFFE0A50A2EAA5C1110555BE8415F658C61DE0476F1B6FAD",
		  "1D1EB30C4446839F57FF6F6CB26AC3BE",
		  "91DB4AFBFEEE5A978FAB4393ED2615FE" },
	};
	struct ksrtp_ctx_state_update u = {
		.has_srtcp_index = true,
		.srtcp_index = 0x5d4,
	};
	unsigned int klen = strlen(v[n].key) / 2, len, plen;
	u8 *key = ksrtp_st_hex(v[n].key, 0);
	u8 *salt = ksrtp_st_hex("517569642070726F2071756F", 0);
	u8 *buf = ksrtp_st_hex(rtcp[0], 128);
	struct ksrtp_ctx *out, *in;
	char name[64];
	bool ok;

	out = ksrtp_st_ctx(KSRTP_DIR_OUTBOUND, v[n].suite, 0x4d617273, 128);
	in = ksrtp_st_ctx(KSRTP_DIR_INBOUND, v[n].suite, 0x4d617273, 128);
	if (!out || !in || !key || !salt || !buf || hex2bin(buf + 8, rtcp[1], 44) ||
	    !ksrtp_st_gcm_rekey(&ksrtp_ctx_first_key(out)->rtcp, key, klen, salt) ||
	    !ksrtp_st_gcm_rekey(&ksrtp_ctx_first_key(in)->rtcp, key, klen, salt)) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}
	ksrtp_ctx_state_write(out, &u);

	/* header | ciphertext | tag | E+index */
	ok = ksrtp_st_protect(out, true, buf, 52, &len) == KSRTP_OK && len == 72 &&
	     ksrtp_st_eq_parts(buf, (const char * const []) {
				rtcp[0], v[n].ct, v[n].tag, "800005D4",
			     }, 4);
	snprintf(name, sizeof(name), "%s protect", v[n].name);
	ksrtp_st_check(st, ok, name);
	ok = ksrtp_st_unprotect(in, true, buf, len, &plen) == KSRTP_OK &&
	     plen == 52 && ksrtp_st_eq_parts(buf, rtcp, 2);
	snprintf(name, sizeof(name), "%s unprotect", v[n].name);
	ksrtp_st_check(st, ok, name);

	/* header | payload | tag | index, E clear */
	ok = !hex2bin(buf, rtcp[0], 8) && !hex2bin(buf + 8, rtcp[1], 44) &&
	     !hex2bin(buf + 52, v[n].tag_only, 16);
	put_unaligned_be32(0x5d4, buf + 68);
	ok = ok && ksrtp_st_unprotect(in, true, buf, 72, &plen) == KSRTP_MALFORMED;
	snprintf(name, sizeof(name), "%s is malformed", v[n].name_tag_only);
	ksrtp_st_check(st, ok, name);
out:
	ksrtp_st_ctx_put(out, in);
	kfree(key);
	kfree(salt);
	kfree(buf);
}

/*
 * Protect @orig (60 bytes) afresh, flip bit @bit of byte @off (counted
 * from the end if negative; no flip if @bit is 0) and unprotect: the
 * verdict must be @want and, when it is KSRTP_OK, the packet restored.
 * Always afresh, since GCM decrypts in place before it rejects a tag, and
 * for RTP with the next sequence number: the sender protects none twice.
 */
static bool ksrtp_st_trip(struct ksrtp_ctx *out, struct ksrtp_ctx *in,
			  u8 *orig, u8 *buf, bool rtcp, int off, u8 bit,
			  enum ksrtp_verdict want)
{
	unsigned int len, plen, grow = ksrtp_overhead(out, rtcp);

	if (!rtcp)
		put_unaligned_be16(get_unaligned_be16(orig + 2) + 1, orig + 2);
	memcpy(buf, orig, 60);
	if (ksrtp_st_protect(out, rtcp, buf, 60, &len) != KSRTP_OK ||
	    len != 60 + grow)
		return false;
	buf[off < 0 ? len + off : off] ^= bit;
	if (ksrtp_st_unprotect(in, rtcp, buf, len, &plen) != want)
		return false;
	return want != KSRTP_OK || (plen == 60 && !memcmp(buf, orig, 60));
}

/*
 * What a template does without a spare (ksrtp_probe()): a forgery is
 * refused and left as it came, a genuine packet passes, and neither
 * changes @in, which then still accepts the genuine packet. @orig is
 * protected afresh into @buf, and @copy keeps the protected packet.
 */
static bool ksrtp_st_probe(struct ksrtp_ctx *out, struct ksrtp_ctx *in,
			   const u8 *orig, u8 *buf, u8 *copy, bool rtcp)
{
	unsigned int len, plen;

	memcpy(buf, orig, 60);
	if (ksrtp_st_protect(out, rtcp, buf, 60, &len) != KSRTP_OK)
		return false;
	memcpy(copy, buf, len);
	buf[20] ^= 1;
	if (ksrtp_st_probe_pkt(in, buf, len, rtcp) != KSRTP_AUTH_FAILED)
		return false;
	buf[20] ^= 1;
	if (memcmp(buf, copy, len) ||
	    ksrtp_st_probe_pkt(in, buf, len, rtcp) != KSRTP_OK)
		return false;
	return ksrtp_st_unprotect(in, rtcp, copy, len, &plen) == KSRTP_OK &&
	       plen == 60 && !memcmp(copy, orig, 60);
}

/*
 * Every suite: SRTP and SRTCP round trips through an outbound and an
 * inbound context, the growth each suite promises, encryption where the
 * suite has it, tampering refused, an E bit that contradicts the suite
 * refused as malformed, and a template's probe of both.
 */
static void ksrtp_st_suite(struct ksrtp_st *st, u16 id)
{
	const struct ksrtp_suite_info *si = ksrtp_suite_find(id);
	bool gcm = si->xform == KSRTP_XFORM_GCM;
	bool null = si->xform == KSRTP_XFORM_NULL_HMAC;
	u8 *orig = ksrtp_st_pattern(64, 3), *buf = kzalloc(128, GFP_KERNEL);
	u8 *copy = kzalloc(128, GFP_KERNEL);
	struct ksrtp_ctx *out, *in;
	unsigned int len;
	bool ok;

	out = ksrtp_st_ctx(KSRTP_DIR_OUTBOUND, id, 0xabcd, 128);
	in = ksrtp_st_ctx(KSRTP_DIR_INBOUND, id, 0xabcd, 128);
	if (!out || !in || !orig || !buf || !copy) {
		ksrtp_st_check(st, false, si->name);
		goto out;
	}
	orig[0] = 0x80;
	orig[1] = 96;
	memcpy(orig + 8, &out->key.ssrc, 4);
	memcpy(buf, orig, 60);
	ok = ksrtp_st_protect(out, false, buf, 60, &len) == KSRTP_OK &&
	     !memcmp(buf + 12, orig + 12, 48) == null;
	ok = ok && ksrtp_st_trip(out, in, orig, buf, false, -1, 1,
				 KSRTP_AUTH_FAILED);
	ok = ok && ksrtp_st_trip(out, in, orig, buf, false, 20, 0x10,
				 KSRTP_AUTH_FAILED);
	ok = ok && ksrtp_st_trip(out, in, orig, buf, false, 0, 0, KSRTP_OK);

	orig[1] = 200;
	memcpy(orig + 4, &out->key.ssrc, 4);
	ok = ok && ksrtp_st_trip(out, in, orig, buf, true, gcm ? -4 : 60,
				 0x80, KSRTP_MALFORMED);
	ok = ok && ksrtp_st_trip(out, in, orig, buf, true, 20, 1,
				 KSRTP_AUTH_FAILED);
	ok = ok && ksrtp_st_trip(out, in, orig, buf, true, 0, 0, KSRTP_OK);
	ok = ok && ksrtp_st_probe(out, in, orig, buf, copy, true);
	orig[1] = 96;
	orig[3]++;	/* past the index the trips above used */
	ok = ok && ksrtp_st_probe(out, in, orig, buf, copy, false);
	ksrtp_st_check(st, ok, si->name);
out:
	ksrtp_st_ctx_put(out, in);
	kfree(orig);
	kfree(buf);
	kfree(copy);
}

/*
 * The RFC 3711 B.3 packets with MKI 0x0A0B: the MKI sits between payload
 * (SRTCP: the E+index word) and tag and is not authenticated, so the tag
 * is the one without MKI (the vector also checked against libsrtp2 by
 * rtp-peer). Then the end of a key: SRTCP index 2^31 - 1 is the last.
 */
static void ksrtp_st_mki(struct ksrtp_st *st)
{
	static const char rtp[] = "800F1234DECAFBADCAFEBABEABABABABABABABABABABABABABABABAB";
	static const char rtcp[] = "81C8000BCAFEBABEABABABABABABABABABABABABABABABAB";
	static const u8 mki[] = { 0x0a, 0x0b };
	struct ksrtp_ctx_state_update u = {
		.has_srtcp_index = true,
		.srtcp_index = KSRTP_SRTCP_INDEX_MAX,
	};
	unsigned int len, plen;
	struct ksrtp_ctx *out, *in;
	u8 *buf;
	bool ok;

	out = ksrtp_st_ctx_mki(KSRTP_DIR_OUTBOUND,
			       KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, 0xcafebabe,
			       128, mki, sizeof(mki));
	in = ksrtp_st_ctx_mki(KSRTP_DIR_INBOUND,
			      KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, 0xcafebabe,
			      128, mki, sizeof(mki));
	buf = ksrtp_st_hex(rtp, 64);
	if (!out || !in || !buf) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}
	ok = ksrtp_st_protect(out, false, buf, 28, &len) == KSRTP_OK && len == 40 &&
	     ksrtp_st_eq_parts(buf, (const char * const []) {
				"800F1234DECAFBADCAFEBABE",
				"4E55DC4CE79978D88CA4D215949D2402",
				"0A0BB78D6ACC99EA179B8DBB",
			     }, 3);
	ksrtp_st_check(st, ok, "SRTP with MKI 0A0B, protect vector");
	buf[28] ^= 1;
	ok = ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_MALFORMED;
	ksrtp_st_check(st, ok, "SRTP with an unknown MKI is malformed");
	buf[28] ^= 1;
	ok = ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_OK &&
	     plen == 28 && ksrtp_st_eq(buf, rtp);
	ksrtp_st_check(st, ok, "SRTP with MKI, unprotect");

	ok = !hex2bin(buf, rtcp, 24) &&
	     ksrtp_st_protect(out, true, buf, 24, &len) == KSRTP_OK && len == 40 &&
	     ksrtp_st_eq_parts(buf, (const char * const []) {
				"81C8000BCAFEBABE",
				"B19C219A086B6C7AE61D8E0BFEB4BE3F80000000",
				"0A0B5631D6CFC906CDB30F41",
			     }, 3);
	ksrtp_st_check(st, ok, "SRTCP with MKI 0A0B, protect vector");
	ok = ksrtp_st_unprotect(in, true, buf, len, &plen) == KSRTP_OK &&
	     plen == 24 && ksrtp_st_eq(buf, rtcp);
	ksrtp_st_check(st, ok, "SRTCP with MKI, unprotect");

	ksrtp_ctx_state_write(out, &u);
	ok = !hex2bin(buf, rtcp, 24) &&
	     ksrtp_st_protect(out, true, buf, 24, &len) == KSRTP_OK &&
	     !hex2bin(buf, rtcp, 24) &&
	     ksrtp_st_protect(out, true, buf, 24, &len) == KSRTP_KEY_LIMIT;
	ksrtp_st_check(st, ok, "SRTCP index 2^31 - 1 is a key's last");
out:
	ksrtp_st_ctx_put(out, in);
	kfree(buf);
}

/* Copy @orig (60 bytes) with sequence number @seq to @buf and protect. */
static bool ksrtp_st_seal(struct ksrtp_ctx *out, u8 *orig, u8 *buf, u16 seq,
			  unsigned int *len)
{
	orig[2] = seq >> 8;
	orig[3] = seq;
	memcpy(buf, orig, 60);
	return ksrtp_st_protect(out, false, buf, 60, len) == KSRTP_OK;
}

static bool ksrtp_st_state(struct ksrtp_ctx *ctx, u32 roc, u16 seq)
{
	struct ksrtp_ctx_state s;

	ksrtp_ctx_state_read(ctx, &s);
	return s.roc == roc && s.seq == seq;
}

/*
 * A receiver whose first packets, just before the sender's wrap, were all
 * lost: the first to arrive is SEQ 2 of ROC 1 while the context still
 * expects ROC 0. Before it accepts anything it tries ROC 0 and ROC 1; a
 * forgery changes nothing, not even the packet; once started, no second
 * ROC.
 */
static void ksrtp_st_late_join(struct ksrtp_st *st, u16 id)
{
	struct ksrtp_ctx_state_update at = {
		.has_roc = true, .has_seq = true, .roc = 0, .seq = 65529,
	};
	bool gcm = ksrtp_suite_find(id)->xform == KSRTP_XFORM_GCM;
	u8 *orig = ksrtp_st_pattern(64, 5), *buf = kzalloc(128, GFP_KERNEL);
	u8 *copy = kzalloc(128, GFP_KERNEL), *again = kzalloc(128, GFP_KERNEL);
	struct ksrtp_ctx *out, *in;
	unsigned int len = 0, plen, len2;
	bool ok;

	out = ksrtp_st_ctx(KSRTP_DIR_OUTBOUND, id, 0x5eed, 128);
	in = ksrtp_st_ctx(KSRTP_DIR_INBOUND, id, 0x5eed, 128);
	if (!out || !in || !orig || !buf || !copy || !again) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}
	orig[0] = 0x80;
	orig[1] = 96;
	memcpy(orig + 8, &out->key.ssrc, 4);

	/* SEQ 2 of ROC 1, forged: both tries fail, nothing is recorded. */
	ok = !ksrtp_ctx_state_write(out, &at) &&
	     ksrtp_st_seal(out, orig, buf, 2, &len) &&
	     ksrtp_st_state(out, 1, 2);
	memcpy(copy, buf, len);
	memcpy(again, buf, len);
	len2 = len;
	buf[30] ^= 0x40;
	ok = ok && ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_AUTH_FAILED &&
	     !in->rtp_started && ksrtp_st_state(in, 0, 0);
	buf[30] ^= 0x40;
	ok = ok && !memcmp(buf, copy, len);
	ksrtp_st_check(st, ok, gcm ? "GCM late join: forged packet changes nothing" :
				     "HMAC late join: forged packet changes nothing");

	/* A template's probe (no spare) tries both ROCs too, and records none. */
	ok = ksrtp_st_probe_pkt(in, buf, len, false) == KSRTP_OK &&
	     !in->rtp_started && ksrtp_st_state(in, 0, 0);
	ksrtp_st_check(st, ok, gcm ? "GCM late join: probe finds ROC 1, records nothing" :
				     "HMAC late join: probe finds ROC 1, records nothing");

	/* The genuine one is taken with ROC 1; then a late one of ROC 0. */
	ok = ksrtp_st_unprotect(in, false, copy, len, &plen) == KSRTP_OK &&
	     plen == 60 && !memcmp(copy, orig, 60) && ksrtp_st_state(in, 1, 2);
	ok = ok && ksrtp_st_seal(out, orig, buf, 65535, &len) &&
	     ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_OK &&
	     !memcmp(buf, orig, 60) && ksrtp_st_state(in, 1, 2);
	ksrtp_st_check(st, ok, gcm ? "GCM late join: ROC 1 found, then ROC 0 late" :
				     "HMAC late join: ROC 1 found, then ROC 0 late");

	/*
	 * A probe takes a packet as a new stream's first, whatever the
	 * context has seen: SEQ 2 of ROC 1 again is a replay to the
	 * context, authentic to a probe, and still a replay afterwards. (The
	 * sender protects it only once: these are copies of that packet.)
	 */
	memcpy(buf, again, len2);
	ok = ksrtp_st_unprotect(in, false, buf, len2, &plen) == KSRTP_REPLAYED &&
	     ksrtp_st_probe_pkt(in, buf, len2, false) == KSRTP_OK;
	memcpy(buf, again, len2);
	ok = ok && ksrtp_st_unprotect(in, false, buf, len2, &plen) == KSRTP_REPLAYED &&
	     ksrtp_st_state(in, 1, 2);
	ksrtp_st_check(st, ok, gcm ? "GCM probe: a replay is a first packet, nothing recorded" :
				     "HMAC probe: a replay is a first packet, nothing recorded");

	/* Started: a packet of ROC 2 where ROC 1 is estimated is refused. */
	at.roc = 2;
	at.seq = 4;
	ok = !ksrtp_ctx_state_write(out, &at) &&
	     ksrtp_st_seal(out, orig, buf, 5, &len) &&
	     ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_AUTH_FAILED &&
	     ksrtp_st_state(in, 1, 2);
	ksrtp_st_check(st, ok, gcm ? "GCM: no second ROC once started" :
				     "HMAC: no second ROC once started");
out:
	ksrtp_st_ctx_put(out, in);
	kfree(orig);
	kfree(buf);
	kfree(copy);
	kfree(again);
}

/*
 * An outbound stream never goes back to an index it has sent, also not in
 * two steps: a SET of the ROC without SEQ starts the stream afresh, and
 * must not open the way for a second SET to an older ROC. The same for
 * the SRTCP index. A refused SET changes nothing.
 */
static void ksrtp_st_tx_set(struct ksrtp_st *st)
{
	struct ksrtp_ctx_state_update u = { .has_roc = true, .roc = 5 };
	struct ksrtp_ctx_state_update r = { .has_srtcp_index = true };
	u8 *orig = ksrtp_st_pattern(64, 7), *buf = kzalloc(128, GFP_KERNEL);
	struct ksrtp_ctx *out;
	unsigned int len;
	bool ok;

	out = ksrtp_st_ctx(KSRTP_DIR_OUTBOUND,
			   KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, 0x7e57, 128);
	if (!out || !orig || !buf) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}
	orig[0] = 0x80;
	orig[1] = 96;
	memcpy(orig + 8, &out->key.ssrc, 4);

	/* ROC 5 without SEQ, send 5:10; ROC 6 without SEQ is ahead of it. */
	ok = !ksrtp_ctx_state_write(out, &u) &&
	     ksrtp_st_seal(out, orig, buf, 10, &len) &&
	     ksrtp_st_state(out, 5, 10);
	u.roc = 6;
	ok = ok && !ksrtp_ctx_state_write(out, &u) && ksrtp_st_state(out, 6, 0);
	ksrtp_st_check(st, ok, "outbound SET of the ROC ahead of what was sent");

	/* Back to ROC 5, without SEQ or below the highest index sent: no. */
	u.roc = 5;
	ok = ksrtp_ctx_state_write(out, &u) == -ERANGE &&
	     ksrtp_st_state(out, 6, 0);
	u.roc = 0;
	ok = ok && ksrtp_ctx_state_write(out, &u) == -ERANGE &&
	     ksrtp_st_state(out, 6, 0);
	u.roc = 5;
	u.has_seq = true;
	u.seq = 9;
	ok = ok && ksrtp_ctx_state_write(out, &u) == -ERANGE &&
	     ksrtp_st_state(out, 6, 0);
	/* Nothing changed: the next packet is still numbered from ROC 6. */
	ok = ok && ksrtp_st_seal(out, orig, buf, 10, &len) &&
	     ksrtp_st_state(out, 6, 10);
	ksrtp_st_check(st, ok, "outbound SET never back to an index sent, after a SET without SEQ");

	/* SRTCP: index 0 sent, so the next is 1 at the least. */
	ok = ksrtp_st_protect(out, true, buf, 60, &len) == KSRTP_OK &&
	     ksrtp_ctx_state_write(out, &r) == -EDOM;
	r.srtcp_index = 1;
	ok = ok && !ksrtp_ctx_state_write(out, &r) &&
	     ksrtp_st_protect(out, true, buf, 60, &len) == KSRTP_OK &&
	     get_unaligned_be32(buf + len - 14) == (0x80000000u | 1);
	ksrtp_st_check(st, ok, "outbound SET never back to an SRTCP index sent");
out:
	ksrtp_st_ctx_put(out, NULL);
	kfree(orig);
	kfree(buf);
}

/*
 * The sender's own record of what it sent (libsrtp refuses the same:
 * srtp_err_status_replay_fail): a sequence number out of order but new
 * is sent, one sent already or older than the window is not, and leaves
 * the stream as it was. For AES-CM that would be keystream reuse, for
 * GCM nonce reuse.
 */
static void ksrtp_st_tx_repeat(struct ksrtp_st *st, u16 id)
{
	bool gcm = ksrtp_suite_find(id)->xform == KSRTP_XFORM_GCM;
	u8 *orig = ksrtp_st_pattern(64, 9), *buf = kzalloc(128, GFP_KERNEL);
	struct ksrtp_ctx *out;
	unsigned int len;
	bool ok;

	out = ksrtp_st_ctx(KSRTP_DIR_OUTBOUND, id, 0x2e9ea7, 64);
	if (!out || !orig || !buf) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}
	orig[0] = 0x80;
	orig[1] = 96;
	memcpy(orig + 8, &out->key.ssrc, 4);

	ok = ksrtp_st_seal(out, orig, buf, 100, &len) &&
	     ksrtp_st_seal(out, orig, buf, 102, &len) &&
	     ksrtp_st_seal(out, orig, buf, 101, &len) &&
	     !ksrtp_st_seal(out, orig, buf, 101, &len) &&
	     !memcmp(buf, orig, 60) &&
	     !ksrtp_st_seal(out, orig, buf, 100, &len) &&
	     ksrtp_st_state(out, 0, 102);
	ksrtp_st_check(st, ok, gcm ? "GCM sender: new out of order sent, repeated not" :
				     "HMAC sender: new out of order sent, repeated not");

	/* Window 64: 101 is 65 behind 166, 103 is 63 behind and new. */
	ok = ksrtp_st_seal(out, orig, buf, 166, &len) &&
	     !ksrtp_st_seal(out, orig, buf, 101, &len) &&
	     ksrtp_st_seal(out, orig, buf, 103, &len) &&
	     !ksrtp_st_seal(out, orig, buf, 103, &len) &&
	     ksrtp_st_state(out, 0, 166);
	ksrtp_st_check(st, ok, gcm ? "GCM sender: nothing older than its window" :
				     "HMAC sender: nothing older than its window");
out:
	ksrtp_st_ctx_put(out, NULL);
	kfree(orig);
	kfree(buf);
}

/*
 * Two copies of one packet on two CPUs: both pass the first replay check
 * and authenticate, then meet under the lock (ksrtp_rx_accept()). The one
 * that comes second is a replay and must not count against the key: the
 * key counts only what was accepted, so its limits and events are right.
 */
static void ksrtp_st_rx_race(struct ksrtp_st *st)
{
	u8 *orig = ksrtp_st_pattern(64, 11), *buf = kzalloc(128, GFP_KERNEL);
	struct ksrtp_ctx *out, *in;
	struct ksrtp_mkey *mk;
	unsigned int len, plen;
	bool ok, ev = false;

	out = ksrtp_st_ctx(KSRTP_DIR_OUTBOUND,
			   KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, 0x4ace, 128);
	in = ksrtp_st_ctx(KSRTP_DIR_INBOUND,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, 0x4ace, 128);
	if (!out || !in || !orig || !buf) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}
	mk = ksrtp_ctx_first_key(in);
	orig[0] = 0x80;
	orig[1] = 96;
	memcpy(orig + 8, &out->key.ssrc, 4);

	ok = ksrtp_st_seal(out, orig, buf, 7, &len) &&
	     ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_OK &&
	     atomic64_read(&mk->rtp_used) == 1 &&
	     ksrtp_rx_accept(in, mk, false, 7, &ev) == KSRTP_REPLAYED &&
	     atomic64_read(&mk->rtp_used) == 1 && ksrtp_st_state(in, 0, 7);
	ksrtp_st_check(st, ok, "SRTP copy that loses the race does not count against the key");

	orig[1] = 200;
	memcpy(orig + 4, &out->key.ssrc, 4);
	memcpy(buf, orig, 60);
	ok = ksrtp_st_protect(out, true, buf, 60, &len) == KSRTP_OK &&
	     ksrtp_st_unprotect(in, true, buf, len, &plen) == KSRTP_OK &&
	     atomic64_read(&mk->rtcp_used) == 1 &&
	     ksrtp_rx_accept(in, mk, true, 0, &ev) == KSRTP_REPLAYED &&
	     atomic64_read(&mk->rtcp_used) == 1;
	ksrtp_st_check(st, ok, "SRTCP copy that loses the race does not count against the key");
out:
	ksrtp_st_ctx_put(out, in);
	kfree(orig);
	kfree(buf);
}

/*
 * RFC 9335 Appendix A, every vector (selftests/tools/cryptex-vectors.txt,
 * which srtp-xcheck.py reproduces both ways): one-byte and two-byte
 * extensions, without and with CSRCs, empty ones with CSRCs. ROC 0,
 * sequence numbers in increasing order.
 */
#define KSRTP_ST_CX_VECS	6

struct ksrtp_st_cx_vec {
	const char *name;
	const char *plain;
	const char *prot;
};

static const struct ksrtp_st_cx_vec ksrtp_st_cx_cm[KSRTP_ST_CX_VECS] = {
	{
		.name = "1byte",
		.plain =
			"900F1235DECAFBADCAFEBABEBEDE000151000200ABABABABABABABABABABABABABABABAB",
		.prot =
			"900F1235DECAFBADCAFEBABEC0DE0001EB92365251C3E036F8DE27E9C27EE3E0B4651D9FBC4218A70244522F34A5",
	},
	{
		.name = "2byte",
		.plain =
			"900F1236DECAFBADCAFEBABE1000000105020002ABABABABABABABABABABABABABABABAB",
		.prot =
			"900F1236DECAFBADCAFEBABEC2DE00014ED9CC4E6A712B3096C5CA77339D4204CE0D77396CAB69585FBCE38194A5",
	},
	{
		.name = "1byte-csrc",
		.plain =
			"920F1238DECAFBADCAFEBABE0001E2400000B26EBEDE000151000200ABABABABABABABABABABABABABABABAB",
		.prot =
			"920F1238DECAFBADCAFEBABE8BB6E12B5CFF16DDC0DE000192838C8C09E58393E1DE3A9A74734D6745671338C3ACF11DA2DF8423BEE0",
	},
	{
		.name = "2byte-csrc",
		.plain =
			"920F1239DECAFBADCAFEBABE0001E2400000B26E1000000105020002ABABABABABABABABABABABABABABABAB",
		.prot =
			"920F1239DECAFBADCAFEBABEF70E513EB90B9B25C2DE0001BBED4848FAA644665F3D7F34125914E9F4D0AE923C6F479B95A0F7B53133",
	},
	{
		.name = "1byte-empty-csrc",
		.plain =
			"920F123ADECAFBADCAFEBABE0001E2400000B26EBEDE0000ABABABABABABABABABABABABABABABAB",
		.prot =
			"920F123ADECAFBADCAFEBABE7130B6ABFE2AB0E3C0DE0000E3D9F64B25C9E74CB4CF8E43FB92E3781C2C0CEAB6B3A499A14C",
	},
	{
		.name = "2byte-empty-csrc",
		.plain =
			"920F123BDECAFBADCAFEBABE0001E2400000B26E10000000ABABABABABABABABABABABABABABABAB",
		.prot =
			"920F123BDECAFBADCAFEBABECBF24C124330E1C8C2DE0000599DD45BC9D687B603E8B59D771FD38E88B170E0CD31E125EABE",
	},
};

static const struct ksrtp_st_cx_vec ksrtp_st_cx_gcm[KSRTP_ST_CX_VECS] = {
	{
		.name = "1byte",
		.plain =
			"900F1235DECAFBADCAFEBABEBEDE000151000200ABABABABABABABABABABABABABABABAB",
		.prot =
			"900F1235DECAFBADCAFEBABEC0DE000139972DC9572C4D99E8FC355DE743FB2E94F9D8FF54E72F4193BBC5C74FFAB0FA9FA0FBEB",
	},
	{
		.name = "2byte",
		.plain =
			"900F1236DECAFBADCAFEBABE1000000105020002ABABABABABABABABABABABABABABABAB",
		.prot =
			"900F1236DECAFBADCAFEBABEC2DE0001BB75A4C545CD1F413BDB7DAA2B1E3263DE313667C963249081B35A65F5CB6C88B394235F",
	},
	{
		.name = "1byte-csrc",
		.plain =
			"920F1238DECAFBADCAFEBABE0001E2400000B26EBEDE000151000200ABABABABABABABABABABABABABABABAB",
		.prot =
			"920F1238DECAFBADCAFEBABE63BBCCC4A7F695C4C0DE00018AD7C71FAC70A80C92866B4C6BA98546EF913586E95FFAAFFE956885BB0647A8BC094AC8",
	},
	{
		.name = "2byte-csrc",
		.plain =
			"920F1239DECAFBADCAFEBABE0001E2400000B26E1000000105020002ABABABABABABABABABABABABABABABAB",
		.prot =
			"920F1239DECAFBADCAFEBABE3680524F8D312B00C2DE0001C78D120038422BC111A7187A18246F980C059CC6BC9DF8B626394ECA344E4B05D80FEA83",
	},
	{
		.name = "1byte-empty-csrc",
		.plain =
			"920F123ADECAFBADCAFEBABE0001E2400000B26EBEDE0000ABABABABABABABABABABABABABABABAB",
		.prot =
			"920F123ADECAFBADCAFEBABE15B6BB4337906FFFC0DE0000B7B964537A2B03AB7BA5389CE93317126B5D974DF30C6884DCB651C5E120C1DA",
	},
	{
		.name = "2byte-empty-csrc",
		.plain =
			"920F123BDECAFBADCAFEBABE0001E2400000B26E10000000ABABABABABABABABABABABABABABABAB",
		.prot =
			"920F123BDECAFBADCAFEBABEDCB38C9E48BF95F4C2DE000061EE432CF920317076613258D3CE4236C06AC429681AD08413512DC98B5207D8",
	},
};

/* The RFC's AEAD_AES_128_GCM master key and salt. */
static const char cx_gcm_key[] = "000102030405060708090A0B0C0D0E0F";
static const char cx_gcm_salt[] = "A0A1A2A3A4A5A6A7A8A9AAAB";

static struct ksrtp_ctx *ksrtp_st_ctx_cx(u8 dir, u16 suite, bool cryptex)
{
	const struct ksrtp_suite_info *si = ksrtp_suite_find(suite);
	bool gcm = si->xform == KSRTP_XFORM_GCM;
	struct ksrtp_ctx_params p = {
		.suite = suite,
		.master_key_len = si->key_len,
		.master_salt_len = si->salt_len,
		.replay_window = 128,
		.uid = current_uid(),
		.cryptex = cryptex,
	};
	u8 *mk = ksrtp_st_hex(gcm ? cx_gcm_key : b3_key, 0);
	u8 *ms = ksrtp_st_hex(gcm ? cx_gcm_salt : b3_salt, 0);

	return ksrtp_st_create(&p, dir, 0xcafebabe, mk, ms);
}

/* @hex into @buf with the sequence number's low byte @seq; its length. */
static unsigned int ksrtp_st_cx_load(u8 *buf, const char *hex, u8 seq)
{
	unsigned int n = strlen(hex) / 2;

	if (hex2bin(buf, hex, n))
		return 0;
	buf[3] = seq;
	return n;
}

/*
 * The RFC's vectors both ways, then what they do not show: a packet with
 * CSRCs and no extension gets an empty one (the RFC's vector of an empty
 * extension with CSRCs is what it must give), a flipped bit in the CSRCs
 * fails and leaves the packet as it came, a context without cryptex
 * drops a cryptex packet as malformed, one with it still takes plain
 * SRTP, a sender refuses extensions cryptex cannot carry, and sends a
 * packet with neither CSRCs nor extension as plain SRTP.
 */
static void ksrtp_st_cryptex(struct ksrtp_st *st, u16 id)
{
	bool gcm = ksrtp_suite_find(id)->xform == KSRTP_XFORM_GCM;
	const struct ksrtp_st_cx_vec *v = gcm ? ksrtp_st_cx_gcm : ksrtp_st_cx_cm;
	const char *sn = gcm ? "GCM" : "AES-CM";
	struct ksrtp_ctx *out, *in, *out2, *in_plain, *out_plain;
	u8 *buf = kzalloc(128, GFP_KERNEL), *orig = kzalloc(128, GFP_KERNEL);
	unsigned int i, n, len, plen, over;
	char name[80];
	bool ok;

	out = ksrtp_st_ctx_cx(KSRTP_DIR_OUTBOUND, id, true);
	in = ksrtp_st_ctx_cx(KSRTP_DIR_INBOUND, id, true);
	out2 = ksrtp_st_ctx_cx(KSRTP_DIR_OUTBOUND, id, true);
	in_plain = ksrtp_st_ctx_cx(KSRTP_DIR_INBOUND, id, false);
	out_plain = ksrtp_st_ctx_cx(KSRTP_DIR_OUTBOUND, id, false);
	if (!out || !in || !out2 || !in_plain || !out_plain || !buf || !orig) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}
	over = ksrtp_overhead(out, false);

	for (i = 0; i < KSRTP_ST_CX_VECS; i++) {
		n = strlen(v[i].plain) / 2;
		ok = !hex2bin(buf, v[i].plain, n) &&
		     ksrtp_st_protect(out, false, buf, n, &len) == KSRTP_OK &&
		     len == strlen(v[i].prot) / 2 && ksrtp_st_eq(buf, v[i].prot);
		snprintf(name, sizeof(name), "RFC 9335 %s %s protect", sn,
			 v[i].name);
		ksrtp_st_check(st, ok, name);
		ok = ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_OK &&
		     plen == n && ksrtp_st_eq(buf, v[i].plain);
		snprintf(name, sizeof(name), "RFC 9335 %s %s unprotect", sn,
			 v[i].name);
		ksrtp_st_check(st, ok, name);
	}

	/* Vector 4 without its empty extension: the sender adds it. */
	n = ksrtp_st_cx_load(buf, v[4].plain, 0x3a);
	buf[0] &= ~0x10;
	memmove(buf + 20, buf + 24, n - 24);
	ok = n && ksrtp_st_protect(out2, false, buf, n - 4, &len) == KSRTP_OK &&
	     len == n + over && ksrtp_st_eq(buf, v[4].prot);
	snprintf(name, sizeof(name), "cryptex %s: CSRCs, no extension: an empty one", sn);
	ksrtp_st_check(st, ok, name);

	/* A flipped bit in the encrypted CSRCs: refused, as it came. */
	n = ksrtp_st_cx_load(buf, v[3].plain, 0x40);
	ok = n && ksrtp_st_protect(out, false, buf, n, &len) == KSRTP_OK;
	buf[13] ^= 1;
	memcpy(orig, buf, len);
	ok = ok && ksrtp_st_unprotect(in, false, buf, len, &plen) ==
		   KSRTP_AUTH_FAILED && !memcmp(buf, orig, len);
	buf[13] ^= 1;
	ok = ok && ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_OK &&
	     plen == n && ksrtp_st_cx_load(orig, v[3].plain, 0x40) &&
	     !memcmp(buf, orig, n);
	snprintf(name, sizeof(name), "cryptex %s: flipped CSRC bit fails, packet as it came", sn);
	ksrtp_st_check(st, ok, name);

	/* Without the option: malformed, before any crypto; with it: taken. */
	n = ksrtp_st_cx_load(buf, v[2].plain, 0x41);
	ok = n && ksrtp_st_protect(out, false, buf, n, &len) == KSRTP_OK;
	memcpy(orig, buf, len);
	ok = ok && ksrtp_st_unprotect(in_plain, false, buf, len, &plen) ==
		   KSRTP_MALFORMED && !memcmp(buf, orig, len) &&
	     ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_OK &&
	     plen == n;
	snprintf(name, sizeof(name), "cryptex %s: a context without it drops cryptex", sn);
	ksrtp_st_check(st, ok, name);

	/* A cryptex receiver takes plain SRTP with its extension in clear. */
	n = ksrtp_st_cx_load(buf, v[0].plain, 0x42);
	ok = n && ksrtp_st_protect(out_plain, false, buf, n, &len) == KSRTP_OK &&
	     get_unaligned_be16(buf + 12) == 0xbede &&
	     ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_OK &&
	     plen == n && ksrtp_st_cx_load(orig, v[0].plain, 0x42) &&
	     !memcmp(buf, orig, n);
	snprintf(name, sizeof(name), "cryptex %s: the receiver takes plain SRTP", sn);
	ksrtp_st_check(st, ok, name);

	/* Profiles cryptex cannot carry; nothing sent, no index used. */
	n = ksrtp_st_cx_load(buf, v[0].plain, 0x43);
	ok = n;
	for (i = 0; ok && i < 3; i++) {
		static const u16 bad[] = { 0x1234, 0x1001, 0xc0de };

		put_unaligned_be16(bad[i], buf + 12);
		ok = ksrtp_st_protect(out, false, buf, n, &len) ==
		     KSRTP_MALFORMED;
	}
	snprintf(name, sizeof(name), "cryptex %s: other profiles are not sent", sn);
	ksrtp_st_check(st, ok, name);

	/* Neither CSRCs nor extension: plain SRTP, nothing added. */
	memset(buf, 0xab, 28);
	ok = !hex2bin(buf, "800F1244DECAFBADCAFEBABE", 12) &&
	     ksrtp_st_protect(out, false, buf, 28, &len) == KSRTP_OK &&
	     len == 28 + over && buf[0] == 0x80 &&
	     ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_OK &&
	     plen == 28 && buf[0] == 0x80 && buf[27] == 0xab;
	snprintf(name, sizeof(name), "cryptex %s: no CSRCs, no extension: plain SRTP", sn);
	ksrtp_st_check(st, ok, name);
out:
	ksrtp_st_ctx_put(out, in);
	ksrtp_st_ctx_put(out2, in_plain);
	ksrtp_st_ctx_put(out_plain, NULL);
	kfree(buf);
	kfree(orig);
}

/*
 * RFC 6904 (encrypted header extension elements), vectors of
 * selftests/tools/rfc6904-vectors.txt, reproduced both ways by
 * srtp-xcheck.py. RFC 6904 Appendix A has one packet, AES-CM-128 only
 * (the last); the others are Debian's libsrtp2 2.5 protecting with
 * policy.enc_xtn_hdr: every suite, a one-byte extension after a CSRC
 * and a two-byte one with a zero-length element, each with listed and
 * unlisted IDs and trailing padding. SSRC 0xcafebabe, SEQ 0x1234, ROC 0.
 */
#define KSRTP_ST_HX_VECS	13
#define KSRTP_ST_HX_IDS		3

struct ksrtp_st_hx_vec {
	const char *name;
	u16 suite;
	const char *key;	/* master key || master salt */
	u8 ids[KSRTP_ST_HX_IDS];
	const char *plain;
	const char *prot;
};

static const struct ksrtp_st_hx_vec ksrtp_st_hx[KSRTP_ST_HX_VECS] = {
	{
		.name = "cm128-80-1byte",
		.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
		.key =
			"E1F97A0D3E018BE0D64FA32C06DE41390EC675AD498AFEEBB6960B3AABE6",
		.ids = { 1, 3, 14 },
		.plain =
			"91601234000B6080CAFEBABE11110000BEDE0007117475228485863F9495969798999A9B9C9D9E9FA0A1A2A3E0A400002A3744515E6B7885",
		.prot =
			"91601234000B6080CAFEBABE11110000BEDE0007116DBD228485863FC00B47F6E23381E160900DA5474CCE6BE06D0000CFC933B61259ABF6588F0F9AAB0245C2245C",
	},
	{
		.name = "cm128-80-2byte",
		.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
		.key =
			"E1F97A0D3E018BE0D64FA32C06DE41390EC675AD498AFEEBB6960B3AABE6",
		.ids = { 1, 200, 255 },
		.plain =
			"90601234000B6080CAFEBABE10000009010274750700C8149495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A70903A4A5A6FF01B42A3744515E6B7885",
		.prot =
			"90601234000B6080CAFEBABE100000090102BC940700C814C00B47F6E23381E160900DA5474CCE6B9C6CECB00903A4A5A6FF01C9CFC933B61259ABF6F9D9754C24ED3AC38256",
	},
	{
		.name = "cm128-32-1byte",
		.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32,
		.key =
			"E1F97A0D3E018BE0D64FA32C06DE41390EC675AD498AFEEBB6960B3AABE6",
		.ids = { 1, 3, 14 },
		.plain =
			"91601234000B6080CAFEBABE11110000BEDE0007117475228485863F9495969798999A9B9C9D9E9FA0A1A2A3E0A400002A3744515E6B7885",
		.prot =
			"91601234000B6080CAFEBABE11110000BEDE0007116DBD228485863FC00B47F6E23381E160900DA5474CCE6BE06D0000CFC933B61259ABF6588F0F9A",
	},
	{
		.name = "cm128-32-2byte",
		.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32,
		.key =
			"E1F97A0D3E018BE0D64FA32C06DE41390EC675AD498AFEEBB6960B3AABE6",
		.ids = { 1, 200, 255 },
		.plain =
			"90601234000B6080CAFEBABE10000009010274750700C8149495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A70903A4A5A6FF01B42A3744515E6B7885",
		.prot =
			"90601234000B6080CAFEBABE100000090102BC940700C814C00B47F6E23381E160900DA5474CCE6B9C6CECB00903A4A5A6FF01C9CFC933B61259ABF6F9D9754C",
	},
	{
		.name = "cm256-80-1byte",
		.suite = KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80,
		.key =
			"F0F04914B513F2763A1B1FA130F10E2998F6F6E43E4309D1E622A0E332B9F1B6C3ED5D8BA2AA1B6F76E20D5EBA0D",
		.ids = { 1, 3, 14 },
		.plain =
			"91601234000B6080CAFEBABE11110000BEDE0007117475228485863F9495969798999A9B9C9D9E9FA0A1A2A3E0A400002A3744515E6B7885",
		.prot =
			"91601234000B6080CAFEBABE11110000BEDE000711A741228485863FED92D74C47F83F345845E3857B1BE292E0910000930534F40F320A909C32ECCE209E29E9F4E9",
	},
	{
		.name = "cm256-80-2byte",
		.suite = KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80,
		.key =
			"F0F04914B513F2763A1B1FA130F10E2998F6F6E43E4309D1E622A0E332B9F1B6C3ED5D8BA2AA1B6F76E20D5EBA0D",
		.ids = { 1, 200, 255 },
		.plain =
			"90601234000B6080CAFEBABE10000009010274750700C8149495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A70903A4A5A6FF01B42A3744515E6B7885",
		.prot =
			"90601234000B6080CAFEBABE100000090102405B0700C814ED92D74C47F83F345845E3857B1BE2925290ADDC0903A4A5A6FF0167930534F40F320A90281DCE295C449490C1DD",
	},
	{
		.name = "cm256-32-1byte",
		.suite = KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32,
		.key =
			"F0F04914B513F2763A1B1FA130F10E2998F6F6E43E4309D1E622A0E332B9F1B6C3ED5D8BA2AA1B6F76E20D5EBA0D",
		.ids = { 1, 3, 14 },
		.plain =
			"91601234000B6080CAFEBABE11110000BEDE0007117475228485863F9495969798999A9B9C9D9E9FA0A1A2A3E0A400002A3744515E6B7885",
		.prot =
			"91601234000B6080CAFEBABE11110000BEDE000711A741228485863FED92D74C47F83F345845E3857B1BE292E0910000930534F40F320A909C32ECCE",
	},
	{
		.name = "cm256-32-2byte",
		.suite = KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32,
		.key =
			"F0F04914B513F2763A1B1FA130F10E2998F6F6E43E4309D1E622A0E332B9F1B6C3ED5D8BA2AA1B6F76E20D5EBA0D",
		.ids = { 1, 200, 255 },
		.plain =
			"90601234000B6080CAFEBABE10000009010274750700C8149495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A70903A4A5A6FF01B42A3744515E6B7885",
		.prot =
			"90601234000B6080CAFEBABE100000090102405B0700C814ED92D74C47F83F345845E3857B1BE2925290ADDC0903A4A5A6FF0167930534F40F320A90281DCE29",
	},
	{
		.name = "gcm128-1byte",
		.suite = KSRTP_SUITE_AEAD_AES_128_GCM,
		.key =
			"000102030405060708090A0B0C0D0E0FA0A1A2A3A4A5A6A7A8A9AAAB",
		.ids = { 1, 3, 14 },
		.plain =
			"91601234000B6080CAFEBABE11110000BEDE0007117475228485863F9495969798999A9B9C9D9E9FA0A1A2A3E0A400002A3744515E6B7885",
		.prot =
			"91601234000B6080CAFEBABE11110000BEDE000711BB70228485863FC22FF8E3E894829748399137C8D1BD5CE0E20000449CC124F10F0E0097FBA0E40FE383EDC35CA19EAFBADA2C",
	},
	{
		.name = "gcm128-2byte",
		.suite = KSRTP_SUITE_AEAD_AES_128_GCM,
		.key =
			"000102030405060708090A0B0C0D0E0FA0A1A2A3A4A5A6A7A8A9AAAB",
		.ids = { 1, 200, 255 },
		.plain =
			"90601234000B6080CAFEBABE10000009010274750700C8149495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A70903A4A5A6FF01B42A3744515E6B7885",
		.prot =
			"90601234000B6080CAFEBABE10000009010271000700C814C22FF8E3E894829748399137C8D1BD5CADE3579F0903A4A5A6FF0106449CC124F10F0E0012E83B35ED869CE7009BCACD9CFA1C5F",
	},
	{
		.name = "gcm256-1byte",
		.suite = KSRTP_SUITE_AEAD_AES_256_GCM,
		.key =
			"000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1FA0A1A2A3A4A5A6A7A8A9AAAB",
		.ids = { 1, 3, 14 },
		.plain =
			"91601234000B6080CAFEBABE11110000BEDE0007117475228485863F9495969798999A9B9C9D9E9FA0A1A2A3E0A400002A3744515E6B7885",
		.prot =
			"91601234000B6080CAFEBABE11110000BEDE0007113234228485863FA9EFC4FBDFAC76C12A6EDEC99ADA294FE01A00008B6B1DE47F506E83A0998E364BD7534F031876A73AACA240",
	},
	{
		.name = "gcm256-2byte",
		.suite = KSRTP_SUITE_AEAD_AES_256_GCM,
		.key =
			"000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1FA0A1A2A3A4A5A6A7A8A9AAAB",
		.ids = { 1, 200, 255 },
		.plain =
			"90601234000B6080CAFEBABE10000009010274750700C8149495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A70903A4A5A6FF01B42A3744515E6B7885",
		.prot =
			"90601234000B6080CAFEBABE10000009010235770700C814A9EFC4FBDFAC76C12A6EDEC99ADA294FB51B39AB0903A4A5A6FF01ED8B6B1DE47F506E836891917FA9C8C7E6B70AE67A639986C5",
	},
	{
		.name = "rfc-a",
		.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
		.key =
			"E1F97A0D3E018BE0D64FA32C06DE41390EC675AD498AFEEBB6960B3AABE6",
		.ids = { 1, 3, 4 },
		.plain =
			"900F1234DECAFBADCAFEBABEBEDE000617414273A475262748220000C8308E4655996386B395FB00ABABABABABABABABABABABABABABABAB",
		.prot =
			"900F1234DECAFBADCAFEBABEBEDE000617588A9270F4E15E1C220000C8309546A994F0BC547897004E55DC4CE79978D88CA4D215949D24025A46B3CA35C535A891C7",
	},
};

/*
 * A context for vector @v: its master key, its IDs (none: @plain), and
 * cryptex if @cryptex.
 */
static struct ksrtp_ctx *ksrtp_st_ctx_hx(u8 dir,
					 const struct ksrtp_st_hx_vec *v,
					 bool plain, bool cryptex)
{
	const struct ksrtp_suite_info *si = ksrtp_suite_find(v->suite);
	struct ksrtp_ctx_params p = {
		.suite = v->suite,
		.master_key_len = si->key_len,
		.master_salt_len = si->salt_len,
		.replay_window = 128,
		.uid = current_uid(),
		.cryptex = cryptex,
		.enc_hdr = !plain,
	};
	u8 *key = ksrtp_st_hex(v->key, 0), *mk = NULL, *ms = NULL;
	unsigned int i;

	for (i = 0; i < KSRTP_ST_HX_IDS; i++)
		__set_bit(v->ids[i], p.enc_ids);
	if (key) {
		mk = kmemdup(key, si->key_len, GFP_KERNEL);
		ms = kmemdup(key + si->key_len, si->salt_len, GFP_KERNEL);
		kfree(key);
	}
	return ksrtp_st_create(&p, dir, 0xcafebabe, mk, ms);
}

/* @hex into @buf with the sequence number @seq; its length, 0 if bad. */
static unsigned int ksrtp_st_hx_load(u8 *buf, const char *hex, u16 seq)
{
	unsigned int n = strlen(hex) / 2;

	if (hex2bin(buf, hex, n))
		return 0;
	put_unaligned_be16(seq, buf + 2);
	return n;
}

/* Every vector both ways, with a fresh pair of contexts each. */
static void ksrtp_st_rfc6904_vectors(struct ksrtp_st *st)
{
	const struct ksrtp_st_hx_vec *v;
	struct ksrtp_ctx *out, *in;
	unsigned int i, n, len, plen;
	u8 *buf = kzalloc(256, GFP_KERNEL);
	char name[80];
	bool ok;

	for (i = 0; i < KSRTP_ST_HX_VECS; i++) {
		v = &ksrtp_st_hx[i];
		out = ksrtp_st_ctx_hx(KSRTP_DIR_OUTBOUND, v, false, false);
		in = ksrtp_st_ctx_hx(KSRTP_DIR_INBOUND, v, false, false);
		n = strlen(v->plain) / 2;
		ok = buf && out && in && !hex2bin(buf, v->plain, n) &&
		     ksrtp_st_protect(out, false, buf, n, &len) == KSRTP_OK &&
		     len == strlen(v->prot) / 2 && ksrtp_st_eq(buf, v->prot);
		snprintf(name, sizeof(name), "RFC 6904 %s protect", v->name);
		ksrtp_st_check(st, ok, name);
		ok = ok && ksrtp_st_unprotect(in, false, buf, len, &plen) ==
			   KSRTP_OK && plen == n && ksrtp_st_eq(buf, v->plain);
		snprintf(name, sizeof(name), "RFC 6904 %s unprotect", v->name);
		ksrtp_st_check(st, ok, name);
		ksrtp_st_ctx_put(out, in);
	}
	kfree(buf);
}

/*
 * What the vectors do not show, for vector pair @v (one-byte, then
 * two-byte, of one suite): a flipped bit in an encrypted element fails
 * and leaves the packet as it came; an element that runs past the
 * extension is malformed before any crypto, both ways; a receiver that
 * lists no IDs takes the packet and hands on the elements' ciphertext;
 * a context with cryptex too takes RFC 6904 packets and cryptex ones,
 * and sends cryptex without RFC 6904.
 */
static void ksrtp_st_rfc6904(struct ksrtp_st *st, const struct ksrtp_st_hx_vec *v)
{
	struct ksrtp_ctx *out, *in, *in_plain, *out_cx, *in_cx, *out_both;
	u8 *buf = kzalloc(256, GFP_KERNEL), *orig = kzalloc(256, GFP_KERNEL);
	unsigned int n, len, plen, x;
	const char *sn = v->name;
	char name[80];
	bool ok;

	out = ksrtp_st_ctx_hx(KSRTP_DIR_OUTBOUND, v, false, false);
	in = ksrtp_st_ctx_hx(KSRTP_DIR_INBOUND, v, false, true);
	in_plain = ksrtp_st_ctx_hx(KSRTP_DIR_INBOUND, v, true, false);
	out_cx = ksrtp_st_ctx_hx(KSRTP_DIR_OUTBOUND, v, true, true);
	in_cx = ksrtp_st_ctx_hx(KSRTP_DIR_INBOUND, v, true, true);
	out_both = ksrtp_st_ctx_hx(KSRTP_DIR_OUTBOUND, v, false, true);
	if (!out || !in || !in_plain || !out_cx || !in_cx || !out_both ||
	    !buf || !orig) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}
	/* 1byte vectors: elements 1:2 at 20, 2:3 at 23, 3:16 at 27, 14:1 at 44. */
	x = 20;

	/* A flipped bit in element 3's ciphertext: refused, as it came. */
	n = ksrtp_st_hx_load(buf, v->plain, 0x2000);
	ok = n && ksrtp_st_protect(out, false, buf, n, &len) == KSRTP_OK;
	buf[x + 8] ^= 0x10;
	memcpy(orig, buf, len);
	ok = ok && ksrtp_st_unprotect(in, false, buf, len, &plen) ==
		   KSRTP_AUTH_FAILED && !memcmp(buf, orig, len);
	buf[x + 8] ^= 0x10;
	ok = ok && ksrtp_st_unprotect(in, false, buf, len, &plen) ==
		   KSRTP_OK && plen == n && ksrtp_st_hx_load(orig, v->plain, 0x2000) &&
	     !memcmp(buf, orig, n);
	snprintf(name, sizeof(name), "RFC 6904 %s: flipped element bit fails, as it came", sn);
	ksrtp_st_check(st, ok, name);

	/* Element 14's length past the extension: malformed both ways. */
	n = ksrtp_st_hx_load(buf, v->plain, 0x2001);
	ok = n && ksrtp_st_protect(out, false, buf, n, &len) == KSRTP_OK;
	buf[x + 24] |= 0x0f;
	memcpy(orig, buf, len);
	ok = ok && ksrtp_st_unprotect(in, false, buf, len, &plen) ==
		   KSRTP_MALFORMED && !memcmp(buf, orig, len);
	n = ksrtp_st_hx_load(buf, v->plain, 0x2002);
	buf[x + 24] |= 0x0f;
	memcpy(orig, buf, n);
	ok = ok && ksrtp_st_protect(out, false, buf, n, &len) ==
		   KSRTP_MALFORMED && !memcmp(buf, orig, n);
	/* ... and an extension of another profile. */
	n = ksrtp_st_hx_load(buf, v->plain, 0x2003);
	put_unaligned_be16(0x1234, buf + 16);
	ok = ok && ksrtp_st_protect(out, false, buf, n, &len) ==
		   KSRTP_MALFORMED;
	snprintf(name, sizeof(name), "RFC 6904 %s: an element past the extension is malformed", sn);
	ksrtp_st_check(st, ok, name);

	/* A receiver without the IDs: authentic, elements still encrypted. */
	n = ksrtp_st_hx_load(buf, v->plain, 0x2004);
	ok = n && ksrtp_st_protect(out, false, buf, n, &len) == KSRTP_OK;
	memcpy(orig, buf, x + 28);
	ok = ok && ksrtp_st_unprotect(in_plain, false, buf, len, &plen) ==
		   KSRTP_OK && plen == n && !memcmp(buf, orig, x + 28) &&
	     ksrtp_st_hx_load(orig, v->plain, 0x2004) &&
	     memcmp(buf + x + 1, orig + x + 1, 2) &&
	     !memcmp(buf + x + 28, orig + x + 28, n - x - 28);
	snprintf(name, sizeof(name), "RFC 6904 %s: a receiver without the IDs gets ciphertext", sn);
	ksrtp_st_check(st, ok, name);

	/* Cryptex and RFC 6904 in one receiver: each kind by its own. */
	n = ksrtp_st_hx_load(buf, v->plain, 0x2005);
	ok = n && ksrtp_st_protect(out_cx, false, buf, n, &len) == KSRTP_OK &&
	     get_unaligned_be16(buf + 16) == 0xc0de &&
	     ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_OK &&
	     plen == n && ksrtp_st_hx_load(orig, v->plain, 0x2005) &&
	     !memcmp(buf, orig, n);
	n = ksrtp_st_hx_load(buf, v->plain, 0x2006);
	ok = ok && ksrtp_st_protect(out, false, buf, n, &len) == KSRTP_OK &&
	     get_unaligned_be16(buf + 16) == 0xbede &&
	     ksrtp_st_unprotect(in, false, buf, len, &plen) == KSRTP_OK &&
	     plen == n && ksrtp_st_hx_load(orig, v->plain, 0x2006) &&
	     !memcmp(buf, orig, n);
	snprintf(name, sizeof(name), "RFC 6904 %s: cryptex and 6904 packets, one receiver", sn);
	ksrtp_st_check(st, ok, name);

	/* A sender with both sends cryptex alone: a cryptex-only receiver. */
	n = ksrtp_st_hx_load(buf, v->plain, 0x2007);
	ok = n && ksrtp_st_protect(out_both, false, buf, n, &len) ==
		  KSRTP_OK && get_unaligned_be16(buf + 16) == 0xc0de &&
	     ksrtp_st_unprotect(in_cx, false, buf, len, &plen) == KSRTP_OK &&
	     plen == n && ksrtp_st_hx_load(orig, v->plain, 0x2007) &&
	     !memcmp(buf, orig, n);
	snprintf(name, sizeof(name), "RFC 6904 %s: a sender with cryptex too sends cryptex", sn);
	ksrtp_st_check(st, ok, name);
out:
	ksrtp_st_ctx_put(out, in);
	ksrtp_st_ctx_put(in_plain, out_cx);
	ksrtp_st_ctx_put(in_cx, out_both);
	kfree(buf);
	kfree(orig);
}

/*
 * RFC 4568 section 6.3.2 session parameters, with RFC 3711 B.3's master
 * key and the packets of ksrtp_st_packets(). The vectors were computed
 * from the RFC (key derivation, AES-CM, HMAC-SHA1 in Python) and agree
 * with libsrtp2 2.5 protecting under rtp.sec_serv = sec_serv_auth,
 * sec_serv_conf with SRTP_NULL_AUTH, and rtcp.sec_serv = sec_serv_auth
 * (whose first SRTCP index is 1). Without encryption the HMAC covers the packet in
 * the clear; without a tag the packet is the RFC's ciphertext and
 * nothing is verified, so a flipped bit passes; the replay window still
 * runs. An E bit that contradicts the context is malformed, both ways.
 */
static struct ksrtp_ctx *ksrtp_st_ctx_sdes(u8 dir, bool clear_rtp,
					   bool clear_rtcp, bool no_tag)
{
	struct ksrtp_ctx_params p = {
		.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
		.master_key_len = 16,
		.master_salt_len = 14,
		.replay_window = 128,
		.uid = current_uid(),
		.unencrypted_srtp = clear_rtp,
		.unencrypted_srtcp = clear_rtcp,
		.unauthenticated_srtp = no_tag,
	};
	u8 *mk = ksrtp_st_hex(b3_key, 0), *ms = ksrtp_st_hex(b3_salt, 0);

	return ksrtp_st_create(&p, dir, 0xcafebabe, mk, ms);
}

/*
 * Protect @plain (hex) with @out into the three hex @want parts (header,
 * payload and trailer, tag), and back with @in.
 */
static bool ksrtp_st_sdes_trip(struct ksrtp_ctx *out, struct ksrtp_ctx *in,
			       bool rtcp, u8 *buf, const char *plain,
			       const char * const *want)
{
	unsigned int n = strlen(plain) / 2, len, plen, i, wlen = 0;

	for (i = 0; i < 3; i++)
		wlen += strlen(want[i]) / 2;
	if (hex2bin(buf, plain, n) ||
	    ksrtp_st_protect(out, rtcp, buf, n, &len) != KSRTP_OK ||
	    len != wlen || !ksrtp_st_eq_parts(buf, want, 3))
		return false;
	return ksrtp_st_unprotect(in, rtcp, buf, len, &plen) == KSRTP_OK &&
	       plen == n && ksrtp_st_eq(buf, plain);
}

static void ksrtp_st_sdes(struct ksrtp_st *st)
{
	static const char rtp[] = "800F1234DECAFBADCAFEBABEABABABABABABABABABABABABABABABAB";
	static const char rtcp[] = "81C8000BCAFEBABEABABABABABABABABABABABABABABABAB";
	/* Pairs (out, in): clear SRTP, no tag, both, clear SRTCP. */
	static const bool clear_rtp[] = { 1, 0, 1, 0 };
	static const bool clear_rtcp[] = { 0, 0, 0, 1 };
	static const bool no_tag[] = { 0, 1, 1, 0 };
	u8 *buf = kzalloc(64, GFP_KERNEL);
	unsigned int i, len, plen;
	struct ksrtp_ctx *c[8];
	bool ok = buf;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		c[i] = ksrtp_st_ctx_sdes(i % 2 ? KSRTP_DIR_INBOUND :
					 KSRTP_DIR_OUTBOUND, clear_rtp[i / 2],
					 clear_rtcp[i / 2], no_tag[i / 2]);
		ok = ok && c[i];
	}
	if (!ok) {
		ksrtp_st_check(st, false, "allocation");
		goto out;
	}

	ok = ksrtp_st_sdes_trip(c[0], c[1], false, buf, rtp,
				(const char * const []) {
					"800F1234DECAFBADCAFEBABE",
					"ABABABABABABABABABABABABABABABAB",
					"ABA136270B679134CE9B",
				});
	ok = ok && !hex2bin(buf, rtp, 28) &&
	     ksrtp_st_protect(c[0], false, buf, 28, &len) == KSRTP_REPLAYED;
	put_unaligned_be16(0x1235, buf + 2);
	ok = ok && ksrtp_st_protect(c[0], false, buf, 28, &len) == KSRTP_OK;
	buf[20] ^= 1;
	ok = ok && ksrtp_st_unprotect(c[1], false, buf, len, &plen) ==
		   KSRTP_AUTH_FAILED;
	ksrtp_st_check(st, ok, "UNENCRYPTED_SRTP vector, payload still authenticated");

	ok = ksrtp_st_sdes_trip(c[2], c[3], false, buf, rtp,
				(const char * const []) {
					"800F1234DECAFBADCAFEBABE",
					"4E55DC4CE79978D88CA4D215949D2402",
					"",
				});
	/* Nothing verified: a flipped bit passes; a repeat does not. */
	put_unaligned_be16(0x1235, buf + 2);
	ok = ok && ksrtp_st_protect(c[2], false, buf, 28, &len) == KSRTP_OK &&
	     len == 28;
	buf[20] ^= 1;
	ok = ok && ksrtp_st_unprotect(c[3], false, buf, len, &plen) ==
		   KSRTP_OK && plen == 28 && buf[20] == (0xab ^ 1);
	ok = ok && !hex2bin(buf, "800F1235DECAFBADCAFEBABE", 12) &&
	     ksrtp_st_unprotect(c[3], false, buf, 28, &plen) ==
	     KSRTP_REPLAYED;
	ksrtp_st_check(st, ok, "UNAUTHENTICATED_SRTP vector, no tag, replay window");

	ok = ksrtp_st_sdes_trip(c[4], c[5], false, buf, rtp,
				(const char * const []) { rtp, "", "" });
	ksrtp_st_check(st, ok, "UNENCRYPTED_SRTP and UNAUTHENTICATED_SRTP: as sent");

	ok = ksrtp_st_sdes_trip(c[6], c[7], true, buf, rtcp,
				(const char * const []) {
					"81C8000BCAFEBABE",
					"ABABABABABABABABABABABABABABABAB00000000",
					"213F5F12B315762F079D",
				}) &&
	     ksrtp_st_sdes_trip(c[6], c[7], true, buf, rtcp,
				(const char * const []) {
					"81C8000BCAFEBABE",
					"ABABABABABABABABABABABABABABABAB00000001",
					"FE88C7FDFD37EBCE615D",
				});
	ksrtp_st_check(st, ok, "UNENCRYPTED_SRTCP vectors, E = 0");

	/* E = 0 to a context that wants E = 1 (c[1]), and the reverse. */
	ok = !hex2bin(buf, rtcp, 24) &&
	     ksrtp_st_protect(c[6], true, buf, 24, &len) == KSRTP_OK &&
	     ksrtp_st_unprotect(c[1], true, buf, len, &plen) ==
	     KSRTP_MALFORMED &&
	     !hex2bin(buf, rtcp, 24) &&
	     ksrtp_st_protect(c[0], true, buf, 24, &len) == KSRTP_OK &&
	     ksrtp_st_unprotect(c[7], true, buf, len, &plen) ==
	     KSRTP_MALFORMED;
	ksrtp_st_check(st, ok, "SRTCP E bit against UNENCRYPTED_SRTCP is malformed");
out:
	for (i = 0; i < ARRAY_SIZE(c); i++)
		if (c[i])
			ksrtp_ctx_put(c[i]);
	kfree(buf);
}

/* The tests that go through the data path's crypto. */
static void ksrtp_st_path(struct ksrtp_st *st)
{
	u16 id;

	ksrtp_st_keystream(st);
	ksrtp_st_hmac(st);
	ksrtp_st_packets(st);
	ksrtp_st_gcm(st);
	ksrtp_st_gcm_rtcp(st, 0);
	ksrtp_st_gcm_rtcp(st, 1);
	ksrtp_st_mki(st);
	for (id = 1; id <= KSRTP_SUITE_MAX; id++)
		ksrtp_st_suite(st, id);
	ksrtp_st_late_join(st, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
	ksrtp_st_late_join(st, KSRTP_SUITE_AEAD_AES_128_GCM);
	ksrtp_st_cryptex(st, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
	ksrtp_st_cryptex(st, KSRTP_SUITE_AEAD_AES_128_GCM);
	ksrtp_st_rfc6904_vectors(st);
	ksrtp_st_rfc6904(st, &ksrtp_st_hx[0]);
	ksrtp_st_rfc6904(st, &ksrtp_st_hx[8]);
	ksrtp_st_sdes(st);
}

int ksrtp_selftest_run(void)
{
	static const char * const paths[] = {
		[KSRTP_PATH_AUTO] = "own transforms",
		[KSRTP_PATH_ENGINE] = "per-CPU engines",
		[KSRTP_PATH_SOFT] = "AES library",
	};
	struct ksrtp_st st = {};
	unsigned int before;
	int path;

	ksrtp_st_kdf(&st);
	ksrtp_st_index(&st);
	ksrtp_st_replay(&st);
	ksrtp_st_kdf_6188(&st);
	ksrtp_st_tx_set(&st);
	ksrtp_st_tx_repeat(&st, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
	ksrtp_st_tx_repeat(&st, KSRTP_SUITE_AEAD_AES_128_GCM);
	ksrtp_st_rx_race(&st);
	/* Every path a packet can take, as if SIMD were or were not usable. */
	for (path = KSRTP_PATH_AUTO; path <= KSRTP_PATH_SOFT; path++) {
		before = st.failed;
		ksrtp_force_path = path;
		ksrtp_st_path(&st);
		pr_info("selftest: crypto through %s: %s\n",
			paths[path], st.failed == before ? "ok" : "FAILED");
	}
	ksrtp_force_path = KSRTP_PATH_AUTO;

	pr_info("selftest: %u passed, %u failed\n", st.passed,
		st.failed);
	return st.failed ? -ENOTRECOVERABLE : 0;
}
