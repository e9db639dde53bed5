// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * SRTP crypto suites by their SDES names (RFC 4568, RFC 6188, RFC 7714).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
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

int ksrtp_dtls_srtp_split(enum ksrtp_suite suite, const uint8_t *km,
			  size_t km_len, bool local_is_client,
			  enum ksrtp_direction dir, uint8_t *key, uint8_t *salt)
{
	int k = ksrtp_suite_key_len(suite), s = ksrtp_suite_salt_len(suite);
	bool client_side;

	if (k < 0 || s < 0 ||
	    (dir != KSRTP_DIR_OUTBOUND && dir != KSRTP_DIR_INBOUND))
		return -EINVAL;
	if (km_len != 2 * (size_t)(k + s))
		return -EMSGSIZE;
	/* Outbound: what we write; inbound: what the peer writes. */
	client_side = local_is_client == (dir == KSRTP_DIR_OUTBOUND);
	memcpy(key, km + (client_side ? 0 : k), k);
	memcpy(salt, km + 2 * k + (client_side ? 0 : s), s);
	return 0;
}
