#!/bin/bash
# What leaves the host is SRTP with the right lengths and UDP checksum:
# captured with tcpdump, checked with tshark's checksum validation, with
# and without checksum offload on the sending veth. With offload the
# kernel leaves the checksum to the device (CHECKSUM_PARTIAL), and a veth
# never computes it; so the packets are routed through ns_b onto a veth
# without offload, where the stack completes the checksum in software
# from what ksrtp left in the header, and are captured in ns_c.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

ns_c=ksrtp-c-$$-$RANDOM
ip netns add "$ns_c" || ksft_fail "ip netns add"
defer ip netns del "$ns_c"
in_c() { ip netns exec "$ns_c" "$@"; }
ip link add veth-bc netns "$ns_b" type veth peer name veth-cb netns "$ns_c" ||
	ksft_fail "veth b-c"
in_b ip addr add 10.98.0.1/24 dev veth-bc
in_c ip addr add 10.98.0.2/24 dev veth-cb
in_b ip addr add fd98::1/64 dev veth-bc nodad
in_c ip addr add fd98::2/64 dev veth-cb nodad
in_b ip link set veth-bc up
in_c ip link set veth-cb up
in_c ip link set lo up
in_b sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
in_a ip route add 10.98.0.0/24 via "$IP4_B"
in_a ip -6 route add fd98::/64 via "$IP6_B"
in_c ip route add 10.99.0.0/24 via 10.98.0.1
in_c ip -6 route add fd99::/64 via fd98::1
in_b ethtool -K veth-bc tx off >/dev/null || ksft_fail "ethtool veth-bc"

N=10
PLEN=160
SSRC=0x00c0ffee

# ns_b forwards the flows; a context there naming the forwarded tuple must
# not touch them (only what a local socket sends is protected).
fwd_id=$(ctx_add "$ns_b" out local "$IP4_A:5004" remote 10.98.0.2:6004 ssrc $SSRC \
	suite AES_CM_128_HMAC_SHA1_80 key-file "$(new_key fwd)")
out=$TEST_TMP/peer.out
cap=$TEST_TMP/cap.pcap

# One capture for all the cases and one tshark at the end: tshark takes
# seconds to start under TCG. Each case sends from its own sequence
# number (100 * its number), which tells its packets apart in the
# capture. cases[K]="FAM TAGLEN OFFLOAD" for case K.
cases=()
bg in_c tcpdump -i veth-cb -U -n -w "$cap" udp port 6004 2>/dev/null
tcpdump_pid=$BG_PID
wait_for 10 test -s "$cap" || ksft_fail "tcpdump did not start"
# What the capture holds once every case's packets are in: the pcap
# header, and per packet a record header and Ethernet, IP, UDP, RTP,
# payload and tag.
cap_bytes=24

# capture_check FAM SUITE TAGLEN DST: one case's stream, captured.
capture_check() {
	local fam=$1 suite=$2 taglen=$3 dst=$4 key id local_a seq
	seq=$((${#cases[@]} * 100))
	cases+=("$fam $taglen $offload")
	cap_bytes=$((cap_bytes + N * (16 + 14 + (fam == 4 ? 20 : 40) + 8 + 12 + PLEN + taglen)))
	key=$(new_key wire)
	local_a=$(addr "$fam" a 5004)
	id=$(ctx_add "$ns_a" out local "$local_a" remote "$dst" ssrc $SSRC \
		suite "$suite" key-file "$key")

	peer_recv "$ns_c" "$out" --local "$dst" --count $N --ssrc $SSRC \
		--srtp "$suite" --key-file "$key" --seq-start $seq
	in_a "$RTP_PEER" send --local "$local_a" --remote "$dst" --ssrc $SSRC \
		--count $N --payload-len $PLEN --seq-start $seq || ksft_fail "rtp-peer send"
	peer_wait
	expect_stat "$ns_a" "$id" rtp-packets $N
	in_a "$SRTPCTL" del id "$id"
}

for offload in on off; do
	in_a ethtool -K "$VETH_A" tx $offload >/dev/null ||
		ksft_fail "ethtool -K $VETH_A tx $offload"
	capture_check 4 AES_CM_128_HMAC_SHA1_80 10 10.98.0.2:6004
	capture_check 6 AES_CM_128_HMAC_SHA1_80 10 "[fd98::2]:6004"
	capture_check 4 AES_CM_128_HMAC_SHA1_32 4 10.98.0.2:6004
	log "ok streams with tx offload $offload"
done

# Every packet in the file (or 10 s), then the capture ends.
# shellcheck disable=SC2317 # called by wait_for
_cap_full() { (($(stat -c %s "$cap") >= cap_bytes)); }
wait_for 10 _cap_full || log "the capture has $(stat -c %s "$cap") bytes, expected $cap_bytes"
kill "$tcpdump_pid"
wait "$tcpdump_pid" 2>/dev/null

# The plain packets each case sent, by sequence number.
declare -A plain
for ((k = 0; k < ${#cases[@]}; k++)); do
	seq=$((k * 100))
	while read -r line; do
		plain[$seq]=$line
		seq=$((seq + 1))
	done < <("$RTP_PEER" gen --ssrc $SSRC --seq $((k * 100)) --count $N --payload-len $PLEN)
done

lines=$(tshark -r "$cap" -o udp.check_checksum:TRUE -T fields \
	-e udp.checksum.status -e udp.length -e udp.payload 2>/dev/null)
count=()
while read -r status len payload; do
	[[ -n "$status" ]] || continue
	payload=${payload//:/}
	seq=$((16#${payload:4:4}))
	k=$((seq / 100))
	[[ -n "${cases[k]:-}" && -n "${plain[$seq]:-}" ]] ||
		ksft_fail "a packet of no case on the wire (seq $seq)"
	read -r fam taglen offload <<<"${cases[k]}"
	what="IPv$fam, tag $taglen, tx offload $offload"
	count[k]=$((${count[k]:-0} + 1))
	check_eq "UDP checksum status ($what)" 1 "$status"
	check_eq "UDP length ($what)" $((8 + 12 + PLEN + taglen)) "$len"
	# Header in the clear, payload not, tag appended.
	check_eq "RTP header on the wire" "${plain[$seq]:0:24}" "${payload:0:24}"
	[[ "${payload:24:$((PLEN * 2))}" != "${plain[$seq]:24}" ]] ||
		ksft_fail "payload of seq $seq is in the clear on the wire"
done <<<"$lines"
for ((k = 0; k < ${#cases[@]}; k++)); do
	read -r fam taglen offload <<<"${cases[k]}"
	check_eq "captured packets (IPv$fam, tag $taglen, tx offload $offload)" $N "${count[k]:-0}"
done
log "ok checksums and lengths with tx offload on and off"
expect_stats "$ns_b" "$fwd_id" rtp-packets 0 errors 0
ksft_pass "SRTP on the wire: right lengths and checksums, payload encrypted"
