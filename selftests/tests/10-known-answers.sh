#!/bin/bash
# The in-module known-answer tests (kernel/selftest.c: RFC 3711 B.2
# keystream, B.3 key derivation, the whole-packet SRTP and SRTCP vectors,
# RFC 6188 key derivation, RFC 7714 AES-GCM for SRTP and SRTCP, RFC 9335
# cryptex (every vector of its appendix, AES-CM and AES-GCM), RFC 4568
# session parameters (no encryption, no SRTP tag, SRTCP with E = 0), a round
# trip through every suite, index estimation across the wrap, the replay
# window at four sizes against a model) ran when the module was loaded,
# and all of them passed. Reloading runs them again.
. "$(dirname "$0")/../lib.sh"
require_module

MIN=428	# the number of checks in kernel/selftest.c

check_log() {
	local line
	line=$(dmesg | grep -E 'ksrtp: selftest: [0-9]+ passed, [0-9]+ failed' | tail -n 1)
	[[ -n "$line" ]] || ksft_fail "no self-test summary in the kernel log (module built without KSRTP_SELFTEST=1?)"
	[[ "$line" =~ selftest:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]] || ksft_fail "bad summary: $line"
	((BASH_REMATCH[2] == 0)) || ksft_fail "in-module self-tests failed: $line"
	((BASH_REMATCH[1] >= MIN)) || ksft_fail "only ${BASH_REMATCH[1]} self-tests ran, expected at least $MIN"
	log "${line#*] }"
}

check_log
dmesg -C
# shellcheck disable=SC2119 # no module parameters
ksrtp_reload || ksft_fail "reload"
check_log
ksft_pass "in-module known-answer tests"
