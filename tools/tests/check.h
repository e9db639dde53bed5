/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* A minimal test harness: CHECK() counts, summary() prints the totals. */
#ifndef KSRTP_CHECK_H
#define KSRTP_CHECK_H

#include <stdio.h>

static int checks_passed, checks_failed, checks_skipped;

#define CHECK(cond) do {						\
	if (cond) {							\
		checks_passed++;					\
	} else {							\
		checks_failed++;					\
		fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *a_ = (a), *b_ = (b);				\
	if (a_ && b_ && !strcmp(a_, b_)) {				\
		checks_passed++;					\
	} else {							\
		checks_failed++;					\
		fprintf(stderr, "FAIL %s:%d: %s == %s\n  got:      \"%s\"\n  expected: \"%s\"\n", \
			__FILE__, __LINE__, #a, #b, a_ ? a_ : "(null)",	\
			b_ ? b_ : "(null)");				\
	}								\
} while (0)

static inline int summary(const char *name)
{
	printf("%s: %d passed, %d failed, %d skipped\n", name, checks_passed,
	       checks_failed, checks_skipped);
	return checks_failed ? 1 : 0;
}

#endif
