#!/bin/bash
# Traffic at full rate both ways (both CPUs) while contexts on the same
# ports are added, updated (SET), rekeyed (key add, activate, del) and
# deleted in a loop: no crash, no WARN, the streams whose contexts stay
# decrypt every packet that arrives, and no packet is processed with a
# context after its deletion: once the sender's context of the churned
# stream is deleted, the receiver authenticates nothing more of it (the
# plain packets that follow fail authentication there instead).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

SUITE=AES_CM_128_HMAC_SHA1_80
SC=0x6001	# a to b, contexts kept
ST=0x6002	# b to a, contexts kept
SD=0x6003	# a to b, the sender's context added and deleted in a loop
A=$(addr 4 a 5004)
B=$(addr 4 b 6004)
kc=$(new_key kc)
kt=$(new_key kt)
kd=$(new_key kd)
kx=$(new_key kx)
CYCLES=${KSRTP_CHURN_CYCLES:-6}
dmesg_lines=$(dmesg | wc -l)

oc=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SC suite $SUITE key-file "$kc")
ic=$(ctx_add "$ns_b" in local "$B" ssrc $SC suite $SUITE key-file "$kc")
ot=$(ctx_add "$ns_b" out local "$B" remote "$A" ssrc $ST suite $SUITE key-file "$kt")
it=$(ctx_add "$ns_a" in local "$A" ssrc $ST suite $SUITE key-file "$kt")
id_in=$(ctx_add "$ns_b" in local "$B" ssrc $SD suite $SUITE key-file "$kd" window 32767)

# Unconnected senders: no receiving socket is needed, the inbound hook
# sees every packet before UDP looks for one. They send as fast as they
# can at the lowest priority, so that the configuration loops (srtpctl)
# still get their turn on two (emulated) CPUs.
for s in $SC $SD; do
	bg_a nice -n 19 "$RTP_PEER" send --local "$A" --remote "$B" --ssrc "$s" \
		--count 100000000 --interval-us 0 >/dev/null 2>&1
done
bg_b nice -n 19 "$RTP_PEER" send --local "$B" --remote "$A" --ssrc $ST \
	--count 100000000 --interval-us 0 >/dev/null 2>&1

# Decoys on the same ports, churned in the background: MKI keys added,
# activated, removed; stream state set; contexts deleted.
churn_decoys() {
	local j id
	for ((j = 0; ; j++)); do
		id=$(ip netns exec "$ns_b" "$SRTPCTL" add out local "$B" remote "$A" \
			ssrc $((0x7000 + j % 64)) suite $SUITE key-file "$kx" mki 01) || continue
		id=${id#id }
		ip netns exec "$ns_b" "$SRTPCTL" key add id "$id" key-file "$kc" mki 02 active
		ip netns exec "$ns_b" "$SRTPCTL" key activate id "$id" mki 01
		ip netns exec "$ns_b" "$SRTPCTL" key del id "$id" mki 02
		ip netns exec "$ns_b" "$SRTPCTL" set id "$id" roc $((j % 7)) srtcp-index "$j"
		ip netns exec "$ns_a" "$SRTPCTL" add in local "$A" ssrc $((0x7100 + j % 64)) \
			suite $SUITE key-file "$kx" >/dev/null
		if ((j % 4 == 3)); then
			ip netns exec "$ns_b" "$SRTPCTL" del id "$id"
			ip netns exec "$ns_a" "$SRTPCTL" del in local "$A" ssrc $((0x7100 + j % 64))
		fi
	done >/dev/null 2>&1
}
churn_decoys &
_KSFT_BG+=("$!")
decoys=$!

# shellcheck disable=SC2317 # called by wait_for
_protected() { (($(ctx_stat "$ns_a" "$1" rtp-packets) > 0)); }
sleep 1
for ((i = 1; i <= CYCLES; i++)); do
	roc=$(ctx_stat "$ns_b" "$id_in" roc)
	od=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SD suite $SUITE \
		key-file "$kd" roc "$roc")
	wait_for 30 _protected "$od" || ksft_fail "cycle $i: the churned context protected nothing"
	in_a "$SRTPCTL" set id "$od" srtcp-index $((i * 10)) || ksft_fail "set, cycle $i"
	in_a "$SRTPCTL" key add id "$od" key-file "$kx" from-index $((1 << 40)) \
		from-srtcp-index $((1 << 30)) ||
		ksft_fail "key add, cycle $i"
	in_a "$SRTPCTL" key del id "$od" from-index $((1 << 40)) ||
		ksft_fail "key del, cycle $i"
	sent=$(ctx_stat "$ns_a" "$od" rtp-packets)
	((sent > 0)) || ksft_fail "cycle $i: the churned context protected nothing"
	in_a "$SRTPCTL" del id "$od" || ksft_fail "del, cycle $i"
	sleep 0.2	# what was protected before the del has arrived by now
	n1=$(ctx_stat "$ns_b" "$id_in" rtp-packets)
	f1=$(ctx_stat "$ns_b" "$id_in" auth-failures)
	sleep 0.5
	n2=$(ctx_stat "$ns_b" "$id_in" rtp-packets)
	f2=$(ctx_stat "$ns_b" "$id_in" auth-failures)
	[[ "$n1" == "$n2" ]] ||
		ksft_fail "cycle $i: $((n2 - n1)) packets authenticated after their sender's context was deleted"
	((f2 > f1)) || ksft_fail "cycle $i: no traffic after the delete (auth failures $f1 -> $f2)"
done
log "ok $CYCLES add/set/rekey/del cycles under load"

kill "$decoys" 2>/dev/null
wait "$decoys" 2>/dev/null
for p in $(ip netns pids "$ns_a") $(ip netns pids "$ns_b"); do
	kill "$p" 2>/dev/null
done
sleep 0.5

# The streams whose contexts stayed: all that arrived decrypted, none
# more than was protected.
for c in "$ns_b $ic $ns_a $oc" "$ns_a $it $ns_b $ot"; do
	read -r rns rid sns sid <<<"$c"
	got=$(ctx_stat "$rns" "$rid" rtp-packets)
	sent=$(ctx_stat "$sns" "$sid" rtp-packets)
	((got > 1000)) || ksft_fail "context $rid received only $got packets"
	((got <= sent)) || ksft_fail "context $rid: $got packets authenticated, $sent protected"
	expect_clean "$rns" "$rid"
	log "context $rid: $sent protected, $got authenticated"
done

new=$(dmesg | tail -n +$((dmesg_lines + 1)))
if grep -Eq 'WARNING|BUG|Oops|KASAN|UBSAN|possible .*lock|kmemleak' <<<"$new"; then
	ksft_fail "kernel log: $(grep -E 'WARNING|BUG|Oops|KASAN|UBSAN|lock|kmemleak' <<<"$new" | head -5)"
fi
ksft_pass "concurrency"
