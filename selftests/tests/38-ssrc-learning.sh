#!/bin/bash
# Unknown SSRCs: an inbound template (like libsrtp's ssrc_any_inbound)
# creates a context for a new SSRC only from a packet that authenticates;
# forged packets create nothing and change nothing; a template learns at
# most its limit; the required and optional policies; what a template
# without a spare context does; and the events that tell the daemon
# (srtpctl monitor). libsrtp2 sends.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

out=$TEST_TMP/peer.out
mon=$TEST_TMP/monitor.out
monitor_start "$ns_a" "$mon"
trace_open
HOLD=/sys/module/ksrtp/parameters/selftest_hold_spares
[[ -w $HOLD ]] || ksft_fail "no $HOLD: ksrtp.ko was not built with KSRTP_SELFTEST=1 (make check builds it so)"
defer sh -c "echo 0 >'$HOLD'"

# send_srtp FAM SSRC COUNT KEYFILE SUITE [PORT [ARGS...]]: libsrtp2 in
# ns_b sends, with rtp-peer send's ARGS.
send_srtp() {
	in_b "$RTP_PEER" send --local "$(addr "$1" b 6004)" \
		--remote "$(addr "$1" a "${6:-5004}")" --ssrc "$2" --count "$3" \
		--srtp "$5" --key-file "$4" "${@:7}" || ksft_fail "send $2"
}

for SUITE in AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM; do
	in_a "$SRTPCTL" flush || ksft_fail flush
	key=$(new_key tmpl $SUITE)
	bad=$(new_key forged $SUITE)
	A=$(addr 4 a 5004)
	tid=$(ctx_add "$ns_a" in local "$A" template suite $SUITE \
		key-file "$key" learn-limit 2)
	expect_stat "$ns_a" "$tid" learned 0

	# 1. Forged packets of a new SSRC: dropped (policy required),
	# counted on the template, no context created.
	peer_recv "$ns_a" "$out" --local "$A" --expect-none --timeout-ms 1500
	send_srtp 4 0x111 5 "$bad" $SUITE
	peer_wait
	expect_stats "$ns_a" "$tid" auth-failures 5 learned 0
	check_eq "$SUITE: contexts after forged packets" 1 "$(ctx_count "$ns_a")"

	# 2. Authentic packets: the first one creates the context.
	peer_recv "$ns_a" "$out" --local "$A" --count 10 --ssrc 0x111
	send_srtp 4 0x111 10 "$key" $SUITE
	peer_wait
	lid=$(ctx_id_of "$ns_a" 0x111)
	[[ -n "$lid" ]] || ksft_fail "$SUITE: no context learned for 0x111"
	expect_stats "$ns_a" "$lid" rtp-packets 10 auth-failures 0 \
		template-id "$tid"
	expect_stat "$ns_a" "$tid" learned 1
	wait_event "$mon" "^ssrc-learned id $lid .*template $tid"
	# Its replay protection is the learned context's own.
	peer_recv "$ns_a" "$out" --local "$A" --expect-none --timeout-ms 1500
	send_srtp 4 0x111 10 "$key" $SUITE
	peer_wait
	expect_stat "$ns_a" "$lid" replays 10

	# 3. A second SSRC, over IPv6 on a template of its own port.
	tid6=$(ctx_add "$ns_a" in local "$(addr 6 a 5006)" template suite $SUITE \
		key-file "$key")
	peer_recv "$ns_a" "$out" --local "$(addr 6 a 5006)" --count 10 --ssrc 0x222
	send_srtp 6 0x222 10 "$key" $SUITE 5006
	peer_wait
	expect_stat "$ns_a" "$(ctx_id_of "$ns_a" 0x222)" template-id "$tid6"

	# 4. The limit: 0x333 and 0x444 on the first template (limit 2).
	peer_recv "$ns_a" "$out" --local "$A" --count 5 --ssrc 0x333
	send_srtp 4 0x333 5 "$key" $SUITE
	peer_wait
	expect_stat "$ns_a" "$tid" learned 2
	peer_recv "$ns_a" "$out" --local "$A" --expect-none --timeout-ms 1500
	send_srtp 4 0x444 5 "$key" $SUITE
	peer_wait
	expect_stat "$ns_a" "$tid" unknown-ssrc 5
	[[ -z "$(ctx_id_of "$ns_a" 0x444)" ]] || ksft_fail "learned past the limit"
	wait_event "$mon" "^learn-limit id $tid "
	# Deleting a learned context frees its place.
	in_a "$SRTPCTL" del id "$lid" || ksft_fail "del $lid"
	expect_stat "$ns_a" "$tid" learned 1
	peer_recv "$ns_a" "$out" --local "$A" --count 5 --ssrc 0x444
	send_srtp 4 0x444 5 "$key" $SUITE
	peer_wait
	expect_stat "$ns_a" "$tid" learned 2

	# 5. Policies for what no context takes: plain RTP of an unknown
	# SSRC is dropped under required, passed unchanged under optional.
	peer_recv "$ns_a" "$out" --local "$A" --expect-none --timeout-ms 1500
	in_b "$RTP_PEER" send --local "$(addr 4 b 6004)" --remote "$A" --ssrc 0x555 \
		--count 3 || ksft_fail send
	peer_wait
	O=$(addr 4 a 5008)
	ctx_add "$ns_a" in local "$O" template suite $SUITE key-file "$key" \
		policy optional learn-limit 0 >/dev/null
	peer_recv "$ns_a" "$out" --local "$O" --count 3 --ssrc 0x555
	in_b "$RTP_PEER" send --local "$(addr 4 b 6004)" --remote "$O" --ssrc 0x555 \
		--count 3 || ksft_fail send
	peer_wait
	log "ok $SUITE: learning, limit, policies"

	# 6. A template without a spare (the test build's
	# selftest_hold_spares keeps the refill work from making one; on
	# a fast kernel that window is too short to aim at): a forgery
	# still counts as one, and an authentic packet is checked, dropped
	# as no_spare and counted in errors, never learned unchecked.
	# Released, the next packet asks for a spare and the stream is
	# learned.
	N=$(addr 4 a 5010)
	: >"$I/trace"
	echo 1 >"$HOLD" || ksft_fail "cannot set $HOLD"
	nid=$(ctx_add "$ns_a" in local "$N" template suite $SUITE key-file "$key")
	peer_recv "$ns_a" "$out" --local "$N" --expect-none --timeout-ms 1500
	send_srtp 4 0x777 5 "$bad" $SUITE 5010
	send_srtp 4 0x777 5 "$key" $SUITE 5010
	peer_wait
	expect_stats "$ns_a" "$nid" auth-failures 5 errors 5 learned 0
	[[ -z "$(ctx_id_of "$ns_a" 0x777)" ]] || ksft_fail "$SUITE: learned without a spare"
	check_eq "$SUITE: no_spare drops" 5 \
		"$(grep -c "ssrc=0x00000777 srtp index=[0-9]* reason=no_spare" "$I/trace")"
	echo 0 >"$HOLD" || ksft_fail "cannot clear $HOLD"
	for ((seq = 10; seq < 40; seq++)); do
		send_srtp 4 0x777 1 "$key" $SUITE 5010 --seq-start $seq
		[[ -n "$(ctx_id_of "$ns_a" 0x777)" ]] && break
		sleep 0.2
	done
	lid=$(ctx_id_of "$ns_a" 0x777)
	[[ -n "$lid" ]] || ksft_fail "$SUITE: no spare made once released"
	expect_stat "$ns_a" "$lid" rtp-packets 1
	expect_stat "$ns_a" "$nid" errors $((5 + seq - 10))
	peer_recv "$ns_a" "$out" --local "$N" --count 5 --ssrc 0x777 --seq-start 100
	send_srtp 4 0x777 5 "$key" $SUITE 5010 --seq-start 100
	peer_wait
	expect_stat "$ns_a" "$lid" rtp-packets 6
	log "ok $SUITE: without a spare, forgeries and authentic packets"
done

# Contexts that exist are not taken over by a template; a template's
# keys are rekeyed for the contexts it learned (they share them).
in_a "$SRTPCTL" flush || ksft_fail flush
SUITE=AES_CM_128_HMAC_SHA1_80
k1=$(new_key k1 $SUITE)
k2=$(new_key k2 $SUITE)
A=$(addr 4 a 5004)
tid=$(ctx_add "$ns_a" in local "$A" template suite $SUITE key-file "$k1")
peer_recv "$ns_a" "$out" --local "$A" --count 5 --ssrc 0x666
send_srtp 4 0x666 5 "$k1" $SUITE
peer_wait
lid=$(ctx_id_of "$ns_a" 0x666)
in_a "$SRTPCTL" key add id "$tid" key-file "$k2" from-index 100 ||
	ksft_fail "key add to the template"
peer_recv "$ns_a" "$out" --local "$A" --count 5 --ssrc 0x666 --seq-start 100
send_srtp 4 0x666 5 "$k2" $SUITE 5004 --seq-start 100
peer_wait
expect_stat "$ns_a" "$lid" rtp-packets 10
ksft_pass "templates learn SSRCs from authentic packets only, within their limit"
