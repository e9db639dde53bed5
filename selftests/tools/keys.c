// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Several master keys for send and recv, so that the kernel's MKI and
 * rekeying can be checked against libsrtp2.
 *
 * With --mki every key has an MKI (RFC 3711 section 3.1): one libsrtp
 * session holds all keys (srtp_policy_t.keys), the sender names the key
 * of each packet by its index (srtp_protect_mki) and the receiver's
 * libsrtp finds it by the MKI on the wire (srtp_unprotect_mki).
 *
 * Without MKI, a second (third) key is a rekey at a packet number: one
 * libsrtp session per key, the sender switching at --switch-at with the
 * ROC and the SRTCP index carried on into the new session; the receiver
 * tries its keys in turn and checks that the switch happened where
 * --switch-at says.
 *
 * Every session is made by policy_init(), so the AES-192 KDF workaround
 * (kdf.c) is in place before libsrtp derives any key; it replaces a
 * cipher type, so it covers every key of an MKI session too.
 */
#include <stdlib.h>
#include <string.h>

#include "rtp-peer.h"

#include <srtp2/crypto_types.h>

/* "0a0b" or "0x0a0b": 1..MKI_MAX bytes, so an even number of digits. */
static int mki_parse(const char *v, uint8_t *mki, size_t *len)
{
	if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X'))
		v += 2;
	if (strspn(v, "0123456789abcdefABCDEF") != strlen(v))
		return -1;
	return hex_decode(v, mki, MKI_MAX, len) || *len == 0 ? -1 : 0;
}

/* "N" or "N,M". */
static int switch_parse(struct key_opts *ko, const char *v)
{
	const char *comma = strchr(v, ',');
	char first[16];
	size_t n;

	if (!comma) {
		ko->nswitch = 1;
		return parse_u32(v, UINT32_MAX, &ko->switch_at[0]);
	}
	n = (size_t)(comma - v);
	if (n >= sizeof(first))
		return -1;
	memcpy(first, v, n);
	first[n] = '\0';
	ko->nswitch = 2;
	return parse_u32(first, UINT32_MAX, &ko->switch_at[0]) ||
	       parse_u32(comma + 1, UINT32_MAX, &ko->switch_at[1]) ||
	       ko->switch_at[1] < ko->switch_at[0] ? -1 : 0;
}

int key_opt_parse(struct key_opts *ko, enum key_opt o, const char *v)
{
	switch (o) {
	case KO_MKI:
		return mki_parse(v, ko->mki[0], &ko->mki_len[0]);
	case KO_MKI2:
		return mki_parse(v, ko->mki[1], &ko->mki_len[1]);
	case KO_MKI3:
		return mki_parse(v, ko->mki[2], &ko->mki_len[2]);
	case KO_KEY2_FILE:
		ko->file[1] = v;
		return 0;
	case KO_KEY3_FILE:
		ko->file[2] = v;
		return 0;
	case KO_SWITCH_AT:
		return switch_parse(ko, v);
	}
	return -1;
}

static int nkeys_of(const struct key_opts *ko)
{
	return ko->file[2] ? 3 : ko->file[1] ? 2 : 1;
}

/* The ROC of packet i, counted from --seq-start under --roc. */
static uint32_t roc_at(const struct args *a, uint32_t i)
{
	return (uint32_t)(a->roc + (((uint64_t)a->seq_start + i) >> 16));
}

static int fail(const char *msg)
{
	fprintf(stderr, "rtp-peer: %s\n", msg);
	return -1;
}

int key_opts_check(const struct args *a, bool recv)
{
	const struct key_opts *ko = &a->ko;
	bool mki = ko->mki_len[0] != 0;
	int nkeys = nkeys_of(ko), k, j;

	if (!a->suite && (mki || ko->file[1] || ko->file[2] || ko->nswitch ||
			  ko->mki_len[1] || ko->mki_len[2]))
		return fail("--mki, --key2-file, --key3-file and --switch-at need --srtp");
	if (ko->file[2] && !ko->file[1])
		return fail("--key3-file needs --key2-file");
	for (k = 1; k < MAX_KEYS; k++) {
		if (ko->mki_len[k] && !ko->file[k])
			return fail(k == 1 ? "--mki2 needs --key2-file" :
					     "--mki3 needs --key3-file");
		if (ko->mki_len[k] && !mki)
			return fail("--mki2/--mki3 need --mki");
	}
	if (mki) {
		for (k = 1; k < nkeys; k++) {
			if (!ko->mki_len[k])
				return fail("with --mki every key needs one: --mki2 (--mki3)");
			if (ko->mki_len[k] != ko->mki_len[0])
				return fail("all MKIs must have one length");
			for (j = 0; j < k; j++)
				if (!memcmp(ko->mki[j], ko->mki[k], ko->mki_len[0]))
					return fail("two keys have the same MKI");
		}
	}
	if (ko->nswitch > nkeys - 1)
		return fail(nkeys == 1 ? "--switch-at needs --key2-file" :
					 "--switch-at N,M needs --key3-file");
	if (!mki && ko->nswitch != nkeys - 1)
		return fail("without --mki, --key2-file needs --switch-at N and --key3-file --switch-at N,M");
	/* A receiver without --ssrc has no stream to give a ROC to. */
	if (!mki && recv && !a->rtcp && !a->have_ssrc)
		for (k = 0; k < ko->nswitch; k++)
			if (roc_at(a, ko->switch_at[k]))
				return fail("recv: a key switch at a ROC above 0 needs --ssrc");
	return 0;
}

int key_for_packet(const struct keyset *ks, uint32_t i)
{
	int k = 0;

	while (k < ks->nswitch && i >= ks->switch_at[k])
		k++;
	return k;
}

static const char *key_path(const struct args *a, int k)
{
	return k ? a->ko.file[k] : a->key_file;
}

/* Bytes that follow the MKI: the tag with HMAC-SHA1, none with GCM. */
static size_t after_mki(void (*set)(srtp_crypto_policy_t *p))
{
	srtp_crypto_policy_t p;

	set(&p);
	if (p.cipher_type == SRTP_AES_GCM_128 ||
	    p.cipher_type == SRTP_AES_GCM_256)
		return 0;
	return (size_t)p.auth_tag_len;
}

static int set_roc(srtp_t s, uint32_t ssrc, uint32_t roc)
{
	srtp_err_status_t st = srtp_set_stream_roc(s, ssrc, roc);

	if (st)
		fprintf(stderr, "rtp-peer: srtp_set_stream_roc: %s\n",
			srtp_status_str(st));
	return st ? -1 : 0;
}

/*
 * libsrtp has no setter for the SRTCP index: a sender's session that
 * takes over at packet n first protects (and drops) n packets, so that
 * the index goes on where the previous key left it.
 */
static int skip_srtcp(srtp_t s, uint32_t ssrc, uint32_t n)
{
	uint8_t pkt[RTCP_LEN + SRTP_MAX_TRAILER_LEN + 4];
	srtp_err_status_t st;
	uint32_t i;
	int len;

	for (i = 0; i < n; i++) {
		len = (int)rtcp_build(pkt, ssrc, i);
		st = srtp_protect_rtcp(s, pkt, &len);
		if (st) {
			fprintf(stderr, "rtp-peer: advancing the SRTCP index: %s\n",
				srtp_status_str(st));
			return -1;
		}
	}
	return 0;
}

static int open_mki(const struct args *a, bool outbound, struct keyset *ks,
		    uint8_t key[][SRTP_MAX_KEY_LEN], const size_t *key_len)
{
	srtp_master_key_t mk[MAX_KEYS], *mkp[MAX_KEYS];
	srtp_policy_t policy;
	srtp_err_status_t st;
	int k;

	if (policy_init(&policy, a->suite, key_len[0], outbound, a->have_ssrc,
			a->ssrc, a->window))
		return -1;
	/*
	 * libsrtp 2.5 looks for an SRTCP packet's MKI in front of a tag of
	 * the SRTP tag length (srtp_get_session_keys() uses rtp_auth), so
	 * with a *_32 suite it reads the MKI out of the middle of the 80-bit
	 * SRTCP tag and fails with bad_mki (fixed after 2.5.0 by
	 * cisco/libsrtp#733). A receiver of SRTCP only has no use for the
	 * SRTP policy: make it the SRTCP one.
	 */
	if (!outbound && a->rtcp)
		policy.rtp = policy.rtcp;
	for (k = 0; k < ks->nkeys; k++) {
		mk[k].key = key[k];
		mk[k].mki_id = ks->mki[k];
		mk[k].mki_size = (unsigned int)ks->mki_len;
		mkp[k] = &mk[k];
	}
	policy.key = NULL;
	policy.keys = mkp;
	policy.num_master_keys = (unsigned long)ks->nkeys;
	st = srtp_create(&ks->s[0], &policy);
	if (st) {
		ks->s[0] = NULL;
		fprintf(stderr, "rtp-peer: srtp_create(%s, %d keys with MKI): %s\n",
			a->suite->name, ks->nkeys, srtp_status_str(st));
		return -1;
	}
	return a->have_roc ? set_roc(ks->s[0], a->ssrc, a->roc) : 0;
}

static int open_rekey(const struct args *a, bool outbound, struct keyset *ks,
		      uint8_t key[][SRTP_MAX_KEY_LEN], const size_t *key_len)
{
	uint32_t at, roc;
	int k;

	for (k = 0; k < ks->nkeys; k++) {
		if (session_create(&ks->s[k], a->suite, key[k], key_len[k],
				   outbound, a->have_ssrc, a->ssrc, a->window)) {
			ks->s[k] = NULL;
			return -1;
		}
		if (k == 0) {
			if (a->have_roc && set_roc(ks->s[0], a->ssrc, a->roc))
				return -1;
			continue;
		}
		at = ks->switch_at[k - 1];
		roc = roc_at(a, at);
		/* key_opts_check() made sure that a ROC has a stream. */
		if (!a->rtcp && roc && set_roc(ks->s[k], a->ssrc, roc))
			return -1;
		if (outbound && a->rtcp && skip_srtcp(ks->s[k], a->ssrc, at))
			return -1;
	}
	if (!outbound && ks->nkeys > 1) {
		ks->scratch = malloc(BUF_MAX);
		if (!ks->scratch)
			return fail("out of memory");
	}
	return 0;
}

int open_session(const struct args *a, bool outbound, struct keyset *ks)
{
	uint8_t key[MAX_KEYS][SRTP_MAX_KEY_LEN];
	size_t key_len[MAX_KEYS];
	int k, ret = -1;

	memset(ks, 0, sizeof(*ks));
	ks->nkeys = nkeys_of(&a->ko);
	ks->use_mki = a->ko.mki_len[0] != 0;
	ks->mki_len = a->ko.mki_len[0];
	memcpy(ks->mki, a->ko.mki, sizeof(ks->mki));
	ks->nswitch = a->ko.nswitch;
	memcpy(ks->switch_at, a->ko.switch_at, sizeof(ks->switch_at));
	ks->after_mki[0] = after_mki(a->suite->rtp);
	ks->after_mki[1] = after_mki(a->suite->rtcp);

	for (k = 0; k < ks->nkeys; k++) {
		if (key_file_read(key_path(a, k), key[k], sizeof(key[k]),
				  &key_len[k]))
			goto out;
		if ((int)key_len[k] != suite_key_len(a->suite)) {
			fprintf(stderr,
				"rtp-peer: %s needs %d bytes of key||salt, key file %d has %zu\n",
				a->suite->name, suite_key_len(a->suite), k + 1,
				key_len[k]);
			goto out;
		}
	}
	ret = ks->use_mki ? open_mki(a, outbound, ks, key, key_len) :
			open_rekey(a, outbound, ks, key, key_len);
out:
	wipe(key, sizeof(key));
	if (ret)
		close_session(ks);
	return ret;
}

void close_session(struct keyset *ks)
{
	int k;

	for (k = 0; k < MAX_KEYS; k++)
		if (ks->s[k])
			srtp_dealloc(ks->s[k]);
	free(ks->scratch);
	memset(ks, 0, sizeof(*ks));
}

srtp_err_status_t keyset_protect(struct keyset *ks, uint32_t i, bool rtcp,
				 uint8_t *buf, int *len)
{
	int k = key_for_packet(ks, i);

	if (ks->use_mki)
		return rtcp ? srtp_protect_rtcp_mki(ks->s[0], buf, len, 1,
						    (unsigned int)k) :
			      srtp_protect_mki(ks->s[0], buf, len, 1,
					       (unsigned int)k);
	return rtcp ? srtp_protect_rtcp(ks->s[k], buf, len) :
		      srtp_protect(ks->s[k], buf, len);
}

/*
 * The MKI sits right in front of the HMAC-SHA1 tag (RFC 3711 sections 3.1
 * and 3.4; for SRTCP after E and the index), and at the very end with
 * GCM (RFC 7714 sections 8.2 and 9.2: after the ciphertext and its tag,
 * for SRTCP after E and the index). Which key's MKI is it?
 */
static int mki_key(const struct keyset *ks, bool rtcp, const uint8_t *buf,
		   size_t len, char *why, size_t why_len)
{
	size_t after = ks->after_mki[rtcp], min = rtcp ? 8 + 4 : 12, i;
	const uint8_t *m;
	char hex[2 * MKI_MAX + 1];
	int k;

	if (len < min + after + ks->mki_len) {
		snprintf(why, why_len, "too short to carry an MKI");
		return -1;
	}
	m = buf + len - after - ks->mki_len;
	for (k = 0; k < ks->nkeys; k++)
		if (!memcmp(m, ks->mki[k], ks->mki_len))
			return k;
	for (i = 0; i < ks->mki_len; i++)
		snprintf(hex + 2 * i, 3, "%02x", m[i]);
	snprintf(why, why_len, "MKI %s (%zu bytes %s the end) is none of ours",
		 hex, after, after ? "before" : "at");
	return -1;
}

static srtp_err_status_t unprotect1(srtp_t s, bool rtcp, bool mki,
				    uint8_t *buf, int *len)
{
	if (mki)
		return rtcp ? srtp_unprotect_rtcp_mki(s, buf, len, 1) :
			      srtp_unprotect_mki(s, buf, len, 1);
	return rtcp ? srtp_unprotect_rtcp(s, buf, len) :
		      srtp_unprotect(s, buf, len);
}

int keyset_unprotect(struct keyset *ks, const struct args *a, bool rtcp,
		     uint8_t *buf, int *len, int *key, char *why,
		     size_t why_len)
{
	srtp_err_status_t st;
	size_t used = 0;
	int k, n, first;

	if (ks->use_mki) {
		*key = mki_key(ks, rtcp, buf, (size_t)*len, why, why_len);
		if (*key < 0)
			return -1;
		st = unprotect1(ks->s[0], rtcp, true, buf, len);
		if (st)
			snprintf(why, why_len, "%s (MKI of key %d)",
				 srtp_status_str(st), *key + 1);
		return st ? -1 : 0;
	}
	if (ks->nkeys == 1) {
		*key = 0;
		st = unprotect1(ks->s[0], rtcp, false, buf, len);
		if (st)
			snprintf(why, why_len, "%s", srtp_status_str(st));
		return st ? -1 : 0;
	}
	/*
	 * Try each key on a copy (GCM decrypts in place before it checks
	 * the tag); a failed unprotect changes no libsrtp state. RTP names
	 * its packet number in the clear: try the key for it first.
	 */
	first = rtcp ? 0 : key_for_packet(ks, (uint32_t)((rtp_seq(buf) -
							   a->seq_start) & 0xffff));
	why[0] = '\0';
	for (n = 0; n < ks->nkeys; n++) {
		int l = *len;

		k = n == 0 ? first : n <= first ? n - 1 : n;
		memcpy(ks->scratch, buf, (size_t)*len);
		st = unprotect1(ks->s[k], rtcp, false, ks->scratch, &l);
		if (!st) {
			memcpy(buf, ks->scratch, (size_t)l);
			*len = l;
			*key = k;
			return 0;
		}
		if (used < why_len)
			used += (size_t)snprintf(why + used, why_len - used,
						 "%skey %d %s", n ? ", " : "",
						 k + 1, srtp_status_str(st));
	}
	return -1;
}
