// SPDX-License-Identifier: GPL-2.0
/*
 * Replay protection, RFC 3711 section 3.3.2: a window of the most recent
 * indices, anything older is refused.
 */

#include <linux/bitops.h>
#include <linux/slab.h>

#include "replay.h"

int ksrtp_replay_init(struct ksrtp_replay *r, u32 size, gfp_t gfp)
{
	r->size = size;
	r->nwords = BITS_TO_LONGS(size) + 1;
	r->top = 0;
	r->started = false;
	r->ring = kcalloc(r->nwords, sizeof(unsigned long), gfp);
	return r->ring ? 0 : -ENOMEM;
}

void ksrtp_replay_free(struct ksrtp_replay *r)
{
	kfree(r->ring);
	r->ring = NULL;
}

static unsigned int ksrtp_replay_bit(const struct ksrtp_replay *r, u64 index)
{
	return index % ((u64)r->nwords * BITS_PER_LONG);
}

void ksrtp_replay_reset(struct ksrtp_replay *r, bool started, u64 top)
{
	memset(r->ring, 0, r->nwords * sizeof(unsigned long));
	r->started = started;
	r->top = top;
	if (started)
		__set_bit(ksrtp_replay_bit(r, top), r->ring);
}

bool ksrtp_replay_check(const struct ksrtp_replay *r, u64 index)
{
	if (!r->started || index > r->top)
		return true;
	if (r->top - index >= r->size)
		return false;
	return !test_bit(ksrtp_replay_bit(r, index), r->ring);
}

void ksrtp_replay_update(struct ksrtp_replay *r, u64 index)
{
	u64 old_word, new_word, n;

	if (!r->started) {
		memset(r->ring, 0, r->nwords * sizeof(unsigned long));
		r->started = true;
		r->top = index;
	} else if (index > r->top) {
		old_word = r->top / BITS_PER_LONG;
		new_word = index / BITS_PER_LONG;
		n = min_t(u64, new_word - old_word, r->nwords);
		while (n--)
			r->ring[(new_word - n) % r->nwords] = 0;
		r->top = index;
	}
	__set_bit(ksrtp_replay_bit(r, index), r->ring);
}
