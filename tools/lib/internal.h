/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Internal to libksrtp: the interface between its files, by the file that
 * defines each part. Declared here rather than static also so that the
 * host tests can exercise message encoding and decoding and error
 * decoding without a kernel; the shared library does not export them
 * (libksrtp.map).
 */
#ifndef KSRTP_INTERNAL_H
#define KSRTP_INTERNAL_H

#include <stdarg.h>
#include <linux/netlink.h>
#include <netlink/msg.h>

#include "ksrtp.h"

#define KSRTP_ERRMSG_LEN	512

/* Room for one read of events: they are a few hundred bytes each. */
#define KSRTP_EVENT_BUF		16384

struct ksrtp_handle {
	struct nl_sock *sk;
	int family;
	char errmsg[KSRTP_ERRMSG_LEN];
	/* Events handles only (ksrtp_events_open()): the last read, and the
	 * position of the next message in it. */
	bool events;
	/* Batches (batch.c): socket buffers enlarged, and how many requests
	 * and bytes one sendmsg() may carry so that every answer fits in the
	 * receive buffer. */
	bool batch_ready;
	size_t batch_max_msgs, batch_max_bytes;
	uint8_t *rbuf;
	size_t rlen, rpos;
};

/* ---- handle.c: the handle and the conversation of a request ---------- */

/* ksrtp_open() for any generic netlink family. */
struct ksrtp_handle *ksrtp__open(const char *family);

/* ksrtp_events_open() for any generic netlink family and group. */
struct ksrtp_handle *ksrtp__open_events(const char *family, const char *group);

/*
 * Send msg (built with genlmsg_put(); NLM_F_ACK unless it is a dump), read
 * the answer up to its ACK or NLMSG_DONE, passing each reply message to
 * reply() (a non-zero return is remembered and returned, and the rest of
 * the answer is drained), then wipe and free msg. Returns 0 or a negative
 * errno; h->errmsg describes a failure.
 */
int ksrtp__run(struct ksrtp_handle *h, struct nl_msg *msg,
	       int (*reply)(struct nlmsghdr *nlh, void *arg), void *arg);

/*
 * A new request of the ksrtp family (genlmsg_put() with NL_AUTO_PORT and
 * NL_AUTO_SEQ), or NULL if out of memory; ksrtp__free_request() wipes and
 * frees one (it may have held key material).
 */
struct nl_msg *ksrtp__new_request(struct ksrtp_handle *h, uint8_t cmd, int flags);
void ksrtp__free_request(struct nl_msg *msg);

/* ---- error.c: errors ------------------------------------------------- */

void ksrtp__seterr(struct ksrtp_handle *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A libnl error (-NLE_*) as a negative errno. */
int ksrtp__nlerr(int nlerr);

/*
 * Decode the error of an NLMSG_ERROR or NLMSG_DONE message @nlh: returns
 * the (negative) errno it carries, 0 for a plain ACK, -EPROTO if it is
 * truncated, and writes the extended-ACK description into @buf. @req is
 * the request that @nlh answers (NULL if unknown), used to name the
 * attribute that NLMSGERR_ATTR_OFFS points at.
 */
int ksrtp__ack_error(const struct nlmsghdr *nlh, const struct nlmsghdr *req,
		     char *buf, size_t len);

/* ---- request.c: the attributes of requests --------------------------- */

/*
 * Append the attributes of a tuple, of a whole CTX_NEW request, to msg.
 * Return 0, or -EINVAL with *why set to a reason (never key material),
 * or -EMSGSIZE if msg is full.
 */
int ksrtp__put_tuple(struct nl_msg *msg, const struct ksrtp_tuple *t,
		     const char **why);
int ksrtp__put_params(struct nl_msg *msg, const struct ksrtp_ctx_params *p,
		      const char **why);
/* The same for the attributes of a KEY_NEW request, after the id. */
int ksrtp__put_key(struct nl_msg *msg, const struct ksrtp_key_params *kp,
		   const char **why);
/* ...and for KEY_DEL (active false) and KEY_SET (active true). */
int ksrtp__put_key_ref(struct nl_msg *msg, uint32_t id, const uint8_t *mki,
		       size_t mki_len, bool active, const char **why);

/*
 * A FWD_NEW request: the rule's input, flags and owner. A FWD_OUT_ADD
 * request: the rule's id and one output. FWD_OUT_DEL (off NULL) and
 * FWD_OUT_SET (off with at least one offset): the rule's id and an output
 * naming out_id. Return as ksrtp__put_params().
 */
int ksrtp__put_fwd(struct nl_msg *msg, const struct ksrtp_fwd_params *p,
		   const char **why);
int ksrtp__put_fwd_output(struct nl_msg *msg, uint32_t fwd_id,
			  const struct ksrtp_fwd_output_params *o, const char **why);
int ksrtp__put_fwd_output_ref(struct nl_msg *msg, uint32_t fwd_id, uint32_t out_id,
			      const struct ksrtp_fwd_offsets *off, const char **why);

/* ---- reply.c: replies and events decoded ----------------------------- */

/*
 * Decode the KSRTP_A_ID of a reply (to KSRTP_CMD_CTX_NEW) into id.
 * Returns 0, or -EPROTO (id untouched) if it has none or a malformed one.
 */
int ksrtp__parse_id(struct nlmsghdr *nlh, uint32_t *id);

/*
 * The KSRTP_A_FWD_ID of a FWD_NEW reply, the KSRTP_OUT_A_ID of the output
 * of a FWD_OUT_ADD reply. Return as ksrtp__parse_id().
 */
int ksrtp__parse_fwd_id(struct nlmsghdr *nlh, uint32_t *id);
int ksrtp__parse_out_id(struct nlmsghdr *nlh, uint32_t *out_id);

/*
 * Decode a forwarding rule (a FWD_GET reply) into info, its outputs into
 * info->outputs (allocated, NULL if none: ksrtp_fwd_info_free()). Returns
 * 0, or -EPROTO or -ENOMEM with *why set and nothing allocated.
 */
int ksrtp__parse_fwd(struct nlmsghdr *nlh, struct ksrtp_fwd_info *info,
		     const char **why);

/*
 * Decode a context reply (genetlink message) into info. Returns 0 or
 * -EPROTO with *why set.
 */
int ksrtp__parse_info(struct nlmsghdr *nlh, struct ksrtp_ctx_info *info,
		      const char **why);

/*
 * Decode a KSRTP_CMD_EVENT notification (genetlink message) into ev.
 * Returns 0, -ENOMSG if it is another command, or -EPROTO with *why set.
 */
int ksrtp__parse_event(struct nlmsghdr *nlh, struct ksrtp_event_info *ev,
		       const char **why);

/*
 * Decode a KSRTP_CMD_NET_GET reply into st. Returns 0 or -EPROTO with
 * *why set.
 */
int ksrtp__parse_net(struct nlmsghdr *nlh, struct ksrtp_net_stats *st,
		     const char **why);

/* ---- events.c: reading events ---------------------------------------- */

/*
 * ksrtp_event_recv(); with_unowned false skips the events that name no
 * context (KSRTP_EVENT_UNMATCHED), for the KSRTP_1 version.
 */
int ksrtp__event_recv(struct ksrtp_handle *h, struct ksrtp_event_info *ev,
		      int timeout_ms, bool with_unowned);

/* ---- parse.c: text --------------------------------------------------- */

/*
 * Decode len characters of standard base64 (RFC 4648 section 4), padded
 * or not, into out; returns the number of bytes, -EINVAL (not base64, or
 * not canonical) or -EMSGSIZE (more than size bytes). On failure out may
 * hold part of the result: the caller wipes it.
 */
int ksrtp__b64_decode(const char *s, size_t len, uint8_t *out, size_t size);

/* len > 0 characters, all decimal digits. */
bool ksrtp__all_digits(const char *s, size_t len);

/*
 * Symbol versions (libksrtp.map). DEFAULT_VERSION(f, KSRTP_1) after the
 * definition of f makes it f@@KSRTP_1, what programs link against (also
 * from the static library); OLD_VERSION(f_v0, f, KSRTP_0) makes f_v0 the
 * f@KSRTP_0 of programs built against the older interface. Needs GNU as
 * 2.35 or later for "@@@".
 */
#define DEFAULT_VERSION(name, ver) \
	__asm__(".symver " #name "," #name "@@@" #ver)
#define OLD_VERSION(impl, name, ver) \
	__asm__(".symver " #impl "," #name "@" #ver)

/*
 * The structures of the KSRTP_0 interface, for the compatibility versions
 * of the functions whose structures grew (compat.c). Never change them.
 */
struct ksrtp_ctx_params_v0 {
	struct ksrtp_tuple tuple;
	enum ksrtp_suite suite;
	uint8_t key[KSRTP_MAX_KEY_LEN];
	size_t key_len;
	uint8_t salt[KSRTP_MAX_SALT_LEN];
	size_t salt_len;
	bool has_roc;
	uint32_t roc;
	uint32_t replay_window;
};

struct ksrtp_ctx_stats_v0 {
	uint64_t rtp_packets;
	uint64_t rtp_bytes;
	uint64_t rtcp_packets;
	uint64_t rtcp_bytes;
	uint64_t auth_failures;
	uint64_t replays;
	uint64_t malformed;
	uint64_t errors;
};

struct ksrtp_ctx_info_v0 {
	uint32_t id;
	struct ksrtp_tuple tuple;
	enum ksrtp_suite suite;
	uint32_t roc;
	uint16_t seq;
	uint32_t srtcp_index;
	uint32_t replay_window;
	char cipher_driver[KSRTP_DRIVER_NAME_MAX];
	char auth_driver[KSRTP_DRIVER_NAME_MAX];
	struct ksrtp_ctx_stats_v0 stats;
};

/* The KSRTP_1 event, before the namespace counters. */
struct ksrtp_event_info_v1 {
	enum ksrtp_event type;
	uint32_t id;
	struct ksrtp_tuple tuple;
	bool has_ssrc;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	size_t mki_len;
	uint32_t template_id;
	uint64_t auth_failures;
};

int ksrtp_ctx_add_v0(struct ksrtp_handle *h, const struct ksrtp_ctx_params_v0 *p,
		     uint32_t *id_out);
int ksrtp_ctx_get_id_v0(struct ksrtp_handle *h, uint32_t id,
			struct ksrtp_ctx_info_v0 *info);
int ksrtp_ctx_get_v0(struct ksrtp_handle *h, const struct ksrtp_tuple *t,
		     struct ksrtp_ctx_info_v0 *info);
int ksrtp_ctx_dump_v0(struct ksrtp_handle *h, uint16_t local_port,
		      int (*cb)(const struct ksrtp_ctx_info_v0 *info, void *arg),
		      void *arg);
int ksrtp_event_recv_v1(struct ksrtp_handle *h, struct ksrtp_event_info_v1 *ev,
			int timeout_ms);

/*
 * The KSRTP_1 structures of a context, before cryptex (KSRTP_5): taken
 * and filled by the KSRTP_1 versions of the context functions and the
 * KSRTP_2 versions of the batches (compat.c). Never change them.
 */
struct ksrtp_ctx_params_v1 {
	struct ksrtp_tuple tuple;
	enum ksrtp_suite suite;
	uint8_t key[KSRTP_MAX_KEY_LEN];
	size_t key_len;
	uint8_t salt[KSRTP_MAX_SALT_LEN];
	size_t salt_len;
	bool has_roc;
	uint32_t roc;
	uint32_t replay_window;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	size_t mki_len;
	bool is_template;
	enum ksrtp_policy policy;
	bool has_learn_limit;
	uint32_t learn_limit;
};

struct ksrtp_ctx_info_v1 {
	uint32_t id;
	struct ksrtp_tuple tuple;
	enum ksrtp_suite suite;
	uint32_t roc;
	uint16_t seq;
	uint32_t srtcp_index;
	uint32_t replay_window;
	char cipher_driver[KSRTP_DRIVER_NAME_MAX];
	char auth_driver[KSRTP_DRIVER_NAME_MAX];
	struct ksrtp_ctx_stats stats;
	unsigned int nkeys;
	struct ksrtp_key_info keys[KSRTP_MAX_KEYS];
	bool is_template;
	enum ksrtp_policy policy;
	uint32_t learn_limit;
	uint32_t learned;
	uint32_t template_id;
};

/* A KSRTP_2 batch request: its params are struct ksrtp_ctx_params_v1. */
struct ksrtp_batch_req_v2 {
	enum ksrtp_batch_op op;
	const struct ksrtp_ctx_params_v1 *params;
	uint32_t id;
	const struct ksrtp_tuple *tuple;
};

int ksrtp_ctx_add_v1(struct ksrtp_handle *h, const struct ksrtp_ctx_params_v1 *p,
		     uint32_t *id_out);
int ksrtp_ctx_get_id_v1(struct ksrtp_handle *h, uint32_t id,
			struct ksrtp_ctx_info_v1 *info);
int ksrtp_ctx_get_v1(struct ksrtp_handle *h, const struct ksrtp_tuple *t,
		     struct ksrtp_ctx_info_v1 *info);
int ksrtp_ctx_dump_v1(struct ksrtp_handle *h, uint16_t local_port,
		      int (*cb)(const struct ksrtp_ctx_info_v1 *info, void *arg),
		      void *arg);
int ksrtp_batch_v2(struct ksrtp_handle *h, const struct ksrtp_batch_req_v2 *reqs,
		   size_t n, struct ksrtp_batch_result *res);
int ksrtp_ctx_add_batch_v2(struct ksrtp_handle *h,
			   const struct ksrtp_ctx_params_v1 *params, size_t n,
			   struct ksrtp_batch_result *res);

/*
 * The KSRTP_5 structures of a context, with cryptex but before the SDES
 * session parameters (KSRTP_6): taken and filled by the KSRTP_5 versions
 * of the context functions and of the batches (compat.c). Never change
 * them.
 */
struct ksrtp_ctx_params_v5 {
	struct ksrtp_tuple tuple;
	enum ksrtp_suite suite;
	uint8_t key[KSRTP_MAX_KEY_LEN];
	size_t key_len;
	uint8_t salt[KSRTP_MAX_SALT_LEN];
	size_t salt_len;
	bool has_roc;
	uint32_t roc;
	uint32_t replay_window;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	size_t mki_len;
	bool is_template;
	enum ksrtp_policy policy;
	bool has_learn_limit;
	uint32_t learn_limit;
	bool cryptex;
};

struct ksrtp_ctx_info_v5 {
	uint32_t id;
	struct ksrtp_tuple tuple;
	enum ksrtp_suite suite;
	uint32_t roc;
	uint16_t seq;
	uint32_t srtcp_index;
	uint32_t replay_window;
	char cipher_driver[KSRTP_DRIVER_NAME_MAX];
	char auth_driver[KSRTP_DRIVER_NAME_MAX];
	struct ksrtp_ctx_stats stats;
	unsigned int nkeys;
	struct ksrtp_key_info keys[KSRTP_MAX_KEYS];
	bool is_template;
	enum ksrtp_policy policy;
	uint32_t learn_limit;
	uint32_t learned;
	uint32_t template_id;
	bool cryptex;
};

/* A KSRTP_5 batch request: its params are struct ksrtp_ctx_params_v5. */
struct ksrtp_batch_req_v5 {
	enum ksrtp_batch_op op;
	const struct ksrtp_ctx_params_v5 *params;
	uint32_t id;
	const struct ksrtp_tuple *tuple;
};

int ksrtp_ctx_add_v5(struct ksrtp_handle *h, const struct ksrtp_ctx_params_v5 *p,
		     uint32_t *id_out);
int ksrtp_ctx_get_id_v5(struct ksrtp_handle *h, uint32_t id,
			struct ksrtp_ctx_info_v5 *info);
int ksrtp_ctx_get_v5(struct ksrtp_handle *h, const struct ksrtp_tuple *t,
		     struct ksrtp_ctx_info_v5 *info);
int ksrtp_ctx_dump_v5(struct ksrtp_handle *h, uint16_t local_port,
		      int (*cb)(const struct ksrtp_ctx_info_v5 *info, void *arg),
		      void *arg);
int ksrtp_batch_v5(struct ksrtp_handle *h, const struct ksrtp_batch_req_v5 *reqs,
		   size_t n, struct ksrtp_batch_result *res);
int ksrtp_ctx_add_batch_v5(struct ksrtp_handle *h,
			   const struct ksrtp_ctx_params_v5 *params, size_t n,
			   struct ksrtp_batch_result *res);

/* The KSRTP_2 SDES crypto attribute, before the session parameters. */
struct ksrtp_sdes_crypto_v2 {
	uint32_t tag;
	enum ksrtp_suite suite;
	size_t key_len;
	size_t salt_len;
	unsigned int nkeys;
	struct ksrtp_sdes_key keys[KSRTP_SDES_MAX_KEYS];
	bool has_wsh;
	uint32_t wsh;
};

int ksrtp_parse_sdes_crypto_v2(const char *line, struct ksrtp_sdes_crypto_v2 *c,
			       char *errmsg, size_t errlen);

/* The KSRTP_3 event, before forwarding. */
struct ksrtp_event_info_v3 {
	struct ksrtp_event_info_v1 v1;
	bool has_net_stats;
	struct ksrtp_net_stats net_stats;
};

int ksrtp_event_recv_v3(struct ksrtp_handle *h, struct ksrtp_event_info_v3 *ev,
			int timeout_ms);

#endif /* KSRTP_INTERNAL_H */
