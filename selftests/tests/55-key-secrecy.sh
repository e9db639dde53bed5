#!/bin/bash
# Keys never leave the kernel. Contexts of every suite with every option
# (outbound with two MKI keys, inbound with ROC/SEQ/SRTCP index set and a
# second key from an index, templates that learned an SSRC) are listed
# with srtpctl show and show id, dumped and read one by one over raw
# netlink, their events followed by srtpctl monitor and by a raw listener
# while traffic makes events (ssrc-learned, auth-failures), and srtpctl is
# made to fail on requests that carry keys; none of these outputs, nor
# the kernel log, holds any 6 bytes of a master key or salt, raw or in
# hex, or any 8 characters of their base64 (selftests/tools/keyscan.py).
# The scanner itself is shown to find a planted key.
# TIMEOUT=600
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns /usr/bin/python3

KS=$SELFTESTS/tools/keyscan.py
cap=$TEST_TMP/cap
mkdir -p "$cap"
monitor_start "$ns_a" "$cap/monitor.txt"
ready=$TEST_TMP/listen.ready
bg_a /usr/bin/python3 "$KS" listen "$cap/events.raw" "$ready"
wait_for 10 test -e "$ready" || ksft_fail "keyscan listen did not start"

keys=()
i=0
for s in "${SUITES[@]}"; do
	for k in out1 out2 in1 in2 tmpl; do
		keys+=("$(new_key "$k-$i" "$s")")
	done
	kf=("${keys[@]: -5}")
	A=$(addr 4 a $((7000 + i)))
	B=$(addr 4 b $((8000 + i)))
	oid=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $((0x100 + i)) suite "$s" \
		key-file "${kf[0]}" mki 0x01)
	in_a "$SRTPCTL" key add id "$oid" key-file "${kf[1]}" mki 0x02 active >/dev/null ||
		ksft_fail "key add $s"
	iid=$(ctx_add "$ns_a" in local "$A" remote "$B" ssrc $((0x200 + i)) suite "$s" \
		key-file "${kf[2]}" roc 3 window 256)
	in_a "$SRTPCTL" set id "$iid" roc 3 seq 100 srtcp-index 5 || ksft_fail "srtpctl set $s"
	in_a "$SRTPCTL" key add id "$iid" key-file "${kf[3]}" from-index 0x40000 >/dev/null ||
		ksft_fail "key add from-index $s"
	ctx_add "$ns_a" in local "$(addr 4 a $((7100 + i)))" template learn-limit 2 \
		suite "$s" key-file "${kf[4]}" >/dev/null
	# Traffic: a template learns an SSRC; forged packets fail.
	in_b "$RTP_PEER" send --local "$B" --remote "$(addr 4 a $((7100 + i)))" \
		--ssrc $((0x300 + i)) --srtp "$s" --key-file "${kf[4]}" --count 2 ||
		ksft_fail "rtp-peer send $s"
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc $((0x200 + i)) \
		--srtp "$s" --key-file "${kf[2]}" --count 2 --flip 12:0 ||
		ksft_fail "rtp-peer send --flip $s"
	# Refusals of requests that carry keys: a duplicate, a key of another
	# length.
	in_a "$SRTPCTL" add out local "$A" remote "$B" ssrc $((0x100 + i)) suite "$s" \
		key-file "${kf[0]}" mki 0x01 >>"$cap/errors.txt" 2>&1 &&
		ksft_fail "duplicate accepted"
	in_a "$SRTPCTL" key add id "$oid" key-file "${kf[2]}" mki 0x01 >>"$cap/errors.txt" 2>&1 &&
		ksft_fail "duplicate MKI accepted"
	i=$((i + 1))
done
wait_event "$cap/monitor.txt" "ssrc-learned"
wait_event "$cap/monitor.txt" "auth-failures"
check_eq "contexts" 40 "$(ctx_count "$ns_a")"

in_a "$SRTPCTL" show >"$cap/show.txt" 2>&1 || ksft_fail "srtpctl show"
# A GET of each context, all from one nlraw.py (one python start).
: >"$TEST_TMP/get.batch"
while read -r id; do
	in_a "$SRTPCTL" show id "$id" >>"$cap/show-id.txt" 2>&1 || ksft_fail "srtpctl show id $id"
	echo "get id:u32:$id" >>"$TEST_TMP/get.batch"
done < <(awk '$1 == "ctx" { sub(":", "", $2); print $2 }' "$cap/show.txt")
in_a python3 "$NLRAW" --batch <"$TEST_TMP/get.batch" >>"$cap/nlraw.txt" 2>&1 ||
	ksft_fail "nlraw.py --batch: $(tail -n 3 "$cap/nlraw.txt")"
check_eq "GET replies" 40 "$(grep -c '^msg attrs=' "$cap/nlraw.txt")"
in_a python3 "$NLRAW" --dump get >>"$cap/nlraw.txt" 2>&1
in_a /usr/bin/python3 "$KS" dump "$cap/replies.raw" || ksft_fail "keyscan dump"
grep -q "cipher" "$cap/show.txt" || ksft_fail "srtpctl show printed nothing useful"
[[ -s "$cap/events.raw" ]] || ksft_fail "no raw events captured"
sleep 1
kill "$MONITOR_PID" 2>/dev/null
dmesg >"$cap/dmesg.txt"
log "captured: $(cd "$cap" && wc -c -- * | tr '\n' ' ')"

/usr/bin/python3 "$KS" scan "${keys[@]}" -- "$cap"/* || ksft_fail "key material found"

# The scanner finds what it looks for: a key's salt in hex, in a key's
# base64, and a key's raw bytes in the middle of a binary file.
k=$(cat "${keys[7]}")
echo "salt ${k:32:14}" >"$TEST_TMP/plant1"
/usr/bin/python3 -c 'import base64, sys
print(base64.b64encode(bytes.fromhex(open(sys.argv[1]).read().strip())).decode())' \
	"${keys[12]}" >"$TEST_TMP/plant2"
/usr/bin/python3 -c 'import os, sys
sys.stdout.buffer.write(os.urandom(100) + bytes.fromhex(open(sys.argv[1]).read().strip())[3:10])' \
	"${keys[20]}" >"$TEST_TMP/plant3"
for p in 1 2 3; do
	/usr/bin/python3 "$KS" scan "${keys[@]}" -- "$TEST_TMP/plant$p" >/dev/null &&
		ksft_fail "keyscan missed planted key material $p"
done
ksft_pass "no key material in replies, dumps, events, errors or the kernel log"
