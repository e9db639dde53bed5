#!/bin/bash
# The stream state that signaling knows and the kernel must take: a
# receiver that joins a running stream (ROC from signaling), a sender
# moved between servers (ROC and highest SEQ, across the wrap), and the
# SRTCP index in both directions. Set with srtpctl set (KSRTP_CMD_CTX_SET),
# checked against libsrtp2 and in srtpctl show. And an outbound context
# never sends one index twice: not after sets that try to go back, not
# for sequence numbers the application repeats (checked on a capture).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

SUITE=AEAD_AES_128_GCM
N=10
out=$TEST_TMP/peer.out
A=$(addr 4 a 5004)
B=$(addr 4 b 6004)

# 1. A receiver joins a stream whose ROC is already 3.
key=$(new_key join $SUITE)
id=$(ctx_add "$ns_a" in local "$A" remote "$B" ssrc 0x10 suite $SUITE key-file "$key")
peer_recv "$ns_a" "$out" --local "$A" --expect-none --timeout-ms 1500
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x10 --count $N \
	--seq-start 100 --srtp $SUITE --key-file "$key" --roc 3 || ksft_fail send
peer_wait
expect_stat "$ns_a" "$id" auth-failures $N
in_a "$SRTPCTL" set id "$id" roc 3 || ksft_fail "srtpctl set roc"
peer_recv "$ns_a" "$out" --local "$A" --count $N --ssrc 0x10 --seq-start 200
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x10 --count $N \
	--seq-start 200 --srtp $SUITE --key-file "$key" --roc 3 || ksft_fail send
peer_wait
expect_stats "$ns_a" "$id" rtp-packets $N roc 3 seq 209
log "ok a receiver joins at ROC 3"

# 2. A sender taken over at ROC 7, SEQ 65530, carries on across the wrap.
key=$(new_key move $SUITE)
id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc 0x20 suite $SUITE key-file "$key")
in_a "$SRTPCTL" set id "$id" roc 7 seq 65530 || ksft_fail "srtpctl set roc seq"
expect_stats "$ns_a" "$id" roc 7 seq 65530
peer_recv "$ns_b" "$out" --local "$B" --count $N --ssrc 0x20 --seq-start 65531 \
	--srtp $SUITE --key-file "$key" --roc 7
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x20 --count $N \
	--seq-start 65531 || ksft_fail send
peer_wait
expect_stats "$ns_a" "$id" roc 8 seq 4
log "ok a sender moved at ROC 7 crosses the wrap into ROC 8"
# It never goes back to indices it has sent (the keystream would repeat),
# and re-adding it is refused rather than resetting its ROC.
in_a "$SRTPCTL" set id "$id" roc 7 seq 65535 2>/dev/null &&
	ksft_fail "an outbound stream was moved back"
in_a "$SRTPCTL" set id "$id" roc 8 2>/dev/null &&
	ksft_fail "an outbound stream was moved back to the start of its ROC"
in_a "$SRTPCTL" add out local "$A" remote "$B" ssrc 0x20 suite $SUITE \
	key-file "$key" 2>/dev/null && ksft_fail "a context was re-added over itself"
expect_stats "$ns_a" "$id" roc 8 seq 4
log "ok an outbound stream never goes back, and is not reset by re-adding"

# 3. SRTCP index, outbound: the next packet carries the index set.
in_a "$SRTPCTL" set id "$id" srtcp-index 1000 || ksft_fail "srtpctl set srtcp-index"
expect_stat "$ns_a" "$id" srtcp-index 1000
peer_recv "$ns_b" "$out" --local "$B" --count $N --ssrc 0x20 --rtcp \
	--srtp $SUITE --key-file "$key" --print-hex
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x20 --count $N --rtcp ||
	ksft_fail send
peer_wait
expect_stat "$ns_a" "$id" srtcp-index $((1000 + N))
# GCM SRTCP ends with E+index: the first packet's must be 0x800003e8.
first=$(grep -m1 -E '^[0-9a-f]+$' "$out")
check_eq "E+index of the first SRTCP packet" 800003e8 "${first: -8}"
log "ok outbound SRTCP index"

# 4. SRTCP index, inbound: indices at or below the one set are replays.
key=$(new_key rtcp $SUITE)
id=$(ctx_add "$ns_a" in local "$A" ssrc 0x30 suite $SUITE key-file "$key")
in_a "$SRTPCTL" set id "$id" srtcp-index 500 || ksft_fail "srtpctl set srtcp-index"
peer_recv "$ns_a" "$out" --local "$A" --expect-none --timeout-ms 1500
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x30 --count $N --rtcp \
	--srtp $SUITE --key-file "$key" || ksft_fail send
peer_wait
expect_stats "$ns_a" "$id" replays $N rtcp-packets 0
log "ok inbound SRTCP index"

# 5. Refusals, each naming the attribute; nothing changes.
out=$(in_a python3 "$NLRAW" set "id:u32:$id" seq:u16:5)
[[ "$out" == 'error=-22 attr=seq msg="KSRTP_A_SEQ needs KSRTP_A_ROC"' ]] || ksft_fail "seq alone: $out"
out=$(in_a python3 "$NLRAW" set "id:u32:$id" srtcp_index:u32:0x80000000)
[[ "$out" == "error=-34 attr=srtcp_index msg="* ]] || ksft_fail "index 2^31: $out"
out=$(in_a python3 "$NLRAW" set "id:u32:$id")
[[ "$out" == "error=-22 attr=- msg=\"nothing to set"* ]] || ksft_fail "empty set: $out"
out=$(in_a python3 "$NLRAW" set id:u32:9999 roc:u32:1)
[[ "$out" == "error=-2 attr=id msg="* ]] || ksft_fail "unknown id: $out"
expect_stat "$ns_a" "$id" srtcp-index 500

# Sections 6 and 7 send SSRC 0x40 under a capture on b's side, checked at
# the end: no two packets were protected under one index.
cap=$TEST_TMP/once.pcap
bg in_b tcpdump -i "$VETH_B" -U -n -w "$cap" udp dst port 6004 2>/dev/null
capture_pid=$BG_PID
wait_for 10 test -s "$cap" || ksft_fail "tcpdump did not start"
trace_open

# 6. An outbound stream never goes back to an index it has sent, also not
# in two steps: a ROC without SEQ starts the next packet afresh, and must
# not open the way back for a second set (keystream reuse; for GCM, nonce
# reuse). Refused with a message naming the attribute; nothing changes.
ONCE_SUITE=AES_CM_128_HMAC_SHA1_80
key=$(new_key once $ONCE_SUITE)
once=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc 0x40 suite $ONCE_SUITE key-file "$key")
in_a "$SRTPCTL" set id "$once" roc 5 || ksft_fail "srtpctl set roc 5"
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x40 --count 5 \
	--seq-start 10 || ksft_fail "send at ROC 5"
expect_stats "$ns_a" "$once" roc 5 seq 14
in_a "$SRTPCTL" set id "$once" roc 6 || ksft_fail "srtpctl set roc 6 (ahead)"
back='error=-22 attr=roc msg="KSRTP_A_ROC: an outbound stream never goes back to indices it may have sent (add a new context)"'
for req in roc:u32:5 roc:u32:0 "roc:u32:5 seq:u16:13"; do
	# shellcheck disable=SC2086 # req is several arguments
	out=$(in_a python3 "$NLRAW" set "id:u32:$once" $req)
	[[ "$out" == "$back" ]] || ksft_fail "set $req after roc 6: $out"
done
expect_stats "$ns_a" "$once" roc 6 seq 0
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x40 --count 5 \
	--seq-start 10 || ksft_fail "send at ROC 6"
expect_stats "$ns_a" "$once" roc 6 seq 14 rtp-packets 10
log "ok an outbound ROC never goes back, also after a set without SEQ"

# 7. The application's sequence numbers: out of order but new ones are
# sent, repeated ones and ones older than the window (128) are dropped
# (its send fails with EPERM), counted in replays and traced as repeat.
# Each datagram twice (only the first copy may leave), 25 and 21 first:
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x40 --count 10 \
	--seq-start 20 --order 25,21 --duplicate 2>"$TEST_TMP/dup.err" &&
	ksft_fail "every duplicate was sent"
n=$(grep -c 'sendto.*Operation not permitted' "$TEST_TMP/dup.err")
check_eq "duplicates refused" 10 "$n"
expect_stats "$ns_a" "$once" seq 29 replays 10
# The same sequence numbers again: all refused.
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x40 --count 5 \
	--seq-start 20 2>/dev/null && ksft_fail "repeated sequence numbers were sent"
expect_stat "$ns_a" "$once" replays 15
# 300, then 100 (200 behind: older than the window) and 200 (new, in it).
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x40 --count 1 \
	--seq-start 300 || ksft_fail "send 300"
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x40 --count 1 \
	--seq-start 100 2>/dev/null && ksft_fail "a packet older than the window was sent"
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x40 --count 1 \
	--seq-start 200 || ksft_fail "a new packet inside the window was not sent"
expect_stats "$ns_a" "$once" replays 16 rtp-packets 22 roc 6 seq 300
n=$(grep -c 'ksrtp_drop: .* dir=out ssrc=0x00000040 srtp index=[0-9]* reason=repeat' "$I/trace")
check_eq "ksrtp_drop reason=repeat events" 16 "$n"

# SRTCP: the kernel numbers it; a set back to an index sent is refused.
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x40 --count 3 --rtcp ||
	ksft_fail "send SRTCP"
out=$(in_a python3 "$NLRAW" set "id:u32:$once" srtcp_index:u32:2)
[[ "$out" == 'error=-22 attr=srtcp_index msg="KSRTP_A_SRTCP_INDEX: an outbound stream never goes back to indices it may have sent"' ]] ||
	ksft_fail "srtcp-index 2 after 0..2 were sent: $out"
in_a "$SRTPCTL" set id "$once" srtcp-index 3 || ksft_fail "srtpctl set srtcp-index 3"
expect_stat "$ns_a" "$once" srtcp-index 3

# The wire: each SRTP packet's keystream (payload XOR the plain packet
# rtp-peer sends for its seq) differs from every other's, so no index,
# ROC included, was used twice; and exactly the packets counted left.
sleep 0.5
kill "$capture_pid"
wait "$capture_pid" 2>/dev/null
"$RTP_PEER" gen --ssrc 0x40 --seq 10 --count 291 >"$TEST_TMP/plain.hex" ||
	ksft_fail "rtp-peer gen"
n=$(tshark -r "$cap" -T fields -e udp.payload 2>/dev/null | python3 -c '
import sys
plain = {}
for line in open(sys.argv[1]):
    p = bytes.fromhex(line.strip())
    plain[int.from_bytes(p[2:4], "big")] = p
seen, n = {}, 0
for line in sys.stdin:
    w = bytes.fromhex(line.strip().replace(":", ""))
    # RTP of SSRC 0x40 (RTCP, payload type 200..204, has its SSRC at 4).
    if len(w) < 28 or 192 <= w[1] <= 223 or w[8:12] != bytes([0, 0, 0, 0x40]):
        continue
    seq = int.from_bytes(w[2:4], "big")
    ks = bytes(x ^ y for x, y in zip(w[12:28], plain[seq][12:28]))
    if ks in seen:
        print("seq %d went out under the keystream of seq %d" % (seq, seen[ks]))
        sys.exit(1)
    seen[ks] = seq
    n += 1
print(n)' "$TEST_TMP/plain.hex") || ksft_fail "two packets under one index: $n"
check_eq "SRTP packets of SSRC 0x40 on the wire" 22 "$n"
log "ok no index is sent twice: repeated and too old sequence numbers dropped"
ksft_pass "ROC, SEQ and SRTCP index from signaling"
