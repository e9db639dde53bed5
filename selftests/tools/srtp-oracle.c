// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * srtp-oracle: one libsrtp2 receiver, driven over stdin/stdout, so that a
 * test can ask the reference library what it accepts (selftests/tools/
 * frames.py fuzz: every datagram a protected socket gets must be one that
 * this receiver accepted).
 *
 * usage: srtp-oracle SUITE SSRC
 *
 * The receiver has SUITE's policy for SSRC (ssrc_specific) and a replay
 * window of 128, as ksrtp's. Every message, both ways, is a 4-byte
 * big-endian length and that many bytes. The first message read is the
 * master key || salt (on stdin, never on the command line). Each later
 * one is a UDP payload as the stack would deliver it: it goes to
 * srtp_unprotect_rtcp() if its second byte is 192..223 (RFC 5761, as an
 * application that multiplexes RTP and RTCP tells them apart) and to
 * srtp_unprotect() otherwise, on this one receiver. The answer is one
 * status byte (srtp_err_status_t, 0 = accepted) and, when accepted, the
 * plaintext as a message. libsrtp2 changes a stream's state (replay
 * window, ROC) only for a packet it accepts, so a rejected one leaves the
 * receiver as it was.
 *
 * Exit: 0 at the end of stdin, 2 on bad arguments, key or I/O.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rtp-peer.h"

static int read_all(uint8_t *p, size_t n)
{
	ssize_t r;

	while (n) {
		r = read(STDIN_FILENO, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= r;
	}
	return 0;
}

static int write_all(const uint8_t *p, size_t n)
{
	ssize_t r;

	while (n) {
		r = write(STDOUT_FILENO, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= r;
	}
	return 0;
}

/* One message into buf (cap bytes); its length, -1 at EOF, -2 if too long. */
static long read_msg(uint8_t *buf, size_t cap)
{
	uint8_t h[4];
	uint32_t n;

	if (read_all(h, 4))
		return -1;
	n = (uint32_t)h[0] << 24 | h[1] << 16 | h[2] << 8 | h[3];
	if (n > cap)
		return -2;
	if (read_all(buf, n))
		return -2;
	return n;
}

static int answer(uint8_t status, const uint8_t *p, uint32_t n)
{
	uint8_t h[5] = { status, n >> 24, n >> 16, n >> 8, n };

	if (status)
		return write_all(h, 1);
	return write_all(h, 5) || write_all(p, n);
}

int main(int argc, char **argv)
{
	uint8_t key[SRTP_MAX_KEY_LEN], *buf;
	const struct suite *s;
	srtp_err_status_t st;
	srtp_t session;
	uint32_t ssrc;
	long n;
	int len;

	if (argc != 3 || !(s = suite_find(argv[1])) ||
	    parse_u32(argv[2], UINT32_MAX, &ssrc)) {
		fprintf(stderr, "usage: srtp-oracle SUITE SSRC (key on stdin)\n");
		return EXIT_USAGE;
	}
	buf = malloc(BUF_MAX);
	if (!buf)
		return EXIT_USAGE;
	n = read_msg(key, sizeof(key));
	if (n < 0) {
		fprintf(stderr, "srtp-oracle: no key on stdin\n");
		return EXIT_USAGE;
	}
	hold_nss();
	st = srtp_init();
	if (st) {
		fprintf(stderr, "srtp-oracle: srtp_init: %s\n",
			srtp_status_str(st));
		return EXIT_USAGE;
	}
	if (session_create(&session, s, key, n, false, true, ssrc,
			   WINDOW_DEFAULT))
		return EXIT_USAGE;
	wipe(key, sizeof(key));

	while ((n = read_msg(buf, PKT_MAX)) >= 0) {
		len = n;
		if (len >= 2 && buf[1] >= 192 && buf[1] <= 223)
			st = srtp_unprotect_rtcp(session, buf, &len);
		else
			st = srtp_unprotect(session, buf, &len);
		if (answer(st, buf, len))
			return EXIT_USAGE;
	}
	srtp_dealloc(session);
	srtp_shutdown();
	free(buf);
	return n == -1 ? EXIT_OK : EXIT_USAGE;
}
