// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Batches: many KSRTP_CMD_CTX_NEW / KSRTP_CMD_CTX_DEL requests in one
 * sendmsg(), their answers matched back by sequence number.
 *
 * The kernel's netlink_rcv_skb() hands every message of a sendmsg() to
 * generic netlink in order and acknowledges each (NLM_F_ACK) whatever
 * became of the others. Every answer is queued on our socket before
 * sendmsg() returns, so one sendmsg() must not carry more requests than
 * the receive buffer has room for answers: an overflowing answer would be
 * dropped (ENOBUFS), and its request's fate unknown.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "internal.h"

/* What we ask for; without CAP_NET_ADMIN the system's limits cap it. */
#define BATCH_SOCKBUF		(4 << 20)
/*
 * Receive-buffer space one request's answers may take (skb truesize of a
 * CTX_NEW reply after netlink_trim() plus the ACK, with room to spare).
 */
#define BATCH_ANSWER_BUDGET	4096
#define BATCH_MAX_MSGS		1024
/* A kernel answer is at most NLMSG_GOODSIZE; two pages is plenty. */
#define BATCH_RBUF		65536

static void setup_buffers(struct ksrtp_handle *h)
{
	int fd = nl_socket_get_fd(h->sk), size = BATCH_SOCKBUF, rcv = 0, snd = 0;
	socklen_t len = sizeof(int);

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, &len) < 0)
		rcv = 0;
	len = sizeof(int);
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &snd, &len) < 0)
		snd = 0;

	h->batch_max_msgs = rcv / BATCH_ANSWER_BUDGET;
	if (h->batch_max_msgs < 1)
		h->batch_max_msgs = 1;
	if (h->batch_max_msgs > BATCH_MAX_MSGS)
		h->batch_max_msgs = BATCH_MAX_MSGS;
	/* netlink_sendmsg() refuses more than sk_sndbuf - 32 bytes. */
	h->batch_max_bytes = snd > 4096 ? (size_t)snd - 64 : 4096;
	if (h->batch_max_bytes > (1 << 20))
		h->batch_max_bytes = 1 << 20;
	h->batch_ready = true;
}

static void set_result(struct ksrtp_batch_result *r, int error, const char *msg)
{
	size_t len = msg ? strnlen(msg, sizeof(r->errmsg) - 1) : 0;

	r->error = error;
	r->id = 0;
	/* Truncated if need be: the library's messages are shorter. */
	memcpy(r->errmsg, msg ? msg : "", len);
	r->errmsg[len] = '\0';
}

/* Encode one request; NULL with *why (and *err) set if refused here. */
static struct nl_msg *encode(struct ksrtp_handle *h, const struct ksrtp_batch_req *rq,
			     const char **why, int *err)
{
	struct nl_msg *msg;
	int ret;

	*why = "out of memory";
	*err = -ENOMEM;
	switch (rq->op) {
	case KSRTP_BATCH_ADD:
		if (!rq->params) {
			*why = "KSRTP_BATCH_ADD without params";
			*err = -EINVAL;
			return NULL;
		}
		msg = ksrtp__new_request(h, KSRTP_CMD_CTX_NEW, NLM_F_ACK);
		if (!msg)
			return NULL;
		ret = ksrtp__put_params(msg, rq->params, why);
		break;
	case KSRTP_BATCH_DEL:
		if (!rq->id && !rq->tuple) {
			*why = "KSRTP_BATCH_DEL without id or tuple";
			*err = -EINVAL;
			return NULL;
		}
		msg = ksrtp__new_request(h, KSRTP_CMD_CTX_DEL, NLM_F_ACK);
		if (!msg)
			return NULL;
		if (rq->id) {
			*why = "request too large";
			ret = nla_put_u32(msg, KSRTP_A_ID, rq->id) < 0 ? -EMSGSIZE : 0;
		} else {
			ret = ksrtp__put_tuple(msg, rq->tuple, why);
		}
		break;
	default:
		*why = "unknown batch operation";
		*err = -EINVAL;
		return NULL;
	}
	if (ret) {
		ksrtp__free_request(msg);
		*err = ret;
		return NULL;
	}
	return msg;
}

/* The requests of one sendmsg(). */
struct chunk {
	struct nl_msg **msgs;
	size_t *index;		/* msgs[i] is reqs[index[i]] */
	bool *done;
	size_t n, pending;
	uint32_t seq0;
	uint8_t *sbuf, *rbuf;
};

/* Decode one answer of the chunk. */
static void answer(struct ksrtp_handle *h, struct chunk *c, struct nlmsghdr *nlh,
		   const struct ksrtp_batch_req *reqs, struct ksrtp_batch_result *res)
{
	uint32_t pos = nlh->nlmsg_seq - c->seq0;
	struct ksrtp_batch_result *r;
	char text[KSRTP_ERRMSG_LEN];
	int err;

	if (pos >= c->n || c->done[pos])
		return;		/* not ours, or a leftover of an earlier request */
	r = &res[c->index[pos]];

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		err = ksrtp__ack_error(nlh, nlmsg_hdr(c->msgs[pos]), text, sizeof(text));
		if (err) {
			set_result(r, err, text);
		} else if (reqs[c->index[pos]].op == KSRTP_BATCH_ADD && !r->id) {
			set_result(r, -EPROTO, "the kernel's reply carried no context id");
		}
		c->done[pos] = true;
		c->pending--;
	} else if (nlh->nlmsg_type == h->family) {
		ksrtp__parse_id(nlh, &r->id);
	}
}

/* Send the chunk's requests in one sendmsg() and read every answer. */
static int exchange(struct ksrtp_handle *h, struct chunk *c,
		    const struct ksrtp_batch_req *reqs, struct ksrtp_batch_result *res)
{
	int fd = nl_socket_get_fd(h->sk);
	struct nlmsghdr *nlh;
	size_t len = 0, i;
	ssize_t n;

	for (i = 0; i < c->n; i++) {
		nlh = nlmsg_hdr(c->msgs[i]);
		nlh->nlmsg_seq = c->seq0 + i;
		nlh->nlmsg_pid = nl_socket_get_local_port(h->sk);
		/* What nl_complete_msg() adds: without it the kernel only
		 * acknowledges the message, and does nothing. */
		nlh->nlmsg_flags |= NLM_F_REQUEST;
		memcpy(c->sbuf + len, nlh, nlh->nlmsg_len);
		len += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	do {
		n = send(fd, c->sbuf, len, 0);
	} while (n < 0 && errno == EINTR);
	explicit_bzero(c->sbuf, len);
	if (n < 0) {
		ksrtp__seterr(h, "sending the batch: %s", strerror(errno));
		return -errno;
	}

	c->pending = c->n;
	while (c->pending) {
		n = recv(fd, c->rbuf, BATCH_RBUF, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;

			if (err == -ENOBUFS)
				ksrtp__seterr(h, "the kernel's answers overflowed the socket's "
					      "receive buffer: the outcome of unanswered "
					      "requests is unknown");
			else
				ksrtp__seterr(h, "reading the answers: %s", strerror(-err));
			return err;
		}
		if (n == 0) {
			ksrtp__seterr(h, "reading the answers: end of file");
			return -EPROTO;
		}
		for (nlh = (struct nlmsghdr *)c->rbuf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n))
			answer(h, c, nlh, reqs, res);
	}
	return 0;
}

static void free_chunk(struct chunk *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		ksrtp__free_request(c->msgs[i]);
	c->n = 0;
}

int ksrtp_batch(struct ksrtp_handle *h, const struct ksrtp_batch_req *reqs,
		size_t n, struct ksrtp_batch_result *res)
{
	struct chunk c = { 0 };
	size_t i = 0, j, bytes, failed = 0;
	struct nl_msg *msg;
	const char *why;
	int err, ret = 0;

	h->errmsg[0] = '\0';
	if (!n || !reqs || !res) {
		ksrtp__seterr(h, "empty batch");
		return -EINVAL;
	}
	if (h->events) {
		ksrtp__seterr(h, "an events handle takes no requests: open another handle");
		return -EINVAL;
	}
	if (!h->batch_ready)
		setup_buffers(h);
	for (j = 0; j < n; j++)
		set_result(&res[j], 0, NULL);

	c.msgs = calloc(h->batch_max_msgs, sizeof(*c.msgs));
	c.index = calloc(h->batch_max_msgs, sizeof(*c.index));
	c.done = calloc(h->batch_max_msgs, sizeof(*c.done));
	c.sbuf = malloc(h->batch_max_bytes);
	c.rbuf = malloc(BATCH_RBUF);
	if (!c.msgs || !c.index || !c.done || !c.sbuf || !c.rbuf) {
		ksrtp__seterr(h, "out of memory");
		ret = -ENOMEM;
		goto out;
	}

	while (i < n && !ret) {
		/* Fill one sendmsg(). */
		for (bytes = 0; i < n && c.n < h->batch_max_msgs; i++) {
			msg = encode(h, &reqs[i], &why, &err);
			if (!msg) {
				set_result(&res[i], err, why);
				continue;
			}
			if (bytes + NLMSG_ALIGN(nlmsg_hdr(msg)->nlmsg_len) > h->batch_max_bytes &&
			    c.n) {
				ksrtp__free_request(msg);
				break;	/* reqs[i] goes into the next one */
			}
			bytes += NLMSG_ALIGN(nlmsg_hdr(msg)->nlmsg_len);
			c.msgs[c.n] = msg;
			c.index[c.n] = i;
			c.done[c.n] = false;
			c.n++;
		}
		if (!c.n)
			continue;
		c.seq0 = nl_socket_use_seq(h->sk);
		for (j = 1; j < c.n; j++)
			nl_socket_use_seq(h->sk);
		ret = exchange(h, &c, reqs, res);
		if (ret) {
			/* Unanswered requests of this chunk, and all after it. */
			for (j = 0; j < c.n; j++)
				if (!c.done[j])
					set_result(&res[c.index[j]], ret, h->errmsg);
			for (; i < n; i++)
				set_result(&res[i], ret, "not sent: an earlier part of the batch failed");
		}
		free_chunk(&c);
	}

out:
	free_chunk(&c);
	if (c.sbuf)
		explicit_bzero(c.sbuf, h->batch_max_bytes);
	free(c.msgs);
	free(c.index);
	free(c.done);
	free(c.sbuf);
	free(c.rbuf);
	if (ret)
		return ret;
	for (j = 0; j < n; j++) {
		if (!res[j].error)
			continue;
		if (!failed++)
			ksrtp__seterr(h, "request %zu: %s", j, res[j].errmsg[0] ?
				      res[j].errmsg : strerror(-res[j].error));
	}
	return failed > INT_MAX ? INT_MAX : (int)failed;
}
DEFAULT_VERSION(ksrtp_batch, KSRTP_6);

/* A batch of one kind of request: adds of @params or deletes of @ids. */
static int batch_of(struct ksrtp_handle *h, enum ksrtp_batch_op op,
		    const struct ksrtp_ctx_params *params, const uint32_t *ids,
		    size_t n, struct ksrtp_batch_result *res)
{
	struct ksrtp_batch_req *reqs;
	size_t i;
	int ret;

	if (!n || (op == KSRTP_BATCH_ADD ? !params : !ids))
		return ksrtp_batch(h, NULL, 0, res);
	reqs = calloc(n, sizeof(*reqs));
	if (!reqs) {
		ksrtp__seterr(h, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		reqs[i].op = op;
		if (op == KSRTP_BATCH_ADD)
			reqs[i].params = &params[i];
		else
			reqs[i].id = ids[i];
	}
	ret = ksrtp_batch(h, reqs, n, res);
	free(reqs);
	return ret;
}

int ksrtp_ctx_add_batch(struct ksrtp_handle *h,
			const struct ksrtp_ctx_params *params, size_t n,
			struct ksrtp_batch_result *res)
{
	return batch_of(h, KSRTP_BATCH_ADD, params, NULL, n, res);
}
DEFAULT_VERSION(ksrtp_ctx_add_batch, KSRTP_6);

int ksrtp_ctx_del_id_batch(struct ksrtp_handle *h, const uint32_t *ids,
			   size_t n, struct ksrtp_batch_result *res)
{
	return batch_of(h, KSRTP_BATCH_DEL, NULL, ids, n, res);
}
