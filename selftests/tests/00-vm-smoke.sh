#!/bin/bash
# The test VM itself works: the kernel the module was built for, module
# support, network namespaces, veth with IPv4 and IPv6, and the AES-NI
# crypto driver.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

kver=$(uname -r)
vermagic=$(modinfo -F vermagic "$MODULE") || ksft_fail "modinfo $MODULE"
[[ "$vermagic" == "$kver "* ]] ||
	ksft_fail "running kernel is $kver, but ksrtp.ko was built for ${vermagic%% *}"
[[ -r /proc/modules ]] || ksft_fail "/proc/modules missing: no module support"
log "kernel $kver"

grep -q '^aesni_intel ' /proc/modules || log "note: aesni_intel is not a module here (built in?)"
grep -qE '^driver +: .*aesni' /proc/crypto ||
	ksft_fail "no AES-NI driver registered in /proc/crypto"
log "AES-NI drivers: $(awk '/^driver/ && /aesni/ && !/cryptd|^driver +: __/ {print $3}' /proc/crypto | sort -u | xargs)"

setup_netns
log "netns $ns_a <-> $ns_b"
in_a ping -q -c 1 -W 5 "$IP4_B" >/dev/null || ksft_fail "no IPv4 connectivity $IP4_A -> $IP4_B"
in_b ping -q -c 1 -W 5 "$IP6_A" >/dev/null || ksft_fail "no IPv6 connectivity $IP6_B -> $IP6_A"

# UDP through the veth, with a listener in ns_b.
bg_b python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 5004))
s.settimeout(20)
data, _ = s.recvfrom(100)
open(sys.argv[1], "wb").write(data)
' "$TEST_TMP/got"
wait_for_udp "$ns_b" 5004 20 || ksft_fail "UDP listener in $ns_b did not start"
in_a python3 -c '
import socket
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"hello", ("'"$IP4_B"'", 5004))
'
wait_for_file 10 "$TEST_TMP/got" || ksft_fail "UDP datagram did not arrive"
check_eq "UDP payload" hello "$(cat "$TEST_TMP/got")"

ksft_pass "VM basics work"
