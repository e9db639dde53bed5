/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel versions ksrtp builds against, detected
 * by Kbuild from the headers rather than from version numbers. The rest
 * of the module is written against current mainline; what older kernels
 * lack is supplied here (and, where it needs state, in compat.c).
 */
#ifndef _KSRTP_COMPAT_H
#define _KSRTP_COMPAT_H

#include <crypto/aes.h>
#include <net/genetlink.h>

#ifdef KSRTP_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#ifdef KSRTP_HAVE_LINUX_HEX_H
#include <linux/hex.h>
#else
#include <linux/kernel.h>
#endif

#ifdef KSRTP_HAVE_CRYPTO_SHA1_H
#include <crypto/sha1.h>
#else
#include <crypto/sha.h>
#endif

/**
 * ksrtp_dump_attrs() - the request attributes of a dump
 * @cb: the dump
 *
 * 6.6 moved them into a genl_info.
 *
 * Return: the attributes, indexed by KSRTP_A_*.
 */
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
/**
 * nf_defrag_ipv6_disable() - stand-in: nothing to undo
 * @net: the namespace
 *
 * Before 5.13 IPv6 defragmentation, once enabled for a namespace, stays
 * on until the namespace goes.
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
#include <linux/sched/mm.h>

/**
 * ksrtp_set_active_memcg() - set_active_memcg() for 5.10
 * @memcg: the memory cgroup to charge, or NULL
 *
 * 5.10's set_active_memcg() uses an unexported per-CPU slot in interrupt
 * context; ksrtp sets the memcg in process context only.
 *
 * Return: the memory cgroup that was active.
 */
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

/**
 * crypto_aead_driver_name() - stand-in for 5.10
 * @tfm: the transform
 *
 * Return: the name of the driver that implements it.
 */
static inline const char *crypto_aead_driver_name(struct crypto_aead *tfm)
{
	return crypto_tfm_alg_driver_name(crypto_aead_tfm(tfm));
}
#endif

#ifndef KSRTP_HAVE_AES_ENCKEY
/*
 * Before struct aes_enckey the AES library's key was struct crypto_aes_ctx
 * (encryption and decryption round keys), expanded by aes_expandkey();
 * aes_encrypt() took it where it now takes the prepared encryption key.
 */
#define aes_enckey crypto_aes_ctx

/**
 * aes_prepareenckey() - stand-in: expand an AES key with aes_expandkey()
 * @key: the expanded key
 * @in_key: the raw key
 * @key_len: its length: 16, 24 or 32
 *
 * Return: 0, or -EINVAL for another length.
 */
static inline int aes_prepareenckey(struct crypto_aes_ctx *key,
				    const u8 *in_key, size_t key_len)
{
	return aes_expandkey(key, in_key, key_len);
}
#endif

#ifndef KSRTP_HAVE_HMAC_SHA1_LIB
/**
 * struct hmac_sha1_key - stand-in for the HMAC-SHA1 library's prepared key
 * @istate: the SHA-1 chaining state after the inner pad block
 * @ostate: the SHA-1 chaining state after the outer pad block
 *
 * Before the HMAC-SHA1 library (6.17), continued by the shared "sha1"
 * shash of compat.c. Written by ksrtp_hmac_sha1_preparekey(), read-only
 * afterwards.
 */
struct hmac_sha1_key {
	u32 istate[SHA1_DIGEST_SIZE / 4];
	u32 ostate[SHA1_DIGEST_SIZE / 4];
};

/**
 * ksrtp_hmac_sha1_preparekey() - prepare an HMAC-SHA1 key
 * @key: the prepared key
 * @raw_key: the key
 * @raw_key_len: its length
 *
 * hmac_sha1_preparekey() of the library (6.17), or the same on the
 * "sha1" shash before it. The library cannot fail; the shash can, so
 * callers check the return value either way.
 *
 * Return: 0, or a negative errno of the shash.
 */
int ksrtp_hmac_sha1_preparekey(struct hmac_sha1_key *key, const u8 *raw_key,
			       size_t raw_key_len);
/**
 * ksrtp_hmac_sha1() - HMAC-SHA1 of @data followed by @data2
 * @key: the prepared key
 * @data: the first part of the message
 * @len: its length
 * @data2: the second part, or anything if @len2 is 0
 * @len2: its length, may be 0
 * @out: the MAC
 *
 * In any context; the state on the stack is wiped.
 *
 * Return: 0, or a negative errno of the shash (before 6.17).
 */
int ksrtp_hmac_sha1(const struct hmac_sha1_key *key, const u8 *data,
		    size_t len, const u8 *data2, size_t len2,
		    u8 out[SHA1_DIGEST_SIZE]);
#else
/* The library: ksrtp_hmac_sha1_preparekey() and ksrtp_hmac_sha1() above. */
static inline int ksrtp_hmac_sha1_preparekey(struct hmac_sha1_key *key,
					     const u8 *raw_key,
					     size_t raw_key_len)
{
	hmac_sha1_preparekey(key, raw_key, raw_key_len);
	return 0;
}

static inline int ksrtp_hmac_sha1(const struct hmac_sha1_key *key,
				  const u8 *data, size_t len, const u8 *data2,
				  size_t len2, u8 out[SHA1_DIGEST_SIZE])
{
	struct hmac_sha1_ctx ctx;

	hmac_sha1_init(&ctx, key);
	hmac_sha1_update(&ctx, data, len);
	if (len2)
		hmac_sha1_update(&ctx, data2, len2);
	hmac_sha1_final(&ctx, out);	/* wipes @ctx */
	return 0;
}
#endif

/**
 * ksrtp_hmac_sha1_driver() - what computes HMAC-SHA1
 *
 * For KSRTP_A_AUTH_DRIVER.
 *
 * Return: "hmac-sha1-lib" for the library (which picks the CPU's SHA-1
 * code itself and does not name it), else "hmac(" and the sha1 shash's
 * driver ")".
 */
const char *ksrtp_hmac_sha1_driver(void);

/**
 * ksrtp_compat_init() - set up what the stand-ins need
 *
 * Before the HMAC-SHA1 library: allocates the shared "sha1" shash and
 * checks that its exported state can be continued (a known answer);
 * with the library, nothing. Called by ksrtp_crypto_init().
 *
 * Return: 0, or a negative errno.
 */
int ksrtp_compat_init(void);
/**
 * ksrtp_compat_exit() - free it
 */
void ksrtp_compat_exit(void);

/**
 * ksrtp_udp6_len0_is_rest() - how the UDP stack reads an IPv6 UDP length
 *	of 0
 *
 * Kernels with IPv6 jumbogram support (6.19 and older) read it as "the
 * rest of the packet", whatever its size, and deliver the datagram; 7.x
 * drops it as too short. ksrtp must read it as the UDP stack it sits in
 * front of does.
 *
 * Return: true if the length 0 means the rest of the packet.
 */
static inline bool ksrtp_udp6_len0_is_rest(void)
{
#ifdef KSRTP_HAVE_IPV6_JUMBO
	return true;
#else
	return false;
#endif
}

#endif /* _KSRTP_COMPAT_H */
