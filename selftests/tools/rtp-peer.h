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
#define MAX_RANGES		64
#define MAX_ELEMS		16

/* Shape of a generated RTP packet (everything except ssrc and seq). */
struct pkt_opts {
	uint8_t pt;
	int csrc;		/* 0..15 CSRCs */
	int ext;		/* -1: no extension; else words of extension data */
	bool ext_two_byte;	/* profile 0x1000 (RFC 8285 4.3), not 0xBEDE */
	int nelems;		/* --ext-elems: elements instead of --ext's */
	uint8_t elem_id[MAX_ELEMS];
	uint8_t elem_len[MAX_ELEMS];
	int padding;		/* 0: none; else 1..255 padding bytes */
	size_t payload_len;
};

enum pkt_kind {
	PKT_OTHER,		/* not RTP/RTCP: wrong version or too short */
	PKT_RTP,
	PKT_RTCP,
};

/* packet.c */
int ext_elems_parse(struct pkt_opts *o, const char *v);
int ext_elems_words(struct pkt_opts *o);
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
/* Crypto policies, SSRC and window; the caller sets key or keys. */
int policy_init(srtp_policy_t *policy, const struct suite *s, size_t key_len,
		bool outbound, bool have_ssrc, uint32_t ssrc,
		unsigned long window);
int session_create(srtp_t *session, const struct suite *s,
		   const uint8_t *key, size_t key_len, bool outbound,
		   bool have_ssrc, uint32_t ssrc, unsigned long window);
const char *srtp_status_str(srtp_err_status_t st);
/*
 * RFC 4568 session parameters as libsrtp2's sec_serv (--rtp-sec-serv,
 * --rtcp-sec-serv): every policy_init() after sec_serv_parse() has them.
 */
int sec_serv_parse(bool rtcp, const char *v);
int enc_ext_ids_parse(const char *v);
/* Whether they go with the suite and (no SRTP tag) with --mki; 0 or -1. */
int sec_serv_check(const struct suite *s, bool mki);
/*
 * --cryptex: cryptex_init() checks that the library loaded is 2.8 or
 * newer and makes session_create() enable RFC 9335 on its streams.
 */
int cryptex_init(void);

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
/* Keep NSS loaded between libsrtp2's contexts; call before srtp_init(). */
void hold_nss(void);

/* keys.c: --mki, --key2-file/--mki2, --key3-file/--mki3, --switch-at */
#define MAX_KEYS	3
#define MKI_MAX		4
struct key_opts {
	const char *file[MAX_KEYS];	/* [0] unused: that is --key-file */
	uint8_t mki[MAX_KEYS][MKI_MAX];
	size_t mki_len[MAX_KEYS];	/* 0: no --mki for this key */
	uint32_t switch_at[MAX_KEYS - 1]; /* key k+2 from packet switch_at[k] */
	int nswitch;
};
enum key_opt { KO_MKI, KO_KEY2_FILE, KO_MKI2, KO_KEY3_FILE, KO_MKI3,
	       KO_SWITCH_AT };

/* Packet numbers FIRST..LAST: RTP seq (may wrap: 65534-1), or RTCP n. */
struct num_range {
	uint32_t first, last;
};

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
	struct key_opts ko;
	uint32_t roc;
	bool have_roc;
	uint32_t window;
	/* send mutations, applied after protection */
	struct { int32_t byte; uint8_t bit; } flips[MAX_FLIPS];
	int nflips;
	uint32_t truncate;
	uint32_t append;
	bool duplicate;
	/* send: loss and reordering after protection; recv: drops expected */
	struct num_range drops[MAX_RANGES];
	int ndrops;
	uint32_t drop_every;
	struct num_range order[MAX_RANGES];
	int norder;
	bool swap_pairs;
	uint8_t *raw;		/* send --raw-hex / recv --raw-expect */
	size_t raw_len;
	/* recv */
	uint32_t timeout_ms;
	uint32_t linger_ms;
	bool expect_none;
	bool print_hex;
	const char *ready_file;
	bool cryptex;		/* --cryptex (rtp-peer-cx) */
};

/* send.c, recv.c */
int cmd_send(const struct args *a);
int cmd_recv(const struct args *a);
/* Open a UDP socket of ep's family (IPv6 sockets are v6-only). */
int udp_socket(const struct endpoint *ep);

/*
 * keys.c: the libsrtp side of send and recv. With MKIs, one session holds
 * every key and the MKI on the wire names the key; without, one session
 * per key, switched at the --switch-at packet numbers (a rekey).
 */
struct keyset {
	int nkeys;		/* 0: no SRTP */
	bool use_mki;
	srtp_t s[MAX_KEYS];	/* with MKI only s[0] */
	uint32_t switch_at[MAX_KEYS - 1];
	int nswitch;
	size_t mki_len;
	uint8_t mki[MAX_KEYS][MKI_MAX];
	size_t after_mki[2];	/* bytes after the MKI: [0] SRTP, [1] SRTCP */
	uint8_t *scratch;	/* recv without MKI: a copy for trial unprotect */
};
int key_opt_parse(struct key_opts *ko, enum key_opt o, const char *v);
/* Cross-option rules of the key options; 0 or -1 (after a message). */
int key_opts_check(const struct args *a, bool recv);
/* Read the key files and make the libsrtp session(s), with --roc; 0 or -1. */
int open_session(const struct args *a, bool outbound, struct keyset *ks);
void close_session(struct keyset *ks);
/* Which key (0-based) packet i (from --seq-start) is under. */
int key_for_packet(const struct keyset *ks, uint32_t i);
/* Protect packet i in place; *len grows. */
srtp_err_status_t keyset_protect(struct keyset *ks, uint32_t i, bool rtcp,
				 uint8_t *buf, int *len);
/*
 * Unprotect in place; 0 and the key used in *key, or -1 and why in why[].
 * Without MKI every key is tried (RTP: the one --switch-at names first).
 */
int keyset_unprotect(struct keyset *ks, const struct args *a, bool rtcp,
		     uint8_t *buf, int *len, int *key, char *why,
		     size_t why_len);

/* schedule.c: which packets send puts on the wire, in which order */
int ranges_parse(const char *s, struct num_range *r, int max, int *n);
int ranges_check(const struct args *a);
uint32_t pkt_number(const struct args *a, uint32_t i);
bool pkt_dropped(const struct args *a, uint32_t i);
uint32_t pkt_expected(const struct args *a);
int send_order(const struct args *a, uint32_t **order);

/* kdf.c */
int aes192_kdf_setup(bool *worked_around);
void kdf_vectors(void (*result)(bool ok, const char *name, const char *detail));

/* vectors.c */
int cmd_vectors(void);

#endif
