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
# default 2000), KSRTP_BENCH_REPEAT (rounds, default 3; the symbols listed
# are the last round's).
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BLAST=$TOP/selftests/bench/rtp-blast
SRTPCTL=$TOP/tools/srtpctl/srtpctl
SIZES=${KSRTP_BENCH_SIZES:-160 1200}
SECS=${KSRTP_PROFILE_SECS:-3}
FREQ=${KSRTP_PROFILE_FREQ:-2000}
ROUNDS=${KSRTP_BENCH_REPEAT:-3}
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

# run ROUND NAME SIZE: one profiled run; "ROUND NAME SIZE pps crypto fpu ksrtp stack
# user idle" (percent of all samples) to $WORK/runs, its symbols kept.
run() {
	local round=$1 name=$2 size=$3 out pps
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
	echo "$round $name $size $pps ${cl[crypto]:-0} ${cl[fpu]:-0} ${cl[ksrtp]:-0} ${cl[stack]:-0}" \
		"${cl[user]:-0} ${cl[idle]:-0}" >>"$WORK/runs"
}

for ((round = 0; round < ROUNDS; round++)); do
	for size in $SIZES; do
		for name in plain "${SUITES[@]}"; do
			run "$round" "$name" "$size"
		done
	done
done

{
	echo "ksrtp send path profile: kernel $(uname -r), perf cpu-clock at $FREQ Hz on the sending CPU,"
	echo "  $SECS s per run, $ROUNDS rounds: median (min..max) of the rounds"
	echo "  ns per packet by class (share of busy samples x 1e9 / pps); added: ksrtp's time per"
	echo "  packet minus plain's, and crypto: ksrtp's crypto minus plain's, of the same round"
	/usr/bin/python3 - "$WORK/runs" <<'PY'
import sys

runs = {}
for line in open(sys.argv[1]):
    r, name, size, pps, *cl = line.split()
    busy = 100 - float(cl[5])
    ns = [float(x) * 1e9 / float(pps) / busy for x in cl[:5]]
    runs[(int(r), name, int(size))] = (float(pps), ns)


def med(v):
    v = sorted(v)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def col(v, d=0):
    return f"{med(v):,.{d}f} ({min(v):,.{d}f}..{max(v):,.{d}f})"


rounds = sorted({k[0] for k in runs})
keys = []
for k in runs:
    if k[1:] not in keys:
        keys.append(k[1:])
print(f"  {'sender':<24} {'size':>5} {'pps':>24} {'crypto':>22} {'fpu':>7} {'ksrtp':>7} {'stack':>7}")
for name, size in keys:
    rr = [runs[(r, name, size)] for r in rounds if (r, name, size) in runs]
    pps = [x[0] for x in rr]
    ns = [[x[1][i] for x in rr] for i in range(5)]
    print(f"  {name:<24} {size:>5} {col(pps):>24} {col(ns[0]):>22} {med(ns[1]):>7,.0f} "
          f"{med(ns[2]):>7,.0f} {med(ns[3]):>7,.0f}")
print()
print(f"  {'suite':<24} {'size':>5} {'added ns':>22} {'crypto ns':>22} {'x crypto':>20}")
for name, size in keys:
    if name == "plain":
        continue
    add, cr, x = [], [], []
    for r in rounds:
        k, p = runs.get((r, name, size)), runs.get((r, "plain", size))
        if not k or not p:
            continue
        a = 1e9 / k[0] - 1e9 / p[0]
        c = k[1][0] - p[1][0]
        add.append(a)
        cr.append(c)
        if c > 0:
            x.append(a / c)
    if add:
        print(f"  {name:<24} {size:>5} {col(add):>22} {col(cr):>22} {col(x, 2) if x else 'n/a':>20}")
PY
	echo "  (crypto: AES, GHASH, SHA-1, HMAC and the crypto API; fpu: FPU state saved and restored"
	echo "  for the SIMD code; ksrtp, stack: medians; x crypto: added over crypto, round by round,"
	echo "  what issue 22 bounds by 1.3 at 1200 bytes and 1.6 at 160)"
	for size in $SIZES; do
		for name in "${SUITES[@]}"; do
			echo
			echo "  hottest symbols, $name, $size bytes (percent of all samples of the CPU):"
			head -n 14 "$WORK/$name.$size.syms" | awk '{ printf "    %7s %-18s %s\n", $1, $2, $NF }'
		done
	done
} | tee "$OUT"
