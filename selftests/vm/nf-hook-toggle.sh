#!/bin/bash
# selftests/vm/nf-hook-toggle.sh [ROUNDS] [pin]
#
# Reproduces, without ksrtp, a guest crash seen under QEMU TCG: one CPU
# sends IPv6 UDP as fast as it can while the other registers and removes
# the only netfilter hook at IPv6 LOCAL_OUT (an nft output chain) ROUNDS
# times (default 3000). Each first registration and last removal flips
# the static key nf_hook() tests, so the kernel rewrites the branch in
# __ip6_local_out() with text_poke_bp() while the sender runs through it.
# With Debian's 6.12 kernel under TCG the guest dies after about a hundred
# rounds with "Oops: int3" at __ip6_local_out+0x9a (the breakpoint of a
# finished patch), ksrtp not even loaded; Debian's 6.1 dies the same way
# ("int3" at __ip6_local_out+0x97), within a few hundred seconds. With "pin", nf-keys-pin.nft in
# the initial namespace first holds a hook at every IPv4/IPv6 hook point, so
# the keys stay on and the same loop patches nothing: selftests/run.sh
# does that (see Documentation/testing.rst, "Known emulator issues").
#
#   make vm-run NOLOAD=1 KVER=6.12.117+deb12-amd64 \
#       CMD='selftests/vm/nf-hook-toggle.sh 3000'
set -uo pipefail

rounds=${1:-3000}
pin=${2:-}
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
peer=$top/selftests/tools/rtp-peer
[[ -x $peer ]] || { echo "nf-hook-toggle: build $peer first (make)" >&2; exit 1; }
a=ksrtp-toggle-a b=ksrtp-toggle-b

cleanup() {
	[[ -n ${sender:-} ]] && kill "$sender" 2>/dev/null
	ip netns del $a 2>/dev/null
	ip netns del $b 2>/dev/null
	[[ $pin == pin ]] && nft delete table inet ksrtp-keys-pin 2>/dev/null
}
trap cleanup EXIT

if [[ $pin == pin ]]; then
	nft -f "$top/selftests/vm/nf-keys-pin.nft" || exit 1
fi
ip netns add $a && ip netns add $b || exit 1
ip link add veth-t netns $a type veth peer name veth-t netns $b || exit 1
for ns in $a $b; do
	ip -n "$ns" link set lo up
done
ip -n $a addr add 2001:db8::1/64 dev veth-t nodad
ip -n $b addr add 2001:db8::2/64 dev veth-t nodad
ip -n $a link set veth-t up
ip -n $b link set veth-t up
sleep 1

taskset -c 1 ip netns exec $a "$peer" send --local '[2001:db8::1]:5000' \
	--remote '[2001:db8::2]:6000' --ssrc 1 --count 4000000000 --interval-us 0 \
	>/dev/null 2>&1 &
sender=$!
sleep 1
echo "nf-hook-toggle: $rounds rounds on $(uname -r), keys ${pin:-not} pinned"
start=$SECONDS
for ((i = 1; i <= rounds; i++)); do
	taskset -c 0 ip netns exec $a nft -f - <<-'EOF' || exit 1
	table ip6 ksrtp-toggle {
		chain out { type filter hook output priority 0; }
	}
	EOF
	taskset -c 0 ip netns exec $a nft delete table ip6 ksrtp-toggle || exit 1
	if ((i % 100 == 0)); then
		kill -0 "$sender" 2>/dev/null || { echo "nf-hook-toggle: the sender died" >&2; exit 1; }
		echo "nf-hook-toggle: $i rounds in $((SECONDS - start)) s"
	fi
done
echo "nf-hook-toggle: $rounds rounds, the guest is alive"
