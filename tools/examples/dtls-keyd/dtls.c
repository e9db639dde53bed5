// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The DTLS-SRTP handshake (RFC 5764) with OpenSSL, on a UDP socket that
 * also carries the media.
 *
 * The daemon owns the socket and reads every datagram itself: DTLS
 * records (first byte 20..63, RFC 7983) are handed to OpenSSL through a
 * memory BIO, everything else is media. OpenSSL's records go out through
 * a small BIO that sends each one as a datagram to the peer's media
 * address, which need not be the address the peer sends from.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/srtp.h>
#include <openssl/x509.h>

#include "keyd.h"

/* Handshake records fit in this, with room for IPv6 and UDP headers. */
#define DTLS_MTU 1200

static BIO_METHOD *out_method;

static socklen_t sa_len(const union ksrtp_sockaddr *a)
{
	return a->sa.sa_family == AF_INET6 ? sizeof(a->sin6) : sizeof(a->sin);
}

static int out_write(BIO *b, const char *buf, int len)
{
	struct dtls *d = BIO_get_data(b);
	ssize_t n = sendto(d->fd, buf, len, 0, &d->peer.sa, sa_len(&d->peer));

	return n < 0 ? -1 : (int)n;
}

static long out_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	(void)b;
	(void)num;
	(void)ptr;
	switch (cmd) {
	case BIO_CTRL_FLUSH:
		return 1;
	case BIO_CTRL_DGRAM_QUERY_MTU:
	case BIO_CTRL_DGRAM_GET_FALLBACK_MTU:
		return DTLS_MTU;
	default:
		return 0;
	}
}

static BIO *out_bio(struct dtls *d)
{
	BIO *b;

	if (!out_method) {
		out_method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK,
					  "dtls-keyd sendto");
		if (!out_method || !BIO_meth_set_write(out_method, out_write) ||
		    !BIO_meth_set_ctrl(out_method, out_ctrl))
			return NULL;
	}
	b = BIO_new(out_method);
	if (b) {
		BIO_set_data(b, d);
		BIO_set_init(b, 1);
	}
	return b;
}

/* A throwaway self-signed certificate, as WebRTC endpoints use. */
static int self_signed(SSL_CTX *ctx)
{
	EVP_PKEY *pkey = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *name;
	int ok = 0;

	if (!pkey || !x)
		goto out;
	name = X509_get_subject_name(x);
	ok = X509_set_version(x, 2) &&
	     ASN1_INTEGER_set(X509_get_serialNumber(x), (long)(now_ms() & 0x7fffffff)) &&
	     X509_gmtime_adj(X509_getm_notBefore(x), -3600) &&
	     X509_gmtime_adj(X509_getm_notAfter(x), 30L * 24 * 3600) &&
	     X509_set_pubkey(x, pkey) &&
	     X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					(const unsigned char *)"dtls-keyd", -1, -1, 0) &&
	     X509_set_issuer_name(x, name) &&
	     X509_sign(x, pkey, EVP_sha256()) &&
	     SSL_CTX_use_certificate(ctx, x) == 1 &&
	     SSL_CTX_use_PrivateKey(ctx, pkey) == 1;
out:
	X509_free(x);
	EVP_PKEY_free(pkey);
	return ok ? 0 : -1;
}

/*
 * Any certificate is accepted here. A real daemon compares the peer's
 * certificate with the a=fingerprint of its SDP (RFC 8122) and fails the
 * handshake on a mismatch; this one prints the fingerprint.
 */
static int accept_any(int preverify_ok, X509_STORE_CTX *store)
{
	(void)preverify_ok;
	(void)store;
	return 1;
}

static void print_fingerprint(const char *who, X509 *x)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	if (!x || !X509_digest(x, EVP_sha256(), md, &len))
		return;
	printf("%s fingerprint sha-256 ", who);
	for (i = 0; i < len; i++)
		printf("%02X%s", md[i], i + 1 < len ? ":" : "\n");
}

int dtls_init(struct dtls *d, int fd, const union ksrtp_sockaddr *peer,
	      bool client, const char *cert_file, const char *key_file)
{
	/* Strongest first: the server picks the first of its list it shares. */
	static const char profiles[] = "SRTP_AEAD_AES_256_GCM:SRTP_AEAD_AES_128_GCM:"
				       "SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_32";
	BIO *out;

	memset(d, 0, sizeof(*d));
	d->fd = fd;
	d->peer = *peer;
	d->ctx = SSL_CTX_new(DTLS_method());
	if (!d->ctx)
		return -1;
	/* SSL_CTX_set_tlsext_use_srtp() returns 0 on success. */
	if (SSL_CTX_set_tlsext_use_srtp(d->ctx, profiles))
		return -1;
	if (cert_file) {
		if (SSL_CTX_use_certificate_chain_file(d->ctx, cert_file) != 1 ||
		    SSL_CTX_use_PrivateKey_file(d->ctx, key_file ? key_file : cert_file,
						SSL_FILETYPE_PEM) != 1 ||
		    SSL_CTX_check_private_key(d->ctx) != 1)
			return -1;
	} else if (self_signed(d->ctx)) {
		return -1;
	}
	SSL_CTX_set_verify(d->ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
			   accept_any);
	print_fingerprint("local", SSL_CTX_get0_certificate(d->ctx));

	d->ssl = SSL_new(d->ctx);
	d->in = BIO_new(BIO_s_mem());
	out = out_bio(d);
	if (!d->ssl || !d->in || !out) {
		BIO_free(d->in);
		BIO_free(out);
		d->in = NULL;
		return -1;
	}
	BIO_set_mem_eof_return(d->in, -1);	/* empty: "try again" */
	SSL_set_bio(d->ssl, d->in, out);	/* the SSL owns both now */
	SSL_set_options(d->ssl, SSL_OP_NO_QUERY_MTU);
	SSL_set_mtu(d->ssl, DTLS_MTU);
	if (client)
		SSL_set_connect_state(d->ssl);
	else
		SSL_set_accept_state(d->ssl);
	return 0;
}

/* One datagram from the socket, to be read by the next SSL call. */
static void feed(struct dtls *d, const uint8_t *buf, size_t len,
		 const union ksrtp_sockaddr *from)
{
	if (!d->have_peer_src) {
		d->peer_src = *from;
		d->have_peer_src = true;
	}
	BIO_write(d->in, buf, (int)len);
}

/*
 * Run the handshake to its end. Datagrams that are not DTLS (media sent
 * before the contexts exist) are dropped. Returns 0 or -1.
 */
int dtls_handshake(struct dtls *d, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	uint8_t buf[2048];

	for (;;) {
		struct timeval tv;
		struct pollfd pfd = { .fd = d->fd, .events = POLLIN };
		union ksrtp_sockaddr from;
		socklen_t flen = sizeof(from);
		int r = SSL_do_handshake(d->ssl), wait;
		ssize_t n;

		if (r == 1)
			break;
		if (SSL_get_error(d->ssl, r) != SSL_ERROR_WANT_READ) {
			fprintf(stderr, "dtls-keyd: DTLS handshake failed\n");
			ERR_print_errors_fp(stderr);
			return -1;
		}
		wait = (int)(deadline - now_ms());
		if (wait <= 0) {
			fprintf(stderr, "dtls-keyd: DTLS handshake timed out\n");
			return -1;
		}
		/* OpenSSL's retransmission timer, if it runs, comes first. */
		if (DTLSv1_get_timeout(d->ssl, &tv) &&
		    tv.tv_sec * 1000 + tv.tv_usec / 1000 < wait)
			wait = (int)(tv.tv_sec * 1000 + tv.tv_usec / 1000);
		r = poll(&pfd, 1, wait);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r <= 0) {
			if (DTLSv1_handle_timeout(d->ssl) < 0)
				return -1;
			continue;
		}
		n = recvfrom(d->fd, buf, sizeof(buf), 0, &from.sa, &flen);
		if (n > 0 && is_dtls(buf[0]))
			feed(d, buf, (size_t)n, &from);
	}
	print_fingerprint("peer", SSL_get0_peer_certificate(d->ssl));
	return 0;
}

/*
 * A DTLS datagram after the handshake: a retransmitted flight whose
 * answer was lost (OpenSSL answers it), an alert or close_notify.
 */
void dtls_input(struct dtls *d, const uint8_t *buf, size_t len)
{
	uint8_t junk[2048];

	BIO_write(d->in, buf, (int)len);
	while (SSL_read(d->ssl, junk, sizeof(junk)) > 0)
		;	/* no application data is expected */
}

/*
 * The negotiated profile and the keying material of RFC 5764 section
 * 4.2: client key, server key, client salt, server salt.
 */
int dtls_export_keys(struct dtls *d, struct srtp_keys *k)
{
	static const char label[] = "EXTRACTOR-dtls_srtp";
	SRTP_PROTECTION_PROFILE *p = SSL_get_selected_srtp_profile(d->ssl);
	uint8_t m[2 * (KSRTP_MAX_KEY_LEN + KSRTP_MAX_SALT_LEN)];
	int r;

	memset(k, 0, sizeof(*k));
	if (!p) {
		fprintf(stderr, "dtls-keyd: the peer agreed to no SRTP profile\n");
		return -1;
	}
	switch (p->id) {
	case SRTP_AES128_CM_SHA1_80:
		k->suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
		break;
	case SRTP_AES128_CM_SHA1_32:
		k->suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32;
		break;
	case SRTP_AEAD_AES_128_GCM:
		k->suite = KSRTP_SUITE_AEAD_AES_128_GCM;
		break;
	case SRTP_AEAD_AES_256_GCM:
		k->suite = KSRTP_SUITE_AEAD_AES_256_GCM;
		break;
	default:
		fprintf(stderr, "dtls-keyd: unexpected profile %s\n", p->name);
		return -1;
	}
	k->profile = p->name;
	k->key_len = (size_t)ksrtp_suite_key_len(k->suite);
	k->salt_len = (size_t)ksrtp_suite_salt_len(k->suite);

	r = SSL_export_keying_material(d->ssl, m, 2 * (k->key_len + k->salt_len),
				       label, strlen(label), NULL, 0, 0);
	if (r == 1) {
		const uint8_t *q = m;

		memcpy(k->client_key, q, k->key_len);
		q += k->key_len;
		memcpy(k->server_key, q, k->key_len);
		q += k->key_len;
		memcpy(k->client_salt, q, k->salt_len);
		q += k->salt_len;
		memcpy(k->server_salt, q, k->salt_len);
	}
	explicit_bzero(m, sizeof(m));
	return r == 1 ? 0 : -1;
}

void dtls_close(struct dtls *d)
{
	if (d->ssl) {
		if (SSL_is_init_finished(d->ssl))
			SSL_shutdown(d->ssl);	/* sends close_notify */
		SSL_free(d->ssl);
	}
	SSL_CTX_free(d->ctx);
	BIO_meth_free(out_method);
	out_method = NULL;
	memset(d, 0, sizeof(*d));
}
