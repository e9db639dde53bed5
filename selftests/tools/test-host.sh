#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Host-side test of rtp-peer, the selftests' SRTP oracle: no kernel module
# is involved. libsrtp2 against known answers, rtp-peer against itself over
# loopback (IPv4 and IPv6, every suite, RTP and RTCP, header variants, ROC,
# MKIs, key switches and where the MKI sits on the wire, loss and
# reordering across the wrap), the negative cases the kernel tests rely
# on, and, when Python's
# 'cryptography' package is present, every suite against srtp-xcheck.py, an
# independent implementation of RFC 3711/6188/7714.
#
# usage: test-host.sh [-v]      (-v: show the output of failed steps)
# Prints "ok N name" / "not ok N name" lines and "N passed, N failed";
# exits 0 iff nothing failed.

set -u

DIR=$(cd "$(dirname "$0")" && pwd)
PEER=${RTP_PEER:-$DIR/rtp-peer}
XCHECK=$DIR/srtp-xcheck.py
VERBOSE=0
[ "${1:-}" = -v ] && VERBOSE=1

if [ ! -x "$PEER" ]; then
	echo "rtp-peer not built: run make in $DIR" >&2
	exit 2
fi

# How long a receiver that expects trouble waits for its first or next
# datagram: long enough for a sender's start-up on a loaded machine.
QUIET_MS=1000

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

SUITES="AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32
	AES_192_CM_HMAC_SHA1_80 AES_192_CM_HMAC_SHA1_32
	AES_256_CM_HMAC_SHA1_80 AES_256_CM_HMAC_SHA1_32
	NULL_HMAC_SHA1_80 NULL_HMAC_SHA1_32
	AEAD_AES_128_GCM AEAD_AES_256_GCM"

n=0
passed=0
failed=0
# Below the ephemeral range (32768..), so no client socket takes our ports.
port=$((20000 + RANDOM % 10000))

ok() {
	n=$((n + 1)); passed=$((passed + 1))
	echo "ok $n $1"
}

not_ok() {
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n $1"
	[ $VERBOSE = 1 ] && sed 's/^/#   /' "$TMP/log"
}

# t NAME CMD...: CMD succeeding is the test passing.
t() {
	local name=$1
	shift
	if "$@" >"$TMP/log" 2>&1; then ok "$name"; else not_ok "$name"; fi
}

key_len() {
	"$PEER" -h | awk -v s="$1" '$1 == s { print $3 }'
}

# Deterministic keys, different per suite (never the same key twice).
# make_key SUITE [N]: key N (2, 3) in $TMP/keyN-SUITE, another step per N.
make_key() {
	local len i seed hex='' step=$((37 + 4 * ${2:-0}))
	len=$(key_len "$1")
	seed=$(echo "$1" | cksum | cut -d' ' -f1)
	for ((i = 0; i < len; i++)); do
		hex+=$(printf %02x $(((i * step + seed) & 0xff)))
	done
	echo "$hex" >"$TMP/key${2:-}-$1"
}

next_port() {
	port=$((port + 2))
}

# wait_ready FILE PID: until the receiver PID has created FILE; fails if
# it exits first (its port was taken, say) or takes more than 5 s.
wait_ready() {
	local i
	for ((i = 0; i < 500; i++)); do
		[ -e "$1" ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.01
	done
	return 1
}

# start_recv FAMILY ARGS...: start a receiver on a free port (the next one
# if the port is taken), output in $TMP/out and $TMP/err, pid in $pid.
start_recv() {
	local lo=127.0.0.1 fam=$1 try
	shift
	[ "$fam" = 6 ] && lo='[::1]'
	for try in 1 2 3 4 5; do
		next_port
		rm -f "$TMP/ready"
		"$PEER" recv --local "$lo:$port" --ready-file "$TMP/ready" "$@" \
			>"$TMP/out" 2>"$TMP/err" &
		pid=$!
		wait_ready "$TMP/ready" $pid && return 0
		kill $pid 2>/dev/null
		wait $pid
		echo "receiver on port $port did not start (try $try):"
		cat "$TMP/err"
	done
	return 1
}

# pair FAMILY "RECV ARGS" "SEND ARGS": start a receiver, run the sender,
# and leave the receiver's exit status in $rrc, its summary in $summary
# and its stdout in $TMP/out.
pair() {
	local lo=127.0.0.1
	[ "$1" = 6 ] && lo='[::1]'
	# shellcheck disable=SC2086
	if ! start_recv "$1" $2; then
		rrc=255 src=255
		summary="receiver did not start"
		return
	fi
	# shellcheck disable=SC2086
	"$PEER" send --local "$lo:$((port + 1))" --remote "$lo:$port" $3 \
		2>>"$TMP/err"
	src=$?
	wait "$pid"
	rrc=$?
	summary=$(tail -n 1 "$TMP/out")
	cat "$TMP/err"
	echo "send exit $src, recv exit $rrc: $summary"
}

# expect_ok FAMILY N "RECV ARGS" "SEND ARGS": all N arrive intact.
expect_ok() {
	pair "$1" "--count $2 $3" "--count $2 $4"
	[ "$src" = 0 ] && [ "$rrc" = 0 ] &&
		[ "$summary" = "received=$2 ok=$2 bad=0 unexpected=0" ]
}

# expect_some FAMILY N K "RECV ARGS" "SEND ARGS": of N packets, the K that
# are not dropped arrive intact.
expect_some() {
	pair "$1" "--count $2 $4" "--count $2 $5"
	[ "$src" = 0 ] && [ "$rrc" = 0 ] &&
		[ "$summary" = "received=$3 ok=$3 bad=0 unexpected=0" ]
}

# expect_bad FAMILY N "RECV ARGS" "SEND ARGS": the receiver must fail and
# count bad packets.
expect_bad() {
	pair "$1" "--count $2 --timeout-ms $QUIET_MS $3" "--count $2 $4"
	[ "$rrc" = 1 ] && [[ "$summary" =~ bad=[1-9] ]]
}

srtp_args() {
	echo "--srtp $1 --key-file $TMP/key-$1"
}

# --- the oracle itself ----------------------------------------------------

t "vectors: libsrtp2 reproduces the known answers" "$PEER" vectors

# The packet format is a contract with the kernel tests: pin it.
t "gen: RTP packet bytes" test "$("$PEER" gen --ssrc 0x12345678 --seq 1 \
	--payload-len 8 --csrc 2 --ext 2 --padding 3)" = \
	b2600001000000a0123456781111000011110001bede000212414243224445467f8c99a6b3c0cdda000003
t "gen: RTCP packet bytes" test "$("$PEER" gen --ssrc 0x12345678 --seq 5 \
	--rtcp)" = \
	81c8000c12345678e00000051715609d00000320000000050000035c486e0c220500000f0001000500000005000500050000005081ca00061234567801117274702d706565722d313233343536373800
t "gen: empty payload with an empty extension" test "$("$PEER" gen \
	--ssrc 1 --seq 0 --payload-len 0 --ext 0)" = 906000000000000000000001bede0000

for s in $SUITES; do
	make_key "$s"
done

# --- every suite, both families, RTP variants and RTCP --------------------

for fam in 4 6; do
	for s in $SUITES; do
		sa=$(srtp_args "$s")
		t "v$fam $s: RTP" expect_ok $fam 50 "$sa --ssrc 0xcafe --seq-start 100" \
			"$sa --ssrc 0xcafe --seq-start 100"
		t "v$fam $s: RTP, CSRCs, extension, padding" expect_ok $fam 20 \
			"$sa --csrc 3 --ext 2 --padding 5" \
			"$sa --ssrc 7 --csrc 3 --ext 2 --padding 5"
		t "v$fam $s: RTP, empty payload" expect_ok $fam 10 \
			"$sa --payload-len 0 --ext 0" \
			"$sa --ssrc 8 --payload-len 0 --ext 0"
		t "v$fam $s: RTCP" expect_ok $fam 10 \
			"$sa --rtcp --ssrc 0xdead" "$sa --rtcp --ssrc 0xdead"
	done
done

# The receiver checks the sequence range, not just the bytes.
t "recv rejects packets outside [seq-start, seq-start+N)" expect_bad 4 5 \
	"--seq-start 10" "--ssrc 1"

# --- ROC ------------------------------------------------------------------

for s in $SUITES; do
	sa=$(srtp_args "$s")
	t "$s: --roc 7 on both sides, across the 16-bit wrap" expect_ok 4 20 \
		"$sa --ssrc 9 --roc 7 --seq-start 65530" \
		"$sa --ssrc 9 --roc 7 --seq-start 65530"
	t "$s: receiver with another ROC rejects" expect_bad 4 5 \
		"$sa --ssrc 9 --roc 6" "$sa --ssrc 9 --roc 7"
done

# --- MKI and several keys ------------------------------------------------

# The suites whose trailers differ: 80- and 32-bit tags (the SRTCP tag
# stays 80 bits), no cipher, AEAD. AES_192 is among the cross-checks below.
MKI_SUITES="AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 NULL_HMAC_SHA1_32
	AEAD_AES_128_GCM"
for s in $SUITES; do
	make_key "$s" 2
	make_key "$s" 3
done

# mki_args SUITE: two keys, MKIs 0x0a0b and 0x0c0d
mki_args() {
	echo "--srtp $1 --key-file $TMP/key-$1 --mki 0x0a0b" \
		"--key2-file $TMP/key2-$1 --mki2 0c0d"
}

# rekey_args SUITE N: key 2 from packet N on, without MKI
rekey_args() {
	echo "--srtp $1 --key-file $TMP/key-$1 --key2-file $TMP/key2-$1 --switch-at $2"
}

# expect_keys FAMILY N "RECV ARGS" "SEND ARGS" "1=A 2=B": all N intact,
# and recv's by-key line (the good packets per key) says so.
expect_keys() {
	expect_ok "$1" "$2" "$3" "$4" &&
		[ "$(tail -n 2 "$TMP/out" | head -n 1)" = "by-key: $5" ]
}

for s in $MKI_SUITES; do
	for m in rtp rtcp; do
		r=
		[ $m = rtcp ] && r=--rtcp
		t "$s $m: one key with a 1-byte MKI" expect_ok 4 5 \
			"$r $(srtp_args "$s") --mki 0x01" \
			"$r $(srtp_args "$s") --ssrc 0x51 --mki 0x01"
		t "$s $m: MKI, key 2 from packet 5 of 10, recv takes either" \
			expect_keys 4 10 "$r $(mki_args "$s")" \
			"$r $(mki_args "$s") --ssrc 0x52 --switch-at 5" "1=5 2=5"
		t "$s $m: MKI, recv checks the switch at 5" expect_keys 6 10 \
			"$r $(mki_args "$s") --switch-at 5" \
			"$r $(mki_args "$s") --ssrc 0x53 --switch-at 5" "1=5 2=5"
		t "$s $m: MKI, recv expecting the switch at 4 rejects" \
			expect_bad 4 10 "$r $(mki_args "$s") --switch-at 4" \
			"$r $(mki_args "$s") --ssrc 0x54 --switch-at 5"
		t "$s $m: MKI, a key recv does not have is bad" expect_bad 4 10 \
			"$r $(srtp_args "$s") --mki 0x0a0b" \
			"$r $(mki_args "$s") --ssrc 0x55 --switch-at 5"
		t "$s $m: rekey without MKI at 5 of 10" expect_keys 4 10 \
			"$r $(rekey_args "$s" 5)" \
			"$r $(rekey_args "$s" 5) --ssrc 0x56" "1=5 2=5"
		t "$s $m: rekey, recv switching at 6 rejects" expect_bad 4 10 \
			"$r $(rekey_args "$s" 6)" \
			"$r $(rekey_args "$s" 5) --ssrc 0x57"
	done
	t "$s: rekey across the seq wrap, ROC 7 to 8 at the switch" \
		expect_keys 6 10 \
		"$(rekey_args "$s" 5) --ssrc 0x58 --roc 7 --seq-start 65532" \
		"$(rekey_args "$s" 5) --ssrc 0x58 --roc 7 --seq-start 65532" "1=5 2=5"
	t "$s: MKI across the seq wrap, ROC 7" expect_keys 4 10 \
		"$(mki_args "$s") --ssrc 0x59 --roc 7 --seq-start 65532 --switch-at 5" \
		"$(mki_args "$s") --ssrc 0x59 --roc 7 --seq-start 65532 --switch-at 5" \
		"1=5 2=5"
	t "$s: MKI sender, receiver without MKI: bad" expect_bad 4 5 \
		"$(srtp_args "$s")" "$(srtp_args "$s") --ssrc 0x5a --mki 0x0a0b"
done

k3() { # SUITE: the third key's options
	echo "--key3-file $TMP/key3-$1"
}
s=AES_CM_128_HMAC_SHA1_80
t "three keys with MKIs, switches at 3 and 6" expect_keys 4 9 \
	"$(mki_args $s) $(k3 $s) --mki3 0e0f" \
	"$(mki_args $s) $(k3 $s) --mki3 0e0f --ssrc 0x5b --switch-at 3,6" \
	"1=3 2=3 3=3"
t "three keys without MKI, switches at 3 and 6 (RTCP)" expect_keys 4 9 \
	"--rtcp $(rekey_args $s 3,6) $(k3 $s)" \
	"--rtcp $(rekey_args $s 3,6) $(k3 $s) --ssrc 0x5c" "1=3 2=3 3=3"
t "4-byte MKIs" expect_keys 4 4 \
	"--srtp $s --key-file $TMP/key-$s --mki 0x01020304 --key2-file $TMP/key2-$s --mki2 01020305" \
	"--srtp $s --key-file $TMP/key-$s --mki 0x01020304 --key2-file $TMP/key2-$s --mki2 01020305 --ssrc 0x5d --switch-at 2" \
	"1=2 2=2"

# Where the MKI sits, read off the datagrams as received: RFC 3711 3.1
# (SRTP: payload | MKI | tag), 3.4 (SRTCP: payload | E+index | MKI | tag),
# RFC 7714 8.2 (SRTP: ciphertext | GCM tag | MKI) and 9.2 (SRTCP:
# ciphertext | GCM tag | E+index | MKI). Packet 0 under key 1, 1 under key 2.
wire_layout() {
	local s=$1 r='' plain=172 tag=10 trailer=0 mki_at idx_at='' e=80 l0 l1 len
	[ "$2" = rtcp ] && r=--rtcp plain=80 trailer=4
	case $s in
	AEAD_*) tag=16 ;;
	*_32) [ "$2" = rtp ] && tag=4 ;;
	esac
	[[ $s = NULL_* ]] && e=00
	pair 4 "--count 2 --print-hex $r $(mki_args "$s")" \
		"--count 2 --ssrc 0x77 $r $(mki_args "$s") --switch-at 1"
	[ "$rrc" = 0 ] || return 1
	l0=$(sed -n 1p "$TMP/out")
	l1=$(sed -n 2p "$TMP/out")
	len=$((plain + tag + trailer + 2))
	if [[ $s = AEAD_* ]]; then
		[ "$2" = rtcp ] && idx_at=$((plain + tag))
		mki_at=$((plain + tag + trailer))
	else
		[ "$2" = rtcp ] && idx_at=$plain
		mki_at=$((plain + trailer))
	fi
	echo "want $len bytes, MKI at $mki_at, E+index at ${idx_at:--}"
	echo "got $((${#l0} / 2)) and $((${#l1} / 2)) bytes"
	[ ${#l0} = $((2 * len)) ] && [ ${#l1} = $((2 * len)) ] &&
		[ "${l0:2*mki_at:4}" = 0a0b ] && [ "${l1:2*mki_at:4}" = 0c0d ] &&
		{ [ -z "$idx_at" ] || { [ "${l0:2*idx_at:8}" = ${e}000001 ] &&
			[ "${l1:2*idx_at:8}" = ${e}000002 ]; }; }
}
for s in $MKI_SUITES; do
	t "$s: SRTP wire layout with MKI" wire_layout "$s" rtp
	t "$s: SRTCP wire layout with MKI" wire_layout "$s" rtcp
done

# --- loss and reordering, after protection --------------------------------

# 1000 packets from 65000: every 10th dropped (100) and 65533..1 (5 more).
loss="--seq-start 65000 --drop-every 10 --drop 65533-65535,0-1"
for s in AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM; do
	sa=$(srtp_args "$s")
	t "$s: 10% loss and a run at the wrap, --drop on both sides" \
		expect_some 4 1000 895 "$sa --ssrc 9 $loss" "$sa --ssrc 9 $loss"
	t "$s: pairs swapped across the wrap" expect_ok 6 20 \
		"$sa --ssrc 9 --seq-start 65531" \
		"$sa --ssrc 9 --seq-start 65531 --swap-pairs"
	t "$s: reordered across the wrap, a late packet of the old ROC" \
		expect_ok 4 20 "$sa --ssrc 9 --seq-start 65530" \
		"$sa --ssrc 9 --seq-start 65530 --order 65534,1,65535,0,2-8 --order 65530"
done

s=AES_CM_128_HMAC_SHA1_80
ka="$(mki_args $s) --ssrc 0x5e --roc 7 --seq-start 65532 --switch-at 5 --drop 65535,2"
t "MKI rekey at the wrap, pairs swapped across both, two lost" \
	expect_some 4 10 8 "$ka" "$ka --swap-pairs"

# seqs_sent "SEND ARGS": the RTP sequence numbers as they arrived, in hex.
seqs_sent() {
	pair 4 "--count 8 --timeout-ms $QUIET_MS --print-hex --seq-start 65530 --payload-len 0" \
		"--ssrc 1 --seq-start 65530 --payload-len 0 $1"
	seqs=$(head -n -1 "$TMP/out" | cut -c5-8 | tr '\n' ' ')
	echo "arrived: $seqs"
}
order_is() { # WANT "SEND ARGS"
	seqs_sent "$2"
	[ "$seqs" = "$1" ]
}
t "send --order: the listed packets first, then the rest in order" order_is \
	"fffe 0001 ffff 0000 fffa fffb fffc fffd " "--count 8 --order 65534,1,65535 --order 0"
t "send --swap-pairs: 1, 0, 3, 2, ..." order_is \
	"fffb fffa fffd fffc ffff fffe 0001 0000 " "--count 8 --swap-pairs"
t "send --drop with a wrapping range and --order" order_is \
	"0001 fffa fffb " "--count 8 --drop 65532-0 --order 1"

t "recv --drop: a dropped packet that arrives is bad" expect_bad 4 10 \
	"--drop 5" "--ssrc 1"
dropped_not_expected() {
	pair 4 "--count 10 --timeout-ms $QUIET_MS" "--count 10 --ssrc 1 --drop 3,4"
	[ "$src" = 0 ] && [ "$rrc" = 1 ] &&
		[ "$summary" = "received=8 ok=8 bad=0 unexpected=0" ]
}
t "send --drop alone: packets missing, none bad" dropped_not_expected

# --- plain RTP and RTCP ---------------------------------------------------

t "plain RTP" expect_ok 4 100 "--ssrc 0x1111" "--ssrc 0x1111"
t "plain RTP over IPv6, all header options" expect_ok 6 30 \
	"--pt 0 --csrc 15 --ext 255 --padding 255" \
	"--ssrc 5 --pt 0 --csrc 15 --ext 255 --padding 255"
t "plain RTCP" expect_ok 6 10 "--rtcp" "--rtcp --ssrc 3"
t "plain RTP, large payload" expect_ok 4 5 "--payload-len 8000" \
	"--ssrc 2 --payload-len 8000"

# --- negative cases -------------------------------------------------------

sa=$(srtp_args AES_CM_128_HMAC_SHA1_80)
t "flipped tag bit: bad, exit 1" expect_bad 4 10 "$sa" "$sa --ssrc 1 --flip -1:0"
t "flipped header bit (timestamp): bad" expect_bad 4 10 "$sa" \
	"$sa --ssrc 1 --flip 4:7"
t "flipped payload bit: bad" expect_bad 6 10 "$sa" "$sa --ssrc 1 --flip 20:3"
t "truncated tag: bad" expect_bad 4 5 "$sa" "$sa --ssrc 1 --truncate 1"
t "appended bytes: bad" expect_bad 4 5 "$sa" "$sa --ssrc 1 --append 4"
t "flipped SRTCP E/index trailer: bad" expect_bad 4 5 "$sa --rtcp" \
	"$sa --rtcp --ssrc 1 --flip -11:0"
t "SRTP duplicates are replays: bad" expect_bad 4 10 "$sa" \
	"$sa --ssrc 1 --duplicate"
t "SRTCP duplicates are replays: bad" expect_bad 4 10 "$sa --rtcp" \
	"$sa --rtcp --ssrc 1 --duplicate"
t "plain duplicates: bad" expect_bad 4 10 "" "--ssrc 1 --duplicate"
t "wrong key: bad" expect_bad 4 5 "$(srtp_args AES_CM_128_HMAC_SHA1_32)" \
	"--srtp AES_CM_128_HMAC_SHA1_32 --key-file $TMP/key-AES_CM_128_HMAC_SHA1_80 --ssrc 1"
t "wrong suite (tag length): bad" expect_bad 4 5 \
	"--srtp AES_CM_128_HMAC_SHA1_32 --key-file $TMP/key-AES_CM_128_HMAC_SHA1_80" \
	"$sa --ssrc 1"
t "wrong SSRC: bad" expect_bad 4 5 "--ssrc 2" "--ssrc 1"
t "SRTP to a plain receiver: bad" expect_bad 4 5 "" "$sa --ssrc 1"
t "plain to an SRTP receiver: bad" expect_bad 4 5 "$sa" "--ssrc 1"
t "RTCP to an RTP receiver: bad" expect_bad 4 5 "" "--rtcp --ssrc 1"
t "other payload length: bad" expect_bad 4 5 "--payload-len 20" "--ssrc 1"
for s in AEAD_AES_128_GCM NULL_HMAC_SHA1_32 AES_256_CM_HMAC_SHA1_32; do
	t "$s: flipped last byte: bad" expect_bad 4 5 "$(srtp_args $s)" \
		"$(srtp_args $s) --ssrc 1 --flip -1:7"
done
missing() {
	pair 4 "--count 10 --timeout-ms $QUIET_MS" "--count 7 --ssrc 1"
	[ "$rrc" = 1 ] && [ "$summary" = "received=7 ok=7 bad=0 unexpected=0" ]
}
t "some packets missing: exit 1, no bad" missing

# --- expect-none, raw datagrams, unexpected ones --------------------------

none_quiet() {
	next_port
	"$PEER" recv --local "127.0.0.1:$port" --expect-none --timeout-ms 200 |
		grep -qx "received=0 ok=0 bad=0 unexpected=0"
}
t "expect-none: nothing sent, exit 0" none_quiet

none_noisy() {
	pair 4 "--expect-none --timeout-ms $QUIET_MS" "--count 1 --ssrc 1"
	[ "$rrc" = 1 ]
}
t "expect-none: a packet arrives, exit 1" none_noisy

STUN=000100002112a442000102030405060708090a0b
raw_ok() {
	pair 6 "--raw-expect $STUN --timeout-ms 2000" "--raw-hex $STUN"
	[ "$rrc" = 0 ] && [ "$summary" = "received=1 ok=1 bad=0 unexpected=0" ]
}
t "raw STUN datagram: raw-expect" raw_ok

raw_bad() {
	pair 4 "--raw-expect $STUN --timeout-ms $QUIET_MS" "--raw-hex ${STUN}00"
	[ "$rrc" = 1 ]
}
t "raw-expect: another datagram is bad" raw_bad

stun_among_rtp() {
	start_recv 4 --count 3 &&
		"$PEER" send --remote "127.0.0.1:$port" --raw-hex $STUN &&
		"$PEER" send --remote "127.0.0.1:$port" --ssrc 1 --count 3 &&
		wait "$pid" && cat "$TMP/out" &&
		grep -qx "received=4 ok=3 bad=0 unexpected=1" "$TMP/out"
}
t "STUN among RTP is unexpected, not bad" stun_among_rtp

print_hex() {
	local opts="--payload-len 8 --csrc 2 --ext 2 --padding 3"
	pair 4 "--count 2 --print-hex $opts" "--count 2 --ssrc 0x12345678 $opts"
	# shellcheck disable=SC2086
	[ "$rrc" = 0 ] && [ "$(head -n 2 "$TMP/out")" = \
		"$("$PEER" gen --ssrc 0x12345678 --seq 0 --count 2 $opts)" ]
}
t "print-hex prints each datagram before the summary" print_hex

# --- key files ------------------------------------------------------------

KEY128=$TMP/key-AES_CM_128_HMAC_SHA1_80
b64=$(xxd -r -p "$KEY128" | base64 -w0)
echo "inline:$b64|2^31" >"$TMP/key-inline"
t "inline:BASE64|lifetime key file" expect_ok 4 5 \
	"--srtp AES_CM_128_HMAC_SHA1_80 --key-file $TMP/key-inline" \
	"$sa --ssrc 1"
sed 's/../& /g' "$KEY128" | fold -w 20 >"$TMP/key-spaced"
t "hex key file with whitespace" expect_ok 4 5 \
	"--srtp AES_CM_128_HMAC_SHA1_80 --key-file $TMP/key-spaced" "$sa --ssrc 1"
echo "inline:$b64|2^31|1:4" >"$TMP/key-mki"

mki_refused() {
	next_port
	"$PEER" recv --local "127.0.0.1:$port" --count 1 \
		--srtp AES_CM_128_HMAC_SHA1_80 --key-file "$TMP/key-mki"
	[ $? = 2 ]
}
t "MKI refused (exit 2)" mki_refused

# The first 6 bytes of the key, in hex, must appear in no output.
no_key_in() {
	! grep -qi "$(cut -c1-12 "$KEY128")" "$@"
}

wrong_length() {
	local rc
	next_port
	"$PEER" send --remote "127.0.0.1:$port" --ssrc 1 --count 1 \
		--srtp AES_256_CM_HMAC_SHA1_80 --key-file "$KEY128" 2>"$TMP/err"
	rc=$?
	cat "$TMP/err"
	[ $rc = 2 ] && no_key_in "$TMP/err"
}
t "key of the wrong length refused (exit 2), key not printed" wrong_length

keys_hidden() {
	pair 4 "$sa --count 3 --timeout-ms $QUIET_MS --print-hex" \
		"$sa --count 3 --ssrc 1 --flip -1:0"
	[ "$rrc" = 1 ] && [ "$(wc -l <"$TMP/out")" = 4 ] &&
		no_key_in "$TMP/out" "$TMP/err"
}
t "keys never printed (print-hex, bad packets)" keys_hidden

# --- usage ----------------------------------------------------------------

help_ok() {
	"$PEER" -h | grep -q AEAD_AES_256_GCM && "$PEER" send -h >/dev/null
}
t "-h exits 0 and lists the suites" help_ok

usage2() {
	"$PEER" "$@" >/dev/null 2>&1
	[ $? = 2 ]
}
t "no command: exit 2" usage2
t "unknown option: exit 2" usage2 send --bogus
t "option of another command: exit 2" usage2 send --expect-none \
	--remote 127.0.0.1:1 --ssrc 1 --count 1
t "unknown suite: exit 2" usage2 send --remote 127.0.0.1:1 --ssrc 1 \
	--count 1 --srtp AES_CM_128_HMAC_SHA1_81 --key-file /dev/null
t "--srtp without --key-file: exit 2" usage2 recv --local 127.0.0.1:1 \
	--count 1 --srtp AEAD_AES_128_GCM
t "RTP seq-start above 65535: exit 2" usage2 send --remote 127.0.0.1:1 \
	--ssrc 1 --count 1 --seq-start 65536
t "mixed address families: exit 2" usage2 send --local 127.0.0.1:1 \
	--remote "[::1]:2" --ssrc 1 --count 1
t "bad address: exit 2" usage2 recv --local 127.0.0.1 --count 1
t "--flip outside the packet: exit 2" usage2 send --remote 127.0.0.1:9 \
	--ssrc 1 --count 1 --flip 5000:0
t "--roc without --ssrc on recv: exit 2" usage2 recv --local 127.0.0.1:1 \
	--count 1 --srtp AES_CM_128_HMAC_SHA1_80 --key-file "$KEY128" --roc 1
# usage_keys ARGS...: send with these key options must exit 2
usage_keys() {
	usage2 send --remote 127.0.0.1:9 --ssrc 1 --count 1 "$@"
}
K1="--srtp AES_CM_128_HMAC_SHA1_80 --key-file $KEY128"
K2="--key2-file $TMP/key2-AES_CM_128_HMAC_SHA1_80"
# shellcheck disable=SC2086
{
t "--mki without --srtp: exit 2" usage_keys --mki 01
t "--mki of 5 bytes: exit 2" usage_keys $K1 --mki 0102030405
t "--mki with an odd number of digits: exit 2" usage_keys $K1 --mki 0x1
t "--mki2 without --mki: exit 2" usage_keys $K1 $K2 --mki2 02 --switch-at 1
t "--key2-file with --mki but no --mki2: exit 2" usage_keys $K1 $K2 --mki 01
t "MKIs of two lengths: exit 2" usage_keys $K1 $K2 --mki 01 --mki2 0002
t "one MKI twice: exit 2" usage_keys $K1 $K2 --mki 01 --mki2 01
t "--key2-file without MKI or --switch-at: exit 2" usage_keys $K1 $K2
t "--switch-at without --key2-file: exit 2" usage_keys $K1 --switch-at 1
t "--switch-at N,M without --key3-file: exit 2" usage_keys $K1 $K2 \
	--switch-at 1,2
t "--switch-at going down: exit 2" usage_keys $K1 $K2 \
	--key3-file "$KEY128" --switch-at 2,1
t "--key3-file without --key2-file: exit 2" usage_keys $K1 \
	--key3-file "$KEY128"
t "recv: a rekey at ROC 1 without --ssrc: exit 2" usage2 recv \
	--local 127.0.0.1:1 --count 1 $K1 $K2 --switch-at 3 --seq-start 65534
}
t "--order of a packet not in the stream: exit 2" usage2 send \
	--remote 127.0.0.1:9 --ssrc 1 --count 4 --seq-start 65534 --order 2
t "--order listing a packet twice: exit 2" usage2 send \
	--remote 127.0.0.1:9 --ssrc 1 --count 4 --order 1-2,2
t "--order with --swap-pairs: exit 2" usage2 send --remote 127.0.0.1:9 \
	--ssrc 1 --count 4 --order 1 --swap-pairs
t "--order on recv: exit 2" usage2 recv --local 127.0.0.1:1 --count 1 \
	--order 0
t "--drop of an RTP seq above 65535: exit 2" usage2 send \
	--remote 127.0.0.1:9 --ssrc 1 --count 1 --drop 65536
t "--drop of a wrapping RTCP range: exit 2" usage2 send \
	--remote 127.0.0.1:9 --ssrc 1 --count 1 --rtcp --drop 5-2
t "--drop-every 1: exit 2" usage2 send --remote 127.0.0.1:9 --ssrc 1 \
	--count 1 --drop-every 1

# --- independent cross-check ----------------------------------------------

# Debian's python3 with python3-cryptography (selftests/install-deps.sh);
# not whatever python3 comes first in PATH. A missing package fails.
PY=/usr/bin/python3
if "$PY" -c 'import cryptography' 2>/dev/null; then
	xcheck() { # SUITE MODE: libsrtp's output decrypts to the gen packets
		local r=
		[ "$2" = rtcp ] && r=--rtcp
		pair 4 "--count 4 --timeout-ms $QUIET_MS --print-hex $r" \
			"--count 4 $(srtp_args "$1") --ssrc 0x1234 --roc 7 --seq-start 65534 --csrc 2 --ext 1 --padding 3 $r" &&
		[ "$rrc" = 1 ] || return 1
		head -n 4 "$TMP/out" | "$PY" "$XCHECK" "$1" "$TMP/key-$1" 7 >"$TMP/got" &&
		"$PEER" gen --ssrc 0x1234 --seq 65534 --count 4 --csrc 2 --ext 1 \
			--padding 3 $r >"$TMP/want" &&
		diff "$TMP/want" "$TMP/got"
	}
	for s in $SUITES; do
		t "$s: SRTP matches srtp-xcheck.py (ROC 7, wrap)" xcheck "$s" rtp
		t "$s: SRTCP matches srtp-xcheck.py" xcheck "$s" rtcp
	done
	# xkeys SUITE MODE rtp|rtcp: both keys, with MKIs or rekeyed at packet
	# 3 of 6 (across the seq wrap, ROC 7 to 8); srtp-xcheck.py must decrypt
	# what libsrtp sent, and protect the gen packets to the same bytes.
	xkeys() {
		local s=$1 r='' ka xa
		[ "$3" = rtcp ] && r=--rtcp
		if [ "$2" = mki ]; then
			ka="$(mki_args "$s") --switch-at 3"
			xa="--mki 0x0a0b --key2 $TMP/key2-$s --mki2 0c0d --switch-at 3"
		else
			ka=$(rekey_args "$s" 3)
			xa="--key2 $TMP/key2-$s --switch-at 3"
		fi
		local opts="--ssrc 0x1234 --seq-start 65533 --csrc 2 --ext 1 --padding 3 $r"
		# shellcheck disable=SC2086
		pair 4 "--count 6 --print-hex --roc 7 $opts $ka" \
			"--count 6 --roc 7 $opts $ka" &&
		[ "$rrc" = 0 ] || return 1
		head -n 6 "$TMP/out" >"$TMP/wire"
		# shellcheck disable=SC2086
		"$PEER" gen --seq 65533 --count 6 $opts >"$TMP/want" &&
		"$PY" "$XCHECK" $xa "$s" "$TMP/key-$s" 7 <"$TMP/wire" >"$TMP/got" &&
		diff "$TMP/want" "$TMP/got" &&
		"$PY" "$XCHECK" --protect $xa "$s" "$TMP/key-$s" 7 \
			<"$TMP/want" >"$TMP/got" &&
		diff "$TMP/wire" "$TMP/got"
	}
	for s in $MKI_SUITES AES_192_CM_HMAC_SHA1_32; do
		for m in rtp rtcp; do
			t "$s: $m with MKIs, two keys, both ways with srtp-xcheck.py" \
				xkeys "$s" mki $m
			t "$s: $m rekeyed, both ways with srtp-xcheck.py" \
				xkeys "$s" rekey $m
		done
	done

	# The known answer for one MKI packet: Python's bytes are libsrtp's.
	mki_known() {
		local s=AES_CM_128_HMAC_SHA1_80 want got
		pair 4 "--count 1 --print-hex --seq-start 7 $(srtp_args $s) --mki 0x0a0b" \
			"--count 1 --ssrc 0xcafe --seq-start 7 $(srtp_args $s) --mki 0x0a0b"
		[ "$rrc" = 0 ] || return 1
		got=$(head -n 1 "$TMP/out")
		want=$("$PEER" gen --ssrc 0xcafe --seq 7 |
			"$PY" "$XCHECK" --protect --mki 0a0b $s "$TMP/key-$s")
		echo "libsrtp $got"
		echo "python  $want"
		[ -n "$want" ] && [ "$got" = "$want" ]
	}
	t "AES_CM_128_HMAC_SHA1_80 RTP with a 2-byte MKI: libsrtp = Python" mki_known

	# RFC 9335 Appendix A, every vector, both ways: checked here before
	# kernel/selftest.c holds them.
	cryptex_vec() { # SUITE KEY PLAIN PROTECTED
		local got
		echo "$2" >"$TMP/key-cryptex"
		got=$(echo "$3" | "$PY" "$XCHECK" --protect --cryptex "$1" "$TMP/key-cryptex") &&
		echo "protect   $got" && [ "$got" = "$4" ] &&
		got=$(echo "$4" | "$PY" "$XCHECK" "$1" "$TMP/key-cryptex") &&
		echo "unprotect $got" && [ "$got" = "$3" ]
	}
	while read -r name suite key plain prot; do
		case $name in ''|'#'*) continue ;; esac
		t "RFC 9335 $name: srtp-xcheck.py --cryptex, both ways" \
			cryptex_vec "$suite" "$key" "$plain" "$prot"
	done <"$DIR/cryptex-vectors.txt"

	# libsrtp2 2.8's cryptex (rtp-peer-cx --cryptex, on sid's binary
	# packages in the trixie chroot that make check fetches for
	# 31-cryptex; a wrapper runs it with trixie's loader) puts on the wire what
	# srtp-xcheck.py --cryptex does, and takes it back; every shape
	# 31-cryptex sends it, for its suites.
	cx_xcheck() { # SUITE SHAPE
		local PEER=$CX_PEER want got
		pair 4 "--count 3 --print-hex $(srtp_args "$1") --cryptex $2" \
			"--count 3 --ssrc 0xcafe $(srtp_args "$1") --cryptex $2"
		[ "$rrc" = 0 ] || return 1
		got=$(head -n 3 "$TMP/out")
		# shellcheck disable=SC2086
		want=$("$PEER" gen --ssrc 0xcafe --seq 0 --count 3 $2 |
			"$PY" "$XCHECK" --protect --cryptex "$1" "$TMP/key-$1")
		echo "libsrtp $got"
		echo "python  $want"
		[ -n "$want" ] && [ "$got" = "$want" ]
	}
	CX_PEER=$DIR/rtp-peer-cx
	if [ -x "$CX_PEER" ]; then
		for s in AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 \
			AES_256_CM_HMAC_SHA1_80 AES_256_CM_HMAC_SHA1_32 \
			AEAD_AES_128_GCM AEAD_AES_256_GCM; do
			for shape in "--ext 3" "--csrc 2 --ext 3" "--csrc 2 --ext 0" \
				"--ext 2 --ext-two-byte" "--csrc 15 --ext 4 --ext-two-byte"; do
				t "$s cryptex, $shape: libsrtp 2.8 = srtp-xcheck.py" \
					cx_xcheck "$s" "$shape"
			done
		done
	else
		echo "# no rtp-peer-cx (libsrtp2 2.8): its cross-check not run; 31-cryptex fails"
	fi

	# RFC 6904's vectors (rfc6904-vectors.txt, from libsrtp2), both ways
	# with srtp-xcheck.py, before kernel/selftest.c holds them.
	hx_vec() { # SUITE KEY IDS PLAIN PROTECTED
		local got
		echo "$2" >"$TMP/key-hx"
		got=$(echo "$4" | "$PY" "$XCHECK" --protect --enc-ext-ids "$3" "$1" "$TMP/key-hx") &&
		echo "protect   $got" && [ "$got" = "$5" ] &&
		got=$(echo "$5" | "$PY" "$XCHECK" --enc-ext-ids "$3" "$1" "$TMP/key-hx") &&
		echo "unprotect $got" && [ "$got" = "$4" ]
	}
	while read -r name suite key ids plain prot; do
		case $name in ''|'#'*) continue ;; esac
		t "RFC 6904 $name: srtp-xcheck.py --enc-ext-ids, both ways" \
			hx_vec "$suite" "$key" "$ids" "$plain" "$prot"
	done <"$DIR/rfc6904-vectors.txt"

	# RFC 6904: Debian's libsrtp2 (policy.enc_xtn_hdr) puts on the wire
	# what srtp-xcheck.py --enc-ext-ids does, and both take back what the
	# other protected; one-byte and two-byte elements, listed and not,
	# with and without CSRCs. The source of kernel/selftest.c's vectors.
	hx_xcheck() { # SUITE IDS SHAPE
		local want got plain
		pair 4 "--count 3 --print-hex $(srtp_args "$1") --enc-ext-ids $2 $3" \
			"--count 3 --ssrc 0xcafe $(srtp_args "$1") --enc-ext-ids $2 $3"
		[ "$rrc" = 0 ] || return 1
		got=$(head -n 3 "$TMP/out")
		# shellcheck disable=SC2086
		plain=$("$PEER" gen --ssrc 0xcafe --seq 0 --count 3 $3)
		want=$(echo "$plain" | "$PY" "$XCHECK" --protect --enc-ext-ids "$2" "$1" "$TMP/key-$1")
		echo "libsrtp $got"
		echo "python  $want"
		[ -n "$want" ] && [ "$got" = "$want" ] &&
		[ "$(echo "$got" | "$PY" "$XCHECK" --enc-ext-ids "$2" "$1" "$TMP/key-$1")" = "$plain" ]
	}
	for s in AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 \
		AES_256_CM_HMAC_SHA1_80 AES_256_CM_HMAC_SHA1_32 \
		AEAD_AES_128_GCM AEAD_AES_256_GCM; do
		t "$s RFC 6904, one-byte: libsrtp2 = srtp-xcheck.py" \
			hx_xcheck "$s" 1,3,14 "--ext-elems 1:2,2:3,3:16,14:1 --payload-len 8"
		t "$s RFC 6904, one-byte, CSRCs: libsrtp2 = srtp-xcheck.py" \
			hx_xcheck "$s" 2 "--csrc 3 --ext-elems 1:4,2:5 --payload-len 8"
		t "$s RFC 6904, two-byte: libsrtp2 = srtp-xcheck.py" \
			hx_xcheck "$s" 1,200,255 "--ext-two-byte --ext-elems 1:2,7:0,200:20,9:3,255:1 --payload-len 8"
		t "$s RFC 6904, two-byte, CSRCs: libsrtp2 = srtp-xcheck.py" \
			hx_xcheck "$s" 16,17 "--csrc 2 --ext-two-byte --ext-elems 16:17,17:0,18:2 --payload-len 8"
	done
else
	t "srtp-xcheck.py cross-check: $PY has the cryptography package" false
fi

echo "$passed passed, $failed failed"
[ $failed = 0 ]
