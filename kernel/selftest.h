/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_SELFTEST_H
#define _KSRTP_SELFTEST_H

#ifdef KSRTP_SELFTEST
int ksrtp_selftest_run(void);
#else
static inline int ksrtp_selftest_run(void)
{
	return 0;
}
#endif

#endif /* _KSRTP_SELFTEST_H */
