// SPDX-License-Identifier: GPL-2.0
/*
 * The crypto floor, in KSRTP_SELFTEST builds only: what the bare
 * transform costs to protect one SRTP packet on a linear buffer, with an
 * outbound context's own session keys and drivers (ksrtp_seal()), and
 * no skb, no lookup, no stream state. The benchmark divides ksrtp's
 * added cost per packet on the send path by it (Documentation/
 * performance.rst, "The floor"). Production builds have none of it.
 *
 *   # echo "SUITE LEN COUNT" >/sys/kernel/debug/ksrtp/floor
 *   # cat /sys/kernel/debug/ksrtp/floor
 *   suite 1 len 160 count 100000 ns 52000000
 *
 * SUITE is enum ksrtp_suite, LEN the RTP packet (12-byte header and
 * payload) before the tag, COUNT the packets sealed; ns is the time the
 * loop took, in blocks of KSRTP_FLOOR_BLOCK packets with BHs off, as the
 * send path runs. Each run first protects one packet through
 * ksrtp_protect() on a second context of the same key and checks that
 * the floor's loop seals it to the same bytes: it times the transform
 * the data path runs, not another. A failed check fails the write with
 * -EIO.
 */

#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "context.h"
#include "floor.h"
#include "master_keys.h"
#include "seal.h"
#include "session_keys.h"
#include "srtp.h"

#define KSRTP_FLOOR_BLOCK	256
#define KSRTP_FLOOR_HDR		12
#define KSRTP_FLOOR_SSRC	0x0f100f10

static struct dentry *ksrtp_floor_dir;
/* The last run's line; under ksrtp_floor_mutex. */
static DEFINE_MUTEX(ksrtp_floor_mutex);
static char ksrtp_floor_result[96];

/* An outbound context of @suite keyed with @key and @salt. */
static struct ksrtp_ctx *ksrtp_floor_ctx(const struct ksrtp_suite_info *si,
					 const u8 *key, const u8 *salt)
{
	struct ksrtp_ctx_params p = {
		.suite = si->id,
		.master_key = key,
		.master_key_len = si->key_len,
		.master_salt = salt,
		.master_salt_len = si->salt_len,
		.replay_window = 128,
		.uid = current_uid(),
	};

	p.key.dir = KSRTP_DIR_OUTBOUND;
	p.key.family = AF_INET;
	p.key.ssrc = htonl(KSRTP_FLOOR_SSRC);
	return ksrtp_ctx_create(&p, NULL);
}

/* An RTP packet of @len bytes with sequence number @seq. */
static void ksrtp_floor_packet(u8 *buf, unsigned int len, u16 seq)
{
	unsigned int i;

	buf[0] = 0x80;
	buf[1] = 96;
	put_unaligned_be16(seq, buf + 2);
	put_unaligned_be32(seq * 160, buf + 4);
	put_unaligned_be32(KSRTP_FLOOR_SSRC, buf + 8);
	for (i = KSRTP_FLOOR_HDR; i < len; i++)
		buf[i] = i;
}

/* What srtp.c hands ksrtp_seal() for SRTP index @index (ROC 0). */
static void ksrtp_floor_op(const struct ksrtp_suite_info *si, u8 *buf,
			   unsigned int len, u64 index, __be32 *roc,
			   struct ksrtp_crypt *op)
{
	*op = (struct ksrtp_crypt) {
		.buf = buf,
		.clear_len = KSRTP_FLOOR_HDR,
		.data_len = len - KSRTP_FLOOR_HDR,
		.tag = buf + len,
		.tag_len = si->rtp_tag_len,
		.ssrc = buf + 8,
		.index = index,
	};
	if (si->xform != KSRTP_XFORM_GCM) {
		*roc = cpu_to_be32(index >> 16);
		op->extra = (const u8 *)roc;
		op->extra_len = sizeof(*roc);
	}
}

/*
 * Seal @count packets of @len bytes with @keys; the time it took, or a
 * negative errno.
 */
static s64 ksrtp_floor_loop(const struct ksrtp_suite_info *si,
			    const struct ksrtp_keys *keys, u8 *buf,
			    unsigned int len, u32 count)
{
	struct ksrtp_crypt op;
	u64 ns = 0, t0;
	u32 i = 0, end;
	__be32 roc;
	int err = 0;

	ksrtp_floor_packet(buf, len, 0);
	while (i < count && !err) {
		end = min(count, i + KSRTP_FLOOR_BLOCK);
		local_bh_disable();
		t0 = ktime_get_ns();
		for (; i < end && !err; i++) {
			ksrtp_floor_op(si, buf, len, i, &roc, &op);
			err = ksrtp_seal(keys, &op);
		}
		ns += ktime_get_ns() - t0;
		local_bh_enable();
		cond_resched();
	}
	return err ? err : ns;
}

/*
 * Protect one packet through the data path's ksrtp_protect() on @dp and
 * seal the same packet as the loop does with @keys: the same bytes?
 */
static int ksrtp_floor_check(const struct ksrtp_suite_info *si,
			     struct ksrtp_ctx *dp, const struct ksrtp_keys *keys,
			     u8 *a, u8 *b, unsigned int len)
{
	unsigned int tagged = len + si->rtp_tag_len;
	struct ksrtp_packet p = { .buf = a, .len = len };
	struct ksrtp_crypt op;
	__be32 roc;

	ksrtp_floor_packet(a, len, 7);
	ksrtp_floor_packet(b, len, 7);
	if (ksrtp_protect(dp, &p) != KSRTP_OK || p.len != tagged)
		return -EIO;
	ksrtp_floor_op(si, b, len, 7, &roc, &op);
	if (ksrtp_seal(keys, &op))
		return -EIO;
	return memcmp(a, b, tagged) ? -EIO : 0;
}

static int ksrtp_floor_run(u16 suite, unsigned int len, u32 count)
{
	const struct ksrtp_suite_info *si = ksrtp_suite_find(suite);
	u8 key[KSRTP_MAX_KEY_LEN], salt[KSRTP_MAX_SALT_LEN];
	struct ksrtp_ctx *ctx = NULL, *dp = NULL;
	const struct ksrtp_mkey *mk;
	u8 *a = NULL, *b = NULL;
	int err = -ENOMEM;
	s64 ns;

	if (!si || len < KSRTP_FLOOR_HDR || len > 9000 || !count)
		return -EINVAL;
	get_random_bytes(key, si->key_len);
	get_random_bytes(salt, si->salt_len);
	ctx = ksrtp_floor_ctx(si, key, salt);
	if (IS_ERR(ctx)) {
		err = PTR_ERR(ctx);
		ctx = NULL;
		goto out;
	}
	dp = ksrtp_floor_ctx(si, key, salt);
	if (IS_ERR(dp)) {
		err = PTR_ERR(dp);
		dp = NULL;
		goto out;
	}
	a = kmalloc(len + KSRTP_MAX_TAG_LEN, GFP_KERNEL);
	b = kmalloc(len + KSRTP_MAX_TAG_LEN, GFP_KERNEL);
	if (!a || !b)
		goto out;

	/* Its first key: unpublished, the context and its keys are ours. */
	mk = rcu_dereference_protected(ctx->ring->keys[0], true);
	rcu_read_lock();
	err = ksrtp_floor_check(si, dp, &mk->rtp, a, b, len);
	rcu_read_unlock();
	if (err)
		goto out;
	ns = ksrtp_floor_loop(si, &mk->rtp, a, len, count);
	if (ns < 0) {
		err = ns;
		goto out;
	}
	mutex_lock(&ksrtp_floor_mutex);
	snprintf(ksrtp_floor_result, sizeof(ksrtp_floor_result),
		 "suite %u len %u count %u ns %lld\n", suite, len, count, ns);
	mutex_unlock(&ksrtp_floor_mutex);
	err = 0;
out:
	kfree(a);
	kfree(b);
	if (dp)
		ksrtp_ctx_put(dp);
	if (ctx)
		ksrtp_ctx_put(ctx);
	memzero_explicit(key, sizeof(key));
	memzero_explicit(salt, sizeof(salt));
	return err;
}

static ssize_t ksrtp_floor_write(struct file *file, const char __user *ubuf,
				 size_t n, loff_t *pos)
{
	unsigned int suite, len, count;
	char buf[48];
	int err;

	if (n >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, n))
		return -EFAULT;
	buf[n] = '\0';
	if (sscanf(buf, "%u %u %u", &suite, &len, &count) != 3 ||
	    suite > U16_MAX)
		return -EINVAL;
	err = ksrtp_floor_run(suite, len, count);
	return err ? err : n;
}

static ssize_t ksrtp_floor_read(struct file *file, char __user *ubuf,
				size_t n, loff_t *pos)
{
	char line[sizeof(ksrtp_floor_result)];

	mutex_lock(&ksrtp_floor_mutex);
	memcpy(line, ksrtp_floor_result, sizeof(line));
	mutex_unlock(&ksrtp_floor_mutex);
	return simple_read_from_buffer(ubuf, n, pos, line, strlen(line));
}

static const struct file_operations ksrtp_floor_fops = {
	.owner = THIS_MODULE,
	.write = ksrtp_floor_write,
	.read = ksrtp_floor_read,
	.llseek = default_llseek,
};

void ksrtp_floor_init(void)
{
	ksrtp_floor_dir = debugfs_create_dir("ksrtp", NULL);
	debugfs_create_file("floor", 0600, ksrtp_floor_dir, NULL,
			    &ksrtp_floor_fops);
}

void ksrtp_floor_exit(void)
{
	debugfs_remove_recursive(ksrtp_floor_dir);
}
