#!/bin/bash
# Raw frames (AF_PACKET, built byte by byte by selftests/tools/frames.py)
# from another namespace over the veth, to a port with inbound contexts:
# IP and UDP lengths that disagree both ways, UDP length 0 (IPv4 and
# IPv6), bad and zero checksums, IPv4 options, IPv6 extension headers,
# IPv4 and IPv6 fragments in and out of order, overlapping, atomic and
# first fragments without the UDP header; each carrying forged plain RTP
# of the protected SSRC, genuine SRTP, RTP of an unknown SSRC, a datagram
# that is not RTP, and STUN. A control run without contexts shows what
# the UDP stack delivers; with the contexts, the socket gets only the
# genuine packets (decrypted, once, where the stack delivers them) and
# STUN, and every forged datagram is counted.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
frames_tool "$TEST_TMP/frames.out" "^# protected: nothing forged" run
ksft_pass "a protected port delivers only authenticated media, framed any way"
