#!/bin/bash
# On a port that carries contexts, STUN (first byte 0..3) and DTLS
# (20..63) reach the socket untouched (RFC 7983), as does RTP of an SSRC
# without a context; RTP and RTCP multiplexed on one port (RFC 5761) are
# told apart and each gets its own transform.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
require_module
setup_netns

SUITE=AES_CM_128_HMAC_SHA1_32
SSRC=0x51515151
out=$TEST_TMP/peer.out
key=$(new_key mux)
A=$(addr 6 a 5004)
B=$(addr 6 b 6004)
in_id=$(ctx_add "$ns_a" in local "$A" ssrc $SSRC suite $SUITE key-file "$key")
out_id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SSRC suite $SUITE key-file "$key")

# STUN binding request and a DTLS ClientHello record header, both ways.
STUN=000100002112a442b7e7a701bc34d686fa87dfae
DTLS=16fefd000000000000000000010001
for pkt in $STUN $DTLS; do
	peer_recv "$ns_a" "$out" --local "$A" --raw-expect "$pkt"
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --raw-hex "$pkt"
	peer_wait
	peer_recv "$ns_b" "$out" --local "$B" --raw-expect "$pkt"
	in_a "$RTP_PEER" send --local "$A" --remote "$B" --raw-hex "$pkt"
	peer_wait
done
log "ok STUN and DTLS pass untouched both ways"

# Plain RTP of another SSRC is not ours: untouched both ways.
peer_recv "$ns_b" "$out" --local "$B" --count 5 --ssrc 0x777
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x777 --count 5
peer_wait
peer_recv "$ns_a" "$out" --local "$A" --count 5 --ssrc 0x777
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x777 --count 5
peer_wait
log "ok an SSRC without a context is untouched"

# RTP and RTCP multiplexed, through the same contexts, both ways
# (the inbound context is a wildcard: any source).
for kind in "" --rtcp; do
	# shellcheck disable=SC2086
	peer_recv "$ns_b" "$out" --local "$B" --count 6 --ssrc $SSRC \
		--srtp $SUITE --key-file "$key" $kind
	# shellcheck disable=SC2086
	in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc $SSRC --count 6 $kind
	peer_wait
	# shellcheck disable=SC2086
	peer_recv "$ns_a" "$out" --local "$A" --count 6 --ssrc $SSRC $kind
	# shellcheck disable=SC2086
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc $SSRC --count 6 \
		--srtp $SUITE --key-file "$key" $kind
	peer_wait
done
for id in $in_id $out_id; do
	expect_stat "$ns_a" "$id" rtp-packets 6
	expect_stat "$ns_a" "$id" rtcp-packets 6
	expect_stat "$ns_a" "$id" malformed 0
done
ksft_pass "STUN/DTLS untouched, RTP/RTCP mux keyed right"
