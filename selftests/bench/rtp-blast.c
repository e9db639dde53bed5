// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * rtp-blast: the load generator and media relay of ksrtp's benchmark
 * (selftests/bench/run.sh). Not a test: it reports numbers.
 *
 *   rtp-blast send  --src A:P --dst A:P [--size N] [--secs S | --count N]
 *                   [--rate PPS] [--cpu C] [--ssrc X]
 *                   [--srtp SUITE --key-hex HEX]
 *       One thread sends RTP (12-byte header + N bytes of payload, the
 *       sequence number counting up) with sendmmsg() in batches of 32.
 *       With --srtp every packet is protected by libsrtp2 before it is
 *       sent (the userspace sender); without it the packets leave plain
 *       (and ksrtp protects them if a context matches).
 *       Prints "packets N secs T pps R".
 *       With --measure-cpu C --measure-netdev FILE:DEV [--measure-after A]
 *       --measure-secs M it also measures, from its own thread (so that
 *       no other process runs for it), the window from A seconds after
 *       its start (default 0.5) to A + M: wall time, CPU C's busy time
 *       (wall time less C's idle and iowait time in /proc/stat, which a
 *       tickless kernel measures rather than samples) and the growth of
 *       DEV's transmit packet counter in FILE (a /proc/PID/net/dev, of a
 *       process in the namespace DEV is in), and prints
 *       "m-secs W m-busy B m-tx X" after the rest.
 *
 *   rtp-blast relay --listen A:P --src A:P --dst A:P [--secs S] [--cpu C]
 *                   [--outputs N] [--srtp SUITE [--plain-in]
 *                   --key-hex IN_HEX --out-key-hex OUT_HEX]
 *       recvmmsg() on --listen, optionally libsrtp2 unprotect with IN key
 *       (not with --plain-in: RTP in) and protect with OUT key, sendmmsg()
 *       from --src to --dst. With --outputs N (default 1) every packet goes
 *       to N outputs, output i from --src's port + i to --dst's port + i,
 *       each with its own libsrtp2 session and its own copy of the packet;
 *       OUT_HEX may list one key per output, comma-separated (the last
 *       one serves the outputs beyond the list). Timing starts at the first packet and lasts S seconds;
 *       CPU time is read from /proc/stat (the relay's CPU and all CPUs)
 *       over that window. Prints "packets N secs T pps R cpu-busy B
 *       all-busy A" (B, A in core-seconds; N counts the packets sent to
 *       all outputs).
 *
 * Keys are master key || master salt in hex (a benchmark's throw-away
 * keys; the run script makes them at random).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <srtp2/srtp.h>

#include "rtp-peer.h"	/* hex_decode(), the test peer's (../tools/util.c) */

#define BATCH 32
#define MAXPKT 2048

struct opts {
	struct sockaddr_in src, dst, listen;
	int has_src, has_dst, has_listen;
	size_t size;
	double secs;
	unsigned long count;
	double rate;
	int cpu;
	uint32_t ssrc;
	const char *suite;
	const char *key_hex;
	const char *out_key_hex;
	int outputs;
	int plain_in;
	int m_cpu;
	const char *m_netdev;
	double m_after, m_secs;
};

#define MAX_OUTPUTS 32

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_addr(const char *s, struct sockaddr_in *sin)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	size_t n;

	if (!colon || (n = (size_t)(colon - s)) >= sizeof(host))
		return -1;
	memcpy(host, s, n);
	host[n] = '\0';
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)atoi(colon + 1));
	return inet_pton(AF_INET, host, &sin->sin_addr) == 1 ? 0 : -1;
}

static void pin(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

static srtp_t srtp_session(const char *suite, const char *key_hex, int inbound)
{
	static int inited;
	srtp_policy_t p;
	uint8_t key[64];
	size_t key_len;
	srtp_t s;
	srtp_err_status_t st;

	if (!inited) {
		if (srtp_init())
			die("srtp_init");
		inited = 1;
	}
	memset(&p, 0, sizeof(p));
	if (!strcmp(suite, "AES_CM_128_HMAC_SHA1_80")) {
		srtp_crypto_policy_set_rtp_default(&p.rtp);
		srtp_crypto_policy_set_rtcp_default(&p.rtcp);
	} else if (!strcmp(suite, "AEAD_AES_128_GCM")) {
		srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtp);
		srtp_crypto_policy_set_aes_gcm_128_16_auth(&p.rtcp);
	} else {
		fprintf(stderr, "rtp-blast: suite %s not supported here\n", suite);
		exit(2);
	}
	if (hex_decode(key_hex, key, sizeof(key), &key_len) || !key_len) {
		fprintf(stderr, "rtp-blast: bad key\n");
		exit(2);
	}
	p.ssrc.type = inbound ? ssrc_any_inbound : ssrc_any_outbound;
	p.key = key;
	p.window_size = 128;
	st = srtp_create(&s, &p);
	if (st) {
		fprintf(stderr, "rtp-blast: srtp_create: %d\n", (int)st);
		exit(1);
	}
	return s;
}

static int blast_socket(const struct sockaddr_in *bind_to,
			const struct sockaddr_in *connect_to)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), one = 1;
	int buf = 4 << 20;

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (bind_to && bind(fd, (const struct sockaddr *)bind_to, sizeof(*bind_to)))
		die("bind");
	if (connect_to &&
	    connect(fd, (const struct sockaddr *)connect_to, sizeof(*connect_to)))
		die("connect");
	return fd;
}

/* Busy jiffies (all but idle and iowait) of one CPU (cpu >= 0) or all. */
static double cpu_busy_secs(int cpu)
{
	char name[16], line[512];
	FILE *f = fopen("/proc/stat", "r");
	double busy = 0;
	long hz = sysconf(_SC_CLK_TCK);

	if (!f)
		die("/proc/stat");
	if (cpu >= 0)
		snprintf(name, sizeof(name), "cpu%d ", cpu);
	else
		snprintf(name, sizeof(name), "cpu ");
	while (fgets(line, sizeof(line), f)) {
		unsigned long long v[10] = { 0 };

		if (strncmp(line, name, strlen(name)))
			continue;
		sscanf(line + strlen(name), "%llu %llu %llu %llu %llu %llu %llu %llu",
		       &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
		/* user nice system idle iowait irq softirq steal */
		busy = (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)hz;
		break;
	}
	fclose(f);
	return busy;
}

/* Idle + iowait seconds of one CPU (/proc/stat, USER_HZ). */
static double cpu_idle_secs(int cpu)
{
	char name[16], line[512];
	FILE *f = fopen("/proc/stat", "r");
	double idle = -1;
	long hz = sysconf(_SC_CLK_TCK);

	if (!f)
		die("/proc/stat");
	snprintf(name, sizeof(name), "cpu%d ", cpu);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long v[5] = { 0 };

		if (strncmp(line, name, strlen(name)))
			continue;
		sscanf(line + strlen(name), "%llu %llu %llu %llu %llu",
		       &v[0], &v[1], &v[2], &v[3], &v[4]);
		idle = (double)(v[3] + v[4]) / (double)hz;
		break;
	}
	fclose(f);
	return idle;
}

/* Transmit packets of device @dev in a /proc/.../net/dev file @spec
 * ("FILE:DEV"). */
static unsigned long long netdev_tx(const char *spec)
{
	char path[256], line[512], want[64];
	const char *colon = strrchr(spec, ':');
	unsigned long long tx = 0;
	FILE *f;

	if (!colon || (size_t)(colon - spec) >= sizeof(path)) {
		fprintf(stderr, "rtp-blast: --measure-netdev FILE:DEV\n");
		exit(2);
	}
	memcpy(path, spec, (size_t)(colon - spec));
	path[colon - spec] = '\0';
	snprintf(want, sizeof(want), "%s:", colon + 1);
	f = fopen(path, "r");
	if (!f)
		die(path);
	while (fgets(line, sizeof(line), f)) {
		char *p = line;
		unsigned long long v[10];

		while (*p == ' ')
			p++;
		if (strncmp(p, want, strlen(want)))
			continue;
		if (sscanf(p + strlen(want), "%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]) == 10)
			tx = v[9];
		break;
	}
	fclose(f);
	return tx;
}

static void fill_rtp(uint8_t *p, uint16_t seq, uint32_t ts, uint32_t ssrc, size_t size)
{
	p[0] = 0x80;
	p[1] = 0; /* PT 0 */
	p[2] = (uint8_t)(seq >> 8);
	p[3] = (uint8_t)seq;
	p[4] = (uint8_t)(ts >> 24);
	p[5] = (uint8_t)(ts >> 16);
	p[6] = (uint8_t)(ts >> 8);
	p[7] = (uint8_t)ts;
	p[8] = (uint8_t)(ssrc >> 24);
	p[9] = (uint8_t)(ssrc >> 16);
	p[10] = (uint8_t)(ssrc >> 8);
	p[11] = (uint8_t)ssrc;
	(void)size;
}

static int do_send(const struct opts *o)
{
	static uint8_t bufs[BATCH][MAXPKT];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	srtp_t s = NULL;
	unsigned long sent = 0, errs = 0;
	uint16_t seq = 1;
	uint32_t ts = 0;
	double t0, t, end, next;
	double m_at = 0, m_w0 = 0, m_i0 = 0, m_w1 = 0, m_i1 = 0;
	unsigned long long m_tx0 = 0, m_tx1 = 0;
	int fd, i, m_state = o->m_netdev && o->m_secs > 0 ? 1 : 0;

	if (!o->has_dst || !o->has_src || 12 + o->size + 32 > MAXPKT) {
		fprintf(stderr, "rtp-blast send: --src and --dst needed, size <= %d\n",
			MAXPKT - 44);
		return 2;
	}
	pin(o->cpu);
	if (o->suite)
		s = srtp_session(o->suite, o->key_hex, 0);
	fd = blast_socket(&o->src, &o->dst);
	for (i = 0; i < BATCH; i++)
		memset(bufs[i] + 12, 0xa5, o->size);

	t0 = now();
	end = o->secs > 0 ? t0 + o->secs : 1e300;
	next = t0;
	m_at = t0 + o->m_after;
	for (t = t0; t < end && (!o->count || sent < o->count); t = now()) {
		int n = BATCH, r;

		if (m_state && t >= m_at) {
			if (m_state == 1) {
				m_tx0 = netdev_tx(o->m_netdev);
				m_i0 = cpu_idle_secs(o->m_cpu);
				m_w0 = now();
				m_at = m_w0 + o->m_secs;
				m_state = 2;
			} else if (m_state == 2) {
				m_tx1 = netdev_tx(o->m_netdev);
				m_i1 = cpu_idle_secs(o->m_cpu);
				m_w1 = now();
				m_state = 3;
			}
		}

		if (o->count && o->count - sent < BATCH)
			n = (int)(o->count - sent);
		if (o->rate > 0) {
			if (t < next)
				continue; /* paced: spin (the generator's CPU) */
			next += n / o->rate;
		}
		for (i = 0; i < n; i++) {
			int len = (int)(12 + o->size);

			fill_rtp(bufs[i], seq++, ts, o->ssrc, o->size);
			ts += 160;
			if (s && srtp_protect(s, bufs[i], &len)) {
				fprintf(stderr, "rtp-blast: srtp_protect failed\n");
				return 1;
			}
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = (size_t)len;
			memset(&msgs[i], 0, sizeof(msgs[i]));
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		r = sendmmsg(fd, msgs, (unsigned int)n, 0);
		if (r < 0) {
			/* ENOBUFS and the like: count, and go on. */
			errs++;
			if (errs > 1000000)
				die("sendmmsg");
			continue;
		}
		sent += (unsigned long)r;
	}
	t = now() - t0;
	printf("packets %lu secs %.3f pps %.0f errors %lu", sent, t,
	       t > 0 ? (double)sent / t : 0, errs);
	if (m_state == 3)
		printf(" m-secs %.3f m-busy %.3f m-tx %llu", m_w1 - m_w0,
		       (m_w1 - m_w0) - (m_i1 - m_i0), m_tx1 - m_tx0);
	else if (m_state)
		printf(" m-secs 0 m-busy 0 m-tx 0");
	printf("\n");
	close(fd);
	if (s)
		srtp_dealloc(s);
	return 0;
}

static int do_relay(const struct opts *o)
{
	static uint8_t bufs[BATCH][MAXPKT], obufs[BATCH][MAXPKT];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };
	struct sockaddr_in dsts[MAX_OUTPUTS];
	srtp_t in = NULL, out[MAX_OUTPUTS] = { NULL };
	unsigned long relayed = 0, drops = 0;
	double t0 = 0, end = 0, busy0 = 0, all0 = 0, t;
	int rfd, sfd[MAX_OUTPUTS], i, j, started = 0, nout = o->outputs;

	if (!o->has_listen || !o->has_src || !o->has_dst) {
		fprintf(stderr, "rtp-blast relay: --listen, --src and --dst needed\n");
		return 2;
	}
	if (nout < 1 || nout > MAX_OUTPUTS) {
		fprintf(stderr, "rtp-blast relay: --outputs 1..%d\n", MAX_OUTPUTS);
		return 2;
	}
	pin(o->cpu);
	if (o->suite) {
		if (!o->out_key_hex) {
			fprintf(stderr, "rtp-blast relay: --out-key-hex needed\n");
			return 2;
		}
		if (!o->plain_in)
			in = srtp_session(o->suite, o->key_hex, 1);
		const char *k = o->out_key_hex;

		for (j = 0; j < nout; j++) {
			char one[256];
			const char *comma = strchr(k, ',');
			size_t len = comma ? (size_t)(comma - k) : strlen(k);

			if (len >= sizeof(one)) {
				fprintf(stderr, "rtp-blast relay: bad --out-key-hex\n");
				return 2;
			}
			memcpy(one, k, len);
			one[len] = '\0';
			out[j] = srtp_session(o->suite, one, 0);
			if (comma)
				k = comma + 1;
		}
	}
	rfd = blast_socket(&o->listen, NULL);
	/* Not connected: an ICMP error from the sink must not fail sendmmsg. */
	for (j = 0; j < nout; j++) {
		struct sockaddr_in src = o->src;

		src.sin_port = htons((uint16_t)(ntohs(o->src.sin_port) + j));
		dsts[j] = o->dst;
		dsts[j].sin_port = htons((uint16_t)(ntohs(o->dst.sin_port) + j));
		sfd[j] = blast_socket(&src, NULL);
	}
	setsockopt(rfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	printf("ready\n");
	fflush(stdout);

	for (;;) {
		int n, k = 0, lens[BATCH];

		for (i = 0; i < BATCH; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = MAXPKT - 64;
			memset(&msgs[i], 0, sizeof(msgs[i]));
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		n = recvmmsg(rfd, msgs, BATCH, MSG_WAITFORONE, NULL);
		t = now();
		if (started && t >= end)
			break;
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				die("recvmmsg");
			if (!started && o->secs > 0 && t0 == 0)
				continue;
			if (started && t >= end)
				break;
			continue;
		}
		if (!started) {
			started = 1;
			t0 = t;
			end = t0 + o->secs;
			busy0 = cpu_busy_secs(o->cpu);
			all0 = cpu_busy_secs(-1);
		}
		/* Decrypted once (SRTP in), then each output's copy protected
		 * with its own session; plain relays send the same buffers. */
		for (i = 0; i < n; i++) {
			lens[i] = (int)msgs[i].msg_len;
			if (in && srtp_unprotect(in, bufs[i], &lens[i]))
				lens[i] = -1;
		}
		for (j = 0; j < nout; j++) {
			k = 0;
			for (i = 0; i < n; i++) {
				uint8_t *p = bufs[i];
				int len = lens[i];

				if (len < 0) {
					drops++;
					continue;
				}
				if (o->suite) {
					if (nout > 1) {
						memcpy(obufs[i], bufs[i], (size_t)len);
						p = obufs[i];
					}
					if (srtp_protect(out[j], p, &len)) {
						drops++;
						continue;
					}
				}
				iov[k].iov_base = p;
				iov[k].iov_len = (size_t)len;
				memset(&msgs[k], 0, sizeof(msgs[k]));
				msgs[k].msg_hdr.msg_iov = &iov[k];
				msgs[k].msg_hdr.msg_iovlen = 1;
				msgs[k].msg_hdr.msg_name = (void *)&dsts[j];
				msgs[k].msg_hdr.msg_namelen = sizeof(dsts[j]);
				k++;
			}
			if (k > 0) {
				int r = sendmmsg(sfd[j], msgs, (unsigned int)k, 0);

				if (r > 0)
					relayed += (unsigned long)r;
				else
					drops += (unsigned long)k;
			}
		}
	}
	t = now() - t0;
	printf("packets %lu secs %.3f pps %.0f cpu-busy %.3f all-busy %.3f drops %lu\n",
	       relayed, t, t > 0 ? (double)relayed / t : 0,
	       cpu_busy_secs(o->cpu) - busy0, cpu_busy_secs(-1) - all0, drops);
	if (in)
		srtp_dealloc(in);
	for (j = 0; j < nout; j++) {
		if (out[j])
			srtp_dealloc(out[j]);
		close(sfd[j]);
	}
	return relayed ? 0 : 1;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "src", required_argument, NULL, 's' },
		{ "dst", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "size", required_argument, NULL, 'n' },
		{ "secs", required_argument, NULL, 't' },
		{ "count", required_argument, NULL, 'c' },
		{ "rate", required_argument, NULL, 'r' },
		{ "cpu", required_argument, NULL, 'C' },
		{ "ssrc", required_argument, NULL, 'S' },
		{ "srtp", required_argument, NULL, 'p' },
		{ "key-hex", required_argument, NULL, 'k' },
		{ "out-key-hex", required_argument, NULL, 'K' },
		{ "outputs", required_argument, NULL, 'o' },
		{ "plain-in", no_argument, NULL, 'P' },
		{ "measure-cpu", required_argument, NULL, 'm' },
		{ "measure-netdev", required_argument, NULL, 'N' },
		{ "measure-after", required_argument, NULL, 'A' },
		{ "measure-secs", required_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { .size = 160, .cpu = -1, .ssrc = 0x5eed, .outputs = 1,
			  .m_after = 0.5 };
	const char *mode;
	int c;

	if (argc < 2) {
		fprintf(stderr, "usage: rtp-blast {send|relay} OPTIONS (see the source)\n");
		return 2;
	}
	mode = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 's': o.has_src = !parse_addr(optarg, &o.src); break;
		case 'd': o.has_dst = !parse_addr(optarg, &o.dst); break;
		case 'l': o.has_listen = !parse_addr(optarg, &o.listen); break;
		case 'n': o.size = strtoul(optarg, NULL, 0); break;
		case 't': o.secs = strtod(optarg, NULL); break;
		case 'c': o.count = strtoul(optarg, NULL, 0); break;
		case 'r': o.rate = strtod(optarg, NULL); break;
		case 'C': o.cpu = atoi(optarg); break;
		case 'S': o.ssrc = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'p': o.suite = optarg; break;
		case 'k': o.key_hex = optarg; break;
		case 'K': o.out_key_hex = optarg; break;
		case 'o': o.outputs = atoi(optarg); break;
		case 'P': o.plain_in = 1; break;
		case 'm': o.m_cpu = atoi(optarg); break;
		case 'N': o.m_netdev = optarg; break;
		case 'A': o.m_after = strtod(optarg, NULL); break;
		case 'M': o.m_secs = strtod(optarg, NULL); break;
		default: return 2;
		}
	}
	if (o.suite && !o.key_hex) {
		fprintf(stderr, "rtp-blast: --srtp needs --key-hex\n");
		return 2;
	}
	if (!strcmp(mode, "send"))
		return do_send(&o);
	if (!strcmp(mode, "relay"))
		return do_relay(&o);
	fprintf(stderr, "rtp-blast: unknown mode %s\n", mode);
	return 2;
}
