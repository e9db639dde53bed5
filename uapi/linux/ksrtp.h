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
 * second byte (RTCP packet types 192..223).
 *
 * Protected ports
 * ---------------
 * A local UDP port that has at least one inbound context or template
 * with KSRTP_POLICY_REQUIRED (the default) is protected, in its network
 * namespace, on every local address and in both families (a socket bound
 * to the unspecified address receives them all). Every datagram that the
 * UDP stack would deliver to a protected port is either authenticated by
 * a context (or learned by a template) or dropped. By its first byte
 * (RFC 7983):
 *
 *   0..3     STUN            passed to the socket untouched
 *   16..19   ZRTP            passed
 *   20..63   DTLS            passed
 *   64..79   TURN channel    passed
 *   128..191 RTP and RTCP    must authenticate under the context of its
 *                            SSRC, or be learned by a template; an SSRC
 *                            without either is dropped
 *   anything else, and RTP/RTCP too short for its header: dropped
 *
 * ksrtp reads a datagram exactly as the UDP stack will: the UDP length
 * (0 on IPv6 means the whole payload, as UDP takes it), trimmed to it
 * before the UDP checksum is verified. A datagram whose lengths UDP
 * would refuse, an unreassembled fragment for a protected port, one that
 * cannot be made readable, and one whose checksum does not verify (on
 * IPv6 a zero checksum never does) are dropped. Drops that no context
 * owns are counted per namespace (KSRTP_CMD_NET_GET, KSRTP_NET_A_*),
 * reported by KSRTP_EVENT_UNMATCHED and traced (ksrtp:ksrtp_refuse).
 * Contexts with KSRTP_POLICY_OPTIONAL protect only their own SSRC: on a
 * port where every inbound context is optional, what matches no context
 * is passed untouched, as are the packets of any port without inbound
 * contexts.
 *
 * The same context keys SRTP and SRTCP of its SSRC (RFC 3711 section 4.3:
 * separate session keys are derived for each, with key derivation rate 0).
 *
 * SRTCP packets carry the E bit (encrypted) and the 31-bit SRTCP index in
 * a 4-byte trailer. An outbound context sets E for every suite that
 * encrypts (AES-CM, AES-GCM) and clears it for the NULL suites and with
 * KSRTP_A_UNENCRYPTED_SRTCP; an inbound context drops a packet whose E
 * bit says otherwise than its suite and options and counts it as
 * malformed (it never skips decryption because of E). With
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
 *   With KSRTP_A_MKI the context uses a Master Key Identifier of that
 *   length (1 to KSRTP_MKI_MAX_LEN bytes) on the wire; the key given is
 *   its first key and the active one (see "Master keys" below).
 *   With the KSRTP_A_TEMPLATE flag an inbound context without KSRTP_A_SSRC
 *   is a session template (see "Templates" below); KSRTP_A_LEARN_LIMIT
 *   applies to templates only. KSRTP_A_POLICY, on inbound contexts and
 *   templates only (-EINVAL on an outbound one), says whether the
 *   context protects its port (see "Protected ports"); replies carry it
 *   for every inbound context.
 *   With the KSRTP_A_OWNED flag the context belongs to the requesting
 *   netlink socket (see "Owned contexts" below).
 *   With the KSRTP_A_CRYPTEX flag the context uses cryptex (see "Cryptex"
 *   below).
 *   The flags KSRTP_A_UNENCRYPTED_SRTP, KSRTP_A_UNENCRYPTED_SRTCP and
 *   KSRTP_A_UNAUTHENTICATED_SRTP turn off a service (see "SDES session
 *   parameters" below).
 *   A context with the same tuple is never replaced or reset: NEW is
 *   refused with -EEXIST and the existing context keeps its keys and
 *   stream state. To change the keys of a running stream use
 *   KSRTP_CMD_KEY_NEW, which keeps the ROC. A context added after the
 *   old one was deleted is a new cryptographic context: its ROC is
 *   KSRTP_A_ROC, 0 when omitted (RFC 3711 section 3.3.1), so a daemon that
 *   re-adds a running stream must pass the ROC it read with GET.
 *   Two outbound contexts must not send one SSRC under one master key
 *   (the keystream would repeat): NEW and KEY_NEW refuse with -EEXIST,
 *   pointing at KSRTP_A_MASTER_KEY, a key and SSRC that another outbound
 *   context of the namespace already uses, unless both contexts have the
 *   same local and remote addresses and differ only in ports (RTP and
 *   RTCP on separate ports, RFC 3550 without RFC 5761 mux, where one
 *   context sends SRTP and the other SRTCP).
 *   Errors: -EINVAL the key or salt length is not the suite's; -EEXIST a
 *   context with the same tuple exists; -ENOSPC the namespace holds
 *   net.ksrtp.max_contexts contexts (see "Limits" below); -EDQUOT the
 *   requesting user holds net.ksrtp.max_contexts_per_user contexts in
 *   all namespaces together; -ENOENT the kernel lacks a crypto
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
 *   Remove every context and every forwarding rule of the namespace.
 *   No attributes.
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
 *   An outbound context never goes back: once it has sent, a KSRTP_A_ROC
 *   (with KSRTP_A_SEQ) below the highest index it ever sent, a
 *   KSRTP_A_ROC alone at or below it, or a KSRTP_A_SRTCP_INDEX below the
 *   next one or at or below the highest sent, is refused (-EINVAL with a
 *   message naming the attribute, nothing changed: the keystream would
 *   repeat); a new context is the way back. The highest index sent is
 *   never cleared, also not by a SET of KSRTP_A_ROC alone.
 *   Errors: -EINVAL nothing to set, KSRTP_A_SEQ alone, a move back; -ERANGE index
 *   above 2^31-1; -ENOENT no such context.
 *
 * KSRTP_CMD_KEY_NEW
 *   Add a master key to a context selected as for DEL, with
 *   KSRTP_A_MASTER_KEY and KSRTP_A_MASTER_SALT of the context's suite.
 *   A context holds at most KSRTP_MAX_KEYS keys (-ENOSPC beyond).
 *   MKI contexts: KSRTP_A_MKI (the context's MKI length, not in use by
 *   another of its keys) is required; the key is used for every packet
 *   that carries its MKI, and for outbound packets once it is active:
 *   with the KSRTP_A_KEY_ACTIVE flag at once, or later by
 *   KSRTP_CMD_KEY_SET.
 *   Contexts without MKI: the key applies to SRTP packets whose index is
 *   at least KSRTP_A_FROM_INDEX (u64, below 2^48) and to SRTCP packets
 *   whose index is at least KSRTP_A_FROM_SRTCP_INDEX. Either, when
 *   omitted, defaults to "from the next packet": for an outbound context
 *   the index it will send next, for an inbound one the index after the
 *   highest one authenticated. Packets with lower indices keep using the
 *   older key, so reordered packets from before the change still pass.
 *   A daemon that knows where the sender switches (the <From, To> of RFC
 *   3711 section 8.1) gives the index and loses nothing; "the next
 *   packet" loses the packets that the sender protected with the old key
 *   and that arrive after the change with a higher index. Keys that no
 *   acceptable packet can use any more are removed as the new one is
 *   added. The stream state (ROC, SEQ, SRTCP index, replay windows) is
 *   kept in every case. Rekeying a template rekeys the contexts it
 *   learned: they share its keys.
 *   Errors: -EINVAL missing or malformed attribute, KSRTP_A_MKI on a
 *   context without MKI or the reverse; -EEXIST the MKI is in use, or see
 *   KSRTP_CMD_CTX_NEW on key reuse; -ENOSPC too many keys; -ENOENT no such
 *   context.
 *
 * KSRTP_CMD_KEY_DEL
 *   Remove a key from a context selected as for DEL: the key KSRTP_A_MKI
 *   of an MKI context, or the key that starts at KSRTP_A_FROM_INDEX of a
 *   context without MKI (those are also removed automatically, see
 *   KSRTP_CMD_KEY_NEW, except the keys a template shares with the
 *   contexts it learned). The last key cannot be removed, nor the key an
 *   outbound context sends with: the active one (make another active
 *   first), or without MKI the one its next SRTP or SRTCP packet takes
 *   (-EBUSY).
 *   Packets that carry a removed MKI are dropped as malformed.
 *
 * KSRTP_CMD_KEY_SET
 *   Make the key KSRTP_A_MKI of an MKI context (selected as for DEL) the
 *   active one: outbound packets processed after the reply use it. The
 *   KSRTP_A_KEY_ACTIVE flag is required (the only property to set).
 *   Contexts without MKI have no active key to set (-EOPNOTSUPP).
 *
 * KSRTP_CMD_NET_GET
 *   The counters of the requesting socket's namespace for datagrams
 *   dropped on protected ports that no context owns: the reply carries
 *   KSRTP_A_NET_STATS (KSRTP_NET_A_*, all u64, since the module was
 *   loaded in the namespace). Takes no attributes.
 *
 * KSRTP_CMD_EVENT
 *   Notification only, sent to the multicast group KSRTP_MCGRP_EVENTS
 *   ("events") of the context's namespace; never a request. Carries
 *   KSRTP_A_EVENT (enum ksrtp_event), KSRTP_A_ID and the tuple of the
 *   context, and:
 *   KSRTP_EVENT_SOFT_LIMIT  a key of the context has fewer than
 *       KSRTP_KEY_SOFT_MARGIN SRTP (or SRTCP) packets left, counting both
 *       its packet limit (2^48 SRTP, 2^31 SRTCP packets per master key,
 *       RFC 3711 section 9.2) and the index space left to the stream;
 *       KSRTP_A_MKI names the key of an MKI context. Once per key.
 *   KSRTP_EVENT_HARD_LIMIT  a key is used up: the context drops the
 *       packets that would need it (counted in KSRTP_STATS_A_KEY_LIMIT)
 *       until the daemon adds a key. Once per key.
 *   KSRTP_EVENT_SSRC_LEARNED  a template created the context named,
 *       whose SSRC is new; KSRTP_A_TEMPLATE_ID names the template.
 *   KSRTP_EVENT_LEARN_LIMIT  a template at its KSRTP_A_LEARN_LIMIT
 *       refused an authentic packet of a new SSRC (or a context for the
 *       SSRC was installed meanwhile); at most one per second per
 *       template.
 *   KSRTP_EVENT_AUTH_FAILURES  packets of the context failed
 *       authentication; KSRTP_A_AUTH_FAILURES is the context's total. At
 *       most one per second per context, and only after new failures.
 *   KSRTP_EVENT_UNMATCHED  datagrams to a protected port were dropped
 *       because no context owns them (see "Protected ports"). Carries no
 *       KSRTP_A_ID; the tuple (local and remote address and port, and
 *       KSRTP_A_SSRC for RTP/RTCP) is that of the latest such datagram,
 *       KSRTP_A_NET_STATS the namespace's totals. At most one per second
 *       per namespace, and only after new drops.
 *   KSRTP_EVENT_FWD_DROPS  an output of a forwarding rule did not send
 *       packets (see "Forwarding"): its context was removed, no route,
 *       too big, its key used up, out of memory. Carries no KSRTP_A_ID:
 *       KSRTP_A_FWD_ID, the rule's local address and port, KSRTP_A_SSRC
 *       if the rule has one, and a KSRTP_A_FWD_OUTPUT as in FWD_GET
 *       replies (its id, addresses, context, KSRTP_OUT_A_STATS: which
 *       drops). At most one round per second per namespace; a round
 *       reports each output whose drops grew since its last event.
 *   Events are queued without memory allocation on the data path and
 *   sent from process context shortly after; a listener that falls
 *   behind loses events (ENOBUFS on its socket) but never blocks the
 *   data path.
 *
 * Master keys
 * -----------
 * A context starts with the key of KSRTP_CMD_CTX_NEW and may hold up to
 * KSRTP_MAX_KEYS. Each key derives its own SRTP and SRTCP session keys and
 * counts the packets it protected or authenticated. With MKI, inbound
 * packets select their key by the MKI they carry (the MKI is not
 * authenticated, RFC 3711 section 3.1; it sits before the tag with the
 * HMAC suites and after the tag, SRTCP: after the E+index word, with the
 * AEAD suites, RFC 7714 sections 8.1 and 9.1), and outbound packets use
 * the active key. Without MKI, the packet index selects the key (see
 * KSRTP_CMD_KEY_NEW). Rekeying both ways without loss: add the new key on
 * the receiver, then on the sender make it active (MKI) or add it from an
 * index (without MKI).
 *
 * Templates
 * ---------
 * An inbound context with KSRTP_A_TEMPLATE and no KSRTP_A_SSRC stands for
 * every SSRC of its session (its local address and port, and its remote
 * or any remote), like the reference library's ssrc_any_inbound. A packet
 * whose SSRC has no context is authenticated with the template's keys
 * and, only if it authenticates, becomes the first packet of a new
 * context for its SSRC, created from the template (same tuple with the
 * SSRC, same keys (shared, see KSRTP_CMD_KEY_NEW), replay window and
 * initial ROC) and announced by KSRTP_EVENT_SSRC_LEARNED. A forged packet
 * creates nothing and changes no state. A template creates at most
 * KSRTP_A_LEARN_LIMIT contexts (0..KSRTP_LEARN_LIMIT_MAX, default
 * KSRTP_LEARN_LIMIT_DEFAULT) that exist at once; deleting one frees its
 * place. Learned contexts are ordinary contexts (GET, SET, DEL); they
 * carry KSRTP_A_TEMPLATE_ID and outlive their template.
 * KSRTP_A_POLICY says what happens to RTP/RTCP packets of an unknown SSRC
 * that do not authenticate under the template (plain RTP, forgeries,
 * another key): KSRTP_POLICY_REQUIRED (the default) drops them and counts
 * them on the template (KSRTP_STATS_A_AUTH_FAILURES, _MALFORMED, ...);
 * KSRTP_POLICY_OPTIONAL passes them to the socket unchanged, unless
 * another context protects the port (see "Protected ports"). An authentic
 * packet that the learn limit refuses is dropped and counted as
 * KSRTP_STATS_A_UNKNOWN_SSRC under either policy: no context could
 * protect it from replays. One that comes while the template is still
 * preparing for the next new SSRC (just after learning one) is dropped
 * too and counted as KSRTP_STATS_A_ERRORS; the SSRC's next packet is
 * learned. On a port without a template, an unknown SSRC is dropped or
 * passed as "Protected ports" says.
 *
 * Owned contexts
 * --------------
 * A context installed with KSRTP_A_OWNED belongs to the netlink socket
 * that sent KSRTP_CMD_CTX_NEW (like nftables' NFT_TABLE_F_OWNER): when
 * that socket is closed, by the daemon or because the daemon died
 * (kill -9 included), the kernel removes the context as KSRTP_CMD_CTX_DEL
 * would, and the traffic that follows is unmatched. The contexts a
 * template learns belong to the template's owner and are removed with
 * it; while the template is being removed it learns nothing more. Any
 * socket with CAP_NET_ADMIN may still GET, SET, rekey or DEL an owned
 * context, and FLUSH removes it too; replies mark it with KSRTP_A_OWNED.
 * Without KSRTP_A_OWNED a context outlives its creator and stays until
 * it is deleted, flushed, or its namespace goes away; a daemon that
 * restarts finds it there (GET) and may carry on with it.
 *
 * Cryptex
 * -------
 * RFC 9335 encrypts an SRTP packet's CSRC list and its RFC 8285 header
 * extension (all of it but the 4-byte extension header) together with
 * the payload, in that order, as one keystream (AES-CM) or one AEAD
 * plaintext; the RTP fixed header stays in the clear. With AES-GCM the
 * associated data is the 12-byte fixed header followed by the 4-byte
 * extension header, although the CSRCs lie between them on the wire;
 * with HMAC-SHA1 the tag covers the packet as on the wire, as for any
 * SRTP packet. SRTCP is not changed. A packet is marked by its
 * extension's "defined by profile" field: 0xC0DE for one-byte (RFC 8285
 * 0xBEDE), 0xC2DE for two-byte (0x1000) extensions.
 * An outbound context with KSRTP_A_CRYPTEX sends every RTP packet that
 * has CSRCs or an extension this way: it writes 0xC0DE or 0xC2DE over
 * 0xBEDE or 0x1000, and appends an empty extension (0xC0DE, length 0,
 * X bit set) to a packet with CSRCs and no extension, so that the
 * packet grows by 4 bytes more than the tag and MKI. A packet with
 * neither is sent as plain SRTP. An extension of another profile
 * (including two-byte ones with "appbits" other than 0) cannot be sent
 * with cryptex: the packet is dropped and counted as
 * KSRTP_STATS_A_MALFORMED, as is one that the application marked
 * 0xC0DE or 0xC2DE itself.
 * An inbound context with KSRTP_A_CRYPTEX takes both cryptex and plain
 * SRTP packets, as RFC 9335 requires of a receiver that negotiated it;
 * it hands a cryptex packet to the socket with 0xBEDE or 0x1000 back in
 * the extension header, and leaves an empty extension the sender added
 * in place (RFC 9335 section 5.2). An inbound context without it drops
 * a packet marked 0xC0DE or 0xC2DE before any crypto and counts it as
 * KSRTP_STATS_A_MALFORMED.
 *
 * SDES session parameters
 * -----------------------
 * RFC 4568 section 6.3.2 lets an a=crypto line turn off encryption or
 * authentication of a stream; libsrtp2 says the same per stream with
 * policy.rtp.sec_serv and policy.rtcp.sec_serv. Each is a flag of NEW,
 * fixed for the context's life, that both ends must agree on, and that
 * replies (GET, dumps) carry back:
 * KSRTP_A_UNENCRYPTED_SRTP: the RTP payload is sent and taken in the
 *   clear. The packet is still authenticated as RFC 3711 says (the tag
 *   covers header, payload and ROC) and replay-checked; its length and
 *   layout are those of the suite. (libsrtp2: rtp.sec_serv =
 *   sec_serv_auth.)
 * KSRTP_A_UNENCRYPTED_SRTCP: SRTCP is sent with E = 0 and its payload in
 *   the clear; the SRTCP index is still carried and everything is still
 *   authenticated. Inbound, E must say what the context does, as libsrtp2
 *   requires too: a context with the flag drops E = 1 packets, one
 *   without it (of a suite that encrypts) drops E = 0 packets, both as
 *   KSRTP_STATS_A_MALFORMED before any crypto, so a sender can never
 *   choose to skip the receiver's decryption. (libsrtp2: rtcp.sec_serv
 *   = sec_serv_auth.)
 * KSRTP_A_UNAUTHENTICATED_SRTP: SRTP packets carry no tag (a tag length
 *   of 0; the MKI, if any, is still there) and nothing of them is
 *   verified; SRTCP keeps its tag. The payload is still encrypted unless
 *   KSRTP_A_UNENCRYPTED_SRTP is also given. (libsrtp2: rtp.sec_serv =
 *   sec_serv_conf with auth_type SRTP_NULL_AUTH and auth_tag_len 0, or
 *   sec_serv_none with both flags.) What is lost: integrity (anyone on
 *   the path can change or inject RTP, and with AES-CM flip chosen
 *   payload bits), and with it replay protection worth the name (RFC
 *   3711 section 3.3.2: it needs authentication). The replay window and
 *   the index estimation still run, as in libsrtp2, and drop a packet
 *   repeated by the network; but a forged packet is taken like any
 *   other, and one with a sequence number far ahead moves the estimated
 *   ROC, after which the stream's real packets decrypt to garbage or
 *   are dropped as replays. Use it only where the path is otherwise
 *   trusted. A template cannot have it (-EINVAL): it learns a stream
 *   from a packet that authenticates, which any packet would.
 * All three are refused (-EINVAL, with an extack naming the attribute)
 * with the AEAD_AES_*_GCM suites: RFC 7714 defines no such modes, the
 * AEAD tag is what encrypts and authenticates. With the NULL_* suites
 * the two UNENCRYPTED flags change nothing (nothing is encrypted) and
 * are accepted. KSRTP_A_CRYPTEX with KSRTP_A_UNENCRYPTED_SRTP is refused
 * (cryptex encrypts header parts of a payload that is not encrypted).
 * An inbound context whose options are not the sender's drops the
 * packets: a tag missing fails authentication
 * (KSRTP_STATS_A_AUTH_FAILURES), an E bit that contradicts it is
 * malformed. One exception cannot be seen: an UNAUTHENTICATED_SRTP
 * receiver takes a sender's tag for payload.
 *
 * Forwarding
 * ----------
 * A forwarding rule sends the media that arrives for one local address
 * and port to 1..KSRTP_FWD_OUTPUTS_MAX outputs in the kernel, without the
 * application reading and writing it (an SFU, a B2BUA, an SRTP<->RTP
 * gateway).
 *
 * The rule's input is a local address and port, optionally one remote
 * address and port, and one SSRC or (without KSRTP_A_SSRC) every SSRC
 * of that tuple. By default the input is SRTP: a packet is forwarded
 * only once an inbound context (or a template's learned context) of its
 * SSRC has authenticated, replay-checked and decrypted it as above; what
 * fails is forwarded to no one and counted on the context. With
 * KSRTP_FWD_F_PLAIN the input is plain RTP/RTCP: a packet with no
 * context and no template is forwarded as it came (after the UDP checks
 * above); a packet that an inbound context owns is not forwarded by a
 * plain rule, and an SRTP rule never forwards a packet no context
 * authenticated. A rule that names a remote is chosen before one that
 * does not, a rule of the SSRC before one of every SSRC.
 *
 * Each output is either protected, KSRTP_OUT_A_CTX_ID naming an outbound
 * context: the packet leaves from that context's local address and port
 * to its remote address and port, with its SSRC, protected by it (its
 * keys, its rollover counter, its SRTCP index, its refusal to send an
 * index twice) exactly as a packet the application sent; or plain, with
 * KSRTP_OUT_A_LOCAL_IPV4/6, _LOCAL_PORT, _REMOTE_IPV4/6 and _REMOTE_PORT,
 * and optionally KSRTP_OUT_A_SSRC. Input and outputs may mix IPv4 and
 * IPv6. KSRTP_OUT_A_SEQ_OFFSET and KSRTP_OUT_A_TS_OFFSET are added to the
 * RTP sequence number and timestamp (and the SR's RTP timestamp) of what
 * the output sends, so that a daemon can switch a subscriber between
 * publishers without a gap. In RTCP, the sender is the SSRC of the first
 * packet of a compound packet; every mention of it as a source (the SSRC
 * of an SR, RR, APP, feedback or XR packet, of an SDES chunk, of a BYE)
 * takes the output's SSRC, and its SR's RTP timestamp the offset. Report
 * blocks and feedback about other sources, and SDES items, are sent as
 * they came.
 *
 * With KSRTP_A_FWD_PAYLOAD_TYPES a rule forwards RTP of those payload
 * types only; RTP of another type goes on as if the rule did not exist
 * (an authenticated packet to the socket, plain input as unmatched
 * media) and is counted (KSRTP_FWD_STATS_A_OTHER_PT). RTCP is forwarded
 * whatever the types.
 *
 * By default the forwarded packet does not reach the local socket; with
 * KSRTP_FWD_F_DELIVER it does as well (decrypted, as without the rule),
 * except plain input on a protected port, which is never delivered.
 * RTCP from the outputs' peers, STUN, DTLS and whatever no rule matches
 * go to the socket as without forwarding.
 *
 * Each forwarding hop lowers the IPv4 TTL or IPv6 hop limit of the
 * packet by one, as a router does; a packet that arrives with 1 or less
 * is not forwarded (KSRTP_FWD_STATS_A_LOOPS). What an output sends to an
 * address of the host leaves with a TTL of 1, so a rule whose output
 * comes back to a forwarded port is forwarded once, never again.
 * Outputs send with the IP layer's defaults and never fragment: a packet
 * longer than the route's MTU is dropped (KSRTP_FWD_STATS_A_TOO_BIG).
 *
 * KSRTP_CMD_FWD_NEW
 *   Install a rule. Required: KSRTP_A_LOCAL_IPV4 or _IPV6,
 *   KSRTP_A_LOCAL_PORT. Optional: KSRTP_A_REMOTE_IPV4/6 with
 *   KSRTP_A_REMOTE_PORT, KSRTP_A_SSRC, KSRTP_A_FWD_FLAGS,
 *   KSRTP_A_FWD_PAYLOAD_TYPES, KSRTP_A_OWNED (as for contexts: the rule
 *   goes with the requesting socket). The reply is a KSRTP_CMD_FWD_NEW
 *   message carrying KSRTP_A_FWD_ID. A rule starts without outputs (its
 *   packets are then dropped unless KSRTP_FWD_F_DELIVER). Errors:
 *   -EEXIST a rule with this input, -ENOSPC the namespace is at
 *   net.ksrtp.max_forwards; -EINVAL with KSRTP_A_FWD_PAYLOAD_TYPES empty
 *   or holding a value above 127.
 *
 * KSRTP_CMD_FWD_DEL
 *   Remove the rule KSRTP_A_FWD_ID with its outputs. Packets in flight
 *   finish with it.
 *
 * KSRTP_CMD_FWD_GET
 *   With KSRTP_A_FWD_ID: reply with that rule; as a dump (NLM_F_DUMP,
 *   no attribute): every rule of the namespace by increasing id. A reply
 *   carries KSRTP_A_FWD_ID, the input tuple, KSRTP_A_SSRC if the rule has
 *   one, KSRTP_A_FWD_FLAGS, KSRTP_A_FWD_PAYLOAD_TYPES if it has them,
 *   KSRTP_A_OWNED, KSRTP_A_FWD_STATS and one
 *   KSRTP_A_FWD_OUTPUT per output (with KSRTP_OUT_A_ID, its addresses,
 *   KSRTP_OUT_A_CTX_ID or KSRTP_OUT_A_SSRC, the offsets and
 *   KSRTP_OUT_A_STATS). In a dump, a rule whose outputs do not fit one
 *   message goes on in the next: consecutive messages with the same
 *   KSRTP_A_FWD_ID (each with the rule's other attributes) carry its
 *   outputs in order. A single reply holds every output.
 *
 * KSRTP_CMD_FWD_OUT_ADD
 *   KSRTP_A_FWD_ID and one KSRTP_A_FWD_OUTPUT: add an output (see above
 *   for its attributes). The reply is a KSRTP_CMD_FWD_OUT_ADD message with
 *   KSRTP_A_FWD_ID and a KSRTP_A_FWD_OUTPUT carrying KSRTP_OUT_A_ID.
 *   Packets processed after the reply reach it; the other outputs lose
 *   nothing. Errors: -ENOENT no such rule or context, -EINVAL the context
 *   is not outbound, -EEXIST an output of the rule already sends to this
 *   remote with this SSRC, -ENOSPC the rule has KSRTP_FWD_OUTPUTS_MAX.
 *
 * KSRTP_CMD_FWD_OUT_DEL
 *   KSRTP_A_FWD_ID and a KSRTP_A_FWD_OUTPUT with KSRTP_OUT_A_ID: remove
 *   that output; the others lose nothing.
 *
 * KSRTP_CMD_FWD_OUT_SET
 *   KSRTP_A_FWD_ID and a KSRTP_A_FWD_OUTPUT with KSRTP_OUT_A_ID and
 *   KSRTP_OUT_A_SEQ_OFFSET and/or KSRTP_OUT_A_TS_OFFSET: the new offsets,
 *   which every packet sees together (never one old, one new).
 *
 * A protected output's context is looked up for each packet: once it is
 * removed, the output sends nothing (KSRTP_FWD_STATS_A_NO_CONTEXT) until
 * the output is removed too. Removing a rule, the socket that owns it
 * or the namespace, or unloading the module, with traffic flowing, is
 * safe.
 *
 * Limits
 * ------
 * Each network namespace holds at most net.ksrtp.max_contexts contexts
 * (sysctl, default 16384; templates and learned contexts included) and
 * at most net.ksrtp.max_learned learned contexts (default 4096), on top
 * of each template's KSRTP_A_LEARN_LIMIT. At the limit KSRTP_CMD_CTX_NEW
 * is refused with -ENOSPC and an extack message naming the sysctl, and
 * nothing installed changes; a template refuses to learn exactly as at
 * its own limit (the packet is dropped and counted as
 * KSRTP_STATS_A_UNKNOWN_SSRC, and KSRTP_EVENT_LEARN_LIMIT is sent).
 * net.ksrtp.contexts and net.ksrtp.learned (read-only) count what the
 * namespace holds. A namespace whose user namespace is not the initial
 * one starts with the initial namespace's limits and cannot change them.
 * Any user may make namespaces (through a user namespace), so each user
 * (by real uid, as the initial user namespace sees it) also holds at most
 * net.ksrtp.max_contexts_per_user contexts in all namespaces together
 * (default 65536; visible everywhere, set only in the initial namespace):
 * beyond, KSRTP_CMD_CTX_NEW is refused with -EDQUOT and a message naming
 * the sysctl, and a template of that user learns no more (as at its own
 * limit). A learned context counts for its template's user.
 * Each namespace holds at most net.ksrtp.max_forwards forwarding rules
 * (default 4096; like max_contexts); net.ksrtp.forwards counts them.
 * The memory of a context, of a rule and of its outputs is charged to
 * the memory cgroup of the task that installed it; what a template
 * allocates in advance for the contexts it learns is charged to the
 * template's creator. The kernel's crypto transforms, which the crypto
 * API allocates, are not charged.
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
 *                             An inbound context that has accepted no
 *                             SRTP packet yet (none since NEW, or since a
 *                             SET without KSRTP_A_SEQ) takes a packet
 *                             that fails authentication with this ROC if
 *                             it authenticates with ROC + 1: the sender
 *                             wrapped its sequence number before the first
 *                             packet that arrived. Only that one retry,
 *                             only until a packet is accepted; afterwards
 *                             the ROC follows RFC 3711 Appendix A.
 * KSRTP_A_SEQ            u16  highest sequence number sent or authenticated
 *                             (in replies meaningful once a packet passed or
 *                             it was set); in NEW and SET with KSRTP_A_ROC.
 * KSRTP_A_SRTCP_INDEX    u32  0..2^31-1. Sender: the index the next SRTCP
 *                             packet will carry; receiver: highest
 *                             authenticated index. Settable in NEW and SET.
 * KSRTP_A_REPLAY_WINDOW  u32  replay window in packets, for SRTP and for
 *                             SRTCP; 64..32767 (below 2^15 so that index
 *                             estimation stays unambiguous), default 128.
 *                             Outbound: the window of indices sent; a
 *                             packet at or below the highest index sent is
 *                             sent only if its index is new and inside it.
 * KSRTP_A_STATS          nested, reply only: KSRTP_STATS_A_* below.
 * KSRTP_A_CIPHER_DRIVER  string, reply only: the crypto driver that
 *                             encrypts (for example "ctr-aes-aesni", or
 *                             "__ctr-aes-aesni", the internal synchronous
 *                             form of the same driver, on kernels where
 *                             it is only offered behind the asynchronous
 *                             SIMD wrapper), so that an operator sees
 *                             when generic C code is in use. For the AEAD
 *                             suites the AEAD's driver (for example
 *                             "generic-gcm-vaes-avx2", or
 *                             "gcm_base(ctr(aes-aesni),ghash-generic)"
 *                             without a SIMD GCM); for the NULL suites
 *                             "none".
 * KSRTP_A_AUTH_DRIVER    string, reply only: what authenticates. With
 *                             the kernel's HMAC-SHA1 library (6.17 and
 *                             later) "hmac-sha1-lib": the library uses
 *                             the CPU's fastest SHA-1 code by itself and
 *                             does not name it. Before, "hmac(" and the
 *                             sha1 shash driver ")" (for example
 *                             "hmac(sha1-avx2)"). For the AEAD suites the
 *                             same AEAD driver as KSRTP_A_CIPHER_DRIVER.
 * KSRTP_A_MKI            binary, 1..KSRTP_MKI_MAX_LEN bytes: a Master Key
 *                             Identifier as it appears on the wire.
 * KSRTP_A_KEY_ACTIVE     flag: in KEY_NEW and KEY_SET, make the key
 *                             active.
 * KSRTP_A_FROM_INDEX     u64  SRTP index (ROC << 16 | SEQ) from which a
 *                             key of a context without MKI applies; in
 *                             KEY_DEL and KEY_SET, names that key.
 * KSRTP_A_FROM_SRTCP_INDEX u32 the same for SRTCP, 0..2^31-1.
 * KSRTP_A_KEYS           nested, reply only: one nest per key (attribute
 *                             type 1, 2, ... in key order) of
 *                             KSRTP_KEY_A_* (enum ksrtp_key_attr): its MKI
 *                             or from-indices, whether it is active, and
 *                             how many packets it protected or
 *                             authenticated. Never key material.
 * KSRTP_A_TEMPLATE       flag: the context is a template (see above).
 * KSRTP_A_POLICY         u8   enum ksrtp_policy, inbound contexts and
 *                             templates: whether the context protects its
 *                             local port (see "Protected ports").
 * KSRTP_A_LEARN_LIMIT    u32  templates only, 0..KSRTP_LEARN_LIMIT_MAX.
 * KSRTP_A_TEMPLATE_ID    u32  reply and event only: the template that
 *                             created a learned context.
 * KSRTP_A_LEARNED        u32  reply only: contexts a template has learned
 *                             that exist now.
 * KSRTP_A_EVENT          u8   enum ksrtp_event, events only.
 * KSRTP_A_AUTH_FAILURES  u64  events only, see KSRTP_EVENT_AUTH_FAILURES.
 * KSRTP_A_OWNED          flag: in NEW, the requesting socket owns the
 *                             context (see "Owned contexts"); in replies,
 *                             the context is owned by some socket.
 * KSRTP_A_NET_STATS      nested, NET_GET reply and UNMATCHED events:
 *                             KSRTP_NET_A_* below.
 * KSRTP_A_PAD            padding for 64-bit attributes; ignore.
 * KSRTP_A_FWD_ID         u32  kernel-assigned handle of a forwarding
 *                             rule, unique in its namespace; never 0.
 * KSRTP_A_FWD_FLAGS      u32  KSRTP_FWD_F_* of a rule (see Forwarding);
 *                             unknown bits are refused.
 * KSRTP_A_FWD_OUTPUT     nested, KSRTP_OUT_A_* below: one output.
 * KSRTP_A_FWD_STATS      nested, reply only: a rule's KSRTP_FWD_STATS_A_*.
 * KSRTP_A_FWD_PAYLOAD_TYPES binary, 1..128 bytes, each an RTP payload
 *                        type 0..127: the only ones the rule forwards
 *                        (see Forwarding). Absent: every type.
 * KSRTP_A_CRYPTEX        flag: in NEW, the context uses cryptex, RFC 9335
 *                             (see "Cryptex" below); in replies, it does.
 *                             Refused (-EINVAL) with the NULL_* suites,
 *                             which encrypt nothing.
 * KSRTP_A_UNENCRYPTED_SRTP     flag: in NEW, SRTP payloads are not
 *                             encrypted (see "SDES session parameters");
 *                             in replies, they are not. Refused with the
 *                             AEAD_* suites and with KSRTP_A_CRYPTEX.
 * KSRTP_A_UNENCRYPTED_SRTCP    flag: the same for SRTCP, which is sent
 *                             with E = 0; refused with the AEAD_* suites.
 * KSRTP_A_UNAUTHENTICATED_SRTP flag: SRTP carries no tag and is not
 *                             verified; refused with the AEAD_* suites
 *                             and for templates.
 * KSRTP_A_ENC_HDR_EXT_IDS binary, 1..255 bytes, each an RTP header
 *                             extension ID 1..255 (one- or two-byte
 *                             form, RFC 8285) whose element data the
 *                             context encrypts, RFC 6904; 0 and
 *                             duplicates are refused. In NEW only (fixed
 *                             for the context's life), reported in
 *                             replies; refused with the NULL_* suites and
 *                             with KSRTP_A_UNENCRYPTED_SRTP. Allowed with
 *                             KSRTP_A_CRYPTEX: outbound, cryptex wins.
 *
 * An output (KSRTP_A_FWD_OUTPUT):
 * KSRTP_OUT_A_ID          u32  its handle within the rule; never 0.
 * KSRTP_OUT_A_CTX_ID      u32  protected: the outbound context (KSRTP_A_ID)
 *                              whose tuple and SSRC it sends with.
 * KSRTP_OUT_A_LOCAL_IPV4/6, KSRTP_OUT_A_LOCAL_PORT, KSRTP_OUT_A_REMOTE_IPV4/6,
 * KSRTP_OUT_A_REMOTE_PORT  plain: where it sends from and to, as the
 *                              KSRTP_A_ tuple attributes; in replies also
 *                              for a protected output.
 * KSRTP_OUT_A_SSRC        u32  plain: the SSRC to send with (default: the
 *                              input's); in replies, the SSRC it sends.
 * KSRTP_OUT_A_SEQ_OFFSET  u16  added to the sequence number, default 0.
 * KSRTP_OUT_A_TS_OFFSET   u32  added to the RTP timestamp, default 0.
 * KSRTP_OUT_A_STATS       nested, reply only: KSRTP_FWD_STATS_A_*.
 *
 * Forwarding statistics (KSRTP_A_FWD_STATS of a rule, KSRTP_OUT_A_STATS of
 * an output), all u64:
 * KSRTP_FWD_STATS_A_PACKETS     rule: packets taken for forwarding;
 *                               output: packets sent.
 * KSRTP_FWD_STATS_A_BYTES       their RTP/RTCP bytes (before protection).
 * KSRTP_FWD_STATS_A_LOOPS       rule: not forwarded, TTL or hop limit
 *                               1 or less (see Forwarding).
 * KSRTP_FWD_STATS_A_NO_CONTEXT  output: its context was removed.
 * KSRTP_FWD_STATS_A_NO_ROUTE    output: no route to the remote, or the
 *                               local address is not the host's.
 * KSRTP_FWD_STATS_A_TOO_BIG     output: longer than the route's MTU.
 * KSRTP_FWD_STATS_A_KEY         output: its context refused to protect
 *                               (a key used up, an index already sent);
 *                               counted on the context as well.
 * KSRTP_FWD_STATS_A_ERRORS      output: out of memory.
 * KSRTP_FWD_STATS_A_OTHER_PT    rule: RTP of a payload type it does not
 *                               forward, left as without the rule.
 *
 * Statistics (KSRTP_A_STATS), all u64, counted since the context was
 * installed. "Packets" of an outbound context were protected, of an
 * inbound one verified and decrypted; bytes are plaintext RTP/RTCP bytes
 * (the UDP payload as the application sees it). Every counter counts
 * datagrams: a UDP_SEGMENT batch or a GRO aggregate is split and counted
 * datagram by datagram.
 * KSRTP_STATS_A_RTP_PACKETS, KSRTP_STATS_A_RTP_BYTES
 * KSRTP_STATS_A_RTCP_PACKETS, KSRTP_STATS_A_RTCP_BYTES
 * KSRTP_STATS_A_AUTH_FAILURES  inbound packets whose tag did not verify.
 * KSRTP_STATS_A_REPLAYS        inbound packets dropped by the replay check:
 *                              index already seen or older than the
 *                              window. As RFC 3711 orders it, the check
 *                              comes before authentication, so forged
 *                              packets with such an index count here too.
 *                              Outbound: packets not sent because their
 *                              index was sent already or is older than the
 *                              window of indices sent (the application
 *                              repeated a sequence number, or sent one
 *                              far behind): they would reuse a keystream
 *                              (GCM: a nonce). The send fails with EPERM.
 * KSRTP_STATS_A_MALFORMED      packets dropped because their lengths or
 *                              fields are impossible (shorter than header
 *                              plus tag, CSRC count or extension length
 *                              past the end, an SRTCP E bit that
 *                              contradicts the suite or
 *                              KSRTP_A_UNENCRYPTED_SRTCP).
 * KSRTP_STATS_A_ERRORS         packets dropped for a local reason: no
 *                              memory to make the packet writable or to
 *                              split a GSO or GRO batch, an outbound
 *                              packet that the tag makes too big for the
 *                              path MTU on a socket that forbids
 *                              fragmentation (sendmsg() gets EMSGSIZE).
 * KSRTP_STATS_A_KEY_LIMIT      packets dropped because the key they need
 *                              is used up (KSRTP_EVENT_HARD_LIMIT).
 * KSRTP_STATS_A_UNKNOWN_SSRC   templates only: authentic packets of an
 *                              unknown SSRC dropped because the template
 *                              may learn no more (those that fail
 *                              authentication count as
 *                              KSRTP_STATS_A_AUTH_FAILURES).
 *
 * Namespace statistics (KSRTP_A_NET_STATS), all u64: datagrams to a
 * protected port dropped before any context owned them.
 * KSRTP_NET_A_UNKNOWN_SSRC  RTP or RTCP of an SSRC with no context and
 *                           no template.
 * KSRTP_NET_A_NOT_SRTP      neither RTP/RTCP nor a passed protocol
 *                           (RFC 7983), or too short for an RTP/RTCP
 *                           header.
 * KSRTP_NET_A_MALFORMED     lengths the UDP stack would refuse, an
 *                           unreassembled fragment. (The checksum of
 *                           a datagram no context owns is not
 *                           checked: it is dropped either way.)
 * A datagram that matched a context or a template is counted on it
 * instead (a bad UDP checksum as KSRTP_STATS_A_MALFORMED).
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
 * -EEXIST      a context with this tuple exists; NEW, KEY_NEW: another
 *              outbound context sends this key and SSRC; KEY_NEW: the
 *              context has a key with this MKI.
 * -ENOENT      no such context or key; or a crypto algorithm is missing.
 * -EOPNOTSUPP  the module cannot use the kernel's implementation of the
 *              suite (see KSRTP_CMD_CTX_NEW); KSRTP_CMD_KEY_SET on a
 *              context without MKI. Reserved also for a suite that a
 *              module does not implement; this one implements all.
 * -ENOSPC      a context already holds KSRTP_MAX_KEYS keys (KEY_NEW); the
 *              namespace is at net.ksrtp.max_contexts (NEW).
 * -EDQUOT      the user is at net.ksrtp.max_contexts_per_user (NEW).
 * -EBUSY       KSRTP_CMD_KEY_DEL of a context's last key, or of the key
 *              an outbound context sends with.
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
	KSRTP_CMD_KEY_NEW,
	KSRTP_CMD_KEY_DEL,
	KSRTP_CMD_KEY_SET,
	KSRTP_CMD_EVENT,
	KSRTP_CMD_NET_GET,
	KSRTP_CMD_FWD_NEW,
	KSRTP_CMD_FWD_DEL,
	KSRTP_CMD_FWD_GET,
	KSRTP_CMD_FWD_OUT_ADD,
	KSRTP_CMD_FWD_OUT_DEL,
	KSRTP_CMD_FWD_OUT_SET,

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
	KSRTP_A_MKI,
	KSRTP_A_KEY_ACTIVE,
	KSRTP_A_FROM_INDEX,
	KSRTP_A_FROM_SRTCP_INDEX,
	KSRTP_A_KEYS,
	KSRTP_A_TEMPLATE,
	KSRTP_A_POLICY,
	KSRTP_A_LEARN_LIMIT,
	KSRTP_A_TEMPLATE_ID,
	KSRTP_A_LEARNED,
	KSRTP_A_EVENT,
	KSRTP_A_AUTH_FAILURES,
	KSRTP_A_OWNED,
	KSRTP_A_NET_STATS,
	KSRTP_A_FWD_ID,
	KSRTP_A_FWD_FLAGS,
	KSRTP_A_FWD_OUTPUT,
	KSRTP_A_FWD_STATS,
	KSRTP_A_FWD_PAYLOAD_TYPES,
	KSRTP_A_CRYPTEX,
	KSRTP_A_UNENCRYPTED_SRTP,
	KSRTP_A_UNENCRYPTED_SRTCP,
	KSRTP_A_UNAUTHENTICATED_SRTP,
	KSRTP_A_ENC_HDR_EXT_IDS,

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
	KSRTP_STATS_A_KEY_LIMIT,
	KSRTP_STATS_A_UNKNOWN_SSRC,

	__KSRTP_STATS_A_MAX
};

#define KSRTP_STATS_A_MAX (__KSRTP_STATS_A_MAX - 1)

/* Namespace counters, nested in KSRTP_A_NET_STATS. */
enum ksrtp_net_stats_attr {
	KSRTP_NET_A_UNSPEC,
	KSRTP_NET_A_PAD,
	KSRTP_NET_A_UNKNOWN_SSRC,
	KSRTP_NET_A_NOT_SRTP,
	KSRTP_NET_A_MALFORMED,

	__KSRTP_NET_A_MAX
};

#define KSRTP_NET_A_MAX (__KSRTP_NET_A_MAX - 1)

/* One master key of a context, nested in KSRTP_A_KEYS (replies only). */
enum ksrtp_key_attr {
	KSRTP_KEY_A_UNSPEC,
	KSRTP_KEY_A_PAD,
	KSRTP_KEY_A_MKI,		/* binary, 1..4 bytes, MKI contexts */
	KSRTP_KEY_A_ACTIVE,		/* flag: outbound packets use it */
	KSRTP_KEY_A_FROM_INDEX,		/* u64, contexts without MKI */
	KSRTP_KEY_A_FROM_SRTCP_INDEX,	/* u32, contexts without MKI */
	KSRTP_KEY_A_RTP_PACKETS,	/* u64 SRTP packets under this key */
	KSRTP_KEY_A_RTCP_PACKETS,	/* u64 SRTCP packets under this key */

	__KSRTP_KEY_A_MAX
};

#define KSRTP_KEY_A_MAX (__KSRTP_KEY_A_MAX - 1)

/* A forwarding output, nested in KSRTP_A_FWD_OUTPUT. */
enum ksrtp_out_attr {
	KSRTP_OUT_A_UNSPEC,
	KSRTP_OUT_A_PAD,
	KSRTP_OUT_A_ID,
	KSRTP_OUT_A_CTX_ID,
	KSRTP_OUT_A_LOCAL_IPV4,
	KSRTP_OUT_A_LOCAL_IPV6,
	KSRTP_OUT_A_LOCAL_PORT,
	KSRTP_OUT_A_REMOTE_IPV4,
	KSRTP_OUT_A_REMOTE_IPV6,
	KSRTP_OUT_A_REMOTE_PORT,
	KSRTP_OUT_A_SSRC,
	KSRTP_OUT_A_SEQ_OFFSET,
	KSRTP_OUT_A_TS_OFFSET,
	KSRTP_OUT_A_STATS,

	__KSRTP_OUT_A_MAX
};

#define KSRTP_OUT_A_MAX (__KSRTP_OUT_A_MAX - 1)

/* Forwarding counters, nested in KSRTP_A_FWD_STATS and KSRTP_OUT_A_STATS. */
enum ksrtp_fwd_stats_attr {
	KSRTP_FWD_STATS_A_UNSPEC,
	KSRTP_FWD_STATS_A_PAD,
	KSRTP_FWD_STATS_A_PACKETS,
	KSRTP_FWD_STATS_A_BYTES,
	KSRTP_FWD_STATS_A_LOOPS,
	KSRTP_FWD_STATS_A_NO_CONTEXT,
	KSRTP_FWD_STATS_A_NO_ROUTE,
	KSRTP_FWD_STATS_A_TOO_BIG,
	KSRTP_FWD_STATS_A_KEY,
	KSRTP_FWD_STATS_A_ERRORS,
	KSRTP_FWD_STATS_A_OTHER_PT,

	__KSRTP_FWD_STATS_A_MAX
};

#define KSRTP_FWD_STATS_A_MAX (__KSRTP_FWD_STATS_A_MAX - 1)

/* KSRTP_A_FWD_FLAGS bits. */
#define KSRTP_FWD_F_PLAIN	0x1	/* the input is plain RTP/RTCP */
#define KSRTP_FWD_F_DELIVER	0x2	/* also to the local socket */
#define KSRTP_FWD_F_ALL		(KSRTP_FWD_F_PLAIN | KSRTP_FWD_F_DELIVER)

/* Does an inbound context protect its port (see "Protected ports")? */
enum ksrtp_policy {
	KSRTP_POLICY_REQUIRED = 1,	/* unmatched: dropped, counted (default) */
	KSRTP_POLICY_OPTIONAL = 2,	/* unmatched: passed to the socket */
};

/* KSRTP_A_EVENT values of KSRTP_CMD_EVENT notifications. */
enum ksrtp_event {
	KSRTP_EVENT_SOFT_LIMIT = 1,	/* a key nears its packet limit */
	KSRTP_EVENT_HARD_LIMIT = 2,	/* a key is used up */
	KSRTP_EVENT_SSRC_LEARNED = 3,	/* a template created a context */
	KSRTP_EVENT_LEARN_LIMIT = 4,	/* a template refused a new SSRC */
	KSRTP_EVENT_AUTH_FAILURES = 5,	/* packets fail authentication */
	KSRTP_EVENT_UNMATCHED = 6,	/* a protected port dropped packets */
	KSRTP_EVENT_FWD_DROPS = 7,	/* a forwarding output dropped packets */
};

#define KSRTP_MCGRP_EVENTS		"events"

#define KSRTP_MKI_MAX_LEN		4
#define KSRTP_MAX_KEYS			8
#define KSRTP_LEARN_LIMIT_DEFAULT	16
#define KSRTP_LEARN_LIMIT_MAX		1024
/* Packets per master key (RFC 3711 section 9.2), and the soft margin. */
#define KSRTP_SRTP_KEY_LIMIT		0x1000000000000ULL
#define KSRTP_SRTCP_KEY_LIMIT		0x80000000ULL
#define KSRTP_KEY_SOFT_MARGIN		0x10000ULL

#define KSRTP_FWD_OUTPUTS_MAX		256

#define KSRTP_REPLAY_WINDOW_MIN		64
#define KSRTP_REPLAY_WINDOW_MAX		32767
#define KSRTP_REPLAY_WINDOW_DEFAULT	128

#endif /* _UAPI_LINUX_KSRTP_H */
