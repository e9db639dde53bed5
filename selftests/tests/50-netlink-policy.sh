#!/bin/bash
# Malformed netlink requests are refused with an extack message that names
# the attribute at fault (or the kernel points at it), and nothing already
# installed is disturbed. Keys are write-only: no reply carries them.
# The requests are built by hand (selftests/tools/nlraw.py) because
# srtpctl refuses such input before the kernel could see it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns python3

key=$(new_key nl)
id=$(ctx_add "$ns_a" out local "$(addr 4 a 5004)" remote "$(addr 4 b 6004)" \
	ssrc 0x42 suite AES_CM_128_HMAC_SHA1_80 key-file "$key")
before=$(in_a "$SRTPCTL" show)

nl() { in_a python3 "$NLRAW" "$@"; }

# refused ATTR-REGEX MSG-REGEX ERRNO CMD ATTRS...
# queues the request; refused_check sends those queued, in order, from
# one nlraw.py --batch (a python start per request cost most of this
# test's time under TCG), and checks each answer. (nlraw.py's arguments
# hold no spaces, so a request is one line.)
REQS=() EXPECT=()
refused() {
	local attr=$1 re=$2 errno=$3
	shift 3
	REQS+=("$*")
	EXPECT+=("$attr $errno $re")
}
refused_check() {
	local out i=0 line l attr errno re msg
	local -a answers=()
	((${#REQS[@]})) || return 0
	out=$(printf '%s\n' "${REQS[@]}" | nl --batch) || ksft_fail "nlraw --batch: tool failed: $out"
	# The answers to each request, up to its "end" line.
	line=
	while IFS= read -r l; do
		if [[ "$l" == end ]]; then
			answers+=("$line")
			line=
		else
			line+=${line:+$'\n'}$l
		fi
	done <<<"$out"
	check_eq "answers to the batch" ${#REQS[@]} ${#answers[@]}
	for ((i = 0; i < ${#REQS[@]}; i++)); do
		read -r attr errno re <<<"${EXPECT[i]}"
		out=${answers[i]}
		[[ "$out" =~ ^error=-$errno\ attr=$attr\ msg=\"(.+)\"$ ]] ||
			ksft_fail "nlraw ${REQS[i]}: expected error=-$errno attr=$attr with a message, got: $out"
		msg=${BASH_REMATCH[-1]}	# ATTR-REGEX may hold a group of its own
		[[ "$msg" =~ $re ]] ||
			ksft_fail "nlraw ${REQS[i]}: message '$msg' does not match /$re/"
		log "ok refused: ${REQS[i]}"
	done
	REQS=() EXPECT=()
}

V4A=local_ipv4:hex:0a630001
V4B=remote_ipv4:hex:0a630002
GOOD=(direction:u8:2 "$V4A" local_port:u16:5006 "$V4B" remote_port:u16:6006
	ssrc:u32:7 suite:u16:1)
K16=master_key:hex:000102030405060708090a0b0c0d0e0f
S14=master_salt:hex:000102030405060708090a0b0c0d

# Missing attributes, each named.
refused direction "KSRTP_A_DIRECTION" 22 new "$V4A" local_port:u16:1 ssrc:u32:1
refused local_ipv4 "KSRTP_A_LOCAL_IPV4" 22 new direction:u8:1 local_port:u16:1 ssrc:u32:1
refused local_port "KSRTP_A_LOCAL_PORT" 22 new direction:u8:1 "$V4A" ssrc:u32:1
refused ssrc "KSRTP_A_SSRC" 22 new direction:u8:1 "$V4A" local_port:u16:1
refused suite "KSRTP_A_SUITE" 22 new direction:u8:1 "$V4A" local_port:u16:1 ssrc:u32:1
refused master_key "KSRTP_A_MASTER_KEY" 22 new "${GOOD[@]}" "$S14"
refused master_salt "KSRTP_A_MASTER_SALT" 22 new "${GOOD[@]}" "$K16"
refused remote_ipv4 "KSRTP_A_REMOTE" 22 new direction:u8:2 "$V4A" local_port:u16:1 ssrc:u32:1 suite:u16:1 "$K16" "$S14"
# Wrong types, lengths and ranges: policy failures point at the attribute.
refused direction "." 34 new direction:u8:3 "$V4A" local_port:u16:1 ssrc:u32:1
refused local_ipv4 "." 34 new direction:u8:1 local_ipv4:hex:0a63000100 local_port:u16:1 ssrc:u32:1
refused local_port "." 34 new direction:u8:1 "$V4A" local_port:u16:0 ssrc:u32:1
refused suite "." 34 new "${GOOD[@]/suite:u16:1/suite:u16:99}" "$K16" "$S14"
refused master_key "." 34 new "${GOOD[@]}" master_key:hex:000102 "$S14"
refused replay_window "." 34 new "${GOOD[@]}" "$K16" "$S14" replay_window:u32:10
refused replay_window "." 34 new "${GOOD[@]}" "$K16" "$S14" replay_window:u32:32768
# An attribute past KSRTP_A_MAX (far past: the enum grows).
refused 250 "." 22 new "${GOOD[@]}" "$K16" "$S14" 250:u32:1
refused stats "." 22 new "${GOOD[@]}" "$K16" "$S14" stats:nest:
# Consistency checks in the handler, each naming the attribute.
refused master_key "KSRTP_A_MASTER_KEY.*length" 22 new "${GOOD[@]}" \
	master_key:hex:000102030405060708090a0b0c0d0e0f0001020304050607 "$S14"
refused master_salt "KSRTP_A_MASTER_SALT.*length" 22 new "${GOOD[@]}" "$K16" \
	master_salt:hex:000102030405060708090a0b
# GCM takes a 12-byte salt, AES-256 a 32-byte key: lengths follow the suite.
refused master_salt "KSRTP_A_MASTER_SALT.*length" 22 new "${GOOD[@]/suite:u16:1/suite:u16:9}" "$K16" "$S14"
refused master_key "KSRTP_A_MASTER_KEY.*length" 22 new "${GOOD[@]/suite:u16:1/suite:u16:5}" "$K16" "$S14"
# Cryptex (RFC 9335) with a suite that encrypts nothing; and in SET,
# which does not take it (a context's option is fixed at NEW).
refused cryptex "KSRTP_A_CRYPTEX.*NULL" 22 new "${GOOD[@]/suite:u16:1/suite:u16:7}" "$K16" "$S14" cryptex:flag:
refused cryptex "." 22 set "id:u32:$id" roc:u32:1 cryptex:flag:
# The RFC 4568 session parameters: no such modes with GCM (RFC 7714),
# no unencrypted payload with cryptex, no template without SRTP's tag;
# fixed at NEW, so not in SET.
S12=master_salt:hex:000102030405060708090a0b
for f in unencrypted_srtp unencrypted_srtcp unauthenticated_srtp; do
	refused "$f" "KSRTP_A_${f^^}.*GCM" 22 new "${GOOD[@]/suite:u16:1/suite:u16:9}" "$K16" "$S12" "$f:flag:"
	refused "$f" "." 22 set "id:u32:$id" roc:u32:1 "$f:flag:"
done
refused unencrypted_srtp "KSRTP_A_UNENCRYPTED_SRTP.*CRYPTEX" 22 new "${GOOD[@]}" "$K16" "$S14" cryptex:flag: unencrypted_srtp:flag:
refused unauthenticated_srtp "KSRTP_A_UNAUTHENTICATED_SRTP.*template" 22 new direction:u8:1 "$V4A" local_port:u16:5041 template:flag: suite:u16:1 "$K16" "$S14" unauthenticated_srtp:flag:
# RFC 6904's IDs: 1..255, each once, 1 to 255 of them; not with a suite
# that encrypts nothing or with UNENCRYPTED_SRTP; fixed at NEW.
refused enc_hdr_ext_ids "KSRTP_A_ENC_HDR_EXT_IDS.*ID 0" 22 new "${GOOD[@]}" "$K16" "$S14" enc_hdr_ext_ids:hex:010003
refused enc_hdr_ext_ids "KSRTP_A_ENC_HDR_EXT_IDS.*twice" 22 new "${GOOD[@]}" "$K16" "$S14" enc_hdr_ext_ids:hex:01020301
refused enc_hdr_ext_ids "KSRTP_A_ENC_HDR_EXT_IDS.*empty" 22 new "${GOOD[@]}" "$K16" "$S14" enc_hdr_ext_ids:hex:
refused enc_hdr_ext_ids "." 34 new "${GOOD[@]}" "$K16" "$S14" "enc_hdr_ext_ids:hex:$(printf '%02x' {1..255})01"
refused enc_hdr_ext_ids "KSRTP_A_ENC_HDR_EXT_IDS.*NULL" 22 new "${GOOD[@]/suite:u16:1/suite:u16:7}" "$K16" "$S14" enc_hdr_ext_ids:hex:01
refused enc_hdr_ext_ids "KSRTP_A_ENC_HDR_EXT_IDS.*UNENCRYPTED_SRTP" 22 new "${GOOD[@]}" "$K16" "$S14" unencrypted_srtp:flag: enc_hdr_ext_ids:hex:01
refused enc_hdr_ext_ids "." 22 set "id:u32:$id" roc:u32:1 enc_hdr_ext_ids:hex:01
refused local_ipv6 "exclusive" 22 new direction:u8:1 "$V4A" local_ipv6:hex:fd990000000000000000000000000001 local_port:u16:1 ssrc:u32:1
refused remote_ipv6 "family" 22 new direction:u8:2 "$V4A" local_port:u16:1 remote_ipv6:hex:fd990000000000000000000000000002 remote_port:u16:1 ssrc:u32:1
refused remote_ipv4 "REMOTE_PORT" 22 new direction:u8:2 "$V4A" local_port:u16:1 "$V4B" ssrc:u32:1
refused remote_port "remote address" 22 new direction:u8:1 "$V4A" local_port:u16:1 remote_port:u16:1 ssrc:u32:1
refused local_ipv4 "unspecified" 22 new direction:u8:1 local_ipv4:hex:00000000 local_port:u16:1 ssrc:u32:1
refused local_ipv6 "unspecified" 22 new direction:u8:1 local_ipv6:hex:00000000000000000000000000000000 local_port:u16:1 ssrc:u32:1
refused remote_ipv4 "unspecified" 22 new direction:u8:1 "$V4A" local_port:u16:1 remote_ipv4:hex:00000000 remote_port:u16:1 ssrc:u32:1
# A duplicate tuple, unknown contexts, attributes a command does not take.
refused - "exists" 17 new direction:u8:2 "$V4A" local_port:u16:5004 "$V4B" \
	remote_port:u16:6004 ssrc:u32:0x42 suite:u16:1 "$K16" "$S14"
refused id "KSRTP_A_ID" 2 del id:u32:999
refused - "tuple" 2 get direction:u8:2 "$V4A" local_port:u16:5004 "$V4B" remote_port:u16:6004 ssrc:u32:0x43
refused master_key "." 22 del "$K16"
refused id "." 22 flush id:u32:1
refused id "." 34 get id:u32:0
refused direction "exclusive" 22 del "id:u32:$id" direction:u8:2
refused ssrc "exclusive" 22 get "id:u32:$id" ssrc:u32:0x42
# A failed dump reports in NLMSG_DONE: 6.1 sends the message only, newer
# kernels also point at the attribute.
refused "(ssrc|-)" "KSRTP_A_SSRC is not a dump filter" 22 --dump get ssrc:u32:0x42

refused_check
# Nothing changed.
after=$(in_a "$SRTPCTL" show)
check_eq "contexts after the refusals" "$before" "$after"

# KSRTP_A_CRYPTEX: taken at NEW, reported by GET, only for the contexts
# that have it.
out=$(nl new direction:u8:1 "$V4A" local_port:u16:5040 ssrc:u32:0x9335 suite:u16:9 \
	master_key:hex:000102030405060708090a0b0c0d0e0f master_salt:hex:a0a1a2a3a4a5a6a7a8a9aaab \
	cryptex:flag:)
[[ "$out" == "msg attrs=id"* ]] || ksft_fail "new with cryptex: $out"
out=$(nl get direction:u8:1 "$V4A" local_port:u16:5040 ssrc:u32:0x9335)
[[ "$out" == "msg attrs="*,cryptex* ]] || ksft_fail "get of a cryptex context: $out"
out=$(nl get "id:u32:$id")
[[ "$out" != *cryptex* ]] || ksft_fail "get of a context without cryptex: $out"
nl del direction:u8:1 "$V4A" local_port:u16:5040 ssrc:u32:0x9335 >/dev/null

# KSRTP_A_ENC_HDR_EXT_IDS: taken at NEW (255 IDs, and with cryptex),
# reported by GET and dumps in ascending order, only where it was given;
# a template's learned contexts have it (38-ssrc-learning's way is long:
# here the template itself).
out=$(nl new direction:u8:1 "$V4A" local_port:u16:5043 ssrc:u32:0x6904 suite:u16:9 \
	master_key:hex:000102030405060708090a0b0c0d0e0f master_salt:hex:a0a1a2a3a4a5a6a7a8a9aaab \
	cryptex:flag: enc_hdr_ext_ids:hex:ff0301c8)
[[ "$out" == "msg attrs=id"* ]] || ksft_fail "new with enc_hdr_ext_ids: $out"
out=$(nl get direction:u8:1 "$V4A" local_port:u16:5043 ssrc:u32:0x6904)
[[ "$out" == "msg attrs="*,cryptex*,enc_hdr_ext_ids* ]] || ksft_fail "get of an RFC 6904 context: $out"
out=$(nl new direction:u8:1 "$V4A" local_port:u16:5043 ssrc:u32:0x6905 suite:u16:1 "$K16" "$S14" \
	"enc_hdr_ext_ids:hex:$(printf '%02x' {255..1})")
[[ "$out" == "msg attrs=id"* ]] || ksft_fail "new with 255 IDs: $out"
out=$(nl new direction:u8:1 "$V4A" local_port:u16:5043 template:flag: suite:u16:1 "$K16" "$S14" \
	enc_hdr_ext_ids:hex:0e)
[[ "$out" == "msg attrs=id"* ]] || ksft_fail "template with enc_hdr_ext_ids: $out"
out=$(nl --dump get local_port:u16:5043)
check_eq "dumped contexts with enc_hdr_ext_ids" 3 "$(grep -c enc_hdr_ext_ids <<<"$out")"
out=$(nl get "id:u32:$id")
[[ "$out" != *enc_hdr_ext_ids* ]] || ksft_fail "get of a context without enc_hdr_ext_ids: $out"
for s in 0x6904 0x6905; do
	nl del direction:u8:1 "$V4A" local_port:u16:5043 "ssrc:u32:$s" >/dev/null
done
tid=$(in_a "$SRTPCTL" show port 5043 | awk '$1 == "ctx" { sub(":", "", $2); print $2 }')
[[ "$tid" =~ ^[0-9]+$ ]] || ksft_fail "no id for the RFC 6904 template: '$tid'"
nl del "id:u32:$tid" >/dev/null
log "ok enc_hdr_ext_ids is taken at NEW and reported"

# The RFC 4568 session parameters: taken at NEW (the UNENCRYPTED ones
# with a NULL suite too, where they change nothing), reported by GET and
# dumps, each only where it was given.
sdes_new() { # SSRC SUITE FLAG...: an inbound context on port 5042
	local ssrc=$1 suite=$2 f req
	shift 2
	req=(direction:u8:1 "$V4A" local_port:u16:5042 "ssrc:u32:$ssrc" "suite:u16:$suite" "$K16" "$S14")
	for f; do req+=("$f:flag:"); done
	out=$(nl new "${req[@]}")
	[[ "$out" == "msg attrs=id"* ]] || ksft_fail "new with $*: $out"
	out=$(nl get direction:u8:1 "$V4A" local_port:u16:5042 "ssrc:u32:$ssrc")
	for f in unencrypted_srtp unencrypted_srtcp unauthenticated_srtp; do
		if [[ " $* " == *" $f "* ]]; then
			[[ "$out" == "msg attrs="*",$f"* ]] || ksft_fail "get of a context with $f: $out"
		else
			[[ "$out" != *",$f"* ]] || ksft_fail "get of a context without $f: $out"
		fi
	done
}
sdes_new 0x4568 1 unencrypted_srtp unencrypted_srtcp unauthenticated_srtp
sdes_new 0x4569 1 unencrypted_srtcp
sdes_new 0x456a 1 unauthenticated_srtp
sdes_new 0x456b 7 unencrypted_srtp unencrypted_srtcp
sdes_new 0x456c 1
out=$(nl --dump get local_port:u16:5042)
check_eq "dumped contexts with session parameters" 3 "$(grep -c unencrypted_srtcp <<<"$out")"
for s in 0x4568 0x4569 0x456a 0x456b 0x456c; do
	nl del direction:u8:1 "$V4A" local_port:u16:5042 "ssrc:u32:$s" >/dev/null
done
log "ok the session parameters are taken at NEW and reported"

# Keys are write-only: neither a get nor a dump carries them.
out=$(nl get "id:u32:$id")
[[ "$out" == "msg attrs="* ]] || ksft_fail "get id $id: $out"
[[ "$out" != *master_key* && "$out" != *master_salt* ]] || ksft_fail "a reply carries key material: $out"
out=$(nl --dump get)
[[ "$out" == *"msg attrs="* && "$out" != *master_* ]] || ksft_fail "dump: $out"
out=$(nl --dump get local_port:u16:5004)
[[ "$out" == "msg attrs="* ]] || ksft_fail "dump filtered by port 5004: $out"
out=$(nl --dump get local_port:u16:5005)
[[ -z "$out" ]] || ksft_fail "dump filtered by port 5005 is not empty: $out"
show=$(in_a "$SRTPCTL" show)
k=$(cat "$key")
for part in "${k:0:32}" "${k:32}" "${k:0:8}"; do
	[[ "${show,,}" != *"${part,,}"* ]] || ksft_fail "srtpctl show prints key material"
done
dmesg | grep -qi "${k:0:16}" && ksft_fail "the kernel log carries key material"

# srtpctl reports the kernel's message for a refusal it cannot pre-check.
err=$(in_a "$SRTPCTL" add out local "$(addr 4 a 5004)" remote "$(addr 4 b 6004)" \
	ssrc 0x42 suite AES_CM_128_HMAC_SHA1_80 key-file "$key" 2>&1)
rc=$?
check_eq "srtpctl exit code for a duplicate" 2 $rc
[[ "$err" == *"exists"* ]] || ksft_fail "srtpctl did not print the kernel message: $err"
# Templates, MKI and the key commands.
T=(direction:u8:1 "$V4A" local_port:u16:5008 suite:u16:1 "$K16" "$S14")
refused ssrc "template has no SSRC" 22 new "${T[@]}" template:flag: ssrc:u32:1
refused template "inbound" 22 new direction:u8:2 "$V4A" local_port:u16:5008 \
	"$V4B" remote_port:u16:1 template:flag: suite:u16:1 "$K16" "$S14"
refused policy "inbound contexts" 22 new "${GOOD[@]}" "$K16" "$S14" policy:u8:2
refused learn_limit "for templates" 22 new direction:u8:1 "$V4A" local_port:u16:5009 \
	ssrc:u32:9 suite:u16:1 "$K16" "$S14" learn_limit:u32:4
refused learn_limit "." 34 new "${T[@]}" template:flag: learn_limit:u32:1025
refused policy "." 34 new "${T[@]}" template:flag: policy:u8:3
refused mki "." 34 new "${GOOD[@]}" "$K16" "$S14" mki:hex:0102030405
refused mki "no MKI" 22 key-new "id:u32:$id" "$K16" "$S14" mki:hex:01
refused key_active "no MKI" 22 key-new "id:u32:$id" "$K16" "$S14" key_active:flag:
refused from_index "." 34 key-new "id:u32:$id" "$K16" "$S14" from_index:u64:0x1000000000000
refused master_key "KSRTP_A_MASTER_KEY" 22 key-new "id:u32:$id" "$S14"
refused mki "no MKI" 22 key-del "id:u32:$id" mki:hex:01
refused from_index "missing KSRTP_A_FROM_INDEX" 22 key-del "id:u32:$id"
refused from_index "no key starting there" 2 key-del "id:u32:$id" from_index:u64:5
refused from_index "last key" 16 key-del "id:u32:$id" from_index:u64:0
refused - "no MKI" 95 key-set "id:u32:$id" from_index:u64:0 key_active:flag:
refused_check
M=(direction:u8:2 "$V4A" local_port:u16:5010 "$V4B" remote_port:u16:6010
	ssrc:u32:0x50 suite:u16:1 "$K16" "$S14")
out=$(nl new "${M[@]}" mki:hex:01)
[[ "$out" == "msg attrs=id"* ]] || ksft_fail "new with MKI: $out"
mid=$(in_a "$SRTPCTL" show port 5010 | awk '$1 == "ctx" { sub(":", "", $2); print $2 }')
[[ "$mid" =~ ^[0-9]+$ ]] || ksft_fail "no id for the MKI context: '$mid'"
refused mki "has a key with this MKI" 17 key-new "id:u32:$mid" "$K16" "$S14" mki:hex:01
refused mki "MKI length" 22 key-new "id:u32:$mid" "$K16" "$S14" mki:hex:0102
refused mki "missing KSRTP_A_MKI" 22 key-new "id:u32:$mid" "$K16" "$S14"
refused mki "cannot be removed" 16 key-del "id:u32:$mid" mki:hex:01
refused mki "no key with this MKI" 2 key-set "id:u32:$mid" mki:hex:09 key_active:flag:
refused key_active "KSRTP_A_KEY_ACTIVE" 22 key-set "id:u32:$mid" mki:hex:01
# One key and SSRC, two outbound senders: refused, unless RTP and RTCP of
# one session on separate ports (same addresses).
refused master_key "already sends this SSRC" 17 new direction:u8:2 "$V4A" \
	local_port:u16:5012 remote_ipv4:hex:0a630003 remote_port:u16:6010 \
	ssrc:u32:0x50 suite:u16:1 "$K16" "$S14"
refused_check
out=$(nl new direction:u8:2 "$V4A" local_port:u16:5011 "$V4B" remote_port:u16:6011 \
	ssrc:u32:0x50 suite:u16:1 "$K16" "$S14" mki:hex:01)
[[ "$out" == "msg attrs=id"* ]] || ksft_fail "the RTCP context of a non-mux session was refused: $out"
# The same key may be used for another SSRC.
out=$(nl new direction:u8:2 "$V4A" local_port:u16:5012 remote_ipv4:hex:0a630003 \
	remote_port:u16:6010 ssrc:u32:0x51 suite:u16:1 "$K16" "$S14")
[[ "$out" == "msg attrs=id"* ]] || ksft_fail "the same key for another SSRC was refused: $out"
refused_check
# Forwarding rules and their outputs (KSRTP_CMD_FWD_*).
out=$(nl fwd-new "$V4A" local_port:u16:5020 ssrc:u32:0x60)
[[ "$out" == "msg attrs=fwd_id"* ]] || ksft_fail "fwd-new: $out"
fid=$(in_a "$SRTPCTL" forward show | awk '$1 == "fwd" { sub(":", "", $2); print $2; exit }')
[[ "$fid" =~ ^[0-9]+$ ]] || ksft_fail "no id for the rule: '$fid'"
out=$(nl fwd-out-add "fwd_id:u32:$fid" "fwd_output:out:ctx_id=u32=$id")
[[ "$out" == "msg attrs=fwd_id,fwd_output"* ]] || ksft_fail "fwd-out-add: $out"
in_id=$(ctx_add "$ns_a" in local "$(addr 4 a 5021)" ssrc 0x61 \
	suite AES_CM_128_HMAC_SHA1_80 key-file "$key")
fbefore=$(in_a "$SRTPCTL" forward show)
F="fwd_id:u32:$fid"
V6B=remote_ipv6:hex:fd990000000000000000000000000002
refused "(local_port|-)" "missing KSRTP_A_LOCAL" 22 fwd-new ssrc:u32:1
refused local_ipv4 "go together" 22 fwd-new "$V4A"
refused remote_ipv6 "family" 22 fwd-new "$V4A" local_port:u16:5022 "$V6B" remote_port:u16:1
refused fwd_flags "unknown" 22 fwd-new "$V4A" local_port:u16:5022 fwd_flags:u32:4
refused local_ipv4 "unspecified" 22 fwd-new local_ipv4:hex:00000000 local_port:u16:5022
refused local_port "." 34 fwd-new "$V4A" local_port:u16:0
refused fwd_payload_types "empty" 22 fwd-new "$V4A" local_port:u16:5022 fwd_payload_types:hex:
refused fwd_payload_types "above 127" 22 fwd-new "$V4A" local_port:u16:5022 \
	fwd_payload_types:hex:6080
refused fwd_payload_types "." 34 fwd-new "$V4A" local_port:u16:5022 \
	"fwd_payload_types:hex:$(printf '00%.0s' {1..129})"
refused - "rule with this input exists" 17 fwd-new "$V4A" local_port:u16:5020 ssrc:u32:0x60
refused direction "." 22 fwd-new "$V4A" local_port:u16:5022 direction:u8:1
refused "(fwd_id|-)" "missing KSRTP_A_FWD_ID" 22 fwd-del
refused fwd_id "no forwarding rule" 2 fwd-del fwd_id:u32:999
refused fwd_id "." 34 fwd-get fwd_id:u32:0
refused - "no context with this id" 2 fwd-out-add "$F" fwd_output:out:ctx_id=u32=999
refused - "not outbound" 22 fwd-out-add "$F" "fwd_output:out:ctx_id=u32=$in_id"
refused - "sends to this remote" 17 fwd-out-add "$F" "fwd_output:out:ctx_id=u32=$id"
refused fwd_output "exclusive" 22 fwd-out-add "$F" "fwd_output:out:ctx_id=u32=$id,remote_port=u16=5"
refused - "needs KSRTP_OUT_A_CTX_ID" 22 fwd-out-add "$F" fwd_output:out:ssrc=u32=5
refused fwd_output "go together" 22 fwd-out-add "$F" fwd_output:out:local_ipv4=hex=0a630001
refused fwd_output "." 34 fwd-out-add "$F" fwd_output:out:local_port=u16=0
refused fwd_output "kernel assigns" 22 fwd-out-add "$F" "fwd_output:out:id=u32=1,ctx_id=u32=$id"
refused "(fwd_output|-)" "missing KSRTP_A_FWD_OUTPUT" 22 fwd-out-del "$F"
refused fwd_output "no output with this" 2 fwd-out-del "$F" fwd_output:out:id=u32=99
refused fwd_output "KSRTP_OUT_A_ID only" 22 fwd-out-del "$F" fwd_output:out:id=u32=1,ssrc=u32=1
refused - "nothing to set" 22 fwd-out-set "$F" fwd_output:out:id=u32=1
refused fwd_output "sets KSRTP_OUT_A_SEQ_OFFSET" 22 fwd-out-set "$F" "fwd_output:out:id=u32=1,ctx_id=u32=$id"
refused "(id|fwd_output|-)" "missing KSRTP_OUT_A_ID" 22 fwd-out-set "$F" fwd_output:out:seq_offset=u16=1
refused_check
check_eq "rules after the refusals" "$fbefore" "$(in_a "$SRTPCTL" forward show)"
# An owned rule goes with its socket (nlraw's, at its exit); others stay.
out=$(nl fwd-new "$V4A" local_port:u16:5030 owned:flag:)
[[ "$out" == "msg attrs=fwd_id"* ]] || ksft_fail "fwd-new owned: $out"
check_eq "rules after an owned one's socket closed" "$fbefore" "$(in_a "$SRTPCTL" forward show)"
ksft_pass "bad requests refused with extack, nothing disturbed, keys write-only"
