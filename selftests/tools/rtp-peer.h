/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * rtp-peer: deterministic RTP/RTCP traffic generator and SRTP oracle built
 * on libsrtp2, used by the ksrtp selftests.
 */
#ifndef RTP_PEER_H
#define RTP_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include <srtp2/srtp.h>

/* Exit codes shared by every subcommand. */
#define EXIT_OK		0	/* what was asked for happened */
#define EXIT_FAIL	1	/* the check failed or a packet was not sent */
#define EXIT_USAGE	2	/* bad arguments, key file, socket or libsrtp setup */

/* Largest UDP payload we generate or accept, plus room for libsrtp. */
#define PKT_MAX		65507
#define BUF_MAX		(PKT_MAX + SRTP_MAX_TRAILER_LEN + 4)

#define RTP_PT_DEFAULT		96
#define PAYLOAD_LEN_DEFAULT	160
#define WINDOW_DEFAULT		128
#define MAX_FLIPS		16

/* Shape of a generated RTP packet (everything except ssrc and seq). */
struct pkt_opts {
	uint8_t pt;
	int csrc;		/* 0..15 CSRCs */
	int ext;		/* -1: no extension; else words of extension data */
	int padding;		/* 0: none; else 1..255 padding bytes */
	size_t payload_len;
};

enum pkt_kind {
	PKT_OTHER,		/* not RTP/RTCP: wrong version or too short */
	PKT_RTP,
	PKT_RTCP,
};

/* packet.c */
size_t rtp_len(const struct pkt_opts *o);
size_t rtp_build(uint8_t *buf, uint32_t ssrc, uint16_t seq,
		 const struct pkt_opts *o);
#define RTCP_LEN	80
size_t rtcp_build(uint8_t *buf, uint32_t ssrc, uint32_t n);
enum pkt_kind pkt_classify(const uint8_t *buf, size_t len);
uint16_t rtp_seq(const uint8_t *buf);
uint32_t rtp_ssrc(const uint8_t *buf);
bool rtcp_index(const uint8_t *buf, size_t len, uint32_t *ssrc, uint32_t *n);

/* suite.c */
struct suite {
	const char *name;
	void (*rtp)(srtp_crypto_policy_t *p);
	void (*rtcp)(srtp_crypto_policy_t *p);
};
const struct suite *suite_find(const char *name);
void suite_list(FILE *f);
/* Key length (master key || master salt) the suite needs, in bytes. */
int suite_key_len(const struct suite *s);
int key_file_read(const char *path, uint8_t *key, size_t cap, size_t *len);
int session_create(srtp_t *session, const struct suite *s,
		   const uint8_t *key, size_t key_len, bool outbound,
		   bool have_ssrc, uint32_t ssrc, unsigned long window);
const char *srtp_status_str(srtp_err_status_t st);

/* util.c */
struct endpoint {
	struct sockaddr_storage ss;
	socklen_t len;
};
int endpoint_parse(const char *s, struct endpoint *ep);
int parse_u32(const char *s, uint32_t max, uint32_t *out);
int parse_i32(const char *s, int32_t min, int32_t max, int32_t *out);
int hex_decode(const char *s, uint8_t *out, size_t cap, size_t *len);
void hex_print(FILE *f, const uint8_t *buf, size_t len);
int base64_decode(const char *s, size_t slen, uint8_t *out, size_t cap,
		  size_t *len);
void wipe(void *p, size_t len);

/* Everything the command line can say; rtp-peer.c fills it in. */
struct args {
	struct endpoint local, remote;
	bool have_local, have_remote;
	uint32_t ssrc;
	bool have_ssrc;
	uint32_t count;
	bool have_count;
	uint32_t seq_start;	/* first RTP seq, or first RTCP index n */
	struct pkt_opts po;
	bool rtcp;
	uint32_t interval_us;
	const struct suite *suite;
	const char *key_file;
	uint32_t roc;
	bool have_roc;
	uint32_t window;
	/* send mutations, applied after protection */
	struct { int32_t byte; uint8_t bit; } flips[MAX_FLIPS];
	int nflips;
	uint32_t truncate;
	uint32_t append;
	bool duplicate;
	uint8_t *raw;		/* send --raw-hex / recv --raw-expect */
	size_t raw_len;
	/* recv */
	uint32_t timeout_ms;
	uint32_t linger_ms;
	bool expect_none;
	bool print_hex;
	const char *ready_file;
};

/* send.c, recv.c */
int cmd_send(const struct args *a);
int cmd_recv(const struct args *a);
/* Open a UDP socket of ep's family (IPv6 sockets are v6-only). */
int udp_socket(const struct endpoint *ep);
/* Read the key file and make a libsrtp session, with --roc; 0 or -1. */
int open_session(const struct args *a, bool outbound, srtp_t *session);

/* kdf.c */
int aes192_kdf_setup(bool *worked_around);
void kdf_vectors(void (*result)(bool ok, const char *name, const char *detail));

/* vectors.c */
int cmd_vectors(void);

#endif
