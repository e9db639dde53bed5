#!/bin/bash
# In-kernel forwarding (uapi/linux/ksrtp.h, "Forwarding"). ns_a is the
# media server; publishers and subscribers are libsrtp2 peers (rtp-peer)
# in ns_b, each subscriber with its own key and suite, each judging every
# packet byte for byte against the packet regenerated for its sequence
# number.
#  - fan-out: one publisher's SRTP (AES-GCM, ROC 3 from signaling, across
#    the SEQ wrap) and SRTCP to three protected outputs (AES-CM 128/80,
#    AES-CM 256/32, AES-GCM 256) and a plain one (SRTP->RTP), IPv4 and
#    IPv6, with the counters of the rule, the outputs and the contexts;
#  - forged, replayed and truncated input reaches no output;
#  - RTP->SRTP: a plain rule to a protected output;
#  - RTCP through an output with a new SSRC: SR, SDES and BYE rewritten;
#  - switching: a subscriber moved from an SRTP publisher to a plain one,
#    with a new SSRC and sequence/timestamp offsets (OUT_SET), sees one
#    continuous stream;
#  - join and leave under traffic: the outputs that stay lose nothing, and
#    the counters agree with what the receivers got;
#  - a rule whose output comes back to its own port forwards once;
#  - a payload-type filter: other types reach the socket, counted;
#  - an output whose context was removed is reported (fwd-drops event);
#  - a rule of 256 outputs: one more is refused, a packet reaches each,
#    and both listings (dump, GET) hold them all;
#  - a rule deleted, the rules flushed, the module unloaded and the
#    namespace deleted with traffic flowing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

SSRC=0x1111
N=40
NRTCP=10

fwd_add() {
	local out
	out=$(in_a "$SRTPCTL" forward add "$@") || ksft_fail "srtpctl forward add $*: failed"
	[[ $out =~ ^id\ ([0-9]+)$ ]] || ksft_fail "srtpctl forward add printed '$out'"
	echo "${BASH_REMATCH[1]}"
}
out_add() { # RULE ARGS...
	local rule=$1 out
	shift
	out=$(in_a "$SRTPCTL" forward output add id "$rule" "$@") ||
		ksft_fail "srtpctl forward output add id $rule $*: failed"
	[[ $out =~ ^output\ ([0-9]+)$ ]] || ksft_fail "srtpctl forward output add printed '$out'"
	echo "${BASH_REMATCH[1]}"
}
# fwd_stat RULE FIELD: of the rule's line; out_stat RULE OUTPUT FIELD.
fwd_stat() {
	show_field "$(in_a "$SRTPCTL" forward show id "$1" | head -n 1)" "$2"
}
out_stat() {
	show_field "$(in_a "$SRTPCTL" forward show id "$1" |
		grep -E "^[[:space:]]+output $2:")" "$3"
}
expect_fwd() { # RULE FIELD VALUE
	local got
	got=$(fwd_stat "$1" "$2")
	[[ "$got" == "$3" ]] || ksft_fail "rule $1: $2 is '$got', expected '$3'"
}
expect_out() { # RULE OUTPUT FIELD VALUE
	local got
	got=$(out_stat "$1" "$2" "$3")
	[[ "$got" == "$4" ]] || ksft_fail "rule $1 output $2: $3 is '$got', expected '$4'"
}
# recv_bg NAME ARGS...: an rtp-peer receiver in ns_b; its pid in RPID[NAME].
declare -A RPID
recv_bg() {
	local name=$1
	shift
	peer_recv "$ns_b" "$TEST_TMP/$name.out" "$@"
	RPID[$name]=$PEER_PID
}
recv_wait() { # NAME...: each must have judged every packet good
	local name
	for name in "$@"; do
		wait "${RPID[$name]}" || ksft_fail "receiver $name: $(cat "$TEST_TMP/$name.out")"
	done
}
# recv_ok NAME: GOT, how many good packets it got (it may have failed
# for too few, never for a bad one).
GOT=
recv_ok() {
	local out
	wait "${RPID[$1]}"
	out=$(<"$TEST_TMP/$1.out")
	[[ "$out" =~ ok=([0-9]+)\ bad=([0-9]+) ]] || ksft_fail "receiver $1: $out"
	((BASH_REMATCH[2] == 0)) || ksft_fail "receiver $1: bad packets: $out"
	GOT=${BASH_REMATCH[1]}
}
# shellcheck disable=SC2317 # called by wait_for
_fwd_at_least() { # RULE FIELD N
	local v
	v=$(fwd_stat "$1" "$2")
	[[ -n "$v" ]] && ((v >= $3))
}

SUB_SUITES=(AES_CM_128_HMAC_SHA1_80 AES_256_CM_HMAC_SHA1_32 AEAD_AES_256_GCM)
PUB_SUITE=AEAD_AES_128_GCM

# fanout FAM BASE ROC [keep]: an inbound context and an SRTP rule on port
# BASE, three protected outputs from ports BASE+1.. to ns_b's
# 2000+BASE+r; sets RULE, CIN, PUB, PUBKEY, SUB[r], SUBKEY[r], CTX[r],
# OUT[r]. With keep, the keys of the last fanout BASE are kept.
declare -a SUB SUBKEY CTX OUT
fanout() {
	local fam=$1 base=$2 roc=$3 keep=${4:-} r
	PUB=$(addr "$fam" b $((base + 1000)))
	[[ -n "$keep" ]] || PUBKEY=$(new_key "pub$base" $PUB_SUITE)
	CIN=$(ctx_add "$ns_a" in local "$(addr "$fam" a "$base")" remote "$PUB" \
		ssrc $SSRC suite $PUB_SUITE key-file "$PUBKEY" roc "$roc")
	RULE=$(fwd_add local "$(addr "$fam" a "$base")" ssrc $SSRC)
	for r in 1 2 3; do
		SUB[r]=$(addr "$fam" b $((2000 + base + r)))
		[[ -n "$keep" ]] || SUBKEY[r]=$(new_key "sub$base-$r" "${SUB_SUITES[r - 1]}")
		CTX[r]=$(ctx_add "$ns_a" out local "$(addr "$fam" a $((base + r)))" \
			remote "${SUB[r]}" ssrc $SSRC suite "${SUB_SUITES[r - 1]}" \
			key-file "${SUBKEY[r]}" roc "$roc")
		OUT[r]=$(out_add "$RULE" ctx "${CTX[r]}")
	done
}
publish() { # BASE FAM ARGS...: the publisher of fanout BASE sends
	local base=$1 fam=$2
	shift 2
	in_b "$RTP_PEER" send --local "$PUB" --remote "$(addr "$fam" a "$base")" \
		--ssrc $SSRC --srtp $PUB_SUITE --key-file "$PUBKEY" "$@" ||
		ksft_fail "publisher $base: send $*"
}

# --- fan-out, SRTP and SRTCP, IPv4 and IPv6, across the SEQ wrap --------
for fam in 4 6; do
	base=$((fam == 4 ? 4000 : 4100))
	fanout "$fam" "$base" 3
	# A fourth output, plain: SRTP in, RTP out.
	plain=$(addr "$fam" b $((2000 + base + 4)))
	out4=$(out_add "$RULE" local "$(addr "$fam" a $((base + 4)))" remote "$plain")
	for r in 1 2 3; do
		recv_bg "sub$fam-$r" --local "${SUB[r]}" --count $N --ssrc $SSRC \
			--seq-start 65530 --srtp "${SUB_SUITES[r - 1]}" \
			--key-file "${SUBKEY[r]}" --roc 3
	done
	recv_bg "plain$fam" --local "$plain" --count $N --ssrc $SSRC --seq-start 65530
	publish "$base" "$fam" --count $N --seq-start 65530 --roc 3
	recv_wait "sub$fam-1" "sub$fam-2" "sub$fam-3" "plain$fam"

	for r in 1 2 3; do
		recv_bg "rtcp$fam-$r" --local "${SUB[r]}" --count $NRTCP --ssrc $SSRC \
			--rtcp --srtp "${SUB_SUITES[r - 1]}" --key-file "${SUBKEY[r]}"
	done
	recv_bg "prtcp$fam" --local "$plain" --count $NRTCP --ssrc $SSRC --rtcp
	publish "$base" "$fam" --count $NRTCP --rtcp
	recv_wait "rtcp$fam-1" "rtcp$fam-2" "rtcp$fam-3" "prtcp$fam"

	expect_fwd "$RULE" packets $((N + NRTCP))
	expect_fwd "$RULE" loops 0
	for r in 1 2 3; do
		expect_out "$RULE" "${OUT[r]}" packets $((N + NRTCP))
		expect_stats "$ns_a" "${CTX[r]}" rtp-packets $N rtcp-packets $NRTCP \
			roc 4 seq $(((65530 + N - 1) % 65536))
		expect_clean "$ns_a" "${CTX[r]}"
	done
	expect_out "$RULE" "$out4" packets $((N + NRTCP))
	expect_stats "$ns_a" "$CIN" rtp-packets $N rtcp-packets $NRTCP
	expect_clean "$ns_a" "$CIN"
	log "ok: IPv$fam: one SRTP publisher to three SRTP subscribers and one RTP"

done

# --- forged, truncated, tampered and replayed input: to no one ---------
fanout 4 4200 0
recv_bg first --local "${SUB[1]}" --count 5 --ssrc $SSRC \
	--srtp "${SUB_SUITES[0]}" --key-file "${SUBKEY[1]}"
publish 4200 4 --count 5
recv_wait first
wrong=$(new_key wrong $PUB_SUITE)
recv_bg quiet --local "${SUB[1]}" --expect-none --timeout-ms 3000
in_b "$RTP_PEER" send --local "$PUB" --remote "$(addr 4 a 4200)" --ssrc $SSRC \
	--srtp $PUB_SUITE --key-file "$wrong" --count 5 --seq-start 10 ||
	ksft_fail "send under the wrong key"
publish 4200 4 --count 5 --seq-start 20 --truncate 3
publish 4200 4 --count 5 --seq-start 30 --flip 20:0
publish 4200 4 --count 5	# seq 0..4 again: replays
wait "${RPID[quiet]}" || ksft_fail "forged input reached a subscriber: $(cat "$TEST_TMP/quiet.out")"
# Duplicated in the network: each packet reaches each output once.
recv_bg dup --local "${SUB[1]}" --count 5 --ssrc $SSRC --seq-start 40 \
	--srtp "${SUB_SUITES[0]}" --key-file "${SUBKEY[1]}" --linger-ms 1000
publish 4200 4 --count 5 --seq-start 40 --duplicate
recv_wait dup
expect_fwd "$RULE" packets 10
for r in 1 2 3; do
	expect_out "$RULE" "${OUT[r]}" packets 10
	expect_clean "$ns_a" "${CTX[r]}"
done
expect_stats "$ns_a" "$CIN" auth-failures 15 replays 10 rtp-packets 10
log "ok: forged, truncated, tampered and replayed SRTP reaches no output"

# --- RTP in, SRTP out --------------------------------------------------
K=$(new_key bridge)
C=$(ctx_add "$ns_a" out local "$(addr 6 a 4301)" remote "$(addr 6 b 6301)" \
	ssrc 0x2222 suite AES_CM_128_HMAC_SHA1_80 key-file "$K")
R=$(fwd_add local "$(addr 6 a 4300)" plain)
out_add "$R" ctx "$C" >/dev/null
recv_bg bridge --local "$(addr 6 b 6301)" --count $N --ssrc 0x2222 \
	--srtp AES_CM_128_HMAC_SHA1_80 --key-file "$K"
in_b "$RTP_PEER" send --local "$(addr 6 b 5300)" --remote "$(addr 6 a 4300)" \
	--ssrc 0x2222 --count $N || ksft_fail "plain publisher"
recv_wait bridge
expect_fwd "$R" packets $N
expect_stats "$ns_a" "$C" rtp-packets $N
log "ok: plain RTP in, SRTP out"

# --- switching a subscriber between publishers -------------------------
# Publisher 1: SRTP (rule 1, SSRC 0x1111); publisher 2: plain (rule 2,
# SSRC 0x2211). The subscriber's context sends SSRC 0x5511. Payload bytes
# depend on the SSRC's low byte (0x11 for all three) and on 7 * seq mod
# 256: publisher 2 starts at 20 + 5120, so offset -5120 (a multiple of
# 256, timestamp -5120 * 160) makes its packets those of seq 20.. of the
# subscriber's stream, byte for byte.
fanout 4 4400 0
R2=$(fwd_add local "$(addr 4 a 4410)" ssrc 0x2211 plain)
K=$(new_key switch AEAD_AES_128_GCM)
C=$(ctx_add "$ns_a" out local "$(addr 4 a 4420)" remote "$(addr 4 b 6420)" \
	ssrc 0x5511 suite AEAD_AES_128_GCM key-file "$K")
O=$(out_add "$RULE" ctx "$C")
recv_bg switch --local "$(addr 4 b 6420)" --count 40 --ssrc 0x5511 \
	--srtp AEAD_AES_128_GCM --key-file "$K" --timeout-ms 20000
publish 4400 4 --count 20
in_a "$SRTPCTL" forward output del id "$RULE" output "$O" ||
	ksft_fail "forward output del"
O2=$(out_add "$R2" ctx "$C")
in_a "$SRTPCTL" forward output set id "$R2" output "$O2" \
	seq-offset $((65536 - 5120)) ts-offset $(((1 << 32) - 5120 * 160)) ||
	ksft_fail "forward output set"
expect_out "$R2" "$O2" seq-offset $((65536 - 5120))
in_b "$RTP_PEER" send --local "$(addr 4 b 5410)" --remote "$(addr 4 a 4410)" \
	--ssrc 0x2211 --count 20 --seq-start $((20 + 5120)) || ksft_fail "publisher 2"
recv_wait switch
expect_stats "$ns_a" "$C" rtp-packets 40 seq 39
log "ok: a subscriber switched between publishers sees one stream"

# --- RTCP of a rewritten SSRC: the sender's SR, SDES chunk and BYE -----
# A plain rule, an output with a new SSRC and a timestamp offset: the SR's
# sender and RTP timestamp, the SDES chunk and the BYE take them; the
# report block (about another source) and the CNAME go as they came.
R=$(fwd_add local "$(addr 4 a 4740)" plain)
out_add "$R" local "$(addr 4 a 4741)" remote "$(addr 4 b 6740)" ssrc 0x5511 \
	ts-offset 1000 >/dev/null
sr=$("$RTP_PEER" gen --ssrc 0x6666 --seq 7 --rtcp) || ksft_fail "rtp-peer gen"
# The compound packet with a BYE of 0x6666 and 0x7777 after it, and what
# the output must send.
read -r sent want < <(python3 - "$sr" <<'PY'
import struct, sys
p = bytearray.fromhex(sys.argv[1]) + bytes.fromhex("82cb0002" "00006666" "00007777")
w = bytearray(p)
w[4:8] = struct.pack("!I", 0x5511)                                  # SR sender
w[16:20] = struct.pack("!I", struct.unpack("!I", p[16:20])[0] + 1000)  # its timestamp
w[56:60] = struct.pack("!I", 0x5511)                                # SDES chunk
w[84:88] = struct.pack("!I", 0x5511)                                # BYE source
print(p.hex(), w.hex())
PY
)
[[ -n "$want" ]] || ksft_fail "expected RTCP not computed"
peer_recv "$ns_b" "$TEST_TMP/rtcpw.out" --local "$(addr 4 b 6740)" --raw-expect "$want"
in_b "$RTP_PEER" send --local "$(addr 4 b 5740)" --remote "$(addr 4 a 4740)" \
	--raw-hex "$sent" || ksft_fail "RTCP sender"
peer_wait
in_a "$SRTPCTL" forward del id "$R" || ksft_fail "forward del id $R"
log "ok: RTCP takes the output's SSRC in the SR, SDES and BYE, the SR its offset"

# --- join and leave under traffic --------------------------------------
fanout 4 4500 0
M=1000
for r in 1 2 3; do
	recv_bg "jl$r" --local "${SUB[r]}" --count $M --ssrc $SSRC \
		--srtp "${SUB_SUITES[r - 1]}" --key-file "${SUBKEY[r]}" \
		--timeout-ms 3000
done
K=$(new_key joiner)
C4=$(ctx_add "$ns_a" out local "$(addr 4 a 4504)" remote "$(addr 4 b 6504)" \
	ssrc $SSRC suite AES_CM_128_HMAC_SHA1_80 key-file "$K")
recv_bg jl4 --local "$(addr 4 b 6504)" --count $M --ssrc $SSRC \
	--srtp AES_CM_128_HMAC_SHA1_80 --key-file "$K" --timeout-ms 3000
bg_b "$RTP_PEER" send --local "$PUB" --remote "$(addr 4 a 4500)" --ssrc $SSRC \
	--srtp $PUB_SUITE --key-file "$PUBKEY" --count $M --interval-us 4000
SENDER=$BG_PID
wait_for 30 _fwd_at_least "$RULE" packets 100 ||
	ksft_fail "no traffic through the rule"
O4=$(out_add "$RULE" ctx "$C4")
in_a "$SRTPCTL" forward output del id "$RULE" output "${OUT[2]}" ||
	ksft_fail "forward output del under traffic"
wait "$SENDER" || ksft_fail "the publisher under churn"
recv_wait jl1 jl3
recv_ok jl2
got2=$GOT
recv_ok jl4
got4=$GOT
((got2 > 0 && got2 < M)) || ksft_fail "the subscriber that left got $got2 of $M"
((got4 > 0 && got4 < M)) || ksft_fail "the subscriber that joined got $got4 of $M"
expect_stats "$ns_a" "${CTX[2]}" rtp-packets "$got2"
expect_out "$RULE" "$O4" packets "$got4"
expect_out "$RULE" "${OUT[1]}" packets $M
expect_out "$RULE" "${OUT[3]}" packets $M
expect_fwd "$RULE" packets $M
log "ok: subscribers join and leave under traffic, the others lose nothing"

# --- a loop: an output back to the rule's own port ---------------------
R=$(fwd_add local "$(addr 4 a 4600)" plain)
out_add "$R" local "$(addr 4 a 4601)" remote "$(addr 4 a 4600)" >/dev/null
in_b "$RTP_PEER" send --local "$(addr 4 b 5600)" --remote "$(addr 4 a 4600)" \
	--ssrc 0x6666 --count 5 || ksft_fail "plain sender"
wait_for 10 _fwd_at_least "$R" loops 5 ||
	ksft_fail "loops: $(in_a "$SRTPCTL" forward show id "$R")"
expect_fwd "$R" loops 5
expect_fwd "$R" packets 5
log "ok: an output that comes back to its rule's port is forwarded once"

# --- a payload-type filter: the rule's types out, the others to the socket
# SRTP rule: an authenticated packet of another type is delivered to the
# socket decrypted; plain rule: one of another type goes on as media no
# rule matches (here an unprotected port: to the socket as it came).
PTKEY=$(new_key pt AES_CM_128_HMAC_SHA1_80)
ctx_add "$ns_a" in local "$(addr 4 a 4700)" remote "$(addr 4 b 5700)" \
	ssrc 0x7777 suite AES_CM_128_HMAC_SHA1_80 key-file "$PTKEY" >/dev/null
R=$(fwd_add local "$(addr 4 a 4700)" ssrc 0x7777 pt 97,96)
out_add "$R" local "$(addr 4 a 4701)" remote "$(addr 4 b 6700)" >/dev/null
P=$(fwd_add local "$(addr 4 a 4710)" plain pt 8)
out_add "$P" local "$(addr 4 a 4711)" remote "$(addr 4 b 6710)" >/dev/null
check_eq "the rule's payload types" "96,97" "$(fwd_stat "$R" pt)"
check_eq "a rule without a filter" any "$(fwd_stat "$(fwd_add local "$(addr 4 a 4720)")" pt)"
recv_bg ptout --local "$(addr 4 b 6700)" --count 10 --ssrc 0x7777 --pt 96
peer_recv "$ns_a" "$TEST_TMP/ptsock.out" --local "$(addr 4 a 4700)" --count 5 \
	--ssrc 0x7777 --pt 0 --seq-start 100
RPID[ptsock]=$PEER_PID
recv_bg plainout --local "$(addr 4 b 6710)" --count 3 --ssrc 0x8888 --pt 8
peer_recv "$ns_a" "$TEST_TMP/plainsock.out" --local "$(addr 4 a 4710)" --count 2 \
	--ssrc 0x8888 --pt 0 --seq-start 100
RPID[plainsock]=$PEER_PID
for pt in "96 0 10" "0 100 5"; do
	read -r t seq n <<<"$pt"
	in_b "$RTP_PEER" send --local "$(addr 4 b 5700)" --remote "$(addr 4 a 4700)" \
		--ssrc 0x7777 --srtp AES_CM_128_HMAC_SHA1_80 --key-file "$PTKEY" \
		--pt "$t" --seq-start "$seq" --count "$n" || ksft_fail "SRTP sender, type $t"
done
for pt in "8 0 3" "0 100 2"; do
	read -r t seq n <<<"$pt"
	in_b "$RTP_PEER" send --local "$(addr 4 b 5710)" --remote "$(addr 4 a 4710)" \
		--ssrc 0x8888 --pt "$t" --seq-start "$seq" --count "$n" ||
		ksft_fail "plain sender, type $t"
done
recv_wait ptout ptsock plainout plainsock
expect_fwd "$R" packets 10
expect_fwd "$R" other-pt 5
expect_fwd "$P" packets 3
expect_fwd "$P" other-pt 2
in_a "$SRTPCTL" -j forward show id "$R" | python3 -c '
import json, sys
r = json.load(sys.stdin)[0]
assert r["payload_types"] == [96, 97] and r["stats"]["other_pt"] == 5, r
' || ksft_fail "forward show -j: payload types"
log "ok: a rule forwards its payload types only; the others reach the socket"

# --- an output whose context is gone is reported (fwd-drops) -----------
mon=$TEST_TMP/monitor.out
monitor_start "$ns_a" "$mon"
EVKEY=$(new_key ev AES_CM_128_HMAC_SHA1_80)
EVOKEY=$(new_key evo AES_CM_128_HMAC_SHA1_80)
ctx_add "$ns_a" in local "$(addr 4 a 4730)" remote "$(addr 4 b 5730)" \
	ssrc 0x7373 suite AES_CM_128_HMAC_SHA1_80 key-file "$EVKEY" >/dev/null
R=$(fwd_add local "$(addr 4 a 4730)" ssrc 0x7373)
C=$(ctx_add "$ns_a" out local "$(addr 4 a 4731)" remote "$(addr 4 b 6730)" \
	ssrc 0x7373 suite AES_CM_128_HMAC_SHA1_80 key-file "$EVOKEY")
O=$(out_add "$R" ctx "$C")
in_a "$SRTPCTL" del id "$C" || ksft_fail "del id $C, the output's context"
in_b "$RTP_PEER" send --local "$(addr 4 b 5730)" --remote "$(addr 4 a 4730)" \
	--ssrc 0x7373 --srtp AES_CM_128_HMAC_SHA1_80 --key-file "$EVKEY" --count 5 ||
	ksft_fail "publisher of the events rule"
wait_event "$mon" "^fwd-drops local $(addr 4 a 4730) remote any ssrc 0x00007373 fwd $R output $O no-context [1-5] no-route 0 "
expect_out "$R" "$O" no-context 5
check_eq "other events" 0 "$(grep -vc '^fwd-drops ' "$mon")"
log "ok: an output that drops is reported once a second at most, with its counters"

# --- the most outputs a rule has, each sending and listed whole ---------
# outputs_batch RULE N: a batch file adding N plain outputs to RULE.
outputs_batch() {
	local i
	for ((i = 0; i < $2; i++)); do
		echo "forward output add id $1 local $(addr 4 a 4901) remote $(addr 4 b $((10000 + i)))"
	done >"$TEST_TMP/outputs.batch"
}
R=$(fwd_add local "$(addr 4 a 4900)" plain)
outputs_batch "$R" 256
in_a "$SRTPCTL" -b "$TEST_TMP/outputs.batch" >/dev/null || ksft_fail "256 outputs"
in_a "$SRTPCTL" forward output add id "$R" local "$(addr 4 a 4901)" \
	remote "$(addr 4 b 9999)" 2>/dev/null && ksft_fail "a 257th output was added"
in_b "$RTP_PEER" send --local "$(addr 4 b 5900)" --remote "$(addr 4 a 4900)" \
	--ssrc 0x9999 --count 1 || ksft_fail "plain sender"
wait_for 10 _fwd_at_least "$R" packets 1 || ksft_fail "no packet through the rule"
# One reply of a rule this size is about 41 KB, more than libnl's
# default receive buffer: "show id" (a GET) must still read it whole,
# and "show" (a dump) splits it over messages.
for how in "" "id $R"; do
	# shellcheck disable=SC2086 # $how is words
	show=$(in_a "$SRTPCTL" forward show $how) || ksft_fail "forward show $how"
	# The output lines of rule R only (a dump lists every rule).
	n=$(awk -v r="fwd $R:" '$1 == "fwd" { in_r = ($1 " " $2 == r) }
		in_r && /^[[:space:]]+output [0-9]+: .* packets 1 / { n++ } END { print n + 0 }' \
		<<<"$show")
	check_eq "outputs of rule $R that sent the packet (show $how)" 256 "$n"
done
in_a "$SRTPCTL" forward del id "$R" || ksft_fail "forward del of 256 outputs"
log "ok: 256 outputs and not one more; a packet reaches each, all listed"

# --- removal with traffic flowing --------------------------------------
fanout 4 4700 0
bg_b "$RTP_PEER" send --local "$PUB" --remote "$(addr 4 a 4700)" --ssrc $SSRC \
	--srtp $PUB_SUITE --key-file "$PUBKEY" --count 60000 --interval-us 1000
SENDER=$BG_PID
wait_for 30 _fwd_at_least "$RULE" packets 50 ||
	ksft_fail "no traffic through the rule"
in_a "$SRTPCTL" forward del id "$RULE" || ksft_fail "forward del under traffic"
RULE=$(fwd_add local "$(addr 4 a 4700)" ssrc $SSRC)
for r in 1 2 3; do
	out_add "$RULE" ctx "${CTX[r]}" >/dev/null
done
in_a "$SRTPCTL" flush || ksft_fail "flush under traffic"
[[ -z "$(in_a "$SRTPCTL" forward show)" ]] || ksft_fail "flush left rules"
fanout 4 4700 0 keep
wait_for 30 _fwd_at_least "$RULE" packets 20 ||
	ksft_fail "no traffic through the new rule"
# shellcheck disable=SC2119 # no module parameters
ksrtp_reload || ksft_fail "the module did not reload with forwarding traffic"
fanout 4 4700 0 keep
wait_for 30 _fwd_at_least "$RULE" packets 20 ||
	ksft_fail "no traffic after the reload"
ip netns del "$ns_a" || ksft_fail "ip netns del with forwarding traffic"
kill "$SENDER"
wait "$SENDER"
log "ok: rules removed, flushed, unloaded and their namespace deleted under traffic"
ksft_pass "forwarding: fan-out, bridging, switching, churn, loops and removal"
