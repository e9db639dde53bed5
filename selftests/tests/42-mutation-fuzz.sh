#!/bin/bash
# A mutation fuzzer with a fixed seed: random bit flips, truncations,
# extensions and splices of genuine SRTP/SRTCP packets of every suite (and
# RFC 9335 cryptex packets with CSRCs and either extension form) that
# were not received yet (selftests/tools/hostile.py mutate). Each mutant
# that still carries the context's SSRC must be dropped and counted in
# exactly one drop counter (every bit of SRTP is authenticated, so no
# mutant of a packet not yet accepted may pass); a mutant that no longer
# looks like RTP/RTCP of that SSRC matches no context: on these protected
# ports it must be dropped and counted in the namespace's counters, or,
# if its first byte makes it STUN, ZRTP, DTLS or TURN (RFC 7983), reach
# the socket unchanged, counted nowhere. After its mutants each genuine packet
# is accepted, exactly once. Besides a context of every suite, and one with
# an MKI, each suite that encrypts has an RFC 6904 context (IDs 1 and 3
# encrypted) whose genuine packets carry one-byte elements 1, 2 and 3:
# a mutant of their extension must be dropped as malformed or as an
# authentication failure, never half processed. KSRTP_FUZZ_SEED and
# KSRTP_FUZZ_ITERATIONS change the seed (default 1) and the count
# (default 1500).
# TIMEOUT=900
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
require_py_crypto
setup_ksrtp_netns

py_tool "$TEST_TMP/mutate.out" "^# mutation fuzzer" hostile.py mutate "$ns_a" "$ns_b" \
	--seed "${KSRTP_FUZZ_SEED:-1}" --iterations "${KSRTP_FUZZ_ITERATIONS:-1500}"
ksft_pass "mutants dropped and counted, genuine packets accepted once"
