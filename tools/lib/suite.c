// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * SRTP crypto suites by their SDES names (RFC 4568, RFC 6188, RFC 7714).
 */
#include <errno.h>
#include <stdbool.h>
#include <strings.h>

#include "ksrtp.h"

static const struct {
	const char *name;
	int key_len;
	int salt_len;
} suites[] = {
	[KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80]	= { "AES_CM_128_HMAC_SHA1_80", 16, 14 },
	[KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32]	= { "AES_CM_128_HMAC_SHA1_32", 16, 14 },
	[KSRTP_SUITE_AES_192_CM_HMAC_SHA1_80]	= { "AES_192_CM_HMAC_SHA1_80", 24, 14 },
	[KSRTP_SUITE_AES_192_CM_HMAC_SHA1_32]	= { "AES_192_CM_HMAC_SHA1_32", 24, 14 },
	[KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80]	= { "AES_256_CM_HMAC_SHA1_80", 32, 14 },
	[KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32]	= { "AES_256_CM_HMAC_SHA1_32", 32, 14 },
	/* The NULL suites keep AES_CM_128's key and salt lengths. */
	[KSRTP_SUITE_NULL_HMAC_SHA1_80]		= { "NULL_HMAC_SHA1_80", 16, 14 },
	[KSRTP_SUITE_NULL_HMAC_SHA1_32]		= { "NULL_HMAC_SHA1_32", 16, 14 },
	/* RFC 7714: 96-bit salt */
	[KSRTP_SUITE_AEAD_AES_128_GCM]		= { "AEAD_AES_128_GCM", 16, 12 },
	[KSRTP_SUITE_AEAD_AES_256_GCM]		= { "AEAD_AES_256_GCM", 32, 12 },
};

#define NSUITES ((int)(sizeof(suites) / sizeof(suites[0])))

static bool known(enum ksrtp_suite suite)
{
	return (int)suite > 0 && (int)suite < NSUITES && suites[suite].name;
}

const char *ksrtp_suite_name(enum ksrtp_suite suite)
{
	return known(suite) ? suites[suite].name : NULL;
}

int ksrtp_suite_from_name(const char *name)
{
	int i;

	for (i = 1; i < NSUITES; i++)
		if (suites[i].name && !strcasecmp(name, suites[i].name))
			return i;
	return -EINVAL;
}

int ksrtp_suite_key_len(enum ksrtp_suite suite)
{
	return known(suite) ? suites[suite].key_len : -EINVAL;
}

int ksrtp_suite_salt_len(enum ksrtp_suite suite)
{
	return known(suite) ? suites[suite].salt_len : -EINVAL;
}
