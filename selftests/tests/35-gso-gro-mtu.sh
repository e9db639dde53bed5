#!/bin/bash
# Awkward packets, IPv4 and IPv6, AES_CM_128_HMAC_SHA1_80 and
# AEAD_AES_128_GCM, against libsrtp2:
# - egress UDP GSO: one sendmsg() with UDP_SEGMENT carrying a datagram
#   that is not RTP and then RTP packets; every RTP packet is protected on
#   its own and decrypts at the peer;
# - ingress aggregates: SRTP from libsrtp sent as one UDP_SEGMENT batch
#   reaches LOCAL_IN as a GSO skb (across a veth as it is; or segmented
#   by the sending veth and coalesced again by GRO on the receiving one,
#   for a UDP_GRO socket, or with rx-gro-list for a plain socket); a
#   packet socket shows the aggregate, every datagram is decrypted;
# - the path MTU: with a veth MTU of 1280, RTP that fits only without
#   the tag is fragmented by the IP layer and reassembled by the peer
#   (single datagrams and UDP_SEGMENT batches), and the other way round
#   ksrtp decrypts what was reassembled; a socket with IP_PMTUDISC_DO /
#   IPV6_PMTUDISC_DO has such a datagram refused with EMSGSIZE and counted
#   in errors, while one that fits exactly with the tag passes.
# TIMEOUT=900
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
require_file "$RTP_PEER" "$SRTPCTL"
setup_ksrtp_netns ethtool python3

UDPGSO=$SELFTESTS/tools/udpgso.py
TEST_SUITES=(AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM)
N=8
PLEN=160
SSRC=0x0005e6d0
MTU=1280
out=$TEST_TMP/peer.out

# Resolve the neighbours both ways first, so that no batch waits in an
# ARP or neighbour discovery queue.
in_a ping -c1 -W5 "$IP4_B" >/dev/null || ksft_fail "no IPv4 between the netns"
in_a ping -6 -c1 -W5 "$IP6_B" >/dev/null || ksft_fail "no IPv6 between the netns"

tag_len() {
	case $1 in
	AEAD_*) echo 16 ;;
	*_32) echo 4 ;;
	*) echo 10 ;;
	esac
}

# zeros BYTES: a datagram that is neither RTP nor RTCP (first byte 0).
zeros() {
	printf '%0*d\n' $(($1 * 2)) 0
}

# ip_stat NS FAM NAME: an IP counter (FragOKs, FragFails, ...) of NS.
ip_stat() {
	if [[ $2 == 4 ]]; then
		ip netns exec "$1" cat /proc/net/snmp | awk -v f="$3" '$1 == "Ip:" {
			if (!h) { for (i = 2; i <= NF; i++) n[i] = $i; h = 1 }
			else for (i = 2; i <= NF; i++) if (n[i] == f) print $i }'
	else
		ip netns exec "$1" cat /proc/net/snmp6 | awk -v f="Ip6$3" '$1 == f { print $2 }'
	fi
}

# features NS DEV FEATURE on|off ...
features() {
	local ns=$1 dev=$2
	shift 2
	ip netns exec "$ns" ethtool -K "$dev" "$@" >/dev/null 2>&1 ||
		ksft_fail "ethtool -K $dev $*"
}

# udpgso_send NS ARGS... < HEXLINES: prints one result per sendmsg()
udpgso_send() {
	local ns=$1
	shift
	ip netns exec "$ns" python3 "$UDPGSO" send "$@" | tr '\n' ' ' | sed 's/ $//'
}

# --- egress: UDP_SEGMENT -------------------------------------------------

egress_gso() {
	local fam=$1 suite=$2 key id A B res
	key=$(new_key "out$fam$suite" "$suite")
	A=$(addr "$fam" a 5004)
	B=$(addr "$fam" b 6004)
	id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SSRC \
		suite "$suite" key-file "$key")
	# The first datagram matches no context: it must not decide for the
	# others.
	{
		zeros $((12 + PLEN))
		"$RTP_PEER" gen --ssrc $SSRC --seq 0 --count $N --payload-len $PLEN
	} >"$TEST_TMP/batch.hex"
	peer_recv "$ns_b" "$out" --local "$B" --count $N --ssrc $SSRC \
		--srtp "$suite" --key-file "$key" --payload-len $PLEN --timeout-ms 60000
	res=$(udpgso_send "$ns_a" --gso --local "$A" --remote "$B" <"$TEST_TMP/batch.hex")
	check_eq "sendmsg() of the UDP_SEGMENT batch (IPv$fam $suite)" ok "$res"
	peer_wait
	grep -q "^received=$((N + 1)) ok=$N bad=0 unexpected=1\$" "$out" ||
		ksft_fail "IPv$fam $suite: libsrtp got $(cat "$out")"
	expect_stats "$ns_a" "$id" rtp-packets $N errors 0
	in_a "$SRTPCTL" del id "$id"
	log "ok IPv$fam $suite: UDP_SEGMENT batch protected datagram by datagram"
}

for fam in 4 6; do
	for suite in "${TEST_SUITES[@]}"; do
		egress_gso "$fam" "$suite"
	done
done

# --- ingress: GSO skbs and GRO aggregates ---------------------------------

# ingress_case FAM SUITE ID CASE NTH: batch NTH of $TEST_TMP/srtp.hex sent
# as one UDP_SEGMENT batch from A to B, in the set-up of CASE.
ingress_case() {
	local fam=$1 suite=$2 id=$3 case=$4 nth=$5 A B dlen ready res line
	local gro=() wire_max first=$(($5 * N + 1)) last=$((($5 + 1) * N))
	A=$(addr "$fam" a 5004)
	B=$(addr "$fam" b 6004)
	dlen=$((12 + PLEN + $(tag_len "$suite")))
	case $case in
	gso-veth)
		# The veth carries the GSO skb as it is.
		features "$ns_a" "$VETH_A" tx-udp-segmentation on tso on
		features "$ns_b" "$VETH_B" gro off rx-gro-list off
		;;
	gro)
		# The sending veth segments (no UDP GSO, no TSO: every packet
		# may be aggregated); NAPI GRO on the receiving one for a
		# UDP_GRO socket.
		features "$ns_a" "$VETH_A" tx-udp-segmentation off tso off
		features "$ns_b" "$VETH_B" gro on rx-gro-list off
		gro=(--gro)
		;;
	gro-list)
		# The same, with fraglist GRO for a socket without UDP_GRO.
		features "$ns_a" "$VETH_A" tx-udp-segmentation off tso off
		features "$ns_b" "$VETH_B" gro on rx-gro-list on
		;;
	esac
	# A datagram of no context leads each batch; it must reach the
	# socket as it was sent.
	{ zeros "$dlen"; sed -n "${first},${last}p" "$TEST_TMP/srtp.hex"; } >"$TEST_TMP/batch.hex"
	{ zeros "$dlen"; sed -n "${first},${last}p" "$TEST_TMP/plain.hex"; } >"$TEST_TMP/expect.hex"

	ready=$TEST_TMP/ready.$RANDOM$RANDOM
	bg_b python3 "$UDPGSO" recv --local "$B" --expect "$TEST_TMP/expect.hex" \
		"${gro[@]}" --sniff "$VETH_B" --timeout-ms 60000 --ready-file "$ready" >"$out" 2>&1
	local rpid=$BG_PID
	wait_for 10 test -e "$ready" || ksft_fail "udpgso.py recv did not start: $(cat "$out")"
	res=$(udpgso_send "$ns_a" --gso --local "$A" --remote "$B" <"$TEST_TMP/batch.hex")
	check_eq "sendmsg() of the SRTP batch (IPv$fam $suite $case)" ok "$res"
	wait "$rpid" || ksft_fail "IPv$fam $suite $case: the socket got $(cat "$out")"
	line=$(cat "$out")
	# The packet socket saw the aggregate, not single datagrams.
	[[ $line =~ wire_max=([0-9]+) ]] && wire_max=${BASH_REMATCH[1]}
	((${wire_max:-0} >= 2 * dlen)) ||
		ksft_fail "IPv$fam $suite $case: nothing was aggregated ($line)"
	expect_stat "$ns_b" "$id" rtp-packets $(((nth + 1) * N))
	log "ok IPv$fam $suite $case: $line"
}

ingress() {
	local fam=$1 suite=$2 key id A B lo ready cpid case nth=0
	key=$(new_key "in$fam$suite" "$suite")
	A=$(addr "$fam" a 5004)
	B=$(addr "$fam" b 6004)
	id=$(ctx_add "$ns_b" in local "$B" remote "$A" ssrc $SSRC \
		suite "$suite" key-file "$key")
	# libsrtp protects 3N packets; they are captured on ns_a's loopback
	# and then sent from A to B in batches of N.
	[[ $fam == 4 ]] && lo=127.0.0.1:7000 || lo='[::1]:7000'
	ready=$TEST_TMP/ready.$RANDOM$RANDOM
	bg_a python3 "$UDPGSO" collect --local "$lo" --count $((3 * N)) \
		--timeout-ms 60000 --ready-file "$ready" >"$TEST_TMP/srtp.hex"
	cpid=$BG_PID
	wait_for 10 test -e "$ready" || ksft_fail "udpgso.py collect did not start"
	in_a "$RTP_PEER" send --remote "$lo" --ssrc $SSRC --count $((3 * N)) \
		--payload-len $PLEN --srtp "$suite" --key-file "$key" ||
		ksft_fail "rtp-peer send"
	wait "$cpid" || ksft_fail "udpgso.py collect: $(wc -l <"$TEST_TMP/srtp.hex") datagrams"
	"$RTP_PEER" gen --ssrc $SSRC --seq 0 --count $((3 * N)) --payload-len $PLEN \
		>"$TEST_TMP/plain.hex"

	for case in gso-veth gro gro-list; do
		ingress_case "$fam" "$suite" "$id" "$case" "$nth"
		nth=$((nth + 1))
	done
	expect_stats "$ns_b" "$id" auth-failures 0 replays 0 errors 0
	in_b "$SRTPCTL" del id "$id"
}

for fam in 4 6; do
	for suite in "${TEST_SUITES[@]}"; do
		ingress "$fam" "$suite"
	done
done
features "$ns_a" "$VETH_A" tx-udp-segmentation on tso on
features "$ns_b" "$VETH_B" gro off rx-gro-list off

# --- the path MTU -----------------------------------------------------------

in_a ip link set "$VETH_A" mtu $MTU || ksft_fail "ip link set mtu"
in_b ip link set "$VETH_B" mtu $MTU || ksft_fail "ip link set mtu"

mtu_case() {
	local fam=$1 suite=$2 hdr fit big key key2 id id2 A B frag res s
	[[ $fam == 4 ]] && hdr=28 || hdr=48
	# RTP of $fit payload bytes is exactly the MTU once protected; $big
	# is one byte more: it fits the MTU only as long as it is plain.
	fit=$((MTU - hdr - 12 - $(tag_len "$suite")))
	big=$((fit + 1))
	key=$(new_key "mtu$fam$suite" "$suite")
	key2=$(new_key "mtu-in$fam$suite" "$suite")
	A=$(addr "$fam" a 5006)
	B=$(addr "$fam" b 6006)
	id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SSRC \
		suite "$suite" key-file "$key")
	id2=$(ctx_add "$ns_a" in local "$A" remote "$B" ssrc $SSRC \
		suite "$suite" key-file "$key2")

	# A socket that lets the stack fragment (the default): the IP layer
	# fragments, the peer reassembles and libsrtp decrypts.
	frag=$(ip_stat "$ns_a" "$fam" FragOKs)
	peer_recv "$ns_b" "$out" --local "$B" --count 2 --ssrc $SSRC \
		--srtp "$suite" --key-file "$key" --payload-len $big --timeout-ms 60000
	in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc $SSRC --count 2 \
		--payload-len $big || ksft_fail "rtp-peer send"
	peer_wait
	check_eq "IPv$fam datagrams fragmented" $((frag + 2)) "$(ip_stat "$ns_a" "$fam" FragOKs)"

	# The same in a UDP_SEGMENT batch: each datagram on its own.
	peer_recv "$ns_b" "$out" --local "$B" --count $N --ssrc $SSRC \
		--srtp "$suite" --key-file "$key" --payload-len $big --seq-start 2 \
		--timeout-ms 60000
	res=$("$RTP_PEER" gen --ssrc $SSRC --seq 2 --count $N --payload-len $big |
		udpgso_send "$ns_a" --gso --local "$A" --remote "$B")
	check_eq "sendmsg() of the batch (IPv$fam $suite)" ok "$res"
	peer_wait
	check_eq "IPv$fam datagrams fragmented" $((frag + 2 + N)) "$(ip_stat "$ns_a" "$fam" FragOKs)"
	expect_stat "$ns_a" "$id" rtp-packets $((2 + N))

	# A socket that forbids fragmentation: a UDP_SEGMENT batch (the call
	# succeeds, each datagram is dropped and counted), a single datagram
	# (EMSGSIZE), and then one that fits exactly, which alone arrives.
	s=$((2 + N))
	peer_recv "$ns_b" "$out" --local "$B" --count 1 --ssrc $SSRC \
		--srtp "$suite" --key-file "$key" --payload-len $fit --seq-start $((s + 5)) \
		--timeout-ms 60000
	res=$({
		"$RTP_PEER" gen --ssrc $SSRC --seq $s --count 4 --payload-len $big
		echo
		"$RTP_PEER" gen --ssrc $SSRC --seq $((s + 4)) --count 1 --payload-len $big
		echo
		"$RTP_PEER" gen --ssrc $SSRC --seq $((s + 5)) --count 1 --payload-len $fit
	} | udpgso_send "$ns_a" --gso --pmtudisc 'do' --local "$A" --remote "$B")
	check_eq "sendmsg() results with PMTU discovery 'do' (IPv$fam $suite)" \
		"ok EMSGSIZE ok" "$res"
	peer_wait
	grep -q "^received=1 ok=1 bad=0 unexpected=0\$" "$out" ||
		ksft_fail "IPv$fam $suite: libsrtp got $(cat "$out")"
	check_eq "IPv$fam datagrams fragmented" $((frag + 2 + N)) "$(ip_stat "$ns_a" "$fam" FragOKs)"
	expect_stat "$ns_a" "$id" rtp-packets $((3 + N))
	expect_stat "$ns_a" "$id" errors 5

	# The other way: libsrtp's datagrams too big for the MTU arrive in
	# fragments, and ksrtp decrypts what the stack reassembled (IPv6:
	# nf_defrag_ipv6, which counts nothing in snmp6; so count the
	# fragmented datagrams at the sender).
	frag=$(ip_stat "$ns_b" "$fam" FragOKs)
	peer_recv "$ns_a" "$out" --local "$A" --count 2 --ssrc $SSRC \
		--payload-len $big --timeout-ms 60000
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc $SSRC --count 2 \
		--payload-len $big --srtp "$suite" --key-file "$key2" ||
		ksft_fail "rtp-peer send"
	peer_wait
	check_eq "IPv$fam datagrams fragmented by libsrtp's host" $((frag + 2)) \
		"$(ip_stat "$ns_b" "$fam" FragOKs)"
	expect_stats "$ns_a" "$id2" rtp-packets 2 auth-failures 0

	in_a "$SRTPCTL" del id "$id"
	in_a "$SRTPCTL" del id "$id2"
	log "ok IPv$fam $suite: MTU $MTU, payload $fit fits, $big fragmented or refused"
}

for fam in 4 6; do
	for suite in "${TEST_SUITES[@]}"; do
		mtu_case "$fam" "$suite"
	done
done

ksft_pass "GSO and GRO datagrams processed one by one; the tag past the MTU fragments, or is refused and counted"
