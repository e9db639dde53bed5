#!/bin/bash
# An SFU sends one SSRC from one local port to several receivers, each
# with its own key: one outbound context per receiver, told apart by the
# remote address and port. Each receiver (libsrtp2) decrypts its copy with
# its own key only.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

SSRC=0x5f0
SUITE=AES_CM_128_HMAC_SHA1_80
N=10
A=$(addr 4 a 5004)
declare -a ids keys
for r in 1 2 3; do
	keys[r]=$(new_key "rcv$r")
	ids[r]=$(ctx_add "$ns_a" out local "$A" remote "$(addr 4 b $((6000 + r)))" \
		ssrc $SSRC suite $SUITE key-file "${keys[r]}")
done

for r in 1 2 3; do
	# The right key decrypts.
	peer_recv "$ns_b" "$TEST_TMP/out$r" --local "$(addr 4 b $((6000 + r)))" \
		--count $N --ssrc $SSRC --srtp $SUITE --key-file "${keys[r]}"
	in_a "$RTP_PEER" send --local "$A" --remote "$(addr 4 b $((6000 + r)))" \
		--ssrc $SSRC --count $N || ksft_fail "send to receiver $r"
	peer_wait
	# Another receiver's key does not.
	other=$((r % 3 + 1))
	peer_recv "$ns_b" "$TEST_TMP/bad$r" --local "$(addr 4 b $((6000 + r)))" \
		--count $N --ssrc $SSRC --srtp $SUITE --key-file "${keys[other]}" \
		--seq-start 100 --timeout-ms 5000
	in_a "$RTP_PEER" send --local "$A" --remote "$(addr 4 b $((6000 + r)))" \
		--ssrc $SSRC --count $N --seq-start 100
	wait "$PEER_PID" && ksft_fail "receiver $r decrypted with receiver $other's key"
	grep -q "ok=0 bad=$N" "$TEST_TMP/bad$r" || ksft_fail "unexpected: $(cat "$TEST_TMP/bad$r")"
	expect_stat "$ns_a" "${ids[r]}" rtp-packets $((2 * N))
done
ksft_pass "one SSRC to three receivers with three keys"
