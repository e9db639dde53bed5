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
	[KSRTP_A_FWD_ID]	= "fwd-id",
	[KSRTP_A_FWD_FLAGS]	= "fwd-flags",
	[KSRTP_A_FWD_OUTPUT]	= "fwd-output",
	[KSRTP_A_FWD_STATS]	= "fwd-stats",
	[KSRTP_A_FWD_PAYLOAD_TYPES] = "fwd-payload-types",
	[KSRTP_A_CRYPTEX]	= "cryptex",
	[KSRTP_A_UNENCRYPTED_SRTP] = "unencrypted-srtp",
	[KSRTP_A_UNENCRYPTED_SRTCP] = "unencrypted-srtcp",
	[KSRTP_A_UNAUTHENTICATED_SRTP] = "unauthenticated-srtp",
	[KSRTP_A_ENC_HDR_EXT_IDS] = "enc-hdr-ext-ids",
};

/* The attributes of an output, nested in KSRTP_A_FWD_OUTPUT. */
static const char *const out_attr_names[] = {
	[KSRTP_OUT_A_PAD]		= "pad",
	[KSRTP_OUT_A_ID]		= "id",
	[KSRTP_OUT_A_CTX_ID]		= "ctx-id",
	[KSRTP_OUT_A_LOCAL_IPV4]	= "local-ipv4",
	[KSRTP_OUT_A_LOCAL_IPV6]	= "local-ipv6",
	[KSRTP_OUT_A_LOCAL_PORT]	= "local-port",
	[KSRTP_OUT_A_REMOTE_IPV4]	= "remote-ipv4",
	[KSRTP_OUT_A_REMOTE_IPV6]	= "remote-ipv6",
	[KSRTP_OUT_A_REMOTE_PORT]	= "remote-port",
	[KSRTP_OUT_A_SSRC]		= "ssrc",
	[KSRTP_OUT_A_SEQ_OFFSET]	= "seq-offset",
	[KSRTP_OUT_A_TS_OFFSET]		= "ts-offset",
	[KSRTP_OUT_A_STATS]		= "stats",
};

#define LOOKUP(names, type) \
	((type) <= 0 || (type) >= (int)(sizeof(names) / sizeof(names[0])) ? NULL : \
	 names[type])

const char *ksrtp_attr_name(int type)
{
	return LOOKUP(attr_names, type);
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

/*
 * The attribute among those from byte pos to end of req that byte offset
 * off falls into: its type (0 if none), and where it starts in *at and
 * ends in *stop.
 */
static int attr_at(const struct nlmsghdr *req, uint32_t pos, uint32_t end,
		   uint32_t off, uint32_t *at, uint32_t *stop)
{
	while (pos + NLA_HDRLEN <= end) {
		const struct nlattr *nla = (const void *)((const char *)req + pos);
		uint32_t next = pos + NLA_ALIGN(nla->nla_len);

		if (nla->nla_len < NLA_HDRLEN)
			break;
		if (off >= pos && off < next) {
			*at = pos;
			*stop = pos + nla->nla_len < end ? pos + nla->nla_len : end;
			return nla->nla_type & NLA_TYPE_MASK;
		}
		pos = next;
	}
	return 0;
}

static void name_of(const char *name, int type, char *buf, size_t len)
{
	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "type %d", type);
}

/*
 * Name the attribute of req that byte offset off falls into: a top-level
 * one, or "fwd-output/NAME" inside an output. With miss_type > 0, off is
 * that of a nest and the name is that of its attribute miss_type. Returns
 * false if off is not that of an attribute of req (or req is NULL).
 */
static bool name_at(const struct nlmsghdr *req, uint32_t off, int miss_type,
		    char *buf, size_t len)
{
	uint32_t at, end, in_at, in_end;
	char top[32];
	int type, inner = miss_type;

	if (!req)
		return false;
	type = attr_at(req, NLMSG_HDRLEN + GENL_HDRLEN, req->nlmsg_len, off, &at, &end);
	if (type <= 0)
		return false;
	name_of(ksrtp_attr_name(type), type, top, sizeof(top));
	if (type == KSRTP_A_FWD_OUTPUT && !inner && off >= at + NLA_HDRLEN)
		inner = attr_at(req, at + NLA_HDRLEN, end, off, &in_at, &in_end);
	if (inner > 0 && type == KSRTP_A_FWD_OUTPUT) {
		char name[32];

		name_of(LOOKUP(out_attr_names, inner), inner, name, sizeof(name));
		snprintf(buf, len, "%s/%s", top, name);
	} else if (inner > 0) {
		snprintf(buf, len, "%s/type %d", top, inner);
	} else {
		snprintf(buf, len, "%s", top);
	}
	return true;
}

int ksrtp__ack_error(const struct nlmsghdr *nlh, const struct nlmsghdr *req,
		     char *buf, size_t len)
{
	char text[KSRTP_ERRMSG_LEN] = "", attr[80] = "";
	uint32_t off, tlvs, u32 = 0;
	bool has_offs = false, has_miss = false, has_nest = false, named = false;
	uint32_t offs = 0, miss_type = 0, nest = 0;
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
			if (plen >= sizeof(u32)) {
				has_nest = true;
				nest = u32;
			}
			break;
		}
		tlvs += NLA_ALIGN(nla->nla_len);
	}

	/* Missing at the top level, or in a nest of the request (an output). */
	if (has_miss && !has_nest) {
		name_of(ksrtp_attr_name(miss_type), miss_type, attr, sizeof(attr));
		named = true;
	} else if (has_miss && miss_type > 0) {
		named = name_at(req, nest, miss_type, attr, sizeof(attr));
	}
	if (named) {
		if (text[0])
			snprintf(buf, len, "%s (missing attribute %s)", text, attr);
		else
			snprintf(buf, len, "missing attribute %s", attr);
	} else if (has_offs && name_at(req, offs, 0, attr, sizeof(attr))) {
		if (text[0])
			snprintf(buf, len, "attribute %s: %s", attr, text);
		else
			snprintf(buf, len, "attribute %s", attr);
	} else {
		snprintf(buf, len, "%s", text);
	}
	return error;
}
