// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * SDES suite names mapped to libsrtp2 crypto policies, key files, and
 * session setup.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rtp-peer.h"

#include <srtp2/crypto_types.h>

/* libsrtp has no setter for this one; SRTCP keeps its 80-bit tag. */
static void null_hmac_sha1_32(srtp_crypto_policy_t *p)
{
	srtp_crypto_policy_set_null_cipher_hmac_sha1_80(p);
	p->auth_tag_len = 4;
}

/* SRTCP tags are 80 bits in every *_32 suite (RFC 3711 section 5.2). */
static const struct suite suites[] = {
	{ "AES_CM_128_HMAC_SHA1_80",
	  srtp_crypto_policy_set_rtp_default,
	  srtp_crypto_policy_set_rtp_default },
	{ "AES_CM_128_HMAC_SHA1_32",
	  srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32,
	  srtp_crypto_policy_set_rtp_default },
	{ "AES_192_CM_HMAC_SHA1_80",
	  srtp_crypto_policy_set_aes_cm_192_hmac_sha1_80,
	  srtp_crypto_policy_set_aes_cm_192_hmac_sha1_80 },
	{ "AES_192_CM_HMAC_SHA1_32",
	  srtp_crypto_policy_set_aes_cm_192_hmac_sha1_32,
	  srtp_crypto_policy_set_aes_cm_192_hmac_sha1_80 },
	{ "AES_256_CM_HMAC_SHA1_80",
	  srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80,
	  srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80 },
	{ "AES_256_CM_HMAC_SHA1_32",
	  srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32,
	  srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80 },
	{ "NULL_HMAC_SHA1_80",
	  srtp_crypto_policy_set_null_cipher_hmac_sha1_80,
	  srtp_crypto_policy_set_null_cipher_hmac_sha1_80 },
	{ "NULL_HMAC_SHA1_32",
	  null_hmac_sha1_32,
	  srtp_crypto_policy_set_null_cipher_hmac_sha1_80 },
	{ "AEAD_AES_128_GCM",
	  srtp_crypto_policy_set_aes_gcm_128_16_auth,
	  srtp_crypto_policy_set_aes_gcm_128_16_auth },
	{ "AEAD_AES_256_GCM",
	  srtp_crypto_policy_set_aes_gcm_256_16_auth,
	  srtp_crypto_policy_set_aes_gcm_256_16_auth },
};

const struct suite *suite_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		if (!strcmp(name, suites[i].name))
			return &suites[i];
	return NULL;
}

void suite_list(FILE *f)
{
	size_t i;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		fprintf(f, "  %-24s key||salt %d bytes\n", suites[i].name,
			suite_key_len(&suites[i]));
}

int suite_key_len(const struct suite *s)
{
	srtp_crypto_policy_t p;

	s->rtp(&p);
	return p.cipher_key_len;
}

/*
 * A key file holds one master key || master salt, either as hex or in the
 * SDES form "inline:BASE64[|lifetime]". Whitespace anywhere is ignored.
 * Error messages never quote the file's content.
 */
int key_file_read(const char *path, uint8_t *key, size_t cap, size_t *len)
{
	char raw[1024], text[1024];
	size_t n = 0, t = 0, i;
	ssize_t r;
	int fd, ret = -1;
	char *bar;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "rtp-peer: key file %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	while (n < sizeof(raw) &&
	       (r = read(fd, raw + n, sizeof(raw) - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "rtp-peer: key file %s: %s\n", path,
				strerror(errno));
			goto out;
		}
		n += r;
	}
	if (n == sizeof(raw)) {
		fprintf(stderr, "rtp-peer: key file %s: too large\n", path);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (raw[i] != ' ' && raw[i] != '\t' && raw[i] != '\n' &&
		    raw[i] != '\r')
			text[t++] = raw[i];
	text[t] = '\0';

	if (!strncmp(text, "inline:", 7)) {
		bar = strchr(text + 7, '|');
		if (bar && strchr(bar, ':')) {
			fprintf(stderr,
				"rtp-peer: key file %s: an MKI there is not supported (use --mki)\n",
				path);
			goto out;
		}
		if (base64_decode(text + 7,
				  bar ? (size_t)(bar - text - 7) : strlen(text + 7),
				  key, cap, len)) {
			fprintf(stderr,
				"rtp-peer: key file %s: invalid base64\n", path);
			goto out;
		}
	} else if (hex_decode(text, key, cap, len)) {
		fprintf(stderr,
			"rtp-peer: key file %s: expected hex or inline:BASE64\n",
			path);
		goto out;
	}
	ret = 0;
out:
	wipe(raw, sizeof(raw));
	wipe(text, sizeof(text));
	close(fd);
	return ret;
}

/*
 * The services of every SRTP [0] and SRTCP [1] policy (srtp_sec_serv_t),
 * -1: the suite's (both). RFC 4568 6.3.2: UNENCRYPTED_SRTP is "auth",
 * UNAUTHENTICATED_SRTP "conf", both "none"; UNENCRYPTED_SRTCP is SRTCP's
 * "auth". Without auth the SRTP policy has SRTP_NULL_AUTH and no tag.
 */
static int sec_serv[2] = { -1, -1 };

int sec_serv_parse(bool rtcp, const char *v)
{
	static const struct {
		const char *name;
		srtp_sec_serv_t serv;
	} names[] = {
		{ "conf_and_auth", sec_serv_conf_and_auth },
		{ "auth", sec_serv_auth },
		{ "conf", sec_serv_conf },
		{ "none", sec_serv_none },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(v, names[i].name))
			continue;
		/* SDES has no UNAUTHENTICATED_SRTCP. */
		if (rtcp && !(names[i].serv & sec_serv_auth))
			return -1;
		sec_serv[rtcp] = (int)names[i].serv;
		return 0;
	}
	return -1;
}

int sec_serv_check(const struct suite *s, bool mki)
{
	srtp_crypto_policy_t p;

	if (sec_serv[0] < 0 && sec_serv[1] < 0)
		return 0;
	if (!s) {
		fprintf(stderr, "rtp-peer: --rtp-sec-serv/--rtcp-sec-serv need --srtp\n");
		return -1;
	}
	s->rtp(&p);
	if (p.cipher_type == SRTP_AES_GCM_128 ||
	    p.cipher_type == SRTP_AES_GCM_256) {
		fprintf(stderr, "rtp-peer: RFC 7714 has no SDES session parameters\n");
		return -1;
	}
	if (mki && sec_serv[0] >= 0 && !(sec_serv[0] & sec_serv_auth)) {
		fprintf(stderr, "rtp-peer: --mki with an SRTP policy without auth is not supported\n");
		return -1;
	}
	return 0;
}

/* --enc-ext-ids: RFC 6904's IDs for every SRTP policy (enc_xtn_hdr). */
static int enc_ext_ids[255];
static int enc_ext_ids_n;

int enc_ext_ids_parse(const char *v)
{
	char *end;

	enc_ext_ids_n = 0;
	while (*v) {
		unsigned long id = strtoul(v, &end, 0);

		if (end == v || (*end && *end != ',') || id < 1 || id > 255 ||
		    enc_ext_ids_n == 255)
			return -1;
		enc_ext_ids[enc_ext_ids_n++] = (int)id;
		v = *end ? end + 1 : end;
	}
	return enc_ext_ids_n ? 0 : -1;
}

static void sec_serv_apply(srtp_crypto_policy_t *p, int serv)
{
	if (serv < 0)
		return;
	p->sec_serv = (srtp_sec_serv_t)serv;
	if (!(serv & sec_serv_auth)) {
		p->auth_type = SRTP_NULL_AUTH;
		p->auth_key_len = 0;
		p->auth_tag_len = 0;
	}
}

int policy_init(srtp_policy_t *policy, const struct suite *s, size_t key_len,
		bool outbound, bool have_ssrc, uint32_t ssrc,
		unsigned long window)
{
	if (!strncmp(s->name, "AES_192_", 8)) {
		bool fixed;

		if (aes192_kdf_setup(&fixed)) {
			fprintf(stderr,
				"rtp-peer: this libsrtp2 derives AES-192 keys against RFC 6188 (cisco/libsrtp#763)\n");
			return -1;
		}
	}
	if ((int)key_len != suite_key_len(s)) {
		fprintf(stderr,
			"rtp-peer: %s needs %d bytes of key||salt, the key file has %zu\n",
			s->name, suite_key_len(s), key_len);
		return -1;
	}
	memset(policy, 0, sizeof(*policy));
	s->rtp(&policy->rtp);
	s->rtcp(&policy->rtcp);
	sec_serv_apply(&policy->rtp, sec_serv[0]);
	sec_serv_apply(&policy->rtcp, sec_serv[1]);
	if (have_ssrc) {
		policy->ssrc.type = ssrc_specific;
		policy->ssrc.value = ssrc;
	} else {
		policy->ssrc.type = outbound ? ssrc_any_outbound :
					       ssrc_any_inbound;
	}
	policy->window_size = window;
	policy->allow_repeat_tx = 0;
	if (enc_ext_ids_n) {
		policy->enc_xtn_hdr = enc_ext_ids;
		policy->enc_xtn_hdr_count = enc_ext_ids_n;
	}
	policy->next = NULL;
	return 0;
}

static bool use_cryptex;

#ifdef RTP_PEER_CRYPTEX
int cryptex_init(void)
{
	if (srtp_get_version() < 0x02080000) {
		fprintf(stderr,
			"rtp-peer: --cryptex: the libsrtp2 loaded is %s, not 2.8 or newer (LD_LIBRARY_PATH?)\n",
			srtp_get_version_string());
		return -1;
	}
	use_cryptex = true;
	return 0;
}

static int cryptex_enable(srtp_t session, const srtp_policy_t *policy)
{
	srtp_err_status_t st;

	if (!use_cryptex)
		return 0;
	st = srtp_set_stream_use_cryptex(session, &policy->ssrc, 1);
	if (st) {
		fprintf(stderr, "rtp-peer: srtp_set_stream_use_cryptex: %s\n",
			srtp_status_str(st));
		srtp_dealloc(session);
		return -1;
	}
	return 0;
}
#else
int cryptex_init(void)
{
	return -1;
}

static int cryptex_enable(srtp_t session, const srtp_policy_t *policy)
{
	(void)session;
	(void)policy;
	return use_cryptex ? -1 : 0;
}
#endif

int session_create(srtp_t *session, const struct suite *s,
		   const uint8_t *key, size_t key_len, bool outbound,
		   bool have_ssrc, uint32_t ssrc, unsigned long window)
{
	uint8_t k[SRTP_MAX_KEY_LEN];
	srtp_policy_t policy;
	srtp_err_status_t st;

	if (policy_init(&policy, s, key_len, outbound, have_ssrc, ssrc, window))
		return -1;
	/* libsrtp reads the key through a non-const pointer. */
	memcpy(k, key, key_len);
	policy.key = k;

	st = srtp_create(session, &policy);
	wipe(k, sizeof(k));
	if (st) {
		fprintf(stderr, "rtp-peer: srtp_create(%s): %s\n", s->name,
			srtp_status_str(st));
		return -1;
	}
	if (cryptex_enable(*session, &policy)) {
		*session = NULL;
		return -1;
	}
	return 0;
}

const char *srtp_status_str(srtp_err_status_t st)
{
	switch (st) {
	case srtp_err_status_ok: return "ok";
	case srtp_err_status_fail: return "fail";
	case srtp_err_status_bad_param: return "bad_param";
	case srtp_err_status_alloc_fail: return "alloc_fail";
	case srtp_err_status_init_fail: return "init_fail";
	case srtp_err_status_terminus: return "terminus";
	case srtp_err_status_auth_fail: return "auth_fail";
	case srtp_err_status_cipher_fail: return "cipher_fail";
	case srtp_err_status_replay_fail: return "replay_fail";
	case srtp_err_status_replay_old: return "replay_old";
	case srtp_err_status_algo_fail: return "algo_fail";
	case srtp_err_status_no_such_op: return "no_such_op";
	case srtp_err_status_no_ctx: return "no_ctx";
	case srtp_err_status_cant_check: return "cant_check";
	case srtp_err_status_key_expired: return "key_expired";
	case srtp_err_status_parse_err: return "parse_err";
	case srtp_err_status_bad_mki: return "bad_mki";
	case srtp_err_status_pkt_idx_old: return "pkt_idx_old";
	case srtp_err_status_pkt_idx_adv: return "pkt_idx_adv";
#ifdef RTP_PEER_CRYPTEX
	case srtp_err_status_cryptex_err: return "cryptex_err";
#endif
	default: return "unknown";
	}
}
