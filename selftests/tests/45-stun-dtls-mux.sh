#!/bin/bash
# On a protected port (one with an inbound context), STUN (first byte
# 0..3), ZRTP (16..19), DTLS (20..63) and TURN channel data (64..79) reach
# the socket untouched (RFC 7983); RTP of an SSRC without a context and
# datagrams of any other first byte are dropped and counted in the
# namespace (KSRTP_CMD_NET_GET), unless the port's contexts are
# `policy optional`, and are untouched on a port with only outbound
# contexts. RTP and RTCP multiplexed on one port (RFC 5761) are told
# apart and each gets its own transform.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

SUITE=AES_CM_128_HMAC_SHA1_32
SSRC=0x51515151
out=$TEST_TMP/peer.out
key=$(new_key mux)
A=$(addr 6 a 5004)
B=$(addr 6 b 6004)
in_id=$(ctx_add "$ns_a" in local "$A" ssrc $SSRC suite $SUITE key-file "$key")
out_id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SSRC suite $SUITE key-file "$key")

# A STUN binding request, a ZRTP Hello start, a DTLS ClientHello record
# header and TURN channel data, both ways.
STUN=000100002112a442b7e7a701bc34d686fa87dfae
ZRTP=10005a525450000000000000
DTLS=16fefd000000000000000000010001
TURN=40000004deadbeef
for pkt in $STUN $ZRTP $DTLS $TURN; do
	peer_recv "$ns_a" "$out" --local "$A" --raw-expect "$pkt"
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --raw-hex "$pkt"
	peer_wait
	peer_recv "$ns_b" "$out" --local "$B" --raw-expect "$pkt"
	in_a "$RTP_PEER" send --local "$A" --remote "$B" --raw-hex "$pkt"
	peer_wait
done
log "ok STUN, ZRTP, DTLS and TURN pass untouched both ways"

# Plain RTP of another SSRC: untouched towards b (no inbound context
# there), dropped and counted on a's protected port.
peer_recv "$ns_b" "$out" --local "$B" --count 5 --ssrc 0x777
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc 0x777 --count 5
peer_wait
peer_recv "$ns_a" "$out" --local "$A" --expect-none --timeout-ms 1500
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x777 --count 5
peer_wait
check_eq "net unknown-ssrc after 5 unknown RTP" 5 "$(net_stat "$ns_a" unknown-ssrc)"
# Not RTP (first byte 0xc0, 0x50, 0x04, empty): dropped and counted.
peer_recv "$ns_a" "$out" --local "$A" --expect-none --timeout-ms 1500
for pkt in c0000000000000000000 5000000000 0400000000; do
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --raw-hex "$pkt"
done
peer_wait
check_eq "net not-srtp after 3 foreign datagrams" 3 "$(net_stat "$ns_a" not-srtp)"
log "ok unknown SSRC and foreign datagrams dropped on a protected port, counted"

# policy optional: the port is no longer protected, an unknown SSRC passes.
in_a "$SRTPCTL" del id "$in_id" || ksft_fail "srtpctl del"
opt_id=$(ctx_add "$ns_a" in local "$A" ssrc $SSRC suite $SUITE key-file "$key" policy optional)
peer_recv "$ns_a" "$out" --local "$A" --count 5 --ssrc 0x777
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x777 --count 5
peer_wait
check_eq "net unknown-ssrc unchanged under policy optional" 5 \
	"$(net_stat "$ns_a" unknown-ssrc)"
in_a "$SRTPCTL" del id "$opt_id" || ksft_fail "srtpctl del"
in_id=$(ctx_add "$ns_a" in local "$A" ssrc $SSRC suite $SUITE key-file "$key")
log "ok an SSRC without a context passes where the contexts are optional"

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
	expect_stats "$ns_a" "$id" rtp-packets 6 rtcp-packets 6 malformed 0
done
ksft_pass "STUN/DTLS untouched, RTP/RTCP mux keyed right"
