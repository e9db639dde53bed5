/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_NETNS_H
#define _KSRTP_NETNS_H

#include <linux/mutex.h>
#include <linux/rhashtable.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

#include "context.h"

/*
 * Per network namespace state. @lock serializes every change: insertion
 * and removal of contexts (table, ids, port_refs, port_map, count,
 * generation) and hook registration. The data path reads @table and
 * @port_map under RCU without it; netlink readers use RCU as well.
 */
struct ksrtp_net {
	struct net *net;
	struct mutex lock;		/* serializes changes, see above */
	struct rhashtable table;	/* ksrtp_ctx by ksrtp_ctx.key */
	struct xarray ids;		/* ksrtp_ctx by ksrtp_ctx.id */
	u32 next_id;			/* for cyclic id allocation */
	/*
	 * Local UDP ports that carry at least one context: the data path's
	 * early exit. Allocated with the hooks, freed with the namespace.
	 */
	unsigned long *port_map;
	struct xarray port_refs;	/* contexts per local port */
	unsigned int count;
	u32 generation;			/* bumped by every change, for dumps */
	bool hooks_on;
};

struct ksrtp_net *ksrtp_net(const struct net *net);

static inline bool ksrtp_port_used(const struct ksrtp_net *kn, __be16 port)
{
	const unsigned long *map = READ_ONCE(kn->port_map);

	return map && test_bit(ntohs(port), map);
}

struct ksrtp_ctx *ksrtp_lookup(struct ksrtp_net *kn,
			       const struct ksrtp_ctx_key *key);
int ksrtp_insert(struct ksrtp_net *kn, struct ksrtp_ctx *ctx,
		 struct netlink_ext_ack *extack);
void ksrtp_remove(struct ksrtp_net *kn, struct ksrtp_ctx *ctx);
void ksrtp_flush(struct ksrtp_net *kn);

int ksrtp_netns_init(void);
void ksrtp_netns_exit(void);

#endif /* _KSRTP_NETNS_H */
