/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * libksrtp: configure ksrtp (kernel SRTP/SRTCP for UDP sockets) over
 * generic netlink.
 *
 * Conventions
 * -----------
 * - Functions that can fail return 0 (or a non-negative count) on success
 *   and a negative errno on failure; they never set errno, except
 *   ksrtp_open(), which returns a pointer and so reports through errno.
 * - After a failed call on a handle, ksrtp_errmsg() describes the failure
 *   in words: the kernel's extended-ACK message and, when the kernel
 *   pointed at one, the attribute at fault.
 * - Thread safety: a handle must be used by one thread at a time; use one
 *   handle per thread. Handles are independent of each other: one thread
 *   may wait for events on an events handle (ksrtp_events_open()) while
 *   others make requests on their own handles. Functions that take no
 *   handle (the parsing and formatting helpers) keep no state and are safe
 *   to call from any thread.
 * - Key material: the library wipes every buffer of its own that held a
 *   key or salt (explicit_bzero) before freeing it or leaving its scope.
 *   Buffers that belong to the caller (struct ksrtp_ctx_params, the key and
 *   salt arrays given to the parsers) are the caller's to wipe.
 * - Byte order: ports are in network byte order inside the socket
 *   addresses, as everywhere in the sockets API; the library converts to
 *   what the kernel expects. An MKI is a byte string as it appears on the
 *   wire (mki[0] first), of 1 to KSRTP_MKI_MAX_LEN bytes.
 * - ABI: structures are only ever extended at their end, and a function
 *   whose structure grew gets a new symbol version (KSRTP_1: MKI, key
 *   changes, templates, events; KSRTP_3: events without a context;
 *   KSRTP_5: cryptex in struct ksrtp_ctx_params and struct
 *   ksrtp_ctx_info, so the functions that take or fill them, batches
 *   included; KSRTP_6: the SDES session parameters in the same two
 *   structures and in struct ksrtp_sdes_crypto, and RFC 6904's encrypted
 *   header extension IDs in the same two); new functions come with a
 *   new version too (KSRTP_4: forwarding; KSRTP_6:
 *   ksrtp_parse_sdp_extmap());
 *   programs built against the older structures keep the older
 *   functions. Build with the header that matches the library.
 *
 * The protocol itself is described in <linux/ksrtp.h>.
 */
#ifndef KSRTP_H
#define KSRTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/ksrtp.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest master key and salt of any suite, in bytes. */
#define KSRTP_MAX_KEY_LEN	32
#define KSRTP_MAX_SALT_LEN	14

/* Room for a crypto driver name (the kernel's CRYPTO_MAX_ALG_NAME). */
#define KSRTP_DRIVER_NAME_MAX	128

/* Room for "[v6-address]:port" plus the terminating NUL. */
#define KSRTP_SOCKADDR_STRLEN	(INET6_ADDRSTRLEN + 8)

struct ksrtp_handle;

/*
 * An IPv4 or IPv6 UDP endpoint. sa.sa_family is AF_INET, AF_INET6, or
 * AF_UNSPEC for "no address" (the remote of an inbound wildcard context).
 * sin6_flowinfo and sin6_scope_id are ignored: a context is not bound to
 * an interface.
 */
union ksrtp_sockaddr {
	struct sockaddr sa;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
};

/*
 * What identifies a context (see <linux/ksrtp.h>, "The context").
 * direction is KSRTP_DIR_INBOUND or KSRTP_DIR_OUTBOUND. local is required.
 * remote is required for outbound contexts; an inbound context with
 * remote.sa.sa_family == AF_UNSPEC matches packets from any source.
 * local and remote must be of one address family.
 */
struct ksrtp_tuple {
	enum ksrtp_direction direction;
	union ksrtp_sockaddr local;
	union ksrtp_sockaddr remote;
	uint32_t ssrc;
};

/*
 * A context to install. key_len and salt_len must be those of the suite
 * (ksrtp_suite_key_len(), ksrtp_suite_salt_len()); the kernel checks them.
 * roc is sent only if has_roc (default 0); replay_window only if non-zero
 * (default KSRTP_REPLAY_WINDOW_DEFAULT, range KSRTP_REPLAY_WINDOW_MIN..MAX).
 *
 * mki_len 0: the context uses no MKI. Otherwise the context carries an MKI
 * of mki_len (1..KSRTP_MKI_MAX_LEN) bytes on the wire, and mki is that of
 * its first key, which is the active one (<linux/ksrtp.h>, "Master keys").
 *
 * is_template: an inbound session template (<linux/ksrtp.h>, "Templates"):
 * tuple.ssrc is ignored and not sent; the context stands for every SSRC of
 * its local address and port (and its remote, or any remote). learn_limit
 * (sent only if has_learn_limit; 0..KSRTP_LEARN_LIMIT_MAX, default
 * KSRTP_LEARN_LIMIT_DEFAULT) applies to templates only and is refused
 * without is_template.
 *
 * policy applies to inbound contexts and templates (refused for outbound
 * ones): whether the context protects its local port (<linux/ksrtp.h>,
 * "Protected ports"). 0 sends nothing and gets the kernel's default,
 * KSRTP_POLICY_REQUIRED: every datagram to the port is then authenticated
 * by a context, learned by a template, passed as STUN, ZRTP, DTLS or TURN,
 * or dropped. KSRTP_POLICY_OPTIONAL protects only the context's own SSRC.
 * (A module older than protected ports takes policy for templates only.)
 *
 * Since KSRTP_5: cryptex: the context uses cryptex (RFC 9335, <linux/ksrtp.h>
 * "Cryptex"): an outbound one encrypts the CSRCs and the header extension
 * of every RTP packet that has them; an inbound one takes such packets as
 * well as plain SRTP. Both ends must have negotiated it (a=cryptex in SDP).
 * The kernel refuses it for the NULL suites (-EINVAL); a module older than
 * cryptex refuses it too (-EINVAL, an attribute it does not know).
 *
 * Since KSRTP_6: the RFC 4568 section 6.3.2 session parameters that turn a
 * service off (<linux/ksrtp.h> "SDES session parameters"), as the a=crypto
 * line negotiated them: unencrypted_srtp (UNENCRYPTED_SRTP: the RTP payload
 * in the clear), unencrypted_srtcp (UNENCRYPTED_SRTCP: SRTCP with E = 0),
 * unauthenticated_srtp (UNAUTHENTICATED_SRTP: SRTP without a tag). The
 * kernel refuses each of them with the GCM suites, unencrypted_srtp with
 * cryptex and unauthenticated_srtp for a template (-EINVAL); a module older
 * than them refuses them too (-EINVAL, attributes it does not know).
 *
 * Also since KSRTP_6: RFC 6904, encrypted header extension elements
 * (<linux/ksrtp.h> KSRTP_A_ENC_HDR_EXT_IDS): with n_enc_ext_ids > 0, the
 * context encrypts the data of the RTP header extension elements whose
 * IDs (1..255, one- or two-byte form, RFC 8285) are the first
 * n_enc_ext_ids bytes of enc_ext_ids; 0: none (nothing is sent). A list
 * rather than a bitmap: a daemon appends each ID as it meets an
 * a=extmap:ID urn:ietf:params:rtp-hdrext:encrypt line of the SDP
 * (ksrtp_parse_sdp_extmap()) and reads them back as numbers; the order
 * does not matter (the library sends them sorted). The library refuses
 * (-EINVAL, before sending) an ID 0, an ID given twice and n_enc_ext_ids
 * above KSRTP_ENC_EXT_IDS_MAX. The kernel refuses them with the NULL
 * suites and with unencrypted_srtp; with cryptex, outbound packets are
 * sent as cryptex ones; a module older than RFC 6904 refuses them
 * (-EINVAL, an attribute it does not know).
 *
 * The caller should explicit_bzero() the structure when done with it.
 */
#define KSRTP_ENC_EXT_IDS_MAX	255

struct ksrtp_ctx_params {
	struct ksrtp_tuple tuple;
	enum ksrtp_suite suite;
	uint8_t key[KSRTP_MAX_KEY_LEN];
	size_t key_len;
	uint8_t salt[KSRTP_MAX_SALT_LEN];
	size_t salt_len;
	bool has_roc;
	uint32_t roc;
	uint32_t replay_window;
	/* Since KSRTP_1. */
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	size_t mki_len;
	bool is_template;
	enum ksrtp_policy policy;
	bool has_learn_limit;
	uint32_t learn_limit;
	/* Since KSRTP_5. */
	bool cryptex;
	/* Since KSRTP_6. */
	bool unencrypted_srtp;
	bool unencrypted_srtcp;
	bool unauthenticated_srtp;
	unsigned int n_enc_ext_ids;
	uint8_t enc_ext_ids[KSRTP_ENC_EXT_IDS_MAX];
};

/* Counters of a context; see KSRTP_STATS_A_* in <linux/ksrtp.h>. */
struct ksrtp_ctx_stats {
	uint64_t rtp_packets;
	uint64_t rtp_bytes;
	uint64_t rtcp_packets;
	uint64_t rtcp_bytes;
	uint64_t auth_failures;
	uint64_t replays;
	uint64_t malformed;
	uint64_t errors;
	/* Since KSRTP_1. */
	uint64_t key_limit;
	uint64_t unknown_ssrc;
};

/*
 * One master key of a context, as the kernel reports it (KSRTP_A_KEYS);
 * never key material. An MKI context's keys have mki_len > 0; the keys of
 * a context without MKI have from-indices instead (has_from_index,
 * has_from_srtcp_index: the kernel reported them). active: outbound packets
 * use this key. rtp_packets and rtcp_packets count the SRTP and SRTCP
 * packets it protected or authenticated.
 */
struct ksrtp_key_info {
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	size_t mki_len;
	bool active;
	bool has_from_index;
	uint64_t from_index;
	bool has_from_srtcp_index;
	uint32_t from_srtcp_index;
	uint64_t rtp_packets;
	uint64_t rtcp_packets;
};

/*
 * A context as the kernel reports it. Keys are write-only and never
 * reported. cipher_driver and auth_driver are empty strings if the kernel
 * did not report them; suite may be a value newer than this library knows
 * (ksrtp_suite_name() then returns NULL).
 *
 * Since KSRTP_1:
 * nkeys and keys: the context's master keys in the kernel's order (at most
 * KSRTP_MAX_KEYS are kept; 0 if the kernel did not report them).
 * is_template: the context is a template; tuple.ssrc is then 0 and
 * meaningless, learn_limit and learned (the contexts it learned that exist
 * now) describe it. policy: whether the inbound context or template
 * protects its port (0 if the kernel did not report it: outbound
 * contexts, and inbound ones of a module older than protected ports).
 * template_id: the template that created this context, 0 if none did.
 *
 * Since KSRTP_5:
 * cryptex: the context uses cryptex (RFC 9335); false if the kernel did not
 * say so, as a module older than cryptex never does.
 *
 * Since KSRTP_6:
 * unencrypted_srtp, unencrypted_srtcp, unauthenticated_srtp: the session
 * parameters of the context (as in struct ksrtp_ctx_params); false if the
 * kernel did not report them, as a module older than them never does.
 * n_enc_ext_ids, enc_ext_ids: the IDs of the header extension elements the
 * context encrypts (RFC 6904), in increasing order as the kernel reports
 * them; 0 if none, or if the kernel did not report them, as a module
 * older than RFC 6904 never does.
 */
struct ksrtp_ctx_info {
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
	/* Since KSRTP_1. */
	unsigned int nkeys;
	struct ksrtp_key_info keys[KSRTP_MAX_KEYS];
	bool is_template;
	enum ksrtp_policy policy;
	uint32_t learn_limit;
	uint32_t learned;
	uint32_t template_id;
	/* Since KSRTP_5. */
	bool cryptex;
	/* Since KSRTP_6. */
	bool unencrypted_srtp;
	bool unencrypted_srtcp;
	bool unauthenticated_srtp;
	unsigned int n_enc_ext_ids;
	uint8_t enc_ext_ids[KSRTP_ENC_EXT_IDS_MAX];
};

/*
 * Counters of a network namespace (KSRTP_NET_A_* in <linux/ksrtp.h>, since
 * KSRTP_3): datagrams to a protected port dropped before any context or
 * template owned them, since the module was loaded in the namespace.
 * unknown_ssrc: RTP/RTCP of an SSRC without context or template;
 * not_srtp: neither RTP/RTCP nor STUN, ZRTP, DTLS or TURN, or too short for
 * an RTP/RTCP header; malformed: lengths UDP would refuse, an unreassembled
 * fragment (the checksum of a datagram no context owns is not checked).
 */
struct ksrtp_net_stats {
	uint64_t unknown_ssrc;
	uint64_t not_srtp;
	uint64_t malformed;
};

/* ---- Handle ------------------------------------------------------------ */

/*
 * ksrtp_open - open a generic netlink socket and resolve the ksrtp family.
 *
 * Enables NETLINK_EXT_ACK (so that refusals carry a message) and
 * NETLINK_CAP_ACK (so that error replies do not echo the request, which
 * may hold key material) on the socket.
 *
 * Returns a handle, or NULL with errno set:
 *   ENOENT   the "ksrtp" family is not registered: the module is not loaded.
 *   ENOMEM   out of memory.
 *   other    the socket could not be created or connected (EPERM,
 *            EAFNOSUPPORT, EMFILE, ...).
 */
struct ksrtp_handle *ksrtp_open(void);

/* ksrtp_close - close the socket and free the handle. NULL is allowed. */
void ksrtp_close(struct ksrtp_handle *h);

/*
 * ksrtp_errmsg - describe the last failure on h.
 *
 * Returns a string owned by the handle, valid until the next call on h:
 * the kernel's extended-ACK message, prefixed by the attribute at fault
 * ("attribute master-key: ...") or followed by the missing one
 * ("... (missing attribute remote-port)") when the kernel said which; or
 * a message from the library for failures it detected itself. Empty if
 * the failure carried no message (strerror() of the returned errno is then
 * all there is to say). Never contains key material.
 */
const char *ksrtp_errmsg(const struct ksrtp_handle *h);

/* ---- Contexts ---------------------------------------------------------- */

/*
 * ksrtp_ctx_add - install a context (KSRTP_CMD_CTX_NEW).
 * @id_out: if not NULL, receives the kernel-assigned context id.
 *
 * Returns 0, or a negative errno: -EINVAL malformed parameters (checked
 * here: address families, key/salt lengths beyond the buffers, mki_len
 * above KSRTP_MKI_MAX_LEN, a template that is not inbound, policy for an
 * outbound context, learn_limit without is_template; the rest, such as
 * key/salt lengths that are not the suite's, by the kernel),
 * -ERANGE a suite value the module does not know, -EEXIST a context with
 * this tuple exists, -ENOENT the kernel lacks a crypto algorithm the suite
 * needs, -EOPNOTSUPP the module cannot use the kernel's implementation of
 * the suite (ksrtp_errmsg() says why), -EPERM no CAP_NET_ADMIN, -ENOMEM,
 * -EPROTO the kernel's reply did not carry an id.
 */
int ksrtp_ctx_add(struct ksrtp_handle *h, const struct ksrtp_ctx_params *p,
		  uint32_t *id_out);

/*
 * ksrtp_ctx_del_id - remove the context with this id (KSRTP_CMD_CTX_DEL).
 * Returns 0, -ENOENT no such context, -EPERM, or another negative errno.
 */
int ksrtp_ctx_del_id(struct ksrtp_handle *h, uint32_t id);

/*
 * ksrtp_ctx_del - remove the context with this tuple (KSRTP_CMD_CTX_DEL).
 * The tuple always names an SSRC: remove a template by its id.
 * Returns as ksrtp_ctx_del_id(); -EINVAL for a malformed tuple.
 */
int ksrtp_ctx_del(struct ksrtp_handle *h, const struct ksrtp_tuple *t);

/*
 * ksrtp_ctx_get_id - fetch one context by id (KSRTP_CMD_CTX_GET).
 * Returns 0 and fills *info, or -ENOENT no such context, -EPERM, -EPROTO
 * a malformed reply, or another negative errno.
 */
int ksrtp_ctx_get_id(struct ksrtp_handle *h, uint32_t id,
		     struct ksrtp_ctx_info *info);

/*
 * ksrtp_ctx_get - fetch one context by tuple (KSRTP_CMD_CTX_GET).
 * Returns as ksrtp_ctx_get_id(); -EINVAL for a malformed tuple.
 */
int ksrtp_ctx_get(struct ksrtp_handle *h, const struct ksrtp_tuple *t,
		  struct ksrtp_ctx_info *info);

/*
 * ksrtp_ctx_dump - list contexts of the namespace in increasing id order.
 * @local_port: host byte order; 0 lists all contexts, otherwise only those
 *              whose local port is local_port.
 * @cb:         called once per context; the info is valid only during the
 *              call. Returning non-zero stops the listing (the rest of the
 *              kernel's answer is read and discarded, so the handle stays
 *              usable) and ksrtp_ctx_dump() returns that value.
 *
 * Returns 0; the non-zero value cb returned; -EAGAIN if contexts were
 * added or removed while the dump was in progress (cb still saw every
 * context the kernel sent, but the listing may be inconsistent: retry for
 * an exact one); or another negative errno (-EPERM, -EPROTO, ...).
 */
int ksrtp_ctx_dump(struct ksrtp_handle *h, uint16_t local_port,
		   int (*cb)(const struct ksrtp_ctx_info *info, void *arg),
		   void *arg);

/*
 * Stream state for ksrtp_ctx_set_id(): only the fields whose has_* flag is
 * set are sent. seq needs roc.
 */
struct ksrtp_stream_state {
	bool has_roc;
	uint32_t roc;		/* SRTP rollover counter */
	bool has_seq;
	uint16_t seq;		/* highest SRTP sequence number sent or seen */
	bool has_srtcp_index;
	uint32_t srtcp_index;	/* 0..2^31-1 */
};

/*
 * ksrtp_ctx_set_id - change the stream state of the context with this id
 * (KSRTP_CMD_CTX_SET): for a receiver that joins a running stream, or a
 * stream moved between servers. Outbound: the next packet is numbered from
 * roc (and seq, the highest sent); the next SRTCP packet carries
 * srtcp_index. Inbound: the replay window restarts from roc (and seq, the
 * highest seen, which then counts as received) and from srtcp_index.
 *
 * Returns 0; -ENOENT no such context; -EINVAL nothing to set, or seq
 * without roc; -ERANGE srtcp_index above 2^31-1; -EPERM; or another
 * negative errno. Thread-safety: as for every call, one handle per thread.
 */
int ksrtp_ctx_set_id(struct ksrtp_handle *h, uint32_t id,
		     const struct ksrtp_stream_state *st);

/*
 * ksrtp_net_get - the counters of the caller's network namespace
 * (KSRTP_CMD_NET_GET, since KSRTP_3).
 *
 * Returns 0 and fills *st, or -EOPNOTSUPP a module older than protected
 * ports (it has no such command), -EPERM, -EPROTO a malformed reply, or
 * another negative errno.
 */
int ksrtp_net_get(struct ksrtp_handle *h, struct ksrtp_net_stats *st);

/* ---- Batches ----------------------------------------------------------- */

/*
 * Many requests in few netlink round trips (since KSRTP_2): the requests
 * are packed into as few sendmsg() calls as the socket buffers allow (each
 * a separate netlink message with NLM_F_ACK, in order), and the answers
 * are matched back to their requests by sequence number.
 *
 * The kernel handles every message of a batch on its own, in order: a
 * failure does not stop the requests after it, and nothing is undone. A
 * batch is not a transaction; it only saves round trips.
 */
enum ksrtp_batch_op {
	KSRTP_BATCH_ADD = 1,	/* ksrtp_ctx_add() of params */
	KSRTP_BATCH_DEL,	/* ksrtp_ctx_del_id() of id, or, if id is 0,
				 * ksrtp_ctx_del() of tuple */
};

/* One request of a batch. Only the fields of its op are read. */
struct ksrtp_batch_req {
	enum ksrtp_batch_op op;
	const struct ksrtp_ctx_params *params;
	uint32_t id;
	const struct ksrtp_tuple *tuple;
};

#define KSRTP_BATCH_ERRMSG_LEN	256

/*
 * The outcome of one request of a batch: error 0 or a negative errno as
 * the single-request function would return it; id the new context's id
 * (KSRTP_BATCH_ADD that succeeded, 0 otherwise); errmsg what
 * ksrtp_errmsg() would have said about a failure ("" otherwise).
 */
struct ksrtp_batch_result {
	int error;
	uint32_t id;
	char errmsg[KSRTP_BATCH_ERRMSG_LEN];
};

/*
 * ksrtp_batch - send the n requests of reqs and fill res[0..n-1] with
 * their outcomes (res[i] answers reqs[i]).
 *
 * A request the library refuses before sending (as the single-request
 * function would, e.g. -EINVAL for a malformed tuple) is not sent; the
 * others are.
 *
 * Returns the number of requests that failed (0: all succeeded; each
 * failure is in its res[i], and ksrtp_errmsg() describes the first one as
 * "request I: ..."), or a negative errno if the exchange itself failed:
 * -ENOMEM, -EPERM, -EINVAL (n is 0, reqs or res NULL, or an events
 * handle), or an errno of the socket, such as -ENOBUFS when the kernel's
 * answers overflowed the receive buffer. After a negative return, the
 * requests whose answers were read have their outcome in res; the others
 * have res[i].error set to the returned errno and may or may not have
 * been applied by the kernel (read the state back with ksrtp_ctx_dump()).
 *
 * On the first batch call the handle enlarges its socket's buffers
 * (SO_SNDBUFFORCE/SO_RCVBUFFORCE with CAP_NET_ADMIN, else up to the
 * system's limits) and from then on sizes each sendmsg() so that the
 * answers to it fit in the receive buffer. Thread safety: as for every
 * call, one thread at a time per handle.
 */
int ksrtp_batch(struct ksrtp_handle *h, const struct ksrtp_batch_req *reqs,
		size_t n, struct ksrtp_batch_result *res);

/*
 * ksrtp_ctx_add_batch - install the n contexts of params[] in a batch:
 * ksrtp_batch() with one KSRTP_BATCH_ADD per element. res[i].id is the id
 * of params[i]'s context. Returns as ksrtp_batch().
 */
int ksrtp_ctx_add_batch(struct ksrtp_handle *h,
			const struct ksrtp_ctx_params *params, size_t n,
			struct ksrtp_batch_result *res);

/*
 * ksrtp_ctx_del_id_batch - remove the n contexts of ids[] in a batch:
 * ksrtp_batch() with one KSRTP_BATCH_DEL per element. Returns as
 * ksrtp_batch().
 */
int ksrtp_ctx_del_id_batch(struct ksrtp_handle *h, const uint32_t *ids,
			   size_t n, struct ksrtp_batch_result *res);

/* ---- Master keys ------------------------------------------------------- */

/*
 * A master key to add to a running context with ksrtp_key_add(). key_len
 * and salt_len must be those of the context's suite.
 *
 * Contexts with MKI: mki/mki_len (the context's MKI length) names the new
 * key; active makes it the key of outbound packets at once (otherwise
 * ksrtp_key_activate() does later). has_from_index and
 * has_from_srtcp_index must be false.
 *
 * Contexts without MKI: mki_len is 0 and active false; the key applies to
 * SRTP packets from index from_index (ROC << 16 | SEQ, below 2^48) and to
 * SRTCP packets from index from_srtcp_index (below 2^31). Without
 * has_from_index (has_from_srtcp_index) the kernel starts it with the next
 * packet (<linux/ksrtp.h>, KSRTP_CMD_KEY_NEW, explains what that loses).
 *
 * The caller should explicit_bzero() the structure when done with it.
 */
struct ksrtp_key_params {
	uint8_t key[KSRTP_MAX_KEY_LEN];
	size_t key_len;
	uint8_t salt[KSRTP_MAX_SALT_LEN];
	size_t salt_len;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	size_t mki_len;
	bool active;
	bool has_from_index;
	uint64_t from_index;
	bool has_from_srtcp_index;
	uint32_t from_srtcp_index;
};

/*
 * ksrtp_key_add - add a master key to the context with this id
 * (KSRTP_CMD_KEY_NEW). The stream state (ROC, sequence numbers, SRTCP
 * index, replay windows) is kept; adding a key to a template also rekeys
 * the contexts it learned.
 *
 * Returns 0; -EINVAL malformed parameters (checked here: key/salt lengths
 * beyond the buffers, mki_len above KSRTP_MKI_MAX_LEN, active without an
 * MKI, an MKI with from-indices; by the kernel: lengths that are not the
 * context's, an MKI for a context without MKI or the reverse); -ERANGE an
 * index out of range; -EEXIST the MKI is in use, or the key is in use by
 * another outbound context for this SSRC; -ENOSPC the context holds
 * KSRTP_MAX_KEYS keys; -ENOENT no such context; -EPERM; or another
 * negative errno.
 */
int ksrtp_key_add(struct ksrtp_handle *h, uint32_t id,
		  const struct ksrtp_key_params *kp);

/*
 * ksrtp_key_del - remove the key with this MKI (mki_len bytes) from the
 * MKI context with this id (KSRTP_CMD_KEY_DEL). Inbound packets that carry
 * it are dropped from then on.
 *
 * Returns 0; -EBUSY it is the last key, or the active key of an outbound
 * context (activate another one first); -ENOENT no such context or key;
 * -EINVAL mki_len is 0 or above KSRTP_MKI_MAX_LEN, or the context uses no
 * MKI (see ksrtp_key_del_from()); -EPERM; or another negative errno.
 */
int ksrtp_key_del(struct ksrtp_handle *h, uint32_t id, const uint8_t *mki,
		  size_t mki_len);

/*
 * ksrtp_key_del_from - remove the key that starts at SRTP index from_index
 * from the context without MKI with this id (KSRTP_CMD_KEY_DEL with
 * KSRTP_A_FROM_INDEX). The kernel removes such keys by itself once no
 * packet can need them, except those a template shares with the contexts
 * it learned: this is for those.
 *
 * Returns 0; -EBUSY it is the last key, or the key an outbound context
 * sends its next packet with; -ENOENT no such context or key; -EINVAL the
 * context uses MKI; -EPERM; or another negative errno.
 */
int ksrtp_key_del_from(struct ksrtp_handle *h, uint32_t id,
		       uint64_t from_index);

/*
 * ksrtp_key_activate - make the key with this MKI the one that outbound
 * packets of the MKI context with this id use (KSRTP_CMD_KEY_SET with
 * KSRTP_A_KEY_ACTIVE). Packets processed after the call returns use it.
 *
 * Rekeying without loss: add the new key to the receiving side's inbound
 * context first, then to the sending side's outbound context, and only
 * then activate it there (or, without MKI, give both the same from-index).
 *
 * Returns 0; -ENOENT no such context or key; -EINVAL mki_len is 0 or above
 * KSRTP_MKI_MAX_LEN; -EOPNOTSUPP or -EINVAL (as the kernel says) the
 * context uses no MKI; -EPERM; or another negative errno.
 */
int ksrtp_key_activate(struct ksrtp_handle *h, uint32_t id,
		       const uint8_t *mki, size_t mki_len);

/* ---- Forwarding (since KSRTP_4) ---------------------------------------- */

/*
 * A forwarding rule (<linux/ksrtp.h>, "Forwarding") sends the media that
 * arrives for one local address and port to 1..KSRTP_FWD_OUTPUTS_MAX
 * outputs in the kernel, without the application reading and writing it:
 * an SFU, a B2BUA, an SRTP<->RTP gateway. Rules and their outputs have
 * handles of their own: a rule id (KSRTP_A_FWD_ID), unique in the
 * namespace, and per rule an output id (KSRTP_OUT_A_ID); neither is ever 0.
 */

/*
 * A rule to install with ksrtp_fwd_add(). Its input: local (AF_INET or
 * AF_INET6) is required; remote, of the same family, is optional
 * (AF_UNSPEC: any source); ssrc is sent only if has_ssrc (without it the
 * rule takes every SSRC of that tuple). A rule that names the remote is
 * chosen before one that does not, one of the SSRC before one of every
 * SSRC.
 *
 * flags: KSRTP_FWD_F_* (0 sends none). Without KSRTP_FWD_F_PLAIN the input
 * is SRTP, forwarded only once an inbound context has authenticated and
 * decrypted it; with it, plain RTP/RTCP that no context owns.
 * KSRTP_FWD_F_DELIVER: the packets reach the local socket as well. Unknown
 * bits are left to the kernel, which refuses them.
 *
 * owned: the rule belongs to the handle's socket, as an owned context
 * does (KSRTP_A_OWNED): the kernel removes it when the socket is closed.
 *
 * payload_types: with npayload_types > 0, the rule forwards RTP of these
 * payload types (0..127) only (KSRTP_A_FWD_PAYLOAD_TYPES); RTP of another
 * type goes on as without the rule. 0: every type. RTCP is forwarded
 * whatever the types.
 */
#define KSRTP_FWD_PAYLOAD_TYPES_MAX	128

struct ksrtp_fwd_params {
	union ksrtp_sockaddr local;
	union ksrtp_sockaddr remote;
	bool has_ssrc;
	uint32_t ssrc;
	uint32_t flags;
	bool owned;
	unsigned int npayload_types;
	uint8_t payload_types[KSRTP_FWD_PAYLOAD_TYPES_MAX];
};

/*
 * The offsets of an output, added to the RTP sequence number and timestamp
 * (and the RTP timestamp of a sender report) of what it sends, so that a
 * daemon can switch a subscriber between publishers without a gap. Only
 * those whose has_* flag is set are sent; an output starts with 0 and 0.
 */
struct ksrtp_fwd_offsets {
	bool has_seq_offset;
	uint16_t seq_offset;
	bool has_ts_offset;
	uint32_t ts_offset;
};

/*
 * An output to add to a rule with ksrtp_fwd_output_add(), one of:
 * - protected: ctx_id names an outbound context; the packets leave from
 *   its local address and port to its remote, with its SSRC, protected by
 *   it exactly as the packets the application sends. local, remote and
 *   has_ssrc are left unset (AF_UNSPEC, false).
 * - plain: ctx_id 0; the packets leave unprotected from local to remote
 *   (both required, AF_INET or AF_INET6, of one family; the rule's input
 *   may be of the other), with ssrc if has_ssrc, else with their own.
 */
struct ksrtp_fwd_output_params {
	uint32_t ctx_id;
	union ksrtp_sockaddr local;
	union ksrtp_sockaddr remote;
	bool has_ssrc;
	uint32_t ssrc;
	struct ksrtp_fwd_offsets offsets;
};

/*
 * Counters of a rule or of an output (KSRTP_FWD_STATS_A_* in
 * <linux/ksrtp.h>), since it was installed; 0 where the kernel did not
 * report one. A rule counts the packets it took for forwarding, their
 * bytes, loops: packets not forwarded because their TTL or hop limit
 * was 1 or less, and other_pt: RTP of a payload type it does not forward
 * (left as without the rule). An output counts the packets it sent and their bytes,
 * and those it did not send by cause: no_context (its context was
 * removed), no_route (no route to the remote, or a local address that is
 * not the host's), too_big (longer than the route's MTU), key (its context
 * refused to protect: a key used up, an index already sent), errors (out
 * of memory). Bytes are RTP/RTCP bytes before protection.
 */
struct ksrtp_fwd_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t loops;
	uint64_t no_context;
	uint64_t no_route;
	uint64_t too_big;
	uint64_t key;
	uint64_t errors;
	uint64_t other_pt;
};

/*
 * An output as the kernel reports it. ctx_id: the outbound context of a
 * protected output, 0 for a plain one. local, remote: where it sends from
 * and to, for a protected output too (AF_UNSPEC if the kernel did not
 * say). has_ssrc, ssrc: the SSRC it sends with; none if it keeps each
 * packet's own.
 */
struct ksrtp_fwd_output_info {
	uint32_t id;
	uint32_t ctx_id;
	union ksrtp_sockaddr local;
	union ksrtp_sockaddr remote;
	bool has_ssrc;
	uint32_t ssrc;
	uint16_t seq_offset;
	uint32_t ts_offset;
	struct ksrtp_fwd_stats stats;
};

/*
 * A rule as the kernel reports it: its id, its input, flags, owned and
 * payload types as in struct ksrtp_fwd_params (owned: some socket owns
 * it; npayload_types 0: every type, else in increasing order), its counters,
 * and its noutputs outputs, in the kernel's order, in outputs (NULL if it
 * has none). The library allocates outputs: see ksrtp_fwd_get() and
 * ksrtp_fwd_dump() for how long it lives.
 */
struct ksrtp_fwd_info {
	uint32_t id;
	union ksrtp_sockaddr local;
	union ksrtp_sockaddr remote;
	bool has_ssrc;
	uint32_t ssrc;
	uint32_t flags;
	bool owned;
	unsigned int npayload_types;
	uint8_t payload_types[KSRTP_FWD_PAYLOAD_TYPES_MAX];
	struct ksrtp_fwd_stats stats;
	unsigned int noutputs;
	struct ksrtp_fwd_output_info *outputs;
};

/*
 * ksrtp_fwd_add - install a forwarding rule (KSRTP_CMD_FWD_NEW). It starts
 * without outputs: its packets are dropped (unless KSRTP_FWD_F_DELIVER)
 * until ksrtp_fwd_output_add() gives it some.
 * @id_out: if not NULL, receives the kernel-assigned rule id.
 *
 * Returns 0, or a negative errno: -EINVAL malformed parameters (checked
 * here: address families, more than KSRTP_FWD_PAYLOAD_TYPES_MAX payload
 * types; by the kernel: an unspecified local address, unknown flags, a
 * payload type above 127), -EEXIST a rule with this input exists, -ENOSPC the
 * namespace holds net.ksrtp.max_forwards rules, -EOPNOTSUPP a module
 * without forwarding, -EPERM, -ENOMEM, -EPROTO the kernel's reply did not
 * carry an id.
 */
int ksrtp_fwd_add(struct ksrtp_handle *h, const struct ksrtp_fwd_params *p,
		  uint32_t *id_out);

/*
 * ksrtp_fwd_del - remove the rule with this id and its outputs
 * (KSRTP_CMD_FWD_DEL). Packets in flight finish with it.
 * Returns 0, -ENOENT no such rule, -EPERM, or another negative errno.
 */
int ksrtp_fwd_del(struct ksrtp_handle *h, uint32_t id);

/*
 * ksrtp_fwd_output_add - add an output to the rule fwd_id
 * (KSRTP_CMD_FWD_OUT_ADD). Packets processed after the call returns reach
 * it; the other outputs lose nothing.
 * @out_id: if not NULL, receives the kernel-assigned output id.
 *
 * Returns 0, or a negative errno: -EINVAL malformed parameters (checked
 * here: a protected output with addresses or an SSRC, a plain one without
 * both addresses or with two families; by the kernel: a context that is
 * not outbound), -ENOENT no such rule or context, -EEXIST an output of the
 * rule already sends to this remote with this SSRC, -ENOSPC the rule has
 * KSRTP_FWD_OUTPUTS_MAX outputs, -EPERM, -ENOMEM, -EPROTO the kernel's
 * reply did not carry an output id.
 */
int ksrtp_fwd_output_add(struct ksrtp_handle *h, uint32_t fwd_id,
			 const struct ksrtp_fwd_output_params *o,
			 uint32_t *out_id);

/*
 * ksrtp_fwd_output_del - remove the output out_id of the rule fwd_id
 * (KSRTP_CMD_FWD_OUT_DEL); the others lose nothing.
 * Returns 0, -ENOENT no such rule or output, -EPERM, or another negative
 * errno.
 */
int ksrtp_fwd_output_del(struct ksrtp_handle *h, uint32_t fwd_id,
			 uint32_t out_id);

/*
 * ksrtp_fwd_output_set - change the offsets of the output out_id of the
 * rule fwd_id (KSRTP_CMD_FWD_OUT_SET): those of *off whose has_* flag is
 * set. Every packet sees both new offsets or both old ones, never a mix.
 * Returns 0, -EINVAL nothing to set (checked here), -ENOENT no such rule
 * or output, -EPERM, or another negative errno.
 */
int ksrtp_fwd_output_set(struct ksrtp_handle *h, uint32_t fwd_id,
			 uint32_t out_id, const struct ksrtp_fwd_offsets *off);

/*
 * ksrtp_fwd_get - fetch the rule with this id, its outputs and counters
 * (KSRTP_CMD_FWD_GET).
 *
 * Returns 0 and fills *info: info->outputs is then allocated, and the
 * caller releases it with ksrtp_fwd_info_free(). Or -ENOENT no such rule,
 * -EOPNOTSUPP a module without forwarding, -EPERM, -ENOMEM, -EPROTO a
 * malformed reply, or another negative errno; *info then holds nothing to
 * release.
 */
int ksrtp_fwd_get(struct ksrtp_handle *h, uint32_t id,
		  struct ksrtp_fwd_info *info);

/*
 * ksrtp_fwd_dump - list the rules of the namespace in increasing id order
 * (KSRTP_CMD_FWD_GET as a dump).
 * @cb: called once per rule, with all its outputs (a rule the kernel
 *      sends over several messages is joined first); the info and its
 *      outputs are valid only during the call (copy what is to be kept). Returning non-zero stops
 *      the listing (the rest of the kernel's answer is read and discarded)
 *      and ksrtp_fwd_dump() returns that value.
 *
 * Returns 0; the non-zero value cb returned; -EAGAIN if the kernel said
 * that rules changed while the dump was in progress (retry for an exact
 * listing); or another negative errno (-EOPNOTSUPP, -EPERM, -ENOMEM,
 * -EPROTO, ...).
 */
int ksrtp_fwd_dump(struct ksrtp_handle *h,
		   int (*cb)(const struct ksrtp_fwd_info *info, void *arg),
		   void *arg);

/*
 * ksrtp_fwd_info_free - release the outputs of a rule that ksrtp_fwd_get()
 * filled in (not the structure itself, which is the caller's), and set
 * outputs to NULL and noutputs to 0. NULL, and a rule already released,
 * are allowed.
 */
void ksrtp_fwd_info_free(struct ksrtp_fwd_info *info);

/* ---- Events ------------------------------------------------------------ */

/*
 * One notification of the kernel (KSRTP_CMD_EVENT), see enum ksrtp_event
 * in <linux/ksrtp.h>.
 * type:  the event; may be a value newer than this library knows.
 * id, tuple: the context it is about (for KSRTP_EVENT_LEARN_LIMIT, the
 *        template). has_ssrc is false for a tuple without SSRC (a
 *        template's); tuple.ssrc is then 0.
 *        KSRTP_EVENT_UNMATCHED is about no context: id is 0, and tuple is
 *        that of the latest datagram a protected port dropped because no
 *        context owned it (tuple.local the port, tuple.remote its source;
 *        tuple.direction 0 unless the kernel says); has_ssrc only if the
 *        datagram was RTP/RTCP.
 * mki, mki_len: the key (KSRTP_EVENT_SOFT_LIMIT, _HARD_LIMIT of an MKI
 *        context); mki_len 0 otherwise.
 * template_id: the template that learned the context (SSRC_LEARNED, and
 *        any event of a learned context if the kernel says), 0 otherwise.
 * auth_failures: the context's total (KSRTP_EVENT_AUTH_FAILURES), else 0.
 *
 * Since KSRTP_3:
 * has_net_stats, net_stats: the namespace's counters (KSRTP_EVENT_UNMATCHED
 *        carries them); zero and false otherwise.
 *
 * Since KSRTP_4:
 * fwd_id, fwd_output: KSRTP_EVENT_FWD_DROPS, an output of a forwarding
 *        rule did not send packets: the rule's id (its local address and
 *        port, and its SSRC if it has one, are in tuple and has_ssrc; id
 *        is 0) and the output as ksrtp_fwd_get() reports it, its stats
 *        saying which drops. Zero otherwise.
 */
struct ksrtp_event_info {
	enum ksrtp_event type;
	uint32_t id;
	struct ksrtp_tuple tuple;
	bool has_ssrc;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	size_t mki_len;
	uint32_t template_id;
	uint64_t auth_failures;
	/* Since KSRTP_3. */
	bool has_net_stats;
	struct ksrtp_net_stats net_stats;
	/* Since KSRTP_4. */
	uint32_t fwd_id;
	struct ksrtp_fwd_output_info fwd_output;
};

/*
 * ksrtp_events_open - open a handle that receives the events of the
 * network namespace the caller runs in: a generic netlink socket subscribed
 * to the multicast group KSRTP_MCGRP_EVENTS ("events") of the ksrtp
 * family, resolved through the generic netlink controller. The socket is
 * non-blocking.
 *
 * The handle is for events only: requests (ksrtp_ctx_add() and the rest)
 * on it fail with -EINVAL, since their answers would interleave with
 * events; open a second handle with ksrtp_open() for them. Close it with
 * ksrtp_close(); ksrtp_errmsg() works on it as on any handle.
 *
 * Returns a handle, or NULL with errno set: ENOENT the module is not
 * loaded; EOPNOTSUPP the module has no "events" group (an older module);
 * EPERM the kernel refused the subscription; ENOMEM; or another errno of
 * the socket calls.
 */
struct ksrtp_handle *ksrtp_events_open(void);

/*
 * ksrtp_event_fd - the file descriptor of an events handle, to wait for
 * events with poll(), select() or epoll (readable: call ksrtp_event_recv()
 * with timeout 0 until it returns -EAGAIN, since one read may have buffered
 * several events). The descriptor belongs to the handle: do not read from
 * it or close it. Returns -EINVAL for a handle that is not an events handle.
 */
int ksrtp_event_fd(const struct ksrtp_handle *h);

/*
 * ksrtp_event_recv - wait for the next event on an events handle and
 * decode it into *ev.
 * @timeout_ms: how long to wait: -1 without limit, 0 not at all.
 *
 * Messages that are not events of the ksrtp family are skipped. (Programs
 * built against the KSRTP_1 structure, which knew only events about a
 * context, keep a version that also skips the events without one, such as
 * KSRTP_EVENT_UNMATCHED.)
 *
 * Returns 0 and fills *ev; or:
 *   -EAGAIN   no event within timeout_ms;
 *   -EINTR    a signal arrived while waiting (retry, or stop);
 *   -ENOBUFS  the kernel dropped events because the socket's receive
 *             queue was full: some events were lost (ksrtp_errmsg() says
 *             so); the handle stays usable and the next call returns the
 *             next event. Re-read the state with ksrtp_ctx_dump() if it
 *             matters;
 *   -EPROTO   a malformed event (skipped; the next call goes on);
 *   -EINVAL   not an events handle;
 *   another negative errno of recv() or poll().
 * Thread safety: one thread at a time per handle, as for every call.
 */
int ksrtp_event_recv(struct ksrtp_handle *h, struct ksrtp_event_info *ev,
		     int timeout_ms);

/*
 * ksrtp_event_name - a short name of an event type, as srtpctl monitor
 * prints it: "soft-limit", "hard-limit", "ssrc-learned", "learn-limit",
 * "auth-failures", "unmatched". Returns NULL for an unknown type.
 */
const char *ksrtp_event_name(enum ksrtp_event type);

/*
 * ksrtp_flush - remove every context of the namespace
 * (KSRTP_CMD_CTX_FLUSH). Returns 0, -EPERM, or another negative errno.
 */
int ksrtp_flush(struct ksrtp_handle *h);

/* ---- Suites ------------------------------------------------------------ */

/*
 * ksrtp_suite_name - the SDES name of a suite (RFC 4568, 6188, 7714), for
 * example "AES_CM_128_HMAC_SHA1_80". Returns NULL for an unknown suite.
 */
const char *ksrtp_suite_name(enum ksrtp_suite suite);

/*
 * ksrtp_suite_from_name - the suite with this SDES name, compared without
 * regard to case. Returns the suite (> 0) or -EINVAL.
 */
int ksrtp_suite_from_name(const char *name);

/*
 * ksrtp_suite_key_len, ksrtp_suite_salt_len - master key and master salt
 * lengths of a suite in bytes (AES-CM: key 16/24/32, salt 14; NULL: key
 * 16, salt 14; AEAD AES-GCM: key 16/32, salt 12). Return -EINVAL for an
 * unknown suite.
 */
int ksrtp_suite_key_len(enum ksrtp_suite suite);
int ksrtp_suite_salt_len(enum ksrtp_suite suite);

/* ---- Parsing and formatting helpers ------------------------------------ */

/*
 * ksrtp_parse_hex - decode a string of hex digits (either case, an even
 * number of them, nothing else) into buf.
 *
 * Returns the number of bytes written, -EINVAL if s is empty, has an odd
 * number of digits or a non-hex character, or -EMSGSIZE if the result does
 * not fit in size bytes. On failure all size bytes of buf are wiped. Error
 * returns never depend on where in s a bad character is, so that messages
 * built from them cannot reveal key material.
 */
int ksrtp_parse_hex(const char *s, uint8_t *buf, size_t size);

/*
 * ksrtp_parse_sdes_inline - decode an SDES key-params (RFC 4568 section
 * 6.1) for @suite into @key (ksrtp_suite_key_len() bytes) and @salt
 * (ksrtp_suite_salt_len() bytes).
 *
 * Accepts "inline:BASE64[|LIFETIME][|MKI:LEN]", with or without the
 * "inline:" prefix; BASE64 with or without '=' padding must decode to
 * exactly key||salt. A lifetime (decimal or 2^N) is checked for syntax
 * and ignored.
 *
 * Returns 0, or:
 *   -EINVAL      not valid base64, or a malformed lifetime/MKI field, or
 *                an unknown suite.
 *   -EMSGSIZE    the decoded length is not the suite's key + salt length.
 *   -EOPNOTSUPP  an MKI is present: use ksrtp_parse_sdes_inline_mki().
 * On failure key and salt are left wiped.
 */
int ksrtp_parse_sdes_inline(const char *s, enum ksrtp_suite suite,
			    uint8_t *key, uint8_t *salt);

/*
 * ksrtp_parse_sdes_inline_mki - ksrtp_parse_sdes_inline() that also
 * accepts an MKI: "inline:BASE64[|LIFETIME][|MKI:LEN]", where MKI is the
 * decimal value of the MKI and LEN its length in bytes (RFC 4568 section
 * 6.1). The MKI is written to @mki big-endian, as it appears on the wire
 * (the value 1 with LEN 2 is the bytes 00 01), and its length to
 * *mki_len; *mki_len is 0 if there is none. @mki has room for
 * KSRTP_MKI_MAX_LEN bytes.
 *
 * Returns 0, or as ksrtp_parse_sdes_inline(), except that -EOPNOTSUPP
 * now means an MKI longer than KSRTP_MKI_MAX_LEN bytes, and -EINVAL also
 * an MKI value that does not fit in LEN bytes. On failure key, salt and
 * mki are left wiped and *mki_len is 0.
 */
int ksrtp_parse_sdes_inline_mki(const char *s, enum ksrtp_suite suite,
				uint8_t *key, uint8_t *salt, uint8_t *mki,
				size_t *mki_len);

/* Most master keys ksrtp_parse_sdes_crypto() takes from one line. */
#define KSRTP_SDES_MAX_KEYS	KSRTP_MAX_KEYS

/* Room for any message of ksrtp_parse_sdes_crypto(). */
#define KSRTP_SDES_ERRMSG_LEN	160

/*
 * One key-params of an a=crypto line: the master key and salt (key_len
 * and salt_len bytes of struct ksrtp_sdes_crypto), the lifetime in packets
 * if the line gave one ("2^20" is 1048576), and the MKI as it appears on
 * the wire (as ksrtp_parse_sdes_inline_mki() writes it; mki_len 0: none).
 */
struct ksrtp_sdes_key {
	uint8_t key[KSRTP_MAX_KEY_LEN];
	uint8_t salt[KSRTP_MAX_SALT_LEN];
	bool has_lifetime;
	uint64_t lifetime;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	size_t mki_len;
};

/*
 * An SDES crypto attribute (RFC 4568) as ksrtp_parse_sdes_crypto()
 * decodes it: its tag, its suite and that suite's key and salt lengths,
 * its nkeys keys in the order of the line, and the WSH= session parameter
 * (the sender's window size hint, at least 64) if present. Since KSRTP_6,
 * also the RFC 4568 section 6.3.2 session parameters UNENCRYPTED_SRTP,
 * UNENCRYPTED_SRTCP and UNAUTHENTICATED_SRTP, as the flags of the same
 * names of struct ksrtp_ctx_params: copy them there.
 * The caller should explicit_bzero() the structure when done with it.
 */
struct ksrtp_sdes_crypto {
	uint32_t tag;
	enum ksrtp_suite suite;
	size_t key_len;
	size_t salt_len;
	unsigned int nkeys;
	struct ksrtp_sdes_key keys[KSRTP_SDES_MAX_KEYS];
	bool has_wsh;
	uint32_t wsh;
	/* Since KSRTP_6. */
	bool unencrypted_srtp;
	bool unencrypted_srtcp;
	bool unauthenticated_srtp;
};

/*
 * ksrtp_parse_sdes_crypto - decode a whole SDES crypto attribute as it
 * appears in SDP (RFC 4568 section 9.2), with or without the leading
 * "a=" (since KSRTP_2):
 *
 *   a=crypto:TAG SUITE KEY-PARAMS[;KEY-PARAMS]... [SESSION-PARAM]...
 *   KEY-PARAMS: inline:BASE64[|LIFETIME][|MKI:LENGTH]
 *
 * Fields are separated by spaces or tabs; trailing blanks and a CR LF
 * are ignored. TAG is 1 to 9 decimal digits. SUITE is an SDES name of
 * RFC 4568, RFC 6188 or RFC 7714 that ksrtp implements:
 * AES_CM_128_HMAC_SHA1_80/_32, AES_192_CM_HMAC_SHA1_80/_32,
 * AES_256_CM_HMAC_SHA1_80/_32, AEAD_AES_128_GCM, AEAD_AES_256_GCM (the
 * NULL suites have no SDES name). BASE64 must decode to exactly the
 * suite's key||salt. LIFETIME is decimal or 2^N, 1 to 2^48 packets;
 * it is returned, not enforced. MKI is the decimal MKI value and LENGTH
 * its length in bytes, 1 to KSRTP_MKI_MAX_LEN. With several key-params
 * (at most KSRTP_SDES_MAX_KEYS) every one needs an MKI, all of the same
 * length and of different values; with one, the MKI is optional.
 * Session parameters: WSH=N is returned; UNENCRYPTED_SRTP,
 * UNENCRYPTED_SRTCP and UNAUTHENTICATED_SRTP are returned (since
 * KSRTP_6; each at most once, without a value; the parser does not check
 * them against the suite: the kernel refuses them with the GCM suites);
 * FEC_ORDER=SRTP_FEC (the default) is accepted; KDR, FEC_ORDER=FEC_SRTP,
 * FEC_KEY and every unknown parameter are refused, since ksrtp would not
 * do what they ask. (The KSRTP_2 version, for programs built against the
 * older structure, still refuses the three flags with -EOPNOTSUPP.)
 *
 * @errmsg: if not NULL, receives on failure a message of at most errlen
 *          bytes (KSRTP_SDES_ERRMSG_LEN is enough) naming the part at
 *          fault ("key-params 2: ..."), never key material.
 *
 * Returns 0 and fills *c, or:
 *   -EINVAL      malformed: not a crypto attribute, a bad tag, an unknown
 *                suite, bad base64, a malformed lifetime, MKI or session
 *                parameter, MKIs that break the rules above, an MKI value
 *                that does not fit its length.
 *   -EMSGSIZE    a key does not decode to the suite's key + salt length.
 *   -ERANGE      a lifetime of 0 or above 2^48.
 *   -E2BIG       more than KSRTP_SDES_MAX_KEYS key-params.
 *   -EOPNOTSUPP  a registered suite ksrtp does not implement (F8_128_*,
 *                SEED_*), a key method other than inline, an MKI longer
 *                than KSRTP_MKI_MAX_LEN bytes, or a session parameter
 *                that is refused (see above).
 * On failure *c is left wiped.
 */
int ksrtp_parse_sdes_crypto(const char *line, struct ksrtp_sdes_crypto *c,
			    char *errmsg, size_t errlen);

/*
 * ksrtp_parse_sdp_extmap - read one SDP a=extmap line (RFC 8285 section 7)
 * for RFC 6904, with or without the leading "a=" (since KSRTP_6):
 *
 *   a=extmap:ID[/DIRECTION] urn:ietf:params:rtp-hdrext:encrypt URI [ATTRIBUTES]
 *
 * asks that the element of header extension ID (which carries URI, with
 * its ATTRIBUTES) be encrypted (RFC 6904 section 5): its ID goes into
 * struct ksrtp_ctx_params' enc_ext_ids. ID is decimal, 1 to 255 (14 for
 * the one-byte form, up to 255 with the two-byte one); DIRECTION, if
 * there, is sendonly, recvonly, sendrecv or inactive; the encrypt URN is
 * matched without regard to case. Fields are separated by spaces or tabs;
 * trailing blanks and a CR LF are ignored.
 *
 * @errmsg: if not NULL, receives on failure a message of at most errlen
 *          bytes (KSRTP_SDES_ERRMSG_LEN is enough) naming the part at
 *          fault.
 *
 * Returns 1 and sets *id for an encrypting a=extmap line; 0 for any other
 * a=extmap line (an extension sent in the clear: nothing to do, the line
 * is not checked further); or:
 *   -ENOENT      not an a=extmap line (a=extmap-allow-mixed is not one).
 *   -EINVAL      an encrypting line that is malformed: an ID that is not
 *                1..255, an unknown direction, no URI after the URN, more
 *                than one line.
 */
int ksrtp_parse_sdp_extmap(const char *line, uint8_t *id, char *errmsg,
			   size_t errlen);

/*
 * ksrtp_dtls_srtp_split - pick the master key and salt of one direction
 * out of DTLS-SRTP exported keying material (RFC 5764 section 4.2: the
 * "EXTRACTOR-dtls_srtp" export of 2 * (key + salt) bytes, laid out as
 * client_write_key, server_write_key, client_write_salt,
 * server_write_salt). (Since KSRTP_2.)
 * @local_is_client: the local end was the DTLS client.
 * @dir: KSRTP_DIR_OUTBOUND takes the local end's write key and salt,
 *       KSRTP_DIR_INBOUND the peer's.
 * @key, @salt: receive ksrtp_suite_key_len() and ksrtp_suite_salt_len()
 *       bytes.
 *
 * Returns 0, -EINVAL an unknown suite or direction, or -EMSGSIZE if
 * km_len is not 2 * (key + salt) of the suite. Keeps no copy.
 */
int ksrtp_dtls_srtp_split(enum ksrtp_suite suite, const uint8_t *km,
			  size_t km_len, bool local_is_client,
			  enum ksrtp_direction dir, uint8_t *key, uint8_t *salt);

/*
 * ksrtp_parse_mki - decode an MKI written in hexadecimal, with or without
 * "0x", one to KSRTP_MKI_MAX_LEN bytes (2 to 8 digits, an even number: the
 * digits give the length, so "0x0001" is two bytes), into mki. Returns the
 * length in bytes, or -EINVAL.
 */
int ksrtp_parse_mki(const char *s, uint8_t *mki);

/*
 * ksrtp_format_mki - write an MKI of len bytes as "0x" and two hex digits
 * per byte into buf of size bytes (KSRTP_MKI_STRLEN is always enough).
 * Returns buf.
 */
#define KSRTP_MKI_STRLEN	(2 + 2 * KSRTP_MKI_MAX_LEN + 1)
char *ksrtp_format_mki(const uint8_t *mki, size_t len, char *buf, size_t size);

/*
 * ksrtp_parse_sockaddr - parse "A.B.C.D:PORT" or "[IPV6]:PORT" (numeric
 * addresses only, no zone index, PORT decimal 1..65535).
 * Returns 0 and fills *addr (port in network byte order), or -EINVAL.
 */
int ksrtp_parse_sockaddr(const char *s, union ksrtp_sockaddr *addr);

/*
 * ksrtp_format_sockaddr - write addr as "A.B.C.D:PORT", "[IPV6]:PORT" or,
 * for AF_UNSPEC, "any", into buf of len bytes (KSRTP_SOCKADDR_STRLEN is
 * always enough). Returns buf; "?" for another family.
 */
char *ksrtp_format_sockaddr(const union ksrtp_sockaddr *addr, char *buf,
			    size_t len);

/*
 * ksrtp_attr_name - a short name of a KSRTP_A_* attribute, as used in
 * ksrtp_errmsg(): "master-key" for KSRTP_A_MASTER_KEY and so on.
 * Returns NULL for an unknown type.
 */
const char *ksrtp_attr_name(int type);

#ifdef __cplusplus
}
#endif

#endif /* KSRTP_H */
