/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel versions ksrtp builds against, detected
 * by Kbuild from the headers rather than from version numbers.
 */
#ifndef _KSRTP_COMPAT_H
#define _KSRTP_COMPAT_H

#ifdef KSRTP_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#endif /* _KSRTP_COMPAT_H */
