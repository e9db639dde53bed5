// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * KEYSPEC: master key and salt from the command line, a file or standard
 * input. Error messages name the argument at fault, never its value.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "srtpctl.h"

bool stdin_is_batch;

/* Decode hex into exactly want bytes of buf. */
static int decode_hex(const char *hex, uint8_t *buf, size_t size, int want,
		      const char *what, enum ksrtp_suite suite,
		      char *err, size_t errlen)
{
	int n = ksrtp_parse_hex(hex, buf, size);

	if (n == -EINVAL) {
		snprintf(err, errlen, "%s: not a hex string (expected %d hex digits)",
			 what, 2 * want);
		return -1;
	}
	if (n != want) {
		/* The length is no secret; the digits are. */
		snprintf(err, errlen, "%s: %s needs %d bytes (%d hex digits), got %zu",
			 what, ksrtp_suite_name(suite), want, 2 * want, strlen(hex) / 2);
		explicit_bzero(buf, size);
		return -1;
	}
	return 0;
}

static int decode_inline(const char *s, const char *what,
			 struct ksrtp_ctx_params *p, char *err, size_t errlen)
{
	switch (ksrtp_parse_sdes_inline_mki(s, p->suite, p->key, p->salt,
					    p->mki, &p->mki_len)) {
	case 0:
		return 0;
	case -EMSGSIZE:
		snprintf(err, errlen, "%s: does not decode to the %zu-byte key and "
			 "%zu-byte salt of %s", what, p->key_len, p->salt_len,
			 ksrtp_suite_name(p->suite));
		return -1;
	case -EOPNOTSUPP:
		snprintf(err, errlen, "%s: MKI longer than %d bytes", what,
			 KSRTP_MKI_MAX_LEN);
		return -1;
	default:
		snprintf(err, errlen, "%s: not an SDES inline key "
			 "(expected inline:BASE64[|LIFETIME][|MKI:LENGTH], BASE64 of key||salt)",
			 what);
		return -1;
	}
}

static bool is_crypto_line(const char *line)
{
	if (!strncasecmp(line, "a=", 2))
		line += 2;
	return !strncasecmp(line, "crypto:", 7);
}

/*
 * An SDES crypto attribute: its first key into p (its MKI, if any, is the
 * context's), the others into x. Its suite must be p's, or becomes p's if
 * p has none yet.
 */
static int crypto_decode(const char *line, const char *source,
			 struct ksrtp_ctx_params *p, struct sdes_extra *x,
			 char *err, size_t errlen)
{
	struct ksrtp_sdes_crypto c;
	char why[KSRTP_SDES_ERRMSG_LEN];
	unsigned int i;
	int ret = -1;

	if (ksrtp_parse_sdes_crypto(line, &c, why, sizeof(why))) {
		snprintf(err, errlen, "%s: a=crypto: %s", source, why);
		return -1;
	}
	if (p->suite && c.suite != p->suite) {
		snprintf(err, errlen, "%s: the a=crypto line is for %s, the context "
			 "for %s", source, ksrtp_suite_name(c.suite),
			 ksrtp_suite_name(p->suite));
		goto out;
	}
	if (c.nkeys > 1 && !x) {
		snprintf(err, errlen, "%s: the a=crypto line has %u keys, only one "
			 "is taken here", source, c.nkeys);
		goto out;
	}
	p->suite = c.suite;
	/* RFC 4568 section 6.3.2: as the words of the same names. */
	p->unencrypted_srtp |= c.unencrypted_srtp;
	p->unencrypted_srtcp |= c.unencrypted_srtcp;
	p->unauthenticated_srtp |= c.unauthenticated_srtp;
	p->key_len = c.key_len;
	p->salt_len = c.salt_len;
	memcpy(p->key, c.keys[0].key, c.key_len);
	memcpy(p->salt, c.keys[0].salt, c.salt_len);
	memcpy(p->mki, c.keys[0].mki, c.keys[0].mki_len);
	p->mki_len = c.keys[0].mki_len;
	if (x) {
		memset(x, 0, sizeof(*x));
		for (i = 1; i < c.nkeys; i++) {
			struct ksrtp_key_params *k = &x->keys[i - 1];

			memcpy(k->key, c.keys[i].key, c.key_len);
			k->key_len = c.key_len;
			memcpy(k->salt, c.keys[i].salt, c.salt_len);
			k->salt_len = c.salt_len;
			memcpy(k->mki, c.keys[i].mki, c.keys[i].mki_len);
			k->mki_len = c.keys[i].mki_len;
		}
		x->nkeys = c.nkeys - 1;
		x->wsh = c.has_wsh ? c.wsh : 0;
	}
	ret = 0;
out:
	explicit_bzero(&c, sizeof(c));
	return ret;
}

int key_line_decode(char *line, const char *source, struct ksrtp_ctx_params *p,
		    struct sdes_extra *x, char *err, size_t errlen)
{
	static const char space[] = " \t\r\n\v\f";
	uint8_t both[KSRTP_MAX_KEY_LEN + KSRTP_MAX_SALT_LEN];
	char what[256], *tok[3] = { NULL };
	size_t len;
	int ntok = 0, ret;

	line += strspn(line, space);
	len = strlen(line);
	while (len && strchr(space, line[len - 1]))
		line[--len] = '\0';
	if (strpbrk(line, "\r\n")) {
		snprintf(err, errlen, "%s: more than one line", source);
		return -1;
	}
	if (is_crypto_line(line))
		return crypto_decode(line, source, p, x, err, errlen);
	if (!p->suite) {
		snprintf(err, errlen, "'suite SUITE' is required: %s holds no "
			 "a=crypto line", source);
		return -1;
	}
	p->key_len = ksrtp_suite_key_len(p->suite);
	p->salt_len = ksrtp_suite_salt_len(p->suite);
	if (!strncasecmp(line, "inline:", 7))
		return decode_inline(line, source, p, err, errlen);

	while (ntok < 3 && *line) {
		tok[ntok++] = line;
		line += strcspn(line, space);
		if (*line) {
			*line++ = '\0';
			line += strspn(line, space);
		}
	}
	if (ntok == 1) {
		snprintf(what, sizeof(what), "%s: key||salt", source);
		ret = decode_hex(tok[0], both, sizeof(both), p->key_len + p->salt_len,
				 what, p->suite, err, errlen);
		if (!ret) {
			memcpy(p->key, both, p->key_len);
			memcpy(p->salt, both + p->key_len, p->salt_len);
		}
		explicit_bzero(both, sizeof(both));
		return ret;
	}
	if (ntok == 2) {
		snprintf(what, sizeof(what), "%s: key", source);
		if (decode_hex(tok[0], p->key, sizeof(p->key), p->key_len, what,
			       p->suite, err, errlen))
			return -1;
		snprintf(what, sizeof(what), "%s: salt", source);
		return decode_hex(tok[1], p->salt, sizeof(p->salt), p->salt_len, what,
				  p->suite, err, errlen);
	}
	snprintf(err, errlen, "%s: expected one line 'a=crypto:TAG SUITE inline:...', "
		 "'inline:BASE64', 'HEX' (key||salt) or 'HEXKEY HEXSALT'", source);
	return -1;
}

/*
 * a=cryptex (RFC 9335 section 5), on lines of their own anywhere in a key
 * file, as the SDP has it at session or media level: set *cryptex and
 * blank them, so that the key is left alone on its line. 0, or -1 for an
 * a=cryptex with a value (it has none).
 */
static int take_cryptex(char *buf, const char *source, bool *cryptex,
			char *err, size_t errlen)
{
	static const char space[] = " \t\r\v\f";
	char *line, *next, *s;
	size_t len;

	for (line = buf; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			next++;
		s = line + strspn(line, space);
		if (strncasecmp(s, "a=cryptex", 9) ||
		    (s[9] && s[9] != ':' && s[9] != '\n' && !strchr(space, s[9])))
			continue;
		len = next ? (size_t)(next - line) : strlen(line);
		s += 9;
		s += strspn(s, space);
		if (*s && *s != '\n') {
			snprintf(err, errlen, "%s: a=cryptex takes no value "
				 "(RFC 9335 section 5)", source);
			return -1;
		}
		memset(line, ' ', len);
		*cryptex = true;
	}
	return 0;
}

void ext_id_add(struct ksrtp_ctx_params *p, uint8_t id)
{
	unsigned int i;

	for (i = 0; i < p->n_enc_ext_ids; i++)
		if (p->enc_ext_ids[i] == id)
			return;
	if (p->n_enc_ext_ids < KSRTP_ENC_EXT_IDS_MAX)
		p->enc_ext_ids[p->n_enc_ext_ids++] = id;
}

/*
 * a=extmap lines (RFC 8285), on lines of their own anywhere in a key file,
 * as the SDP of the media has them: those that ask for an encrypted
 * extension (RFC 6904 section 5, a=extmap:ID urn:ietf:params:rtp-hdrext:
 * encrypt URI) add ID to p's; the others are ignored (their extensions go
 * in the clear). Blank both kinds, so that the key is left alone on its
 * line. 0, or -1 for a malformed encrypting line, named by its number.
 */
static int take_extmap(char *buf, const char *source, struct ksrtp_ctx_params *p,
		       char *err, size_t errlen)
{
	static const char space[] = " \t\r\v\f";
	char line_copy[1024], why[KSRTP_SDES_ERRMSG_LEN];
	char *line, *next, *s;
	unsigned int n = 0;
	size_t len;
	uint8_t id;
	int ret;

	for (line = buf; line; line = next) {
		n++;
		next = strchr(line, '\n');
		if (next)
			next++;
		s = line + strspn(line, space);
		if (strncasecmp(s, "a=extmap:", 9))
			continue;
		len = next ? (size_t)(next - line) : strlen(line);
		/* A line longer than this is no a=extmap line of any SDP. */
		if (len >= sizeof(line_copy)) {
			snprintf(err, errlen, "%s: line %u: a=extmap line too long", source, n);
			return -1;
		}
		memcpy(line_copy, line, len);
		line_copy[len] = '\0';
		ret = ksrtp_parse_sdp_extmap(line_copy, &id, why, sizeof(why));
		if (ret < 0) {
			line_copy[strcspn(line_copy, "\r\n")] = '\0';
			snprintf(err, errlen, "%s: line %u (%.120s): %s", source, n,
				 line_copy + strspn(line_copy, space), why);
			return -1;
		}
		if (ret == 1)
			ext_id_add(p, id);
		memset(line, ' ', len);
	}
	return 0;
}

/*
 * DTLS-SRTP keying material (RFC 5764 4.2), in hex on one line: the
 * context's direction and the local role pick key and salt.
 */
static int dtls_decode(char *line, const char *source, bool client,
		       struct ksrtp_ctx_params *p, char *err, size_t errlen)
{
	static const char space[] = " \t\r\n\v\f";
	uint8_t km[2 * (KSRTP_MAX_KEY_LEN + KSRTP_MAX_SALT_LEN)];
	size_t want = 2 * (p->key_len + p->salt_len), len;
	char what[340];
	int ret;

	line += strspn(line, space);
	len = strcspn(line, space);
	if (line[len + strspn(line + len, space)]) {
		snprintf(err, errlen, "%s: expected the DTLS-SRTP keying material "
			 "as one hex string", source);
		return -1;
	}
	line[len] = '\0';
	snprintf(what, sizeof(what), "%s: DTLS-SRTP keying material", source);
	if (decode_hex(line, km, sizeof(km), want, what, p->suite, err, errlen))
		return -1;
	ret = ksrtp_dtls_srtp_split(p->suite, km, want, client, p->tuple.direction,
				    p->key, p->salt);
	explicit_bzero(km, sizeof(km));
	if (ret) {
		snprintf(err, errlen, "%s: cannot split it for %s", what,
			 ksrtp_suite_name(p->suite));
		return -1;
	}
	return 0;
}

/*
 * Read a whole key file into buf (NUL-terminated). read(2) rather than
 * stdio, so that no buffer outside ours ever holds the key.
 */
int read_key_file(const char *path, char *buf, size_t size,
		  char *err, size_t errlen)
{
	bool is_stdin = !strcmp(path, "-");
	size_t len = 0;
	ssize_t n;
	int fd;

	if (is_stdin && stdin_is_batch) {
		snprintf(err, errlen, "key-file -: standard input carries the batch; "
			 "give the key in the line or in a file");
		return -1;
	}
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(err, errlen, "key-file %s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
		if (len == size - 1) {
			char c;

			if (read(fd, &c, 1) == 1) {
				explicit_bzero(&c, 1);
				errno = EFBIG;
				n = -1;
			}
			break;
		}
	}
	if (n < 0) {
		snprintf(err, errlen, "key-file %s: %s",
			 is_stdin ? "(standard input)" : path,
			 errno == EFBIG ? "too large for a key file" : strerror(errno));
	} else if (memchr(buf, '\0', len)) {
		snprintf(err, errlen, "key-file %s: contains a NUL byte",
			 is_stdin ? "(standard input)" : path);
		n = -1;
	}
	if (!is_stdin)
		close(fd);
	if (n < 0) {
		explicit_bzero(buf, size);
		return -1;
	}
	buf[len] = '\0';
	return 0;
}

void wipe_arg(char *arg)
{
	if (arg)
		explicit_bzero(arg, strlen(arg));
}

int keyspec_decode(const struct key *k, struct ksrtp_ctx_params *p,
		   struct sdes_extra *x, char *err, size_t errlen)
{
	char buf[4096], source[300];
	int ret;

	if (x)
		memset(x, 0, sizeof(*x));
	p->mki_len = 0;
	if (!k->file || k->dtls_role) {
		/* Checked before: only a key file may supply the suite. */
		p->key_len = ksrtp_suite_key_len(p->suite);
		p->salt_len = ksrtp_suite_salt_len(p->suite);
	}

	if (k->key_hex)
		return decode_hex(k->key_hex, p->key, sizeof(p->key), p->key_len,
				  "key", p->suite, err, errlen) ||
		       decode_hex(k->salt_hex, p->salt, sizeof(p->salt), p->salt_len,
				  "salt", p->suite, err, errlen) ? -1 : 0;
	if (k->inline_b64)
		return decode_inline(k->inline_b64, "inline", p, err, errlen);

	if (read_key_file(k->file, buf, sizeof(buf), err, errlen))
		return -1;
	snprintf(source, sizeof(source), "key-file %s",
		 strcmp(k->file, "-") ? k->file : "(standard input)");
	/* a=extmap first: its messages count the lines as the file has them. */
	if (take_extmap(buf, source, p, err, errlen) ||
	    take_cryptex(buf, source, &p->cryptex, err, errlen))
		ret = -1;
	else if (k->dtls_role)
		ret = dtls_decode(buf, source, k->dtls_role == 1, p, err, errlen);
	else
		ret = key_line_decode(buf, source, p, x, err, errlen);
	explicit_bzero(buf, sizeof(buf));
	return ret;
}
