// SPDX-License-Identifier: GPL-2.0
/*
 * Replay protection, RFC 3711 section 3.3.2: a window of the most recent
 * indices, anything older is refused. O(1) per packet; see replay.h.
 */

#include <linux/bitops.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "replay.h"

int ksrtp_replay_init(struct ksrtp_replay *r, u32 size, gfp_t gfp)
{
	u32 nwords;

	r->ring = NULL;
	if (!size)
		return -EINVAL;
	nwords = roundup_pow_of_two(BITS_TO_LONGS(size) + 1);
	r->size = size;
	r->mask = nwords - 1;
	r->top = 0;
	r->base = 0;
	r->started = false;
	/* Up to 16 KiB: fall back to vmalloc rather than fail. */
	r->ring = kvcalloc(nwords, sizeof(*r->ring), gfp);
	return r->ring ? 0 : -ENOMEM;
}

void ksrtp_replay_free(struct ksrtp_replay *r)
{
	kvfree(r->ring);
	r->ring = NULL;
}

static struct ksrtp_replay_word *ksrtp_replay_word(const struct ksrtp_replay *r,
						   u64 block)
{
	return &r->ring[block & r->mask];
}

void ksrtp_replay_reset(struct ksrtp_replay *r, bool started, u64 top)
{
	/*
	 * Since the window started, every tag written is at most
	 * base + BIT_WORD(top): a base above that leaves them all stale at
	 * once. Tags stay below 2^63 + 2^58; past that, clear the ring and
	 * start the tags over (after 2^21 restarts at the least, with 48-bit
	 * indices).
	 */
	if (r->started) {
		WRITE_ONCE(r->base, r->base + BIT_WORD(r->top) + 1);
		if (r->base > U64_MAX / 2) {
			u32 i;

			for (i = 0; i <= r->mask; i++) {
				WRITE_ONCE(r->ring[i].bits, 0);
				WRITE_ONCE(r->ring[i].tag, 0);
			}
			WRITE_ONCE(r->base, 0);
		}
	}
	WRITE_ONCE(r->started, false);
	WRITE_ONCE(r->top, 0);
	if (started)
		ksrtp_replay_update(r, top);
}

bool ksrtp_replay_check(const struct ksrtp_replay *r, u64 index)
{
	const struct ksrtp_replay_word *w;
	u64 block = BIT_WORD(index);

	if (!r->started || index > r->top)
		return true;
	if (r->top - index >= r->size)
		return false;
	w = ksrtp_replay_word(r, block);
	return w->tag != r->base + block || !(w->bits & BIT_MASK(index));
}

void ksrtp_replay_update(struct ksrtp_replay *r, u64 index)
{
	struct ksrtp_replay_word *w;
	u64 block = BIT_WORD(index);

	/* Before the first packet no current tag holds a bit: nothing to clear. */
	if (!r->started || index > r->top) {
		WRITE_ONCE(r->started, true);
		WRITE_ONCE(r->top, index);
	} else if (r->top - index >= r->size) {
		return;
	}
	w = ksrtp_replay_word(r, block);
	if (w->tag != r->base + block) {
		WRITE_ONCE(w->bits, 0);
		/*
		 * Cleared before re-tagged, so that ksrtp_replay_check_hint(),
		 * which reads the tag then the bits, never sees this tag with
		 * the bits of the block before it (pairs with its smp_rmb()).
		 */
		smp_wmb();
		WRITE_ONCE(w->tag, r->base + block);
	}
	WRITE_ONCE(w->bits, w->bits | BIT_MASK(index));
}

bool ksrtp_replay_check_hint(const struct ksrtp_replay *r, u64 index)
{
	const struct ksrtp_replay_word *w;
	u64 block = BIT_WORD(index);
	u64 top;

	/* A torn 64-bit read could refuse a new index: no hint there. */
	if (!IS_ENABLED(CONFIG_64BIT) || !READ_ONCE(r->started))
		return true;
	top = READ_ONCE(r->top);
	if (index > top)
		return true;
	if (top - index >= r->size)
		return false;
	w = ksrtp_replay_word(r, block);
	if (READ_ONCE(w->tag) != READ_ONCE(r->base) + block)
		return true;
	/*
	 * The bits read after the tag are that tag's, or cleared: pairs
	 * with the smp_wmb() of ksrtp_replay_update().
	 */
	smp_rmb();
	return !(READ_ONCE(w->bits) & BIT_MASK(index));
}
