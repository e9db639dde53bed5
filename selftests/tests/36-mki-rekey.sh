#!/bin/bash
# Several master keys per context. With MKI, inbound packets pick their
# key by the MKI they carry and outbound packets use the active key;
# without MKI, a key applies from a packet index. Rekeying while media
# flows loses and rejects nothing: against libsrtp2 (both directions,
# RTP and RTCP) and kernel to kernel (both directions at once).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

out=$TEST_TMP/peer.out
out2=$TEST_TMP/peer2.out

# stat_at_least NS ID FIELD N: true once the field has reached N.
# shellcheck disable=SC2317 # called through wait_for
stat_at_least() {
	local v
	v=$(ctx_stat "$1" "$2" "$3")
	[[ -n "$v" ]] && ((v >= $4))
}

for SUITE in AES_CM_128_HMAC_SHA1_32 NULL_HMAC_SHA1_80 AEAD_AES_128_GCM; do
	in_a "$SRTPCTL" flush
	k1=$(new_key k1 $SUITE)
	k2=$(new_key k2 $SUITE)
	A=$(addr 4 a 5004)
	B=$(addr 4 b 6004)

	# 1. Inbound: libsrtp2 switches from MKI 01 to MKI 02 at packet 20.
	id=$(ctx_add "$ns_a" in local "$A" remote "$B" ssrc 0x10 suite $SUITE \
		key-file "$k1" mki 01)
	in_a "$SRTPCTL" key add id "$id" key-file "$k2" mki 02 ||
		ksft_fail "$SUITE: key add mki 02"
	peer_recv "$ns_a" "$out" --local "$A" --count 40 --ssrc 0x10
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x10 --count 40 \
		--srtp $SUITE --key-file "$k1" --mki 01 --key2-file "$k2" \
		--mki2 02 --switch-at 20 || ksft_fail send
	peer_wait
	peer_recv "$ns_a" "$out" --local "$A" --count 10 --ssrc 0x10 --rtcp
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x10 --count 10 \
		--rtcp --srtp $SUITE --key-file "$k1" --mki 01 --key2-file "$k2" \
		--mki2 02 --switch-at 5 || ksft_fail send
	peer_wait
	expect_stats "$ns_a" "$id" rtp-packets 40 rtcp-packets 10
	expect_clean "$ns_a" "$id" key-limit
	check_eq "$SUITE: SRTP packets under MKI 01" 20 "$(key_stat "$ns_a" "$id" 0x01 srtp-packets)"
	check_eq "$SUITE: SRTP packets under MKI 02" 20 "$(key_stat "$ns_a" "$id" 0x02 srtp-packets)"
	# An MKI the context does not have: malformed, dropped.
	peer_recv "$ns_a" "$out" --local "$A" --expect-none --timeout-ms 1500
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x10 --count 3 \
		--seq-start 100 --srtp $SUITE --key-file "$k2" --mki 09 ||
		ksft_fail send
	peer_wait
	expect_stat "$ns_a" "$id" malformed 3

	# 2. Outbound: the kernel switches keys mid-stream when told; the
	# libsrtp2 receiver has both and must get every packet.
	A2=$(addr 6 a 5006)
	B2=$(addr 6 b 6006)
	oid=$(ctx_add "$ns_a" out local "$A2" remote "$B2" ssrc 0x20 suite $SUITE \
		key-file "$k1" mki 01)
	in_a "$SRTPCTL" key add id "$oid" key-file "$k2" mki 02 ||
		ksft_fail "$SUITE: key add mki 02 (inactive)"
	peer_recv "$ns_b" "$out" --local "$B2" --count 400 --ssrc 0x20 \
		--srtp $SUITE --key-file "$k1" --mki 01 --key2-file "$k2" --mki2 02 \
		--timeout-ms 10000
	bg_a "$RTP_PEER" send --local "$A2" --remote "$B2" --ssrc 0x20 --count 400 \
		--interval-us 10000
	sender=$BG_PID
	wait_for 20 stat_at_least "$ns_a" "$oid" rtp-packets 20 ||
		ksft_fail "$SUITE: the stream did not start"
	in_a "$SRTPCTL" key activate id "$oid" mki 02 || ksft_fail "key activate"
	check_eq "$SUITE: MKI 02 is active" yes "$(key_stat "$ns_a" "$oid" 0x02 active)"
	wait "$sender" || ksft_fail "$SUITE: plain sender failed"
	peer_wait
	n1=$(key_stat "$ns_a" "$oid" 0x01 srtp-packets)
	n2=$(key_stat "$ns_a" "$oid" 0x02 srtp-packets)
	((n1 > 0 && n2 > 0 && n1 + n2 == 400)) ||
		ksft_fail "$SUITE: packets per key $n1 + $n2, expected both used, 400 in all"
	# The old key may go now; the active one may not.
	in_a "$SRTPCTL" key del id "$oid" mki 01 || ksft_fail "key del mki 01"
	in_a "$SRTPCTL" key del id "$oid" mki 02 2>/dev/null &&
		ksft_fail "$SUITE: the active key was deleted"
	log "ok $SUITE: MKI rekey against libsrtp2, both directions"
done

# 3. Kernel to kernel, both directions at once, while media flows: add
# the new key on both receivers, then make it active on both senders.
in_a "$SRTPCTL" flush
SUITE=AEAD_AES_128_GCM
k1=$(new_key b1 $SUITE)
k2=$(new_key b2 $SUITE)
# One socket sends and another receives on each side: a to b from 5010
# to 6010, b to a from 6012 to 5012.
A=$(addr 4 a 5010)
B=$(addr 4 b 6010)
A2=$(addr 4 a 5012)
B2=$(addr 4 b 6012)
ao=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc 0x31 suite $SUITE key-file "$k1" mki 0a0b)
ai=$(ctx_add "$ns_a" in local "$A2" remote "$B2" ssrc 0x32 suite $SUITE key-file "$k1" mki 0a0b)
bo=$(ctx_add "$ns_b" out local "$B2" remote "$A2" ssrc 0x32 suite $SUITE key-file "$k1" mki 0a0b)
bi=$(ctx_add "$ns_b" in local "$B" remote "$A" ssrc 0x31 suite $SUITE key-file "$k1" mki 0a0b)
# 400 packets 10 ms apart (times KSRTP_TIMEOUT_SCALE on a slow kernel):
# the four key adds must happen while they flow.
N=400
GAP=$((10000 * TIMEOUT_SCALE))
peer_recv "$ns_b" "$out" --local "$B" --count $N --ssrc 0x31 --timeout-ms 10000
pb=$PEER_PID
peer_recv "$ns_a" "$out2" --local "$A2" --count $N --ssrc 0x32 --timeout-ms 10000
pa=$PEER_PID
bg_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x31 --count $N --interval-us $GAP
sa=$BG_PID
bg_b "$RTP_PEER" send --local "$B2" --remote "$A2" --ssrc 0x32 --count $N --interval-us $GAP
sb=$BG_PID
wait_for 20 stat_at_least "$ns_b" "$bi" rtp-packets 20 ||
	ksft_fail "the streams did not start"
in_b "$SRTPCTL" key add id "$bi" key-file "$k2" mki 0c0d || ksft_fail "key add bi"
in_a "$SRTPCTL" key add id "$ai" key-file "$k2" mki 0c0d || ksft_fail "key add ai"
in_a "$SRTPCTL" key add id "$ao" key-file "$k2" mki 0c0d active || ksft_fail "key add ao"
in_b "$SRTPCTL" key add id "$bo" key-file "$k2" mki 0c0d active || ksft_fail "key add bo"
sent=$(ctx_stat "$ns_b" "$bo" rtp-packets)
((sent < N)) ||
	ksft_fail "the streams ended before the rekey: this machine is too slow for $((GAP / 1000)) ms between packets (KSRTP_TIMEOUT_SCALE)"
wait "$sa" || ksft_fail "sender a"
wait "$sb" || ksft_fail "sender b"
wait "$pb" || ksft_fail "receiver b: $(cat "$out")"
wait "$pa" || ksft_fail "receiver a: $(cat "$out2")"
expect_stat "$ns_a" "$ai" rtp-packets $N
expect_stat "$ns_b" "$bi" rtp-packets $N
expect_clean "$ns_a" "$ai" key-limit
expect_clean "$ns_b" "$bi" key-limit
n=$(key_stat "$ns_b" "$bi" 0x0c0d srtp-packets)
((n > 0 && n < N)) || ksft_fail "the new key carried $n of $N packets"
log "ok both directions rekeyed under traffic: $N and $N packets, none rejected"

# 4. Without MKI: a key from a given index, against libsrtp2 both ways.
in_a "$SRTPCTL" flush
SUITE=AES_CM_128_HMAC_SHA1_80
k1=$(new_key n1 $SUITE)
k2=$(new_key n2 $SUITE)
A=$(addr 4 a 5004)
B=$(addr 4 b 6004)
id=$(ctx_add "$ns_a" in local "$A" remote "$B" ssrc 0x40 suite $SUITE key-file "$k1")
in_a "$SRTPCTL" key add id "$id" key-file "$k2" from-index 120 ||
	ksft_fail "key add from-index"
peer_recv "$ns_a" "$out" --local "$A" --count 40 --ssrc 0x40 --seq-start 100
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x40 --count 40 \
	--seq-start 100 --srtp $SUITE --key-file "$k1" --key2-file "$k2" \
	--switch-at 20 || ksft_fail send
peer_wait
expect_stat "$ns_a" "$id" rtp-packets 40
expect_clean "$ns_a" "$id" key-limit
oid=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc 0x41 suite $SUITE key-file "$k1")
in_a "$SRTPCTL" key add id "$oid" key-file "$k2" from-index 220 ||
	ksft_fail "key add from-index (out)"
peer_recv "$ns_b" "$out" --local "$B" --count 40 --ssrc 0x41 --seq-start 200 \
	--srtp $SUITE --key-file "$k1" --key2-file "$k2" --switch-at 20
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x41 --count 40 \
	--seq-start 200 || ksft_fail send
peer_wait
expect_stat "$ns_a" "$oid" rtp-packets 40
ksft_pass "MKI and index rekeying lose and reject nothing"
