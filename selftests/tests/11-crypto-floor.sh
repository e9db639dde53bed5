#!/bin/bash
# The crypto floor (kernel/floor.c, KSRTP_SELFTEST builds only): for each
# suite at 12 (header only), 160 and 1200 bytes, the debugfs file seals
# packets with an outbound context's own keys and drivers and reports the
# time. Each write first checks that its loop seals a packet to the bytes
# ksrtp_protect() sends, and fails otherwise: what the benchmark divides
# by is the data path's transform. Malformed requests are refused.
. "$(dirname "$0")/../lib.sh"
require_module

F=/sys/kernel/debug/ksrtp/floor
[[ -e $F ]] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
[[ -e $F ]] || ksft_fail "no $F (a module built without KSRTP_SELFTEST=1?)"

for suite in 1 2 3 4 5 6 7 8 9 10; do
	for len in 12 160 1200; do
		echo "$suite $len 64" >"$F" ||
			ksft_fail "floor: suite $suite, $len bytes refused (not the data path's transform?)"
		read -r line <"$F"
		[[ $line =~ ^suite\ $suite\ len\ $len\ count\ 64\ ns\ ([0-9]+)$ ]] ||
			ksft_fail "floor: suite $suite, $len bytes: '$line'"
		((BASH_REMATCH[1] > 0)) || ksft_fail "floor: no time: $line"
	done
	log "suite $suite: $line"
done
for bad in "0 160 1" "11 160 1" "1 11 1" "1 160 0" "1 9001 1" "1 160" "x"; do
	(echo "$bad" >"$F") 2>/dev/null && ksft_fail "floor: '$bad' was taken"
done
ksft_pass "crypto floor"
