// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The handle and its netlink socket: opening one (the family and its
 * events group resolved), closing it, and the conversation of a request:
 * send it, read its replies up to the ACK or NLMSG_DONE, turn an error
 * ACK into an errno and a message.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "internal.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* ---- A request and its answer ---------------------------------------- */

/* One request and what its answer told so far. */
struct request {
	struct ksrtp_handle *h;
	struct nl_msg *msg;
	uint32_t seq;
	bool done;
	bool dump_intr;
	int error;
	int (*reply)(struct nlmsghdr *nlh, void *arg);
	void *arg;
};

static int seq_check_cb(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;

	/* Leftovers of an earlier request are not ours to read. */
	return nlmsg_hdr(msg)->nlmsg_seq == req->seq ? NL_OK : NL_SKIP;
}

static int dump_intr_cb(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;

	(void)msg;
	req->dump_intr = true;
	return NL_OK;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;
	int ret;

	/* After a failure keep reading to the end, but only to drain. */
	if (req->error || !req->reply)
		return NL_OK;
	ret = req->reply(nlmsg_hdr(msg), req->arg);
	if (ret)
		req->error = ret;
	return NL_OK;
}

static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;
	char text[KSRTP_ERRMSG_LEN];
	int err;

	err = ksrtp__ack_error(nlmsg_hdr(msg), nlmsg_hdr(req->msg), text, sizeof(text));
	if (err && !req->error) {
		req->error = err;
		ksrtp__seterr(req->h, "%s", text);
	}
	req->done = true;
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;

	(void)msg;
	req->done = true;
	return NL_STOP;
}

static int error_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (void *)((char *)e - NLMSG_HDRLEN);
	struct request *req = arg;
	char text[KSRTP_ERRMSG_LEN];
	int err;

	(void)nla;
	if (nlh->nlmsg_seq != req->seq)
		return NL_SKIP;
	err = ksrtp__ack_error(nlh, nlmsg_hdr(req->msg), text, sizeof(text));
	if (!req->error) {
		req->error = err ? err : -EPROTO;
		ksrtp__seterr(req->h, "%s", text);
	}
	req->done = true;
	return NL_STOP;
}

/*
 * Send msg and read its answer up to the ACK (or, for a dump, NLMSG_DONE),
 * passing every reply message to reply(). Returns 0 or a negative errno;
 * h->errmsg describes a failure.
 */
static int transact(struct ksrtp_handle *h, struct nl_msg *msg,
		    int (*reply)(struct nlmsghdr *, void *), void *arg)
{
	struct request req = { .h = h, .msg = msg, .reply = reply, .arg = arg };
	struct nl_cb *cb;
	int ret;

	h->errmsg[0] = '\0';
	if (h->events) {
		ksrtp__seterr(h, "an events handle takes no requests: open another handle");
		return -EINVAL;
	}
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		ksrtp__seterr(h, "out of memory");
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_check_cb, &req);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, dump_intr_cb, &req);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &req);
	nl_cb_err(cb, NL_CB_CUSTOM, error_cb, &req);

	ret = nl_send_auto(h->sk, msg);
	if (ret < 0) {
		ksrtp__seterr(h, "sending the request: %s", nl_geterror(ret));
		nl_cb_put(cb);
		return ksrtp__nlerr(ret);
	}
	req.seq = nlmsg_hdr(msg)->nlmsg_seq;

	while (!req.done) {
		ret = nl_recvmsgs(h->sk, cb);
		if (req.done)
			break;
		if (ret < 0) {
			if (!req.error) {
				req.error = ksrtp__nlerr(ret);
				ksrtp__seterr(h, "reading the reply: %s", nl_geterror(ret));
			}
			break;
		}
	}
	nl_cb_put(cb);

	if (!req.error && req.dump_intr) {
		ksrtp__seterr(h, "contexts or rules changed during the listing, it may be inconsistent");
		req.error = -EAGAIN;
	}
	return req.error;
}

struct nl_msg *ksrtp__new_request(struct ksrtp_handle *h, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0,
			 flags, cmd, KSRTP_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

void ksrtp__free_request(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	/* Requests stay far below libnl's default buffer size, so the buffer
	 * was never reallocated: this is the only copy there was. */
	explicit_bzero(nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
}

int ksrtp__run(struct ksrtp_handle *h, struct nl_msg *msg,
	       int (*reply)(struct nlmsghdr *, void *), void *arg)
{
	int ret = transact(h, msg, reply, arg);

	ksrtp__free_request(msg);
	return ret;
}

/* ---- Opening and closing --------------------------------------------- */

struct family {
	int id;
	const char *group;	/* multicast group to look up, or NULL */
	uint32_t group_id;	/* 0: not found */
};

static void find_group(struct nlattr *groups, struct family *f)
{
	struct nlattr *g, *tb[CTRL_ATTR_MCAST_GRP_MAX + 1];
	int rem;

	nla_for_each_nested(g, groups, rem) {
		if (nla_parse_nested(tb, CTRL_ATTR_MCAST_GRP_MAX, g, NULL) < 0 ||
		    !tb[CTRL_ATTR_MCAST_GRP_NAME] || !tb[CTRL_ATTR_MCAST_GRP_ID] ||
		    nla_len(tb[CTRL_ATTR_MCAST_GRP_ID]) != sizeof(uint32_t))
			continue;
		if (!nla_strcmp(tb[CTRL_ATTR_MCAST_GRP_NAME], f->group)) {
			f->group_id = nla_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
			return;
		}
	}
}

static int family_reply(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct family *f = arg;

	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_ID])
		return -EPROTO;
	f->id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (f->group && tb[CTRL_ATTR_MCAST_GROUPS])
		find_group(tb[CTRL_ATTR_MCAST_GROUPS], f);
	return 0;
}

/* Resolved by hand rather than with genl_ctrl_resolve() to keep the errno. */
static int resolve_family(struct ksrtp_handle *h, const char *name,
			  struct family *f)
{
	struct nl_msg *msg = nlmsg_alloc();
	int ret;

	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL, 0,
			 NLM_F_ACK, CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = ksrtp__run(h, msg, family_reply, f);
	if (!ret && !f->id)
		ret = -EPROTO;
	h->family = f->id;
	return ret;
}

static struct ksrtp_handle *open_handle(const char *family, struct family *f)
{
	struct ksrtp_handle *h;
	int one = 1, ret, fd;

	h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->sk = nl_socket_alloc();
	if (!h->sk) {
		free(h);
		errno = ENOMEM;
		return NULL;
	}
	/* Sequence numbers are checked per request (seq_check_cb). */
	nl_socket_disable_auto_ack(h->sk);
	/*
	 * Size each read to the message: a forwarding rule with hundreds of
	 * outputs is one reply of tens of KB, more than libnl's default
	 * buffer, which would truncate it.
	 */
	nl_socket_enable_msg_peek(h->sk);
	ret = genl_connect(h->sk);
	if (ret < 0) {
		ret = ksrtp__nlerr(ret);
		goto fail;
	}
	/*
	 * libnl's default receive buffer (32 KB) holds one such reply but
	 * not the ACK behind it: the kernel drops the ACK and the read ends
	 * in ENOBUFS. Ask for more; the kernel caps it at net.core.rmem_max.
	 */
	ret = nl_socket_set_buffer_size(h->sk, 1 << 20, 0);
	if (ret < 0) {
		ret = ksrtp__nlerr(ret);
		goto fail;
	}
	fd = nl_socket_get_fd(h->sk);
	/* Both options exist since Linux 4.12; an older kernel cannot run
	 * the module, so a failure here is not worth refusing to work. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	ret = resolve_family(h, family, f);
	if (ret < 0)
		goto fail;
	return h;

fail:
	nl_socket_free(h->sk);
	free(h);
	errno = -ret;
	return NULL;
}

struct ksrtp_handle *ksrtp__open(const char *family)
{
	struct family f = { 0 };

	return open_handle(family, &f);
}

struct ksrtp_handle *ksrtp_open(void)
{
	return ksrtp__open(KSRTP_GENL_NAME);
}

struct ksrtp_handle *ksrtp__open_events(const char *family, const char *group)
{
	struct family f = { .group = group };
	struct ksrtp_handle *h;
	int ret;

	h = open_handle(family, &f);
	if (!h)
		return NULL;
	if (!f.group_id) {
		ret = -EOPNOTSUPP;
		goto fail;
	}
	h->rbuf = malloc(KSRTP_EVENT_BUF);
	if (!h->rbuf) {
		ret = -ENOMEM;
		goto fail;
	}
	ret = nl_socket_add_membership(h->sk, f.group_id);
	if (ret < 0) {
		ret = ksrtp__nlerr(ret);
		goto fail;
	}
	ret = nl_socket_set_nonblocking(h->sk);
	if (ret < 0) {
		ret = ksrtp__nlerr(ret);
		goto fail;
	}
	h->events = true;
	return h;

fail:
	ksrtp_close(h);
	errno = -ret;
	return NULL;
}

struct ksrtp_handle *ksrtp_events_open(void)
{
	return ksrtp__open_events(KSRTP_GENL_NAME, KSRTP_MCGRP_EVENTS);
}

void ksrtp_close(struct ksrtp_handle *h)
{
	if (!h)
		return;
	nl_socket_free(h->sk);
	free(h->rbuf);
	free(h);
}
