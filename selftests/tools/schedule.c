// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Which packets send puts on the wire, and in which order: --drop,
 * --drop-every, --order and --swap-pairs, applied after protection, as a
 * lossy or reordering network would. recv takes the same --drop and
 * --drop-every to know which packets not to expect.
 *
 * Packet i (from 0) of a stream has the number --seq-start + i: its RTP
 * sequence number (mod 2^16) or its RTCP n.
 */
#include <stdlib.h>
#include <string.h>

#include "rtp-peer.h"

/* "A" or "A-B", comma separated; appends to r[*n]. */
int ranges_parse(const char *s, struct num_range *r, int max, int *n)
{
	char item[32], *dash;
	const char *end;
	size_t len;

	for (;;) {
		end = strchr(s, ',');
		len = end ? (size_t)(end - s) : strlen(s);
		if (len == 0 || len >= sizeof(item) || *n == max)
			return -1;
		memcpy(item, s, len);
		item[len] = '\0';
		dash = strchr(item, '-');
		if (dash)
			*dash = '\0';
		if (parse_u32(item, UINT32_MAX, &r[*n].first) ||
		    parse_u32(dash ? dash + 1 : item, UINT32_MAX, &r[*n].last))
			return -1;
		(*n)++;
		if (!end)
			return 0;
		s = end + 1;
	}
}

/* Numbers in a range: RTP ranges wrap (65534-1 is four packets). */
static uint32_t range_span(const struct args *a, const struct num_range *r)
{
	if (a->rtcp)
		return r->last - r->first;
	return (r->last - r->first) & 0xffff;
}

static uint32_t range_at(const struct args *a, const struct num_range *r,
			 uint32_t k)
{
	return a->rtcp ? r->first + k : (r->first + k) & 0xffff;
}

static int ranges_check_one(const struct args *a, const struct num_range *r,
			    int n, const char *opt)
{
	int k;

	for (k = 0; k < n; k++) {
		if (a->rtcp ? r[k].first > r[k].last :
			      r[k].first > 0xffff || r[k].last > 0xffff) {
			fprintf(stderr, "rtp-peer: --%s %u-%u: %s\n", opt,
				r[k].first, r[k].last,
				a->rtcp ? "RTCP ranges do not wrap" :
					  "RTP sequence numbers are 0..65535");
			return -1;
		}
	}
	return 0;
}

int ranges_check(const struct args *a)
{
	return ranges_check_one(a, a->drops, a->ndrops, "drop") ||
	       ranges_check_one(a, a->order, a->norder, "order");
}

uint32_t pkt_number(const struct args *a, uint32_t i)
{
	return a->rtcp ? a->seq_start + i : (a->seq_start + i) & 0xffff;
}

bool pkt_dropped(const struct args *a, uint32_t i)
{
	uint32_t n = pkt_number(a, i);
	int k;

	if (a->drop_every && (i + 1) % a->drop_every == 0)
		return true;
	for (k = 0; k < a->ndrops; k++)
		if (((n - a->drops[k].first) & (a->rtcp ? UINT32_MAX : 0xffff)) <=
		    range_span(a, &a->drops[k]))
			return true;
	return false;
}

uint32_t pkt_expected(const struct args *a)
{
	uint32_t i, n = 0;

	if (!a->ndrops && !a->drop_every)
		return a->count;
	for (i = 0; i < a->count; i++)
		n += !pkt_dropped(a, i);
	return n;
}

/*
 * The order to send packets 0..count-1 in, in *@order (NULL: in order,
 * nothing to buffer): with --swap-pairs 1, 0, 3, 2, ...; with --order the
 * listed packets first, in the listed order, then the others in their own
 * order. -1 with a message if --order lists a number that is not a packet
 * of the stream, or one twice.
 */
int send_order(const struct args *a, uint32_t **order)
{
	uint32_t *o, i, k, n, span, pos = 0;
	uint8_t *used;
	int r;

	*order = NULL;
	if (!a->swap_pairs && !a->norder)
		return 0;
	o = calloc(a->count ? a->count : 1, sizeof(*o));
	used = calloc(a->count ? a->count : 1, 1);
	if (!o || !used) {
		fprintf(stderr, "rtp-peer: out of memory\n");
		goto fail;
	}
	for (r = 0; r < a->norder; r++) {
		span = range_span(a, &a->order[r]);
		for (k = 0; k <= span && k < a->count; k++) {
			n = range_at(a, &a->order[r], k);
			i = a->rtcp ? n - a->seq_start :
				      (n - a->seq_start) & 0xffff;
			if (i >= a->count || used[i])
				break;
			used[i] = 1;
			o[pos++] = i;
		}
		if (k <= span) {
			fprintf(stderr,
				"rtp-peer: --order: %u is not a packet of the stream (--seq-start, --count), or is listed twice\n",
				range_at(a, &a->order[r], k));
			goto fail;
		}
	}
	for (i = 0; i < a->count; i++) {
		if (a->swap_pairs)
			o[i] = (i ^ 1) < a->count ? i ^ 1 : i;
		else if (!used[i])
			o[pos++] = i;
	}
	free(used);
	*order = o;
	return 0;
fail:
	free(used);
	free(o);
	return -1;
}
