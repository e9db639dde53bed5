// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ctx-install: install many ksrtp contexts through libksrtp and report the
 * rate (ksrtp's benchmark, selftests/bench/run.sh).
 *
 *   ctx-install [-b] COUNT SUITE LOCAL REMOTE SSRC_BASE [out|in]
 *
 * Installs COUNT contexts of SUITE, one library call (one netlink request
 * and its ack) each, or with -b through the library's batch call
 * (ksrtp_ctx_add_batch(), BATCH contexts a call) where the library has one
 * (exit status 4 where it does not): direction out (default) or in, local LOCAL
 * (A.B.C.D:PORT), remote REMOTE with its port raised by i % 20000, SSRC
 * SSRC_BASE + i, each with its own random key. Prints
 * "contexts N secs T per-sec R".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ksrtp.h"

/* The batch call came with KSRTP_BATCH_ERRMSG_LEN (branch "tools"). */
#ifdef KSRTP_BATCH_ERRMSG_LEN
#define HAVE_BATCH 1
#else
#define HAVE_BATCH 0
#endif
#define BATCH 1024

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

/* Context i of the run: its SSRC, remote port and a fresh key. */
static void next_ctx(struct ksrtp_ctx_params *p, uint32_t ssrc_base,
		     uint16_t rport, unsigned long i)
{
	p->tuple.ssrc = ssrc_base + (uint32_t)i;
	if (p->tuple.remote.sa.sa_family == AF_INET)
		p->tuple.remote.sin.sin_port = htons((uint16_t)(rport + i % 20000));
	else
		p->tuple.remote.sin6.sin6_port = htons((uint16_t)(rport + i % 20000));
	fill(p->key, p->key_len);
	fill(p->salt, p->salt_len);
}

#if HAVE_BATCH
static unsigned long add_batch(struct ksrtp_handle *h, const struct ksrtp_ctx_params *tmpl,
			       uint32_t ssrc_base, uint16_t rport, unsigned long count)
{
	static struct ksrtp_ctx_params ps[BATCH];
	static struct ksrtp_batch_result res[BATCH];
	unsigned long done = 0, j, n;
	int r;

	while (done < count) {
		n = count - done < BATCH ? count - done : BATCH;
		for (j = 0; j < n; j++) {
			ps[j] = *tmpl;
			next_ctx(&ps[j], ssrc_base, rport, done + j);
		}
		r = ksrtp_ctx_add_batch(h, ps, n, res);
		if (r) {
			fprintf(stderr, "ctx-install: batch at %lu: %d failed (%s)\n",
				done, r, ksrtp_errmsg(h));
			break;
		}
		done += n;
	}
	memset(ps, 0, sizeof(ps));
	return done;
}
#endif

int main(int argc, char **argv)
{
	struct ksrtp_ctx_params p;
	int batch = 0;
	struct ksrtp_handle *h;
	unsigned long count, want, i;
	uint32_t ssrc_base;
	uint16_t rport;
	double t0, t;
	int suite, r;

	if (argc > 1 && !strcmp(argv[1], "-b")) {
		batch = 1;
		argc--;
		argv++;
	}
	if (batch && !HAVE_BATCH) {
		fprintf(stderr, "ctx-install: this libksrtp has no batch call\n");
		return 4;
	}
	if (argc < 6) {
		fprintf(stderr, "usage: ctx-install [-b] COUNT SUITE LOCAL REMOTE SSRC_BASE [out|in]\n");
		return 2;
	}
	want = count = strtoul(argv[1], NULL, 0);
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
#if HAVE_BATCH
	if (batch)
		count = add_batch(h, &p, ssrc_base, rport, count);
#endif
	for (i = 0; i < count && !batch; i++) {
		next_ctx(&p, ssrc_base, rport, i);
		r = ksrtp_ctx_add(h, &p, NULL);
		if (r) {
			fprintf(stderr, "ctx-install: context %lu: %s %s\n", i,
				strerror(-r), ksrtp_errmsg(h));
			break;
		}
	}
	if (batch)
		i = count;
	t = now() - t0;
	memset(&p, 0, sizeof(p));
	printf("contexts %lu secs %.3f per-sec %.0f\n", i, t, t > 0 ? (double)i / t : 0);
	ksrtp_close(h);
	return i == want ? 0 : 1;
}
