/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel versions ksrtp builds against, detected
 * by Kbuild from the headers rather than from version numbers.
 */
#ifndef _KSRTP_COMPAT_H
#define _KSRTP_COMPAT_H

#include <net/genetlink.h>

#ifdef KSRTP_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* The request attributes of a dump (6.6 moved them into a genl_info). */
static inline struct nlattr **ksrtp_dump_attrs(struct netlink_callback *cb)
{
#ifdef KSRTP_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _KSRTP_COMPAT_H */
