// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * dtls-keyd: a DTLS-SRTP keying example for ksrtp.
 *
 * It does what a media server's keying daemon does, in this order:
 *  1. binds one UDP socket (the one ICE would have chosen);
 *  2. runs the DTLS handshake on it with OpenSSL, offering the SRTP
 *     profiles that ksrtp supports (use_srtp, RFC 5764);
 *  3. exports the keying material and installs an outbound and an inbound
 *     context in the kernel through libksrtp (keys never printed);
 *  4. from then on writes and reads plain RTP on the same socket: the
 *     kernel protects and unprotects it, DTLS still reaches the daemon.
 *  5. at the end sends close_notify and removes the contexts.
 *
 * See README in this directory, and Documentation/admin-guide.rst.
 */
#include <errno.h>
#include <getopt.h>
#include <openssl/err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "keyd.h"

int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void usage(FILE *f)
{
	fputs("usage: dtls-keyd --role client|server --local ADDR:PORT --remote ADDR:PORT\n"
	      "                 [--ssrc SSRC] [--peer-ssrc SSRC] [--send N] [--recv N]\n"
	      "                 [--interval-ms MS] [--dump FILE] [--timeout S]\n"
	      "                 [--cert PEM [--key PEM]] [--keep]\n"
	      "  --role       our DTLS role (the SDP a=setup: active is the client)\n"
	      "  --local      the socket's address; --remote where DTLS and media go\n"
	      "  --ssrc       our SSRC (default 0x6b657964)\n"
	      "  --peer-ssrc  the peer's SSRC; without it the inbound context is a\n"
	      "               template that learns the peer's SSRCs\n"
	      "  --send N     RTP packets to send (default 50), every --interval-ms (20)\n"
	      "  --recv N     RTP packets to wait for (default 0)\n"
	      "  --dump FILE  write the payloads received to FILE\n"
	      "  --timeout S  for the handshake, and again for the media (default 30)\n"
	      "  --cert, --key  certificate and key (PEM); default: a new self-signed one\n"
	      "  --keep       leave the contexts installed at exit (to read counters)\n"
	      "Exit status 0: handshake done, contexts installed, every packet sent\n"
	      "and received.\n", f);
}

static unsigned long number(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || !*s || *end || v > 0xffffffffUL) {
		fprintf(stderr, "dtls-keyd: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static void address(const char *s, union ksrtp_sockaddr *a)
{
	if (ksrtp_parse_sockaddr(s, a)) {
		fprintf(stderr, "dtls-keyd: bad address '%s'\n", s);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "local", required_argument, NULL, 'l' },
		{ "remote", required_argument, NULL, 'R' },
		{ "ssrc", required_argument, NULL, 's' },
		{ "peer-ssrc", required_argument, NULL, 'p' },
		{ "send", required_argument, NULL, 'n' },
		{ "recv", required_argument, NULL, 'N' },
		{ "interval-ms", required_argument, NULL, 'i' },
		{ "dump", required_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, 't' },
		{ "cert", required_argument, NULL, 'c' },
		{ "key", required_argument, NULL, 'k' },
		{ "keep", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	union ksrtp_sockaddr local = { 0 }, remote = { 0 };
	const char *role = NULL, *cert = NULL, *key = NULL, *dump = NULL;
	struct media m = { .ssrc = 0x6b657964, .to_send = 50, .interval_ms = 20 };
	struct kernel_ctxs kc = { 0 };
	struct srtp_keys k;
	struct dtls d;
	int timeout_s = 30, keep = 0, fd, c, status = 1;
	bool client;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': role = optarg; break;
		case 'l': address(optarg, &local); break;
		case 'R': address(optarg, &remote); break;
		case 's': m.ssrc = number(optarg, "SSRC"); break;
		case 'p':
			m.peer_ssrc = number(optarg, "SSRC");
			m.has_peer_ssrc = true;
			break;
		case 'n': m.to_send = number(optarg, "count"); break;
		case 'N': m.to_recv = number(optarg, "count"); break;
		case 'i': m.interval_ms = (int)number(optarg, "interval"); break;
		case 'd': dump = optarg; break;
		case 't': timeout_s = (int)number(optarg, "timeout"); break;
		case 'c': cert = optarg; break;
		case 'k': key = optarg; break;
		case 'K': keep = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!role || (strcmp(role, "client") && strcmp(role, "server")) ||
	    !local.sa.sa_family || remote.sa.sa_family != local.sa.sa_family ||
	    optind != argc) {
		usage(stderr);
		return 2;
	}
	client = !strcmp(role, "client");
	setvbuf(stdout, NULL, _IOLBF, 0);

	fd = socket(local.sa.sa_family, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, &local.sa, local.sa.sa_family == AF_INET6 ?
			   sizeof(local.sin6) : sizeof(local.sin))) {
		perror("dtls-keyd: socket");
		return 1;
	}
	if (dump && !(m.dump = fopen(dump, "w"))) {
		perror(dump);
		return 1;
	}

	if (dtls_init(&d, fd, &remote, client, cert, key)) {
		fprintf(stderr, "dtls-keyd: OpenSSL setup failed\n");
		ERR_print_errors_fp(stderr);
		goto out;
	}
	if (dtls_handshake(&d, timeout_s * 1000) || dtls_export_keys(&d, &k))
		goto out;
	printf("handshake done as %s: profile %s, suite %s\n", role, k.profile,
	       ksrtp_suite_name(k.suite));

	if (kernel_install(&kc, &k, client, &local, &remote, &d.peer_src,
			   m.ssrc, m.has_peer_ssrc, m.peer_ssrc))
		goto out;
	explicit_bzero(&k, sizeof(k));	/* the kernel has them now */
	{
		char a[KSRTP_SOCKADDR_STRLEN], b[KSRTP_SOCKADDR_STRLEN];

		printf("contexts: outbound id %u (to %s), inbound %s id %u (from %s)\n",
		       kc.out_id, ksrtp_format_sockaddr(&remote, a, sizeof(a)),
		       m.has_peer_ssrc ? "context" : "template", kc.in_id,
		       ksrtp_format_sockaddr(&d.peer_src, b, sizeof(b)));
	}

	m.fd = fd;
	m.peer = &remote;
	printf("dropped %u datagrams that came before the contexts\n",
	       media_drain(&m, &d));
	status = media_run(&m, &d, timeout_s * 1000) ? 1 : 0;
	printf("rtp: sent %u, received %u, rejected %u%s\n", m.sent, m.received,
	       m.rejected, status ? " (timed out)" : "");
out:
	explicit_bzero(&k, sizeof(k));
	dtls_close(&d);
	if (kc.h) {
		if (keep)
			ksrtp_close(kc.h);
		else
			kernel_remove(&kc);
	}
	if (m.dump)
		fclose(m.dump);
	close(fd);
	return status;
}
