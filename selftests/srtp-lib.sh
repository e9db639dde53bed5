#!/bin/bash
# SRTP helpers for selftests/tests/*.sh, on top of lib.sh:
#
#   . "$(dirname "$0")/../lib.sh"
#   . "$(dirname "$0")/../srtp-lib.sh"
#
#   addr FAM SIDE PORT        "10.99.0.1:5004" or "[fd99::1]:5004"
#                             (FAM 4|6, SIDE a|b)
#   new_key NAME [SUITE]      write a random master key||salt (hex, of the
#                             suite's length; default AES_CM_128_*: 30
#                             bytes) to $TEST_TMP/NAME.key, print its path
#   SUITES                    every suite, by its SDES name
#   ctx_add NS ARGS...        srtpctl add ARGS in NS; prints the new id
#   ctx_stat NS ID FIELD      a field of 'srtpctl show id ID' in NS
#                             (rtp-packets, auth-failures, roc, ...)
#   expect_stat NS ID FIELD VALUE    fail unless ctx_stat equals VALUE
#                             (also key-limit, unknown-ssrc, policy,
#                             learn-limit, learned, template-id)
#   expect_stats NS ID FIELD VALUE [FIELD VALUE]...   the same for
#                             several fields, from one srtpctl show
#   expect_clean NS ID [FIELD...]   fail unless auth-failures, replays,
#                             malformed, errors and every FIELD of the
#                             context are 0 (one srtpctl show)
#   key_stat NS ID KEY FIELD  a field of one key line of 'srtpctl show id
#                             ID': KEY is its number (1, 2, ...) or its
#                             MKI (0x01); FIELD mki, from-index,
#                             from-srtcp-index, srtp-packets,
#                             srtcp-packets, or active (prints "yes"/"no")
#   monitor_start NS OUT      start 'srtpctl monitor' in NS in the
#                             background, output to OUT; returns once it
#                             is subscribed; its pid is in $MONITOR_PID
#   wait_event OUT REGEX [SECS]   wait (10 s) for a line of OUT that
#                             matches REGEX (grep -E); fail without one
#   peer_recv NS OUT ARGS...  start 'rtp-peer recv ARGS' in NS in the
#                             background, output to OUT; returns when its
#                             socket is bound; its pid is in $PEER_PID
#   peer_wait                 wait for it; fail with its output unless 0
#   ctx_id_of NS SSRC         id of the context of SSRC in NS
#   ctx_count NS              number of contexts in NS
#   frames_tool OUT DONE MODE ARGS...   setup_ksrtp_netns, then selftests/tools/
#                             frames.py MODE from ns_b's veth to ns_a's
#                             MAC (ARGS after), through py_tool
#   trace_open                ksrtp's tracepoints into a private trace
#                             instance, removed at exit: sets T (tracefs)
#                             and I (the instance; its events in $I/trace)
#
# Keys are passed in files under $TEST_TMP (a tmpfs of the VM), never on
# a command line.

# shellcheck disable=SC2034 # used by the tests that source this file
NLRAW=$TOP/selftests/tools/nlraw.py

addr() {
	if [[ $1 == 4 ]]; then
		[[ $2 == a ]] && echo "$IP4_A:$3" || echo "$IP4_B:$3"
	else
		[[ $2 == a ]] && echo "[$IP6_A]:$3" || echo "[$IP6_B]:$3"
	fi
}

SUITES=(AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32
	AES_192_CM_HMAC_SHA1_80 AES_192_CM_HMAC_SHA1_32
	AES_256_CM_HMAC_SHA1_80 AES_256_CM_HMAC_SHA1_32
	NULL_HMAC_SHA1_80 NULL_HMAC_SHA1_32
	AEAD_AES_128_GCM AEAD_AES_256_GCM)

# Master key + salt bytes (RFC 4568, 6188, 7714).
_key_salt_len() { # SUITE: sets KEY_SALT_LEN
	case "$1" in
	AES_192_CM_*) KEY_SALT_LEN=38 ;;
	AES_256_CM_*) KEY_SALT_LEN=46 ;;
	AEAD_AES_128_GCM) KEY_SALT_LEN=28 ;;
	AEAD_AES_256_GCM) KEY_SALT_LEN=44 ;;
	*) KEY_SALT_LEN=30 ;;
	esac
}
key_salt_len() {
	_key_salt_len "$1"
	echo "$KEY_SALT_LEN"
}

# The key bytes come from bash's SRANDOM (getrandom(2)), not od(1) and
# tr(1) on /dev/urandom: two execs fewer per key, tens of ms under TCG.
new_key() {
	local f=$TEST_TMP/$1.key hex='' w
	_key_salt_len "${2:-AES_CM_128_HMAC_SHA1_80}"
	while ((${#hex} < 2 * KEY_SALT_LEN)); do
		printf -v w '%08x' "$SRANDOM"
		hex+=$w
	done
	printf '%s' "${hex:0:2 * KEY_SALT_LEN}" >"$f"
	echo "$f"
}

ctx_add() {
	local ns=$1 out
	shift
	out=$(ip netns exec "$ns" "$SRTPCTL" add "$@") ||
		ksft_fail "srtpctl add $*: failed"
	[[ $out =~ ^id\ ([0-9]+)$ ]] || ksft_fail "srtpctl add printed '$out'"
	echo "${BASH_REMATCH[1]}"
}

# show_field TEXT FIELD: the value after FIELD in srtpctl show's output.
# (In bash, not awk: one exec fewer per look-up.)
show_field() {
	local line i
	local -a w
	while IFS= read -r line; do
		read -r -a w <<<"$line"
		for ((i = 0; i < ${#w[@]} - 1; i++)); do
			if [[ "${w[i]}" == "$2" ]]; then
				echo "${w[i + 1]}"
				return 0
			fi
		done
	done <<<"$1"
}

ctx_stat() {
	show_field "$(ip netns exec "$1" "$SRTPCTL" show id "$2")" "$3"
}

expect_stat() {
	local got
	got=$(ctx_stat "$1" "$2" "$3")
	[[ "$got" == "$4" ]] ||
		ksft_fail "context $2: $3 is '$got', expected '$4'"
}

expect_stats() { # NS ID FIELD VALUE [FIELD VALUE]...: one srtpctl show
	local ns=$1 id=$2 show got
	shift 2
	show=$(ip netns exec "$ns" "$SRTPCTL" show id "$id")
	while (($# >= 2)); do
		got=$(show_field "$show" "$1")
		[[ "$got" == "$2" ]] ||
			ksft_fail "context $id: $1 is '$got', expected '$2'"
		shift 2
	done
}

# expect_clean NS ID [FIELD...]: the context dropped nothing and had no
# error; FIELDs (key-limit, ...) are further counters that must be 0.
expect_clean() {
	local ns=$1 id=$2 f zeros=()
	shift 2
	for f in auth-failures replays malformed errors "$@"; do
		zeros+=("$f" 0)
	done
	expect_stats "$ns" "$id" "${zeros[@]}"
}

key_stat() {
	ip netns exec "$1" "$SRTPCTL" show id "$2" |
		awk -v k="$3" -v f="$4" '
			$1 != "key" { next }
			$2 != k ":" && !($3 == "mki" && $4 == k) { next }
			f == "active" { print (/ active( |$)/ ? "yes" : "no"); exit }
			{ for (i = 3; i < NF; i++) if ($i == f) { print $(i + 1); exit } }'
}

MONITOR_PID=
monitor_start() {
	local ns=$1 out=$2 ready
	ready=$TEST_TMP/monitor-ready.$RANDOM$RANDOM
	bg ip netns exec "$ns" "$SRTPCTL" monitor ready-file "$ready" >"$out" 2>&1
	MONITOR_PID=$BG_PID
	wait_for 30 test -e "$ready" || ksft_fail "srtpctl monitor did not start: $(cat "$out")"
}

wait_event() {
	wait_for "${3:-10}" grep -Eq "$2" "$1" ||
		ksft_fail "no event matching '$2'; srtpctl monitor printed: $(cat "$1")"
}

PEER_PID=
PEER_OUT=
peer_recv() {
	local ns=$1 ready
	PEER_OUT=$2
	shift 2
	ready=$TEST_TMP/ready.$RANDOM$RANDOM
	bg ip netns exec "$ns" "$RTP_PEER" recv --ready-file "$ready" "$@" \
		>"$PEER_OUT" 2>&1
	PEER_PID=$BG_PID
	wait_for 30 test -e "$ready" || ksft_fail "rtp-peer recv did not start: $(cat "$PEER_OUT")"
}

peer_wait() {
	wait "$PEER_PID" || ksft_fail "rtp-peer recv: $(cat "$PEER_OUT")"
}

# nlraw_ctx NS DIR LPORT RPORT SSRC SUITE_NUMBER KEY_FILE [ATTR...]: a
# context of IP4_A/IP4_B made with nlraw.py, the request on its standard
# input so that the key is on no command line, with the extra attributes
# ATTR (nlraw's name:type:value); its id in NLRAW_ID. DIR: in (local
# IP4_B:LPORT, any remote) or out (IP4_A:LPORT to IP4_B:RPORT). Not in a
# subshell: a failure ends the test.
nlraw_ctx() {
	local ns=$1 dir=$2 lport=$3 rport=$4 ssrc=$5 suite=$6 k klen req res a4 b4
	k=$(cat "$7")
	shift 7
	# shellcheck disable=SC2086 # the address's bytes, one word each
	a4=$(printf '%02x' ${IP4_A//./ })
	# shellcheck disable=SC2086
	b4=$(printf '%02x' ${IP4_B//./ })
	# Master key hex digits: AES-192 (3, 4), AES-256 (5, 6, 10).
	case $suite in
	3 | 4) klen=48 ;;
	5 | 6 | 10) klen=64 ;;
	*) klen=32 ;;
	esac
	if [[ $dir == out ]]; then
		req="new direction:u8:2 local_ipv4:hex:$a4 local_port:u16:$lport"
		req+=" remote_ipv4:hex:$b4 remote_port:u16:$rport"
	else
		req="new direction:u8:1 local_ipv4:hex:$b4 local_port:u16:$lport"
	fi
	req+=" ssrc:u32:$ssrc suite:u16:$suite master_key:hex:${k:0:klen}"
	req+=" master_salt:hex:${k:klen}${*:+ $*}"
	res=$(echo "$req" | ip netns exec "$ns" python3 "$NLRAW" --batch) ||
		ksft_fail "nlraw new: $res"
	[[ "$res" == "msg attrs=id"* ]] || ksft_fail "new ($dir $ssrc): $res"
	NLRAW_ID=$(ctx_id_of "$ns" "$ssrc")
	[[ -n "$NLRAW_ID" ]] || ksft_fail "no context of SSRC $ssrc in $ns"
}

# ctx_id_of NS SSRC: the id of the (first) context of SSRC in NS, or "".
ctx_id_of() {
	ip netns exec "$1" "$SRTPCTL" show |
		awk -v s="$(printf 'ssrc 0x%08x' "$2")" \
			'$1 == "ctx" && index($0, s) { sub(":", "", $2); print $2; exit }'
}

# The Python tools of selftests/tools that build SRTP themselves
# (srtp-xcheck.py) need python3-cryptography.
require_py_crypto() {
	require_cmd /usr/bin/python3
	/usr/bin/python3 -c 'import cryptography' ||
		ksft_fail "python3-cryptography is missing"
}

# py_tool OUT DONE TOOL ARGS...: run selftests/tools/TOOL, keep and print
# its output, and fail unless it exits 0 having printed a line that
# matches DONE (it stops at its first mismatch).
py_tool() {
	local out=$1 done=$2 tool=$3 rc
	shift 3
	/usr/bin/python3 "$SELFTESTS/tools/$tool" "$@" >"$out" 2>&1
	rc=$?
	cat "$out"
	check_eq "$tool $1 exit status" 0 $rc
	grep -q "$done" "$out" || ksft_fail "$tool $1 did not finish"
}

# frames_tool OUT DONE MODE [ARGS...]: the raw-frame tests' prologue and
# run (43, 44): ksrtp and the namespaces (setup_ksrtp_netns), ns_a's MAC,
# then frames.py MODE writing from ns_b's end of the veth to ns_a's
# sockets.
frames_tool() {
	local out=$1 done=$2 mode=$3 mac
	shift 3
	require_py_crypto
	setup_ksrtp_netns
	mac=$(in_a cat "/sys/class/net/$VETH_A/address") ||
		ksft_fail "no MAC address on $VETH_A"
	# shellcheck disable=SC2154 # ns_a, ns_b: set by lib.sh's setup_netns
	py_tool "$out" "$done" frames.py "$mode" "$ns_a" "$ns_b" "$VETH_B" "$mac" "$@"
}

# net_stat NS NAME: a counter of the namespace's protected ports
# (unknown-ssrc, not-srtp, malformed), read with KSRTP_CMD_NET_GET.
net_stat() {
	ip netns exec "$1" python3 - net-get <"$NLRAW" |
		awk -v f="$2" '$1 == "net" { for (i = 2; i < NF; i++) if ($i == f) print $(i + 1) }'
}

# ctx_count NS: how many contexts NS holds.
ctx_count() {
	ip netns exec "$1" "$SRTPCTL" show | grep -c '^ctx '
}

# shellcheck source=trace-pin.sh
. "$TOP/selftests/trace-pin.sh"

# tracefs, mounted if the VM did not (debugfs/tracing on older setups),
# and a private instance with ksrtp's events on: the global buffer stays
# the operator's.
trace_open() {
	local ev
	T=/sys/kernel/tracing
	if [[ ! -e $T/events ]]; then
		mount -t tracefs nodev $T 2>/dev/null ||
			{ mount -t debugfs nodev /sys/kernel/debug 2>/dev/null; T=/sys/kernel/debug/tracing; }
	fi
	[[ -e $T/events ]] || ksft_fail "no tracefs (CONFIG_TRACING?)"
	for ev in ksrtp_drop ksrtp_ctx_new ksrtp_ctx_del; do
		[[ -e $T/events/ksrtp/$ev/format ]] || ksft_fail "no tracepoint ksrtp:$ev in $T/events"
	done
	# ksrtp's tracepoints held at two probes: enabling and disabling
	# this instance's events then patches no code (trace-pin.sh).
	ksrtp_trace_pin || ksft_fail "cannot pin ksrtp's tracepoints (trace-pin.sh)"
	I=$T/instances/ksrtp-test.$$
	mkdir "$I" || ksft_fail "cannot create trace instance $I"
	defer rmdir "$I"
	defer sh -c "echo 0 >'$I/events/ksrtp/enable'"
	echo 1 >"$I/events/ksrtp/enable" || ksft_fail "cannot enable the ksrtp events"
	: >"$I/trace"
}
