/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_SELFTEST_H
#define _KSRTP_SELFTEST_H

#ifdef KSRTP_SELFTEST
/**
 * ksrtp_selftest_run() - the in-module self-tests, at load
 *
 * They report through the kernel log; a failure fails the load.
 *
 * Return: 0 if all passed, else -ENOTRECOVERABLE.
 */
int ksrtp_selftest_run(void);
#else
static inline int ksrtp_selftest_run(void)
{
	return 0;
}
#endif

#endif /* _KSRTP_SELFTEST_H */
