/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * dtls-keyd: what a media server's keying daemon does with ksrtp.
 * The pieces, one file each: dtls.c (the handshake and the keying
 * material), kernel.c (the contexts, through libksrtp), media.c (plain
 * RTP on the same socket), main.c (options and the order of things).
 */
#ifndef KEYD_H
#define KEYD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <openssl/ssl.h>
#include <ksrtp.h>

/* Keying material of RFC 5764 section 4.2: keys and salts of both sides. */
struct srtp_keys {
	enum ksrtp_suite suite;
	const char *profile;		/* OpenSSL's name of the profile */
	size_t key_len, salt_len;
	uint8_t client_key[KSRTP_MAX_KEY_LEN], server_key[KSRTP_MAX_KEY_LEN];
	uint8_t client_salt[KSRTP_MAX_SALT_LEN], server_salt[KSRTP_MAX_SALT_LEN];
};

struct dtls {
	SSL_CTX *ctx;
	SSL *ssl;
	BIO *in;			/* datagrams from the peer, one at a time */
	int fd;
	union ksrtp_sockaddr peer;	/* where DTLS and media are sent */
	union ksrtp_sockaddr peer_src;	/* where the peer's DTLS came from */
	bool have_peer_src;
};

/* dtls.c */
int dtls_init(struct dtls *d, int fd, const union ksrtp_sockaddr *peer,
	      bool client, const char *cert_file, const char *key_file);
int dtls_handshake(struct dtls *d, int timeout_ms);
void dtls_input(struct dtls *d, const uint8_t *buf, size_t len);
int dtls_export_keys(struct dtls *d, struct srtp_keys *k);
void dtls_close(struct dtls *d);

/* kernel.c */
struct kernel_ctxs {
	struct ksrtp_handle *h;
	uint32_t out_id, in_id;
};
int kernel_install(struct kernel_ctxs *kc, const struct srtp_keys *k,
		   bool client, const union ksrtp_sockaddr *local,
		   const union ksrtp_sockaddr *remote,
		   const union ksrtp_sockaddr *remote_src, uint32_t ssrc,
		   bool has_peer_ssrc, uint32_t peer_ssrc);
void kernel_remove(struct kernel_ctxs *kc);

/* media.c */
struct media {
	int fd;
	const union ksrtp_sockaddr *peer;
	uint32_t ssrc;			/* ours */
	bool has_peer_ssrc;
	uint32_t peer_ssrc;
	unsigned int to_send, sent;
	unsigned int to_recv, received, rejected;
	int interval_ms;
	FILE *dump;			/* payloads received, or NULL */
};
unsigned int media_drain(struct media *m, struct dtls *d);
int media_run(struct media *m, struct dtls *d, int timeout_ms);

/* Datagram classes on a shared port, by first byte (RFC 7983). */
static inline bool is_dtls(uint8_t b) { return b >= 20 && b <= 63; }
static inline bool is_rtp_or_rtcp(uint8_t b) { return b >= 128 && b <= 191; }

int64_t now_ms(void);

#endif /* KEYD_H */
