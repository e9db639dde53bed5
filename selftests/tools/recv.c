// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * rtp-peer recv: receive, optionally unprotect, and compare every datagram
 * with the packet that rtp_build()/rtcp_build() make for its seq or index.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rtp-peer.h"

#define FIRST_WAIT_MS	30000

#define MAX_REPORTS	20

struct tally {
	unsigned long received, ok, bad, unexpected;
	unsigned long by_key[MAX_KEYS];	/* ok packets under each key */
	unsigned int reports;
	size_t len;		/* of the datagram being judged */
	uint8_t seen[65536 / 8];	/* by offset from --seq-start */
};

/*
 * The time to wait between datagrams: --timeout-ms times the harness's
 * KSRTP_TIMEOUT_SCALE (1 to 100, the range selftests/timeout-scale.sh
 * allows the harness; the debug kernel is several times
 * slower), except with --expect-none, where the timeout is how long to
 * listen for nothing and a slow kernel needs no more of it.
 */
static int64_t gap_ms(const struct args *a)
{
	const char *env = getenv("KSRTP_TIMEOUT_SCALE");
	long scale = env ? strtol(env, NULL, 10) : 1;

	if (a->expect_none || scale < 1 || scale > 100)
		scale = 1;
	return (int64_t)a->timeout_ms * scale;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void report(struct tally *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void report(struct tally *t, const char *fmt, ...)
{
	va_list ap;

	if (t->reports++ >= MAX_REPORTS) {
		if (t->reports == MAX_REPORTS + 1)
			fprintf(stderr, "rtp-peer: further problems not shown\n");
		return;
	}
	fprintf(stderr, "rtp-peer: datagram %lu (%zu bytes): ", t->received,
		t->len);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Classify one datagram into the tally. buf has BUF_MAX bytes of room. */
static void judge(const struct args *a, struct keyset *ks, struct tally *t,
		  uint8_t *buf, size_t len, uint8_t *expect)
{
	enum pkt_kind want = a->rtcp ? PKT_RTCP : PKT_RTP;
	enum pkt_kind kind;
	uint32_t ssrc, off, n;
	char why[128];
	int ilen, key = 0;
	size_t elen;

	t->len = len;
	if (a->raw) {
		if (len == a->raw_len && !memcmp(buf, a->raw, len)) {
			t->ok++;
		} else {
			t->bad++;
			report(t, "differs from --raw-expect");
		}
		return;
	}

	kind = pkt_classify(buf, len);
	if (kind == PKT_OTHER) {
		t->unexpected++;
		report(t, "not RTP/RTCP (first byte 0x%02x)", buf[0]);
		return;
	}
	if (kind != want) {
		t->bad++;
		report(t, "%s where %s was expected",
		       kind == PKT_RTCP ? "RTCP" : "RTP",
		       want == PKT_RTCP ? "RTCP" : "RTP");
		return;
	}
	if (ks->nkeys) {
		ilen = (int)len;
		if (keyset_unprotect(ks, a, kind == PKT_RTCP, buf, &ilen, &key,
				     why, sizeof(why))) {
			t->bad++;
			report(t, "unprotect: %s", why);
			return;
		}
		len = (size_t)ilen;
	}

	if (kind == PKT_RTP) {
		if (len < 12) {
			t->bad++;
			report(t, "RTP shorter than its header");
			return;
		}
		ssrc = rtp_ssrc(buf);
		n = rtp_seq(buf);
		off = (n - a->seq_start) & 0xffff;
	} else {
		if (!rtcp_index(buf, len, &ssrc, &n)) {
			t->bad++;
			report(t, "RTCP that does not start with an SR");
			return;
		}
		off = n - a->seq_start;
	}
	if (a->have_ssrc && ssrc != a->ssrc) {
		t->bad++;
		report(t, "SSRC 0x%08x, expected 0x%08x", ssrc, a->ssrc);
		return;
	}
	if (off >= a->count) {
		t->bad++;
		report(t, "%s %u outside the expected range",
		       kind == PKT_RTP ? "seq" : "RTCP index", n);
		return;
	}
	if ((a->ndrops || a->drop_every) && pkt_dropped(a, off)) {
		t->bad++;
		report(t, "%s %u arrived, but the sender drops it",
		       kind == PKT_RTP ? "seq" : "RTCP index", n);
		return;
	}

	elen = kind == PKT_RTP ? rtp_build(expect, ssrc, (uint16_t)n, &a->po) :
				 rtcp_build(expect, ssrc, n);
	if (elen != len || memcmp(expect, buf, len)) {
		t->bad++;
		report(t, "%s %u is not the expected packet (%zu bytes)",
		       kind == PKT_RTP ? "seq" : "RTCP index", n, elen);
		return;
	}
	if (ks->nswitch && key != key_for_packet(ks, off)) {
		t->bad++;
		report(t, "%s %u came under key %d, --switch-at says key %d",
		       kind == PKT_RTP ? "seq" : "RTCP index", n, key + 1,
		       key_for_packet(ks, off) + 1);
		return;
	}
	/* With more than 2^16 RTP packets seq repeats: no duplicate check. */
	if (a->count <= 65536) {
		if (t->seen[off / 8] & (1u << (off % 8))) {
			t->bad++;
			report(t, "%s %u arrived twice",
			       kind == PKT_RTP ? "seq" : "RTCP index", n);
			return;
		}
		t->seen[off / 8] |= (uint8_t)(1u << (off % 8));
	}
	t->ok++;
	t->by_key[key]++;
}

/* "by-key: 1=N 2=M": the good packets under each key. */
static void print_by_key(const struct keyset *ks, const struct tally *t)
{
	int k;

	printf("by-key:");
	for (k = 0; k < ks->nkeys; k++)
		printf(" %d=%lu", k + 1, t->by_key[k]);
	putchar('\n');
}

int cmd_recv(const struct args *a)
{
	int64_t deadline, done_at = -1, gap = gap_ms(a);
	uint8_t *buf = NULL, *expect = NULL;
	struct keyset ks = { 0 };
	struct tally *t = NULL;
	uint32_t expected = a->raw ? a->count : pkt_expected(a);
	struct pollfd pfd;
	int fd, ret = EXIT_USAGE, r, size = 4 << 20;
	ssize_t len;

	buf = malloc(BUF_MAX);
	expect = malloc(BUF_MAX);
	t = calloc(1, sizeof(*t));
	if (!buf || !expect || !t) {
		fprintf(stderr, "rtp-peer: out of memory\n");
		goto out_free;
	}
	fd = udp_socket(&a->local);
	if (fd < 0) {
		fprintf(stderr, "rtp-peer: socket: %s\n", strerror(errno));
		goto out_free;
	}
	/* A large buffer so that bursts are not dropped before we read. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (const struct sockaddr *)&a->local.ss, a->local.len)) {
		fprintf(stderr, "rtp-peer: bind local address: %s\n",
			strerror(errno));
		goto out_close;
	}
	if (a->suite && open_session(a, false, &ks))
		goto out_close;

	if (a->ready_file) {
		int rfd = open(a->ready_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			       0644);

		if (rfd < 0) {
			fprintf(stderr, "rtp-peer: %s: %s\n", a->ready_file,
				strerror(errno));
			goto out_session;
		}
		close(rfd);
	}

	pfd.fd = fd;
	pfd.events = POLLIN;
	/*
	 * The sender may be slow to start (a loaded TCG VM takes seconds to
	 * exec a process): wait at least FIRST_WAIT_MS for the first datagram.
	 */
	deadline = now_ms() + (a->expect_none || gap > FIRST_WAIT_MS ?
			       gap : FIRST_WAIT_MS);
	for (;;) {
		int64_t left = deadline - now_ms();

		if (left <= 0)
			break;
		r = poll(&pfd, 1, left > 1000000 ? 1000000 : (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "rtp-peer: poll: %s\n", strerror(errno));
			goto out_session;
		}
		if (r == 0)
			continue;
		len = recv(fd, buf, PKT_MAX, MSG_TRUNC);
		if (len < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fprintf(stderr, "rtp-peer: recv: %s\n", strerror(errno));
			goto out_session;
		}
		if (len > PKT_MAX)
			len = PKT_MAX;
		t->received++;
		if (a->print_hex)
			hex_print(stdout, buf, (size_t)len);
		judge(a, &ks, t, buf, (size_t)len, expect);

		/*
		 * --expect-none listens for the whole timeout; otherwise the
		 * timeout runs from the last datagram, and once every expected
		 * packet is in we stop (after --linger-ms, to catch extras).
		 */
		if (a->expect_none)
			continue;
		if (done_at < 0 && t->ok >= expected) {
			done_at = now_ms();
			deadline = done_at + a->linger_ms;
			if (!a->linger_ms)
				break;
		} else if (done_at < 0) {
			deadline = now_ms() + gap;
		}
	}

	if (ks.nkeys > 1)
		print_by_key(&ks, t);
	printf("received=%lu ok=%lu bad=%lu unexpected=%lu\n", t->received,
	       t->ok, t->bad, t->unexpected);
	if (a->expect_none)
		ret = t->received == 0 ? EXIT_OK : EXIT_FAIL;
	else
		ret = t->ok == expected && t->bad == 0 ? EXIT_OK : EXIT_FAIL;

out_session:
	close_session(&ks);
out_close:
	close(fd);
out_free:
	free(t);
	free(expect);
	free(buf);
	return ret;
}
