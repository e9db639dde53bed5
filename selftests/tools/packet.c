// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Deterministic RTP and RTCP packets: the bytes depend only on the
 * arguments, so a receiver can rebuild what it expects and compare.
 */
#include <stdlib.h>
#include <string.h>

#include "rtp-peer.h"

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/*
 * --ext-elems ID:LEN,...: the extension holds these elements in this
 * order, then zero padding to a 32-bit boundary. One-byte form: ID 1..15,
 * LEN 1..16; two-byte (--ext-two-byte): ID 1..255, LEN 0..255. Sets
 * o->ext to the words they take. Element k's data byte j is
 * seq + 0x40 + 16k + j.
 */
int ext_elems_parse(struct pkt_opts *o, const char *v)
{
	char *end;

	o->nelems = 0;
	while (*v) {
		unsigned long id = strtoul(v, &end, 0), len;

		if (end == v || *end != ':' || o->nelems == MAX_ELEMS)
			return -1;
		v = end + 1;
		len = strtoul(v, &end, 0);
		if (end == v || (*end && *end != ',') || id < 1 || id > 255 ||
		    len > 255)
			return -1;
		v = *end ? end + 1 : end;
		o->elem_id[o->nelems] = id;
		o->elem_len[o->nelems++] = len;
	}
	if (!o->nelems)
		return -1;
	return 0;
}

/* Bytes of --ext-elems' elements, without padding; -1 if a form does not fit. */
static long elems_bytes(const struct pkt_opts *o)
{
	long n = 0;
	int k;

	for (k = 0; k < o->nelems; k++) {
		if (!o->ext_two_byte &&
		    (o->elem_id[k] > 15 || !o->elem_len[k] || o->elem_len[k] > 16))
			return -1;
		n += (o->ext_two_byte ? 2 : 1) + o->elem_len[k];
	}
	return n;
}

/* With --ext-elems, set o->ext from the elements; -1 if they do not fit the form. */
int ext_elems_words(struct pkt_opts *o)
{
	long n;

	if (!o->nelems)
		return 0;
	n = elems_bytes(o);
	if (n < 0 || (n + 3) / 4 > 65535)
		return -1;
	o->ext = (int)((n + 3) / 4);
	return 0;
}

size_t rtp_len(const struct pkt_opts *o)
{
	size_t len = 12 + 4 * (size_t)o->csrc;

	if (o->ext >= 0)
		len += 4 + 4 * (size_t)o->ext;
	return len + o->payload_len + (size_t)o->padding;
}

/* buf must hold rtp_len(o) bytes. */
size_t rtp_build(uint8_t *buf, uint32_t ssrc, uint16_t seq,
		 const struct pkt_opts *o)
{
	uint8_t *p = buf;
	size_t i;

	p[0] = 0x80 | (o->padding ? 0x20 : 0) | (o->ext >= 0 ? 0x10 : 0) |
	       o->csrc;
	p[1] = o->pt & 0x7f;
	put16(p + 2, seq);
	put32(p + 4, (uint32_t)seq * 160);
	put32(p + 8, ssrc);
	p += 12;

	for (i = 0; i < (size_t)o->csrc; i++, p += 4)
		put32(p, 0x11110000u + i);

	if (o->ext >= 0) {
		/*
		 * RFC 8285 one-byte header: each word is one element with
		 * ID 1..14 and three data bytes, so the block parses cleanly.
		 */
		put16(p, o->ext_two_byte ? 0x1000 : 0xBEDE);
		put16(p + 2, o->ext);
		p += 4;
		if (o->nelems) {
			uint8_t *x = p;
			int k, j;

			memset(p, 0, 4 * (size_t)o->ext);
			for (k = 0; k < o->nelems; k++) {
				if (o->ext_two_byte) {
					*x++ = o->elem_id[k];
					*x++ = o->elem_len[k];
				} else {
					*x++ = (uint8_t)(o->elem_id[k] << 4 |
							 (o->elem_len[k] - 1));
				}
				for (j = 0; j < o->elem_len[k]; j++)
					*x++ = (uint8_t)(seq + 0x40 + 16 * k + j);
			}
			p += 4 * (size_t)o->ext;
		}
		for (i = 0; !o->nelems && i < (size_t)o->ext; i++, p += 4) {
			if (o->ext_two_byte) {
				/* RFC 8285 two-byte header: ID, L=2, 2 bytes. */
				p[0] = (uint8_t)((i % 14) + 1);
				p[1] = 2;
				p[2] = (uint8_t)(seq + 3 * i + 0x40);
				p[3] = (uint8_t)(seq + 3 * i + 0x41);
				continue;
			}
			p[0] = (uint8_t)(((i % 14) + 1) << 4 | 2);
			p[1] = (uint8_t)(seq + 3 * i + 0x40);
			p[2] = (uint8_t)(seq + 3 * i + 0x41);
			p[3] = (uint8_t)(seq + 3 * i + 0x42);
		}
	}

	for (i = 0; i < o->payload_len; i++)
		*p++ = (uint8_t)(seq * 7 + i * 13 + (ssrc & 0xff));

	if (o->padding) {
		memset(p, 0, o->padding - 1);
		p += o->padding - 1;
		*p++ = (uint8_t)o->padding;
	}
	return p - buf;
}

/*
 * A compound RTCP packet of RTCP_LEN bytes: an SR with one report block,
 * then an SDES with a CNAME. The sender's packet count carries n, which is
 * how a receiver finds out which packet it is looking at.
 */
size_t rtcp_build(uint8_t *buf, uint32_t ssrc, uint32_t n)
{
	static const char hexdig[] = "0123456789abcdef";
	uint8_t *p = buf;
	int i;

	/* SR: V=2, RC=1, PT=200, length 12 words (52 bytes). */
	p[0] = 0x81;
	p[1] = 200;
	put16(p + 2, 12);
	put32(p + 4, ssrc);
	put32(p + 8, 0xE0000000u + n);		/* NTP seconds */
	put32(p + 12, n * 0x9E3779B9u);		/* NTP fraction */
	put32(p + 16, n * 160);			/* RTP timestamp */
	put32(p + 20, n);			/* sender's packet count */
	put32(p + 24, n * 172);			/* sender's octet count */
	/* report block */
	put32(p + 28, ssrc ^ 0x5A5A5A5Au);
	put32(p + 32, (n & 0xff) << 24 | ((n * 3) & 0xffffff));
	put32(p + 36, 0x10000u + n);		/* extended highest seq */
	put32(p + 40, n & 0xffff);		/* jitter */
	put32(p + 44, n * 0x10001u);		/* LSR */
	put32(p + 48, n << 4);			/* DLSR */
	p += 52;

	/* SDES: V=2, SC=1, PT=202, length 6 words (28 bytes). */
	p[0] = 0x81;
	p[1] = 202;
	put16(p + 2, 6);
	put32(p + 4, ssrc);
	p[8] = 1;				/* CNAME */
	p[9] = 17;
	memcpy(p + 10, "rtp-peer-", 9);
	for (i = 0; i < 8; i++)
		p[19 + i] = hexdig[(ssrc >> (28 - 4 * i)) & 0xf];
	p[27] = 0;				/* end of items */
	p += 28;

	return p - buf;
}

enum pkt_kind pkt_classify(const uint8_t *buf, size_t len)
{
	if (len < 1 || (buf[0] >> 6) != 2)
		return PKT_OTHER;
	if (len >= 2 && buf[1] >= 192 && buf[1] <= 223)
		return len >= 8 ? PKT_RTCP : PKT_OTHER;
	return len >= 12 ? PKT_RTP : PKT_OTHER;
}

uint16_t rtp_seq(const uint8_t *buf)
{
	return (uint16_t)(buf[2] << 8 | buf[3]);
}

uint32_t rtp_ssrc(const uint8_t *buf)
{
	return get32(buf + 8);
}

/* The (ssrc, n) an rtcp_build() packet was made from, if it is one. */
bool rtcp_index(const uint8_t *buf, size_t len, uint32_t *ssrc, uint32_t *n)
{
	if (len < 28 || buf[1] != 200)
		return false;
	*ssrc = get32(buf + 4);
	*n = get32(buf + 20);
	return true;
}
