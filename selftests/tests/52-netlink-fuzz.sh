#!/bin/bash
# Random and mutated generic netlink requests (selftests/tools/nlfuzz.py)
# to every command of the ksrtp family and to unknown ones: random
# attributes, valid requests with attributes dropped, duplicated, retyped
# or resized, lying attribute lengths, nested garbage, truncated messages,
# odd flags and header fields, dumps over a table of 60+ contexts. Every
# request is answered with an error the UAPI documents, every refusal
# carries an extack message, and the contexts installed before the run
# (by srtpctl, with MKI, several keys, a template, ROC/SEQ set; and by the
# fuzzer) are byte for byte the same afterwards. The kernel log must stay
# clean (run.sh checks it too). KSRTP_NLFUZZ_COUNT sets the number of
# requests (default 20000; `make nlfuzz` runs 100000).
# TIMEOUT=1800
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns /usr/bin/python3

key=$(new_key fz)
key2=$(new_key fz2)
ctx_add "$ns_a" out local "$(addr 4 a 5004)" remote "$(addr 4 b 6004)" \
	ssrc 0x42 suite AES_CM_128_HMAC_SHA1_80 key-file "$key" mki 0x01 >/dev/null
id=$(ctx_id_of "$ns_a" 0x42)
in_a "$SRTPCTL" key add id "$id" key-file "$key2" mki 0x02 >/dev/null ||
	ksft_fail "srtpctl key add"
ctx_add "$ns_a" in local "$(addr 6 a 5006)" template learn-limit 8 \
	suite AES_CM_128_HMAC_SHA1_80 key-file "$key" >/dev/null
ctx_add "$ns_a" in local "$(addr 4 a 5008)" ssrc 0x43 roc 5 \
	suite AES_CM_128_HMAC_SHA1_80 key-file "$key2" >/dev/null
ids=$(in_a "$SRTPCTL" show | awk '$1 == "ctx" { sub(":", "", $2); print $2 }')
[[ $(wc -w <<<"$ids") == 3 ]] || ksft_fail "expected 3 contexts, got: $ids"
for i in $ids; do in_a "$SRTPCTL" show id "$i" >"$TEST_TMP/before.$i"; done
dmesg_before=$(dmesg | wc -l)

out=$TEST_TMP/nlfuzz.out
in_a /usr/bin/python3 "$SELFTESTS/tools/nlfuzz.py" --seed "${KSRTP_FUZZ_SEED:-1}" \
	--count "${KSRTP_NLFUZZ_COUNT:-20000}" >"$out" 2>&1
rc=$?
cat "$out"
check_eq "nlfuzz.py exit status" 0 $rc
grep -q "^# sent" "$out" || ksft_fail "the fuzzer did not finish"

# srtpctl sees the contexts it installed as they were.
for i in $ids; do
	check_eq "srtpctl show id $i" "$(cat "$TEST_TMP/before.$i")" "$(in_a "$SRTPCTL" show id "$i")"
done
new=$(dmesg | tail -n +"$((dmesg_before + 1))")
if grep -Eq "BUG:|WARNING:|Oops|KASAN|UBSAN|lockdep|kmemleak" <<<"$new"; then
	ksft_fail "kernel log after the fuzzer: $new"
fi
ksft_pass "netlink fuzzer: answered, refused with extack, nothing disturbed"
