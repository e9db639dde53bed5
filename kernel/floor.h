/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_FLOOR_H
#define _KSRTP_FLOOR_H

#ifdef KSRTP_SELFTEST
/**
 * ksrtp_floor_init() - the crypto floor's debugfs file (floor.c)
 *
 * At module load, in KSRTP_SELFTEST builds; production builds have none.
 * Without debugfs there is no file, and nothing fails.
 */
void ksrtp_floor_init(void);
/**
 * ksrtp_floor_exit() - remove it, at module unload
 */
void ksrtp_floor_exit(void);
#else
static inline void ksrtp_floor_init(void)
{
}

static inline void ksrtp_floor_exit(void)
{
}
#endif

#endif /* _KSRTP_FLOOR_H */
