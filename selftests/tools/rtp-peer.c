// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * rtp-peer: the ksrtp selftests' RTP/SRTP peer. It sends deterministic
 * RTP/RTCP (plain or protected by libsrtp2), receives and checks it byte
 * for byte, and checks libsrtp2 itself against known answers.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "rtp-peer.h"

enum cmd { CMD_SEND = 1, CMD_RECV = 2, CMD_GEN = 4, CMD_VECTORS = 8 };

enum opt {
	O_HELP = 'h',
	O_LOCAL = 256, O_REMOTE, O_SSRC, O_COUNT, O_SEQ_START, O_SEQ,
	O_PAYLOAD_LEN, O_PT, O_CSRC, O_EXT, O_PADDING, O_INTERVAL_US, O_RTCP,
	O_SRTP, O_KEY_FILE, O_ROC, O_WINDOW, O_FLIP, O_TRUNCATE, O_APPEND,
	O_DUPLICATE, O_RAW_HEX, O_TIMEOUT_MS, O_LINGER_MS, O_EXPECT_NONE,
	O_PRINT_HEX, O_RAW_EXPECT, O_READY_FILE, O_DROP, O_DROP_EVERY, O_ORDER,
	O_SWAP_PAIRS, O_RTP_SEC_SERV, O_RTCP_SEC_SERV,
	/* keys.c, in the order of enum key_opt */
	O_MKI, O_KEY2_FILE, O_MKI2, O_KEY3_FILE, O_MKI3, O_SWITCH_AT,
	/* RFC 9335 (rtp-peer-cx) and RFC 8285's two-byte form */
	O_CRYPTEX, O_EXT_TWO_BYTE, O_EXT_ELEMS, O_ENC_EXT_IDS,
};

static const struct option longopts[] = {
	{ "help",	 no_argument,	    NULL, O_HELP },
	{ "local",	 required_argument, NULL, O_LOCAL },
	{ "remote",	 required_argument, NULL, O_REMOTE },
	{ "ssrc",	 required_argument, NULL, O_SSRC },
	{ "count",	 required_argument, NULL, O_COUNT },
	{ "seq-start",	 required_argument, NULL, O_SEQ_START },
	{ "seq",	 required_argument, NULL, O_SEQ },
	{ "payload-len", required_argument, NULL, O_PAYLOAD_LEN },
	{ "pt",		 required_argument, NULL, O_PT },
	{ "csrc",	 required_argument, NULL, O_CSRC },
	{ "ext",	 required_argument, NULL, O_EXT },
	{ "padding",	 required_argument, NULL, O_PADDING },
	{ "interval-us", required_argument, NULL, O_INTERVAL_US },
	{ "rtcp",	 no_argument,	    NULL, O_RTCP },
	{ "srtp",	 required_argument, NULL, O_SRTP },
	{ "key-file",	 required_argument, NULL, O_KEY_FILE },
	{ "roc",	 required_argument, NULL, O_ROC },
	{ "window",	 required_argument, NULL, O_WINDOW },
	{ "flip",	 required_argument, NULL, O_FLIP },
	{ "truncate",	 required_argument, NULL, O_TRUNCATE },
	{ "append",	 required_argument, NULL, O_APPEND },
	{ "duplicate",	 no_argument,	    NULL, O_DUPLICATE },
	{ "raw-hex",	 required_argument, NULL, O_RAW_HEX },
	{ "timeout-ms",	 required_argument, NULL, O_TIMEOUT_MS },
	{ "linger-ms",	 required_argument, NULL, O_LINGER_MS },
	{ "expect-none", no_argument,	    NULL, O_EXPECT_NONE },
	{ "print-hex",	 no_argument,	    NULL, O_PRINT_HEX },
	{ "raw-expect",	 required_argument, NULL, O_RAW_EXPECT },
	{ "ready-file",	 required_argument, NULL, O_READY_FILE },
	{ "mki",	 required_argument, NULL, O_MKI },
	{ "key2-file",	 required_argument, NULL, O_KEY2_FILE },
	{ "mki2",	 required_argument, NULL, O_MKI2 },
	{ "key3-file",	 required_argument, NULL, O_KEY3_FILE },
	{ "mki3",	 required_argument, NULL, O_MKI3 },
	{ "switch-at",	 required_argument, NULL, O_SWITCH_AT },
	{ "drop",	 required_argument, NULL, O_DROP },
	{ "drop-every",	 required_argument, NULL, O_DROP_EVERY },
	{ "order",	 required_argument, NULL, O_ORDER },
	{ "swap-pairs",	 no_argument,	    NULL, O_SWAP_PAIRS },
	{ "rtp-sec-serv", required_argument, NULL, O_RTP_SEC_SERV },
	{ "rtcp-sec-serv", required_argument, NULL, O_RTCP_SEC_SERV },
	{ "cryptex",	 no_argument,	    NULL, O_CRYPTEX },
	{ "ext-two-byte", no_argument,	    NULL, O_EXT_TWO_BYTE },
	{ "ext-elems",	 required_argument, NULL, O_EXT_ELEMS },
	{ "enc-ext-ids", required_argument, NULL, O_ENC_EXT_IDS },
	{ NULL, 0, NULL, 0 },
};

/* Which commands accept each option. */
static unsigned int opt_cmds(int o)
{
	const unsigned int SR = CMD_SEND | CMD_RECV;
	const unsigned int SRG = SR | CMD_GEN;

	switch (o) {
	case O_LOCAL: case O_SRTP: case O_KEY_FILE: case O_ROC: case O_WINDOW:
	case O_MKI: case O_KEY2_FILE: case O_MKI2: case O_KEY3_FILE:
	case O_MKI3: case O_SWITCH_AT:
	case O_DROP: case O_DROP_EVERY: case O_CRYPTEX:
	case O_RTP_SEC_SERV: case O_RTCP_SEC_SERV: case O_ENC_EXT_IDS:
		return SR;
	case O_SSRC: case O_COUNT: case O_SEQ_START: case O_PAYLOAD_LEN:
	case O_PT: case O_CSRC: case O_EXT: case O_PADDING: case O_RTCP:
	case O_EXT_TWO_BYTE: case O_EXT_ELEMS:
		return SRG;
	case O_SEQ:
		return CMD_GEN;
	case O_REMOTE: case O_INTERVAL_US: case O_FLIP: case O_TRUNCATE:
	case O_APPEND: case O_DUPLICATE: case O_RAW_HEX: case O_ORDER:
	case O_SWAP_PAIRS:
		return CMD_SEND;
	case O_TIMEOUT_MS: case O_LINGER_MS: case O_EXPECT_NONE:
	case O_PRINT_HEX: case O_RAW_EXPECT: case O_READY_FILE:
		return CMD_RECV;
	default:
		return 0;
	}
}

static const char usage_text[] =
"usage: rtp-peer send    --remote ADDR:PORT [--local ADDR:PORT] --ssrc SSRC\n"
"                        --count N [packet options] [--interval-us U]\n"
"                        [--srtp SUITE --key-file F [--roc R] [--window W]\n"
"                         [key options]]\n"
"                        [--flip BYTE:BIT]... [--truncate K] [--append K]\n"
"                        [--duplicate] [--drop LIST]... [--drop-every K]\n"
"                        [--order LIST]... | [--swap-pairs]\n"
"       rtp-peer send    --remote ADDR:PORT [--local ADDR:PORT] --raw-hex HEX\n"
"       rtp-peer recv    --local ADDR:PORT --count N [packet options]\n"
"                        [--ssrc SSRC] [--timeout-ms T] [--linger-ms T]\n"
"                        [--srtp SUITE --key-file F [--roc R] [--window W]\n"
"                         [key options]]\n"
"                        [--drop LIST]... [--drop-every K]\n"
"                        [--expect-none] [--print-hex]\n"
"       rtp-peer recv    --local ADDR:PORT --raw-expect HEX [--count N] ...\n"
"       rtp-peer gen     --ssrc SSRC --seq Q [--count N] [packet options]\n"
"       rtp-peer vectors\n"
"\n"
"Addresses: 192.0.2.1:5000 or [2001:db8::1]:5000. Numbers: decimal or 0x hex.\n"
"\n"
"Packet options (send, recv and gen must agree):\n"
"  --seq-start S     first RTP sequence number (0..65535), or with --rtcp\n"
"                    the first RTCP index n; default 0\n"
"  --payload-len L   RTP payload bytes, default 160 (0 allowed)\n"
"  --pt PT           RTP payload type, default 96\n"
"  --csrc N          N CSRCs (0..15), values 0x11110000+i\n"
"  --ext N           header extension 0xBEDE with N 32-bit words (0..255)\n"
"  --ext-two-byte    with --ext: the two-byte form, profile 0x1000; word i\n"
"                    is one element: ID (i%14)+1, L=2, seq+3i+0x40, +0x41\n"
"  --ext-elems ID:LEN[,ID:LEN]...\n"
"                    instead of --ext: an extension of these elements (up\n"
"                    to 16; one-byte form ID 1..15, LEN 1..16; with\n"
"                    --ext-two-byte ID 1..255, LEN 0..255), in order, then\n"
"                    zero padding to 32 bits; byte j of element k is\n"
"                    seq+0x40+16k+j\n"
"  --padding N       P bit and N padding bytes (1..255), last byte N\n"
"  --rtcp            RTCP instead of RTP: SR + report block + SDES CNAME,\n"
"                    80 bytes, determined by (ssrc, n); n is carried in\n"
"                    the SR's sender packet count\n"
"RTP packet (ssrc, seq): V=2 P X CC, M=0, PT, seq, timestamp seq*160, ssrc,\n"
"CSRCs, extension (word i: ID (i%14)+1, L=2, bytes seq+3i+0x40, +0x41, +0x42),\n"
"payload byte i = (seq*7 + i*13 + (ssrc & 0xff)) & 0xff, padding (zeros, N).\n"
"--csrc/--ext/--padding/--payload-len/--pt apply to RTP only.\n"
"\n"
"Key options (send and recv, with --srtp; all keys of the one suite):\n"
"  --mki HEX         the MKI of --key-file's key: 1..4 bytes in hex (0x01,\n"
"                    0a0b). Packets then carry it: in front of the HMAC-SHA1\n"
"                    tag (SRTCP: after E+index; RFC 3711 3.1, 3.4), or last\n"
"                    with GCM (after the GCM tag, SRTCP: after the tag and\n"
"                    E+index; RFC 7714 8.2, 9.2)\n"
"  --key2-file F --mki2 HEX, --key3-file F --mki3 HEX\n"
"                    more keys; with --mki each needs its MKI (one length)\n"
"  --switch-at N[,M] packets 0..N-1 (counted from --seq-start; RTCP: from n\n"
"                    = S) are under key 1, from N on key 2 (from M on key 3)\n"
"  With --mki one libsrtp session holds every key: send names the key of\n"
"  each packet by its MKI (key 1 unless --switch-at says otherwise), recv\n"
"  takes a packet under whichever key its MKI names and, with --switch-at,\n"
"  checks that it is the key for its seq (RTCP: n).\n"
"  Without --mki, --key2-file needs --switch-at: a rekey. Send protects\n"
"  packets from N on with a new libsrtp session under key 2, whose ROC is\n"
"  that of packet N and whose SRTCP index goes on (RTCP packet N carries\n"
"  index N+1, as without a switch).\n"
"  recv tries each key and checks that packets from N on came under key 2;\n"
"  it needs --ssrc if the ROC at the switch is not 0.\n"
"  --rtp-sec-serv S, --rtcp-sec-serv S\n"
"                    libsrtp2's sec_serv of SRTP (SRTCP): conf_and_auth\n"
"                    (default), auth (RFC 4568 UNENCRYPTED_SRTP; SRTCP:\n"
"                    UNENCRYPTED_SRTCP, E = 0), conf (UNAUTHENTICATED_SRTP:\n"
"                    no SRTP tag), none (both; SRTP only). Not with GCM.\n"
"  With several keys, recv prints \"by-key: 1=<ok> 2=<ok>...\" (the good\n"
"  packets under each key) on the line before the summary.\n"
"\n"
"send:\n"
"  --interval-us U   pause between packets, default 100\n"
"  --srtp SUITE      protect with libsrtp2 (SSRC-specific outbound stream)\n"
"  --key-file F      master key||salt: hex, or inline:BASE64[|lifetime]\n"
"  --roc R           initial rollover counter (srtp_set_stream_roc)\n"
"  --window W        replay window, default 128\n"
"  --enc-ext-ids LIST  RFC 6904: libsrtp2 encrypts (send) or decrypts (recv)\n"
"                    the data of the header extension elements of these\n"
"                    IDs (1..255, comma separated; policy.enc_xtn_hdr)\n"
"  --cryptex         RFC 9335 on the SRTP stream (send and recv, with --srtp;\n"
"                    rtp-peer-cx only: the build against libsrtp2 >= 2.8,\n"
"                    srtp_set_stream_use_cryptex; not with key options).\n"
"                    libsrtp2 refuses to send CSRCs without an extension;\n"
"                    it keeps the empty one a cryptex sender adds (recv\n"
"                    then expects --ext 0)\n"
"  --flip BYTE:BIT   flip bit BIT (0 = least significant) of byte BYTE of each\n"
"                    datagram after protection; BYTE < 0 counts from the\n"
"                    end (-1 is the last byte); may be repeated\n"
"  --truncate K      then remove K bytes from the end\n"
"  --append K        then append K zero bytes\n"
"  --duplicate       send every datagram twice back to back (protected once)\n"
"  --raw-hex HEX     send exactly this datagram once, nothing else\n"
"  Loss and reordering of the datagrams as sent: with --srtp after\n"
"  protection (libsrtp protects every packet in order, as the sending\n"
"  application would, then the network loses or reorders them); without,\n"
"  the plain packets themselves are skipped or reordered. LIST: packet\n"
"  numbers (RTP seq, RTCP n) and ranges A-B, comma separated; RTP ranges\n"
"  may wrap (65534-1 is 65534, 65535, 0, 1):\n"
"  --drop LIST       do not send these packets; may be repeated\n"
"  --drop-every K    do not send every K-th packet (K >= 2): packets\n"
"                    K-1, 2K-1, ... counted from 0 at --seq-start\n"
"  --order LIST      send the listed packets first, in the listed order,\n"
"                    then the others in their own order; each must be a\n"
"                    packet of the stream, listed once; may be repeated\n"
"  --swap-pairs      send packets 1, 0, 3, 2, 5, 4, ... (counted from 0 at\n"
"                    --seq-start; with an odd --count the last stays)\n"
"  --order and --swap-pairs need --count <= 65536 and exclude each other;\n"
"  dropped packets are not sent wherever they are listed.\n"
"  libsrtp numbers SRTCP from 1: the i-th RTCP packet (from 0) carries\n"
"  SRTCP index i+1. Exit 0 when every datagram was sent, 1 if a send or\n"
"  protect failed.\n"
"\n"
"recv:\n"
"  --count N         expected packets (required unless --expect-none)\n"
"  --ssrc SSRC       expected SSRC; with --srtp an SSRC-specific inbound\n"
"                    stream (else ssrc_any_inbound); any SSRC if omitted\n"
"  --timeout-ms T    give up T ms after the last datagram, default 5000\n"
"                    (the first datagram is awaited for 30 s, or T if longer);\n"
"                    KSRTP_TIMEOUT_SCALE=K in the environment makes it K*T\n"
"  --linger-ms T     after N good packets keep listening T ms for extras\n"
"  --srtp/--key-file/--roc/--window as for send (--roc needs --ssrc)\n"
"  --expect-none     listen for the whole timeout; succeed iff nothing came\n"
"  --print-hex       print each datagram as received (before unprotect),\n"
"                    in hex, one per line, before the summary\n"
"  --raw-expect HEX  compare datagrams with HEX instead (N defaults to 1)\n"
"  --drop, --drop-every  as for send: those packets are not expected, and\n"
"                    are bad if they arrive\n"
"  --ready-file F    create file F once the socket is bound (for scripts)\n"
"  Every datagram is judged: RTP/RTCP (V=2) of the expected kind must, after\n"
"  unprotect, be byte-identical to the packet regenerated for its seq (RTCP:\n"
"  its n), with seq/n in [S, S+N) and not seen before; anything else of V=2\n"
"  is bad, and datagrams that are not RTP/RTCP are unexpected. Prints\n"
"    received=<datagrams> ok=<identical> bad=<other> unexpected=<not rtp/rtcp>\n"
"  and exits 0 iff ok == N and bad == 0 (--expect-none: iff received == 0);\n"
"  with --drop/--drop-every, N less the dropped packets.\n"
"\n"
"gen: print the plain packets for seq Q.. (RTCP: n = Q..) as hex lines.\n"
"vectors: check libsrtp2 against known answers; exit 0 iff all PASS.\n"
"\n"
"Exit status 2: bad usage, key file, socket or libsrtp setup.\n"
"Keys are never printed. AES_192 suites derive keys as RFC 6188 says even\n"
"where libsrtp2 does not (cisco/libsrtp#763); 'vectors' shows which.\n"
"\n"
"Suites:\n";

static void usage(FILE *f)
{
	fputs(usage_text, f);
	suite_list(f);
}

static int bad_arg(const char *opt, const char *val)
{
	fprintf(stderr, "rtp-peer: invalid --%s '%s'\n", opt, val);
	return -1;
}

static int raw_arg(struct args *a, const char *opt, const char *val)
{
	size_t cap = strlen(val) / 2 + 1;

	free(a->raw);
	a->raw = malloc(cap);
	if (!a->raw || hex_decode(val, a->raw, cap, &a->raw_len) ||
	    a->raw_len == 0 || a->raw_len > PKT_MAX)
		return bad_arg(opt, val);
	return 0;
}

static int flip_arg(struct args *a, const char *val)
{
	char byte[32];
	const char *colon = strchr(val, ':');
	uint32_t bit;
	size_t n;

	if (a->nflips == MAX_FLIPS) {
		fprintf(stderr, "rtp-peer: at most %d --flip\n", MAX_FLIPS);
		return -1;
	}
	if (!colon || (n = colon - val) >= sizeof(byte))
		return bad_arg("flip", val);
	memcpy(byte, val, n);
	byte[n] = '\0';
	if (parse_i32(byte, -PKT_MAX, PKT_MAX - 1, &a->flips[a->nflips].byte) ||
	    parse_u32(colon + 1, 7, &bit))
		return bad_arg("flip", val);
	a->flips[a->nflips++].bit = (uint8_t)bit;
	return 0;
}

static int parse_opt(struct args *a, int o, const char *name, const char *v,
		     bool *seen_seq)
{
	uint32_t u;

	switch (o) {
	case O_LOCAL:
		if (endpoint_parse(v, &a->local))
			return bad_arg(name, v);
		a->have_local = true;
		return 0;
	case O_REMOTE:
		if (endpoint_parse(v, &a->remote))
			return bad_arg(name, v);
		a->have_remote = true;
		return 0;
	case O_SSRC:
		if (parse_u32(v, UINT32_MAX, &a->ssrc))
			return bad_arg(name, v);
		a->have_ssrc = true;
		return 0;
	case O_COUNT:
		if (parse_u32(v, UINT32_MAX, &a->count))
			return bad_arg(name, v);
		a->have_count = true;
		return 0;
	case O_SEQ:
	case O_SEQ_START:
		if (parse_u32(v, UINT32_MAX, &a->seq_start))
			return bad_arg(name, v);
		*seen_seq = true;
		return 0;
	case O_PAYLOAD_LEN:
		if (parse_u32(v, PKT_MAX, &u))
			return bad_arg(name, v);
		a->po.payload_len = u;
		return 0;
	case O_PT:
		if (parse_u32(v, 127, &u))
			return bad_arg(name, v);
		a->po.pt = (uint8_t)u;
		return 0;
	case O_CSRC:
		if (parse_u32(v, 15, &u))
			return bad_arg(name, v);
		a->po.csrc = (int)u;
		return 0;
	case O_EXT:
		if (parse_u32(v, 255, &u))
			return bad_arg(name, v);
		a->po.ext = (int)u;
		return 0;
	case O_PADDING:
		if (parse_u32(v, 255, &u) || u == 0)
			return bad_arg(name, v);
		a->po.padding = (int)u;
		return 0;
	case O_INTERVAL_US:
		return parse_u32(v, 60000000, &a->interval_us) ?
			bad_arg(name, v) : 0;
	case O_RTCP:
		a->rtcp = true;
		return 0;
	case O_SRTP:
		a->suite = suite_find(v);
		if (!a->suite) {
			fprintf(stderr, "rtp-peer: unknown suite '%s'\n", v);
			return -1;
		}
		return 0;
	case O_KEY_FILE:
		a->key_file = v;
		return 0;
	case O_ROC:
		if (parse_u32(v, UINT32_MAX, &a->roc))
			return bad_arg(name, v);
		a->have_roc = true;
		return 0;
	case O_WINDOW:
		return parse_u32(v, 0x7fff, &a->window) || a->window < 64 ?
			bad_arg(name, v) : 0;
	case O_FLIP:
		return flip_arg(a, v);
	case O_TRUNCATE:
		return parse_u32(v, PKT_MAX, &a->truncate) ? bad_arg(name, v) : 0;
	case O_APPEND:
		return parse_u32(v, PKT_MAX, &a->append) ? bad_arg(name, v) : 0;
	case O_DUPLICATE:
		a->duplicate = true;
		return 0;
	case O_RAW_HEX:
	case O_RAW_EXPECT:
		return raw_arg(a, name, v);
	case O_TIMEOUT_MS:
		return parse_u32(v, 86400000, &a->timeout_ms) ?
			bad_arg(name, v) : 0;
	case O_LINGER_MS:
		return parse_u32(v, 86400000, &a->linger_ms) ?
			bad_arg(name, v) : 0;
	case O_EXPECT_NONE:
		a->expect_none = true;
		return 0;
	case O_PRINT_HEX:
		a->print_hex = true;
		return 0;
	case O_READY_FILE:
		a->ready_file = v;
		return 0;
	case O_MKI: case O_KEY2_FILE: case O_MKI2: case O_KEY3_FILE:
	case O_MKI3: case O_SWITCH_AT:
		return key_opt_parse(&a->ko, (enum key_opt)(o - O_MKI), v) ?
			bad_arg(name, v) : 0;
	case O_DROP:
		return ranges_parse(v, a->drops, MAX_RANGES, &a->ndrops) ?
			bad_arg(name, v) : 0;
	case O_DROP_EVERY:
		return parse_u32(v, UINT32_MAX, &a->drop_every) ||
		       a->drop_every < 2 ? bad_arg(name, v) : 0;
	case O_ORDER:
		return ranges_parse(v, a->order, MAX_RANGES, &a->norder) ?
			bad_arg(name, v) : 0;
	case O_SWAP_PAIRS:
		a->swap_pairs = true;
		return 0;
	case O_RTP_SEC_SERV: case O_RTCP_SEC_SERV:
		return sec_serv_parse(o == O_RTCP_SEC_SERV, v) ?
			bad_arg(name, v) : 0;
	case O_CRYPTEX:
#ifdef RTP_PEER_CRYPTEX
		a->cryptex = true;
		return 0;
#else
		fprintf(stderr,
			"rtp-peer: --cryptex needs rtp-peer-cx (libsrtp2 >= 2.8)\n");
		return -1;
#endif
	case O_EXT_TWO_BYTE:
		a->po.ext_two_byte = true;
		return 0;
	case O_EXT_ELEMS:
		return ext_elems_parse(&a->po, v) ? bad_arg(name, v) : 0;
	case O_ENC_EXT_IDS:
		return enc_ext_ids_parse(v) ? bad_arg(name, v) : 0;
	}
	return -1;
}

static int need(bool cond, const char *msg)
{
	if (!cond)
		fprintf(stderr, "rtp-peer: %s\n", msg);
	return cond ? 0 : -1;
}

/* Cross-option rules, once everything is parsed. */
static int validate(struct args *a, enum cmd cmd, bool seen_seq)
{
	bool raw = a->raw != NULL;

	if (need(!a->po.nelems || a->po.ext < 0,
		 "--ext-elems and --ext exclude each other") ||
	    need(!ext_elems_words(&a->po),
		 "--ext-elems: one-byte elements are ID 1..15, 1..16 bytes"))
		return -1;
	if (need(!a->po.ext_two_byte || a->po.ext >= 0,
		 "--ext-two-byte needs --ext or --ext-elems"))
		return -1;
	if (cmd == CMD_GEN)
		return need(a->have_ssrc, "gen needs --ssrc") ||
		       need(seen_seq, "gen needs --seq") ||
		       need(a->count >= 1, "--count must be at least 1") ||
		       need(a->rtcp || a->seq_start <= 0xffff,
			    "--seq must be 0..65535 for RTP") ||
		       need(rtp_len(&a->po) <= PKT_MAX, "packet too large");

	if (need(!a->suite == !a->key_file,
		 "--srtp and --key-file go together") ||
	    need(!a->have_roc || a->suite, "--roc needs --srtp") ||
	    need(a->rtcp || a->seq_start <= 0xffff,
		 "--seq-start must be 0..65535 for RTP") ||
	    need(rtp_len(&a->po) <= PKT_MAX, "packet too large") ||
	    need(!a->cryptex || a->suite, "--cryptex needs --srtp") ||
	    need(!a->cryptex || (!a->ko.mki_len[0] && !a->ko.file[1]),
		 "--cryptex takes no key options") ||
	    key_opts_check(a, cmd == CMD_RECV) ||
	    sec_serv_check(a->suite, a->ko.mki_len[0] != 0) ||
	    ranges_check(a))
		return -1;

	if (cmd == CMD_SEND) {
		if (need(a->have_remote, "send needs --remote") ||
		    need(!a->have_local ||
			 a->local.ss.ss_family == a->remote.ss.ss_family,
			 "--local and --remote must be of one address family"))
			return -1;
		if (raw)
			return need(!a->suite && !a->have_ssrc && !a->have_count &&
				    !a->nflips && !a->truncate && !a->append &&
				    !a->duplicate && !a->ndrops && !a->drop_every &&
				    !a->norder && !a->swap_pairs,
				    "--raw-hex takes no generation, SRTP or mutation options");
		return need(a->have_ssrc, "send needs --ssrc") ||
		       need(a->have_count, "send needs --count") ||
		       need(!a->norder || !a->swap_pairs,
			    "--order and --swap-pairs exclude each other") ||
		       need((!a->norder && !a->swap_pairs) || a->count <= 65536,
			    "--order and --swap-pairs need --count <= 65536");
	}

	/* recv */
	if (need(a->have_local, "recv needs --local") ||
	    need(!a->have_roc || a->have_ssrc, "--roc needs --ssrc"))
		return -1;
	if (raw) {
		if (!a->have_count)
			a->count = 1;
		return need(!a->suite && !a->expect_none && !a->ndrops &&
			    !a->drop_every,
			    "--raw-expect takes no --srtp, --expect-none or --drop");
	}
	if (a->expect_none) {
		if (!a->have_count)
			a->count = 0;
		return 0;
	}
	return need(a->have_count && a->count >= 1,
		    "recv needs --count N (N >= 1)");
}

int main(int argc, char **argv)
{
	struct args a;
	enum cmd cmd;
	bool seen_seq = false, use_srtp;
	const char *name;
	int o, idx, ret = EXIT_USAGE;
	srtp_err_status_t st;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	name = argv[1];
	if (!strcmp(name, "send"))
		cmd = CMD_SEND;
	else if (!strcmp(name, "recv"))
		cmd = CMD_RECV;
	else if (!strcmp(name, "gen"))
		cmd = CMD_GEN;
	else if (!strcmp(name, "vectors"))
		cmd = CMD_VECTORS;
	else {
		fprintf(stderr, "rtp-peer: unknown command '%s' (try -h)\n", name);
		return EXIT_USAGE;
	}

	memset(&a, 0, sizeof(a));
	a.po.pt = RTP_PT_DEFAULT;
	a.po.ext = -1;
	a.po.payload_len = PAYLOAD_LEN_DEFAULT;
	a.interval_us = 100;
	a.window = WINDOW_DEFAULT;
	a.timeout_ms = 5000;
	a.count = 1;

	optind = 2;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "h", longopts, &idx)) != -1) {
		if (o == O_HELP) {
			usage(stdout);
			ret = EXIT_OK;
			goto out;
		}
		if (o == '?' || o == ':') {
			fprintf(stderr, "rtp-peer %s: bad option '%s' (try -h)\n",
				name, argv[optind - 1]);
			goto out;
		}
		if (!(opt_cmds(o) & cmd)) {
			fprintf(stderr, "rtp-peer %s: --%s does not apply\n",
				name, longopts[idx].name);
			goto out;
		}
		if (parse_opt(&a, o, longopts[idx].name, optarg, &seen_seq))
			goto out;
	}
	if (optind < argc) {
		fprintf(stderr, "rtp-peer %s: unexpected argument '%s'\n", name,
			argv[optind]);
		goto out;
	}
	if (!a.have_count && cmd != CMD_GEN)
		a.count = 0;
	if (cmd != CMD_VECTORS && validate(&a, cmd, seen_seq))
		goto out;

	if (cmd == CMD_GEN) {
		uint8_t *buf = malloc(BUF_MAX);
		uint32_t i;

		if (!buf)
			goto out;
		for (i = 0; i < a.count; i++) {
			size_t len = a.rtcp ?
				rtcp_build(buf, a.ssrc, a.seq_start + i) :
				rtp_build(buf, a.ssrc,
					  (uint16_t)(a.seq_start + i), &a.po);
			hex_print(stdout, buf, len);
		}
		free(buf);
		ret = EXIT_OK;
		goto out;
	}

	/* Plain RTP (no --srtp) needs nothing of libsrtp. */
	use_srtp = cmd == CMD_VECTORS || a.suite;
	if (use_srtp) {
		hold_nss();
		st = srtp_init();
		if (st) {
			fprintf(stderr, "rtp-peer: srtp_init: %s\n",
				srtp_status_str(st));
			goto out;
		}
		if (a.cryptex && cryptex_init())
			goto out_srtp;
	}
	if (cmd == CMD_VECTORS)
		ret = cmd_vectors();
	else if (cmd == CMD_SEND)
		ret = cmd_send(&a);
	else
		ret = cmd_recv(&a);
out_srtp:
	if (use_srtp)
		srtp_shutdown();
out:
	free(a.raw);
	if (fflush(stdout) && ret == EXIT_OK)
		ret = EXIT_FAIL;
	return ret;
}
