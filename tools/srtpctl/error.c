// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * What srtpctl says when something fails, and the exit code that goes
 * with it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "srtpctl.h"

unsigned long batch_line;

/* "srtpctl: " and, in a batch, "line N: ". */
void error_prefix(void)
{
	fputs("srtpctl: ", stderr);
	if (batch_line)
		fprintf(stderr, "line %lu: ", batch_line);
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	error_prefix();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int open_handle(struct ksrtp_handle **h)
{
	*h = ksrtp_open();
	if (*h)
		return 0;
	if (errno == ENOENT) {
		error_prefix();
		fprintf(stderr, "ksrtp module not loaded\n");
		return EXIT_NOMODULE;
	}
	error_prefix();
	fprintf(stderr, "cannot open a generic netlink socket: %s\n", strerror(errno));
	return EXIT_REFUSED;
}

/* "srtpctl: <what failed>: <kernel message> (<strerror>)" */
int kernel_error(struct ksrtp_handle *h, int err, const char *fmt, ...)
{
	const char *msg = ksrtp_errmsg(h);
	va_list ap;

	error_prefix();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (msg[0])
		fprintf(stderr, ": %s (%s)\n", msg, strerror(-err));
	else
		fprintf(stderr, ": %s\n", strerror(-err));
	return EXIT_REFUSED;
}
