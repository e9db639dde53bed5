#!/bin/bash
# Keys in the forms signaling produces, against libsrtp2 (rtp-peer):
# 1. An SDES a=crypto line (RFC 4568) with two MKI keys, given to srtpctl
#    as it stands in the SDP: an inbound context (suite from the line) and
#    an outbound one (installed by srtpctl -b) each get both keys; the
#    peer sends under key 1 then key 2, and the kernel sends under key 1
#    (the first, active) and, once activated, key 2.
# 2. DTLS-SRTP exported keying material (RFC 5764 4.2) with srtpctl's
#    dtls-role client|server: each direction must take its own half, as
#    the test splits the material independently for the peer.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

out=$TEST_TMP/peer.out

# b64 HEXFILE: the bytes of a hex key file in base64.
b64() {
	# shellcheck disable=SC2059 # the format is the key's \x escapes
	printf "$(sed 's/../\\x&/g' "$1")" | base64 -w0
}

# stat_is NS ID FIELD N: true once the field is N.
# shellcheck disable=SC2317 # called through wait_for
stat_is() {
	[[ "$(ctx_stat "$1" "$2" "$3")" == "$4" ]]
}

# send_plain NS FROM TO SSRC SEQ COUNT: plain RTP for the kernel to protect.
send_plain() {
	ip netns exec "$1" "$RTP_PEER" send --local "$2" --remote "$3" --ssrc "$4" \
		--seq-start "$5" --count "$6" || ksft_fail "plain sender failed"
}

for SUITE in AES_CM_128_HMAC_SHA1_80 AEAD_AES_256_GCM; do
	in_a "$SRTPCTL" flush
	k1=$(new_key c1 $SUITE)
	k2=$(new_key c2 $SUITE)
	line=$TEST_TMP/crypto.sdp
	# MKI 1 and 2, one byte; lifetimes in both notations; a CR LF end.
	printf 'a=crypto:1 %s inline:%s|2^31|1:1;inline:%s|1048576|2:1\r\n' \
		$SUITE "$(b64 "$k1")" "$(b64 "$k2")" >"$line"
	A=$(addr 4 a 5004)
	B=$(addr 4 b 6004)
	A2=$(addr 6 a 5006)
	B2=$(addr 6 b 6006)

	# Inbound, without 'suite': the line names it.
	id=$(ctx_add "$ns_a" in local "$A" remote "$B" ssrc 0x10 key-file "$line")
	expect_stat "$ns_a" "$id" suite "$SUITE"
	check_eq "$SUITE: inbound key 1" 0x01 "$(key_stat "$ns_a" "$id" 1 mki)"
	check_eq "$SUITE: inbound key 2" 0x02 "$(key_stat "$ns_a" "$id" 2 mki)"
	peer_recv "$ns_a" "$out" --local "$A" --count 40 --ssrc 0x10
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x10 --count 40 \
		--srtp "$SUITE" --key-file "$k1" --mki 01 --key2-file "$k2" \
		--mki2 02 --switch-at 20 || ksft_fail "$SUITE: send"
	peer_wait
	expect_stat "$ns_a" "$id" rtp-packets 40
	expect_clean "$ns_a" "$id" key-limit
	check_eq "$SUITE: SRTP packets under MKI 1" 20 "$(key_stat "$ns_a" "$id" 0x01 srtp-packets)"
	check_eq "$SUITE: SRTP packets under MKI 2" 20 "$(key_stat "$ns_a" "$id" 0x02 srtp-packets)"

	# Outbound, from a batch file, with 'suite' (which must match).
	batch=$TEST_TMP/batch
	echo "add out local $A2 remote $B2 ssrc 0x20 suite $SUITE key-file $line" >"$batch"
	res=$(in_a "$SRTPCTL" -b "$batch") || ksft_fail "$SUITE: srtpctl -b: $res"
	[[ $res =~ ^id\ ([0-9]+)$ ]] || ksft_fail "$SUITE: srtpctl -b printed '$res'"
	oid=${BASH_REMATCH[1]}
	check_eq "$SUITE: the first key is active" yes "$(key_stat "$ns_a" "$oid" 0x01 active)"
	check_eq "$SUITE: the second key is not" no "$(key_stat "$ns_a" "$oid" 0x02 active)"
	peer_recv "$ns_b" "$out" --local "$B2" --count 40 --ssrc 0x20 \
		--srtp "$SUITE" --key-file "$k1" --mki 01 --key2-file "$k2" --mki2 02 \
		--switch-at 20 --timeout-ms 10000
	send_plain "$ns_a" "$A2" "$B2" 0x20 0 20
	wait_for 20 stat_is "$ns_a" "$oid" rtp-packets 20 ||
		ksft_fail "$SUITE: the first 20 packets did not leave"
	in_a "$SRTPCTL" key activate id "$oid" mki 0x02 || ksft_fail "$SUITE: key activate"
	send_plain "$ns_a" "$A2" "$B2" 0x20 20 20
	peer_wait
	check_eq "$SUITE: sent under MKI 1" 20 "$(key_stat "$ns_a" "$oid" 0x01 srtp-packets)"
	check_eq "$SUITE: sent under MKI 2" 20 "$(key_stat "$ns_a" "$oid" 0x02 srtp-packets)"

	# A line of another suite than 'suite' is refused, naming both.
	err=$(in_a "$SRTPCTL" add in local "$A" remote "$B" ssrc 0x11 \
		suite AES_CM_128_HMAC_SHA1_32 key-file "$line" 2>&1) &&
		ksft_fail "$SUITE: a suite mismatch was accepted"
	[[ $err == *"the a=crypto line is for $SUITE, the context for AES_CM_128_HMAC_SHA1_32"* ]] ||
		ksft_fail "$SUITE: mismatch message: $err"
	log "ok $SUITE: one a=crypto line with two MKI keys, both directions"
done

# 2. DTLS-SRTP keying material: client_key server_key client_salt
# server_salt (RFC 5764 4.2), in hex; split here for the peer.
for run in "client AES_CM_128_HMAC_SHA1_80 4" "server AEAD_AES_128_GCM 6"; do
	read -r role SUITE fam <<<"$run"
	in_a "$SRTPCTL" flush
	len=$(key_salt_len "$SUITE")
	[[ $SUITE == AEAD_* ]] && slen=12 || slen=14
	klen=$((len - slen))
	km=$TEST_TMP/km.hex
	od -An -tx1 -N$((2 * len)) /dev/urandom | tr -d ' \n' >"$km"
	hex=$(cat "$km")
	ck=${hex:0:$((2 * klen))}
	sk=${hex:$((2 * klen)):$((2 * klen))}
	cs=${hex:$((4 * klen)):$((2 * slen))}
	ss=${hex:$((4 * klen + 2 * slen)):$((2 * slen))}
	echo -n "$ck$cs" >"$TEST_TMP/client.key"
	echo -n "$sk$ss" >"$TEST_TMP/server.key"
	if [[ $role == client ]]; then
		mine=$TEST_TMP/client.key theirs=$TEST_TMP/server.key
	else
		mine=$TEST_TMP/server.key theirs=$TEST_TMP/client.key
	fi
	A=$(addr "$fam" a 5008)
	B=$(addr "$fam" b 6008)
	oid=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc 0x30 suite "$SUITE" \
		key-file "$km" dtls-role "$role")
	iid=$(ctx_add "$ns_a" in local "$A" remote "$B" ssrc 0x31 suite "$SUITE" \
		key-file "$km" dtls-role "$role")
	# What a sends is under its own write key...
	peer_recv "$ns_b" "$out" --local "$B" --count 20 --ssrc 0x30 \
		--srtp "$SUITE" --key-file "$mine" --timeout-ms 10000
	send_plain "$ns_a" "$A" "$B" 0x30 0 20
	peer_wait
	expect_stat "$ns_a" "$oid" rtp-packets 20
	# ...and what it receives under the peer's.
	peer_recv "$ns_a" "$out" --local "$A" --count 20 --ssrc 0x31
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc 0x31 --count 20 \
		--srtp "$SUITE" --key-file "$theirs" || ksft_fail "$role: send"
	peer_wait
	expect_stat "$ns_a" "$iid" rtp-packets 20
	expect_clean "$ns_a" "$iid" key-limit
	log "ok dtls-role $role, $SUITE, IPv$fam: each direction takes its half"
done
ksft_pass "a=crypto lines with MKI keys and DTLS-SRTP keying material pair with libsrtp2"
