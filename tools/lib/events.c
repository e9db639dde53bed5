// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Events: KSRTP_CMD_EVENT notifications of the "events" multicast group,
 * read from a handle of their own (ksrtp_events_open() in handle.c).
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <netlink/socket.h>

#include "internal.h"

static const char *const event_names[] = {
	[KSRTP_EVENT_SOFT_LIMIT]	= "soft-limit",
	[KSRTP_EVENT_HARD_LIMIT]	= "hard-limit",
	[KSRTP_EVENT_SSRC_LEARNED]	= "ssrc-learned",
	[KSRTP_EVENT_LEARN_LIMIT]	= "learn-limit",
	[KSRTP_EVENT_AUTH_FAILURES]	= "auth-failures",
	[KSRTP_EVENT_UNMATCHED]		= "unmatched",
	[KSRTP_EVENT_FWD_DROPS]		= "fwd-drops",
};

const char *ksrtp_event_name(enum ksrtp_event type)
{
	if ((int)type <= 0 || (int)type >= (int)(sizeof(event_names) / sizeof(event_names[0])))
		return NULL;
	return event_names[type];
}

int ksrtp_event_fd(const struct ksrtp_handle *h)
{
	return h && h->events ? nl_socket_get_fd(h->sk) : -EINVAL;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Read the next datagram into h->rbuf, waiting up to timeout_ms (-1: no
 * limit). Returns 0, or a negative errno (-EAGAIN: nothing in time).
 */
static int fill(struct ksrtp_handle *h, int timeout_ms)
{
	int fd = nl_socket_get_fd(h->sk);
	int64_t deadline = timeout_ms > 0 ? now_ms() + timeout_ms : 0;
	struct sockaddr_nl from;
	socklen_t fromlen;
	struct pollfd pfd;
	ssize_t n;
	int wait;

	for (;;) {
		fromlen = sizeof(from);
		n = recvfrom(fd, h->rbuf, KSRTP_EVENT_BUF, MSG_DONTWAIT | MSG_TRUNC,
			     (struct sockaddr *)&from, &fromlen);
		if (n > KSRTP_EVENT_BUF) {
			ksrtp__seterr(h, "an event larger than %d bytes was skipped",
				      KSRTP_EVENT_BUF);
			return -EPROTO;
		}
		/* Only the kernel speaks for the family. */
		if (n > 0 && (fromlen < sizeof(from) || from.nl_pid != 0))
			continue;
		if (n > 0) {
			h->rlen = n;
			h->rpos = 0;
			return 0;
		}
		if (n == 0)
			continue;
		if (errno == ENOBUFS) {
			ksrtp__seterr(h, "events were lost: the socket's receive queue overflowed");
			return -ENOBUFS;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			ksrtp__seterr(h, "reading events: %s", strerror(errno));
			return -errno;
		}

		if (timeout_ms < 0) {
			wait = -1;
		} else if (timeout_ms == 0) {
			return -EAGAIN;
		} else {
			int64_t left = deadline - now_ms();

			if (left <= 0)
				return -EAGAIN;
			wait = left > 0x7fffffff ? 0x7fffffff : (int)left;
		}
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, wait) < 0) {
			if (errno == EINTR)
				return -EINTR;
			ksrtp__seterr(h, "waiting for events: %s", strerror(errno));
			return -errno;
		}
	}
}

int ksrtp__event_recv(struct ksrtp_handle *h, struct ksrtp_event_info *ev,
		      int timeout_ms, bool with_unowned)
{
	const char *why;
	int ret;

	if (!h || !h->events) {
		if (h)
			ksrtp__seterr(h, "not an events handle (see ksrtp_events_open())");
		return -EINVAL;
	}
	h->errmsg[0] = '\0';
	for (;;) {
		struct nlmsghdr *nlh;
		size_t left;

		if (h->rpos >= h->rlen) {
			h->rpos = h->rlen = 0;
			ret = fill(h, timeout_ms);
			if (ret)
				return ret;
		}
		nlh = (struct nlmsghdr *)(h->rbuf + h->rpos);
		left = h->rlen - h->rpos;
		if (!NLMSG_OK(nlh, left)) {
			h->rpos = h->rlen = 0;
			ksrtp__seterr(h, "a truncated message from the kernel was skipped");
			return -EPROTO;
		}
		h->rpos += NLMSG_ALIGN(nlh->nlmsg_len);
		/* NLMSG_NOOP, NLMSG_ERROR, other families: not events. */
		if (nlh->nlmsg_type != h->family)
			continue;
		ret = ksrtp__parse_event(nlh, ev, &why);
		if (ret == -ENOMSG || (!ret && !ev->id && !with_unowned))
			continue;
		if (ret)
			ksrtp__seterr(h, "%s", why);
		return ret;
	}
}

int ksrtp_event_recv(struct ksrtp_handle *h, struct ksrtp_event_info *ev,
		     int timeout_ms)
{
	return ksrtp__event_recv(h, ev, timeout_ms, true);
}
DEFAULT_VERSION(ksrtp_event_recv, KSRTP_4);
