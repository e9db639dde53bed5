#!/bin/bash
# selftests/harness-test.sh [KVER...]
#
# Tests the test harness itself (make check-harness): that a guest which
# dies or wedges in the middle of a lane is ended within about a minute,
# that the test it was running fails by name with the reason, that the
# tests after it run in a fresh boot, and that every result is counted.
# Each case runs selftests/check.sh on three short tests with
# KSRTP_FAULT (selftests/run.sh) breaking the guest at one of them:
#   hazard   the emulator's text-patching hazard for real
#            (vm/trace-toggle.sh with record-cmd): an int3 Oops, a panic
#            or a wedge, as 47-dtls-srtp-gstreamer once met it
#   silence  the guest's heartbeat stops, nothing on the console
#   panic    in the first test with one boot allowed: the tests after it
#            fail by name as not run
# on each KVER (default: every test kernel). Prints "N passed, N failed".
set -uo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if (($#)); then
	kvers=("$@")
else
	mapfile -t kvers < <("$TOP/selftests/vm/kver.sh" --all)
fi
TESTS='00-vm-smoke 10-known-answers 50-netlink-policy'
pass=0 fail=0

# case NAME KVER FAULT BOOTS: runs check.sh, then checks its output
# against the expected lines (extended regexes, one per argument).
check_case() {
	local name=$1 k=$2 fault=$3 boots=$4 out start secs re bad=0
	local never='the hazard did not strike'
	shift 4
	start=$(date +%s)
	out=$(KVER=$k TESTS=$TESTS KSRTP_HOST_TESTS=0 KSRTP_FAULT=$fault \
		KSRTP_LANE_BOOTS=$boots "$TOP/selftests/check.sh" 2>&1)
	secs=$(($(date +%s) - start))
	if grep -q "$never" <<<"$out"; then
		echo "#   $never"
		bad=1
	fi
	for re in "$@"; do
		if ! grep -qE -- "$re" <<<"$out"; then
			echo "#   missing: /$re/"
			bad=1
		fi
	done
	if ((bad)); then
		echo "# output of $name on $k:"
		tail -n 60 <<<"$out" | sed 's/^/#   /'
		echo "not ok $name ($k, ${secs}s)"
		fail=$((fail + 1))
	else
		grep -E '^(not )?ok - |^# (kernel|failed on) |^run-vm: the guest' <<<"$out" | sed 's/^/#   /'
		echo "ok $name ($k, ${secs}s)"
		pass=$((pass + 1))
	fi
}

for k in "${kvers[@]}"; do
	check_case hazard "$k" 10-known-answers:hazard 3 \
		'^run-vm: the guest wedged or crashed|^run-vm: the VM died' \
		'^not ok - 10-known-answers # boot 1 ended while it ran' \
		'^# check.sh: boot 2 of .* for the 1 tests left' \
		'^ok [0-9]+ 50-netlink-policy$' \
		'^8 passed, 1 failed$'
	check_case silence "$k" 10-known-answers:silence 3 \
		'^run-vm: the guest wedged or crashed and was ended after [0-9]+s: no heartbeat' \
		'^not ok - 10-known-answers # boot 1 ended while it ran: the guest wedged' \
		'^ok [0-9]+ 50-netlink-policy$' \
		'^8 passed, 1 failed$'
	check_case panic "$k" 00-vm-smoke:panic 1 \
		'^not ok - 00-vm-smoke # boot 1 ended while it ran' \
		'^not ok - 10-known-answers # not run: 1 boots of .* ended early' \
		'^not ok - 50-netlink-policy # not run' \
		'^2 passed, 3 failed$'
done
echo "$pass passed, $fail failed"
((fail == 0))
