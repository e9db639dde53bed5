#!/bin/bash
# Context memory is charged to the memory cgroup (v2) of the process that
# installed it: contexts a process in cgroup A installs grow A's kernel
# memory (slab and per-CPU, memory.stat), not that of its sibling B, and
# deleting them gives it back; the contexts a template learns from
# traffic, made by the softirq and a kernel worker, are charged to the
# cgroup of the process that installed the template, although no process
# is left in it; forwarding rules and their outputs are charged like
# contexts. (The keys' crypto transforms are not charged: the crypto
# API allocates them without accounting; the lower bounds below leave
# them out.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns python3

SUITE=AES_CM_128_HMAC_SHA1_80
N=1000		# contexts installed from A
M=150		# SSRCs a template installed from A learns
CG=/sys/fs/cgroup

[[ -e $CG/cgroup.controllers ]] || ksft_fail "no cgroup v2 hierarchy at $CG"
grep -qw memory "$CG/cgroup.controllers" || ksft_fail "the kernel has no memory controller"
grep -qw memory "$CG/cgroup.subtree_control" ||
	echo +memory >"$CG/cgroup.subtree_control" || ksft_fail "cannot enable the memory controller"
cg_a=$CG/ksrtp-a.$$
cg_b=$CG/ksrtp-b.$$
mkdir "$cg_a" "$cg_b" || ksft_fail "cannot make cgroups"
defer rmdir "$cg_a" "$cg_b"

# Kernel memory a cgroup is charged for that contexts use, in bytes.
kmem() {
	awk '$1 == "slab_unreclaimable" || $1 == "percpu" { s += $2 } END { print s + 0 }' \
		"$1/memory.stat"
}
# Run a command as a member of a cgroup.
in_cg() {
	local cg=$1
	shift
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$cg" "$@"
}
# memory.stat may lag by a flush period: wait until a bound holds.
# shellcheck disable=SC2317 # called through wait_for
_at_least() { (($(kmem "$1") >= $2)); }
# shellcheck disable=SC2317 # called through wait_for
_at_most() { (($(kmem "$1") <= $2)); }

# One od for all keys (a process per line is slow under TCG).
batch() { # FILE COUNT DIR LOCAL REMOTE FIRST_SSRC [KEYHEX for all]
	local f=$1 n=$2 dir=$3 l=$4 r=$5 s=$6 one=${7:-} all k i
	all=$(od -An -v -tx1 -N$((30 * n)) /dev/urandom | tr -d ' \n')
	for ((i = 0; i < n; i++)); do
		k=${one:-${all:$((i * 60)):60}}
		echo "add $dir local $l remote $r ssrc $((s + i)) suite $SUITE key ${k:0:32} salt ${k:32}"
	done >"$f"
}

A=$(addr 4 a 5004)
B=$(addr 4 b 6004)

# --- installed contexts --------------------------------------------------
batch "$TEST_TMP/n.batch" $N out "$A" "$B" 0x10000
a0=$(kmem "$cg_a")
b0=$(kmem "$cg_b")
in_cg "$cg_a" ip netns exec "$ns_a" "$SRTPCTL" -b "$TEST_TMP/n.batch" >/dev/null ||
	ksft_fail "srtpctl -b from cgroup A failed"
check_eq "contexts" $N "$(ctx_count "$ns_a")"
# At least the context, its master key and its keyring (over 800 bytes).
min=$((a0 + N * 700))
wait_for 15 _at_least "$cg_a" $min ||
	ksft_fail "cgroup A's kernel memory grew by $(($(kmem "$cg_a") - a0)) bytes for $N contexts"
grown=$(($(kmem "$cg_a") - a0))
log "cgroup A: +$grown bytes for $N contexts ($((grown / N)) per context, transforms not charged)"
b1=$(kmem "$cg_b")
((b1 - b0 < N * 50)) || ksft_fail "cgroup B, which installed nothing, grew by $((b1 - b0)) bytes"
log "ok installed contexts are charged to the installer's cgroup"

in_a "$SRTPCTL" flush || ksft_fail "flush"
wait_for 30 _at_most "$cg_a" $((a0 + N * 100)) ||
	ksft_fail "cgroup A kept $(($(kmem "$cg_a") - a0)) bytes after the contexts were deleted"
log "ok deleting them uncharged cgroup A"

# --- forwarding rules and outputs ---------------------------------------
# A rule (over 200 bytes, and per-CPU counters) and its output (over 140
# bytes, per-CPU counters, a new outputs array).
NR=300
for ((i = 0; i < NR; i++)); do
	echo "forward add local $A ssrc $((0x30000 + i))"
done >"$TEST_TMP/rules.batch"
a3=$(kmem "$cg_a")
b3=$(kmem "$cg_b")
in_cg "$cg_a" ip netns exec "$ns_a" "$SRTPCTL" -b "$TEST_TMP/rules.batch" >/dev/null ||
	ksft_fail "srtpctl -b of rules from cgroup A failed"
in_a "$SRTPCTL" forward show | awk -v r="$(addr 4 b 7004)" -v l="$A" \
	'$1 == "fwd" { sub(":", "", $2); print "forward output add id " $2 " local " l " remote " r }' \
	>"$TEST_TMP/outputs.batch"
check_eq "rules" $NR "$(wc -l <"$TEST_TMP/outputs.batch")"
in_cg "$cg_a" ip netns exec "$ns_a" "$SRTPCTL" -b "$TEST_TMP/outputs.batch" >/dev/null ||
	ksft_fail "srtpctl -b of outputs from cgroup A failed"
wait_for 15 _at_least "$cg_a" $((a3 + NR * 350)) ||
	ksft_fail "cgroup A's kernel memory grew by $(($(kmem "$cg_a") - a3)) bytes for $NR rules"
log "cgroup A: +$(($(kmem "$cg_a") - a3)) bytes for $NR rules of one output"
b4=$(kmem "$cg_b")
((b4 - b3 < NR * 50)) || ksft_fail "cgroup B, which installed nothing, grew by $((b4 - b3)) bytes"
in_a "$SRTPCTL" flush || ksft_fail "flush of the rules"
wait_for 30 _at_most "$cg_a" $((a3 + NR * 100)) ||
	ksft_fail "cgroup A kept $(($(kmem "$cg_a") - a3)) bytes after the rules were flushed"
log "ok forwarding rules and outputs are charged to the installer's cgroup, and given back"

# --- learned contexts ----------------------------------------------------
kt=$(new_key kt)
out=$(in_cg "$cg_a" ip netns exec "$ns_a" "$SRTPCTL" add in local "$A" template \
	learn-limit $((M + 10)) suite $SUITE key-file "$kt") || ksft_fail "template: $out"
tid=${out#id }
# B's side protects M streams with the template's key (installed from
# cgroup B); one plain sender in ns_b sends a few packets of each.
batch "$TEST_TMP/m.batch" $M out "$B" "$A" 0x20000 "$(cat "$kt")"
in_cg "$cg_b" ip netns exec "$ns_b" "$SRTPCTL" -b "$TEST_TMP/m.batch" >/dev/null ||
	ksft_fail "srtpctl -b from cgroup B failed"
a2=$(kmem "$cg_a")
cat >"$TEST_TMP/send.py" <<'PY'
import socket, struct, sys, time
b, a, first, m, seq0 = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((b, 6004))
for ssrc in range(first, first + m):
    for seq in range(seq0, seq0 + 4):
        s.sendto(struct.pack("!BBHII", 0x80, 96, seq, seq * 160, ssrc) + bytes(160),
                 (a, 5004))
        time.sleep(0.005)
PY
# shellcheck disable=SC2317 # called through wait_for
_learned() { [[ $(in_a cat /proc/sys/net/ksrtp/learned) == "$M" ]]; }
# A packet that finds the template without a spare context (the worker
# refills it after each learned one) is dropped as unknown-ssrc; a later
# round learns what an earlier one missed.
for round in 0 1 2; do
	in_b python3 "$TEST_TMP/send.py" "$IP4_B" "$IP4_A" $((0x20000)) $M $((round * 4)) ||
		ksft_fail "sender failed"
	wait_for 10 _learned && break
done
_learned || ksft_fail "the template learned $(in_a cat /proc/sys/net/ksrtp/learned) of $M SSRCs"
expect_stat "$ns_a" "$tid" learned $M
# Each learned context shares the template's keys: at least the context.
wait_for 15 _at_least "$cg_a" $((a2 + M * 300)) ||
	ksft_fail "cgroup A grew by $(($(kmem "$cg_a") - a2)) bytes for $M learned contexts"
log "cgroup A: +$(($(kmem "$cg_a") - a2)) bytes for $M learned contexts"
log "ok learned contexts are charged to the template's creator"
ksft_pass "memcg-charge"
