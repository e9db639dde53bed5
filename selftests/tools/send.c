// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * rtp-peer send: generate, optionally protect and mutate, and send, with
 * packets dropped or reordered as schedule.c says.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rtp-peer.h"

/* Mutations for negative tests, in order: flips, truncate, append. */
static int mutate(const struct args *a, uint8_t *buf, size_t *len)
{
	size_t off;
	int i;

	for (i = 0; i < a->nflips; i++) {
		if (a->flips[i].byte < 0) {
			if ((size_t)-(int64_t)a->flips[i].byte > *len)
				goto range;
			off = *len - (size_t)-(int64_t)a->flips[i].byte;
		} else {
			off = (size_t)a->flips[i].byte;
			if (off >= *len)
				goto range;
		}
		buf[off] ^= (uint8_t)(1u << a->flips[i].bit);
	}
	if (a->truncate > *len) {
		fprintf(stderr, "rtp-peer: --truncate %u exceeds the %zu-byte packet\n",
			a->truncate, *len);
		return -1;
	}
	*len -= a->truncate;
	if (*len + a->append > PKT_MAX) {
		fprintf(stderr, "rtp-peer: --append makes the packet too large\n");
		return -1;
	}
	memset(buf + *len, 0, a->append);
	*len += a->append;
	return 0;
range:
	fprintf(stderr, "rtp-peer: --flip %d:%u is outside the %zu-byte packet\n",
		a->flips[i].byte, a->flips[i].bit, *len);
	return -1;
}

static int send_one(int fd, const struct args *a, const uint8_t *buf,
		    size_t len)
{
	ssize_t r;

	do {
		r = sendto(fd, buf, len, 0,
			   (const struct sockaddr *)&a->remote.ss, a->remote.len);
	} while (r < 0 && errno == EINTR);
	if (r < 0) {
		fprintf(stderr, "rtp-peer: sendto (%zu bytes): %s\n", len,
			strerror(errno));
		return -1;
	}
	return 0;
}

static void pause_us(uint32_t us)
{
	struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Build packet @i of the stream, protect it and apply the mutations. */
static int make_one(const struct args *a, struct keyset *ks, uint32_t i,
		    uint8_t *buf, size_t *len)
{
	srtp_err_status_t st;
	int ilen;

	if (a->rtcp)
		*len = rtcp_build(buf, a->ssrc, a->seq_start + i);
	else
		*len = rtp_build(buf, a->ssrc, (uint16_t)(a->seq_start + i),
				 &a->po);
	if (ks->nkeys) {
		ilen = (int)*len;
		st = keyset_protect(ks, i, a->rtcp, buf, &ilen);
		if (st) {
			fprintf(stderr, "rtp-peer: protect packet %u: %s\n",
				i, srtp_status_str(st));
			return EXIT_FAIL;
		}
		*len = (size_t)ilen;
	}
	return mutate(a, buf, len) ? EXIT_USAGE : EXIT_OK;
}

/* Put one datagram (twice with --duplicate) on the wire; count errors. */
static void emit(int fd, const struct args *a, const uint8_t *buf, size_t len,
		 bool *sent_any, int *errors)
{
	if (*sent_any && a->interval_us)
		pause_us(a->interval_us);
	*sent_any = true;
	if (send_one(fd, a, buf, len))
		(*errors)++;
	if (a->duplicate && send_one(fd, a, buf, len))
		(*errors)++;
}

/*
 * --order, --swap-pairs: protect every packet in its own order first (as
 * the sending application would), keep them, then send them reordered.
 */
static int send_reordered(int fd, const struct args *a, struct keyset *ks,
			  const uint32_t *order, uint8_t *buf, int *errors)
{
	struct held { uint8_t *data; size_t len; } *held;
	bool sent_any = false;
	uint32_t i;
	int ret = EXIT_OK;

	held = calloc(a->count ? a->count : 1, sizeof(*held));
	if (!held) {
		fprintf(stderr, "rtp-peer: out of memory\n");
		return EXIT_USAGE;
	}
	for (i = 0; i < a->count && ret == EXIT_OK; i++) {
		ret = make_one(a, ks, i, buf, &held[i].len);
		if (ret == EXIT_OK && !pkt_dropped(a, i)) {
			held[i].data = malloc(held[i].len);
			if (!held[i].data) {
				fprintf(stderr, "rtp-peer: out of memory\n");
				ret = EXIT_USAGE;
			} else {
				memcpy(held[i].data, buf, held[i].len);
			}
		}
	}
	for (i = 0; i < a->count && ret == EXIT_OK; i++)
		if (held[order[i]].data)
			emit(fd, a, held[order[i]].data, held[order[i]].len,
			     &sent_any, errors);
	for (i = 0; i < a->count; i++)
		free(held[i].data);
	free(held);
	return ret;
}

int cmd_send(const struct args *a)
{
	struct keyset ks = { 0 };
	int fd, one = 1, ret = EXIT_USAGE, errors = 0;
	uint32_t *order = NULL;
	bool sent_any = false;
	uint8_t *buf;
	uint32_t i;
	size_t len;

	buf = malloc(BUF_MAX);
	if (!buf) {
		fprintf(stderr, "rtp-peer: out of memory\n");
		return EXIT_USAGE;
	}
	if (send_order(a, &order))
		goto out_free;
	fd = udp_socket(&a->remote);
	if (fd < 0) {
		fprintf(stderr, "rtp-peer: socket: %s\n", strerror(errno));
		goto out_free;
	}
	if (a->have_local) {
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
		    bind(fd, (const struct sockaddr *)&a->local.ss, a->local.len)) {
			fprintf(stderr, "rtp-peer: bind local address: %s\n",
				strerror(errno));
			goto out_close;
		}
	}

	if (a->raw) {
		ret = send_one(fd, a, a->raw, a->raw_len) ? EXIT_FAIL : EXIT_OK;
		goto out_close;
	}

	if (a->suite && open_session(a, true, &ks))
		goto out_close;

	if (order) {
		ret = send_reordered(fd, a, &ks, order, buf, &errors);
	} else {
		ret = EXIT_OK;
		for (i = 0; i < a->count && ret == EXIT_OK; i++) {
			ret = make_one(a, &ks, i, buf, &len);
			if (ret == EXIT_OK && !pkt_dropped(a, i))
				emit(fd, a, buf, len, &sent_any, &errors);
		}
	}
	if (ret == EXIT_OK && errors)
		ret = EXIT_FAIL;

	close_session(&ks);
out_close:
	close(fd);
out_free:
	free(order);
	free(buf);
	return ret;
}
