#!/bin/bash
# selftests/check.sh -- RUN-VM-COMMAND...
#
# make check after selftests/install-deps.sh: the checks that belong on
# the build host once, then the VM suite once per test kernel ("lane"):
#  1. builds the module for the first kernel (KSRTP_SELFTEST=1 W=1,
#     warnings fail) and the tools, and runs selftests/host-tests.sh;
#  2. if 90-packaged-module is among the tests, builds and installs the
#     Debian packages, DKMS building the module for every lane's kernel
#     (selftests/package-test.sh --no-vm), reported as host:package;
#  3. for each kernel: builds the module for it and runs selftests/run.sh
#     in its VM (the host checks are reported in the first lane only).
# Each lane's output is streamed and kept in build/lane-KVER.log; the end
# names each lane's result and failures with its kernel, and the very
# last line adds the lanes up: "N passed, N failed[, N skipped]".
#
# Environment: KVER (one kernel; default: selftests/vm/kver.sh --all, i.e.
# Debian 12's 6.1 and the 6.12 line), TESTS (test names or globs).
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

# Adds a lane's summary line (or a failure if there is none) to the totals.
count_lane() { # KVER LOG STATUS
	local k=$1 log=$2 rc=$3 line failed
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
	if [[ -z "$line" ]]; then
		line="0 passed, 1 failed"
		failed="the VM run itself (exit $rc)"
	else
		failed=$(sed -n 's/^not ok [0-9]* \([^ ]*\).*/\1/p' "$log" | xargs)
	fi
	[[ "$line" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)? ]]
	total_pass=$((total_pass + BASH_REMATCH[1]))
	total_fail=$((total_fail + BASH_REMATCH[2]))
	total_skip=$((total_skip + ${BASH_REMATCH[4]:-0}))
	results+=("# kernel $k: $line")
	[[ -z "$failed" ]] || results+=("# failed on $k: $failed")
}

first=1
for k in "${kvers[@]}"; do
	log=$BUILD/lane-$k.log
	echo "  LANE    $k"
	if ! vm_build "$k" 2>&1 | tee "$log"; then
		echo "not ok 1 build" >>"$log"
		echo "0 passed, 1 failed" >>"$log"
		count_lane "$k" "$log" 1
		first=0
		continue
	fi
	envs=()
	if ((first)); then
		echo "  HOST    tools unit tests, libsrtp2 oracle, checkpatch, sparse, shellcheck"
		KVER=$k "$TOP/selftests/host-tests.sh" "$BUILD/host-results"
		if wants_package; then
			echo "  HOST    Debian packages, installed, DKMS for ${kvers[*]}"
			start=$(date +%s)
			if "$TOP/selftests/package-test.sh" --no-vm "${kvers[@]}" \
				>"$BUILD/host-results.package.log" 2>&1; then
				echo "pass package" >>"$BUILD/host-results"
			else
				echo "fail package" >>"$BUILD/host-results"
			fi
			echo "  HOST    packages: $(($(date +%s) - start)) s"
		fi
		envs=(--env "KSRTP_HOST_RESULTS=$BUILD/host-results")
		first=0
	fi
	"${RUN_VM[@]}" --kver "$k" "${envs[@]}" -- selftests/run.sh "${tests[@]}" 2>&1 |
		tee -a "$log"
	count_lane "$k" "$log" "${PIPESTATUS[0]}"
done

if ((${#kvers[@]} > 1)); then
	printf '%s\n' "${results[@]}"
elif ((${#results[@]} > 1)); then
	printf '%s\n' "${results[@]:1}"
fi
summary="$total_pass passed, $total_fail failed"
((total_skip == 0)) || summary+=", $total_skip skipped"
echo "$summary"
((total_fail == 0))
