#!/bin/bash
# Deleting, flushing, namespace teardown and module unload with contexts
# installed and traffic flowing: afterwards traffic is untouched, no
# netfilter hook is left (nft list hooks), nothing leaks (kmemleak, where
# the kernel has it), and the module unloads and loads again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns nft

# ksrtp_hooks NS: how many of the namespace's netfilter hooks are ksrtp's
# (nft list hooks needs nfnetlink_hook, which nothing loads on demand).
modprobe nfnetlink_hook 2>/dev/null
ksrtp_hooks() {
	ip netns exec "$1" nft list hooks 2>&1 | grep -c 'ksrtp'
}

# kmemleak (the debug kernel): no unreferenced object allocated by ksrtp.
# It reports objects older than 5 s, after a scan; two scans settle it.
# Without kmemleak there is nothing to read (ksrtp has no slab cache of
# its own in /proc/slabinfo), and the test says so.
check_leaks() {
	local kl=/sys/kernel/debug/kmemleak
	[[ -e $kl ]] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	if [[ ! -e $kl ]]; then
		log "no kmemleak in this kernel: leaks not checked ($1)"
		return
	fi
	sleep 6
	echo scan >"$kl"
	echo scan >"$kl"
	if grep -q '\[ksrtp\]' "$kl"; then
		ksft_fail "kmemleak after $1: $(grep -B3 -A12 '\[ksrtp\]' "$kl" | head -40)"
	fi
	log "ok kmemleak: nothing of ksrtp after $1"
}

SSRC=0x4711
SUITE=AES_CM_128_HMAC_SHA1_80
out=$TEST_TMP/peer.out
key=$(new_key life)
A=$(addr 6 a 5004)
B=$(addr 6 b 6004)

# del by tuple, then by id.
id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SSRC suite $SUITE key-file "$key")
# Where nft list hooks lists ksrtp's hooks, it must list none after the
# unload; where it lists nothing (seen in the test VM), the plain traffic
# after the unload is the check.
nft_hooks=0
if (($(ksrtp_hooks "$ns_a") > 0)); then
	nft_hooks=1
	check_eq "ksrtp hooks in a namespace without contexts" 0 "$(ksrtp_hooks "$ns_b")"
else
	log "nft list hooks lists no ksrtp hook here: $(in_a nft list hooks 2>&1 | head -3)"
fi
in_a "$SRTPCTL" del out local "$A" remote "$B" ssrc $SSRC || ksft_fail "del by tuple"
[[ -z "$(in_a "$SRTPCTL" show)" ]] || ksft_fail "context left after del"
id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SSRC suite $SUITE key-file "$key")
in_a "$SRTPCTL" del id "$id" || ksft_fail "del by id"
in_a "$SRTPCTL" del id "$id" 2>/dev/null && ksft_fail "second del succeeded"

# Many contexts, then flush: traffic is plain again.
for i in $(seq 1 50); do
	ctx_add "$ns_a" out local "$A" remote "$B" ssrc $((SSRC + i)) suite $SUITE key-file "$key" >/dev/null
done
check_eq "contexts installed" 50 "$(in_a "$SRTPCTL" show | grep -c '^ctx ')"
in_a "$SRTPCTL" flush || ksft_fail "flush"
[[ -z "$(in_a "$SRTPCTL" show)" ]] || ksft_fail "contexts left after flush"
peer_recv "$ns_b" "$out" --local "$B" --count 5 --ssrc $((SSRC + 1))
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc $((SSRC + 1)) --count 5
peer_wait
log "ok del and flush"

# A namespace with contexts and traffic goes away, the traffic into it
# still flowing (from ns_b, which stays) while it is dismantled.
id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SSRC suite $SUITE key-file "$key")
ctx_add "$ns_a" in local "$A" ssrc $((SSRC + 100)) suite $SUITE key-file "$key" >/dev/null
ctx_add "$ns_a" in local "$A" template suite $SUITE key-file "$key" >/dev/null
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc $SSRC --count 2000 \
	--interval-us 200 >/dev/null 2>&1 &
sender=$!
bg_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc $((SSRC + 100)) \
	--count 10000000 --interval-us 0 --srtp $SUITE --key-file "$key"
into_a=$BG_PID
bg_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc $((SSRC + 101)) \
	--count 10000000 --interval-us 0 --srtp $SUITE --key-file "$key"
learn_a=$BG_PID
# shellcheck disable=SC2317 # called by wait_for
_learned() { (($(ctx_count "$ns_a") >= 4)); }
wait_for 30 _learned || ksft_fail "nothing learned before the namespace went: $(in_a "$SRTPCTL" show)"
kill "$sender" 2>/dev/null
wait "$sender" 2>/dev/null
ip netns del "$ns_a" || ksft_fail "ip netns del"
ns_a=
sleep 1
kill "$into_a" "$learn_a" 2>/dev/null
wait "$into_a" "$learn_a" 2>/dev/null
log "ok namespace with contexts deleted under traffic"
ip netns del "$ns_b"
ns_b=
check_leaks "namespace deletion"

# Module unload with contexts installed while traffic flows.
setup_netns
id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SSRC suite $SUITE key-file "$key")
ctx_add "$ns_b" in local "$B" ssrc $SSRC suite $SUITE key-file "$key" >/dev/null
bg_b "$RTP_PEER" recv --local "$B" --count 100000 --timeout-ms 20000 >/dev/null 2>&1
bg_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc $SSRC --count 100000 --interval-us 100
sleep 1
rmmod ksrtp || ksft_fail "rmmod with contexts and traffic"
grep -q '^ksrtp ' /proc/modules && ksft_fail "still loaded"
sleep 0.5
for ns in "$ns_a" "$ns_b"; do
	((nft_hooks)) && check_eq "ksrtp hooks after rmmod" 0 "$(ksrtp_hooks "$ns")"
done
# Untouched without the module: plain RTP arrives as it was sent.
peer_recv "$ns_b" "$out" --local "$(addr 6 b 6006)" --count 5 --ssrc $((SSRC + 9))
in_a "$RTP_PEER" send --local "$(addr 6 a 5006)" --remote "$(addr 6 b 6006)" \
	--ssrc $((SSRC + 9)) --count 5
peer_wait
# shellcheck disable=SC2119 # no module parameters
ksrtp_reload || ksft_fail "insmod after unload"
[[ -z "$(in_a "$SRTPCTL" show)" ]] || ksft_fail "contexts survived the reload"
log "ok unload with contexts and traffic, reload"
check_leaks "module unload"
ksft_pass "lifecycle"
