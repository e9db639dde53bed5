// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Errors: libnl codes to errno, extended ACKs to words.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <netlink/errno.h>

#include "internal.h"

static const char *const attr_names[] = {
	[KSRTP_A_PAD]		= "pad",
	[KSRTP_A_ID]		= "id",
	[KSRTP_A_DIRECTION]	= "direction",
	[KSRTP_A_LOCAL_IPV4]	= "local-ipv4",
	[KSRTP_A_LOCAL_IPV6]	= "local-ipv6",
	[KSRTP_A_LOCAL_PORT]	= "local-port",
	[KSRTP_A_REMOTE_IPV4]	= "remote-ipv4",
	[KSRTP_A_REMOTE_IPV6]	= "remote-ipv6",
	[KSRTP_A_REMOTE_PORT]	= "remote-port",
	[KSRTP_A_SSRC]		= "ssrc",
	[KSRTP_A_SUITE]		= "suite",
	[KSRTP_A_MASTER_KEY]	= "master-key",
	[KSRTP_A_MASTER_SALT]	= "master-salt",
	[KSRTP_A_ROC]		= "roc",
	[KSRTP_A_SEQ]		= "seq",
	[KSRTP_A_SRTCP_INDEX]	= "srtcp-index",
	[KSRTP_A_REPLAY_WINDOW]	= "replay-window",
	[KSRTP_A_STATS]		= "stats",
	[KSRTP_A_CIPHER_DRIVER]	= "cipher-driver",
	[KSRTP_A_AUTH_DRIVER]	= "auth-driver",
	[KSRTP_A_MKI]		= "mki",
	[KSRTP_A_KEY_ACTIVE]	= "key-active",
	[KSRTP_A_FROM_INDEX]	= "from-index",
	[KSRTP_A_FROM_SRTCP_INDEX] = "from-srtcp-index",
	[KSRTP_A_KEYS]		= "keys",
	[KSRTP_A_TEMPLATE]	= "template",
	[KSRTP_A_POLICY]	= "policy",
	[KSRTP_A_LEARN_LIMIT]	= "learn-limit",
	[KSRTP_A_TEMPLATE_ID]	= "template-id",
	[KSRTP_A_LEARNED]	= "learned",
	[KSRTP_A_EVENT]		= "event",
	[KSRTP_A_AUTH_FAILURES]	= "auth-failures",
	[KSRTP_A_OWNED]		= "owned",
	[KSRTP_A_NET_STATS]	= "net-stats",
};

const char *ksrtp_attr_name(int type)
{
	if (type <= 0 || type >= (int)(sizeof(attr_names) / sizeof(attr_names[0])))
		return NULL;
	return attr_names[type];
}

void ksrtp__seterr(struct ksrtp_handle *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->errmsg, sizeof(h->errmsg), fmt, ap);
	va_end(ap);
}

const char *ksrtp_errmsg(const struct ksrtp_handle *h)
{
	return h ? h->errmsg : "";
}

int ksrtp__nlerr(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_SUCCESS:		return 0;
	case NLE_INTR:			return -EINTR;
	case NLE_BAD_SOCK:		return -EBADF;
	case NLE_AGAIN:			return -EAGAIN;
	case NLE_NOMEM:			return -ENOMEM;
	case NLE_EXIST:			return -EEXIST;
	case NLE_INVAL:			return -EINVAL;
	case NLE_RANGE:			return -ERANGE;
	case NLE_MSGSIZE:		return -EMSGSIZE;
	case NLE_OPNOTSUPP:		return -EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:		return -EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND:		return -ENOENT;
	case NLE_BUSY:			return -EBUSY;
	case NLE_NOACCESS:		return -EACCES;
	case NLE_PERM:			return -EPERM;
	case NLE_NODEV:			return -ENODEV;
	case NLE_MSG_OVERFLOW:		return -ENOBUFS;
	case NLE_NOATTR:
	case NLE_MISSING_ATTR:
	case NLE_SEQ_MISMATCH:
	case NLE_MSG_TRUNC:
	case NLE_MSG_TOOSHORT:
	case NLE_MSGTYPE_NOSUPPORT:
	case NLE_PROTO_MISMATCH:
	case NLE_PARSE_ERR:
	case NLE_ATTRSIZE:		return -EPROTO;
	default:			return -EIO;
	}
}

/* Copy a kernel string, without trailing newlines or control characters. */
static void copy_printable(char *dst, size_t size, const char *src, size_t srclen)
{
	size_t n = 0;

	while (n < srclen && src[n] && n + 1 < size) {
		unsigned char c = src[n];

		dst[n++] = (c < 0x20 || c == 0x7f) ? ' ' : c;
	}
	while (n && dst[n - 1] == ' ')
		n--;
	if (size)
		dst[n] = '\0';
}

/* Name the top-level attribute of req that byte offset off falls into. */
static int attr_at_offset(const struct nlmsghdr *req, uint32_t off)
{
	uint32_t pos = NLMSG_HDRLEN + GENL_HDRLEN;

	if (!req)
		return -1;
	while (pos + NLA_HDRLEN <= req->nlmsg_len) {
		const struct nlattr *nla = (const void *)((const char *)req + pos);
		uint32_t end = pos + NLA_ALIGN(nla->nla_len);

		if (nla->nla_len < NLA_HDRLEN)
			break;
		if (off >= pos && off < end)
			return nla->nla_type & NLA_TYPE_MASK;
		pos = end;
	}
	return -1;
}

static void name_of(int type, char *buf, size_t len)
{
	const char *name = ksrtp_attr_name(type);

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "type %d", type);
}

int ksrtp__ack_error(const struct nlmsghdr *nlh, const struct nlmsghdr *req,
		     char *buf, size_t len)
{
	char text[KSRTP_ERRMSG_LEN] = "", attr[64] = "";
	uint32_t off, tlvs, u32 = 0;
	bool has_offs = false, has_miss = false, has_nest = false;
	uint32_t offs = 0, miss_type = 0;
	int error;

	if (len)
		buf[0] = '\0';
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nlh);

		if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*e))
			return -EPROTO;
		error = e->error;
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(int))
			return 0;
		memcpy(&error, NLMSG_DATA(nlh), sizeof(int));
		off = sizeof(int);
	} else {
		return -EPROTO;
	}
	if (error > 0)
		error = -error;
	if (!error || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return error;

	tlvs = NLMSG_HDRLEN + NLMSG_ALIGN(off);
	while (tlvs + NLA_HDRLEN <= nlh->nlmsg_len) {
		const struct nlattr *nla = (const void *)((const char *)nlh + tlvs);
		const void *data = (const char *)nla + NLA_HDRLEN;
		uint32_t plen = nla->nla_len - NLA_HDRLEN;

		if (nla->nla_len < NLA_HDRLEN || tlvs + nla->nla_len > nlh->nlmsg_len)
			break;
		if (plen >= sizeof(u32))
			memcpy(&u32, data, sizeof(u32));
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			copy_printable(text, sizeof(text), data, plen);
			break;
		case NLMSGERR_ATTR_OFFS:
			if (plen >= sizeof(u32)) {
				has_offs = true;
				offs = u32;
			}
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (plen >= sizeof(u32)) {
				has_miss = true;
				miss_type = u32;
			}
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			has_nest = true;
			break;
		}
		tlvs += NLA_ALIGN(nla->nla_len);
	}

	if (has_miss && !has_nest) {
		name_of(miss_type, attr, sizeof(attr));
		if (text[0])
			snprintf(buf, len, "%s (missing attribute %s)", text, attr);
		else
			snprintf(buf, len, "missing attribute %s", attr);
	} else if (has_offs && attr_at_offset(req, offs) > 0) {
		name_of(attr_at_offset(req, offs), attr, sizeof(attr));
		if (text[0])
			snprintf(buf, len, "attribute %s: %s", attr, text);
		else
			snprintf(buf, len, "attribute %s", attr);
	} else {
		snprintf(buf, len, "%s", text);
	}
	return error;
}
