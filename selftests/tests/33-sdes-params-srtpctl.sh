#!/bin/bash
# The RFC 4568 section 6.3.2 session parameters as srtpctl installs them
# (32-sdes-params is the kernel's side, with nlraw.py; the on-the-wire
# form is its concern), between two namespaces, against libsrtp2:
# 1. Each mode both ways, the context made from a key file holding the
#    a=crypto line as the SDP has it (no 'suite', no words): UNENCRYPTED_SRTP
#    (rtp.sec_serv = auth), UNAUTHENTICATED_SRTP (conf), both (none),
#    UNENCRYPTED_SRTCP (rtcp.sec_serv = auth), all three; show, show -j and
#    show -t say which the context has.
# 2. The same with the words of add, in a batch (srtpctl -b), all three.
# 3. A context without them shows none: libsrtp told of UNENCRYPTED_SRTCP
#    refuses its SRTCP (E = 1), and it fails libsrtp's SRTP without tags:
#    srtpctl added none of its own.
# 4. A template with the two UNENCRYPTED ones: its learned context has
#    them and takes libsrtp's stream.
# 5. Refusals, before the kernel: GCM, UNENCRYPTED_SRTP with a=cryptex,
#    unauthenticated-srtp for a template; key add of an a=crypto line with
#    a parameter its context lacks. None installs anything.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns python3

N=8
SUITE=AES_CM_128_HMAC_SHA1_80
out=$TEST_TMP/peer.out

# b64 HEXFILE: the bytes of a hex key file in base64.
b64() {
	# shellcheck disable=SC2059 # the format is the key's \x escapes
	printf "$(sed 's/../\\x&/g' "$1")" | base64 -w0
}

# sdp KEYFILE FILE [PARAM...]: FILE gets the a=crypto line of the key with
# the session parameters, CR LF ended, as the SDP has it.
sdp() {
	local key=$1 file=$2
	shift 2
	printf 'a=crypto:1 %s inline:%s%s\r\n' "$SUITE" "$(b64 "$key")" \
		"${*:+ $*}" >"$file"
}

# params_are NS ID "WORD...": show, show -j and show -t of context ID in
# NS say exactly these session parameters (unencrypted-srtp,
# unencrypted-srtcp, unauthenticated-srtp), and no others.
params_are() {
	local ns=$1 id=$2 want=" $3 " show json tsv w col=30 n
	show=$(ip netns exec "$ns" "$SRTPCTL" show id "$id") ||
		ksft_fail "show id $id in $ns failed"
	json=$(ip netns exec "$ns" "$SRTPCTL" -j show id "$id" | python3 -c '
import json, sys
c = json.load(sys.stdin)[0]
print(" ".join(str(c[k]).lower() for k in
      ("unencrypted_srtp", "unencrypted_srtcp", "unauthenticated_srtp")))
') || ksft_fail "show -j id $id in $ns: no session parameters"
	tsv=$(ip netns exec "$ns" "$SRTPCTL" -t show id "$id")
	check_eq "context $id in $ns: TSV columns" 33 "$(awk -F'\t' '{ print NF }' <<<"$tsv")"
	local -a js
	read -ra js <<<"$json"
	n=0
	for w in unencrypted-srtp unencrypted-srtcp unauthenticated-srtp; do
		if [[ $want == *" $w "* ]]; then
			check_eq "context $id in $ns: show's $w line" 1 \
				"$(grep -c "^    $w\$" <<<"$show")"
			check_eq "context $id in $ns: show -j $w" true "${js[n]}"
			check_eq "context $id in $ns: show -t column $col" "$w" \
				"$(cut -f "$col" <<<"$tsv")"
		else
			check_eq "context $id in $ns: show's $w line" 0 \
				"$(grep -c "^    $w\$" <<<"$show")"
			check_eq "context $id in $ns: show -j $w" false "${js[n]}"
			check_eq "context $id in $ns: show -t column $col" - \
				"$(cut -f "$col" <<<"$tsv")"
		fi
		n=$((n + 1))
		col=$((col + 1))
	done
}

# trip MODE DIR SSRC PORT "PARAMS" "SEC_SERV_OPTS" [packet options]: N
# packets through a context srtpctl made from an a=crypto line with
# PARAMS, libsrtp with SEC_SERV_OPTS at the other end; DIR out: the
# kernel in ns_a sends, in: the kernel in ns_b receives.
trip() {
	local mode=$1 dir=$2 ssrc=$3 port=$4 key line id words field=rtp-packets
	local -a params ss
	read -ra params <<<"$5"
	read -ra ss <<<"$6"
	shift 6
	[[ " $* " == *" --rtcp "* ]] && field=rtcp-packets
	key=$(new_key "$mode$dir" "$SUITE")
	line=$TEST_TMP/$mode$dir.sdp
	sdp "$key" "$line" "${params[@]}"
	words=${params[*],,}
	words=${words//_/-}
	local A B srtp=(--srtp "$SUITE" --key-file "$key" "${ss[@]}")
	A=$(addr 4 a $((port - 1000)))
	B=$(addr 4 b "$port")
	if [[ $dir == out ]]; then
		id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc "$ssrc" key-file "$line")
		params_are "$ns_a" "$id" "$words"
		peer_recv "$ns_b" "$out" --local "$B" --count $N --ssrc "$ssrc" \
			"${srtp[@]}" "$@"
		in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc "$ssrc" \
			--count $N "$@" || ksft_fail "rtp-peer send ($mode $dir)"
		peer_wait
		expect_stats "$ns_a" "$id" "$field" $N malformed 0 errors 0
	else
		id=$(ctx_add "$ns_b" in local "$B" ssrc "$ssrc" key-file "$line")
		params_are "$ns_b" "$id" "$words"
		peer_recv "$ns_b" "$out" --local "$B" --count $N --ssrc "$ssrc" "$@"
		in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc "$ssrc" \
			--count $N "${srtp[@]}" "$@" || ksft_fail "rtp-peer send ($mode $dir)"
		peer_wait
		expect_stats "$ns_b" "$id" "$field" $N malformed 0 auth-failures 0 replays 0
	fi
	log "ok $mode: srtpctl from 'a=crypto:... ${params[*]}', kernel $dir, libsrtp ${ss[*]}, $N packets $*"
}

# 1. From the a=crypto line, each mode, both ways.
port=6330
ssrc=$((0x45690000))
for dir in out in; do
	trip clear "$dir" $((ssrc += 1)) $((port += 1)) UNENCRYPTED_SRTP "--rtp-sec-serv auth"
	trip notag "$dir" $((ssrc += 1)) $((port += 1)) UNAUTHENTICATED_SRTP "--rtp-sec-serv conf"
	trip none "$dir" $((ssrc += 1)) $((port += 1)) \
		"UNAUTHENTICATED_SRTP UNENCRYPTED_SRTP" "--rtp-sec-serv none" --csrc 2 --ext 1
	trip rtcpclear "$dir" $((ssrc += 1)) $((port += 1)) UNENCRYPTED_SRTCP \
		"--rtcp-sec-serv auth" --rtcp
	trip all "$dir" $((ssrc += 1)) $((port += 1)) \
		"UNENCRYPTED_SRTP UNENCRYPTED_SRTCP UNAUTHENTICATED_SRTP" \
		"--rtp-sec-serv none --rtcp-sec-serv auth" --padding 3
	trip allrtcp "$dir" $((ssrc += 1)) $((port += 1)) \
		"UNENCRYPTED_SRTCP UNAUTHENTICATED_SRTP UNENCRYPTED_SRTP" \
		"--rtp-sec-serv none --rtcp-sec-serv auth" --rtcp
done

# 2. The words, in a batch: an outbound and an inbound context, IPv6, on
#    ports of their own (a port with inbound contexts drops what none
#    of them matches, whatever the address).
key=$(new_key words "$SUITE")
ssrc=$((ssrc + 1))
A6=$(addr 6 a 5340)
B6=$(addr 6 b 6345)
batch=$TEST_TMP/batch
echo "add out local $A6 remote $B6 ssrc $ssrc suite $SUITE key-file $key" \
	"unencrypted-srtp unauthenticated-srtp unencrypted-srtcp" >"$batch"
res=$(in_a "$SRTPCTL" -b "$batch") || ksft_fail "srtpctl -b: $res"
[[ $res =~ ^id\ ([0-9]+)$ ]] || ksft_fail "srtpctl -b printed '$res'"
oid=${BASH_REMATCH[1]}
params_are "$ns_a" "$oid" "unencrypted-srtp unencrypted-srtcp unauthenticated-srtp"
peer_recv "$ns_b" "$out" --local "$B6" --count $N --ssrc "$ssrc" \
	--srtp "$SUITE" --key-file "$key" --rtp-sec-serv none --rtcp-sec-serv auth
in_a "$RTP_PEER" send --local "$A6" --remote "$B6" --ssrc "$ssrc" --count $N ||
	ksft_fail "rtp-peer send (words out)"
peer_wait
expect_stats "$ns_a" "$oid" rtp-packets $N malformed 0 errors 0
ssrc=$((ssrc + 1))
A6b=$(addr 6 a 5341)
B6=$(addr 6 b 6346)
echo "add in local $B6 ssrc $ssrc suite $SUITE key-file $key unencrypted-srtcp" >"$batch"
res=$(in_b "$SRTPCTL" -b "$batch") || ksft_fail "srtpctl -b: $res"
[[ $res =~ ^id\ ([0-9]+)$ ]] || ksft_fail "srtpctl -b printed '$res'"
iid=${BASH_REMATCH[1]}
params_are "$ns_b" "$iid" "unencrypted-srtcp"
peer_recv "$ns_b" "$out" --local "$B6" --count $N --ssrc "$ssrc" --rtcp
in_a "$RTP_PEER" send --local "$A6b" --remote "$B6" --ssrc "$ssrc" --count $N --rtcp \
	--srtp "$SUITE" --key-file "$key" --rtcp-sec-serv auth ||
	ksft_fail "rtp-peer send (words in)"
peer_wait
expect_stats "$ns_b" "$iid" rtcp-packets $N malformed 0 auth-failures 0
log "ok the words of add in a batch, both ways"

# 3. None asked for, none set: libsrtp told of UNENCRYPTED_SRTCP refuses
#    the SRTCP (E = 1) of srtpctl's context (a tag-less or clear RTP
#    payload would not show: the tag covers the packet as sent); the
#    context fails libsrtp's SRTP without tags.
ssrc=$((ssrc + 1))
key=$(new_key plain "$SUITE")
sdp "$key" "$TEST_TMP/plain.sdp"
A=$(addr 4 a 5350)
B=$(addr 4 b 6350)
id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc "$ssrc" key-file "$TEST_TMP/plain.sdp")
params_are "$ns_a" "$id" ""
peer_recv "$ns_b" "$out" --local "$B" --expect-none --timeout-ms 1500 --ssrc "$ssrc" \
	--srtp "$SUITE" --key-file "$key" --rtcp-sec-serv auth --rtcp
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc "$ssrc" --count $N --rtcp ||
	ksft_fail "rtp-peer send (none out)"
# rtp-peer recv fails on bad packets: here they are the point.
wait "$PEER_PID" || true
grep -q "ok=0 bad=$N " "$PEER_OUT" ||
	ksft_fail "libsrtp told of UNENCRYPTED_SRTCP took the SRTCP of a context without it: $(cat "$PEER_OUT")"
expect_stats "$ns_a" "$id" rtcp-packets $N malformed 0 errors 0
ssrc=$((ssrc + 1))
A=$(addr 4 a 5351)
B=$(addr 4 b 6351)
id=$(ctx_add "$ns_b" in local "$B" ssrc "$ssrc" key-file "$TEST_TMP/plain.sdp")
params_are "$ns_b" "$id" ""
peer_recv "$ns_b" "$out" --local "$B" --expect-none --timeout-ms 1500
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc "$ssrc" --count $N \
	--srtp "$SUITE" --key-file "$key" --rtp-sec-serv conf ||
	ksft_fail "rtp-peer send (none in)"
peer_wait
expect_stats "$ns_b" "$id" rtp-packets 0 rtcp-packets 0 auth-failures $N
log "ok without session parameters srtpctl sets none"

# 4. A template with the two UNENCRYPTED ones: its learned context too.
ssrc=$((ssrc + 1))
key=$(new_key tmpl "$SUITE")
sdp "$key" "$TEST_TMP/tmpl.sdp" UNENCRYPTED_SRTP UNENCRYPTED_SRTCP
A=$(addr 4 a 5360)
B=$(addr 4 b 6360)
tid=$(ctx_add "$ns_b" in local "$B" template key-file "$TEST_TMP/tmpl.sdp")
params_are "$ns_b" "$tid" "unencrypted-srtp unencrypted-srtcp"
peer_recv "$ns_b" "$out" --local "$B" --count $N --ssrc "$ssrc"
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc "$ssrc" --count $N \
	--srtp "$SUITE" --key-file "$key" --rtp-sec-serv auth --rtcp-sec-serv auth ||
	ksft_fail "rtp-peer send (template)"
peer_wait
lid=$(ctx_id_of "$ns_b" "$ssrc")
[[ -n $lid ]] || ksft_fail "the template learned no context of SSRC $ssrc"
expect_stats "$ns_b" "$lid" template-id "$tid" malformed 0 auth-failures 0
params_are "$ns_b" "$lid" "unencrypted-srtp unencrypted-srtcp"
log "ok a template's session parameters, and its learned context's"

# 5. Refusals, each with its reason, the key never shown, nothing installed.
before=$(ctx_count "$ns_b")
# refused WHAT MESSAGE ARGS...: srtpctl in ns_b fails, saying MESSAGE.
refused() {
	local what=$1 msg=$2 err
	shift 2
	err=$(in_b "$SRTPCTL" "$@" 2>&1) && ksft_fail "$what was accepted: $err"
	[[ $err == *"$msg"* ]] || ksft_fail "$what: '$err' does not say '$msg'"
	[[ $err != *"$(b64 "$key")"* ]] || ksft_fail "$what: the message shows the key"
}
gkey=$(new_key gcm AEAD_AES_128_GCM)
printf 'a=crypto:1 AEAD_AES_128_GCM inline:%s UNENCRYPTED_SRTCP\n' "$(b64 "$gkey")" \
	>"$TEST_TMP/gcm.sdp"
refused "UNENCRYPTED_SRTCP with GCM" \
	"unencrypted-srtcp (UNENCRYPTED_SRTCP): not with AEAD_AES_128_GCM" \
	add in local "$(addr 4 b 6370)" ssrc 1 key-file "$TEST_TMP/gcm.sdp"
refused "unauthenticated-srtp with GCM" \
	"unauthenticated-srtp (UNAUTHENTICATED_SRTP): not with AEAD_AES_128_GCM" \
	add in local "$(addr 4 b 6370)" ssrc 1 suite AEAD_AES_128_GCM key-file "$gkey" \
	unauthenticated-srtp
sdp "$key" "$TEST_TMP/cx.sdp" UNENCRYPTED_SRTP
printf 'a=cryptex\r\n' >>"$TEST_TMP/cx.sdp"
refused "UNENCRYPTED_SRTP with a=cryptex" \
	"unencrypted-srtp (UNENCRYPTED_SRTP): not with cryptex" \
	add in local "$(addr 4 b 6371)" ssrc 1 key-file "$TEST_TMP/cx.sdp"
sdp "$key" "$TEST_TMP/ua.sdp" UNAUTHENTICATED_SRTP
refused "UNAUTHENTICATED_SRTP for a template" \
	"unauthenticated-srtp (UNAUTHENTICATED_SRTP): not for a template" \
	add in local "$(addr 4 b 6372)" template key-file "$TEST_TMP/ua.sdp"
refused "a word given twice" "'unencrypted-srtp' given twice" \
	add in local "$(addr 4 b 6373)" ssrc 1 key-file "$TEST_TMP/plain.sdp" \
	unencrypted-srtp unencrypted-srtp
printf 'a=crypto:1 %s inline:%s UNENCRYPTED_SRTP UNENCRYPTED_SRTP\n' "$SUITE" \
	"$(b64 "$key")" >"$TEST_TMP/twice.sdp"
refused "a parameter given twice" "session parameter UNENCRYPTED_SRTP given twice" \
	add in local "$(addr 4 b 6374)" ssrc 1 key-file "$TEST_TMP/twice.sdp"
check_eq "contexts after the refused adds" "$before" "$(ctx_count "$ns_b")"
# key add: the template has no UNAUTHENTICATED_SRTP, the line says it.
refused "key add of an a=crypto line with UNAUTHENTICATED_SRTP" \
	"the a=crypto line has UNAUTHENTICATED_SRTP, but context $tid does not" \
	key add id "$tid" key-file "$TEST_TMP/ua.sdp" from-index 100
log "ok refused before the kernel: GCM, cryptex, a template, key add"

ksft_pass "srtpctl: the SDES session parameters from a=crypto lines and words, with libsrtp2"
