// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Command line words: keywords, numbers, addresses, directions, and the
 * loop over a command's "WORD VALUE" pairs.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "srtpctl.h"

/*
 * Index of word in the NULL-terminated keywords: an exact match, or else
 * the only keyword word is a prefix of. KEYWORD_NONE or KEYWORD_AMBIGUOUS.
 */
int match_keyword(const char *word, const char *const *keywords)
{
	size_t len = strlen(word);
	int i, found = KEYWORD_NONE;

	if (!len)
		return KEYWORD_NONE;
	for (i = 0; keywords[i]; i++) {
		if (!strcmp(word, keywords[i]))
			return i;
		if (!strncmp(word, keywords[i], len))
			found = found == KEYWORD_NONE ? i : KEYWORD_AMBIGUOUS;
	}
	return found;
}

/*
 * match_keyword() that prefers the first n keywords: a prefix of one of
 * them keeps meaning it when later keywords are added that share the
 * prefix, so that abbreviations that worked keep working.
 */
int match_keyword_first(const char *word, const char *const *keywords, int n)
{
	const char *first[64];
	int i, kw;

	for (i = 0; i < n && i < 63 && keywords[i]; i++)
		first[i] = keywords[i];
	first[i] = NULL;
	kw = match_keyword(word, first);
	if (kw != KEYWORD_NONE)
		return kw;
	return match_keyword(word, keywords);
}

/* Decimal, or hexadecimal with 0x; nothing else, no sign. */
bool parse_u64(const char *s, uint64_t *v)
{
	unsigned long long n;
	char *end;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s || s[strspn(s, base == 16 ? "0123456789abcdefABCDEF" : "0123456789")])
		return false;
	errno = 0;
	n = strtoull(s, &end, base);
	if (errno || *end)
		return false;
	*v = n;
	return true;
}

bool parse_u32(const char *s, uint32_t *v)
{
	uint64_t n;

	if (!parse_u64(s, &n) || n > UINT32_MAX)
		return false;
	*v = n;
	return true;
}

int mki_arg(const char *value, uint8_t *mki, size_t *mki_len)
{
	int n = ksrtp_parse_mki(value, mki);

	if (n < 0)
		return usage_error("mki: invalid MKI \"%s\" (expected 1 to %d bytes in hex, "
				   "2 digits a byte, e.g. 0x01 or 0x0001)", value,
				   KSRTP_MKI_MAX_LEN);
	*mki_len = n;
	return 0;
}

bool parse_port(const char *s, uint16_t *port)
{
	uint32_t v;

	if (!parse_u32(s, &v) || v < 1 || v > 65535)
		return false;
	*port = v;
	return true;
}

bool parse_direction(const char *s, enum ksrtp_direction *dir)
{
	static const char *const dirs[] = { "in", "out", NULL };

	switch (match_keyword(s, dirs)) {
	case 0:
		*dir = KSRTP_DIR_INBOUND;
		return true;
	case 1:
		*dir = KSRTP_DIR_OUTBOUND;
		return true;
	default:
		return false;
	}
}

int addr_arg(union ksrtp_sockaddr *a, const char *name, const char *value)
{
	if (ksrtp_parse_sockaddr(value, a))
		return usage_error("%s: invalid ADDR:PORT \"%s\" "
				   "(expected A.B.C.D:PORT or [IPV6]:PORT)", name, value);
	return 0;
}

int ssrc_arg(const char *value, uint32_t *ssrc)
{
	if (!parse_u32(value, ssrc))
		return usage_error("ssrc: invalid SSRC \"%s\" "
				   "(expected 0..4294967295 or 0x-hex)", value);
	return 0;
}

int handle_arg(const char *name, const char *what, const char *value, uint32_t *id)
{
	if (parse_u32(value, id) && *id)
		return 0;
	return usage_error("%s: invalid %s id \"%s\"", name, what, value);
}

int parse_word_list(const struct word_list *l, int argc, char **argv)
{
	bool flag;
	int kw, ret;

	for (; argc > 0; argc -= 2, argv += 2) {
		kw = match_keyword_first(argv[0], l->names, l->old ? l->old : INT_MAX);
		if (kw == KEYWORD_AMBIGUOUS)
			return usage_error("%s: ambiguous keyword \"%s\"", l->cmd, argv[0]);
		if (kw == KEYWORD_NONE || l->refused & 1u << kw)
			return usage_error("%s: unknown keyword \"%s\"", l->cmd, argv[0]);
		flag = l->flags & 1u << kw;
		if (!flag && argc < 2)
			return usage_error("%s: '%s' needs a value", l->cmd, l->names[kw]);
		ret = l->set(kw, flag ? NULL : argv[1], l->arg);
		if (ret)
			return ret;
		if (flag) {
			/* A word without a value. */
			argc++;
			argv--;
		}
	}
	return 0;
}
