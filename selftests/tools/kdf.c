// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Key derivation checks, and a workaround for libsrtp2's AES-192 KDF.
 *
 * libsrtp2 before the fix for cisco/libsrtp#763 (#765, #770; Debian's
 * 2.5.0 has the bug) derives the session keys of the AES_192_CM suites
 * with its AES-256 KDF, keyed with master key || master salt || 8 zero
 * bytes, unless it was built with OpenSSL's KDF. That is not RFC 6188 and
 * interoperates with nothing else. When the probe below shows the bug, we
 * replace libsrtp's AES_ICM_256 cipher type by one that, for the 46-byte
 * KDF key, runs AES-192 counter mode on the first 38 bytes (the real
 * master key and salt), which is what RFC 6188 asks for. It is only
 * switched on in a process that uses an AES_192 suite, where AES_ICM_256
 * serves nothing but the KDF, and the probe runs again to prove the result.
 */
#include <string.h>

#include "rtp-peer.h"

#include <srtp2/cipher.h>

extern const srtp_cipher_type_t srtp_aes_icm_128;
extern const srtp_cipher_type_t srtp_aes_icm_192;
extern const srtp_cipher_type_t srtp_aes_icm_256;

struct kdf_vec {
	const char *name;
	const srtp_cipher_type_t *ct;
	void (*null_auth)(srtp_crypto_policy_t *p);
	int key_len;			/* master key; salts are 14 bytes */
	const char *master;		/* master key || master salt */
	const char *session;		/* SRTP cipher key || cipher salt */
};

static const struct kdf_vec kdf_vecs[] = {
	{ "RFC 3711 B.3 (AES-128)", &srtp_aes_icm_128,
	  srtp_crypto_policy_set_aes_cm_128_null_auth, 16,
	  "E1F97A0D3E018BE0D64FA32C06DE4139" "0EC675AD498AFEEBB6960B3AABE6",
	  "C61E7A93744F39EE10734AFE3FF7A087" "30CBBC08863D8C85D49DB34A9AE1" },
	{ "RFC 6188 7.4 (AES-192)", &srtp_aes_icm_192,
	  srtp_crypto_policy_set_aes_cm_192_null_auth, 24,
	  "73edc66c4fa15776fb57f9505c17136550ffda71f3e8e5f1"
	  "c8522f3acd4ce86d5add78edbb11",
	  "31874736a8f1143870c26e4857d8a5b2c4a354407faadabb"
	  "2372b82d639b6d8503a47adc0a6c" },
	{ "RFC 6188 7.2 (AES-256)", &srtp_aes_icm_256,
	  srtp_crypto_policy_set_aes_cm_256_null_auth, 32,
	  "f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6"
	  "3b04803de51ee7c96423ab5b78d2",
	  "5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4"
	  "fa31791685ca444a9e07c6c64e93" },
};

#define KDF_PAYLOAD 32

/*
 * Does libsrtp derive the published SRTP cipher key and salt? Protect 32
 * zero bytes (SSRC 0, SEQ 0, ROC 0, no authentication) and compare with
 * AES counter mode under the published session key and salt, run by
 * libsrtp's own (self-tested) cipher.
 */
static bool kdf_probe(const struct kdf_vec *v)
{
	uint8_t master[64], session[64], pkt[12 + KDF_PAYLOAD + SRTP_MAX_TRAILER_LEN];
	uint8_t ks[KDF_PAYLOAD], iv[16] = { 0 };
	unsigned int ks_len = sizeof(ks);
	srtp_cipher_t *c = NULL;
	srtp_policy_t policy;
	srtp_t s = NULL;
	size_t mlen, slen;
	bool ok = false;
	int len;

	if (hex_decode(v->master, master, sizeof(master), &mlen) ||
	    hex_decode(v->session, session, sizeof(session), &slen))
		return false;

	memset(ks, 0, sizeof(ks));
	if (srtp_cipher_type_alloc(v->ct, &c, (int)slen, 0) ||
	    srtp_cipher_init(c, session) ||
	    srtp_cipher_set_iv(c, iv, srtp_direction_encrypt) ||
	    srtp_cipher_encrypt(c, ks, &ks_len))
		goto out;

	memset(&policy, 0, sizeof(policy));
	v->null_auth(&policy.rtp);
	v->null_auth(&policy.rtcp);
	policy.ssrc.type = ssrc_any_outbound;
	policy.key = master;
	if (srtp_create(&s, &policy))
		goto out;
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 0x80;
	len = 12 + KDF_PAYLOAD;
	if (srtp_protect(s, pkt, &len) || len != 12 + KDF_PAYLOAD)
		goto out;
	ok = !memcmp(pkt + 12, ks, KDF_PAYLOAD);
out:
	if (s)
		srtp_dealloc(s);
	if (c)
		srtp_cipher_dealloc(c);
	return ok;
}

static bool aes192_fix_on;
static bool aes192_fix_installed;
static srtp_cipher_type_t aes192_kdf_ct;

static srtp_err_status_t aes192_kdf_alloc(srtp_cipher_pointer_t *c,
					  int key_len, int tag_len)
{
	if (aes192_fix_on && key_len == SRTP_AES_ICM_256_KEY_LEN_WSALT)
		return srtp_aes_icm_192.alloc(c, SRTP_AES_ICM_192_KEY_LEN_WSALT,
					      tag_len);
	return srtp_aes_icm_256.alloc(c, key_len, tag_len);
}

/* 0: AES-192 sessions are RFC 6188 (now); -1: they cannot be made so. */
int aes192_kdf_setup(bool *worked_around)
{
	srtp_err_status_t st;

	*worked_around = aes192_fix_on;
	if (kdf_probe(&kdf_vecs[1]))
		return 0;
	if (!aes192_fix_installed) {
		/* libsrtp self-tests the replacement: it must be AES-256 now. */
		aes192_kdf_ct = srtp_aes_icm_256;
		aes192_kdf_ct.alloc = aes192_kdf_alloc;
		aes192_kdf_ct.description = "AES-256 ICM, AES-192 for the KDF";
		st = srtp_replace_cipher_type(&aes192_kdf_ct, SRTP_AES_ICM_256);
		if (st)
			return -1;
		aes192_fix_installed = true;
	}
	aes192_fix_on = true;
	*worked_around = true;
	if (kdf_probe(&kdf_vecs[1]))
		return 0;
	aes192_fix_on = false;
	*worked_around = false;
	return -1;
}

/* vectors: report each KDF vector through result(). */
void kdf_vectors(void (*result)(bool ok, const char *name, const char *detail))
{
	char name[128];
	bool fixed;
	int i;

	/* AES-128 and AES-256 first: the AES-192 workaround replaces AES-256. */
	for (i = 0; i < 3; i += 2) {
		snprintf(name, sizeof(name), "kdf %s", kdf_vecs[i].name);
		result(kdf_probe(&kdf_vecs[i]), name,
		       "libsrtp's session key or salt differs");
	}
	if (aes192_kdf_setup(&fixed)) {
		snprintf(name, sizeof(name), "kdf %s", kdf_vecs[1].name);
		result(false, name,
		       "libsrtp's AES-192 KDF is not RFC 6188 and the workaround failed");
		return;
	}
	snprintf(name, sizeof(name), "kdf %s%s", kdf_vecs[1].name,
		 fixed ? " (libsrtp needed the cisco/libsrtp#763 workaround)" : "");
	result(true, name, "");
}
