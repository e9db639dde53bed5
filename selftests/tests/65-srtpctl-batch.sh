#!/bin/bash
# srtpctl -j and -t (JSON checked by python's json.tool, TSV columns);
# srtpctl -b FILE: many add and del lines in few netlink round trips (the
# library's ksrtp_batch()), the line of a failure reported, the batch
# stopped there (adds after it in its group undone) or, with -force, gone
# on with; standard input as the batch; other commands in between.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns strace

N=600
suite=AES_CM_128_HMAC_SHA1_80
ks() { od -An -tx1 -N30 /dev/urandom | tr -d ' \n'; }

# N inbound contexts, one SSRC each, keys in the file (never in argv).
# One od for all keys: a process per line is slow under TCG.
b=$TEST_TMP/add.batch
all=$(od -An -v -tx1 -N$((30 * N)) /dev/urandom | tr -d ' \n')
{
	echo "# $N contexts"
	for ((i = 1; i <= N; i++)); do
		k=${all:$(((i - 1) * 60)):60}
		echo "add in local $IP4_A:5004 remote $IP4_B:5004 ssrc $i suite $suite key ${k:0:32} salt ${k:32}"
	done
} >"$b"
unset all
out=$(in_a strace -f -qq -e trace=sendto,sendmsg -o "$TEST_TMP/strace" \
	"$SRTPCTL" -b "$b" 2>&1) || ksft_fail "srtpctl -b: $out"
check_eq "id lines" "$N" "$(grep -c '^id [0-9]*$' <<<"$out")"
check_eq "contexts" "$N" "$(ctx_count "$ns_a")"
sends=$(grep -c 'send' "$TEST_TMP/strace")
log "$N adds took $sends sendto/sendmsg calls (family lookup included)"
((sends <= 12)) || ksft_fail "$N adds took $sends netlink sends"
# The ids printed are those of the lines' contexts, in order.
id7=$(sed -n 7p <<<"$out" | cut -d' ' -f2)
check_eq "id of line 7 (ssrc 7)" "$id7" "$(ctx_id_of "$ns_a" 7)"
log "ok $N adds in one batch"

# The forms for scripts, on the same contexts.
json=$(in_a "$SRTPCTL" -j show) || ksft_fail "show -j failed"
/usr/bin/python3 -c '
import json, sys
ctx = json.load(sys.stdin)
assert len(ctx) == int(sys.argv[1]), len(ctx)
c = [c for c in ctx if c["ssrc"] == 7][0]
assert c["id"] == int(sys.argv[2]) and c["direction"] == "in", c
assert c["suite"] == "AES_CM_128_HMAC_SHA1_80" and c["stats"]["rtp_packets"] == 0, c
assert c["remote"] == "10.99.0.2:5004" and c["template"] is False, c
assert c["cryptex"] is False, c
assert c["unencrypted_srtp"] is False and c["unencrypted_srtcp"] is False, c
assert c["unauthenticated_srtp"] is False, c
assert c["enc_ext_ids"] == [], c
' "$N" "$id7" <<<"$json" || ksft_fail "show -j: unexpected JSON"
in_a "$SRTPCTL" --json show id "$id7" | /usr/bin/python3 -m json.tool >/dev/null ||
	ksft_fail "show id -j: not JSON"
check_eq "show -j of no context" "[]" "$(in_a "$SRTPCTL" -j show port 9)"
tsv=$(in_a "$SRTPCTL" -t show id "$id7")
check_eq "TSV columns" 33 "$(awk -F'\t' '{ print NF }' <<<"$tsv")"
check_eq "TSV id, ssrc, cryptex, session parameters, enc-ext-ids" \
	"$id7 0x00000007 - - - - -" "$(cut -f1,5,29-33 --output-delimiter=' ' <<<"$tsv")"
check_eq "TSV lines" "$N" "$(in_a "$SRTPCTL" --tsv show | wc -l)"
log "ok show -j and -t"

# Deletes, by id and by tuple, from standard input; show in between.
out=$({
	echo "del id $id7"
	echo "del in local $IP4_A:5004 remote $IP4_B:5004 ssrc 8"
	echo "show id $(ctx_id_of "$ns_a" 9)"
	echo "del in local $IP4_A:5004 remote $IP4_B:5004 ssrc 9"
} | in_a "$SRTPCTL" -b - 2>&1) || ksft_fail "srtpctl -b -: $out"
[[ "$out" == "ctx "*"ssrc 0x00000009"* ]] || ksft_fail "show in a batch printed: $out"
check_eq "contexts after 3 deletes" $((N - 3)) "$(ctx_count "$ns_a")"
for ((i = 1; i <= N; i++)); do
	echo "del in local $IP4_A:5004 remote $IP4_B:5004 ssrc $i"
done | grep -v 'ssrc [789]$' >"$TEST_TMP/del.batch"
out=$(in_a "$SRTPCTL" -b "$TEST_TMP/del.batch" 2>&1) || ksft_fail "delete batch: $out"
check_eq "contexts after the delete batch" 0 "$(ctx_count "$ns_a")"
log "ok deletes by id and tuple, standard input, show inside a batch"

# A failure in the middle of a group: line 4 adds what line 2 added.
line() { k=$(ks); echo "add in local $IP4_A:6000 ssrc $1 suite $suite key ${k:0:32} salt ${k:32}"; }
{ echo "# failing"; line 1; line 2; line 2; line 3; line 4; } >"$TEST_TMP/fail.batch"
out=$(in_a "$SRTPCTL" -b "$TEST_TMP/fail.batch" 2>&1)
check_eq "exit status of a refused line" 2 $?
[[ "$out" == *"line 4: add: "*"File exists"* ]] || ksft_fail "no line 4 in: $out"
check_eq "id lines before the failure" 2 "$(grep -c '^id ' <<<"$out")"
check_eq "contexts: the lines before the failing one" 2 "$(ctx_count "$ns_a")"
[[ -z "$(ctx_id_of "$ns_a" 3)" && -z "$(ctx_id_of "$ns_a" 4)" ]] ||
	ksft_fail "adds after the failing line stayed installed"
in_a "$SRTPCTL" flush

out=$(in_a "$SRTPCTL" -force -b "$TEST_TMP/fail.batch" 2>&1)
check_eq "exit status with -force" 2 $?
[[ "$out" == *"line 4: add: "*"File exists"* ]] || ksft_fail "-force: no line 4 in: $out"
check_eq "contexts with -force" 4 "$(ctx_count "$ns_a")"
in_a "$SRTPCTL" flush
log "ok a refused line stops the batch, or not with -force"

# A line srtpctl cannot parse: the lines before it are applied, its number said.
{ line 1; echo "add in local $IP4_A:6000 ssrc 2 suite NOSUCH key 00 salt 00"; line 3; } \
	>"$TEST_TMP/usage.batch"
out=$(in_a "$SRTPCTL" -b "$TEST_TMP/usage.batch" 2>&1)
check_eq "exit status of a bad line" 1 $?
[[ "$out" == *"line 2: suite: unknown suite \"NOSUCH\""* ]] || ksft_fail "bad line: $out"
check_eq "contexts before the bad line" 1 "$(ctx_count "$ns_a")"
out=$(in_a "$SRTPCTL" -force -b "$TEST_TMP/usage.batch" 2>&1)
# Line 1 (now a duplicate) failed first: its status is the batch's.
check_eq "exit status with -force" 2 $?
[[ "$out" == *"line 1: add: "*"File exists"* && "$out" == *"line 2: suite"* ]] ||
	ksft_fail "-force: $out"
check_eq "contexts with -force" 2 "$(ctx_count "$ns_a")"
in_a "$SRTPCTL" flush
log "ok a bad line is reported with its number"
ksft_pass "srtpctl batch mode"
