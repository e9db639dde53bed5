/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_REPLAY_H
#define _KSRTP_REPLAY_H

#include <linux/types.h>

/*
 * Sliding replay window over packet indices (48-bit SRTP, 31-bit SRTCP).
 * The bitmap is a ring of words with one word more than the window needs,
 * so advancing the window only clears whole words that fell out of it.
 * Not locked: the owner (struct ksrtp_ctx) holds its lock around every
 * call.
 */
struct ksrtp_replay {
	u64 top;		/* highest index accepted so far */
	u32 size;		/* window in packets */
	u32 nwords;		/* ring length in longs */
	bool started;		/* false until the first accepted packet */
	unsigned long *ring;
};

int ksrtp_replay_init(struct ksrtp_replay *r, u32 size, gfp_t gfp);
void ksrtp_replay_free(struct ksrtp_replay *r);

/* Start over: empty, or with @top as the highest index already seen. */
void ksrtp_replay_reset(struct ksrtp_replay *r, bool started, u64 top);

/* True if @index may be accepted: newer than the window or not yet seen. */
bool ksrtp_replay_check(const struct ksrtp_replay *r, u64 index);

/* Record @index as accepted; call only after it authenticated. */
void ksrtp_replay_update(struct ksrtp_replay *r, u64 index);

#endif /* _KSRTP_REPLAY_H */
