// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ctx-install: install many ksrtp contexts through libksrtp and report the
 * rate (ksrtp's benchmark, selftests/bench/run.sh).
 *
 *   ctx-install COUNT SUITE LOCAL REMOTE SSRC_BASE [out|in]
 *
 * Installs COUNT contexts of SUITE, one library call (one netlink request
 * and its ack) each: direction out (default) or in, local LOCAL
 * (A.B.C.D:PORT), remote REMOTE with its port raised by i % 20000, SSRC
 * SSRC_BASE + i, each with its own random key. Prints
 * "contexts N secs T per-sec R".
 *
 * A library batch call does not exist yet; when it does, this is the place
 * to measure it next to the single call.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ksrtp.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* xorshift64*: throw-away keys for a benchmark, not for use. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 2685821657736338717ULL;
}

static void fill(uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(rnd() >> 56);
}

int main(int argc, char **argv)
{
	struct ksrtp_ctx_params p;
	struct ksrtp_handle *h;
	unsigned long count, i;
	uint32_t ssrc_base;
	uint16_t rport;
	double t0, t;
	int suite, r;

	if (argc < 6) {
		fprintf(stderr, "usage: ctx-install COUNT SUITE LOCAL REMOTE SSRC_BASE [out|in]\n");
		return 2;
	}
	count = strtoul(argv[1], NULL, 0);
	suite = ksrtp_suite_from_name(argv[2]);
	if (suite <= 0) {
		fprintf(stderr, "ctx-install: unknown suite %s\n", argv[2]);
		return 2;
	}
	memset(&p, 0, sizeof(p));
	p.tuple.direction = argc > 6 && !strcmp(argv[6], "in") ?
		KSRTP_DIR_INBOUND : KSRTP_DIR_OUTBOUND;
	if (ksrtp_parse_sockaddr(argv[3], &p.tuple.local) ||
	    ksrtp_parse_sockaddr(argv[4], &p.tuple.remote)) {
		fprintf(stderr, "ctx-install: bad address\n");
		return 2;
	}
	ssrc_base = (uint32_t)strtoul(argv[5], NULL, 0);
	rport = ntohs(p.tuple.remote.sin.sin_port);
	p.suite = (enum ksrtp_suite)suite;
	p.key_len = (size_t)ksrtp_suite_key_len(p.suite);
	p.salt_len = (size_t)ksrtp_suite_salt_len(p.suite);
	rnd_state ^= (uint64_t)time(NULL);

	h = ksrtp_open();
	if (!h) {
		perror("ctx-install: ksrtp_open");
		return 3;
	}
	t0 = now();
	for (i = 0; i < count; i++) {
		p.tuple.ssrc = ssrc_base + (uint32_t)i;
		if (p.tuple.remote.sa.sa_family == AF_INET)
			p.tuple.remote.sin.sin_port = htons((uint16_t)(rport + i % 20000));
		else
			p.tuple.remote.sin6.sin6_port = htons((uint16_t)(rport + i % 20000));
		fill(p.key, p.key_len);
		fill(p.salt, p.salt_len);
		r = ksrtp_ctx_add(h, &p, NULL);
		if (r) {
			fprintf(stderr, "ctx-install: context %lu: %s %s\n", i,
				strerror(-r), ksrtp_errmsg(h));
			break;
		}
	}
	t = now() - t0;
	memset(&p, 0, sizeof(p));
	printf("contexts %lu secs %.3f per-sec %.0f\n", i, t, t > 0 ? (double)i / t : 0);
	ksrtp_close(h);
	return i == count ? 0 : 1;
}
