#!/bin/bash
# A frame-level mutation fuzzer with a fixed seed (selftests/tools/frames.py
# fuzz): genuine SRTP, genuine packets sent again, forged RTP of the
# protected SSRC and RTP of random SSRCs, a bit flipped or not, in
# random framings written as raw frames
# from another namespace (UDP length off by a few or 0, bad and zero
# checksums, bytes past the UDP length, IPv4 and IPv6 fragments in any
# order with one missing or not, IPv4 options, IPv6 extension headers),
# to ports with inbound contexts. The oracle is libsrtp2: what UDP would
# deliver of each case goes to one libsrtp2 receiver with the contexts'
# key (selftests/tools/srtp-oracle), and every datagram the socket
# receives must be the plaintext it accepted, or, where a flipped bit
# made its first byte one of STUN, ZRTP, DTLS or TURN (RFC 7983), the
# datagram as UDP delivers it; what libsrtp2 accepts must arrive.
# KSRTP_FRAME_FUZZ_SEED and KSRTP_FRAME_FUZZ_ITERATIONS change the seed
# (default 1) and the count (default 5000); KSRTP_FRAME_FUZZ_ORACLE=
# wrong-key gives libsrtp2 a wrong key, and the test must then fail.
# TIMEOUT=900
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
require_file "$SELFTESTS/tools/srtp-oracle"
frames_tool "$TEST_TMP/fuzz.out" "^# frame fuzzer" fuzz \
	--seed "${KSRTP_FRAME_FUZZ_SEED:-1}" --iterations "${KSRTP_FRAME_FUZZ_ITERATIONS:-5000}"
ksft_pass "random framings: the socket gets only what libsrtp2 accepts, each once"
