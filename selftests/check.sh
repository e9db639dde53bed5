#!/bin/bash
# selftests/check.sh -- RUN-VM-COMMAND...
#
# make check after selftests/install-deps.sh: the checks that belong on
# the build host once, then the VM suite once per test kernel ("lane"):
#  1. builds the module for the first kernel (KSRTP_SELFTEST=1 W=1,
#     warnings fail) and the tools, and runs selftests/host-tests.sh;
#  2. if 90-packaged-module is among the tests, builds and installs the
#     Debian packages, DKMS building the module for the lanes' kernels of
#     the host (selftests/package-test.sh --no-vm --host-only), reported as
#     host:package, then installs the same ksrtp-dkms in the trixie
#     chroot, its DKMS building for the 7.3 lane's kernel (package-test.sh
#     --no-vm --reuse), reported as host:package-chroot;
#  3. for each kernel: builds the module for it and runs selftests/run.sh
#     in its VM (the host checks are reported in the first lane only).
# Each lane's output is streamed and kept in build/lane-KVER.log; the end
# names each lane's result and failures with its kernel, and the very
# last line adds the lanes up: "N passed, N failed[, N skipped]".
#
# A VM that dies or wedges (run-vm.sh ends a wedged one within a minute)
# does not lose the rest of its lane: every result the boot printed
# counts, the test that was running fails by name with the reason, and the
# tests after it run in a fresh boot of the same kernel (at most
# KSRTP_LANE_BOOTS boots a lane, default 3). A boot that dies before its
# first result fails as vm-boot-N, unless its kernel console shows an
# oops with ksrtp not among the loaded modules: that is the emulator
# wedging on the guest's own set-up (under multi-threaded TCG, patching
# kernel text while the other vCPU runs: Documentation/testing.rst,
# "Known emulator issues"), which the next boot repeats from the start,
# saying so in the log. Tests that never ran, because
# the boots ran out or the time did (KSRTP_CHECK_DEADLINE), fail by name.
#
# Before the lanes, with the host checks and when neither KVER nor TESTS
# is given (or KSRTP_BUILD_MATRIX=1; =0 never), selftests/build-matrix.sh
# builds the module for every kernel line from 5.10 to 7.3 (chroots made
# by install-deps.sh --chroots) and the tools in the trixie chroot: each
# kernel is a result of its own (build-KVER), counted in the summary.
#
# Lanes: every test on 6.1 and 7.3; on 6.12, when TESTS is not given,
# only the tests of LANE_SUBSET_612 below (KSRTP_FULL_LANES=1: all), to
# stay inside CI's time (Documentation/testing.rst, "Lanes").
#
# Environment: KVER (one kernel; default: selftests/vm/kver.sh --all, i.e.
# Debian 12's 6.1, the 6.12 line and the trixie chroot's 7.3), TESTS
# (test names or globs),
# KSRTP_CHECK_DEADLINE (a time, in seconds since the epoch, by which the
# run must have printed its summary: .ci/run sets it inside CI's limit;
# each boot's time limit is cut to fit, and what cannot run fails).
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ "${1:-}" == -- ]] && shift
RUN_VM=("$@")
((${#RUN_VM[@]})) || RUN_VM=("$TOP/selftests/vm/run-vm.sh")
BUILD=$TOP/build
mkdir -p "$BUILD"
set -f # TESTS globs are for run.sh in the VM
read -r -a tests <<<"${TESTS:-}"

if [[ -n "${KVER:-}" ]]; then
	kvers=("$KVER")
else
	mapfile -t kvers < <("$TOP/selftests/vm/kver.sh" --all) || true
	((${#kvers[@]})) || { echo "0 passed, 1 failed"; exit 1; }
fi

BOOTS=${KSRTP_LANE_BOOTS:-3}
[[ "$BOOTS" =~ ^[1-9][0-9]*$ ]] || BOOTS=3
DEADLINE=${KSRTP_CHECK_DEADLINE:-}
[[ -z "$DEADLINE" || "$DEADLINE" =~ ^[0-9]+$ ]] ||
	{ echo "check.sh: KSRTP_CHECK_DEADLINE must be seconds since the epoch" >&2; DEADLINE=''; }

# The tests' names in run.sh's order: each pattern in turn, the files
# matching it in sorted order (all of selftests/tests without TESTS).
shopt -s nullglob
set +f
all_tests=("$TOP"/selftests/tests/*.sh)
set -f
lane_tests=()
if ((${#tests[@]})); then
	for pat in "${tests[@]}"; do
		pat=${pat##*/}
		pat=${pat%.sh}
		found=0
		for t in "${all_tests[@]}"; do
			t=${t##*/}
			t=${t%.sh}
			# shellcheck disable=SC2053 # pat is a glob
			if [[ "$t" == $pat ]]; then
				lane_tests+=("$t")
				found=1
			fi
		done
		((found)) || { echo "check.sh: no test matches '$pat'"; echo "0 passed, 1 failed"; exit 1; }
	done
else
	for t in "${all_tests[@]}"; do
		t=${t##*/}
		lane_tests+=("${t%.sh}")
	done
fi

# The 6.12 lane's tests when TESTS is not given: those where 6.12 can
# differ from 6.1 and 7.3 (both run everything): the boot and the
# in-module known answers, the crypto drivers against libsrtp2, GSO/GRO
# and the MTU, namespaces, the tracepoints and text patching, and the
# DKMS-built package. Documented in Documentation/testing.rst, "Lanes",
# and the README.
LANE_SUBSET_612=(00-vm-smoke 10-known-answers 20-interop-libsrtp 35-gso-gro-mtu
	70-netns-isolation 75-tracepoints 90-packaged-module)

# The tests of KVER's lane (lane_tests filtered for the 6.12 subset).
tests_for() { # KVER
	local t s
	if ((${#tests[@]})) || [[ "${KSRTP_FULL_LANES:-0}" == 1 || "$1" != 6.12.* ]]; then
		printf '%s\n' "${lane_tests[@]}"
		return
	fi
	for t in "${lane_tests[@]}"; do
		for s in "${LANE_SUBSET_612[@]}"; do
			[[ "$t" != "$s" ]] || echo "$t"
		done
	done
}

vm_build() { # KVER
	make --no-print-directory -C "$TOP" vm-build KVER="$1" VM_SELFTEST=1
}

# Is the packaged-module test among the selected ones?
wants_package() {
	local pat
	((${#tests[@]})) || return 0
	for pat in "${tests[@]}"; do
		pat=${pat##*/}
		pat=${pat%.sh}
		# shellcheck disable=SC2053 # pat is a glob
		[[ 90-packaged-module == $pat ]] && return 0
	done
	return 1
}

total_pass=0 total_fail=0 total_skip=0
results=()

# A lane's counts, over all its boots: every "ok"/"not ok" line run.sh
# printed (and the ones this script adds for tests that did not finish).
lane_pass=0 lane_fail=0 lane_skip=0 lane_failed=()
lane_result() { # name verdict(pass|fail|skip) [reason]: a result this script decides
	local log=$1
	shift
	case "$2" in
	pass) echo "ok - $1" ;;
	skip) echo "ok - $1 # SKIP" ;;
	*) echo "not ok - $1${3:+ # $3}" ;;
	esac | tee -a "$log"
}

# ksrtp_in_oops BOOT_LOG: false only when the boot's kernel console
# (run-vm.sh names it) shows an oops whose "Modules linked in:" list has
# no ksrtp, i.e. the guest died before ksrtp was loaded.
ksrtp_in_oops() {
	local console mods
	console=$(sed -n 's/^run-vm: kernel console from the first error (\(.*\)):$/\1/p' "$1" | head -n1)
	[[ -n "$console" && -f "$console" ]] || return 0
	mods=$(grep -m1 'Modules linked in:' "$console") || return 0
	grep -qE '(^| )ksrtp([ (]|$)' <<<"${mods#*Modules linked in:}"
}

# Adds one boot's results (its output in BOOTLOG) to the lane's counts;
# sets ran (names with a result) and running (the test that began last
# and has no result, if any).
count_boot() { # BOOTLOG
	local line name
	ran=() running=''
	while IFS= read -r line; do
		if [[ "$line" =~ ^\#\ run\.sh:\ begin\ ([^ ]+)$ ]]; then
			running=${BASH_REMATCH[1]}
		elif [[ "$line" =~ ^(not\ )?ok\ ([0-9]+|-)\ ([^ ]+)(\ \#\ (SKIP)?.*)?$ ]]; then
			name=${BASH_REMATCH[3]}
			ran+=("$name")
			[[ "$name" != "$running" ]] || running=''
			if [[ -n "${BASH_REMATCH[1]}" ]]; then
				lane_fail=$((lane_fail + 1))
				lane_failed+=("$name")
			elif [[ -n "${BASH_REMATCH[5]}" ]]; then
				lane_skip=$((lane_skip + 1))
			else
				lane_pass=$((lane_pass + 1))
			fi
		fi
	done <"$1"
}

# Adds a lane's counts to the totals.
count_lane() { # KVER
	local k=$1 line
	line="$lane_pass passed, $lane_fail failed"
	((lane_skip == 0)) || line+=", $lane_skip skipped"
	total_pass=$((total_pass + lane_pass))
	total_fail=$((total_fail + lane_fail))
	total_skip=$((total_skip + lane_skip))
	results+=("# kernel $k: $line")
	((${#lane_failed[@]} == 0)) || results+=("# failed on $k: ${lane_failed[*]}")
	lane_pass=0 lane_fail=0 lane_skip=0 lane_failed=()
}

# Runs a lane's tests in as many boots as it takes (see the top).
run_lane() { # KVER LOG ENVS...
	local k=$1 log=$2 boot=1 rc blog left why t budget
	shift 2
	local envs=("$@") todo rest
	mapfile -t todo < <(tests_for "$k")
	blog=$BUILD/lane-$k.boot.log
	while :; do
		budget=()
		if [[ -n "$DEADLINE" ]]; then
			left=$((DEADLINE - $(date +%s) - 60))
			if ((left < 120)); then
				why="not run: no time left before KSRTP_CHECK_DEADLINE"
				break
			fi
			# run-vm.sh ends QEMU at --timeout plus KSRTP_VM_MARGIN.
			budget=(--timeout $((left > 360 ? left - 300 : 60)))
		fi
		((boot == 1)) || echo "# check.sh: boot $boot of $k for the ${#todo[@]} tests left" | tee -a "$log"
		: >"$blog"
		"${RUN_VM[@]}" --kver "$k" "${budget[@]}" "${envs[@]}" -- selftests/run.sh "${todo[@]}" 2>&1 |
			tee -a "$blog" "$log"
		rc=${PIPESTATUS[0]}
		count_boot "$blog"
		grep -qE '^[0-9]+ passed, [0-9]+ failed' "$blog" && return 0
		# The VM died, wedged or timed out before run.sh's summary.
		why=$(grep -E '^run-vm: (the guest wedged|the VM died|TIMEOUT)' "$blog" | head -n1)
		why=${why#run-vm: }
		[[ -n "$why" ]] || why="the VM run ended with status $rc and no summary"
		if [[ -n "$running" ]]; then
			lane_result "$log" "$running" fail "boot $boot ended while it ran: $why"
			lane_failed+=("$running")
			lane_fail=$((lane_fail + 1))
			ran+=("$running")
		elif ((${#ran[@]} == 0)) && ! ksrtp_in_oops "$blog"; then
			# Nothing ran and the kernel died without ksrtp in it: the
			# emulator, in the guest's own set-up (see above); the
			# next boot runs every test.
			echo "# check.sh: boot $boot of $k died before any test, ksrtp not loaded ($why): booting again" |
				tee -a "$log"
		elif ((${#ran[@]} == 0)); then
			lane_result "$log" "vm-boot-$boot" fail "$why"
			lane_failed+=("vm-boot-$boot")
			lane_fail=$((lane_fail + 1))
		fi
		rest=()
		for t in "${todo[@]}"; do
			[[ " ${ran[*]} " == *" $t "* ]] || rest+=("$t")
		done
		todo=("${rest[@]}")
		((${#todo[@]})) || return 0
		envs=() # the host checks are reported by the first boot only
		if ((boot >= BOOTS)); then
			why="not run: $BOOTS boots of $k ended early"
			break
		fi
		boot=$((boot + 1))
	done
	for t in "${todo[@]}"; do
		lane_result "$log" "$t" fail "$why"
		lane_failed+=("$t")
		lane_fail=$((lane_fail + 1))
	done
}

# The build matrix: each kernel a counted result.
wants_matrix() {
	case "${KSRTP_BUILD_MATRIX:-}" in
	1) return 0 ;;
	0) return 1 ;;
	esac
	[[ -z "${KVER:-}" && ${#tests[@]} -eq 0 && "${KSRTP_HOST_TESTS:-1}" != 0 ]]
}
matrix=0
if wants_matrix; then
	matrix=1
	echo "  HOST    build matrix: the module for every kernel line, the tools in trixie"
	start=$(date +%s)
	m_pass=0 m_fail=0 m_failed=()
	while IFS= read -r line; do
		echo "$line"
		if [[ "$line" =~ ^(not\ )?ok\ -\ ([^ ]+) ]]; then
			if [[ -n "${BASH_REMATCH[1]}" ]]; then
				m_fail=$((m_fail + 1))
				m_failed+=("${BASH_REMATCH[2]}")
			else
				m_pass=$((m_pass + 1))
			fi
		fi
	done < <(
		# At most 20 minutes (it takes 3 to 7), and never past the
		# time the lanes need to start before KSRTP_CHECK_DEADLINE.
		mdl=$((start + 1200))
		[[ -z "$DEADLINE" ]] || ((DEADLINE - 1800 > mdl)) || mdl=$((DEADLINE - 1800))
		KSRTP_BUILD_DEADLINE=$mdl "$TOP/selftests/build-matrix.sh" 2>&1 | tee "$BUILD/build-matrix.log"
	)
	((m_pass + m_fail)) || { m_fail=1; m_failed=(build-matrix); }
	echo "  HOST    build matrix: $(($(date +%s) - start)) s"
	total_pass=$((total_pass + m_pass))
	total_fail=$((total_fail + m_fail))
	results+=("# build matrix: $m_pass passed, $m_fail failed")
	((${#m_failed[@]} == 0)) || results+=("# failed in the build matrix: ${m_failed[*]}")
fi

# DKMS on the host builds for the host's kernels, the chroot's DKMS for
# the chroot's (7.3).
host_kvers=() chroot_kvers=()
for k in "${kvers[@]}"; do
	if [[ "$("$TOP/selftests/vm/kver.sh" --root "$k" 2>/dev/null)" == / ]]; then
		host_kvers+=("$k")
	else
		chroot_kvers+=("$k")
	fi
done

first=1
for k in "${kvers[@]}"; do
	log=$BUILD/lane-$k.log
	mapfile -t lt < <(tests_for "$k")
	if ((${#lt[@]} < ${#lane_tests[@]})); then
		echo "  LANE    $k (a subset: ${lt[*]})"
	else
		echo "  LANE    $k"
	fi
	if ! vm_build "$k" 2>&1 | tee "$log"; then
		lane_result "$log" build fail "the module or the tools did not build"
		lane_fail=1 lane_failed=(build)
		count_lane "$k"
		first=0
		continue
	fi
	envs=()
	if ((first)) && [[ "${KSRTP_HOST_TESTS:-1}" == 0 ]]; then
		first=0 # selftests/harness-test.sh: the VM part only
	fi
	if ((first)); then
		echo "  HOST    tools unit tests, libsrtp2 oracle, checkpatch, sparse, shellcheck"
		KVER=$k "$TOP/selftests/host-tests.sh" "$BUILD/host-results"
		if wants_package; then
			echo "  HOST    Debian packages, installed, DKMS for ${host_kvers[*]}"
			start=$(date +%s)
			if "$TOP/selftests/package-test.sh" --no-vm --host-only "${host_kvers[@]}" \
				>"$BUILD/host-results.package.log" 2>&1; then
				echo "pass package" >>"$BUILD/host-results"
			else
				echo "fail package" >>"$BUILD/host-results"
			fi
			echo "  HOST    packages: $(($(date +%s) - start)) s"
			if ((${#chroot_kvers[@]})); then
				echo "  HOST    ksrtp-dkms in the trixie chroot, DKMS for ${chroot_kvers[*]}"
				start=$(date +%s)
				if "$TOP/selftests/package-test.sh" --no-vm --reuse "${chroot_kvers[@]}" \
					>"$BUILD/host-results.package-chroot.log" 2>&1; then
					echo "pass package-chroot" >>"$BUILD/host-results"
				else
					echo "fail package-chroot" >>"$BUILD/host-results"
				fi
				echo "  HOST    package in the chroot: $(($(date +%s) - start)) s"
			fi
		fi
		envs=(--env "KSRTP_HOST_RESULTS=$BUILD/host-results")
		first=0
	fi
	run_lane "$k" "$log" "${envs[@]}"
	count_lane "$k"
done

if ((${#kvers[@]} > 1 || matrix)); then
	printf '%s\n' "${results[@]}"
elif ((${#results[@]} > 1)); then
	printf '%s\n' "${results[@]:1}"
fi
summary="$total_pass passed, $total_fail failed"
((total_skip == 0)) || summary+=", $total_skip skipped"
echo "$summary"
((total_fail == 0))
