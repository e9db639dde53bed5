// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Addresses, numbers, hex and base64; NSS held for libsrtp2. */
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rtp-peer.h"

/* "1.2.3.4:5000" or "[::1]:5000" (a scope "%dev" is allowed in v6). */
int endpoint_parse(const char *s, struct endpoint *ep)
{
	struct addrinfo hints, *res;
	char host[256];
	const char *port;
	size_t hlen;
	int err;

	if (s[0] == '[') {
		const char *end = strchr(s, ']');

		if (!end || end[1] != ':')
			return -1;
		hlen = end - s - 1;
		port = end + 2;
		s++;
	} else {
		const char *colon = strrchr(s, ':');

		if (!colon || strchr(s, ':') != colon)
			return -1;
		hlen = colon - s;
		port = colon + 1;
	}
	if (hlen == 0 || hlen >= sizeof(host) || !*port)
		return -1;
	memcpy(host, s, hlen);
	host[hlen] = '\0';

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	err = getaddrinfo(host, port, &hints, &res);
	if (err)
		return -1;
	memcpy(&ep->ss, res->ai_addr, res->ai_addrlen);
	ep->len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/* Decimal, or hex with 0x. */
int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int parse_i32(const char *s, int32_t min, int32_t max, int32_t *out)
{
	long long v;
	char *end;

	if (!*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = (int32_t)v;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex digits; whitespace and ':' between bytes are skipped. */
int hex_decode(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == ':') {
			if (hi >= 0)
				return -1;
			continue;
		}
		v = hexval(*s);
		if (v < 0)
			return -1;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		return -1;
	*len = n;
	return 0;
}

void hex_print(FILE *f, const uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		fprintf(f, "%02x", buf[i]);
	fputc('\n', f);
}

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Standard alphabet, '=' padding optional. */
int base64_decode(const char *s, size_t slen, uint8_t *out, size_t cap,
		  size_t *len)
{
	uint32_t acc = 0;
	size_t n = 0, i, pad = 0;
	int bits = 0, v;

	for (i = 0; i < slen; i++) {
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (pad)
			return -1;
		v = b64val(s[i]);
		if (v < 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == cap)
				return -1;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	if (pad > 2 || bits >= 6 || (acc & ((1u << bits) - 1)))
		return -1;
	*len = n;
	return 0;
}

/* memset that the compiler may not drop. */
void wipe(void *p, size_t len)
{
	volatile uint8_t *v = p;

	while (len--)
		*v++ = 0;
}

int udp_socket(const struct endpoint *ep)
{
	int fd, one = 1;

	fd = socket(ep->ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (ep->ss.ss_family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one))) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Debian's libsrtp2 does its crypto with NSS, and srtp_init() self-tests
 * every cipher and hash: each test opens an NSS context and closes it,
 * and closing the last context shuts NSS down, so that one srtp_init()
 * loads and unloads NSS's softokn module (and sqlite, freebl) 13 times.
 * That is 20 ms of a process natively and most of a second under QEMU
 * TCG, where the selftests start rtp-peer hundreds of times. With NSS
 * initialised once for the whole process, the library's contexts nest
 * in it and nothing is reloaded; libsrtp2 does the same crypto, and its
 * self-tests still run. A libsrtp2 built with OpenSSL or its own crypto
 * has no NSS_NoDB_Init, and this does nothing.
 */
void hold_nss(void)
{
	int (*nodb_init)(const char *);

	*(void **)&nodb_init = dlsym(RTLD_DEFAULT, "NSS_NoDB_Init");
	if (nodb_init)
		nodb_init(NULL);
}
