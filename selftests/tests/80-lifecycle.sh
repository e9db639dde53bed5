#!/bin/bash
# Deleting, flushing, namespace teardown and module unload with contexts
# installed and traffic flowing: afterwards traffic is untouched, nothing
# leaks, and the module unloads and loads again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
require_module
setup_netns

SSRC=0x4711
SUITE=AES_CM_128_HMAC_SHA1_80
out=$TEST_TMP/peer.out
key=$(new_key life)
A=$(addr 6 a 5004)
B=$(addr 6 b 6004)

# del by tuple, then by id.
id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SSRC suite $SUITE key-file "$key")
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

# A namespace with contexts and traffic goes away.
id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SSRC suite $SUITE key-file "$key")
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc $SSRC --count 2000 \
	--interval-us 200 >/dev/null 2>&1 &
sender=$!
sleep 1
kill "$sender" 2>/dev/null
wait "$sender" 2>/dev/null
ip netns del "$ns_a" || ksft_fail "ip netns del"
ns_a=
log "ok namespace with contexts deleted"

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
# shellcheck disable=SC2119 # no module parameters
ksrtp_reload || ksft_fail "insmod after unload"
[[ -z "$(in_a "$SRTPCTL" show)" ]] || ksft_fail "contexts survived the reload"
log "ok unload with contexts and traffic, reload"
ksft_pass "lifecycle"
