#!/bin/bash
# The inbound hook entered from process context: an nft rule in the input
# chain (priority filter, just before ksrtp's hook) sends every other SRTP
# packet for the media port to NFQUEUE 0, and a userspace reader
# (selftests/tools/nfqueue.py) accepts each. The kernel then runs the
# remaining hooks, ksrtp's included, from the reader's sendmsg(), in
# process context with bottom halves enabled, interleaved with the other
# half of the stream that ksrtp decrypts in the softirq. Every packet must
# arrive decrypted, and the context's counters must be exact: N sent, N
# counted, no drop. The reader and the sender share one CPU, so both
# paths count on the same per-CPU counters. (On a kernel with
# CONFIG_DEBUG_PREEMPT, per-CPU access from that path without bottom
# halves disabled is also reported in the kernel log, which the harness
# fails on.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns nft taskset

N=400
SUITE=AES_CM_128_HMAC_SHA1_80
SSRC=0x46464646
key=$(new_key nfq)
A=$(addr 4 a 5004)
B=$(addr 4 b 6004)
id=$(ctx_add "$ns_a" in local "$A" ssrc $SSRC suite $SUITE key-file "$key")

# First without the queue: all in the softirq; the bytes of N packets.
peer_recv "$ns_a" "$TEST_TMP/recv1.out" --local "$A" --ssrc $SSRC --count $N
in_b taskset -c 0 "$RTP_PEER" send --local "$B" --remote "$A" --ssrc $SSRC \
	--count $N --interval-us 4000 --srtp $SUITE --key-file "$key" ||
	ksft_fail "rtp-peer send"
peer_wait
expect_stats "$ns_a" "$id" rtp-packets $N auth-failures 0 replays 0 \
	malformed 0 errors 0
bytes=$(ctx_stat "$ns_a" "$id" rtp-bytes)
log "ok $N packets in the softirq, $bytes bytes"

# Then every other packet through NFQUEUE and back.
in_a nft "add table inet ksrtp-nfq
	add chain inet ksrtp-nfq input { type filter hook input priority filter; policy accept; }
	add rule inet ksrtp-nfq input udp dport 5004 numgen inc mod 2 0 queue num 0" ||
	ksft_fail "cannot add the nft queue rule (CONFIG_NFT_QUEUE, CONFIG_NFT_NUMGEN?)"
ready=$TEST_TMP/nfqueue.ready
bg_a taskset -c 0 python3 "$SELFTESTS/tools/nfqueue.py" 0 $((N / 2)) "$ready" 60 \
	>"$TEST_TMP/nfqueue.out" 2>&1
reader=$BG_PID
wait_for 30 test -e "$ready" ||
	ksft_fail "the NFQUEUE reader did not bind: $(cat "$TEST_TMP/nfqueue.out")"
peer_recv "$ns_a" "$TEST_TMP/recv2.out" --local "$A" --ssrc $SSRC --count $N \
	--seq-start $N
in_b taskset -c 0 "$RTP_PEER" send --local "$B" --remote "$A" --ssrc $SSRC \
	--count $N --seq-start $N --interval-us 4000 --srtp $SUITE --key-file "$key" ||
	ksft_fail "rtp-peer send through the queue"
peer_wait
wait "$reader" || ksft_fail "nfqueue.py: $(cat "$TEST_TMP/nfqueue.out")"
check_eq "packets the reader accepted" "accepted $((N / 2))" "$(cat "$TEST_TMP/nfqueue.out")"
expect_stats "$ns_a" "$id" rtp-packets $((2 * N)) rtp-bytes $((2 * bytes)) \
	auth-failures 0 replays 0 malformed 0 errors 0
log "ok $((N / 2)) of $N packets decrypted after an NFQUEUE verdict, counted exactly"
ksft_pass "the inbound hook from process context (NFQUEUE reinject)"
