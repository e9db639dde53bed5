// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Known answers for the oracle itself: libsrtp2 must reproduce the
 * whole-packet AES_CM_128_HMAC_SHA1_80 vectors (master key and salt of
 * RFC 3711 B.3), also with an MKI, and reject what it should.
 */
#include <stdlib.h>
#include <string.h>

#include "rtp-peer.h"

static const char vec_key[] =
	"E1F97A0D3E018BE0D64FA32C06DE4139"	/* master key */
	"0EC675AD498AFEEBB6960B3AABE6";		/* master salt */

#define AB16 "ABABABABABABABABABABABABABABABAB"

static const char srtp_plain[] = "800F1234DECAFBADCAFEBABE" AB16;
static const char srtp_prot[] =
	"800F1234DECAFBADCAFEBABE"
	"4E55DC4CE79978D88CA4D215949D2402"
	"B78D6ACC99EA179B8DBB";

static const char srtcp_plain[] = "81C8000BCAFEBABE" AB16;
/* libsrtp's first SRTCP packet carries index 1 (it increments first). */
static const char srtcp_prot1[] =
	"81C8000BCAFEBABE"
	"7128035BE487B9BDBEF89041F977A5A8"
	"80000001"
	"993E08CD54D6C1230798";
static const char srtcp_prot0[] =
	"81C8000BCAFEBABE"
	"B19C219A086B6C7AE61D8E0BFEB4BE3F"
	"80000000"
	"5631D6CFC906CDB30F41";

/*
 * The same packets with a 2-byte MKI (0x0a0b) in an MKI session of two
 * keys: the MKI is not authenticated (RFC 3711 sections 3.1, 3.4), so it
 * only sits between payload (SRTCP: E+index) and the unchanged tag.
 * srtp-xcheck.py --protect computes the same bytes independently.
 */
static const char srtp_prot_mki[] =
	"800F1234DECAFBADCAFEBABE"
	"4E55DC4CE79978D88CA4D215949D2402"
	"0A0B"
	"B78D6ACC99EA179B8DBB";
static const char srtcp_prot1_mki[] =
	"81C8000BCAFEBABE"
	"7128035BE487B9BDBEF89041F977A5A8"
	"80000001"
	"0A0B"
	"993E08CD54D6C1230798";
static const char srtp_prot_mki_unknown[] =
	"800F1234DECAFBADCAFEBABE"
	"4E55DC4CE79978D88CA4D215949D2402"
	"0A0C"
	"B78D6ACC99EA179B8DBB";
/* The second key of the MKI session (MKI 0x0c0d); any other key would do. */
static const char vec_key2[] =
	"000102030405060708090A0B0C0D0E0F"
	"101112131415161718191A1B1C1D";

#define VEC_SSRC 0xCAFEBABE

struct vec_buf {
	uint8_t b[256];
	size_t len;
};

static int passed, failed;

static void result(bool ok, const char *name, const char *detail)
{
	if (ok) {
		printf("PASS %s\n", name);
		passed++;
	} else {
		printf("FAIL %s: %s\n", name, detail);
		failed++;
	}
}

static void load(struct vec_buf *v, const char *hex)
{
	if (hex_decode(hex, v->b, sizeof(v->b) - SRTP_MAX_TRAILER_LEN - 4,
		       &v->len))
		abort();
}

static srtp_t session(bool outbound)
{
	const struct suite *s = suite_find("AES_CM_128_HMAC_SHA1_80");
	struct vec_buf key;
	srtp_t sess = NULL;

	load(&key, vec_key);
	if (session_create(&sess, s, key.b, key.len, outbound, true, VEC_SSRC,
			   WINDOW_DEFAULT))
		sess = NULL;
	wipe(&key, sizeof(key));
	return sess;
}

/* Both keys, MKIs 0x0a0b (vec_key) and 0x0c0d (vec_key2). */
static srtp_t mki_session(bool outbound)
{
	const struct suite *s = suite_find("AES_CM_128_HMAC_SHA1_80");
	static uint8_t mki[2][2] = { { 0x0a, 0x0b }, { 0x0c, 0x0d } };
	srtp_master_key_t mk[2], *mkp[2] = { &mk[0], &mk[1] };
	struct vec_buf key[2];
	srtp_policy_t policy;
	srtp_t sess = NULL;
	int k;

	load(&key[0], vec_key);
	load(&key[1], vec_key2);
	for (k = 0; k < 2; k++) {
		mk[k].key = key[k].b;
		mk[k].mki_id = mki[k];
		mk[k].mki_size = 2;
	}
	if (!policy_init(&policy, s, key[0].len, outbound, true, VEC_SSRC,
			 WINDOW_DEFAULT)) {
		policy.keys = mkp;
		policy.num_master_keys = 2;
		if (srtp_create(&sess, &policy))
			sess = NULL;
	}
	wipe(key, sizeof(key));
	return sess;
}

static bool same(const struct vec_buf *a, const struct vec_buf *b)
{
	return a->len == b->len && !memcmp(a->b, b->b, a->len);
}

typedef srtp_err_status_t (*srtp_op)(srtp_t, void *, int *);

static srtp_err_status_t unprotect_rtcp(srtp_t s, void *p, int *len)
{
	return srtp_unprotect_rtcp(s, p, len);
}

static srtp_err_status_t protect_rtcp(srtp_t s, void *p, int *len)
{
	return srtp_protect_rtcp(s, p, len);
}

static srtp_err_status_t protect_mki(srtp_t s, void *p, int *len)
{
	return srtp_protect_mki(s, p, len, 1, 0);
}

static srtp_err_status_t unprotect_mki(srtp_t s, void *p, int *len)
{
	return srtp_unprotect_mki(s, p, len, 1);
}

static srtp_err_status_t protect_rtcp_mki(srtp_t s, void *p, int *len)
{
	return srtp_protect_rtcp_mki(s, p, len, 1, 0);
}

static srtp_err_status_t unprotect_rtcp_mki(srtp_t s, void *p, int *len)
{
	return srtp_unprotect_rtcp_mki(s, p, len, 1);
}

/* Run op on in[] in a fresh session; compare with out[] or expect err. */
static void check_in(srtp_t (*mk)(bool outbound), const char *name,
		     bool outbound, srtp_op op, const char *in,
		     const char *out, srtp_err_status_t want)
{
	struct vec_buf pkt, exp;
	srtp_err_status_t st;
	char detail[128];
	int len;
	srtp_t s;

	s = mk(outbound);
	if (!s) {
		result(false, name, "session setup failed");
		return;
	}
	load(&pkt, in);
	len = (int)pkt.len;
	st = op(s, pkt.b, &len);
	pkt.len = (size_t)len;
	if (want != srtp_err_status_ok) {
		snprintf(detail, sizeof(detail), "got %s, want %s",
			 srtp_status_str(st), srtp_status_str(want));
		result(st == want, name, detail);
	} else if (st) {
		snprintf(detail, sizeof(detail), "libsrtp: %s",
			 srtp_status_str(st));
		result(false, name, detail);
	} else {
		load(&exp, out);
		result(same(&pkt, &exp), name, "output differs");
	}
	srtp_dealloc(s);
}

static void check(const char *name, bool outbound, srtp_op op,
		  const char *in, const char *out, srtp_err_status_t want)
{
	check_in(session, name, outbound, op, in, out, want);
}

/* The same packet twice in one receiving session: the second is a replay. */
static void check_replay(const char *name, srtp_op op, const char *in)
{
	srtp_err_status_t st1, st2;
	struct vec_buf pkt;
	char detail[128];
	int len;
	srtp_t s;

	s = session(false);
	if (!s) {
		result(false, name, "session setup failed");
		return;
	}
	load(&pkt, in);
	len = (int)pkt.len;
	st1 = op(s, pkt.b, &len);
	load(&pkt, in);
	len = (int)pkt.len;
	st2 = op(s, pkt.b, &len);
	snprintf(detail, sizeof(detail), "first %s, second %s (want replay_fail)",
		 srtp_status_str(st1), srtp_status_str(st2));
	result(st1 == srtp_err_status_ok && st2 == srtp_err_status_replay_fail,
	       name, detail);
	srtp_dealloc(s);
}

/* Flip the last bit of a hex string (the last tag byte). */
static void tamper(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	snprintf(dst, cap, "%s", src);
	dst[n - 1] = dst[n - 1] == '0' ? '1' : '0';
}

int cmd_vectors(void)
{
	char bad[256];

	check("srtp AES_CM_128_HMAC_SHA1_80 protect", true, srtp_protect,
	      srtp_plain, srtp_prot, srtp_err_status_ok);
	check("srtp AES_CM_128_HMAC_SHA1_80 unprotect", false, srtp_unprotect,
	      srtp_prot, srtp_plain, srtp_err_status_ok);
	tamper(bad, sizeof(bad), srtp_prot);
	check("srtp AES_CM_128_HMAC_SHA1_80 tampered tag rejected", false,
	      srtp_unprotect, bad, NULL, srtp_err_status_auth_fail);
	check_replay("srtp AES_CM_128_HMAC_SHA1_80 replay rejected",
		     srtp_unprotect, srtp_prot);

	check("srtcp AES_CM_128_HMAC_SHA1_80 protect (first packet, index 1)",
	      true, protect_rtcp, srtcp_plain, srtcp_prot1,
	      srtp_err_status_ok);
	check("srtcp AES_CM_128_HMAC_SHA1_80 unprotect index 1", false,
	      unprotect_rtcp, srtcp_prot1, srtcp_plain, srtp_err_status_ok);
	check("srtcp AES_CM_128_HMAC_SHA1_80 unprotect index 0", false,
	      unprotect_rtcp, srtcp_prot0, srtcp_plain, srtp_err_status_ok);
	tamper(bad, sizeof(bad), srtcp_prot1);
	check("srtcp AES_CM_128_HMAC_SHA1_80 tampered tag rejected", false,
	      unprotect_rtcp, bad, NULL, srtp_err_status_auth_fail);
	check_replay("srtcp AES_CM_128_HMAC_SHA1_80 replay rejected",
		     unprotect_rtcp, srtcp_prot1);

	check_in(mki_session, "srtp AES_CM_128_HMAC_SHA1_80 protect, 2-byte MKI",
		 true, protect_mki, srtp_plain, srtp_prot_mki,
		 srtp_err_status_ok);
	check_in(mki_session, "srtp AES_CM_128_HMAC_SHA1_80 unprotect, 2-byte MKI",
		 false, unprotect_mki, srtp_prot_mki, srtp_plain,
		 srtp_err_status_ok);
	check_in(mki_session, "srtp AES_CM_128_HMAC_SHA1_80 unknown MKI rejected",
		 false, unprotect_mki, srtp_prot_mki_unknown, NULL,
		 srtp_err_status_bad_mki);
	check_in(mki_session, "srtcp AES_CM_128_HMAC_SHA1_80 protect, 2-byte MKI",
		 true, protect_rtcp_mki, srtcp_plain, srtcp_prot1_mki,
		 srtp_err_status_ok);
	check_in(mki_session, "srtcp AES_CM_128_HMAC_SHA1_80 unprotect, 2-byte MKI",
		 false, unprotect_rtcp_mki, srtcp_prot1_mki, srtcp_plain,
		 srtp_err_status_ok);

	kdf_vectors(result);

	printf("vectors: %d passed, %d failed\n", passed, failed);
	return failed ? EXIT_FAIL : EXIT_OK;
}
