#!/bin/bash
# Key lifetime (RFC 3711 section 9.2): a key stops at the end of its
# packet or index space, and says so. Soft and hard limit events, and the
# rate-limited event for repeated authentication failures, arrive on the
# events group (srtpctl monitor). The ends are reached by setting the
# stream state near them, as a stream moved between servers would have.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

out=$TEST_TMP/peer.out
mon=$TEST_TMP/monitor.out
monitor_start "$ns_a" "$mon"
SUITE=AES_CM_128_HMAC_SHA1_80
key=$(new_key lim $SUITE)
A=$(addr 4 a 5004)
B=$(addr 4 b 6004)

# 1. Outbound SRTP at ROC 2^32 - 1: the 15 packets up to SEQ 0xffff go
# out (libsrtp2 decrypts them), the 5 after the wrap have no index left.
id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc 0x10 suite $SUITE key-file "$key")
in_a "$SRTPCTL" set id "$id" roc 4294967295 seq 65520 || ksft_fail "set roc"
peer_recv "$ns_b" "$out" --local "$B" --count 15 --ssrc 0x10 --seq-start 65521 \
	--srtp $SUITE --key-file "$key" --roc 4294967295 --linger-ms 1000
# A packet that ksrtp drops on the way out fails the send with EPERM, as
# any netfilter drop does: rtp-peer reports the 5 failed sends.
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x10 --count 20 \
	--seq-start 65521 2>"$TEST_TMP/send.err" &&
	ksft_fail "the sends past the end of the key did not fail"
check_eq "failed sends" 5 "$(grep -c 'Operation not permitted' "$TEST_TMP/send.err")"
peer_wait
expect_stats "$ns_a" "$id" rtp-packets 15 key-limit 5
wait_event "$mon" "^soft-limit id $id "
wait_event "$mon" "^hard-limit id $id "
check_eq "one soft-limit event per key" 1 "$(grep -c "^soft-limit id $id " "$mon")"
check_eq "one hard-limit event per key" 1 "$(grep -c "^hard-limit id $id " "$mon")"
log "ok outbound SRTP stops at index 2^48 - 1"

# 2. Outbound SRTCP at index 2^31 - 3: three go out, then the key is
# used up for SRTCP.
id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc 0x11 suite $SUITE key-file "$key")
in_a "$SRTPCTL" set id "$id" srtcp-index 2147483645 || ksft_fail "set srtcp-index"
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x11 --count 5 --rtcp \
	2>/dev/null && ksft_fail "the SRTCP sends past the end of the key did not fail"
expect_stats "$ns_a" "$id" rtcp-packets 3 key-limit 2
wait_event "$mon" "^hard-limit id $id "
log "ok outbound SRTCP stops at index 2^31 - 1"

# 3. Inbound near the end: a soft-limit event, every packet accepted;
# past the end, dropped as key-limit.
id=$(ctx_add "$ns_a" in local "$A" remote "$B" ssrc 0x12 suite $SUITE key-file "$key")
in_a "$SRTPCTL" set id "$id" roc 4294967295 seq 65500 || ksft_fail "set roc (in)"
peer_recv "$ns_a" "$out" --local "$A" --count 10 --ssrc 0x12 --seq-start 65510
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x12 --count 10 \
	--seq-start 65510 --srtp $SUITE --key-file "$key" --roc 4294967295 ||
	ksft_fail send
peer_wait
expect_stat "$ns_a" "$id" rtp-packets 10
wait_event "$mon" "^soft-limit id $id "
log "ok inbound soft limit"

# 4. Forged packets: auth-failures events, at most one per second per
# context, carrying the context's total.
bad=$(new_key bad $SUITE)
id=$(ctx_add "$ns_a" in local "$A" remote "$B" ssrc 0x13 suite $SUITE key-file "$key")
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x13 --count 50 \
	--interval-us 1000 --srtp $SUITE --key-file "$bad" || ksft_fail send
expect_stat "$ns_a" "$id" auth-failures 50
wait_event "$mon" "^auth-failures id $id .*count [0-9]+"
n=$(grep -c "^auth-failures id $id " "$mon")
((n >= 1 && n <= 3)) || ksft_fail "$n auth-failures events for 50 packets in well under 3 s"
sleep 1.2
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x13 --count 1 \
	--seq-start 200 --srtp $SUITE --key-file "$bad" || ksft_fail send
wait_event "$mon" "^auth-failures id $id .*count 51"
log "ok auth-failures events, rate-limited"

# Events reach only the namespace of the context.
mon_b=$TEST_TMP/monitor_b.out
monitor_start "$ns_b" "$mon_b"
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x13 --count 3 \
	--seq-start 300 --srtp $SUITE --key-file "$bad" --interval-us 600000 ||
	ksft_fail send
sleep 0.5
[[ ! -s "$mon_b" ]] || ksft_fail "events leaked into another namespace: $(cat "$mon_b")"
ksft_pass "keys stop at their limits and say so; events are rate-limited"
