// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Media, once the contexts are in: plain RTP written to and read from the
 * socket. The kernel protects what is sent and verifies and decrypts what
 * arrives; DTLS still reaches the socket and goes to OpenSSL.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "keyd.h"

#define RTP_HDR 12
#define PAYLOAD_LEN 160		/* 20 ms of 8 kHz L16 mono, say */
#define PT 96

/* Packet n carries a readable text, so that the receiver can check it. */
static int send_one(struct media *m)
{
	uint8_t pkt[RTP_HDR + PAYLOAD_LEN];
	uint16_t seq = (uint16_t)(m->sent + 1);
	uint32_t ts = m->sent * (PAYLOAD_LEN / 2);
	uint32_t v;
	int len;

	memset(pkt, '.', sizeof(pkt));
	pkt[0] = 0x80;
	pkt[1] = PT;
	pkt[2] = seq >> 8;
	pkt[3] = seq & 0xff;
	v = htonl(ts);
	memcpy(pkt + 4, &v, 4);
	v = htonl(m->ssrc);
	memcpy(pkt + 8, &v, 4);
	len = snprintf((char *)pkt + RTP_HDR, PAYLOAD_LEN,
		       "ksrtp dtls-keyd packet %05u", m->sent + 1);
	pkt[RTP_HDR + len] = '.';	/* not the NUL */
	if (sendto(m->fd, pkt, sizeof(pkt), 0, &m->peer->sa,
		   m->peer->sa.sa_family == AF_INET6 ? sizeof(m->peer->sin6) :
						       sizeof(m->peer->sin)) < 0) {
		perror("dtls-keyd: send");
		return -1;
	}
	m->sent++;
	return 0;
}

/* A plain RTP packet from the kernel: check its header, keep its payload. */
static void receive_rtp(struct media *m, const uint8_t *p, size_t len)
{
	size_t off = RTP_HDR;
	uint32_t ssrc;

	if (len < RTP_HDR || (p[0] >> 6) != 2)
		goto reject;
	if (p[1] >= 192 && p[1] <= 223)
		return;			/* RTCP (RFC 5761): not counted */
	memcpy(&ssrc, p + 8, 4);
	if (m->has_peer_ssrc && ntohl(ssrc) != m->peer_ssrc)
		goto reject;
	off += 4 * (p[0] & 0x0f);			/* CSRCs */
	if ((p[0] & 0x10) && off + 4 <= len)		/* header extension */
		off += 4 + 4 * (size_t)(p[off + 2] << 8 | p[off + 3]);
	else if (p[0] & 0x10)
		goto reject;
	if (off > len)
		goto reject;
	if (p[0] & 0x20) {				/* padding */
		if (len == off || p[len - 1] > len - off)
			goto reject;
		len -= p[len - 1];
	}
	m->received++;
	if (m->dump)
		fwrite(p + off, 1, len - off, m->dump);
	return;
reject:
	m->rejected++;
}

/*
 * What the socket holds when the contexts have just been installed came
 * in before them, unverified (a peer that finished the handshake first
 * may already be sending): drop it. Returns the number dropped.
 */
unsigned int media_drain(struct media *m, struct dtls *d)
{
	unsigned int n = 0;
	uint8_t buf[2048];
	ssize_t len;

	while ((len = recv(m->fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		if (is_dtls(buf[0]))
			dtls_input(d, buf, (size_t)len);
		else
			n++;
	}
	return n;
}

/*
 * Send to_send packets, one every interval_ms, and read until to_recv
 * packets have arrived. Returns 0 when both are done, -1 on timeout.
 */
int media_run(struct media *m, struct dtls *d, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms, next = now_ms();
	uint8_t buf[2048];

	while (m->sent < m->to_send || m->received < m->to_recv) {
		struct pollfd pfd = { .fd = m->fd, .events = POLLIN };
		int64_t t = now_ms();
		int wait;
		ssize_t n;

		if (t >= deadline)
			return -1;
		if (m->sent < m->to_send && t >= next) {
			if (send_one(m))
				return -1;
			next = t + m->interval_ms;
			continue;
		}
		wait = (int)(deadline - t);
		if (m->sent < m->to_send && next - t < wait)
			wait = (int)(next - t);
		if (poll(&pfd, 1, wait) <= 0)
			continue;
		n = recv(m->fd, buf, sizeof(buf), 0);
		if (n <= 0)
			continue;
		if (is_rtp_or_rtcp(buf[0]))
			receive_rtp(m, buf, (size_t)n);
		else if (is_dtls(buf[0]))
			dtls_input(d, buf, (size_t)n);
	}
	return 0;
}
