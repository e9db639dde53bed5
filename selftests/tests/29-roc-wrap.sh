#!/bin/bash
# The rollover counter across the sequence number wrap, against libsrtp2,
# with AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM: a stream that starts
# at SEQ 65530; loss across the wrap (every 10th packet and a run of 11 at
# the wrap); reordering across it (pairs swapped, 65534 1 65535 0 2, a
# packet of the old ROC after 41 of the new). Inbound (libsrtp protects,
# the network loses or reorders, the kernel verifies) and outbound (the
# application skips or reorders, the kernel protects, libsrtp verifies).
# Then a receiver whose first packets before the wrap were all lost: its
# first packet is SEQ 2 of ROC 1 while it expects ROC 0, and it must find
# ROC 1 (RFC 3711 Appendix A alone would lock onto ROC 0), while forged
# packets change no state and two unseen wraps are not guessed.
# TIMEOUT=900
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

HMAC=AES_CM_128_HMAC_SHA1_80
GCM=AEAD_AES_128_GCM
out=$TEST_TMP/peer.out
ssrc=$((0x2900))

# The receiver printed received=N ok=N, no bad and nothing unexpected.
expect_summary() {
	local got
	got=$(tail -n 1 "$out")
	[[ "$got" == "received=$2 ok=$2 bad=0 unexpected=0" ]] ||
		ksft_fail "$1: receiver: $got, expected $2 good packets"
}

# After a case: the counters of context ID, from one srtpctl show.
expect_ctx() { # NAME ID PACKETS ROC SEQ [AUTH-FAILURES]
	local show pair
	show=$(in_a "$SRTPCTL" show id "$2" | tr -s ' \n' '  ') ||
		ksft_fail "$1: srtpctl show id $2"
	for pair in "rtp-packets $3" "roc $4" "seq $5" "auth-failures ${6:-0}" \
		"replays 0" "malformed 0" "errors 0"; do
		[[ "$show " == *" $pair "* ]] ||
			ksft_fail "$1: context $2: expected $pair: $show"
	done
}

# run_stream DIR NAME FAM SUITE "STREAM" "SEND" GOOD ROC SEQ [CTX ARGS]
# DIR in: libsrtp sends the stream (--count, --seq-start, --drop...: the
# receiver is told the same) with SEND options (--order, --roc ...) from
# ns_b; the kernel verifies into a plain receiver in ns_a, which must get
# every packet not dropped. DIR out: the application sends the plain
# stream from ns_a, SEND options applied to the plain packets; the kernel
# protects; libsrtp in ns_b verifies. CTX ARGS go to ns_a's context.
run_stream() {
	local dir=$1 name=$2 fam=$3 suite=$4 stream=$5 send=$6 good=$7 roc=$8 seq=$9
	local key id A B srtp rx rx_addr tx tx_addr rx_srtp=() tx_srtp=()
	A=$(addr "$fam" a 5004)
	B=$(addr "$fam" b 6004)
	ssrc=$((ssrc + 1))
	key=$(new_key "$dir$ssrc" "$suite")
	srtp=(--srtp "$suite" --key-file "$key")
	if [[ $dir == in ]]; then
		rx=$ns_a rx_addr=$A tx=$ns_b tx_addr=$B tx_srtp=("${srtp[@]}")
	else
		rx=$ns_b rx_addr=$B rx_srtp=("${srtp[@]}") tx=$ns_a tx_addr=$A
	fi
	# shellcheck disable=SC2086 # word lists
	id=$(ctx_add "$ns_a" "$dir" local "$A" remote "$B" ssrc "$ssrc" suite "$suite" \
		key-file "$key" ${10:-})
	# shellcheck disable=SC2086
	peer_recv "$rx" "$out" --local "$rx_addr" --ssrc "$ssrc" "${rx_srtp[@]}" $stream
	# shellcheck disable=SC2086
	ip netns exec "$tx" "$RTP_PEER" send --local "$tx_addr" --remote "$rx_addr" \
		--ssrc "$ssrc" "${tx_srtp[@]}" $stream $send ||
		ksft_fail "$name: rtp-peer send"
	peer_wait
	expect_summary "$name" "$good"
	expect_ctx "$name" "$id" "$good" "$roc" "$seq"
	in_a "$SRTPCTL" del id "$id" || ksft_fail "$name: srtpctl del"
	log "ok ${dir}bound $suite IPv$fam: $name"
}

# Both directions, HMAC over IPv4 inbound and IPv6 outbound, GCM the
# other way round.
both() { # NAME "STREAM" "SEND" GOOD ROC SEQ
	run_stream in "$1" 4 $HMAC "$2" "$3" "$4" "$5" "$6"
	run_stream in "$1" 6 $GCM "$2" "$3" "$4" "$5" "$6"
	run_stream out "$1" 6 $HMAC "$2" "$3" "$4" "$5" "$6"
	run_stream out "$1" 4 $GCM "$2" "$3" "$4" "$5" "$6"
}

# (a) 20 packets from SEQ 65530: the last is SEQ 13 of ROC 1.
both "start at 65530" "--count 20 --seq-start 65530" "" 20 1 13

# (b) 1000 packets from 65000 (to 462 of ROC 1): every 10th lost (100,
# among them 65529 and 3) and 65530..2, so 65529..3 (11) in a row: 891
# arrive. The last packet (999) is one of the lost, so 462 is the top.
both "10% loss, 11 lost in a row at the wrap" \
	"--count 1000 --seq-start 65000 --drop-every 10 --drop 65530-2" "" \
	891 1 462

# (c) Reordering across the wrap.
both "pairs swapped across the wrap (0 before 65535)" \
	"--count 20 --seq-start 65531" "--swap-pairs" 20 1 14
both "65534 1 65535 0 2 then the rest" "--count 20 --seq-start 65530" \
	"--order 65534,1,65535,0,2" 20 1 13
both "65535 late, after 41 packets of ROC 1" "--count 60 --seq-start 65530" \
	"--order 65530-65534,0-40,65535" 60 1 53

# (d) Inbound only (libsrtp does not recover this): the receiver's first
# packets before the wrap are lost. Its first packet is SEQ 2 of ROC 1.
for s in $HMAC $GCM; do
	run_stream in "first packet SEQ 2 of ROC 1" 4 "$s" \
		"--count 30 --seq-start 65530 --drop 65530-1" "" 22 1 23
	# ... then the late 65534 and 65535 of ROC 0 still come in.
	run_stream in "first SEQ 2 of ROC 1, then 65534 and 65535 of ROC 0" 6 "$s" \
		"--count 30 --seq-start 65530 --drop 65530-65533,0-1" \
		"--order 2-5,65534-65535" 24 1 23
done
# From an initial ROC set by signaling: ROC 3 expected, ROC 4 found.
run_stream in "initial ROC 3, first packet SEQ 2 of ROC 4" 4 $GCM \
	"--count 30 --seq-start 65530 --drop 65530-1" "--roc 3" 22 4 23 "roc 3"

# Forged packets of ROC 1 reach a receiver that has accepted nothing: each
# fails with ROC 0 and with ROC 1, and changes nothing: no ROC, no replay
# bit (the genuine packets with the same SEQ are taken afterwards).
for s in $HMAC $GCM; do
	A=$(addr 4 a 5004)
	B=$(addr 4 b 6004)
	ssrc=$((ssrc + 1))
	key=$(new_key "forged$ssrc" "$s")
	id=$(ctx_add "$ns_a" in local "$A" remote "$B" ssrc "$ssrc" suite "$s" key-file "$key")
	peer_recv "$ns_a" "$out" --local "$A" --expect-none --timeout-ms 1500
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc "$ssrc" --count 10 \
		--seq-start 2 --srtp "$s" --key-file "$key" --roc 1 --flip 20:0 ||
		ksft_fail "forged: rtp-peer send"
	peer_wait
	expect_ctx forged "$id" 0 0 0 10
	peer_recv "$ns_a" "$out" --local "$A" --ssrc "$ssrc" --count 10 --seq-start 2
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc "$ssrc" --count 10 \
		--seq-start 2 --srtp "$s" --key-file "$key" --roc 1 ||
		ksft_fail "genuine: rtp-peer send"
	peer_wait
	expect_summary "genuine after forged" 10
	expect_ctx "genuine after forged" "$id" 10 1 11 10
	in_a "$SRTPCTL" del id "$id" || ksft_fail "srtpctl del"
	log "ok $s: forged packets of ROC 1 change nothing, the genuine ones pass"

	# Two wraps unseen: ROC 2 where ROC 0 is expected is not guessed.
	ssrc=$((ssrc + 1))
	key=$(new_key "two$ssrc" "$s")
	id=$(ctx_add "$ns_a" in local "$A" remote "$B" ssrc "$ssrc" suite "$s" key-file "$key")
	peer_recv "$ns_a" "$out" --local "$A" --expect-none --timeout-ms 1500
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc "$ssrc" --count 5 \
		--seq-start 2 --srtp "$s" --key-file "$key" --roc 2 ||
		ksft_fail "ROC 2: rtp-peer send"
	peer_wait
	expect_ctx "ROC 2" "$id" 0 0 0 5
	in_a "$SRTPCTL" del id "$id" || ksft_fail "srtpctl del"
	log "ok $s: a first packet of ROC 2 is refused"
done

ksft_pass "ROC across the wrap: loss, reordering, a receiver that missed it"
