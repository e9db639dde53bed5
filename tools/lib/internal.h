/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Internal to libksrtp. Declared here rather than static so that the host
 * tests can exercise message encoding and error decoding without a kernel;
 * the shared library does not export them (libksrtp.map).
 */
#ifndef KSRTP_INTERNAL_H
#define KSRTP_INTERNAL_H

#include <stdarg.h>
#include <linux/netlink.h>
#include <netlink/msg.h>

#include "ksrtp.h"

#define KSRTP_ERRMSG_LEN	512

struct ksrtp_handle {
	struct nl_sock *sk;
	int family;
	char errmsg[KSRTP_ERRMSG_LEN];
};

/* ksrtp_open() for any generic netlink family. */
struct ksrtp_handle *ksrtp__open(const char *family);

/*
 * Send msg (built with genlmsg_put(); NLM_F_ACK unless it is a dump), read
 * the answer up to its ACK or NLMSG_DONE, passing each reply message to
 * reply() (a non-zero return is remembered and returned, and the rest of
 * the answer is drained), then wipe and free msg. Returns 0 or a negative
 * errno; h->errmsg describes a failure.
 */
int ksrtp__run(struct ksrtp_handle *h, struct nl_msg *msg,
	       int (*reply)(struct nlmsghdr *nlh, void *arg), void *arg);

void ksrtp__seterr(struct ksrtp_handle *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A libnl error (-NLE_*) as a negative errno. */
int ksrtp__nlerr(int nlerr);

/*
 * Decode the error of an NLMSG_ERROR or NLMSG_DONE message @nlh: returns
 * the (negative) errno it carries, 0 for a plain ACK, -EPROTO if it is
 * truncated, and writes the extended-ACK description into @buf. @req is
 * the request that @nlh answers (NULL if unknown), used to name the
 * attribute that NLMSGERR_ATTR_OFFS points at.
 */
int ksrtp__ack_error(const struct nlmsghdr *nlh, const struct nlmsghdr *req,
		     char *buf, size_t len);

/*
 * Append the attributes of a tuple, of a whole CTX_NEW request, to msg.
 * Return 0, or -EINVAL with *why set to a reason (never key material),
 * or -EMSGSIZE if msg is full.
 */
int ksrtp__put_tuple(struct nl_msg *msg, const struct ksrtp_tuple *t,
		     const char **why);
int ksrtp__put_params(struct nl_msg *msg, const struct ksrtp_ctx_params *p,
		      const char **why);

/*
 * Decode a context reply (genetlink message) into info. Returns 0 or
 * -EPROTO with *why set.
 */
int ksrtp__parse_info(struct nlmsghdr *nlh, struct ksrtp_ctx_info *info,
		      const char **why);

#endif /* KSRTP_INTERNAL_H */
