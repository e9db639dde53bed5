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
		r->base += BIT_WORD(r->top) + 1;
		if (r->base > U64_MAX / 2) {
			memset(r->ring, 0, ((size_t)r->mask + 1) * sizeof(*r->ring));
			r->base = 0;
		}
	}
	r->started = false;
	r->top = 0;
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
		r->started = true;
		r->top = index;
	} else if (r->top - index >= r->size) {
		return;
	}
	w = ksrtp_replay_word(r, block);
	if (w->tag != r->base + block) {
		w->tag = r->base + block;
		w->bits = 0;
	}
	w->bits |= BIT_MASK(index);
}
