#!/bin/bash
# The ksrtp demonstration (`make demo` runs it inside the test VM).
#
# Two media endpoints, alice and bob, each in its own network namespace,
# joined by a veth pair. Each runs an ordinary application that writes and
# reads plain RTP on a UDP socket. ksrtp, configured with srtpctl, turns
# what leaves each host into SRTP and what arrives back into RTP. A capture
# on bob's interface shows what the wire carries; bob's application shows
# what it received; srtpctl shows the counters.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRTPCTL=$TOP/tools/srtpctl/srtpctl
WORK=$(mktemp -d /tmp/ksrtp-demo.XXXXXX)
SUITE=AES_CM_128_HMAC_SHA1_80
COUNT=50

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
cleanup() {
	set +e
	ip netns pids alice 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns pids bob 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns del alice 2>/dev/null
	ip netns del bob 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

say "Loading the ksrtp module"
grep -q '^ksrtp ' /proc/modules || {
	modprobe nf_defrag_ipv6
	insmod "$TOP/ksrtp.ko"
}
grep '^ksrtp ' /proc/modules

say "Two hosts: alice (10.99.0.1) and bob (10.99.0.2)"
ip netns add alice
ip netns add bob
ip link add veth-alice netns alice type veth peer name veth-bob netns bob
ip -n alice addr add 10.99.0.1/24 dev veth-alice
ip -n bob addr add 10.99.0.2/24 dev veth-bob
ip -n alice link set veth-alice up
ip -n bob link set veth-bob up
ip -n alice link set lo up
ip -n bob link set lo up
sleep 1

say "Keys, as SDES would negotiate them (one per direction, in files)"
head -c 30 /dev/urandom | base64 | sed 's/^/inline:/' >"$WORK/alice-to-bob.key"
head -c 30 /dev/urandom | base64 | sed 's/^/inline:/' >"$WORK/bob-to-alice.key"
chmod 600 "$WORK"/*.key
echo "alice->bob and bob->alice keys written to $WORK (not shown: keys are write-only)"

say "Contexts: srtpctl in each namespace"
set -x
ip netns exec alice "$SRTPCTL" add out local 10.99.0.1:5004 remote 10.99.0.2:6004 \
	ssrc 0xa11ce suite $SUITE key-file "$WORK/alice-to-bob.key"
ip netns exec alice "$SRTPCTL" add in local 10.99.0.1:5004 remote 10.99.0.2:6004 \
	ssrc 0xb0b suite $SUITE key-file "$WORK/bob-to-alice.key"
ip netns exec bob "$SRTPCTL" add in local 10.99.0.2:6004 remote 10.99.0.1:5004 \
	ssrc 0xa11ce suite $SUITE key-file "$WORK/alice-to-bob.key"
ip netns exec bob "$SRTPCTL" add out local 10.99.0.2:6004 remote 10.99.0.1:5004 \
	ssrc 0xb0b suite $SUITE key-file "$WORK/bob-to-alice.key"
{ set +x; } 2>/dev/null

say "Capturing on bob's interface"
ip netns exec bob tcpdump -i veth-bob -U -n -w "$WORK/wire.pcap" udp 2>/dev/null &
sleep 1

say "Plain RTP both ways, through ordinary UDP sockets"
# The applications: plain sockets, no SRTP library in sight. Each RTP
# packet carries a line of readable text so the capture can be searched.
cat >"$WORK/app.py" <<'EOF'
# One media endpoint: one UDP socket that sends RTP and receives RTP.
import socket, struct, sys, threading, time
name, local, remote, ssrc, count = sys.argv[1:6]
ssrc, count = int(ssrc, 0), int(count)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((local.split(":")[0], int(local.split(":")[1])))
s.settimeout(15)
lines = []

def receive():
    got = 0
    while got < count:
        data, peer = s.recvfrom(2048)
        v, pt, seq, ts, pssrc = struct.unpack("!BBHII", data[:12])
        got += 1
        if got <= 3 or got == count:
            lines.append("  %s received from %s:%d  seq %d  ssrc %#x  %d bytes: %r"
                         % (name, peer[0], peer[1], seq, pssrc, len(data),
                            data[12:52].decode()))
    lines.append("  %s received %d of %d packets, all plain RTP" % (name, got, count))

t = threading.Thread(target=receive)
t.start()
time.sleep(1)
for seq in range(count):
    text = ("%s says hello, packet %d " % (name, seq)).encode().ljust(160, b".")
    hdr = struct.pack("!BBHII", 0x80, 0, seq, seq * 160, ssrc)
    s.sendto(hdr + text, (remote.split(":")[0], int(remote.split(":")[1])))
    time.sleep(0.02)
t.join()
print("\n".join(lines))
EOF
ip netns exec bob python3 "$WORK/app.py" bob 10.99.0.2:6004 10.99.0.1:5004 0xb0b $COUNT >"$WORK/bob.out" &
bob_app=$!
ip netns exec alice python3 "$WORK/app.py" alice 10.99.0.1:5004 10.99.0.2:6004 0xa11ce $COUNT >"$WORK/alice.out" &
alice_app=$!
wait $bob_app $alice_app
sleep 1
kill %?tcpdump 2>/dev/null || pkill -f "tcpdump -i veth-bob" || true
sleep 0.5

say "What bob's application received (plain RTP from alice)"
cat "$WORK/bob.out"
say "What alice's application received (plain RTP from bob)"
cat "$WORK/alice.out"

say "What the wire carried (tcpdump on bob's interface, first packets)"
tcpdump -r "$WORK/wire.pcap" -n -X -c 2 2>/dev/null | head -30
total=$(tcpdump -r "$WORK/wire.pcap" -n 2>/dev/null | grep -c UDP || true)
plain=$(tcpdump -r "$WORK/wire.pcap" -n -A 2>/dev/null | grep -c "says hello" || true)
echo
echo "  packets on the wire: $total; containing the plaintext 'says hello': $plain"
echo "  UDP length on the wire: $(tcpdump -r "$WORK/wire.pcap" -n -c 1 2>/dev/null |
	sed -n 's/.*length \([0-9]*\).*/\1/p') bytes = 12 header + 160 payload + 10 tag"

say "Counters (srtpctl show)"
echo "-- alice"
ip netns exec alice "$SRTPCTL" show
echo "-- bob"
ip netns exec bob "$SRTPCTL" show

if [[ $plain -ne 0 || $total -lt $((2 * COUNT)) ]] ||
	! grep -q "received $COUNT of $COUNT" "$WORK/bob.out" ||
	! grep -q "received $COUNT of $COUNT" "$WORK/alice.out"; then
	say "DEMO FAILED"
	exit 1
fi
say "Done: the applications exchanged plain RTP; the wire carried only SRTP."
