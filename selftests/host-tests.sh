#!/bin/bash
# selftests/host-tests.sh RESULTS
#
# The checks that run on the build host rather than in the VM: the tools'
# unit tests, the libsrtp2 oracles' own tests, the static checks of the
# kernel code (checkpatch, sparse) and of the shell scripts (shellcheck),
# and the netlink YAML spec against the header (netlink-spec).
# Writes one line per check to RESULTS, "pass NAME" or "fail NAME", and
# each check's output to RESULTS.NAME.log; selftests/run.sh in the VM
# reports them as tests named host:NAME, so that `make check` ends with a
# single count. KVER names the kernel whose headers sparse uses; sparse
# runs here, so a kernel installed only in a chroot (the 7.3 lane's, whose
# headers need trixie's toolchain) gives way to this host's test kernel.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RESULTS=${1:?usage: host-tests.sh RESULTS}
KVER=${KVER:-$("$TOP/selftests/vm/kver.sh")}
if [[ ! -d /lib/modules/$KVER/build ]]; then
	host_kver=$("$TOP/selftests/vm/kver.sh")
	echo "host-tests: $KVER has no headers on this host (a chroot's kernel); sparse uses $host_kver's" >&2
	KVER=$host_kver
fi
: >"$RESULTS"

# Each check's verdict goes to RESULTS.NAME.result first; RESULTS gets
# them at the end, in the order of names (below).
run() { # NAME CMD...
	local name=$1 log=$RESULTS.$1.log
	shift
	if (cd "$TOP" && "$@") >"$log" 2>&1; then
		echo "pass $name" >"$RESULTS.$name.result"
	else
		echo "fail $name" >"$RESULTS.$name.result"
	fi
}

# checkpatch.pl from Debian's kernel source package, extracted once.
checkpatch() {
	local dir=$TOP/build/checkpatch tarball
	if [[ ! -x $dir/scripts/checkpatch.pl ]]; then
		tarball=$(ls /usr/src/linux-source-6.1.tar.xz) || return 1
		mkdir -p "$dir"
		tar -xJf "$tarball" -C "$dir" --strip-components=1 --wildcards \
			'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
			'*/scripts/const_structs.checkpatch' || return 1
	fi
	"$dir/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
		-f kernel/*.c kernel/*.h uapi/linux/ksrtp.h >"$RESULTS.checkpatch.out"
	local rc=$?
	cat "$RESULTS.checkpatch.out"
	grep -v '^total: 0 errors, 0 warnings, 0 checks' "$RESULTS.checkpatch.out" |
		grep -q . && return 1
	return $rc
}

# sparse over every file of the module, against the test kernel's headers.
sparse_check() {
	local out
	out=$(make -s -C "/lib/modules/$KVER/build" M="$TOP" KSRTP_SELFTEST=1 W=1 \
		C=2 CHECK=sparse modules 2>&1 | grep -v '^  CHECK\|^  CC\|^  LD\|MODPOST\|BTF\|Skipping BTF')
	echo "$out"
	[[ -z "$out" ]]
}

names=(tools-unit rtp-peer-oracle frame-oracle checkpatch sparse shellcheck netlink-spec)
# The oracle's tests mostly wait (a receiver that must see nothing
# listens for a second; 110 s of which 15 s CPU): they run beside the
# checks that need the CPU.
run rtp-peer-oracle selftests/tools/test-host.sh &
oracle=$!
run tools-unit make -C tools test
# 44-frame-fuzz's libsrtp2 oracle, and its model of what UDP delivers.
run frame-oracle /usr/bin/python3 selftests/tools/frames.py oracle-self-test
run checkpatch checkpatch
run sparse sparse_check
run shellcheck make --no-print-directory lint
# The YAML spec of the netlink family against the header, and the check
# itself against edited copies that it must refuse.
run netlink-spec /usr/bin/python3 selftests/tools/check-spec.py --self-test
wait "$oracle"
for name in "${names[@]}"; do
	if [[ -s "$RESULTS.$name.result" ]]; then
		cat "$RESULTS.$name.result" >>"$RESULTS"
	else
		echo "fail $name" >>"$RESULTS"
	fi
	rm -f "$RESULTS.$name.result"
done
