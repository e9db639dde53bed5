/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_REPLAY_H
#define _KSRTP_REPLAY_H

#include <linux/types.h>

/**
 * struct ksrtp_replay_word - one word of a replay window's ring
 * @tag: base + index / BITS_PER_LONG of the bits
 * @bits: bit i % BITS_PER_LONG: index i accepted
 *
 * Under the lock of the window's owner, like &struct ksrtp_replay.
 */
struct ksrtp_replay_word {
	u64 tag;
	unsigned long bits;
};

/**
 * struct ksrtp_replay - sliding replay window over packet indices
 * @top: highest index accepted so far
 * @base: added to block numbers to make tags
 * @size: window in packets; set at init, read-only afterwards
 * @mask: ring length in words - 1; set at init, read-only afterwards
 * @started: false until the first accepted packet
 * @ring: the words; allocated at init
 *
 * Sliding replay window over packet indices (48-bit SRTP, 31-bit SRTCP),
 * RFC 3711 section 3.3.2: of the indices top - size + 1 .. top, those
 * already accepted are refused; anything older is refused; anything newer
 * is accepted.
 *
 * The window is a ring of 2^n words (@mask + 1). Index i lives in block
 * i / BITS_PER_LONG, which is kept in word (block & @mask) at bit
 * i % BITS_PER_LONG. Each word also has a tag, @base + the block it
 * currently holds: a word whose tag is not that of the block asked about
 * counts as all zeros. The ring has at least one word more than the window
 * spans (BITS_TO_LONGS(size) + 1 words, rounded up to a power of two), so
 * the blocks of the window always sit in distinct words, and a word that
 * is taken over only ever held a block that has left the window.
 *
 * So check, update and reset are O(1) whatever the size. A jump of the
 * top, however far, re-tags and clears the one word of the new index and
 * leaves the others, whose stale tags no longer match. A reset moves
 * @base past every tag written since the window started, which makes all
 * of them stale at once; only when @base would pass 2^63 (after 2^21
 * restarts at the least, with 48-bit indices) does a reset clear the
 * ring. Nothing is allocated after init. Memory: 16 bytes per word on
 * 64-bit, 32 bytes at the minimum window of 64, 16 KiB at the maximum of
 * 32767.
 *
 * Not locked: the owner (struct ksrtp_ctx) holds its lock around every
 * call but ksrtp_replay_check_hint(), which is why the fields it reads
 * are written with WRITE_ONCE().
 */
struct ksrtp_replay {
	u64 top;
	u64 base;
	u32 size;
	u32 mask;
	bool started;
	struct ksrtp_replay_word *ring;
};

/**
 * ksrtp_replay_init() - allocate the ring of an empty window
 * @r: the window
 * @size: in packets, at least 1
 * @gfp: allocation flags
 *
 * Return: 0, or -EINVAL or -ENOMEM.
 */
int ksrtp_replay_init(struct ksrtp_replay *r, u32 size, gfp_t gfp);
/**
 * ksrtp_replay_free() - free the ring
 * @r: the window; also fine zeroed or after a failed init
 */
void ksrtp_replay_free(struct ksrtp_replay *r);

/**
 * ksrtp_replay_reset() - start over
 * @r: the window
 * @started: false: empty; true: @top is the highest index already seen
 * @top: see @started
 */
void ksrtp_replay_reset(struct ksrtp_replay *r, bool started, u64 top);

/**
 * ksrtp_replay_check() - may @index be accepted?
 * @r: the window
 * @index: the packet's index
 *
 * Call before authentication, and again under the same lock as the
 * update.
 *
 * Return: true if the window has not started, @index is above the top,
 * or it is inside the window and not yet seen.
 */
bool ksrtp_replay_check(const struct ksrtp_replay *r, u64 index);

/**
 * ksrtp_replay_check_hint() - ksrtp_replay_check() without the lock
 * @r: the window
 * @index: the packet's index
 *
 * For the receive path, before the crypto, so that a replay costs none
 * and leaves the packet as it came; the check under the lock, when the
 * packet is committed, is the one that counts. While the owner updates
 * the window this may say "new" of an index that is not, never "seen" of
 * one that is new: words are cleared before they are re-tagged, the top
 * only moves up (a reset, KSRTP_CMD_CTX_SET, is signaling's), and
 * without 64-bit loads it always says "new".
 *
 * Return: false if @index is known to be a replay or too old.
 */
bool ksrtp_replay_check_hint(const struct ksrtp_replay *r, u64 index);

/**
 * ksrtp_replay_update() - record @index as accepted
 * @r: the window
 * @index: an index that authenticated and passed the check
 *
 * The first accepted index starts the window; a higher one becomes the
 * top. An index older than the window changes nothing.
 */
void ksrtp_replay_update(struct ksrtp_replay *r, u64 index);

#endif /* _KSRTP_REPLAY_H */
