#!/bin/bash
# selftests/build-matrix.sh [KVER-GLOB...]
#
# Builds the module with KSRTP_SELFTEST=1 W=1 (any compiler or modpost
# warning fails) against the headers of every kernel line ksrtp supports,
# and the tools inside the trixie chroot (issue 18; Documentation/
# testing.rst, "Chroots and the build matrix"):
#   on the host         Debian 12's 6.1 and bookworm's 6.12
#                       (selftests/vm/kver.sh --line)
#   bullseye chroot     5.10
#   trixie chroot       6.12, 6.16, 6.18, 6.19, 7.3 and sid's 7.2
# (the chroots are selftests/vm/chroots.sh's; it does not make them).
# Each build runs in a copy of the module's sources (Kbuild, kernel/,
# uapi/), so the work tree's ksrtp.ko is left alone; chroot builds run
# inside the chroot. Prints one KTAP-style line per kernel,
#   ok - build-7.3.4+deb13-amd64
#   not ok - build-5.10.0-46-amd64 # 3 errors (build/matrix/5.10.0-46-amd64.log)
# and "ok - build-tools-trixie", then "N passed, N failed". A line a
# chroot should have but does not fails by name (build-LINE). Exit status
# 0 iff all passed. KVER-GLOBs build only the matching kernels.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$TOP/build/matrix
CHROOTS=$TOP/selftests/vm/chroots.sh
mkdir -p "$OUT"
JOBS=$(nproc 2>/dev/null || echo 2)
# A build that takes longer than this (seconds) has hung: it fails.
LIMIT=${KSRTP_BUILD_LIMIT:-600}
# KSRTP_BUILD_DEADLINE (seconds since the epoch; check.sh sets it inside
# KSRTP_CHECK_DEADLINE): no build runs past it, and the ones that could
# not start fail by name.
DEADLINE=${KSRTP_BUILD_DEADLINE:-}
[[ -z "$DEADLINE" || "$DEADLINE" =~ ^[0-9]+$ ]] || DEADLINE=''
# Sets LIMIT for the next build; fails if no time is left.
time_left() {
	local left
	[[ -n "$DEADLINE" ]] || return 0
	left=$((DEADLINE - $(date +%s)))
	((left > 10)) || return 1
	((left >= ${KSRTP_BUILD_LIMIT:-600})) || LIMIT=$left
}

pass=0 fail=0
result() { # NAME ok|fail [reason]
	if [[ "$2" == ok ]]; then
		echo "ok - $1"
		pass=$((pass + 1))
	else
		echo "not ok - $1${3:+ # $3}"
		fail=$((fail + 1))
	fi
}

selected() { # KVER
	local g
	((${#globs[@]})) || return 0
	for g in "${globs[@]}"; do
		# shellcheck disable=SC2053 # a glob
		[[ "$1" == $g ]] && return 0
	done
	return 1
}
globs=("$@")

# The module's sources, as DKMS ships them (Makefile's dkms-src).
copy_src() { # DEST
	rm -rf "$1"
	mkdir -p "$1"
	cp -a "$TOP/Kbuild" "$TOP/kernel" "$TOP/uapi" "$1/"
	find "$1" -type f \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \) -delete
}

# Kbuild's notice that the chroot's pahole is not the one the kernel was
# built with: sid's 7.2 was built with pahole 1.32, trixie's 7.3 with
# 1.30, and one chroot has one pahole (trixie's 1.30). It is about the
# build tools, not about ksrtp's code (it only matters for the module's
# BTF, and the 7.2 module is never loaded), so it is the one warning
# that does not fail a build here.
NOT_CODE='^warning: pahole version differs from the one used to build the kernel$'

# Judges a build from its status and log.
judge() { # NAME STATUS LOG SECONDS
	local n
	echo "# $1: $4 s" >>"$3"
	if (($2 == 124)); then
		result "$1" fail "no result after $LIMIT s (${3#"$TOP"/})"
	elif (($2 != 0)); then
		n=$(grep -c 'error:' "$3")
		result "$1" fail "did not build, $n errors (${3#"$TOP"/})"
	elif grep -i 'warning:' "$3" | grep -qv "$NOT_CODE"; then
		n=$(grep -i 'warning:' "$3" | grep -cv "$NOT_CODE")
		result "$1" fail "$n warnings (${3#"$TOP"/})"
	else
		result "$1" ok
	fi
	echo "# $1: $4 s"
}

build_host() { # KVER
	local k=$1 src=$OUT/src-$1 log=$OUT/$1.log t0 rc
	time_left || { result "build-$k" fail "not run: KSRTP_BUILD_DEADLINE passed"; return; }
	t0=$(date +%s)
	copy_src "$src"
	timeout "$LIMIT" make -j"$JOBS" -C "/lib/modules/$k/build" M="$src" W=1 KSRTP_SELFTEST=1 modules >"$log" 2>&1
	rc=$?
	[[ $rc -ne 0 || -f "$src/ksrtp.ko" ]] || { echo "no ksrtp.ko" >>"$log"; rc=1; }
	judge "build-$k" "$rc" "$log" $(($(date +%s) - t0))
	rm -rf "$src"
}

build_chroot() { # DIR KVER
	local dir=$1 k=$2 log=$OUT/$2.log t0 rc tmp
	time_left || { result "build-$k" fail "not run: KSRTP_BUILD_DEADLINE passed"; return; }
	t0=$(date +%s)
	tmp=$(mktemp -d "$dir/tmp/ksrtp-matrix.XXXXXX")
	copy_src "$tmp"
	timeout "$LIMIT" "$CHROOTS" --run "$dir" make -j"$JOBS" -C "/lib/modules/$k/build" M="${tmp#"$dir"}" \
		W=1 KSRTP_SELFTEST=1 modules >"$log" 2>&1
	rc=$?
	[[ $rc -ne 0 || -f "$tmp/ksrtp.ko" ]] || { echo "no ksrtp.ko" >>"$log"; rc=1; }
	judge "build-$k" "$rc" "$log" $(($(date +%s) - t0))
	rm -rf "$tmp"
}

build_tools() { # DIR NAME
	local dir=$1 log=$OUT/tools-$2.log t0 rc tmp
	time_left || { result "build-tools-$2" fail "not run: KSRTP_BUILD_DEADLINE passed"; return; }
	t0=$(date +%s)
	tmp=$(mktemp -d "$dir/tmp/ksrtp-tools.XXXXXX")
	cp -a "$TOP/tools" "$TOP/uapi" "$tmp/"
	timeout "$LIMIT" "$CHROOTS" --run "$dir" make -j"$JOBS" -C "${tmp#"$dir"}/tools" clean all >"$log" 2>&1
	rc=$?
	judge "build-tools-$2" "$rc" "$log" $(($(date +%s) - t0))
	rm -rf "$tmp"
}

# The host's lines.
for line in 6.1 6.12; do
	if k=$("$TOP/selftests/vm/kver.sh" --line "$line" 2>/dev/null); then
		selected "$k" && build_host "$k"
	else
		selected "$line" && result "build-$line" fail "no $line kernel with headers on the host (selftests/install-deps.sh)"
	fi
done

# The chroots' lines, each one that should be there.
mapfile -t have < <("$CHROOTS" --list)
while read -r dir line; do
	k=''
	for h in "${have[@]}"; do
		[[ "${h%% *}" == "$dir" && "${h#* }" == "$line".*-amd64 ]] && k=${h#* }
	done
	if [[ -z "$k" ]]; then
		selected "$line" && result "build-$line" fail "no $line headers in $dir (selftests/vm/chroots.sh)"
		continue
	fi
	selected "$k" && build_chroot "$dir" "$k"
done < <("$CHROOTS" --lines)

trixie=$(dirname "$("$CHROOTS" --lines | awk '{ print $1; exit }')")/trixie
if selected tools-trixie; then
	if [[ -f "$trixie/etc/debian_version" ]]; then
		build_tools "$trixie" trixie
	else
		result build-tools-trixie fail "no trixie chroot at $trixie (selftests/vm/chroots.sh)"
	fi
fi

echo "$pass passed, $fail failed"
((fail == 0))
