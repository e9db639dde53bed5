/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A netlink socket that plays the kernel for a libksrtp handle, served by
 * a child process: the round trips of test_netlink (forwarding) and
 * test_compat (old symbol versions) talk to it. Header-only, like
 * check.h.
 */
#ifndef KSRTP_FAKE_PEER_H
#define KSRTP_FAKE_PEER_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/netlink.h>
#include <netlink/socket.h>
#include "internal.h"
#include "check.h"

/* Serves @n requests of the handle's port @port on @fd, then exits. */
typedef void (*fake_serve_fn)(int fd, uint32_t port, int n);

/*
 * A handle whose requests go to a peer socket that @serve answers in a
 * child process (*@pid), replies read with a 10 s timeout so that a peer
 * that does not answer fails the calls instead of hanging them. NULL,
 * with a skip counted and @what named, where this process may not send
 * to another socket (that takes CAP_NET_ADMIN).
 */
static inline struct ksrtp_handle *fake_peer_open(fake_serve_fn serve, int n,
						  const char *what, pid_t *pid)
{
	struct nlmsghdr probe = { .nlmsg_len = NLMSG_HDRLEN, .nlmsg_type = NLMSG_NOOP };
	struct timeval tv = { .tv_sec = 10 };
	struct sockaddr_nl self;
	socklen_t len = sizeof(self);
	struct ksrtp_handle *h;
	int fd;

	h = ksrtp__open("nlctrl");
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	memset(&self, 0, sizeof(self));
	self.nl_family = AF_NETLINK;
	if (!h || fd < 0 || bind(fd, (struct sockaddr *)&self, sizeof(self)) ||
	    getsockname(fd, (struct sockaddr *)&self, &len) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    sendto(fd, &probe, sizeof(probe), 0, (struct sockaddr *)&self, sizeof(self)) < 0) {
		printf("no netlink peer here (%s): skipping %s\n", strerror(errno), what);
		checks_skipped++;
		ksrtp_close(h);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (recv(fd, &probe, sizeof(probe), MSG_DONTWAIT) != sizeof(probe))
		CHECK(!"the probe sent to the peer itself");
	*pid = fork();
	if (*pid == 0)
		serve(fd, nl_socket_get_local_port(h->sk), n);
	close(fd);
	nl_socket_set_peer_port(h->sk, self.nl_pid);
	setsockopt(nl_socket_get_fd(h->sk), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return h;
}

#endif
