/* SPDX-License-Identifier: GPL-2.0 */
/* Differences between the kernel versions ksrtp builds against. */
#ifndef _KSRTP_COMPAT_H
#define _KSRTP_COMPAT_H

#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#endif /* _KSRTP_COMPAT_H */
