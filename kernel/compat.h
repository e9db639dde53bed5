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

#ifndef KSRTP_HAVE_AES_ENCKEY
/*
 * Before struct aes_enckey the AES library's key was struct crypto_aes_ctx
 * (encryption and decryption round keys), expanded by aes_expandkey();
 * aes_encrypt() took it where it now takes the prepared encryption key.
 */
#define aes_enckey crypto_aes_ctx

static inline int aes_prepareenckey(struct crypto_aes_ctx *key,
				    const u8 *in_key, size_t key_len)
{
	return aes_expandkey(key, in_key, key_len);
}
#endif

#ifndef KSRTP_HAVE_HMAC_SHA1_LIB
/*
 * Before the HMAC-SHA1 library: the same prepared key, the SHA-1 chaining
 * states after the inner and after the outer pad block, continued by the
 * shared "sha1" shash of compat.c.
 */
struct hmac_sha1_key {
	u32 istate[SHA1_DIGEST_SIZE / 4];
	u32 ostate[SHA1_DIGEST_SIZE / 4];
};

int ksrtp_hmac_sha1_preparekey(struct hmac_sha1_key *key, const u8 *raw_key,
			       size_t raw_key_len);
int ksrtp_hmac_sha1(const struct hmac_sha1_key *key, const u8 *data,
		    size_t len, const u8 *data2, size_t len2,
		    u8 out[SHA1_DIGEST_SIZE]);
#else
/*
 * The library cannot fail; the shash these wrap on older kernels can, so
 * callers check a return value either way.
 */
static inline int ksrtp_hmac_sha1_preparekey(struct hmac_sha1_key *key,
					     const u8 *raw_key,
					     size_t raw_key_len)
{
	hmac_sha1_preparekey(key, raw_key, raw_key_len);
	return 0;
}

/* HMAC-SHA1 of @data followed by @data2 (@len2 may be 0). */
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

/*
 * What computes HMAC-SHA1, for KSRTP_A_AUTH_DRIVER: "hmac-sha1-lib" for
 * the library (which picks the CPU's SHA-1 code itself and does not name
 * it), else "hmac(" and the sha1 shash's driver ")".
 */
const char *ksrtp_hmac_sha1_driver(void);

int ksrtp_compat_init(void);
void ksrtp_compat_exit(void);

/*
 * An IPv6 UDP length of 0: kernels with IPv6 jumbogram support (6.19 and
 * older) read it as "the rest of the packet", whatever its size, and
 * deliver the datagram; 7.x drops it as too short. ksrtp must read
 * it as the UDP stack it sits in front of does.
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
