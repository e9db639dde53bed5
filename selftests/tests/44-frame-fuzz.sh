#!/bin/bash
# A frame-level mutation fuzzer with a fixed seed (selftests/tools/frames.py
# fuzz): genuine SRTP, forged RTP of the protected SSRC and RTP of random
# SSRCs, a bit flipped or not, in random framings written as raw frames
# from another namespace (UDP length off by a few or 0, bad and zero
# checksums, bytes past the UDP length, IPv4 and IPv6 fragments in any
# order with one missing or not, IPv4 options, IPv6 extension headers),
# to ports with inbound contexts. Every datagram the socket receives must
# be the plaintext of a genuine packet, once, or, where a flipped bit made
# its first byte one of STUN, ZRTP, DTLS or TURN (RFC 7983), the datagram
# as sent; a genuine packet framed so that UDP delivers it must arrive. KSRTP_FRAME_FUZZ_SEED and
# KSRTP_FRAME_FUZZ_ITERATIONS change the seed (default 1) and the count
# (default 5000).
# TIMEOUT=900
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
require_module
require_py_crypto
setup_netns

mac=$(in_a cat "/sys/class/net/$VETH_A/address") || ksft_fail "no MAC address on $VETH_A"
py_tool "$TEST_TMP/fuzz.out" "^# frame fuzzer" frames.py fuzz "$ns_a" "$ns_b" "$VETH_B" "$mac" \
	--seed "${KSRTP_FRAME_FUZZ_SEED:-1}" --iterations "${KSRTP_FRAME_FUZZ_ITERATIONS:-5000}"
ksft_pass "random framings: only genuine packets reach the socket, each once"
