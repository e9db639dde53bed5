#!/bin/bash
# The RFC 4568 section 6.3.2 session parameters against libsrtp2 (its
# policy.rtp.sec_serv / policy.rtcp.sec_serv), both directions, between
# two namespaces: the kernel protects what a plain socket in ns_a sends
# and libsrtp in ns_b takes it; libsrtp in ns_a protects and the kernel
# in ns_b takes it into a plain socket. Each mode:
#   UNENCRYPTED_SRTP            rtp.sec_serv = auth
#   UNAUTHENTICATED_SRTP        rtp.sec_serv = conf (no SRTP tag)
#   both                        rtp.sec_serv = none
#   UNENCRYPTED_SRTCP           rtcp.sec_serv = auth (E = 0)
# tcpdump on ns_b's veth shows on the wire what each mode says: the
# payload in the clear (or not), the tag there (or not), E = 0. Then the
# mismatches: SRTP without tags to a context that wants them fails
# authentication, SRTCP whose E bit contradicts the context is malformed
# (both ways), and libsrtp refuses E = 0 unless told, as ksrtp does.
# Contexts are made with nlraw.py, the key on its standard input.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns tcpdump tshark python3

N=8
SUITE=AES_CM_128_HMAC_SHA1_80
NUM=1
out=$TEST_TMP/peer.out
cap=$TEST_TMP/cap.pcap

# sd_add NS DIR LPORT RPORT SSRC KEY_FILE [FLAG...]: nlraw_ctx's context
# of suite NUM with the flags (unencrypted_srtp, ...), which GET must
# report back; its id in CX.
sd_add() {
	local ns=$1 f flags=() res
	for f in "${@:7}"; do flags+=("$f:flag:"); done
	nlraw_ctx "${@:1:5}" "$NUM" "$6" "${flags[@]}"
	CX=$NLRAW_ID
	res=$(echo "get id:u32:$CX" | ip netns exec "$ns" python3 "$NLRAW" --batch)
	for f in "${@:7}"; do
		[[ "$res" == "msg attrs="*",$f"* ]] || ksft_fail "get of context $CX lacks $f: $res"
	done
}

bg in_b tcpdump -i "$VETH_B" -U -n -w "$cap" udp 2>/dev/null
tcpdump_pid=$BG_PID
wait_for 10 test -s "$cap" || ksft_fail "tcpdump did not start"

# What the wire check expects: "MODE plain-hex" per packet sent.
wire=$TEST_TMP/wire.txt
: >"$wire"

# trip MODE DIR SSRC PORT "FLAGS" "SEC_SERV_OPTS" [packet options]: N
# packets through a context with FLAGS, libsrtp with SEC_SERV_OPTS at
# the other end; DIR out: the kernel sends, in: the kernel receives.
trip() {
	local mode=$1 dir=$2 ssrc=$3 port=$4 key id field=rtp-packets
	local -a flags ss
	read -ra flags <<<"$5"
	read -ra ss <<<"$6"
	shift 6
	[[ " $* " == *" --rtcp "* ]] && field=rtcp-packets
	key=$(new_key "$mode$dir" "$SUITE")
	local srtp=(--srtp "$SUITE" --key-file "$key" "${ss[@]}")
	if [[ $dir == out ]]; then
		sd_add "$ns_a" out $((port - 1000)) "$port" "$ssrc" "$key" "${flags[@]}"
		id=$CX
		peer_recv "$ns_b" "$out" --local "$(addr 4 b "$port")" --count $N \
			--ssrc "$ssrc" "${srtp[@]}" "$@"
		in_a "$RTP_PEER" send --local "$(addr 4 a $((port - 1000)))" \
			--remote "$(addr 4 b "$port")" --ssrc "$ssrc" --count $N "$@" ||
			ksft_fail "rtp-peer send ($mode $dir)"
		peer_wait
		expect_stats "$ns_a" "$id" "$field" $N malformed 0 errors 0
	else
		sd_add "$ns_b" in "$port" 0 "$ssrc" "$key" "${flags[@]}"
		id=$CX
		peer_recv "$ns_b" "$out" --local "$(addr 4 b "$port")" --count $N \
			--ssrc "$ssrc" "$@"
		in_a "$RTP_PEER" send --local "$(addr 4 a $((port - 1000)))" \
			--remote "$(addr 4 b "$port")" --ssrc "$ssrc" --count $N \
			"${srtp[@]}" "$@" || ksft_fail "rtp-peer send ($mode $dir)"
		peer_wait
		expect_stats "$ns_b" "$id" "$field" $N malformed 0 auth-failures 0 replays 0
	fi
	"$RTP_PEER" gen --ssrc "$ssrc" --seq 0 --count $N "$@" |
		sed "s/^/$mode /" >>"$wire"
	log "ok $mode: kernel $dir, libsrtp ${ss[*]}, $N packets $*"
}

port=6320
ssrc=$((0x45680000))
for dir in out in; do
	trip clear "$dir" $((ssrc += 1)) $((port += 1)) unencrypted_srtp "--rtp-sec-serv auth"
	trip notag "$dir" $((ssrc += 1)) $((port += 1)) unauthenticated_srtp "--rtp-sec-serv conf"
	trip none "$dir" $((ssrc += 1)) $((port += 1)) \
		"unencrypted_srtp unauthenticated_srtp" "--rtp-sec-serv none" --csrc 2 --ext 1
	trip rtcpclear "$dir" $((ssrc += 1)) $((port += 1)) unencrypted_srtcp "--rtcp-sec-serv auth" --rtcp
	# All three: RTP, then RTCP.
	trip all "$dir" $((ssrc += 1)) $((port += 1)) \
		"unencrypted_srtp unencrypted_srtcp unauthenticated_srtp" \
		"--rtp-sec-serv none --rtcp-sec-serv auth" --padding 3
	trip rtcpclear "$dir" $((ssrc += 1)) $((port += 1)) \
		"unencrypted_srtp unencrypted_srtcp unauthenticated_srtp" \
		"--rtp-sec-serv none --rtcp-sec-serv auth" --rtcp
done

# mismatch DIR "FLAGS" "SEC_SERV_OPTS" FIELD [packet options]: N packets
# that the receiver must drop, counted as FIELD by the kernel.
mismatch() {
	local dir=$1 field=$4 key id p
	ssrc=$((ssrc + 1))
	port=$((port + 1))
	p=$port
	local -a flags ss
	read -ra flags <<<"$2"
	read -ra ss <<<"$3"
	shift 4
	key=$(new_key "mm$ssrc" "$SUITE")
	local srtp=(--srtp "$SUITE" --key-file "$key" "${ss[@]}")
	if [[ $dir == out ]]; then
		# The kernel sends; libsrtp, told otherwise, takes nothing.
		sd_add "$ns_a" out $((p - 1000)) "$p" "$ssrc" "$key" "${flags[@]}"
		id=$CX
		peer_recv "$ns_b" "$out" --local "$(addr 4 b "$p")" --expect-none \
			--timeout-ms 1500 --ssrc "$ssrc" "${srtp[@]}" "$@"
		in_a "$RTP_PEER" send --local "$(addr 4 a $((p - 1000)))" \
			--remote "$(addr 4 b "$p")" --ssrc "$ssrc" --count $N "$@" ||
			ksft_fail "rtp-peer send (mismatch out)"
		# rtp-peer recv fails on bad packets: here they are the point.
		wait "$PEER_PID" || true
		grep -q "ok=0 bad=$N " "$PEER_OUT" ||
			ksft_fail "libsrtp did not refuse them all: $(cat "$PEER_OUT")"
	else
		sd_add "$ns_b" in "$p" 0 "$ssrc" "$key" "${flags[@]}"
		id=$CX
		peer_recv "$ns_b" "$out" --local "$(addr 4 b "$p")" --expect-none \
			--timeout-ms 1500
		in_a "$RTP_PEER" send --local "$(addr 4 a $((p - 1000)))" \
			--remote "$(addr 4 b "$p")" --ssrc "$ssrc" --count $N \
			"${srtp[@]}" "$@" || ksft_fail "rtp-peer send (mismatch in)"
		peer_wait
		expect_stats "$ns_b" "$id" rtp-packets 0 rtcp-packets 0 "$field" $N
	fi
	log "ok mismatch, kernel $dir with '${flags[*]}', libsrtp ${ss[*]}: dropped${field:+ as $field}"
}

# SRTP without tags to a context that wants them: authentication fails.
mismatch in "" "--rtp-sec-serv conf" auth-failures
mismatch in "unencrypted_srtp" "--rtp-sec-serv none" auth-failures
# E = 0 to a context that encrypts SRTCP, E = 1 to one that does not.
mismatch in "" "--rtcp-sec-serv auth" malformed --rtcp
mismatch in "unencrypted_srtcp" "" malformed --rtcp
# libsrtp2 refuses them too (srtp_err_status_cant_check).
mismatch out "unencrypted_srtcp" "" "" --rtcp
mismatch out "" "--rtcp-sec-serv auth" "" --rtcp

# Every packet of the trips was received, so captured: the capture ends.
sleep 1
kill "$tcpdump_pid"
wait "$tcpdump_pid" 2>/dev/null

# On the wire, per mode, against the plain packets: the RTP header as
# sent always; "clear": the payload as sent, a 10-byte tag; "notag":
# the length as sent, the payload not; "none": the packet as sent;
# "all": the same; "rtcpclear": the packet as sent, then E = 0 and the
# index, then a 10-byte tag.
tshark -r "$cap" -T fields -e udp.payload 2>/dev/null >"$TEST_TMP/wire.hex"
res=$(python3 - "$wire" "$TEST_TMP/wire.hex" <<'EOF'
import sys

plain = {}
for line in open(sys.argv[1]):
    mode, hexp = line.split()
    p = bytes.fromhex(hexp)
    rtcp = 192 <= p[1] <= 223
    key = (p[4:8], p[20:24]) if rtcp else (p[8:12], p[2:4])
    plain[key] = (mode, p)
seen, bad = 0, []
for line in open(sys.argv[2]):
    w = bytes.fromhex(line.strip().replace(":", ""))
    if len(w) < 24:
        continue
    rtcp = 192 <= w[1] <= 223
    key = (w[4:8], w[20:24]) if rtcp else (w[8:12], w[2:4])
    if key not in plain:
        continue
    mode, p = plain[key]
    n = len(p)
    if rtcp:
        # The SR's sender packet count (n) is after the header: in the
        # clear, so it finds its plain packet.
        ok = (mode == "rtcpclear" and len(w) == n + 14 and w[:n] == p and
              w[n] < 0x80)
    elif mode == "clear":
        ok = len(w) == n + 10 and w[:n] == p
    elif mode == "notag":
        ok = len(w) == n and w[:12] == p[:12] and w[12:] != p[12:]
    elif mode in ("none", "all"):
        ok = w == p
    else:
        ok = False
    seen += 1
    if not ok:
        bad.append("%s %s" % (mode, w.hex()))
print(seen, len(plain), *bad[:3], sep="\n")
EOF
) || ksft_fail "wire check: $res"
{ read -r seen; read -r want; } <<<"$res"
check_eq "packets of the trips captured" "$want" "$seen"
[[ $(wc -l <<<"$res") == 2 ]] || ksft_fail "on the wire, not as the mode says: $(tail -n +3 <<<"$res")"
log "ok on the wire: payloads in the clear, tags absent, E = 0 where the mode says"
ksft_pass "SDES session parameters with libsrtp2, both ways, on the wire"
