// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The ksrtp generic netlink conversation: requests, replies, dumps.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
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
		ksrtp__seterr(h, "contexts changed during the listing, it may be inconsistent");
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

static int nomem(struct ksrtp_handle *h, struct nl_msg *msg)
{
	if (msg)
		ksrtp__free_request(msg);
	ksrtp__seterr(h, "out of memory");
	return -ENOMEM;
}

/* ---- Handle ------------------------------------------------------------ */

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
	ret = genl_connect(h->sk);
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

/* ---- Encoding ---------------------------------------------------------- */

static int put_addr(struct nl_msg *msg, const union ksrtp_sockaddr *a,
		    int attr_v4, int attr_v6, int attr_port)
{
	int ret;

	if (a->sa.sa_family == AF_INET) {
		ret = nla_put(msg, attr_v4, sizeof(a->sin.sin_addr), &a->sin.sin_addr);
		if (ret >= 0)
			ret = nla_put_u16(msg, attr_port, ntohs(a->sin.sin_port));
	} else {
		ret = nla_put(msg, attr_v6, sizeof(a->sin6.sin6_addr), &a->sin6.sin6_addr);
		if (ret >= 0)
			ret = nla_put_u16(msg, attr_port, ntohs(a->sin6.sin6_port));
	}
	return ret < 0 ? -EMSGSIZE : 0;
}

static int put_tuple(struct nl_msg *msg, const struct ksrtp_tuple *t,
		     bool with_ssrc, const char **why)
{
	int lf = t->local.sa.sa_family, rf = t->remote.sa.sa_family;

	if (t->direction != KSRTP_DIR_INBOUND && t->direction != KSRTP_DIR_OUTBOUND) {
		*why = "direction must be KSRTP_DIR_INBOUND or KSRTP_DIR_OUTBOUND";
		return -EINVAL;
	}
	if (lf != AF_INET && lf != AF_INET6) {
		*why = "local address must be AF_INET or AF_INET6";
		return -EINVAL;
	}
	if (rf != AF_UNSPEC && rf != lf) {
		*why = "local and remote addresses must be of one family";
		return -EINVAL;
	}
	if (nla_put_u8(msg, KSRTP_A_DIRECTION, t->direction) < 0 ||
	    put_addr(msg, &t->local, KSRTP_A_LOCAL_IPV4, KSRTP_A_LOCAL_IPV6,
		     KSRTP_A_LOCAL_PORT) < 0 ||
	    (rf != AF_UNSPEC &&
	     put_addr(msg, &t->remote, KSRTP_A_REMOTE_IPV4, KSRTP_A_REMOTE_IPV6,
		      KSRTP_A_REMOTE_PORT) < 0) ||
	    (with_ssrc && nla_put_u32(msg, KSRTP_A_SSRC, t->ssrc) < 0)) {
		*why = "request too large";
		return -EMSGSIZE;
	}
	return 0;
}

int ksrtp__put_tuple(struct nl_msg *msg, const struct ksrtp_tuple *t,
		     const char **why)
{
	return put_tuple(msg, t, true, why);
}

static int check_key_salt(size_t key_len, size_t salt_len, size_t mki_len,
			  const char **why)
{
	if (key_len == 0 || key_len > KSRTP_MAX_KEY_LEN) {
		*why = "key_len out of range";
		return -EINVAL;
	}
	if (salt_len == 0 || salt_len > KSRTP_MAX_SALT_LEN) {
		*why = "salt_len out of range";
		return -EINVAL;
	}
	if (mki_len > KSRTP_MKI_MAX_LEN) {
		*why = "mki_len above KSRTP_MKI_MAX_LEN";
		return -EINVAL;
	}
	return 0;
}

int ksrtp__put_params(struct nl_msg *msg, const struct ksrtp_ctx_params *p,
		      const char **why)
{
	int ret;

	ret = check_key_salt(p->key_len, p->salt_len, p->mki_len, why);
	if (ret)
		return ret;
	if (p->is_template && p->tuple.direction != KSRTP_DIR_INBOUND) {
		*why = "a template must be inbound";
		return -EINVAL;
	}
	/* Any inbound context may say whether it protects its port. */
	if (p->policy && p->tuple.direction != KSRTP_DIR_INBOUND) {
		*why = "policy applies to inbound contexts only";
		return -EINVAL;
	}
	if (!p->is_template && p->has_learn_limit) {
		*why = "learn_limit applies to templates only";
		return -EINVAL;
	}
	ret = put_tuple(msg, &p->tuple, !p->is_template, why);
	if (ret)
		return ret;
	if (nla_put_u16(msg, KSRTP_A_SUITE, p->suite) < 0 ||
	    nla_put(msg, KSRTP_A_MASTER_KEY, p->key_len, p->key) < 0 ||
	    nla_put(msg, KSRTP_A_MASTER_SALT, p->salt_len, p->salt) < 0 ||
	    (p->has_roc && nla_put_u32(msg, KSRTP_A_ROC, p->roc) < 0) ||
	    (p->replay_window &&
	     nla_put_u32(msg, KSRTP_A_REPLAY_WINDOW, p->replay_window) < 0) ||
	    (p->mki_len && nla_put(msg, KSRTP_A_MKI, p->mki_len, p->mki) < 0) ||
	    (p->is_template && nla_put_flag(msg, KSRTP_A_TEMPLATE) < 0) ||
	    (p->policy && nla_put_u8(msg, KSRTP_A_POLICY, p->policy) < 0) ||
	    (p->has_learn_limit &&
	     nla_put_u32(msg, KSRTP_A_LEARN_LIMIT, p->learn_limit) < 0)) {
		*why = "request too large";
		return -EMSGSIZE;
	}
	return 0;
}

int ksrtp__put_key(struct nl_msg *msg, const struct ksrtp_key_params *kp,
		   const char **why)
{
	int ret;

	ret = check_key_salt(kp->key_len, kp->salt_len, kp->mki_len, why);
	if (ret)
		return ret;
	if (kp->active && !kp->mki_len) {
		*why = "only a key with an MKI can be made active; keys without MKI start at an index";
		return -EINVAL;
	}
	if (kp->mki_len && (kp->has_from_index || kp->has_from_srtcp_index)) {
		*why = "a key with an MKI takes no from-index";
		return -EINVAL;
	}
	if (nla_put(msg, KSRTP_A_MASTER_KEY, kp->key_len, kp->key) < 0 ||
	    nla_put(msg, KSRTP_A_MASTER_SALT, kp->salt_len, kp->salt) < 0 ||
	    (kp->mki_len && nla_put(msg, KSRTP_A_MKI, kp->mki_len, kp->mki) < 0) ||
	    (kp->active && nla_put_flag(msg, KSRTP_A_KEY_ACTIVE) < 0) ||
	    (kp->has_from_index &&
	     nla_put_u64(msg, KSRTP_A_FROM_INDEX, kp->from_index) < 0) ||
	    (kp->has_from_srtcp_index &&
	     nla_put_u32(msg, KSRTP_A_FROM_SRTCP_INDEX, kp->from_srtcp_index) < 0)) {
		*why = "request too large";
		return -EMSGSIZE;
	}
	return 0;
}

/* ---- Decoding ---------------------------------------------------------- */

static bool get_addr(struct nlattr *v4, struct nlattr *v6, struct nlattr *port,
		     union ksrtp_sockaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (!v4 && !v6 && !port)
		return true;	/* AF_UNSPEC: no address */
	if (!port || (v4 && v6))
		return false;
	if (v4 && nla_len(v4) == sizeof(a->sin.sin_addr)) {
		a->sin.sin_family = AF_INET;
		memcpy(&a->sin.sin_addr, nla_data(v4), sizeof(a->sin.sin_addr));
		a->sin.sin_port = htons(nla_get_u16(port));
	} else if (v6 && nla_len(v6) == sizeof(a->sin6.sin6_addr)) {
		a->sin6.sin6_family = AF_INET6;
		memcpy(&a->sin6.sin6_addr, nla_data(v6), sizeof(a->sin6.sin6_addr));
		a->sin6.sin6_port = htons(nla_get_u16(port));
	} else {
		return false;
	}
	return true;
}

static void get_string(struct nlattr *nla, char *buf, size_t size)
{
	buf[0] = '\0';
	if (nla)
		nla_strlcpy(buf, nla, size);
}

static bool get_mki(struct nlattr *nla, uint8_t *mki, size_t *mki_len)
{
	*mki_len = 0;
	if (!nla)
		return true;
	if (nla_len(nla) < 1 || nla_len(nla) > KSRTP_MKI_MAX_LEN)
		return false;
	*mki_len = nla_len(nla);
	memcpy(mki, nla_data(nla), *mki_len);
	return true;
}

/* KSRTP_A_KEYS: one nest per key; keys beyond KSRTP_MAX_KEYS are not kept. */
static int parse_keys(struct nlattr *keys, struct ksrtp_ctx_info *info)
{
	static const struct nla_policy policy[KSRTP_KEY_A_MAX + 1] = {
		[KSRTP_KEY_A_ACTIVE]		= { .type = NLA_FLAG },
		[KSRTP_KEY_A_FROM_INDEX]	= { .type = NLA_U64 },
		[KSRTP_KEY_A_FROM_SRTCP_INDEX]	= { .type = NLA_U32 },
		[KSRTP_KEY_A_RTP_PACKETS]	= { .type = NLA_U64 },
		[KSRTP_KEY_A_RTCP_PACKETS]	= { .type = NLA_U64 },
	};
	struct nlattr *nest, *kt[KSRTP_KEY_A_MAX + 1];
	struct ksrtp_key_info *k;
	int rem;

	nla_for_each_nested(nest, keys, rem) {
		if (info->nkeys == KSRTP_MAX_KEYS)
			break;
		if (nla_parse_nested(kt, KSRTP_KEY_A_MAX, nest, policy) < 0)
			return -EPROTO;
		k = &info->keys[info->nkeys];
		if (!get_mki(kt[KSRTP_KEY_A_MKI], k->mki, &k->mki_len))
			return -EPROTO;
		k->active = kt[KSRTP_KEY_A_ACTIVE] != NULL;
		if (kt[KSRTP_KEY_A_FROM_INDEX]) {
			k->has_from_index = true;
			k->from_index = nla_get_u64(kt[KSRTP_KEY_A_FROM_INDEX]);
		}
		if (kt[KSRTP_KEY_A_FROM_SRTCP_INDEX]) {
			k->has_from_srtcp_index = true;
			k->from_srtcp_index = nla_get_u32(kt[KSRTP_KEY_A_FROM_SRTCP_INDEX]);
		}
		if (kt[KSRTP_KEY_A_RTP_PACKETS])
			k->rtp_packets = nla_get_u64(kt[KSRTP_KEY_A_RTP_PACKETS]);
		if (kt[KSRTP_KEY_A_RTCP_PACKETS])
			k->rtcp_packets = nla_get_u64(kt[KSRTP_KEY_A_RTCP_PACKETS]);
		info->nkeys++;
	}
	return 0;
}

int ksrtp__parse_info(struct nlmsghdr *nlh, struct ksrtp_ctx_info *info,
		      const char **why)
{
	static const struct nla_policy policy[KSRTP_A_MAX + 1] = {
		[KSRTP_A_ID]		= { .type = NLA_U32 },
		[KSRTP_A_DIRECTION]	= { .type = NLA_U8 },
		[KSRTP_A_LOCAL_PORT]	= { .type = NLA_U16 },
		[KSRTP_A_REMOTE_PORT]	= { .type = NLA_U16 },
		[KSRTP_A_SSRC]		= { .type = NLA_U32 },
		[KSRTP_A_SUITE]		= { .type = NLA_U16 },
		[KSRTP_A_ROC]		= { .type = NLA_U32 },
		[KSRTP_A_SEQ]		= { .type = NLA_U16 },
		[KSRTP_A_SRTCP_INDEX]	= { .type = NLA_U32 },
		[KSRTP_A_REPLAY_WINDOW]	= { .type = NLA_U32 },
		[KSRTP_A_STATS]		= { .type = NLA_NESTED },
		[KSRTP_A_CIPHER_DRIVER]	= { .type = NLA_STRING },
		[KSRTP_A_AUTH_DRIVER]	= { .type = NLA_STRING },
		[KSRTP_A_KEYS]		= { .type = NLA_NESTED },
		[KSRTP_A_TEMPLATE]	= { .type = NLA_FLAG },
		[KSRTP_A_POLICY]	= { .type = NLA_U8 },
		[KSRTP_A_LEARN_LIMIT]	= { .type = NLA_U32 },
		[KSRTP_A_TEMPLATE_ID]	= { .type = NLA_U32 },
		[KSRTP_A_LEARNED]	= { .type = NLA_U32 },
	};
	static const struct nla_policy stats_policy[KSRTP_STATS_A_MAX + 1] = {
		[KSRTP_STATS_A_RTP_PACKETS]	= { .type = NLA_U64 },
		[KSRTP_STATS_A_RTP_BYTES]	= { .type = NLA_U64 },
		[KSRTP_STATS_A_RTCP_PACKETS]	= { .type = NLA_U64 },
		[KSRTP_STATS_A_RTCP_BYTES]	= { .type = NLA_U64 },
		[KSRTP_STATS_A_AUTH_FAILURES]	= { .type = NLA_U64 },
		[KSRTP_STATS_A_REPLAYS]		= { .type = NLA_U64 },
		[KSRTP_STATS_A_MALFORMED]	= { .type = NLA_U64 },
		[KSRTP_STATS_A_ERRORS]		= { .type = NLA_U64 },
		[KSRTP_STATS_A_KEY_LIMIT]	= { .type = NLA_U64 },
		[KSRTP_STATS_A_UNKNOWN_SSRC]	= { .type = NLA_U64 },
	};
	struct nlattr *tb[KSRTP_A_MAX + 1], *st[KSRTP_STATS_A_MAX + 1];
	struct ksrtp_ctx_stats *s = &info->stats;

	memset(info, 0, sizeof(*info));
	if (genlmsg_parse(nlh, 0, tb, KSRTP_A_MAX, policy) < 0) {
		*why = "malformed context in the kernel's reply";
		return -EPROTO;
	}
	info->is_template = tb[KSRTP_A_TEMPLATE] != NULL;
	if (!tb[KSRTP_A_ID] || !tb[KSRTP_A_DIRECTION] ||
	    (!tb[KSRTP_A_SSRC] && !info->is_template) || !tb[KSRTP_A_SUITE]) {
		*why = "context without id, direction, ssrc or suite in the kernel's reply";
		return -EPROTO;
	}
	if (!get_addr(tb[KSRTP_A_LOCAL_IPV4], tb[KSRTP_A_LOCAL_IPV6],
		      tb[KSRTP_A_LOCAL_PORT], &info->tuple.local) ||
	    info->tuple.local.sa.sa_family == AF_UNSPEC ||
	    !get_addr(tb[KSRTP_A_REMOTE_IPV4], tb[KSRTP_A_REMOTE_IPV6],
		      tb[KSRTP_A_REMOTE_PORT], &info->tuple.remote)) {
		*why = "malformed address in the kernel's reply";
		return -EPROTO;
	}
	info->id = nla_get_u32(tb[KSRTP_A_ID]);
	info->tuple.direction = nla_get_u8(tb[KSRTP_A_DIRECTION]);
	if (tb[KSRTP_A_SSRC] && !info->is_template)
		info->tuple.ssrc = nla_get_u32(tb[KSRTP_A_SSRC]);
	info->suite = nla_get_u16(tb[KSRTP_A_SUITE]);
	if (tb[KSRTP_A_ROC])
		info->roc = nla_get_u32(tb[KSRTP_A_ROC]);
	if (tb[KSRTP_A_SEQ])
		info->seq = nla_get_u16(tb[KSRTP_A_SEQ]);
	if (tb[KSRTP_A_SRTCP_INDEX])
		info->srtcp_index = nla_get_u32(tb[KSRTP_A_SRTCP_INDEX]);
	if (tb[KSRTP_A_REPLAY_WINDOW])
		info->replay_window = nla_get_u32(tb[KSRTP_A_REPLAY_WINDOW]);
	get_string(tb[KSRTP_A_CIPHER_DRIVER], info->cipher_driver, sizeof(info->cipher_driver));
	get_string(tb[KSRTP_A_AUTH_DRIVER], info->auth_driver, sizeof(info->auth_driver));
	if (tb[KSRTP_A_POLICY])
		info->policy = nla_get_u8(tb[KSRTP_A_POLICY]);
	if (tb[KSRTP_A_LEARN_LIMIT])
		info->learn_limit = nla_get_u32(tb[KSRTP_A_LEARN_LIMIT]);
	if (tb[KSRTP_A_LEARNED])
		info->learned = nla_get_u32(tb[KSRTP_A_LEARNED]);
	if (tb[KSRTP_A_TEMPLATE_ID])
		info->template_id = nla_get_u32(tb[KSRTP_A_TEMPLATE_ID]);
	if (tb[KSRTP_A_KEYS] && parse_keys(tb[KSRTP_A_KEYS], info)) {
		*why = "malformed key list in the kernel's reply";
		return -EPROTO;
	}

	if (tb[KSRTP_A_STATS]) {
		if (nla_parse_nested(st, KSRTP_STATS_A_MAX, tb[KSRTP_A_STATS],
				     stats_policy) < 0) {
			*why = "malformed statistics in the kernel's reply";
			return -EPROTO;
		}
#define GET(field, attr) if (st[attr]) s->field = nla_get_u64(st[attr])
		GET(rtp_packets, KSRTP_STATS_A_RTP_PACKETS);
		GET(rtp_bytes, KSRTP_STATS_A_RTP_BYTES);
		GET(rtcp_packets, KSRTP_STATS_A_RTCP_PACKETS);
		GET(rtcp_bytes, KSRTP_STATS_A_RTCP_BYTES);
		GET(auth_failures, KSRTP_STATS_A_AUTH_FAILURES);
		GET(replays, KSRTP_STATS_A_REPLAYS);
		GET(malformed, KSRTP_STATS_A_MALFORMED);
		GET(errors, KSRTP_STATS_A_ERRORS);
		GET(key_limit, KSRTP_STATS_A_KEY_LIMIT);
		GET(unknown_ssrc, KSRTP_STATS_A_UNKNOWN_SSRC);
#undef GET
	}
	return 0;
}

/* KSRTP_A_NET_STATS; counters from a newer module are ignored. */
static int parse_net_stats(struct nlattr *nest, struct ksrtp_net_stats *st)
{
	static const struct nla_policy policy[KSRTP_NET_A_MAX + 1] = {
		[KSRTP_NET_A_UNKNOWN_SSRC]	= { .type = NLA_U64 },
		[KSRTP_NET_A_NOT_SRTP]		= { .type = NLA_U64 },
		[KSRTP_NET_A_MALFORMED]		= { .type = NLA_U64 },
	};
	struct nlattr *tb[KSRTP_NET_A_MAX + 1];

	memset(st, 0, sizeof(*st));
	if (nla_parse_nested(tb, KSRTP_NET_A_MAX, nest, policy) < 0)
		return -EPROTO;
#define GET(field, attr) if (tb[attr]) st->field = nla_get_u64(tb[attr])
	GET(unknown_ssrc, KSRTP_NET_A_UNKNOWN_SSRC);
	GET(not_srtp, KSRTP_NET_A_NOT_SRTP);
	GET(malformed, KSRTP_NET_A_MALFORMED);
#undef GET
	return 0;
}

int ksrtp__parse_net(struct nlmsghdr *nlh, struct ksrtp_net_stats *st,
		     const char **why)
{
	static const struct nla_policy policy[KSRTP_A_MAX + 1] = {
		[KSRTP_A_NET_STATS]	= { .type = NLA_NESTED },
	};
	struct nlattr *tb[KSRTP_A_MAX + 1];

	memset(st, 0, sizeof(*st));
	if (genlmsg_parse(nlh, 0, tb, KSRTP_A_MAX, policy) < 0 ||
	    !tb[KSRTP_A_NET_STATS]) {
		*why = "no namespace counters in the kernel's reply";
		return -EPROTO;
	}
	if (parse_net_stats(tb[KSRTP_A_NET_STATS], st)) {
		*why = "malformed namespace counters in the kernel's reply";
		return -EPROTO;
	}
	return 0;
}

int ksrtp__parse_event(struct nlmsghdr *nlh, struct ksrtp_event_info *ev,
		       const char **why)
{
	static const struct nla_policy policy[KSRTP_A_MAX + 1] = {
		[KSRTP_A_ID]		= { .type = NLA_U32 },
		[KSRTP_A_DIRECTION]	= { .type = NLA_U8 },
		[KSRTP_A_LOCAL_PORT]	= { .type = NLA_U16 },
		[KSRTP_A_REMOTE_PORT]	= { .type = NLA_U16 },
		[KSRTP_A_SSRC]		= { .type = NLA_U32 },
		[KSRTP_A_TEMPLATE_ID]	= { .type = NLA_U32 },
		[KSRTP_A_EVENT]		= { .type = NLA_U8 },
		[KSRTP_A_AUTH_FAILURES]	= { .type = NLA_U64 },
		[KSRTP_A_NET_STATS]	= { .type = NLA_NESTED },
	};
	struct nlattr *tb[KSRTP_A_MAX + 1];
	int type;

	memset(ev, 0, sizeof(*ev));
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		*why = "truncated message from the kernel";
		return -EPROTO;
	}
	if (((struct genlmsghdr *)nlmsg_data(nlh))->cmd != KSRTP_CMD_EVENT)
		return -ENOMSG;
	if (genlmsg_parse(nlh, 0, tb, KSRTP_A_MAX, policy) < 0) {
		*why = "malformed event from the kernel";
		return -EPROTO;
	}
	/*
	 * The events of KSRTP_1 are about a context and name it; later ones
	 * (KSRTP_EVENT_UNMATCHED, and those of a newer module) need not.
	 */
	type = tb[KSRTP_A_EVENT] ? nla_get_u8(tb[KSRTP_A_EVENT]) : 0;
	if (!type || (!tb[KSRTP_A_ID] && type <= KSRTP_EVENT_AUTH_FAILURES)) {
		*why = "event without type or context id from the kernel";
		return -EPROTO;
	}
	if (!get_addr(tb[KSRTP_A_LOCAL_IPV4], tb[KSRTP_A_LOCAL_IPV6],
		      tb[KSRTP_A_LOCAL_PORT], &ev->tuple.local) ||
	    !get_addr(tb[KSRTP_A_REMOTE_IPV4], tb[KSRTP_A_REMOTE_IPV6],
		      tb[KSRTP_A_REMOTE_PORT], &ev->tuple.remote) ||
	    !get_mki(tb[KSRTP_A_MKI], ev->mki, &ev->mki_len)) {
		*why = "malformed address or MKI in an event from the kernel";
		return -EPROTO;
	}
	if (tb[KSRTP_A_NET_STATS]) {
		if (parse_net_stats(tb[KSRTP_A_NET_STATS], &ev->net_stats)) {
			*why = "malformed namespace counters in an event from the kernel";
			return -EPROTO;
		}
		ev->has_net_stats = true;
	}
	ev->type = type;
	if (tb[KSRTP_A_ID])
		ev->id = nla_get_u32(tb[KSRTP_A_ID]);
	if (tb[KSRTP_A_DIRECTION])
		ev->tuple.direction = nla_get_u8(tb[KSRTP_A_DIRECTION]);
	if (tb[KSRTP_A_SSRC]) {
		ev->has_ssrc = true;
		ev->tuple.ssrc = nla_get_u32(tb[KSRTP_A_SSRC]);
	}
	if (tb[KSRTP_A_TEMPLATE_ID])
		ev->template_id = nla_get_u32(tb[KSRTP_A_TEMPLATE_ID]);
	if (tb[KSRTP_A_AUTH_FAILURES])
		ev->auth_failures = nla_get_u64(tb[KSRTP_A_AUTH_FAILURES]);
	return 0;
}

/* ---- Commands ---------------------------------------------------------- */

static int id_reply(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[KSRTP_A_MAX + 1];
	uint32_t *id = arg;

	if (genlmsg_parse(nlh, 0, tb, KSRTP_A_MAX, NULL) < 0 ||
	    !tb[KSRTP_A_ID] || nla_len(tb[KSRTP_A_ID]) != sizeof(uint32_t))
		return -EPROTO;
	*id = nla_get_u32(tb[KSRTP_A_ID]);
	return 0;
}

int ksrtp_ctx_add(struct ksrtp_handle *h, const struct ksrtp_ctx_params *p,
		  uint32_t *id_out)
{
	struct nl_msg *msg;
	const char *why;
	uint32_t id = 0;
	int ret;

	msg = ksrtp__new_request(h, KSRTP_CMD_CTX_NEW, NLM_F_ACK);
	if (!msg)
		return nomem(h, msg);
	ret = ksrtp__put_params(msg, p, &why);
	if (ret) {
		ksrtp__free_request(msg);
		ksrtp__seterr(h, "%s", why);
		return ret;
	}
	ret = ksrtp__run(h, msg, id_reply, &id);
	if (ret == -EPROTO && !h->errmsg[0])
		ksrtp__seterr(h, "malformed reply from the kernel");
	if (!ret && !id) {
		ksrtp__seterr(h, "the kernel's reply carried no context id");
		ret = -EPROTO;
	}
	if (!ret && id_out)
		*id_out = id;
	return ret;
}
DEFAULT_VERSION(ksrtp_ctx_add, KSRTP_1);

static int del_or_get(struct ksrtp_handle *h, uint8_t cmd, const uint32_t *id,
		      const struct ksrtp_tuple *t,
		      int (*reply)(struct nlmsghdr *, void *), void *arg)
{
	struct nl_msg *msg;
	const char *why;
	int ret;

	msg = ksrtp__new_request(h, cmd, NLM_F_ACK);
	if (!msg)
		return nomem(h, msg);
	if (id) {
		if (nla_put_u32(msg, KSRTP_A_ID, *id) < 0)
			return nomem(h, msg);
	} else {
		ret = ksrtp__put_tuple(msg, t, &why);
		if (ret) {
			ksrtp__free_request(msg);
			ksrtp__seterr(h, "%s", why);
			return ret;
		}
	}
	return ksrtp__run(h, msg, reply, arg);
}

int ksrtp_ctx_del_id(struct ksrtp_handle *h, uint32_t id)
{
	return del_or_get(h, KSRTP_CMD_CTX_DEL, &id, NULL, NULL, NULL);
}

int ksrtp_ctx_del(struct ksrtp_handle *h, const struct ksrtp_tuple *t)
{
	return del_or_get(h, KSRTP_CMD_CTX_DEL, NULL, t, NULL, NULL);
}

struct info_request {
	struct ksrtp_handle *h;
	struct ksrtp_ctx_info *info;
	bool found;
	int (*cb)(const struct ksrtp_ctx_info *, void *);
	void *arg;
};

static int info_reply(struct nlmsghdr *nlh, void *arg)
{
	struct info_request *ir = arg;
	const char *why;
	int ret;

	ret = ksrtp__parse_info(nlh, ir->info, &why);
	if (ret) {
		ksrtp__seterr(ir->h, "%s", why);
		return ret;
	}
	ir->found = true;
	return ir->cb ? ir->cb(ir->info, ir->arg) : 0;
}

static int get(struct ksrtp_handle *h, const uint32_t *id,
	       const struct ksrtp_tuple *t, struct ksrtp_ctx_info *info)
{
	struct info_request ir = { .h = h, .info = info };
	int ret;

	ret = del_or_get(h, KSRTP_CMD_CTX_GET, id, t, info_reply, &ir);
	if (!ret && !ir.found) {
		ksrtp__seterr(h, "the kernel acknowledged but sent no context");
		ret = -EPROTO;
	}
	return ret;
}

int ksrtp_ctx_get_id(struct ksrtp_handle *h, uint32_t id,
		     struct ksrtp_ctx_info *info)
{
	return get(h, &id, NULL, info);
}
DEFAULT_VERSION(ksrtp_ctx_get_id, KSRTP_1);

int ksrtp_ctx_get(struct ksrtp_handle *h, const struct ksrtp_tuple *t,
		  struct ksrtp_ctx_info *info)
{
	return get(h, NULL, t, info);
}
DEFAULT_VERSION(ksrtp_ctx_get, KSRTP_1);

int ksrtp_ctx_dump(struct ksrtp_handle *h, uint16_t local_port,
		   int (*cb)(const struct ksrtp_ctx_info *info, void *arg),
		   void *arg)
{
	struct ksrtp_ctx_info info;
	struct info_request ir = { .h = h, .info = &info, .cb = cb, .arg = arg };
	struct nl_msg *msg;

	/* No NLM_F_ACK: a dump ends with NLMSG_DONE instead. */
	msg = ksrtp__new_request(h, KSRTP_CMD_CTX_GET, NLM_F_DUMP);
	if (!msg)
		return nomem(h, msg);
	if (local_port && nla_put_u16(msg, KSRTP_A_LOCAL_PORT, local_port) < 0)
		return nomem(h, msg);
	return ksrtp__run(h, msg, info_reply, &ir);
}
DEFAULT_VERSION(ksrtp_ctx_dump, KSRTP_1);

int ksrtp_ctx_set_id(struct ksrtp_handle *h, uint32_t id,
		     const struct ksrtp_stream_state *st)
{
	struct nl_msg *msg = ksrtp__new_request(h, KSRTP_CMD_CTX_SET, NLM_F_ACK);

	if (!msg)
		return nomem(h, msg);
	if (nla_put_u32(msg, KSRTP_A_ID, id) < 0 ||
	    (st->has_roc && nla_put_u32(msg, KSRTP_A_ROC, st->roc) < 0) ||
	    (st->has_seq && nla_put_u16(msg, KSRTP_A_SEQ, st->seq) < 0) ||
	    (st->has_srtcp_index &&
	     nla_put_u32(msg, KSRTP_A_SRTCP_INDEX, st->srtcp_index) < 0))
		return nomem(h, msg);
	return ksrtp__run(h, msg, NULL, NULL);
}

int ksrtp_key_add(struct ksrtp_handle *h, uint32_t id,
		  const struct ksrtp_key_params *kp)
{
	struct nl_msg *msg = ksrtp__new_request(h, KSRTP_CMD_KEY_NEW, NLM_F_ACK);
	const char *why;
	int ret;

	if (!msg)
		return nomem(h, msg);
	if (nla_put_u32(msg, KSRTP_A_ID, id) < 0)
		return nomem(h, msg);
	ret = ksrtp__put_key(msg, kp, &why);
	if (ret) {
		ksrtp__free_request(msg);
		ksrtp__seterr(h, "%s", why);
		return ret;
	}
	return ksrtp__run(h, msg, NULL, NULL);
}

int ksrtp__put_key_ref(struct nl_msg *msg, uint32_t id, const uint8_t *mki,
		       size_t mki_len, bool active, const char **why)
{
	if (mki_len < 1 || mki_len > KSRTP_MKI_MAX_LEN) {
		*why = "mki_len must be 1 to KSRTP_MKI_MAX_LEN";
		return -EINVAL;
	}
	if (nla_put_u32(msg, KSRTP_A_ID, id) < 0 ||
	    nla_put(msg, KSRTP_A_MKI, mki_len, mki) < 0 ||
	    (active && nla_put_flag(msg, KSRTP_A_KEY_ACTIVE) < 0)) {
		*why = "request too large";
		return -EMSGSIZE;
	}
	return 0;
}

/* KEY_DEL, or KEY_SET with KSRTP_A_KEY_ACTIVE. */
static int key_cmd(struct ksrtp_handle *h, uint8_t cmd, uint32_t id,
		   const uint8_t *mki, size_t mki_len)
{
	struct nl_msg *msg;
	const char *why;
	int ret;

	msg = ksrtp__new_request(h, cmd, NLM_F_ACK);
	if (!msg)
		return nomem(h, msg);
	ret = ksrtp__put_key_ref(msg, id, mki, mki_len, cmd == KSRTP_CMD_KEY_SET, &why);
	if (ret) {
		ksrtp__free_request(msg);
		ksrtp__seterr(h, "%s", why);
		return ret;
	}
	return ksrtp__run(h, msg, NULL, NULL);
}

int ksrtp_key_del(struct ksrtp_handle *h, uint32_t id, const uint8_t *mki,
		  size_t mki_len)
{
	return key_cmd(h, KSRTP_CMD_KEY_DEL, id, mki, mki_len);
}

int ksrtp_key_del_from(struct ksrtp_handle *h, uint32_t id,
		       uint64_t from_index)
{
	struct nl_msg *msg = ksrtp__new_request(h, KSRTP_CMD_KEY_DEL, NLM_F_ACK);

	if (!msg)
		return nomem(h, msg);
	if (nla_put_u32(msg, KSRTP_A_ID, id) < 0 ||
	    nla_put_u64(msg, KSRTP_A_FROM_INDEX, from_index) < 0)
		return nomem(h, msg);
	return ksrtp__run(h, msg, NULL, NULL);
}

int ksrtp_key_activate(struct ksrtp_handle *h, uint32_t id,
		       const uint8_t *mki, size_t mki_len)
{
	return key_cmd(h, KSRTP_CMD_KEY_SET, id, mki, mki_len);
}

struct net_request {
	struct ksrtp_handle *h;
	struct ksrtp_net_stats *st;
	bool found;
};

static int net_reply(struct nlmsghdr *nlh, void *arg)
{
	struct net_request *nr = arg;
	const char *why;
	int ret;

	ret = ksrtp__parse_net(nlh, nr->st, &why);
	if (ret) {
		ksrtp__seterr(nr->h, "%s", why);
		return ret;
	}
	nr->found = true;
	return 0;
}

int ksrtp_net_get(struct ksrtp_handle *h, struct ksrtp_net_stats *st)
{
	struct net_request nr = { .h = h, .st = st };
	struct nl_msg *msg;
	int ret;

	msg = ksrtp__new_request(h, KSRTP_CMD_NET_GET, NLM_F_ACK);
	if (!msg)
		return nomem(h, msg);
	ret = ksrtp__run(h, msg, net_reply, &nr);
	if (!ret && !nr.found) {
		ksrtp__seterr(h, "the kernel acknowledged but sent no counters");
		ret = -EPROTO;
	}
	return ret;
}

int ksrtp_flush(struct ksrtp_handle *h)
{
	struct nl_msg *msg = ksrtp__new_request(h, KSRTP_CMD_CTX_FLUSH, NLM_F_ACK);

	if (!msg)
		return nomem(h, msg);
	return ksrtp__run(h, msg, NULL, NULL);
}
