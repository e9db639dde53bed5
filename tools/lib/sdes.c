// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * SDES crypto attributes (RFC 4568): a whole "a=crypto:" line, several
 * keys with their lifetimes and MKIs, session parameters. Messages name
 * the part at fault and never show key material. Also the a=extmap lines
 * that ask for encrypted header extension elements (RFC 6904).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* Room to decode any inline key, and to notice one that is too long. */
#define KEY_BUF		(2 * (KSRTP_MAX_KEY_LEN + KSRTP_MAX_SALT_LEN))
/* RFC 3711 section 9.2: at most 2^48 SRTP packets per master key. */
#define LIFETIME_MAX_LOG2	48

struct cursor {
	const char *s;		/* the rest of the line */
	char *err;
	size_t errlen;
};

static int fail(struct cursor *c, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct cursor *c, int ret, const char *fmt, ...)
{
	va_list ap;

	if (c->err && c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

static bool is_wsp(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Decimal digits (checked) to a number; false if it exceeds max. */
static bool decimal(const char *s, size_t len, uint64_t max, uint64_t *v)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (n > (max - (s[i] - '0')) / 10)
			return false;
		n = n * 10 + (s[i] - '0');
	}
	*v = n;
	return true;
}

/* The next field: its start and length, the cursor after it and blanks. */
static size_t next_field(struct cursor *c, const char **field)
{
	size_t len;

	*field = c->s;
	for (len = 0; c->s[len] && !is_wsp(c->s[len]); len++)
		;
	c->s += len;
	while (is_wsp(*c->s))
		c->s++;
	return len;
}

/* Suites with an SDES name that ksrtp does not implement. */
static const char *const unsupported_suites[] = {
	"F8_128_HMAC_SHA1_80", "F8_128_HMAC_SHA1_32", "SEED_CTR_128_HMAC_SHA1_80",
	"SEED_128_CCM_80", "SEED_128_GCM_96", NULL
};

static int parse_suite(struct cursor *c, const char *f, size_t len,
		       struct ksrtp_sdes_crypto *out)
{
	char name[40];
	int suite, i;

	if (!len)
		return fail(c, -EINVAL, "crypto-suite missing");
	if (len >= sizeof(name))
		return fail(c, -EINVAL, "crypto-suite: unknown suite (%zu characters)", len);
	memcpy(name, f, len);
	name[len] = '\0';
	for (i = 0; unsupported_suites[i]; i++)
		if (!strcasecmp(name, unsupported_suites[i]))
			return fail(c, -EOPNOTSUPP, "crypto-suite %s: not supported by ksrtp",
				    unsupported_suites[i]);
	suite = ksrtp_suite_from_name(name);
	if (suite == KSRTP_SUITE_NULL_HMAC_SHA1_80 || suite == KSRTP_SUITE_NULL_HMAC_SHA1_32)
		return fail(c, -EINVAL, "crypto-suite %s: not an SDES crypto-suite "
			    "(the NULL suites have no SDES name)", ksrtp_suite_name(suite));
	if (suite < 0) {
		for (i = 0; name[i]; i++)
			if ((unsigned char)name[i] < 0x21 || (unsigned char)name[i] > 0x7e)
				name[i] = '?';
		return fail(c, -EINVAL, "crypto-suite \"%s\": unknown suite", name);
	}
	out->suite = suite;
	out->key_len = ksrtp_suite_key_len(suite);
	out->salt_len = ksrtp_suite_salt_len(suite);
	return 0;
}

/* "|LIFETIME": decimal or 2^N, 1..2^48. */
static int parse_lifetime(struct cursor *c, unsigned int n, const char *f,
			  size_t len, struct ksrtp_sdes_key *k)
{
	uint64_t v;

	if (len > 2 && f[0] == '2' && f[1] == '^' &&
	    ksrtp__all_digits(f + 2, len - 2)) {
		if (!decimal(f + 2, len - 2, LIFETIME_MAX_LOG2, &v))
			return fail(c, -ERANGE, "key-params %u: lifetime above 2^%d packets",
				    n, LIFETIME_MAX_LOG2);
		k->lifetime = 1ULL << v;
	} else if (ksrtp__all_digits(f, len)) {
		if (!decimal(f, len, 1ULL << LIFETIME_MAX_LOG2, &v))
			return fail(c, -ERANGE, "key-params %u: lifetime above 2^%d packets",
				    n, LIFETIME_MAX_LOG2);
		if (!v)
			return fail(c, -ERANGE, "key-params %u: lifetime 0", n);
		k->lifetime = v;
	} else {
		return fail(c, -EINVAL, "key-params %u: malformed lifetime "
			    "(expected decimal or 2^N)", n);
	}
	k->has_lifetime = true;
	return 0;
}

/* "|MKI:LENGTH": decimal value and length in bytes (1..128 by RFC 4568). */
static int parse_mki(struct cursor *c, unsigned int n, const char *f,
		     size_t len, const char *colon, struct ksrtp_sdes_key *k)
{
	size_t vlen = colon - f, llen = len - vlen - 1, i;
	uint64_t mlen, value;

	if (!ksrtp__all_digits(f, vlen) || !ksrtp__all_digits(colon + 1, llen) || llen > 3 ||
	    !decimal(colon + 1, llen, 128, &mlen) || !mlen)
		return fail(c, -EINVAL, "key-params %u: malformed MKI "
			    "(expected MKI:LENGTH, decimal, LENGTH 1..128)", n);
	if (mlen > KSRTP_MKI_MAX_LEN)
		return fail(c, -EOPNOTSUPP, "key-params %u: MKI of %u bytes, ksrtp "
			    "takes at most %d", n, (unsigned int)mlen, KSRTP_MKI_MAX_LEN);
	if (!decimal(f, vlen, (1ULL << (8 * mlen)) - 1, &value))
		return fail(c, -EINVAL, "key-params %u: MKI value does not fit in %u "
			    "bytes", n, (unsigned int)mlen);
	for (i = 0; i < mlen; i++)
		k->mki[i] = value >> (8 * (mlen - 1 - i));
	k->mki_len = mlen;
	return 0;
}

/* One key-param of len characters at f: inline:BASE64[|LIFETIME][|MKI:LEN]. */
static int parse_key(struct cursor *c, unsigned int n, const char *f, size_t len,
		     const struct ksrtp_sdes_crypto *out, struct ksrtp_sdes_key *k)
{
	const char *end = f + len, *colon, *bar;
	uint8_t buf[KEY_BUF];
	size_t blen;
	int ret;

	colon = memchr(f, ':', len);
	if (!len)
		return fail(c, -EINVAL, "key-params %u: empty", n);
	if (!colon)
		return fail(c, -EINVAL, "key-params %u: expected inline:BASE64", n);
	if ((size_t)(colon - f) != 6 || strncasecmp(f, "inline", 6))
		return fail(c, -EOPNOTSUPP, "key-params %u: key method not supported "
			    "(only inline)", n);
	f = colon + 1;
	bar = memchr(f, '|', end - f);
	blen = (bar ? bar : end) - f;
	ret = ksrtp__b64_decode(f, blen, buf, sizeof(buf));
	if (ret == -EINVAL)
		ret = fail(c, -EINVAL, "key-params %u: the key is not valid base64", n);
	else if (ret >= 0 && (size_t)ret != out->key_len + out->salt_len)
		ret = fail(c, -EMSGSIZE, "key-params %u: the key decodes to %d bytes, "
			   "%s needs %zu (%zu-byte key, %zu-byte salt)", n, ret,
			   ksrtp_suite_name(out->suite), out->key_len + out->salt_len,
			   out->key_len, out->salt_len);
	else if (ret < 0)
		ret = fail(c, -EMSGSIZE, "key-params %u: the key decodes to more than "
			   "%d bytes, %s needs %zu", n, KEY_BUF,
			   ksrtp_suite_name(out->suite), out->key_len + out->salt_len);
	if (ret >= 0) {
		memcpy(k->key, buf, out->key_len);
		memcpy(k->salt, buf + out->key_len, out->salt_len);
		ret = 0;
	}
	explicit_bzero(buf, sizeof(buf));

	/* At most a lifetime, then at most an MKI. */
	while (!ret && bar) {
		f = bar + 1;
		bar = memchr(f, '|', end - f);
		len = (bar ? bar : end) - f;
		colon = memchr(f, ':', len);
		if (k->mki_len)
			ret = fail(c, -EINVAL, "key-params %u: a field after the MKI", n);
		else if (colon)
			ret = parse_mki(c, n, f, len, colon, k);
		else if (k->has_lifetime)
			ret = fail(c, -EINVAL, "key-params %u: two lifetimes", n);
		else
			ret = parse_lifetime(c, n, f, len, k);
	}
	return ret;
}

/* The MKI rules of RFC 4568 section 6.1 for several keys. */
static int check_mkis(struct cursor *c, const struct ksrtp_sdes_crypto *out)
{
	unsigned int i, j;

	if (out->nkeys < 2)
		return 0;
	for (i = 0; i < out->nkeys; i++) {
		if (!out->keys[i].mki_len)
			return fail(c, -EINVAL, "key-params %u: no MKI; with several "
				    "keys every key needs one", i + 1);
		if (out->keys[i].mki_len != out->keys[0].mki_len)
			return fail(c, -EINVAL, "key-params %u: MKI length %zu differs "
				    "from key-params 1's (%zu)", i + 1,
				    out->keys[i].mki_len, out->keys[0].mki_len);
		for (j = 0; j < i; j++)
			if (!memcmp(out->keys[i].mki, out->keys[j].mki,
				    out->keys[i].mki_len))
				return fail(c, -EINVAL, "key-params %u: same MKI value "
					    "as key-params %u", i + 1, j + 1);
	}
	return 0;
}

static int parse_keys(struct cursor *c, const char *f, size_t len,
		      struct ksrtp_sdes_crypto *out)
{
	const char *end = f + len, *semi;
	int ret;

	if (!len)
		return fail(c, -EINVAL, "key-params missing");
	for (;;) {
		semi = memchr(f, ';', end - f);
		if (out->nkeys == KSRTP_SDES_MAX_KEYS)
			return fail(c, -E2BIG, "more than %d key-params",
				    KSRTP_SDES_MAX_KEYS);
		ret = parse_key(c, out->nkeys + 1, f, (semi ? semi : end) - f, out,
				&out->keys[out->nkeys]);
		out->nkeys++;
		if (ret)
			return ret;
		if (!semi)
			break;
		f = semi + 1;
	}
	return check_mkis(c, out);
}

/* The parameter's name: the part before '=', printable, for messages. */
static void param_name(const char *f, size_t len, char *name, size_t size)
{
	size_t i;

	for (i = 0; i < len && f[i] != '=' && i + 1 < size; i++)
		name[i] = ((unsigned char)f[i] < 0x21 || (unsigned char)f[i] > 0x7e) ?
			  '?' : f[i];
	name[i] = '\0';
}

static int parse_session_param(struct cursor *c, const char *f, size_t len,
			       struct ksrtp_sdes_crypto *out)
{
	const char *eq = memchr(f, '=', len);
	size_t nlen = eq ? (size_t)(eq - f) : len;
	const char *v = eq ? eq + 1 : NULL;
	size_t vlen = eq ? len - nlen - 1 : 0;
	char name[33];
	uint64_t wsh;

#define IS(word) (nlen == sizeof(word) - 1 && !strncmp(f, word, nlen))
	if (IS("WSH") && eq) {
		if (out->has_wsh)
			return fail(c, -EINVAL, "session parameter WSH given twice");
		if (!ksrtp__all_digits(v, vlen) || vlen < 2 || !decimal(v, vlen, UINT32_MAX, &wsh) ||
		    wsh < 64)
			return fail(c, -EINVAL, "session parameter WSH: expected a window "
				    "size of at least 64");
		out->has_wsh = true;
		out->wsh = wsh;
		return 0;
	}
	if (IS("FEC_ORDER") && eq) {
		if (vlen == 8 && !strncmp(v, "SRTP_FEC", 8))
			return 0;	/* the default: FEC, if any, after SRTP */
		if (vlen == 8 && !strncmp(v, "FEC_SRTP", 8))
			return fail(c, -EOPNOTSUPP, "session parameter FEC_ORDER=FEC_SRTP: "
				    "not supported (ksrtp applies SRTP to the packets as sent)");
		return fail(c, -EINVAL, "session parameter FEC_ORDER: expected SRTP_FEC "
			    "or FEC_SRTP");
	}
	if (IS("KDR"))
		return fail(c, -EOPNOTSUPP, "session parameter KDR: not supported (ksrtp "
			    "derives the session keys once per master key: key derivation "
			    "rate 0)");
	/* RFC 4568 section 6.3.2: flags, each once. */
	if (IS("UNENCRYPTED_SRTP") || IS("UNENCRYPTED_SRTCP") ||
	    IS("UNAUTHENTICATED_SRTP")) {
		bool *flag = IS("UNENCRYPTED_SRTP") ? &out->unencrypted_srtp :
			     IS("UNENCRYPTED_SRTCP") ? &out->unencrypted_srtcp :
			     &out->unauthenticated_srtp;

		param_name(f, len, name, sizeof(name));
		if (eq)
			return fail(c, -EINVAL, "session parameter %s takes no value", name);
		if (*flag)
			return fail(c, -EINVAL, "session parameter %s given twice", name);
		*flag = true;
		return 0;
	}
	if (IS("FEC_KEY"))
		return fail(c, -EOPNOTSUPP, "session parameter FEC_KEY: not supported");
#undef IS
	param_name(f, len, name, sizeof(name));
	return fail(c, -EOPNOTSUPP, "session parameter %s: unknown, not supported", name);
}

static int parse_line(struct cursor *c, struct ksrtp_sdes_crypto *out)
{
	const char *f;
	uint64_t tag;
	size_t len;
	int ret;

	while (is_wsp(*c->s))
		c->s++;
	if (!strncasecmp(c->s, "a=", 2))
		c->s += 2;
	if (strncasecmp(c->s, "crypto:", 7))
		return fail(c, -EINVAL, "not an SDES crypto attribute (expected "
			    "a=crypto:TAG SUITE inline:...)");
	c->s += 7;
	len = next_field(c, &f);
	if (!ksrtp__all_digits(f, len) || len > 9 || !decimal(f, len, UINT32_MAX, &tag))
		return fail(c, -EINVAL, "tag: expected 1 to 9 decimal digits");
	out->tag = tag;
	len = next_field(c, &f);
	ret = parse_suite(c, f, len, out);
	if (ret)
		return ret;
	len = next_field(c, &f);
	ret = parse_keys(c, f, len, out);
	while (!ret && *c->s) {
		len = next_field(c, &f);
		ret = parse_session_param(c, f, len, out);
	}
	return ret;
}

/*
 * One SDP line into @copy (@size bytes), without its trailing blanks and
 * line end, for @c to walk; the error message emptied first.
 */
static int line_start(struct cursor *c, const char *line, char *copy,
		      size_t size)
{
	size_t len = strlen(line);

	if (c->err && c->errlen)
		c->err[0] = '\0';
	while (len && strchr(" \t\r\n", line[len - 1]))
		len--;
	if (len >= size)
		return fail(c, -EINVAL, "longer than %zu characters", size - 1);
	if (memchr(line, '\n', len) || memchr(line, '\r', len))
		return fail(c, -EINVAL, "more than one line");
	memcpy(copy, line, len);
	copy[len] = '\0';
	c->s = copy;
	return 0;
}

int ksrtp_parse_sdes_crypto(const char *line, struct ksrtp_sdes_crypto *out,
			    char *errmsg, size_t errlen)
{
	struct cursor c = { .err = errmsg, .errlen = errlen };
	char copy[4096];
	int ret;

	memset(out, 0, sizeof(*out));
	ret = line_start(&c, line, copy, sizeof(copy));
	if (ret)
		return ret;
	ret = parse_line(&c, out);
	explicit_bzero(copy, sizeof(copy));
	if (ret)
		explicit_bzero(out, sizeof(*out));
	return ret;
}
DEFAULT_VERSION(ksrtp_parse_sdes_crypto, KSRTP_6);

/* RFC 6904 section 5 (the URN is case-insensitive, RFC 8141). */
#define ENCRYPT_URN	"urn:ietf:params:rtp-hdrext:encrypt"

static bool is_direction(const char *f, size_t len)
{
	static const char *const dirs[] = {
		"sendonly", "recvonly", "sendrecv", "inactive", NULL
	};
	unsigned int i;

	for (i = 0; dirs[i]; i++)
		if (len == strlen(dirs[i]) && !strncmp(f, dirs[i], len))
			return true;
	return false;
}

static int parse_extmap(struct cursor *c, uint8_t *id)
{
	const char *f, *value, *slash;
	size_t len, vlen;
	uint64_t v;

	while (is_wsp(*c->s))
		c->s++;
	if (!strncasecmp(c->s, "a=", 2))
		c->s += 2;
	if (strncasecmp(c->s, "extmap:", 7))
		return fail(c, -ENOENT, "not an a=extmap line");
	c->s += 7;
	vlen = next_field(c, &value);
	len = next_field(c, &f);
	if (len != strlen(ENCRYPT_URN) || strncasecmp(f, ENCRYPT_URN, len))
		return 0;
	/* ID[/DIRECTION] */
	slash = memchr(value, '/', vlen);
	len = slash ? (size_t)(slash - value) : vlen;
	if (!len || len > 3 || !ksrtp__all_digits(value, len) ||
	    !decimal(value, len, 255, &v) || !v)
		return fail(c, -EINVAL, "a=extmap: ID \"%.*s\": expected 1 to 255 "
			    "(RFC 8285)", (int)(len > 16 ? 16 : len), value);
	if (slash && !is_direction(slash + 1, vlen - len - 1))
		return fail(c, -EINVAL, "a=extmap:%u: direction \"%.*s\": expected "
			    "sendonly, recvonly, sendrecv or inactive", (unsigned int)v,
			    (int)(vlen - len - 1 > 16 ? 16 : vlen - len - 1), slash + 1);
	len = next_field(c, &f);
	if (!len)
		return fail(c, -EINVAL, "a=extmap:%u " ENCRYPT_URN ": no URI of the "
			    "extension to encrypt (RFC 6904 section 5)", (unsigned int)v);
	if (len == strlen(ENCRYPT_URN) && !strncasecmp(f, ENCRYPT_URN, len))
		return fail(c, -EINVAL, "a=extmap:%u " ENCRYPT_URN ": the extension to "
			    "encrypt is the encrypt URN itself", (unsigned int)v);
	/* The rest: the encrypted extension's own attributes. */
	*id = (uint8_t)v;
	return 1;
}

int ksrtp_parse_sdp_extmap(const char *line, uint8_t *id, char *errmsg,
			   size_t errlen)
{
	struct cursor c = { .err = errmsg, .errlen = errlen };
	char copy[4096];
	int ret;

	ret = line_start(&c, line, copy, sizeof(copy));
	return ret ? ret : parse_extmap(&c, id);
}
