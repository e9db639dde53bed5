#!/bin/bash
# RFC 6904 (encrypted header extension elements) as srtpctl installs it,
# between two namespaces, with plain UDP sockets on both sides (python3):
# the application in ns_a sends RTP with one-byte (0xBEDE) and two-byte
# (0x100x) header extensions through an outbound context, the application
# in ns_b gets them through an inbound one.
# 1. The 'enc-ext-ids' word on both contexts: every packet arrives byte
#    for byte as sent; show, show -j and show -t list the IDs.
# 2. A key file holding the a=crypto line and the media's a=extmap lines
#    as the SDP has them (encrypting ones with a direction and extension
#    attributes, an ordinary one in between; no 'suite', no words), on
#    both contexts, IPv6: the same.
# 3. A sender that encrypts, a receiver that does not (a batch, srtpctl
#    -b): the packets still authenticate (the tag covers them as sent),
#    and arrive with exactly the data of the encrypting elements changed:
#    the sender did encrypt those, and only those.
# 4. A template from such a key file: its learned context has the IDs and
#    takes the stream, byte for byte.
# 5. With cryptex on both contexts (the kernel allows it; cryptex wins for
#    outbound packets): byte for byte.
# 6. Refusals, before the kernel: the NULL suites, unencrypted-srtp (word
#    and a=crypto parameter), an ID 0, a malformed encrypting a=extmap
#    line (named by its line), key add of a key file whose lines name
#    other IDs. None installs anything.
# Written before the module had KSRTP_A_ENC_HDR_EXT_IDS: a module without
# it refuses every add with enc-ext-ids (Invalid argument).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns python3

N=8
SUITE=AES_CM_128_HMAC_SHA1_80
ENC=urn:ietf:params:rtp-hdrext:encrypt
# The IDs every encrypting context below has, as srtpctl prints them.
IDS=1,3,200
PY=$TEST_TMP/rtp6904.py

# b64 HEXFILE: the bytes of a hex key file in base64.
b64() {
	# shellcheck disable=SC2059 # the format is the key's \x escapes
	printf "$(sed 's/../\\x&/g' "$1")" | base64 -w0
}

# sdp KEYFILE FILE: FILE gets the a=crypto line of the key and the
# a=extmap lines of the media (elements 1, 3 and 200 encrypted, 2 not),
# CR LF ended, as the SDP has them.
sdp() {
	{
		printf 'a=crypto:1 %s inline:%s\r\n' "$SUITE" "$(b64 "$1")"
		printf 'a=extmap:1 %s urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on\r\n' "$ENC"
		printf 'a=extmap:2 urn:ietf:params:rtp-hdrext:toffset\r\n'
		printf 'a=extmap:3/sendrecv %s urn:ietf:params:rtp-hdrext:sdes:mid\r\n' "$ENC"
		printf 'a=extmap:200/recvonly %s urn:example:meta short form\r\n' "$ENC"
	} >"$2"
}

cat >"$PY" <<'EOF'
# send FROM TO SSRC COUNT SENT: COUNT RTP packets from FROM to TO, the
#   even ones with a one-byte extension (elements 1, 2, 3), the odd ones
#   with a two-byte one (elements 200, 2, 3); their hex, a line each,
#   into SENT.
# recv AT COUNT GOT READY: COUNT datagrams at AT (READY created once
#   bound), their hex into GOT; exit 1 after 5 s without one.
# compare SENT GOT IDS: the same number of packets; without IDS, equal
#   byte for byte; with IDS (1,3,200), equal but for the data of the
#   elements with these IDs, each of which differs in some packet.
import os, random, socket, struct, sys

def sockaddr(s):
    host, port = s.rsplit(":", 1)
    host = host.strip("[]")
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    return fam, (host, int(port))

def rnd(n):
    return bytes(random.getrandbits(8) for _ in range(n))

def packet(i, ssrc):
    if i % 2 == 0:
        # One-byte form: ID << 4 | (length - 1).
        elems = [(1, rnd(2)), (2, rnd(3)), (3, rnd(4))]
        body = b"".join(bytes([eid << 4 | (len(d) - 1)]) + d for eid, d in elems)
        profile = 0xBEDE
    else:
        # Two-byte form: ID, length.
        elems = [(200, rnd(5)), (2, rnd(3)), (3, rnd(2))]
        body = b"".join(bytes([eid, len(d)]) + d for eid, d in elems)
        profile = 0x1000
    body += bytes(-len(body) % 4)
    hdr = struct.pack("!BBHII", 0x90, 96, (1000 + i) & 0xFFFF, 160 * i, ssrc)
    return hdr + struct.pack("!HH", profile, len(body) // 4) + body + rnd(20)

def elements(p):
    """(id, start, end) of each element's data in packet p."""
    cc = p[0] & 0x0F
    off = 12 + 4 * cc
    profile, words = struct.unpack("!HH", p[off:off + 4])
    off += 4
    end = off + 4 * words
    out = []
    while off < end:
        if profile == 0xBEDE:
            if p[off] == 0:
                off += 1
                continue
            eid, ln = p[off] >> 4, (p[off] & 0x0F) + 1
            if eid == 15:
                break
            off += 1
        else:
            if p[off] == 0:
                off += 1
                continue
            eid, ln = p[off], p[off + 1]
            off += 2
        out.append((eid, off, off + ln))
        off += ln
    return out

def main():
    cmd = sys.argv[1]
    if cmd == "send":
        fam, src = sockaddr(sys.argv[2])
        _, dst = sockaddr(sys.argv[3])
        ssrc, count = int(sys.argv[4], 0), int(sys.argv[5])
        s = socket.socket(fam, socket.SOCK_DGRAM)
        s.bind(src)
        with open(sys.argv[6], "w") as f:
            for i in range(count):
                p = packet(i, ssrc)
                s.sendto(p, dst)
                f.write(p.hex() + "\n")
    elif cmd == "recv":
        fam, at = sockaddr(sys.argv[2])
        count = int(sys.argv[3])
        s = socket.socket(fam, socket.SOCK_DGRAM)
        s.bind(at)
        s.settimeout(5)
        open(sys.argv[5], "w").close()
        got = []
        try:
            while len(got) < count:
                got.append(s.recv(65536).hex())
        except socket.timeout:
            pass
        with open(sys.argv[4], "w") as f:
            f.write("".join(g + "\n" for g in got))
        if len(got) < count:
            sys.exit("got %d of %d packets" % (len(got), count))
    elif cmd == "compare":
        sent = [bytes.fromhex(l) for l in open(sys.argv[2]).read().split()]
        got = [bytes.fromhex(l) for l in open(sys.argv[3]).read().split()]
        ids = {int(x) for x in sys.argv[4].split(",")} if len(sys.argv) > 4 and sys.argv[4] else set()
        if len(sent) != len(got):
            sys.exit("sent %d packets, got %d" % (len(sent), len(got)))
        changed = set()
        for n, (s, g) in enumerate(zip(sent, got)):
            if len(s) != len(g):
                sys.exit("packet %d: sent %d bytes, got %d" % (n, len(s), len(g)))
            mask = bytearray(len(s))
            for eid, a, b in elements(s):
                if eid in ids:
                    mask[a:b] = b"\x01" * (b - a)
                    if s[a:b] != g[a:b]:
                        changed.add(eid)
            for k in range(len(s)):
                if not mask[k] and s[k] != g[k]:
                    sys.exit("packet %d: byte %d changed (%s, got %s)" % (n, k, s.hex(), g.hex()))
        if changed != ids:
            sys.exit("elements %s never changed" % sorted(ids - changed))
    else:
        sys.exit("usage")

main()
EOF

# ids_are NS ID IDS: show, show -j and show -t of context ID in NS list
# exactly IDS (1,3,200), or none for "".
ids_are() {
	local ns=$1 id=$2 want=$3 show json tsv
	show=$(ip netns exec "$ns" "$SRTPCTL" show id "$id") ||
		ksft_fail "show id $id in $ns failed"
	json=$(ip netns exec "$ns" "$SRTPCTL" -j show id "$id" | python3 -c '
import json, sys
print(",".join(str(i) for i in json.load(sys.stdin)[0]["enc_ext_ids"]))
') || ksft_fail "show -j id $id in $ns: no enc_ext_ids"
	tsv=$(ip netns exec "$ns" "$SRTPCTL" -t show id "$id")
	check_eq "context $id in $ns: TSV columns" 33 "$(awk -F'\t' '{ print NF }' <<<"$tsv")"
	check_eq "context $id in $ns: show -j enc_ext_ids" "$want" "$json"
	if [[ -n $want ]]; then
		check_eq "context $id in $ns: show's enc-ext-ids line" "    enc-ext-ids $want" \
			"$(grep '^    enc-ext-ids ' <<<"$show")"
		check_eq "context $id in $ns: show -t column 33" "$want" "$(cut -f 33 <<<"$tsv")"
	else
		check_eq "context $id in $ns: show's enc-ext-ids lines" 0 \
			"$(grep -c '^    enc-ext-ids' <<<"$show")"
		check_eq "context $id in $ns: show -t column 33" - "$(cut -f 33 <<<"$tsv")"
	fi
}

# trip WHAT FROM TO SSRC [IDS]: N packets from FROM in ns_a to TO in
# ns_b, through whatever contexts are there; compared as python's
# compare does (IDS: the elements that arrive changed).
trip() {
	local what=$1 from=$2 to=$3 ssrc=$4 ids=${5:-} ready pid
	local sent=$TEST_TMP/$what.sent got=$TEST_TMP/$what.got err=$TEST_TMP/$what.err
	ready=$TEST_TMP/$what.ready
	bg_b python3 "$PY" recv "$to" $N "$got" "$ready" 2>"$err"
	pid=$BG_PID
	wait_for 30 test -e "$ready" || ksft_fail "$what: the receiver did not start: $(cat "$err")"
	in_a python3 "$PY" send "$from" "$to" "$ssrc" $N "$sent" ||
		ksft_fail "$what: the sender failed"
	wait "$pid" || ksft_fail "$what: $(cat "$err")"
	python3 "$PY" compare "$sent" "$got" "$ids" || ksft_fail "$what: not as expected"
}

# 1. The word on both contexts.
key=$(new_key words "$SUITE")
A=$(addr 4 a 5350)
B=$(addr 4 b 6350)
ssrc=$((0x69040001))
oid=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc "$ssrc" suite "$SUITE" \
	key-file "$key" enc-ext-ids 200,3,1)
iid=$(ctx_add "$ns_b" in local "$B" remote "$A" ssrc "$ssrc" suite "$SUITE" \
	key-file "$key" enc-ext-ids "$IDS")
ids_are "$ns_a" "$oid" "$IDS"
ids_are "$ns_b" "$iid" "$IDS"
trip words "$A" "$B" "$ssrc"
expect_stats "$ns_a" "$oid" rtp-packets $N malformed 0 errors 0
expect_stats "$ns_b" "$iid" rtp-packets $N malformed 0 auth-failures 0 replays 0
log "ok enc-ext-ids on both contexts: $N packets, one- and two-byte extensions, byte for byte"

# 2. The SDP's lines on both contexts, IPv6.
key=$(new_key sdp "$SUITE")
sdp "$key" "$TEST_TMP/media.sdp"
A6=$(addr 6 a 5351)
B6=$(addr 6 b 6351)
ssrc=$((ssrc + 1))
oid=$(ctx_add "$ns_a" out local "$A6" remote "$B6" ssrc "$ssrc" key-file "$TEST_TMP/media.sdp")
iid=$(ctx_add "$ns_b" in local "$B6" remote "$A6" ssrc "$ssrc" key-file "$TEST_TMP/media.sdp")
expect_stat "$ns_b" "$iid" suite "$SUITE"
ids_are "$ns_a" "$oid" "$IDS"
ids_are "$ns_b" "$iid" "$IDS"
trip sdp "$A6" "$B6" "$ssrc"
expect_stats "$ns_a" "$oid" rtp-packets $N malformed 0 errors 0
expect_stats "$ns_b" "$iid" rtp-packets $N malformed 0 auth-failures 0 replays 0
log "ok encrypting a=extmap lines in key files on both contexts, IPv6: byte for byte"

# 3. A batch: a sender that encrypts, a receiver that does not.
key=$(new_key half "$SUITE")
A=$(addr 4 a 5352)
B=$(addr 4 b 6352)
ssrc=$((ssrc + 1))
batch=$TEST_TMP/batch
echo "add out local $A remote $B ssrc $ssrc suite $SUITE key-file $key enc-ext-ids $IDS" >"$batch"
res=$(in_a "$SRTPCTL" -b "$batch") || ksft_fail "srtpctl -b: $res"
[[ $res =~ ^id\ ([0-9]+)$ ]] || ksft_fail "srtpctl -b printed '$res'"
oid=${BASH_REMATCH[1]}
echo "add in local $B remote $A ssrc $ssrc suite $SUITE key-file $key" >"$batch"
res=$(in_b "$SRTPCTL" -b "$batch") || ksft_fail "srtpctl -b: $res"
[[ $res =~ ^id\ ([0-9]+)$ ]] || ksft_fail "srtpctl -b printed '$res'"
iid=${BASH_REMATCH[1]}
ids_are "$ns_a" "$oid" "$IDS"
ids_are "$ns_b" "$iid" ""
trip half "$A" "$B" "$ssrc" "$IDS"
expect_stats "$ns_b" "$iid" rtp-packets $N malformed 0 auth-failures 0
log "ok a batch's encrypting sender: elements 1, 3, 200 and only they arrive changed at a receiver without them"

# 4. A template from the key file: its learned context too.
key=$(new_key tmpl "$SUITE")
sdp "$key" "$TEST_TMP/tmpl.sdp"
A=$(addr 4 a 5353)
B=$(addr 4 b 6353)
ssrc=$((ssrc + 1))
oid=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc "$ssrc" key-file "$TEST_TMP/tmpl.sdp")
tid=$(ctx_add "$ns_b" in local "$B" template key-file "$TEST_TMP/tmpl.sdp")
ids_are "$ns_b" "$tid" "$IDS"
trip tmpl "$A" "$B" "$ssrc"
lid=$(ctx_id_of "$ns_b" "$ssrc")
[[ -n $lid ]] || ksft_fail "the template learned no context of SSRC $ssrc"
expect_stats "$ns_b" "$lid" template-id "$tid" malformed 0 auth-failures 0
ids_are "$ns_b" "$lid" "$IDS"
log "ok a template's encrypted extension IDs, and its learned context's: byte for byte"

# 5. With cryptex too, on both contexts.
key=$(new_key cx "$SUITE")
sdp "$key" "$TEST_TMP/cx.sdp"
printf 'a=cryptex\r\n' >>"$TEST_TMP/cx.sdp"
A=$(addr 4 a 5354)
B=$(addr 4 b 6354)
ssrc=$((ssrc + 1))
oid=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc "$ssrc" key-file "$TEST_TMP/cx.sdp")
iid=$(ctx_add "$ns_b" in local "$B" remote "$A" ssrc "$ssrc" suite "$SUITE" \
	key-file "$key" cryptex enc-ext-ids "$IDS")
for c in "$ns_a $oid" "$ns_b $iid"; do
	read -r ns id <<<"$c"
	ids_are "$ns" "$id" "$IDS"
	check_eq "context $id in $ns: show's cryptex line" 1 \
		"$(ip netns exec "$ns" "$SRTPCTL" show id "$id" | grep -c '^    cryptex$')"
done
trip cx "$A" "$B" "$ssrc"
expect_stats "$ns_a" "$oid" rtp-packets $N malformed 0 errors 0
expect_stats "$ns_b" "$iid" rtp-packets $N malformed 0 auth-failures 0
log "ok enc-ext-ids with cryptex on both contexts: byte for byte"

# 6. Refusals, each with its reason, the key never shown, nothing installed.
before_a=$(ctx_count "$ns_a")
before_b=$(ctx_count "$ns_b")
# refused WHAT MESSAGE ARGS...: srtpctl in ns_b fails, saying MESSAGE.
refused() {
	local what=$1 msg=$2 err
	shift 2
	err=$(in_b "$SRTPCTL" "$@" 2>&1) && ksft_fail "$what was accepted: $err"
	[[ $err == *"$msg"* ]] || ksft_fail "$what: '$err' does not say '$msg'"
	[[ $err != *"$(b64 "$key")"* ]] || ksft_fail "$what: the message shows the key"
}
nkey=$(new_key null NULL_HMAC_SHA1_80)
refused "enc-ext-ids with NULL_HMAC_SHA1_80" \
	"enc-ext-ids (RFC 6904): NULL_HMAC_SHA1_80 encrypts nothing" \
	add in local "$(addr 4 b 6360)" ssrc 1 suite NULL_HMAC_SHA1_80 key-file "$nkey" \
	enc-ext-ids 1
refused "enc-ext-ids with unencrypted-srtp" \
	"enc-ext-ids (RFC 6904): not with unencrypted-srtp (UNENCRYPTED_SRTP)" \
	add in local "$(addr 4 b 6361)" ssrc 1 key-file "$TEST_TMP/media.sdp" unencrypted-srtp
{
	printf 'a=crypto:1 %s inline:%s UNENCRYPTED_SRTP\r\n' "$SUITE" "$(b64 "$key")"
	printf 'a=extmap:3 %s urn:ietf:params:rtp-hdrext:sdes:mid\r\n' "$ENC"
} >"$TEST_TMP/clear.sdp"
refused "an encrypting a=extmap line with UNENCRYPTED_SRTP" \
	"not with unencrypted-srtp (UNENCRYPTED_SRTP)" \
	add in local "$(addr 4 b 6362)" ssrc 1 key-file "$TEST_TMP/clear.sdp"
refused "enc-ext-ids 0" "enc-ext-ids: invalid header extension ID \"0\" (expected 1..255)" \
	add in local "$(addr 4 b 6363)" ssrc 1 key-file "$TEST_TMP/media.sdp" enc-ext-ids 0,1
refused "enc-ext-ids 256" "invalid header extension ID \"256\"" \
	add in local "$(addr 4 b 6363)" ssrc 1 key-file "$TEST_TMP/media.sdp" enc-ext-ids 256
refused "an ID twice" "enc-ext-ids: ID 3 given twice" \
	add in local "$(addr 4 b 6363)" ssrc 1 key-file "$TEST_TMP/media.sdp" enc-ext-ids 3,3
{
	printf 'a=crypto:1 %s inline:%s\r\n' "$SUITE" "$(b64 "$key")"
	printf 'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n'
	printf 'a=extmap:0 %s urn:ietf:params:rtp-hdrext:sdes:mid\r\n' "$ENC"
} >"$TEST_TMP/bad.sdp"
refused "an encrypting a=extmap line with ID 0" \
	"line 3 (a=extmap:0 $ENC urn:ietf:params:rtp-hdrext:sdes:mid): a=extmap: ID \"0\": expected 1 to 255" \
	add in local "$(addr 4 b 6364)" ssrc 1 key-file "$TEST_TMP/bad.sdp"
printf 'a=crypto:1 %s inline:%s\na=extmap:4/sendrecv %s\n' "$SUITE" "$(b64 "$key")" \
	"$ENC" >"$TEST_TMP/nouri.sdp"
refused "an encrypting a=extmap line without URI" \
	"line 2 (a=extmap:4/sendrecv $ENC): a=extmap:4 $ENC: no URI of the extension to encrypt" \
	add in local "$(addr 4 b 6365)" ssrc 1 key-file "$TEST_TMP/nouri.sdp"
check_eq "contexts in ns_a after the refused adds" "$before_a" "$(ctx_count "$ns_a")"
check_eq "contexts in ns_b after the refused adds" "$before_b" "$(ctx_count "$ns_b")"
# key add: the template has 1,3,200; this file's lines say 1,3.
{
	printf 'a=crypto:1 %s inline:%s\r\n' "$SUITE" "$(b64 "$(new_key other "$SUITE")")"
	printf 'a=extmap:1 %s urn:a\r\na=extmap:3 %s urn:b\r\n' "$ENC" "$ENC"
} >"$TEST_TMP/other.sdp"
refused "key add of a key file with other encrypting a=extmap lines" \
	"the key file's a=extmap lines encrypt extension IDs 1,3, but context $tid encrypts $IDS" \
	key add id "$tid" key-file "$TEST_TMP/other.sdp" from-index 100
log "ok refused before the kernel: NULL suites, unencrypted-srtp, bad IDs and lines, key add"

ksft_pass "srtpctl: RFC 6904 encrypted header extension elements from enc-ext-ids and a=extmap lines"
