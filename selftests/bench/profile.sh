#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests/bench/profile.sh [OUT]: where the send path's time goes, by
# sampling (Documentation/performance.rst, "The send path, profiled").
# Runs in the VM (make bench-profile), as root, with the production
# module loaded.
#
# One thread sends RTP through a dummy device, as part 1 of the benchmark
# does: plain, then through an outbound context of each suite, at each
# size. perf samples the sending CPU (cpu-clock: TCG has no PMU) for the
# whole run, and every sample is put in one class by its symbol:
#   crypto  AES, GHASH, SHA-1, HMAC and the crypto API around them
#   fpu     saving and restoring the FPU state that the SIMD code needs
#   ksrtp   the module's own code
#   stack   the rest of the kernel (socket, UDP, IP, netfilter, device)
#   user    the sender itself (rtp-blast, libc)
#   idle    the CPU idle (excluded from the per-packet figures)
# A class's time per packet is its share of the busy samples times the
# sending thread's time per packet (1 / pps). ksrtp's added cost per
# packet (its time per packet minus plain's) is then split into the
# crypto it ran and the rest, in the same run and by the same clock,
# which part 7's floor, timed apart from the send path, cannot do.
#
# Prints the table, then the hottest symbols of each run, to stdout and
# to OUT (default $KSRTP_VM_RESULTS/profile.txt, else ./profile.txt).
# Environment: KSRTP_BENCH_SIZES (default "160 1200"), KSRTP_PROFILE_SECS
# (seconds per run, default 3), KSRTP_PROFILE_FREQ (samples per second,
# default 2000).
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BLAST=$TOP/selftests/bench/rtp-blast
SRTPCTL=$TOP/tools/srtpctl/srtpctl
SIZES=${KSRTP_BENCH_SIZES:-160 1200}
SECS=${KSRTP_PROFILE_SECS:-3}
FREQ=${KSRTP_PROFILE_FREQ:-2000}
OUT=${1:-${KSRTP_VM_RESULTS:-.}/profile.txt}
SUITES=(AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM)
NS=kp-send SRC=10.98.0.1 DST=10.98.0.2 CPU=0
WORK=$(mktemp -d /tmp/ksrtp-profile.XXXXXX)

die() { echo "profile: $*" >&2; exit 1; }
cleanup() {
	ip netns del "$NS" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

command -v perf >/dev/null || die "perf is missing (Debian: linux-perf; make bench-profile installs it)"
[[ -x $BLAST ]] || die "$BLAST is missing (make -C selftests/bench)"
sysctl -qw kernel.perf_event_paranoid=-1 kernel.kptr_restrict=0 || die "sysctl perf_event_paranoid"

ip netns add "$NS" || die "ip netns add"
ip -n "$NS" link set lo up
ip -n "$NS" link add d0 type dummy
ip -n "$NS" addr add "$SRC/24" dev d0
ip -n "$NS" link set d0 up

# Port 5000 is plain; each suite's context sends from 5004 + 4 * i.
declare -A port=([plain]=5000)
i=1
for suite in "${SUITES[@]}"; do
	n=30
	[[ $suite == AEAD_* ]] && n=28
	od -An -tx1 -N"$n" /dev/urandom | tr -d ' \n' >"$WORK/$suite.key"
	port[$suite]=$((5000 + 4 * i))
	ip netns exec "$NS" "$SRTPCTL" add out local "$SRC:${port[$suite]}" remote "$DST:6004" \
		ssrc 0x5eed suite "$suite" key-file "$WORK/$suite.key" >/dev/null || die "srtpctl add $suite"
	i=$((i + 1))
done

# classify: "class percent" lines from perf report's "percent dso symbol".
classify() { awk -f "$TOP/selftests/bench/perf-classes.awk"; }

# run NAME SIZE: one profiled run; "NAME SIZE pps crypto fpu ksrtp stack
# user idle" (percent of all samples) to $WORK/runs, its symbols kept.
run() {
	local name=$1 size=$2 out pps
	out=$(ip netns exec "$NS" perf record -q -e cpu-clock -F "$FREQ" -C "$CPU" \
		-o "$WORK/$name.$size.data" -- \
		"$BLAST" send --cpu "$CPU" --src "$SRC:${port[$name]}" --dst "$DST:6004" \
		--size "$size" --secs "$SECS" 2>"$WORK/perf.err") ||
		die "perf record $name $size: $(tail -n3 "$WORK/perf.err")"
	pps=$(awk '{ for (i = 1; i < NF; i++) if ($i == "pps") { print $(i + 1); exit } }' <<<"$out")
	[[ -n $pps ]] || die "rtp-blast printed no rate: $out"
	perf report -i "$WORK/$name.$size.data" -q --stdio --sort dso,sym --percent-limit 0 \
		2>/dev/null >"$WORK/$name.$size.syms" || die "perf report $name $size"
	declare -A cl=()
	local c p
	while read -r c p; do cl[$c]=$p; done < <(classify <"$WORK/$name.$size.syms")
	echo "$name $size $pps ${cl[crypto]:-0} ${cl[fpu]:-0} ${cl[ksrtp]:-0} ${cl[stack]:-0}" \
		"${cl[user]:-0} ${cl[idle]:-0}" >>"$WORK/runs"
}

for size in $SIZES; do
	for name in plain "${SUITES[@]}"; do
		run "$name" "$size"
	done
done

{
	echo "ksrtp send path profile: kernel $(uname -r), perf cpu-clock at $FREQ Hz on the sending CPU, $SECS s per run"
	echo "  ns per packet by class (share of busy samples x 1e9 / pps); added: ksrtp's run minus plain's of the same size"
	awk '
	function cls(i) { return $(i) * 1e9 / $3 / (100 - $9) }
	{
		key = $1 " " $2; pps[key] = $3
		for (i = 4; i <= 8; i++) ns[key, i] = cls(i)
		names[$1] = 1; sizes[$2] = 1; order[++n] = key
	}
	END {
		printf "  %-24s %5s %9s %7s %7s %7s %7s %7s | %9s %7s %7s %7s\n",
			"sender", "size", "pps", "crypto", "fpu", "ksrtp", "stack", "user",
			"added", "crypto", "rest", "x crypto"
		for (j = 1; j <= n; j++) {
			key = order[j]; split(key, k, " ")
			line = sprintf("  %-24s %5d %9d %7.0f %7.0f %7.0f %7.0f %7.0f", k[1], k[2], pps[key],
				ns[key, 4], ns[key, 5], ns[key, 6], ns[key, 7], ns[key, 8])
			if (k[1] != "plain") {
				pk = "plain " k[2]
				added = 1e9 / pps[key] - 1e9 / pps[pk]
				cr = ns[key, 4] - ns[pk, 4]
				line = line sprintf(" | %9.0f %7.0f %7.0f %7.2f", added, cr, added - cr,
					cr > 0 ? added / cr : 0)
			}
			print line
		}
	}' "$WORK/runs"
	echo "  (crypto: AES, GHASH, SHA-1, HMAC and the crypto API; fpu: FPU state saved and restored"
	echo "  for the SIMD code; rest: what ksrtp adds beyond the crypto it runs, in ksrtp, fpu, stack"
	echo "  and user time; x crypto: added over crypto, what issue 22 bounds by 1.3 and 1.6)"
	for size in $SIZES; do
		for name in "${SUITES[@]}"; do
			echo
			echo "  hottest symbols, $name, $size bytes (percent of all samples of the CPU):"
			head -n 14 "$WORK/$name.$size.syms" | awk '{ printf "    %7s %-18s %s\n", $1, $2, $NF }'
		done
	done
} | tee "$OUT"
