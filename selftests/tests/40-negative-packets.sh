#!/bin/bash
# Packets that must not reach the application: one flipped bit in the
# header, the payload or the tag (authentication failure), replays, and
# packets too short to be SRTP/SRTCP (malformed). Each is dropped and
# counted in its own counter, and the socket receives nothing but the
# genuine packets. Cryptex (RFC 9335) packets are malformed to a context
# without the option.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

SUITE=AES_CM_128_HMAC_SHA1_80
SSRC=0x0badf00d
N=8
out=$TEST_TMP/peer.out
key=$(new_key neg)
LOCAL=$(addr 4 a 5004)
REMOTE=$(addr 4 b 6004)
id=$(ctx_add "$ns_a" in local "$LOCAL" remote "$REMOTE" ssrc $SSRC suite $SUITE key-file "$key")

send_srtp() {
	in_b "$RTP_PEER" send --local "$REMOTE" --remote "$LOCAL" --ssrc $SSRC \
		--srtp $SUITE --key-file "$key" "$@" || ksft_fail "rtp-peer send $*"
}

# shellcheck disable=SC2317 # called through expect_dropped
send_raw() {
	in_b "$RTP_PEER" send --local "$REMOTE" --remote "$LOCAL" --raw-hex "$1" ||
		ksft_fail "rtp-peer send --raw-hex $1"
}

# expect_dropped FIELD COUNT SENDER OPTIONS...: nothing reaches the socket
# and FIELD grows by COUNT.
expect_dropped() {
	local field=$1 count=$2 before
	shift 2
	before=$(ctx_stat "$ns_a" "$id" "$field")
	peer_recv "$ns_a" "$out" --local "$LOCAL" --expect-none --timeout-ms 1500
	"$@"
	peer_wait
	expect_stat "$ns_a" "$id" "$field" $((before + count))
	log "ok dropped as $field: $*"
}

# Flipped bits: sequence number, timestamp, marker/PT, payload, tag.
seq=100
for flip in 2:0 3:7 5:3 1:7 12:0 100:4 171:0 -1:0 -10:7; do
	expect_dropped auth-failures $N send_srtp --count $N --seq-start $seq --flip $flip
	seq=$((seq + N))
done
# SRTCP: a bit of the encrypted part, of the E/index trailer, of the tag.
expect_dropped auth-failures $N send_srtp --rtcp --count $N --seq-start 1 --flip 20:1
expect_dropped auth-failures $N send_srtp --rtcp --count $N --seq-start 1 --flip -13:6
expect_dropped auth-failures $N send_srtp --rtcp --count $N --seq-start 1 --flip -1:0

# An E bit that contradicts the suite (AES-CM always encrypts SRTCP) is
# refused before authentication is even tried.
expect_dropped malformed $N send_srtp --rtcp --count $N --seq-start 20 --flip -14:7

# Too short for header + tag: an empty payload cut by 3 bytes.
expect_dropped malformed $N send_srtp --count $N --seq-start 300 --payload-len 0 --truncate 3
# A CSRC count pointing past the end (CC=15, 12 + 60 bytes needed).
expect_dropped malformed 1 send_raw "8f60000100000000${SSRC#0x}00112233445566778899aabbccddeeff"
# An extension length pointing past the end.
expect_dropped malformed 1 send_raw "9060000200000000${SSRC#0x}bede00ff0000000000000000000000000000000000"
# Cryptex (RFC 9335) packets, one-byte (0xC0DE) and two-byte (0xC2DE), to
# this context without the option: malformed, before any crypto. And one
# whose extension runs past the end.
PT=000102030405060708090a0b0c0d0e0f00112233445566778899
expect_dropped malformed 1 send_raw "9060000300000000${SSRC#0x}c0de000151000200$PT"
expect_dropped malformed 1 send_raw "9060000400000000${SSRC#0x}c2de000105020002$PT"
expect_dropped malformed 1 send_raw "9060000500000000${SSRC#0x}c0de0040$PT"
# SRTCP shorter than header + trailer + tag.
expect_dropped malformed $N send_srtp --rtcp --count $N --seq-start 50 --truncate 75

# Genuine packets still flow, and duplicates of them are replays.
peer_recv "$ns_a" "$out" --local "$LOCAL" --count $N --ssrc $SSRC \
	--seq-start 400 --linger-ms 1000
before=$(ctx_stat "$ns_a" "$id" replays)
send_srtp --count $N --seq-start 400 --duplicate
peer_wait
grep -q "^received=$N ok=$N bad=0" "$out" || ksft_fail "duplicates reached the socket: $(cat "$out")"
expect_stat "$ns_a" "$id" replays $((before + N))

# The same for SRTCP.
peer_recv "$ns_a" "$out" --local "$LOCAL" --count $N --ssrc $SSRC --rtcp \
	--seq-start 600 --linger-ms 1000
before=$(ctx_stat "$ns_a" "$id" replays)
send_srtp --rtcp --count $N --seq-start 600 --duplicate
peer_wait
grep -q "^received=$N ok=$N bad=0" "$out" || ksft_fail "SRTCP duplicates reached the socket: $(cat "$out")"
expect_stat "$ns_a" "$id" replays $((before + N))

# A replay of an old, already accepted stream, much later.
expect_dropped replays $N send_srtp --count $N --seq-start 400

expect_stats "$ns_a" "$id" rtp-packets $N rtcp-packets $N errors 0
ksft_pass "forged, replayed and malformed packets dropped and counted"
