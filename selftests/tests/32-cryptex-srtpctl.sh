#!/bin/bash
# Cryptex (RFC 9335) as srtpctl installs it, between two namespaces:
# 1. An outbound context in ns_a with the 'cryptex' word, an inbound one
#    in ns_b from a key file that holds the a=crypto line and a=cryptex,
#    as the SDP has them (no 'suite', no 'cryptex' word): packets with
#    CSRCs and a header extension arrive as sent. show, show -j and
#    show -t say cryptex for both, and not for a context without it.
# 2. From a batch (srtpctl -b): a cryptex sender to a receiver without
#    cryptex, whose context drops every packet as malformed: the sender
#    did mark them cryptex. key add of a key file with a=cryptex to that
#    receiver is refused; a=cryptex with a value is refused.
# 3. A cryptex template in ns_b: the context it learns uses cryptex too,
#    and takes the stream.
# The on-the-wire form of cryptex packets is 31-cryptex's concern.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns python3

N=8
SUITE=AEAD_AES_128_GCM
out=$TEST_TMP/peer.out

# b64 HEXFILE: the bytes of a hex key file in base64.
b64() {
	# shellcheck disable=SC2059 # the format is the key's \x escapes
	printf "$(sed 's/../\\x&/g' "$1")" | base64 -w0
}

# show_json NS ID KEY: the member KEY of context ID in show -j.
show_json() {
	ip netns exec "$1" "$SRTPCTL" -j show id "$2" |
		python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)[0][sys.argv[1]]))' "$3"
}

# show_tsv NS ID COLUMN: column COLUMN (from 1) of context ID in show -t.
show_tsv() {
	ip netns exec "$1" "$SRTPCTL" -t show id "$2" | cut -f "$3"
}

# cryptex_is NS ID yes|no: what show, show -j and show -t say.
cryptex_is() {
	local show n
	show=$(ip netns exec "$1" "$SRTPCTL" show id "$2")
	n=$(grep -c '^    cryptex$' <<<"$show")
	if [[ $3 == yes ]]; then
		check_eq "context $2 in $1: show's cryptex line" 1 "$n"
		check_eq "context $2 in $1: show -j cryptex" true "$(show_json "$1" "$2" cryptex)"
		check_eq "context $2 in $1: show -t column 29" cryptex "$(show_tsv "$1" "$2" 29)"
	else
		check_eq "context $2 in $1: show's cryptex line" 0 "$n"
		check_eq "context $2 in $1: show -j cryptex" false "$(show_json "$1" "$2" cryptex)"
		check_eq "context $2 in $1: show -t column 29" - "$(show_tsv "$1" "$2" 29)"
	fi
}

# send NS_FROM FROM TO SSRC: N plain RTP packets with 2 CSRCs and a
# 3-word extension, for the kernel to protect.
send() {
	ip netns exec "$1" "$RTP_PEER" send --local "$2" --remote "$3" --ssrc "$4" \
		--count $N --csrc 2 --ext 3 || ksft_fail "rtp-peer send ($4)"
}

# 1. The word on one side, the SDP's lines on the other.
key=$(new_key cx $SUITE)
sdp=$TEST_TMP/cx.sdp
printf 'a=crypto:1 %s inline:%s\r\na=cryptex\r\n' $SUITE "$(b64 "$key")" >"$sdp"
A=$(addr 4 a 5320)
B=$(addr 4 b 6320)
oid=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc 0x9335 suite $SUITE \
	key-file "$key" cryptex)
iid=$(ctx_add "$ns_b" in local "$B" remote "$A" ssrc 0x9335 key-file "$sdp")
expect_stat "$ns_b" "$iid" suite $SUITE
cryptex_is "$ns_a" "$oid" yes
cryptex_is "$ns_b" "$iid" yes
peer_recv "$ns_b" "$out" --local "$B" --count $N --ssrc 0x9335 --csrc 2 --ext 3
send "$ns_a" "$A" "$B" 0x9335
peer_wait
expect_stats "$ns_a" "$oid" rtp-packets $N malformed 0 errors 0
expect_stats "$ns_b" "$iid" rtp-packets $N malformed 0 auth-failures 0
log "ok cryptex from the word and from a=cryptex: $N packets with CSRCs and an extension arrive as sent"

# 2. A batch: a cryptex sender, a receiver without cryptex (IPv6).
key2=$(new_key nocx $SUITE)
A6=$(addr 6 a 5321)
B6=$(addr 6 b 6321)
batch=$TEST_TMP/batch
echo "add out local $A6 remote $B6 ssrc 0x9336 suite $SUITE key-file $key2 cryptex" >"$batch"
res=$(in_a "$SRTPCTL" -b "$batch") || ksft_fail "srtpctl -b: $res"
[[ $res =~ ^id\ ([0-9]+)$ ]] || ksft_fail "srtpctl -b printed '$res'"
oid2=${BASH_REMATCH[1]}
echo "add in local $B6 remote $A6 ssrc 0x9336 suite $SUITE key-file $key2" >"$batch"
res=$(in_b "$SRTPCTL" -b "$batch") || ksft_fail "srtpctl -b: $res"
[[ $res =~ ^id\ ([0-9]+)$ ]] || ksft_fail "srtpctl -b printed '$res'"
iid2=${BASH_REMATCH[1]}
cryptex_is "$ns_a" "$oid2" yes
cryptex_is "$ns_b" "$iid2" no
peer_recv "$ns_b" "$out" --local "$B6" --expect-none --timeout-ms 1500
send "$ns_a" "$A6" "$B6" 0x9336
peer_wait
expect_stats "$ns_a" "$oid2" rtp-packets $N malformed 0
expect_stats "$ns_b" "$iid2" rtp-packets 0 malformed $N auth-failures 0
log "ok a batch's cryptex sender: a receiver without cryptex drops its packets as malformed"

# A key file with a=cryptex for a context without it: refused, key kept out.
printf 'a=crypto:1 %s inline:%s\na=cryptex\n' $SUITE "$(b64 "$(new_key k2 $SUITE)")" \
	>"$TEST_TMP/k2.sdp"
err=$(in_b "$SRTPCTL" key add id "$iid2" key-file "$TEST_TMP/k2.sdp" 2>&1) &&
	ksft_fail "key add with a=cryptex to a context without cryptex was accepted"
[[ $err == *"says a=cryptex, but context $iid2 does not use cryptex"* ]] ||
	ksft_fail "key add message: $err"
printf 'a=crypto:1 %s inline:%s\na=cryptex:yes\n' $SUITE "$(b64 "$key2")" >"$TEST_TMP/bad.sdp"
err=$(in_b "$SRTPCTL" add in local "$(addr 4 b 6322)" ssrc 1 key-file "$TEST_TMP/bad.sdp" 2>&1) &&
	ksft_fail "a=cryptex with a value was accepted"
[[ $err == *"a=cryptex takes no value"* && $err != *"$(b64 "$key2")"* ]] ||
	ksft_fail "a=cryptex:yes message: $err"
log "ok a=cryptex refused where it cannot apply"

# 3. A cryptex template learns cryptex contexts.
key3=$(new_key tmpl $SUITE)
A=$(addr 4 a 5323)
B=$(addr 4 b 6323)
tid=$(ctx_add "$ns_b" in local "$B" template suite $SUITE key-file "$key3" cryptex)
cryptex_is "$ns_b" "$tid" yes
oid3=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc 0x9337 suite $SUITE \
	key-file "$key3" cryptex)
peer_recv "$ns_b" "$out" --local "$B" --count $N --ssrc 0x9337 --csrc 2 --ext 3
send "$ns_a" "$A" "$B" 0x9337
peer_wait
lid=$(ctx_id_of "$ns_b" 0x9337)
[[ -n $lid ]] || ksft_fail "the template learned no context of SSRC 0x9337"
expect_stats "$ns_b" "$lid" template-id "$tid" malformed 0 auth-failures 0
cryptex_is "$ns_b" "$lid" yes
expect_stats "$ns_a" "$oid3" rtp-packets $N malformed 0
log "ok a cryptex template's learned context uses cryptex"

ksft_pass "srtpctl: cryptex from the word, a=cryptex and batches; shown by show"
