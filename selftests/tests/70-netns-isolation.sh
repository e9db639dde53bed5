#!/bin/bash
# A context lives in one network namespace: invisible from the others, and
# it never touches their traffic, even traffic with the very same tuple.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

SSRC=0x99
key=$(new_key iso)
out=$TEST_TMP/peer.out
A=$(addr 4 a 5004)
B=$(addr 4 b 6004)

# ns_b holds contexts with exactly ns_a's tuples; ns_a holds none.
ob=$(ctx_add "$ns_b" out local "$A" remote "$B" ssrc $SSRC suite AES_CM_128_HMAC_SHA1_80 key-file "$key")
ib=$(ctx_add "$ns_b" in local "$A" remote "$B" ssrc $SSRC suite AES_CM_128_HMAC_SHA1_80 key-file "$key")
[[ -z "$(in_a "$SRTPCTL" show)" ]] || ksft_fail "ns_a sees ns_b's contexts"
in_a "$SRTPCTL" del id "$ob" 2>/dev/null && ksft_fail "ns_a deleted ns_b's context"
in_a "$SRTPCTL" flush || ksft_fail "flush in ns_a"
check_eq "contexts left in ns_b" 2 "$(in_b "$SRTPCTL" show | grep -c '^ctx ')"

# ns_a's plain RTP leaves ns_a plain (ns_a has no context), both ways.
peer_recv "$ns_b" "$out" --local "$B" --count 5 --ssrc $SSRC
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc $SSRC --count 5
peer_wait
expect_stat "$ns_b" "$ob" rtp-packets 0
expect_stat "$ns_b" "$ib" rtp-packets 0

# In ns_a an inbound context for the flow: now ns_a decrypts, ns_b's
# identical context still sees nothing.
ia=$(ctx_add "$ns_a" in local "$A" remote "$B" ssrc $SSRC suite AES_CM_128_HMAC_SHA1_80 key-file "$key")
peer_recv "$ns_a" "$out" --local "$A" --count 5 --ssrc $SSRC
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc $SSRC --count 5 \
	--srtp AES_CM_128_HMAC_SHA1_80 --key-file "$key"
peer_wait
expect_stat "$ns_a" "$ia" rtp-packets 5
expect_stats "$ns_b" "$ib" rtp-packets 0 auth-failures 0
ksft_pass "contexts are per network namespace"
