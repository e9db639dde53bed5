// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl monitor [ready-file FILE]
 *
 * One line per event, flushed at once. The format is read by scripts:
 * keep it stable.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "srtpctl.h"

/*
 * NAME id ID [template TID] DIR local ADDR:PORT remote ADDR:PORT|any
 *      ssrc 0xSSRC|any [mki 0xMKI] [count N]
 * and for an event about no context (unmatched): no id, no direction
 * (unless the kernel gave one), ssrc only for RTP/RTCP, and the
 * namespace's counters as 'show net' prints them:
 * NAME local ADDR:PORT remote ADDR:PORT [ssrc 0xSSRC]
 *      unknown-ssrc N not-srtp N malformed N
 * and for an output of a forwarding rule that dropped packets (fwd-drops),
 * the rule's input, then the rule, the output and its drop counters:
 * NAME local ADDR:PORT remote any [ssrc 0xSSRC] fwd ID output N
 *      no-context N no-route N too-big N key N errors N
 */
void print_event(FILE *f, const struct ksrtp_event_info *ev)
{
	char local[KSRTP_SOCKADDR_STRLEN], remote[KSRTP_SOCKADDR_STRLEN];
	char mki[KSRTP_MKI_STRLEN];
	const char *name = ksrtp_event_name(ev->type);

	if (name)
		fprintf(f, "%s", name);
	else
		fprintf(f, "event-%d", (int)ev->type);
	if (ev->id)
		fprintf(f, " id %" PRIu32, ev->id);
	if (ev->template_id)
		fprintf(f, " template %" PRIu32, ev->template_id);
	if (ev->id || ev->tuple.direction)
		fprintf(f, " %s", direction_name(ev->tuple.direction));
	fprintf(f, " local %s remote %s",
		ksrtp_format_sockaddr(&ev->tuple.local, local, sizeof(local)),
		ksrtp_format_sockaddr(&ev->tuple.remote, remote, sizeof(remote)));
	if (ev->has_ssrc)
		fprintf(f, " ssrc 0x%08" PRIx32, ev->tuple.ssrc);
	else if (ev->id)
		fputs(" ssrc any", f);
	if (ev->mki_len)
		fprintf(f, " mki %s", ksrtp_format_mki(ev->mki, ev->mki_len, mki, sizeof(mki)));
	if (ev->type == KSRTP_EVENT_AUTH_FAILURES)
		fprintf(f, " count %" PRIu64, ev->auth_failures);
	if (ev->has_net_stats)
		fprintf(f, " unknown-ssrc %" PRIu64 " not-srtp %" PRIu64
			" malformed %" PRIu64,
			ev->net_stats.unknown_ssrc, ev->net_stats.not_srtp,
			ev->net_stats.malformed);
	if (ev->fwd_id) {
		const struct ksrtp_fwd_stats *s = &ev->fwd_output.stats;

		fprintf(f, " fwd %" PRIu32 " output %" PRIu32 " no-context %" PRIu64
			" no-route %" PRIu64 " too-big %" PRIu64 " key %" PRIu64
			" errors %" PRIu64, ev->fwd_id, ev->fwd_output.id, s->no_context,
			s->no_route, s->too_big, s->key, s->errors);
	}
	fputc('\n', f);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * SIGINT and SIGTERM end the monitor with status 0. They are blocked but
 * while it waits in ppoll(), so that none is lost between the check of
 * stop and the wait.
 */
static int setup_signals(sigset_t *wait_mask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &block, wait_mask) ||
	    sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL)) {
		fprintf(stderr, "srtpctl: monitor: signals: %s\n", strerror(errno));
		return EXIT_REFUSED;
	}
	sigdelset(wait_mask, SIGINT);
	sigdelset(wait_mask, SIGTERM);
	return 0;
}

static int touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);

	if (fd < 0) {
		fprintf(stderr, "srtpctl: monitor: ready-file %s: %s\n", path,
			strerror(errno));
		return EXIT_REFUSED;
	}
	close(fd);
	return 0;
}

static int open_events(struct ksrtp_handle **h)
{
	*h = ksrtp_events_open();
	if (*h)
		return 0;
	if (errno == ENOENT) {
		fprintf(stderr, "srtpctl: ksrtp module not loaded\n");
		return EXIT_NOMODULE;
	}
	if (errno == EOPNOTSUPP) {
		fprintf(stderr, "srtpctl: monitor: the ksrtp module sends no events "
			"(no \"%s\" group)\n", KSRTP_MCGRP_EVENTS);
		return EXIT_REFUSED;
	}
	fprintf(stderr, "srtpctl: monitor: cannot subscribe to events: %s\n",
		strerror(errno));
	return EXIT_REFUSED;
}

static int loop(struct ksrtp_handle *h, const sigset_t *wait_mask)
{
	struct pollfd pfd = { .fd = ksrtp_event_fd(h), .events = POLLIN };
	struct ksrtp_event_info ev;
	int ret;

	while (!stop) {
		ret = ksrtp_event_recv(h, &ev, 0);
		if (!ret) {
			if (output_format == OUTPUT_JSON)
				print_event_json(stdout, &ev);
			else if (output_format == OUTPUT_TSV)
				print_event_tsv(stdout, &ev);
			else
				print_event(stdout, &ev);
			if (fflush(stdout) || ferror(stdout)) {
				fprintf(stderr, "srtpctl: monitor: writing the output: %s\n",
					strerror(errno));
				return EXIT_REFUSED;
			}
			continue;
		}
		if (ret == -ENOBUFS || ret == -EPROTO) {
			/* Say so, and go on with the events that follow. */
			fprintf(stderr, "srtpctl: monitor: %s\n", ksrtp_errmsg(h));
			continue;
		}
		if (ret != -EAGAIN && ret != -EINTR)
			return kernel_error(h, ret, "monitor");
		if (ppoll(&pfd, 1, NULL, wait_mask) < 0 && errno != EINTR) {
			fprintf(stderr, "srtpctl: monitor: %s\n", strerror(errno));
			return EXIT_REFUSED;
		}
	}
	return EXIT_OK;
}

int monitor_main(int argc, char **argv)
{
	static const char *const keywords[] = { "ready-file", NULL };
	const char *ready = NULL;
	struct ksrtp_handle *h;
	sigset_t wait_mask;
	int ret;

	if (batch_line)
		return usage_error("monitor: not in a batch (it runs until stopped)");
	for (; argc > 0; argc -= 2, argv += 2) {
		if (match_keyword(argv[0], keywords) != 0)
			return usage_error("monitor: unknown keyword \"%s\"", argv[0]);
		if (argc < 2)
			return usage_error("monitor: 'ready-file' needs a value");
		if (ready)
			return usage_error("'ready-file' given twice");
		ready = argv[1];
	}
	ret = setup_signals(&wait_mask);
	if (ret)
		return ret;
	ret = open_events(&h);
	if (ret)
		return ret;
	/* Subscribed: events from now on reach us. */
	if (ready)
		ret = touch(ready);
	if (!ret)
		ret = loop(h, &wait_mask);
	ksrtp_close(h);
	return ret;
}
