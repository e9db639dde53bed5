// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Text helpers: hex, SDES inline keys, ADDR:PORT.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "internal.h"

/* Room to decode any inline key, and to notice one that is too long. */
#define INLINE_MAX	(2 * (KSRTP_MAX_KEY_LEN + KSRTP_MAX_SALT_LEN))

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int ksrtp_parse_hex(const char *s, uint8_t *buf, size_t size)
{
	size_t len = strlen(s), i;
	bool bad = false;

	for (i = 0; i < len; i++)
		bad |= hexval(s[i]) < 0;
	if (!len || len % 2 || bad) {
		explicit_bzero(buf, size);
		return -EINVAL;
	}
	if (len / 2 > size) {
		explicit_bzero(buf, size);
		return -EMSGSIZE;
	}
	for (i = 0; i < len / 2; i++)
		buf[i] = hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]);
	return len / 2;
}

static int b64val(unsigned char c)
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

int ksrtp__b64_decode(const char *s, size_t len, uint8_t *out, size_t size)
{
	uint32_t acc = 0;
	size_t i, n = 0, pad = 0;
	int bits = 0, v, ret;

	while (len && s[len - 1] == '=' && pad < 2) {
		len--;
		pad++;
	}
	if (!len || len % 4 == 1 || (pad && (len + pad) % 4))
		return -EINVAL;
	for (i = 0; i < len; i++) {
		v = b64val(s[i]);
		if (v < 0) {
			ret = -EINVAL;
			goto out;
		}
		acc = (acc << 6 | v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == size) {
				ret = -EMSGSIZE;
				goto out;
			}
			out[n++] = acc >> bits;
		}
	}
	/* The bits left over must be zero in a canonical encoding. */
	ret = (acc & ((1u << bits) - 1)) ? -EINVAL : (int)n;
out:
	explicit_bzero(&acc, sizeof(acc));
	return ret;
}

bool ksrtp__all_digits(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * Check the "|lifetime|MKI:length" tail of an SDES key-params (RFC 4568
 * section 9.2): 0 if there is none or only a lifetime, 1 for a
 * well-formed MKI (its decimal value and length in bytes in *value and
 * *len; -EOPNOTSUPP if it is too large to keep), -EINVAL otherwise.
 */
static int check_tail(const char *tail, uint64_t *value, unsigned int *len)
{
	bool lifetime = false;

	while (*tail == '|') {
		const char *f = tail + 1, *end = strchr(f, '|'), *colon;
		size_t flen = end ? (size_t)(end - f) : strlen(f);

		colon = memchr(f, ':', flen);
		if (colon) {
			size_t vlen = colon - f, llen = flen - vlen - 1;
			unsigned int mki_len;

			if (end || !ksrtp__all_digits(f, vlen) ||
			    !ksrtp__all_digits(colon + 1, llen) || llen > 3 || sscanf(colon + 1, "%u", &mki_len) != 1 ||
			    mki_len < 1 || mki_len > 128)
				return -EINVAL;
			*len = mki_len;
			/* Leading zeros aside, a value that fits in 8 bytes has
			 * at most 20 digits. */
			while (vlen > 1 && *f == '0') {
				f++;
				vlen--;
			}
			if (vlen > 20)
				return -EOPNOTSUPP;
			errno = 0;
			*value = strtoull(f, NULL, 10);
			return errno ? -EOPNOTSUPP : 1;
		}
		if (lifetime)
			return -EINVAL;
		if (!ksrtp__all_digits(f, flen) &&
		    !(flen > 2 && f[0] == '2' && f[1] == '^' && ksrtp__all_digits(f + 2, flen - 2)))
			return -EINVAL;
		lifetime = true;
		tail = f + flen;
	}
	return *tail ? -EINVAL : 0;
}

static int parse_sdes(const char *s, enum ksrtp_suite suite, uint8_t *key,
		      uint8_t *salt, uint8_t *mki, size_t *mki_len)
{
	int key_len = ksrtp_suite_key_len(suite);
	int salt_len = ksrtp_suite_salt_len(suite);
	uint8_t buf[INLINE_MAX];
	uint64_t value = 0;
	unsigned int len = 0, i;
	size_t b64len;
	int ret;

	if (mki_len)
		*mki_len = 0;
	if (key_len < 0 || salt_len < 0)
		return -EINVAL;
	if (!strncasecmp(s, "inline:", 7))
		s += 7;
	b64len = strcspn(s, "|");
	ret = check_tail(s + b64len, &value, &len);
	if (ret == 1 && !mki)
		ret = -EOPNOTSUPP;
	else if (ret == 1 && len > KSRTP_MKI_MAX_LEN)
		ret = -EOPNOTSUPP;
	else if (ret == 1 && len < 8 && value >> (8 * len))
		ret = -EINVAL;	/* the value does not fit in its length */
	else if (ret == 1)
		ret = 0;
	if (!ret)
		ret = ksrtp__b64_decode(s, b64len, buf, sizeof(buf));
	if (ret >= 0 && ret != key_len + salt_len)
		ret = -EMSGSIZE;
	if (ret >= 0) {
		memcpy(key, buf, key_len);
		memcpy(salt, buf + key_len, salt_len);
		for (i = 0; mki && i < len; i++)
			mki[i] = value >> (8 * (len - 1 - i));
		if (mki_len)
			*mki_len = len;
		ret = 0;
	} else {
		explicit_bzero(key, key_len);
		explicit_bzero(salt, salt_len);
		if (mki)
			memset(mki, 0, KSRTP_MKI_MAX_LEN);
	}
	explicit_bzero(buf, sizeof(buf));
	return ret;
}

int ksrtp_parse_sdes_inline(const char *s, enum ksrtp_suite suite,
			    uint8_t *key, uint8_t *salt)
{
	return parse_sdes(s, suite, key, salt, NULL, NULL);
}

int ksrtp_parse_sdes_inline_mki(const char *s, enum ksrtp_suite suite,
				uint8_t *key, uint8_t *salt, uint8_t *mki,
				size_t *mki_len)
{
	return parse_sdes(s, suite, key, salt, mki, mki_len);
}

int ksrtp_parse_mki(const char *s, uint8_t *mki)
{
	uint8_t buf[KSRTP_MKI_MAX_LEN];
	int n;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	n = ksrtp_parse_hex(s, buf, sizeof(buf));
	if (n < 0)
		return -EINVAL;
	memcpy(mki, buf, n);
	return n;
}

char *ksrtp_format_mki(const uint8_t *mki, size_t len, char *buf, size_t size)
{
	size_t i, pos;

	if (!size)
		return buf;
	pos = snprintf(buf, size, "0x");
	for (i = 0; i < len && pos + 2 < size; i++)
		pos += snprintf(buf + pos, size - pos, "%02x", mki[i]);
	return buf;
}

static int parse_port(const char *s, in_port_t *port)
{
	size_t len = strlen(s);
	unsigned int v;

	if (!ksrtp__all_digits(s, len) || len > 5 || sscanf(s, "%u", &v) != 1 ||
	    v < 1 || v > 65535)
		return -EINVAL;
	*port = htons(v);
	return 0;
}

int ksrtp_parse_sockaddr(const char *s, union ksrtp_sockaddr *addr)
{
	char host[INET6_ADDRSTRLEN];
	const char *end, *port;
	size_t len;

	memset(addr, 0, sizeof(*addr));
	if (s[0] == '[') {
		end = strchr(s, ']');
		if (!end || end[1] != ':')
			return -EINVAL;
		len = end - (s + 1);
		port = end + 2;
		if (len >= sizeof(host))
			return -EINVAL;
		memcpy(host, s + 1, len);
		host[len] = '\0';
		if (inet_pton(AF_INET6, host, &addr->sin6.sin6_addr) != 1 ||
		    parse_port(port, &addr->sin6.sin6_port))
			goto bad;
		addr->sin6.sin6_family = AF_INET6;
		return 0;
	}

	end = strchr(s, ':');
	if (!end || strchr(end + 1, ':'))
		return -EINVAL;	/* no port, or IPv6 without brackets */
	len = end - s;
	if (len >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, len);
	host[len] = '\0';
	if (inet_pton(AF_INET, host, &addr->sin.sin_addr) != 1 ||
	    parse_port(end + 1, &addr->sin.sin_port))
		goto bad;
	addr->sin.sin_family = AF_INET;
	return 0;

bad:
	memset(addr, 0, sizeof(*addr));
	return -EINVAL;
}

char *ksrtp_format_sockaddr(const union ksrtp_sockaddr *addr, char *buf,
			    size_t len)
{
	char host[INET6_ADDRSTRLEN];

	switch (addr->sa.sa_family) {
	case AF_UNSPEC:
		snprintf(buf, len, "any");
		break;
	case AF_INET:
		inet_ntop(AF_INET, &addr->sin.sin_addr, host, sizeof(host));
		snprintf(buf, len, "%s:%u", host, ntohs(addr->sin.sin_port));
		break;
	case AF_INET6:
		inet_ntop(AF_INET6, &addr->sin6.sin6_addr, host, sizeof(host));
		snprintf(buf, len, "[%s]:%u", host, ntohs(addr->sin6.sin6_port));
		break;
	default:
		snprintf(buf, len, "?");
		break;
	}
	return buf;
}
