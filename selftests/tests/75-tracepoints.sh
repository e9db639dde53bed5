#!/bin/bash
# The tracepoints (kernel/trace.h) through tracefs, as an operator uses
# them: ksrtp:ksrtp_ctx_new and ksrtp_ctx_del for a context added and
# deleted and one a template learned, ksrtp:ksrtp_drop with the right
# reason, context, SSRC and index for forged, replayed and malformed SRTP
# and SRTCP packets and for those a template refuses;
# ksrtp:ksrtp_fwd_drop for a forwarding output without its context and a
# packet that loops back through the host; nothing once
# disabled; and no byte of the master key or salt in the
# events' fields, their text or the raw ring buffer. Enabling and
# disabling the events changes no code of the kernel or of ksrtp: under
# multi-threaded TCG that patching can wedge the guest while another CPU
# runs through it (Documentation/testing.rst, "Known emulator issues"),
# so guest-init.sh keeps tracing's record-cmd off (else the scheduler's
# tracepoints are hooked) and trace_open pins ksrtp's (trace-pin.sh).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns python3 timeout

TEXT_WATCH=$TOP/selftests/vm/text-watch.py
ksrtp_trace_pin || ksft_fail "cannot pin ksrtp's tracepoints"
"$TEXT_WATCH" snap "$TEST_TMP/text" || ksft_fail "cannot read the kernel's code (text-watch.py)"
# code_unchanged WHAT: no code changed since the last snapshot.
code_unchanged() {
	local out
	out=$("$TEXT_WATCH" diff "$TEST_TMP/text") ||
		ksft_fail "$1 changed code: ${out//$'\n'/; }"
	log "$1 changed no code"
}

trace_open
code_unchanged "enabling ksrtp's events in a trace instance"

# The events hold only these fields: nothing that could carry a key.
fields() {
	sed -n 's/^\tfield:[^;]*[ *]\([a-z_]*\)\(\[[^]]*\]\)\{0,1\};.*/\1/p' \
		"$T/events/ksrtp/$1/format" | grep -v '^common_' | sort | tr '\n' ' '
}
check_eq "ksrtp_drop fields" "dir id index netns reason rtcp ssrc " "$(fields ksrtp_drop)"
check_eq "ksrtp_ctx_new fields" \
	"dir id local netns remote ssrc suite template_id tmpl " "$(fields ksrtp_ctx_new)"
grep -q 'reason=%s' "$T/events/ksrtp/ksrtp_drop/format" ||
	ksft_fail "ksrtp_drop prints no reason: $(cat "$T/events/ksrtp/ksrtp_drop/format")"

SUITE=AES_CM_128_HMAC_SHA1_80
SSRC=0x0badf00d
key=$(new_key trace)
LOCAL=$(addr 4 a 5004)
REMOTE=$(addr 4 b 6004)
netns=$(in_a readlink /proc/self/ns/net)
netns=${netns//[^0-9]/}
[[ -n $netns ]] || ksft_fail "no inode number of $ns_a"
id=$(ctx_add "$ns_a" in local "$LOCAL" remote "$REMOTE" ssrc $SSRC suite $SUITE key-file "$key")

send_srtp() {
	in_b "$RTP_PEER" send --local "$REMOTE" --remote "$LOCAL" --ssrc $SSRC \
		--srtp $SUITE --key-file "$key" "$@" || ksft_fail "rtp-peer send $*"
}

# expect_trace REGEX WHAT: a line of the instance's trace matches.
expect_trace() {
	wait_for 5 grep -Eq "$1" "$I/trace" ||
		ksft_fail "no trace line for $2 (/$1/); trace: $(grep -v '^#' "$I/trace")"
	log "ok traced: $2"
}

pfx="netns=$netns id=$id dir=in"
expect_trace "ksrtp_ctx_new: $pfx local=$IP4_A:5004 remote=$IP4_B:6004 ssrc=$SSRC suite=$SUITE template=0 template_id=0" \
	"the new context"

# A flipped tag bit: auth, with the packets' sequence numbers.
send_srtp --count 2 --seq-start 100 --flip -1:0
expect_trace "ksrtp_drop: $pfx ssrc=$SSRC srtp index=100 reason=auth" "auth, seq 100"
expect_trace "ksrtp_drop: $pfx ssrc=$SSRC srtp index=101 reason=auth" "auth, seq 101"
# Too short for header + tag: malformed.
send_srtp --count 1 --seq-start 300 --payload-len 0 --truncate 3
expect_trace "ksrtp_drop: $pfx ssrc=$SSRC srtp index=300 reason=malformed" "malformed SRTP"
# An SRTCP E bit that contradicts the suite: malformed, with its index.
send_srtp --rtcp --count 1 --seq-start 20 --flip -14:7
expect_trace "ksrtp_drop: $pfx ssrc=$SSRC srtcp index=[0-9]+ reason=malformed" "malformed SRTCP"
# A genuine packet twice: the second is a replay.
send_srtp --count 1 --seq-start 400 --duplicate
expect_trace "ksrtp_drop: $pfx ssrc=$SSRC srtp index=400 reason=replay" "replay"

# A template over IPv6 (learn limit 1): the context it learns, a forged
# packet of a new SSRC (auth, counted on the template) and an authentic
# one past the limit (unknown_ssrc).
T6=$(addr 6 a 5008)
S6=$(addr 6 b 6008)
bad=$(new_key forged)
tid=$(ctx_add "$ns_a" in local "$T6" template suite $SUITE key-file "$key" learn-limit 1)
expect_trace "ksrtp_ctx_new: netns=$netns id=$tid dir=in local=\\[$IP6_A\\]:5008 remote=\\[::\\]:0 ssrc=0x00000000 suite=$SUITE template=1 template_id=0" \
	"the template"
send6() { # SSRC KEY
	in_b "$RTP_PEER" send --local "$S6" --remote "$T6" --ssrc "$1" \
		--srtp $SUITE --key-file "$2" --count 1 --seq-start 7 ||
		ksft_fail "rtp-peer send to the template"
}
send6 0x111 "$key"
expect_trace "ksrtp_ctx_new: netns=$netns id=[0-9]+ dir=in local=\\[$IP6_A\\]:5008 remote=\\[::\\]:0 ssrc=0x00000111 suite=$SUITE template=0 template_id=$tid" \
	"the learned context"
send6 0x222 "$bad"
expect_trace "ksrtp_drop: netns=$netns id=$tid dir=in ssrc=0x00000222 srtp index=7 reason=auth" \
	"auth on the template"
send6 0x333 "$key"
expect_trace "ksrtp_drop: netns=$netns id=$tid dir=in ssrc=0x00000333 srtp index=7 reason=unknown_ssrc" \
	"unknown_ssrc on the template"
expect_stats "$ns_a" "$tid" auth-failures 1 unknown-ssrc 1

expect_stats "$ns_a" "$id" rtp-packets 1 auth-failures 2 malformed 2 replays 1
check_eq "ksrtp_drop lines (one per drop)" 7 "$(grep -c 'ksrtp_drop:' "$I/trace")"

# Disabled: drops are still counted, and no longer traced.
echo 0 >"$I/events/ksrtp/ksrtp_drop/enable"
code_unchanged "disabling ksrtp_drop"
send_srtp --count 1 --seq-start 500 --flip -1:0
# shellcheck disable=SC2317 # called through wait_for
auth_failures_are() { [[ $(ctx_stat "$ns_a" "$id" auth-failures) == "$1" ]]; }
wait_for 5 auth_failures_are 3 ||
	ksft_fail "the drop with the event disabled was not counted"
check_eq "ksrtp_drop lines after disabling it" 7 "$(grep -c 'ksrtp_drop:' "$I/trace")"

# Forwarding: a plain rule whose output's context is gone (no_context),
# and a packet that comes back with TTL 1 (loop, on the rule).
check_eq "ksrtp_fwd_drop fields" "fwd netns out reason ssrc " "$(fields ksrtp_fwd_drop)"
oid=$(ctx_add "$ns_a" out local "$(addr 4 a 5020)" remote "$(addr 4 b 6020)" \
	ssrc 0x2020 suite $SUITE key-file "$(new_key fwd)")
fid=$(in_a "$SRTPCTL" forward add local "$(addr 4 a 5030)" plain) ||
	ksft_fail "srtpctl forward add"
fid=${fid#id }
in_a "$SRTPCTL" forward output add id "$fid" ctx "$oid" >/dev/null ||
	ksft_fail "srtpctl forward output add ctx"
in_a "$SRTPCTL" forward output add id "$fid" local "$(addr 4 a 5031)" \
	remote "$(addr 4 a 5030)" >/dev/null || ksft_fail "srtpctl forward output add"
in_a "$SRTPCTL" del id "$oid" || ksft_fail "srtpctl del id $oid"
in_b "$RTP_PEER" send --local "$(addr 4 b 6030)" --remote "$(addr 4 a 5030)" \
	--ssrc 0x3030 --count 1 || ksft_fail "rtp-peer send to the rule"
expect_trace "ksrtp_fwd_drop: netns=$netns fwd=$fid output=1 ssrc=0x00003030 reason=no_context" \
	"an output without its context"
expect_trace "ksrtp_fwd_drop: netns=$netns fwd=$fid output=0 ssrc=0x00003030 reason=loop" \
	"a packet back from the host"

in_a "$SRTPCTL" del id "$id" || ksft_fail "srtpctl del id $id"
expect_trace "ksrtp_ctx_del: $pfx local=$IP4_A:5004 remote=$IP4_B:6004 ssrc=$SSRC suite=$SUITE" \
	"the deleted context"

grep -v '^#' "$I/trace" | sed 's/^ */  /'

# No 4-byte run of the master key or salt, in text or in the raw buffer.
echo 0 >"$I/events/ksrtp/enable"
code_unchanged "disabling ksrtp's events"
grep -v '^#' "$I/trace" >"$TEST_TMP/trace.txt"
for f in "$I"/per_cpu/cpu*/trace_pipe_raw; do
	timeout 2 cat "$f" >>"$TEST_TMP/trace.raw" 2>/dev/null
done
python3 - "$(cat "$key")" "$TEST_TMP/trace.txt" "$TEST_TMP/trace.raw" <<'EOF' ||
import sys
key = bytes.fromhex(sys.argv[1])
text = open(sys.argv[2], "rb").read().lower()
raw = open(sys.argv[3], "rb").read()
if len(raw) < 64:
    sys.exit("the raw ring buffer was empty: nothing checked")
for i in range(len(key) - 3):
    w = key[i:i + 4]
    if w in raw or w.hex().encode() in text:
        sys.exit(f"key bytes {w.hex()} (offset {i}) appear in the trace")
print(f"no key bytes in {len(text)} bytes of text, {len(raw)} raw")
EOF
	ksft_fail "key material in the trace"
ksft_pass "context add/del, auth, malformed, replay and forwarding drops traced, no key bytes"
