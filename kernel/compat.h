/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel versions ksrtp builds against, detected
 * by Kbuild from the headers rather than from version numbers. The rest
 * of the module is written against current mainline; what older kernels
 * lack is supplied here.
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

#ifndef GENL_REQ_ATTR_CHECK
/*
 * Before 6.1 an extended ack cannot name a missing attribute; every use
 * here is followed by a message that names it in words.
 */
#define NL_SET_ERR_ATTR_MISS(extack, nest, type)	do { } while (0)
#define GENL_REQ_ATTR_CHECK(info, attr)	(!(info)->attrs[attr])
#endif

#ifndef KSRTP_HAVE_KFREE_SKB_REASON
/* 5.10 has no drop reasons. */
#define kfree_skb_reason(skb, reason)	kfree_skb(skb)
#endif

#ifndef KSRTP_HAVE_NF_DEFRAG_IPV6_DISABLE
/*
 * Before 5.13 IPv6 defragmentation, once enabled for a namespace, stays
 * on until the namespace goes; there is nothing to undo.
 */
static inline void nf_defrag_ipv6_disable(struct net *net)
{
}
#endif

#ifndef KSRTP_HAVE_IP6_SKB_DST_MTU_CONST
/* 5.10's takes a non-const skb that it only reads. */
#include <net/ip6_route.h>
#define ip6_skb_dst_mtu(skb)	ip6_skb_dst_mtu((struct sk_buff *)(skb))
#endif

#if defined(CONFIG_MEMCG) && !defined(KSRTP_HAVE_INT_ACTIVE_MEMCG)
/*
 * 5.10's set_active_memcg() uses an unexported per-CPU slot in interrupt
 * context; ksrtp sets the memcg in process context only.
 */
#include <linux/sched/mm.h>

static inline struct mem_cgroup *
ksrtp_set_active_memcg(struct mem_cgroup *memcg)
{
	struct mem_cgroup *old = current->active_memcg;

	WARN_ON_ONCE(in_interrupt());
	current->active_memcg = memcg;
	return old;
}
#define set_active_memcg(memcg)	ksrtp_set_active_memcg(memcg)
#endif

#ifndef KSRTP_HAVE_CRYPTO_AEAD_DRIVER_NAME
#include <crypto/aead.h>

static inline const char *crypto_aead_driver_name(struct crypto_aead *tfm)
{
	return crypto_tfm_alg_driver_name(crypto_aead_tfm(tfm));
}
#endif

#endif /* _KSRTP_COMPAT_H */
