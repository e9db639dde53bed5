// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * rtpengine-ctl: drives rtpengine's kernel module (xt_RTPENGINE 10.5, as
 * Debian 12 ships it) without its daemon, for ksrtp's benchmark
 * (selftests/bench/run.sh). It writes the module's control messages as
 * the module's own header defines them: the header is the one the
 * package installs (rtpengine-kernel-dkms, /usr/src/rtpengine-VERSION/
 * xt_RTPENGINE.h), extracted under build/rtpengine by
 * selftests/bench/rtpengine.sh and included from there at build time
 * (make -C selftests/bench rtpengine-ctl RTPENGINE_SRC=DIR).
 *
 *   rtpengine-ctl [-t TABLE] add LOCAL IN OUTPUTS SRC DST OUTKEY [PT...]
 *       One target on LOCAL (A.B.C.D:PORT) with OUTPUTS destinations
 *       (1..32): output i sends from SRC's address, port + i, to DST's
 *       address, port + i. IN is "plain" (RTP in: NULL cipher and
 *       authentication) or the input's master key || salt in hex
 *       (AES_CM_128_HMAC_SHA1_80, decrypted and authenticated); OUTKEY is
 *       "plain" or the outputs' master key || salt (AES_CM_128_HMAC_SHA1_80,
 *       each output with its own crypto state, ROC 0): one for all, or one
 *       per output, comma-separated (the last serves the outputs beyond
 *       the list). The payload types
 *       PT (default 0) are listed, or every packet would go to the absent
 *       daemon; SSRC tracking is off (any SSRC).
 *   rtpengine-ctl [-t TABLE] del LOCAL
 *       Delete the target on LOCAL.
 *
 * Before anything it writes a NOOP carrying the message size and the
 * last command number, the module's ABI check: a module of another
 * version refuses it (EMSGSIZE, ERANGE) and nothing else is written.
 * Every write is checked; errors are printed with the module's errno.
 * The table (default 0) must exist: echo "add 0" >/proc/rtpengine/control.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ksrtp.h"		/* ksrtp_parse_hex(), libksrtp.a */
#include "xt_RTPENGINE.h"	/* the package's, from RTPENGINE_SRC */

#define KEY_LEN 16
#define SALT_LEN 14

static const char *path;

static int parse_addr(const char *s, struct re_address *a)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	unsigned long port;
	struct in_addr in;
	char *end;
	size_t n;

	if (!colon || (n = (size_t)(colon - s)) >= sizeof(host))
		return -1;
	memcpy(host, s, n);
	host[n] = '\0';
	port = strtoul(colon + 1, &end, 10);
	if (*end || !port || port > 65535 || inet_pton(AF_INET, host, &in) != 1)
		return -1;
	memset(a, 0, sizeof(*a));
	a->family = AF_INET;
	a->u.ipv4 = in.s_addr;		/* network order */
	a->port = (uint16_t)port;	/* host order */
	return 0;
}

/* "plain": NULL cipher and auth; else AES_CM_128_HMAC_SHA1_80 with the
 * 30-byte master key || salt in hex. */
static int parse_srtp(const char *s, struct rtpengine_srtp *p)
{
	unsigned char b[KEY_LEN + SALT_LEN];

	memset(p, 0, sizeof(*p));
	if (!strcmp(s, "plain")) {
		p->cipher = REC_NULL;
		p->hmac = REH_NULL;
		return 0;
	}
	if (ksrtp_parse_hex(s, b, sizeof(b)) != (int)sizeof(b))
		return -1;
	p->cipher = REC_AES_CM_128;
	p->hmac = REH_HMAC_SHA1;
	memcpy(p->master_key, b, KEY_LEN);
	p->master_key_len = KEY_LEN;
	memcpy(p->master_salt, b + KEY_LEN, SALT_LEN);
	p->master_salt_len = SALT_LEN;
	explicit_bzero(b, sizeof(b));
	p->session_key_len = KEY_LEN;
	p->session_salt_len = SALT_LEN;
	p->auth_tag_len = 10;
	return 0;
}

/* The next key of a comma-separated list into @p; the last one stays. */
static int next_key(const char **list, struct rtpengine_srtp *p)
{
	char one[128];
	const char *k = *list, *comma;
	size_t len;

	if (!*k)
		return 0;	/* the list is used up: @p keeps the last key */
	comma = strchr(k, ',');
	len = comma ? (size_t)(comma - k) : strlen(k);
	if (len >= sizeof(one))
		return -1;
	memcpy(one, k, len);
	one[len] = '\0';
	*list = comma ? comma + 1 : k + len;
	return parse_srtp(one, p);
}

/* One record, whole, or an error naming what was refused. */
static int send_msg(int fd, const struct rtpengine_message *m, const char *what)
{
	ssize_t r = write(fd, m, sizeof(*m));

	if (r < 0) {
		fprintf(stderr, "rtpengine-ctl: %s: write to %s: %s\n", what, path, strerror(errno));
		return -1;
	}
	if ((size_t)r != sizeof(*m)) {
		fprintf(stderr, "rtpengine-ctl: %s: short write to %s (%zd of %zu bytes)\n",
			what, path, r, sizeof(*m));
		return -1;
	}
	return 0;
}

static int noop(int fd)
{
	struct rtpengine_message m;

	memset(&m, 0, sizeof(m));
	m.cmd = REMG_NOOP;
	m.u.noop.size = sizeof(m);
	m.u.noop.last_cmd = __REMG_LAST;
	if (send_msg(fd, &m, "NOOP (ABI check)")) {
		fprintf(stderr, "rtpengine-ctl: the module does not speak this header's ABI "
			"(message size %zu, last command %d)\n", sizeof(m), (int)__REMG_LAST);
		return -1;
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: rtpengine-ctl [-t TABLE] add LOCAL IN OUTPUTS SRC DST OUTKEY [PT...]\n"
		"       rtpengine-ctl [-t TABLE] del LOCAL\n"
		"  IN, OUTKEY: plain, or AES_CM_128_HMAC_SHA1_80 master key || salt in hex\n");
	return 2;
}

static int do_add(int fd, int argc, char **argv)
{
	struct rtpengine_message m;
	struct re_address local, src, dst;
	struct rtpengine_srtp in, out;
	const char *okeys = argv[5];
	unsigned long n, i;
	int npt = 0;
	char *end;

	if (argc < 6)
		return usage();
	n = strtoul(argv[2], &end, 10);
	if (parse_addr(argv[0], &local) || parse_addr(argv[3], &src) ||
	    parse_addr(argv[4], &dst) || *end || !n || n > RTPE_MAX_FORWARD_DESTINATIONS ||
	    src.port + n - 1 > 65535 || dst.port + n - 1 > 65535) {
		fprintf(stderr, "rtpengine-ctl: bad address or output count (1..%d)\n",
			RTPE_MAX_FORWARD_DESTINATIONS);
		return 2;
	}
	if (parse_srtp(argv[1], &in) || next_key(&okeys, &out)) {
		fprintf(stderr, "rtpengine-ctl: a key is \"plain\" or %d bytes of hex\n",
			KEY_LEN + SALT_LEN);
		return 2;
	}

	memset(&m, 0, sizeof(m));
	m.cmd = REMG_ADD_TARGET;
	m.u.target.local = local;
	m.u.target.src_mismatch = MSM_IGNORE;
	m.u.target.num_destinations = (unsigned int)n;
	m.u.target.decrypt = in;
	if (argc == 6) {
		m.u.target.payload_types[npt].pt_num = 0;
		m.u.target.payload_types[npt++].clock_rate = 8000;
	}
	for (i = 6; i < (unsigned long)argc; i++) {
		unsigned long pt = strtoul(argv[i], &end, 10);

		/* The module bsearch()es them: they must come sorted. */
		if (*end || pt > 127 || npt == RTPE_NUM_PAYLOAD_TYPES ||
		    (npt && pt <= m.u.target.payload_types[npt - 1].pt_num)) {
			fprintf(stderr, "rtpengine-ctl: payload types: up to %d, ascending, 0..127\n",
				RTPE_NUM_PAYLOAD_TYPES);
			return 2;
		}
		m.u.target.payload_types[npt].pt_num = (unsigned char)pt;
		m.u.target.payload_types[npt++].clock_rate = 8000;
	}
	m.u.target.num_payload_types = (unsigned int)npt;
	m.u.target.rtp = 1;
	m.u.target.track_ssrc = 0;
	if (send_msg(fd, &m, "ADD_TARGET"))
		return 1;

	for (i = 0; i < n; i++) {
		char what[64];

		memset(&m, 0, sizeof(m));
		m.cmd = REMG_ADD_DESTINATION;
		m.u.destination.local = local;
		m.u.destination.num = (unsigned int)i;
		m.u.destination.output.src_addr = src;
		m.u.destination.output.src_addr.port = (uint16_t)(src.port + i);
		m.u.destination.output.dst_addr = dst;
		m.u.destination.output.dst_addr.port = (uint16_t)(dst.port + i);
		if (i && next_key(&okeys, &out)) {
			fprintf(stderr, "rtpengine-ctl: bad output key %lu\n", i);
			return 2;
		}
		m.u.destination.output.encrypt = out;
		snprintf(what, sizeof(what), "ADD_DESTINATION %lu", i);
		if (send_msg(fd, &m, what))
			return 1;
	}
	printf("target %s outputs %lu\n", argv[0], n);
	return 0;
}

static int do_del(int fd, int argc, char **argv)
{
	struct rtpengine_message m;

	if (argc != 1)
		return usage();
	memset(&m, 0, sizeof(m));
	m.cmd = REMG_DEL_TARGET;
	if (parse_addr(argv[0], &m.u.target.local)) {
		fprintf(stderr, "rtpengine-ctl: bad address %s\n", argv[0]);
		return 2;
	}
	return send_msg(fd, &m, "DEL_TARGET") ? 1 : 0;
}

int main(int argc, char **argv)
{
	static char pbuf[64];
	unsigned long table = 0;
	int fd, rc, a = 1;

	if (argc > 2 && !strcmp(argv[1], "-t")) {
		table = strtoul(argv[2], NULL, 10);
		a = 3;
	}
	if (argc - a < 2)
		return usage();
	snprintf(pbuf, sizeof(pbuf), "/proc/rtpengine/%lu/control", table);
	path = pbuf;
	fd = open(path, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "rtpengine-ctl: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (noop(fd)) {
		close(fd);
		return 1;
	}
	if (!strcmp(argv[a], "add"))
		rc = do_add(fd, argc - a - 1, argv + a + 1);
	else if (!strcmp(argv[a], "del"))
		rc = do_del(fd, argc - a - 1, argv + a + 1);
	else
		rc = usage();
	if (close(fd)) {
		fprintf(stderr, "rtpengine-ctl: close %s: %s\n", path, strerror(errno));
		rc = rc ? rc : 1;
	}
	return rc;
}
