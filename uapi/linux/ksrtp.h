/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * ksrtp: SRTP and SRTCP (RFC 3711, RFC 6188, RFC 7714) for the UDP sockets
 * of a media server, applied by the kernel and configured over generic
 * netlink.
 *
 * Protocol
 * ========
 *
 * Generic netlink family KSRTP_GENL_NAME ("ksrtp"), version
 * KSRTP_GENL_VERSION. All attributes are top-level (no family header).
 * Integers are in host byte order unless the attribute says otherwise;
 * addresses are in network byte order, exactly as they appear in the IP
 * header.
 *
 * Every command requires CAP_NET_ADMIN in the user namespace that owns the
 * network namespace of the requesting netlink socket (GENL_UNS_ADMIN_PERM);
 * without it the kernel answers -EPERM. A context belongs to the network
 * namespace in which it was created and is invisible from every other.
 *
 * Every refusal carries an extended-ACK message; where a single attribute is
 * at fault the message names it and the ACK points at it (NLMSGERR_ATTR_OFFS
 * or NLMSGERR_ATTR_MISS). Requests are validated strictly: an unknown
 * attribute, a wrong length or an out-of-range value is refused, never
 * ignored. A refused request changes nothing.
 *
 * The context
 * -----------
 * A context is one direction of one SSRC in one media session:
 *
 *   (network namespace, direction, local address, local port,
 *    remote address, remote port, SSRC)
 *
 * Outbound contexts always name the remote address and port, so that a
 * sender (an SFU, say) can send the same SSRC from one local port to many
 * receivers, each with its own key. Inbound contexts may leave the remote
 * out: the context then matches packets from any source (a "wildcard"); a
 * context naming the remote is preferred over the wildcard when both exist.
 * Local and remote are of one address family.
 *
 * The local address is the one the socket uses (never the unspecified
 * address). An outbound context turns plain RTP/RTCP that a local UDP
 * socket sends from (local address, local port) to (remote address,
 * remote port) with the context's SSRC into SRTP/SRTCP; forwarded packets
 * are never touched. An inbound context verifies, replay
 * checks and decrypts SRTP/SRTCP arriving at (local address, local port)
 * for its SSRC before the socket reads it; packets that fail are dropped
 * and counted. RTP and RTCP on one port (RFC 5761) are told apart by the
 * second byte (RTCP packet types 192..223); STUN (first byte 0..3) and DTLS
 * (20..63) pass to the socket untouched. Packets that match no context are
 * never touched.
 *
 * The same context keys SRTP and SRTCP of its SSRC (RFC 3711 section 4.3:
 * separate session keys are derived for each, with key derivation rate 0).
 *
 * SRTCP packets carry the E bit (encrypted) and the 31-bit SRTCP index in
 * a 4-byte trailer. An outbound context sets E for every suite that
 * encrypts (AES-CM, AES-GCM) and clears it for the NULL suites; an inbound
 * context drops a packet whose E bit says otherwise than its suite and
 * counts it as malformed (it never skips decryption because of E). With
 * the AES-CM and NULL suites the trailer precedes the tag; with AES-GCM it
 * follows the tag and is authenticated as associated data (RFC 7714
 * section 9).
 *
 * Commands
 * --------
 * KSRTP_CMD_CTX_NEW
 *   Install a context. Required: KSRTP_A_DIRECTION, KSRTP_A_LOCAL_IPV4 or
 *   KSRTP_A_LOCAL_IPV6, KSRTP_A_LOCAL_PORT, KSRTP_A_SSRC, KSRTP_A_SUITE,
 *   KSRTP_A_MASTER_KEY, KSRTP_A_MASTER_SALT; for outbound also
 *   KSRTP_A_REMOTE_IPV4/6 and KSRTP_A_REMOTE_PORT (inbound: both or
 *   neither). Optional: KSRTP_A_REPLAY_WINDOW (default 128), and the
 *   stream state of KSRTP_CMD_CTX_SET (KSRTP_A_ROC, default 0;
 *   KSRTP_A_SEQ; KSRTP_A_SRTCP_INDEX, default 0). The reply is a KSRTP_CMD_CTX_NEW
 *   message carrying KSRTP_A_ID, the context's handle.
 *   Errors: -EINVAL the key or salt length is not the suite's; -EEXIST a
 *   context with the same tuple exists; -ENOENT the kernel lacks a crypto
 *   algorithm the suite needs (ctr(aes), hmac(sha1) or gcm(aes); the
 *   message names it); -EOPNOTSUPP the module cannot use what the kernel
 *   offers for the suite (a gcm(aes) whose requests need more room than
 *   the module reserves per CPU; the message says so); -ENOMEM.
 *
 * KSRTP_CMD_CTX_DEL
 *   Remove one context, selected by KSRTP_A_ID or by its whole tuple (the
 *   attributes that identify it in KSRTP_CMD_CTX_NEW), not both. Packets in flight
 *   finish with the context; later packets are unmatched. Its keys are
 *   zeroed before the memory is freed. Errors: -ENOENT no such context.
 *
 * KSRTP_CMD_CTX_GET
 *   With KSRTP_A_ID or a whole tuple: reply with that context. As a dump
 *   (NLM_F_DUMP): every context of the namespace, one message each, in
 *   increasing KSRTP_A_ID, split over as many netlink messages as needed;
 *   if contexts are added or removed while a dump is in progress, the
 *   following message carries NLM_F_DUMP_INTR. A dump may be filtered by
 *   KSRTP_A_LOCAL_PORT, and takes no other attribute (the refusal,
 *   -EINVAL with its extack message, arrives in NLMSG_DONE). Replies carry the tuple, KSRTP_A_ID,
 *   KSRTP_A_SUITE, KSRTP_A_ROC, KSRTP_A_SEQ, KSRTP_A_SRTCP_INDEX,
 *   KSRTP_A_REPLAY_WINDOW, KSRTP_A_CIPHER_DRIVER, KSRTP_A_AUTH_DRIVER and
 *   KSRTP_A_STATS. Keys are write-only: no reply ever carries key
 *   material. Errors: -ENOENT no such context.
 *
 * KSRTP_CMD_CTX_FLUSH
 *   Remove every context of the namespace. No attributes.
 *
 * KSRTP_CMD_CTX_SET
 *   Change the stream state of one context, selected as for DEL, from
 *   what signaling knows: a receiver that joins a running stream, a
 *   stream moved between servers. At least one of KSRTP_A_ROC and
 *   KSRTP_A_SRTCP_INDEX; KSRTP_A_SEQ only with KSRTP_A_ROC.
 *   Outbound: the next SRTP packet's index is estimated from KSRTP_A_ROC,
 *   with KSRTP_A_SEQ as the highest sequence number already sent (without
 *   it, the next packet takes that ROC with its own SEQ); the next SRTCP
 *   packet carries KSRTP_A_SRTCP_INDEX. Inbound: the SRTP replay window
 *   restarts at KSRTP_A_ROC (with KSRTP_A_SEQ as the highest index seen,
 *   which then counts as received); the SRTCP window restarts with
 *   KSRTP_A_SRTCP_INDEX as the highest index seen. Packets in flight on
 *   other CPUs finish with the old or the new state, never a mix.
 *   Errors: -EINVAL nothing to set, KSRTP_A_SEQ alone; -ERANGE index
 *   above 2^31-1; -ENOENT no such context.
 *
 * Attributes
 * ----------
 * KSRTP_A_ID             u32  kernel-assigned handle of a context, unique
 *                             within the namespace while the context lives.
 * KSRTP_A_DIRECTION      u8   enum ksrtp_direction.
 * KSRTP_A_LOCAL_IPV4     4 bytes, network order.
 * KSRTP_A_LOCAL_IPV6     16 bytes, network order.
 * KSRTP_A_LOCAL_PORT     u16  UDP port, host order, 1..65535.
 * KSRTP_A_REMOTE_IPV4    4 bytes, network order.
 * KSRTP_A_REMOTE_IPV6    16 bytes, network order.
 * KSRTP_A_REMOTE_PORT    u16  UDP port, host order, 1..65535.
 * KSRTP_A_SSRC           u32  RTP synchronization source.
 * KSRTP_A_SUITE          u16  enum ksrtp_suite.
 * KSRTP_A_MASTER_KEY     binary, write-only; exactly the suite's key
 *                             length: 16 bytes for AES_CM_128_*, NULL_*
 *                             and AEAD_AES_128_GCM, 24 for AES_192_CM_*,
 *                             32 for AES_256_CM_* and AEAD_AES_256_GCM.
 * KSRTP_A_MASTER_SALT    binary, write-only; exactly the suite's salt
 *                             length: 14 bytes for the AES-CM and NULL
 *                             suites, 12 for the AEAD_AES_*_GCM suites.
 * KSRTP_A_ROC            u32  SRTP rollover counter. In NEW and SET: see
 *                             KSRTP_CMD_CTX_SET. In replies: the ROC of the
 *                             highest index sent (outbound) or
 *                             authenticated (inbound).
 * KSRTP_A_SEQ            u16  highest sequence number sent or authenticated
 *                             (in replies meaningful once a packet passed or
 *                             it was set); in NEW and SET with KSRTP_A_ROC.
 * KSRTP_A_SRTCP_INDEX    u32  0..2^31-1. Sender: the index the next SRTCP
 *                             packet will carry; receiver: highest
 *                             authenticated index. Settable in NEW and SET.
 * KSRTP_A_REPLAY_WINDOW  u32  replay window in packets, for SRTP and for
 *                             SRTCP; 64..32767 (below 2^15 so that index
 *                             estimation stays unambiguous), default 128.
 * KSRTP_A_STATS          nested, reply only: KSRTP_STATS_A_* below.
 * KSRTP_A_CIPHER_DRIVER  string, reply only: the crypto driver the
 *                             kernel picked for encryption (for example
 *                             "ctr(aes-aesni)"), so that an operator sees
 *                             when generic C code is in use. For the AEAD
 *                             suites the AEAD's driver (for example
 *                             "gcm_base(ctr(aes-aesni),ghash-generic)");
 *                             for the NULL suites "none".
 * KSRTP_A_AUTH_DRIVER    string, reply only: the same for authentication
 *                             (for example "hmac(sha1-avx2)"); for the
 *                             AEAD suites the same AEAD driver as
 *                             KSRTP_A_CIPHER_DRIVER.
 * KSRTP_A_PAD            padding for 64-bit attributes; ignore.
 *
 * Statistics (KSRTP_A_STATS), all u64, counted since the context was
 * installed. "Packets" of an outbound context were protected, of an
 * inbound one verified and decrypted; bytes are plaintext RTP/RTCP bytes
 * (the UDP payload as the application sees it).
 * KSRTP_STATS_A_RTP_PACKETS, KSRTP_STATS_A_RTP_BYTES
 * KSRTP_STATS_A_RTCP_PACKETS, KSRTP_STATS_A_RTCP_BYTES
 * KSRTP_STATS_A_AUTH_FAILURES  inbound packets whose tag did not verify.
 * KSRTP_STATS_A_REPLAYS        inbound packets dropped by the replay check:
 *                              index already seen or older than the
 *                              window. As RFC 3711 orders it, the check
 *                              comes before authentication, so forged
 *                              packets with such an index count here too.
 * KSRTP_STATS_A_MALFORMED      packets dropped because their lengths or
 *                              fields are impossible (shorter than header
 *                              plus tag, CSRC count or extension length
 *                              past the end, an SRTCP E bit that
 *                              contradicts the suite).
 * KSRTP_STATS_A_ERRORS         packets dropped for a local reason: no
 *                              memory to make the packet writable, a GSO
 *                              packet, a key past its packet limit.
 *
 * Errors (negative errno in the netlink ACK)
 * ------------------------------------------
 * -EPERM       no CAP_NET_ADMIN over the namespace.
 * -EINVAL      a malformed request: missing, unknown or wrong-length
 *              attribute (a key or salt of another length than the
 *              suite's included), an attribute the command does not take,
 *              or an inconsistent combination (mixed address families,
 *              remote on one side only, KSRTP_A_ID with a tuple). Generic
 *              netlink also refuses unexpected request flags this way.
 * -ERANGE      an integer out of its range (direction, port 0, suite,
 *              replay window, id 0) or a key or salt of impossible length.
 * -EEXIST      a context with this tuple exists.
 * -ENOENT      no such context; or a crypto algorithm is missing.
 * -EOPNOTSUPP  the module cannot use the kernel's implementation of the
 *              suite (see KSRTP_CMD_CTX_NEW). Reserved also for a suite
 *              that a module does not implement; this one implements all.
 * -ENOMEM      out of memory.
 */
#ifndef _UAPI_LINUX_KSRTP_H
#define _UAPI_LINUX_KSRTP_H

#define KSRTP_GENL_NAME		"ksrtp"
#define KSRTP_GENL_VERSION	1

enum ksrtp_cmd {
	KSRTP_CMD_UNSPEC,
	KSRTP_CMD_CTX_NEW,
	KSRTP_CMD_CTX_DEL,
	KSRTP_CMD_CTX_GET,
	KSRTP_CMD_CTX_FLUSH,
	KSRTP_CMD_CTX_SET,

	__KSRTP_CMD_MAX
};

#define KSRTP_CMD_MAX (__KSRTP_CMD_MAX - 1)

enum ksrtp_direction {
	KSRTP_DIR_INBOUND = 1,	/* SRTP in from the network, plain to the socket */
	KSRTP_DIR_OUTBOUND = 2,	/* plain from the socket, SRTP out */
};

/*
 * Suites by their SDES names (RFC 4568, RFC 6188, RFC 7714). Tag lengths:
 * SRTP 80 or 32 bits as named, SRTCP always 80 bits, for the HMAC-SHA1
 * suites; 128 bits for SRTP and SRTCP with the AEAD suites. The NULL
 * suites authenticate but do not encrypt. Master key and salt lengths are
 * listed at KSRTP_A_MASTER_KEY and KSRTP_A_MASTER_SALT.
 * Values are stable. This module implements every suite listed here; a
 * value above KSRTP_SUITE_MAX is refused with -ERANGE.
 */
enum ksrtp_suite {
	KSRTP_SUITE_UNSPEC,
	KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
	KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32,
	KSRTP_SUITE_AES_192_CM_HMAC_SHA1_80,
	KSRTP_SUITE_AES_192_CM_HMAC_SHA1_32,
	KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80,
	KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32,
	KSRTP_SUITE_NULL_HMAC_SHA1_80,
	KSRTP_SUITE_NULL_HMAC_SHA1_32,
	KSRTP_SUITE_AEAD_AES_128_GCM,
	KSRTP_SUITE_AEAD_AES_256_GCM,

	__KSRTP_SUITE_MAX
};

#define KSRTP_SUITE_MAX (__KSRTP_SUITE_MAX - 1)

enum ksrtp_attr {
	KSRTP_A_UNSPEC,
	KSRTP_A_PAD,
	KSRTP_A_ID,
	KSRTP_A_DIRECTION,
	KSRTP_A_LOCAL_IPV4,
	KSRTP_A_LOCAL_IPV6,
	KSRTP_A_LOCAL_PORT,
	KSRTP_A_REMOTE_IPV4,
	KSRTP_A_REMOTE_IPV6,
	KSRTP_A_REMOTE_PORT,
	KSRTP_A_SSRC,
	KSRTP_A_SUITE,
	KSRTP_A_MASTER_KEY,
	KSRTP_A_MASTER_SALT,
	KSRTP_A_ROC,
	KSRTP_A_SEQ,
	KSRTP_A_SRTCP_INDEX,
	KSRTP_A_REPLAY_WINDOW,
	KSRTP_A_STATS,
	KSRTP_A_CIPHER_DRIVER,
	KSRTP_A_AUTH_DRIVER,

	__KSRTP_A_MAX
};

#define KSRTP_A_MAX (__KSRTP_A_MAX - 1)

enum ksrtp_stats_attr {
	KSRTP_STATS_A_UNSPEC,
	KSRTP_STATS_A_PAD,
	KSRTP_STATS_A_RTP_PACKETS,
	KSRTP_STATS_A_RTP_BYTES,
	KSRTP_STATS_A_RTCP_PACKETS,
	KSRTP_STATS_A_RTCP_BYTES,
	KSRTP_STATS_A_AUTH_FAILURES,
	KSRTP_STATS_A_REPLAYS,
	KSRTP_STATS_A_MALFORMED,
	KSRTP_STATS_A_ERRORS,

	__KSRTP_STATS_A_MAX
};

#define KSRTP_STATS_A_MAX (__KSRTP_STATS_A_MAX - 1)

#define KSRTP_REPLAY_WINDOW_MIN		64
#define KSRTP_REPLAY_WINDOW_MAX		32767
#define KSRTP_REPLAY_WINDOW_DEFAULT	128

#endif /* _UAPI_LINUX_KSRTP_H */
