#!/bin/bash
# TIMEOUT=900
# RFC 6904 (encrypted header extension elements) against Debian's
# libsrtp2 (policy.enc_xtn_hdr, rtp-peer --enc-ext-ids), both ways, for
# AES-CM-128/256 with HMAC-SHA1-80/32 and AES-128/256-GCM: libsrtp's
# packets into an inbound context arrive at a plain socket as libsrtp
# was given them, and an outbound context's packets decrypt at libsrtp
# to what the plain socket sent. Four shapes, each with listed and
# unlisted IDs: one-byte elements without and with CSRCs, two-byte ones
# (with a zero-length element) without and with CSRCs. tshark on ns_b's
# veth: the listed elements' data is not in the clear, the unlisted
# elements, every ID and length byte, the padding and the fixed header
# are as sent.
# Then: a receiver that lists fewer IDs than the sender encrypts takes
# the packets (they authenticate; RFC 6904 has no signal of which
# elements are encrypted) and hands on the ciphertext of the IDs it does
# not list; a context with cryptex too takes libsrtp's RFC 6904 packets
# and ksrtp's cryptex ones, and sends cryptex; a key added by KEY_NEW
# decrypts libsrtp's elements after its rekey; an element that runs past
# the extension is malformed both ways, before any crypto.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns tcpdump tshark python3

N=6
out=$TEST_TMP/peer.out
cap=$TEST_TMP/cap.pcap

# The IDs every context here lists, and what each shape has of them.
IDS=1,3,5,14,16,17,200,255
SHAPES=("--ext-elems 1:2,2:3,3:16,14:1 --payload-len 40"
	"--csrc 2 --ext-elems 1:4,2:5,5:1"
	"--ext-two-byte --ext-elems 1:2,7:0,200:20,9:3,255:1"
	"--csrc 3 --ext-two-byte --ext-elems 16:17,17:0,18:2 --payload-len 0")

# hx_add NS DIR LPORT RPORT SSRC SUITE_NUMBER KEY_FILE IDS [cryptex]:
# nlraw_ctx's context with the encrypted extension IDS (comma separated,
# or - for none), and cryptex if asked; its id in HX.
hx_add() {
	local id ids=
	if [[ $8 != - ]]; then
		for id in ${8//,/ }; do ids+=$(printf '%02x' "$id"); done
	fi
	nlraw_ctx "${@:1:7}" ${ids:+enc_hdr_ext_ids:hex:$ids} ${9:+cryptex:flag:}
	HX=$NLRAW_ID
}

bg in_b tcpdump -i "$VETH_B" -U -n -w "$cap" udp 2>/dev/null
tcpdump_pid=$BG_PID
wait_for 10 test -s "$cap" || ksft_fail "tcpdump did not start"

# The packets the wire check expects: "SSRC plain-hex IDS" per line (IDS
# the ones encrypted on the wire, - for cryptex).
wire=$TEST_TMP/wire.txt
: >"$wire"
wire_add() { # SSRC SEQ IDS SHAPE...
	local ssrc=$1 seq=$2 ids=$3
	shift 3
	"$RTP_PEER" gen --ssrc "$ssrc" --seq "$seq" --count $N "$@" |
		sed "s/^/$ssrc /; s/\$/ $ids/" >>"$wire"
}

n=0
for suite in AES_CM_128_HMAC_SHA1_80:1 AES_CM_128_HMAC_SHA1_32:2 \
	AES_256_CM_HMAC_SHA1_80:5 AES_256_CM_HMAC_SHA1_32:6 \
	AEAD_AES_128_GCM:9 AEAD_AES_256_GCM:10; do
	num=${suite#*:}
	suite=${suite%:*}
	key=$(new_key "hx$n" "$suite")
	srtp=(--srtp "$suite" --key-file "$key" --enc-ext-ids "$IDS")
	ssrc_in=$((0x69040000 + n * 0x100 + 1))
	ssrc_out=$((ssrc_in + 1))
	pin=$((6300 + n)) pout=$((6400 + n))
	# libsrtp -> ksrtp: from ns_a's port pin-1000 (no context) to an
	# inbound context on ns_b's pin.
	hx_add "$ns_b" in "$pin" 0 "$ssrc_in" "$num" "$key" "$IDS"
	i=$HX
	# ksrtp -> libsrtp: an outbound context on ns_a's pout-1000, to
	# ns_b's pout (no context).
	hx_add "$ns_a" out $((pout - 1000)) "$pout" "$ssrc_out" "$num" "$key" "$IDS"
	o=$HX
	k=0
	for shape in "${SHAPES[@]}"; do
		read -ra sh <<<"$shape"
		seqo=(--seq-start "$((k * N))" --count "$N")
		k=$((k + 1))
		peer_recv "$ns_b" "$out" --local "$(addr 4 b "$pin")" --ssrc "$ssrc_in" \
			"${seqo[@]}" "${sh[@]}"
		in_a "$RTP_PEER" send \
			--local "$(addr 4 a $((pin - 1000)))" --remote "$(addr 4 b "$pin")" \
			--ssrc "$ssrc_in" "${seqo[@]}" "${sh[@]}" "${srtp[@]}" ||
			ksft_fail "rtp-peer send --srtp ($suite $shape)"
		peer_wait
		expect_stats "$ns_b" "$i" rtp-packets $((k * N)) malformed 0 auth-failures 0
		wire_add "$ssrc_in" $(((k - 1) * N)) "$IDS" "${sh[@]}"

		peer_recv "$ns_b" "$out" --local "$(addr 4 b "$pout")" --ssrc "$ssrc_out" \
			"${seqo[@]}" "${sh[@]}" "${srtp[@]}"
		in_a "$RTP_PEER" send --local "$(addr 4 a $((pout - 1000)))" \
			--remote "$(addr 4 b "$pout")" --ssrc "$ssrc_out" "${seqo[@]}" \
			"${sh[@]}" || ksft_fail "rtp-peer send ($suite $shape)"
		peer_wait
		expect_stats "$ns_a" "$o" rtp-packets $((k * N)) malformed 0 errors 0
		wire_add "$ssrc_out" $(((k - 1) * N)) "$IDS" "${sh[@]}"
		log "ok libsrtp2 <-> ksrtp, $suite, $shape: both ways as sent"
	done
	n=$((n + 1))
done

# The sender encrypts IDs 1, 3 and 14, the receiver lists only 1: the
# packets authenticate and arrive; ID 1 decrypted, 3 and 14 as on the
# wire (neither plain nor dropped), ID 2 (unlisted by both) as sent.
key=$(new_key fewer AEAD_AES_128_GCM)
ssrc=0x69049001
hx_add "$ns_b" in 6201 0 $ssrc 9 "$key" 1
i=$HX
sh=(--ext-elems "1:2,2:3,3:16,14:1" --payload-len 40)
peer_recv "$ns_b" "$out" --local "$(addr 4 b 6201)" --count $N --ssrc $ssrc \
	--print-hex --timeout-ms 3000 "${sh[@]}"
in_a "$RTP_PEER" send --local "$(addr 4 a 7201)" --remote "$(addr 4 b 6201)" \
	--ssrc $ssrc --count $N "${sh[@]}" --srtp AEAD_AES_128_GCM \
	--key-file "$key" --enc-ext-ids 1,3,14 || ksft_fail "rtp-peer send (fewer IDs)"
wait "$PEER_PID"	# its own verdict: it counts them bad
expect_stats "$ns_b" "$i" rtp-packets $N malformed 0 auth-failures 0
got=0
while read -r hex; do
	[[ "$hex" =~ ^[0-9a-f]{40,}$ ]] || continue
	seq=$((16#${hex:4:4}))
	p=$("$RTP_PEER" gen --ssrc $ssrc --seq $seq "${sh[@]}")
	# Extension data from byte 16: ID 1 at 17-18, ID 2 at 20-22, ID 3
	# at 24-39, ID 14 at 41; the payload from 44.
	check_eq "ID 1 decrypted (seq $seq)" "${p:34:4}" "${hex:34:4}"
	check_eq "ID 2 as sent (seq $seq)" "${p:40:6}" "${hex:40:6}"
	[[ "${hex:48:32}${hex:82:2}" != "${p:48:32}${p:82:2}" ]] ||
		ksft_fail "IDs 3 and 14 decrypted by a receiver that does not list them: $hex"
	check_eq "element headers as sent (seq $seq)" "${p:32:2}${p:38:2}${p:46:2}${p:80:2}" \
		"${hex:32:2}${hex:38:2}${hex:46:2}${hex:80:2}"
	check_eq "payload (seq $seq)" "${p:88}" "${hex:88}"
	got=$((got + 1))
done <"$out"
check_eq "packets the application got with elements it does not list" $N $got
wire_add $ssrc 0 1,3,14 "${sh[@]}"
log "ok a receiver that lists fewer IDs gets their ciphertext, authenticated"

# Cryptex and RFC 6904 in one inbound context: libsrtp's RFC 6904
# packets and ksrtp's cryptex ones (from an outbound context with both,
# which sends cryptex) arrive as sent.
key=$(new_key both AES_CM_128_HMAC_SHA1_80)
ssrc=0x69049002
hx_add "$ns_b" in 6202 0 $ssrc 1 "$key" "$IDS" cryptex
i=$HX
hx_add "$ns_a" out 5202 6202 $ssrc 1 "$key" "$IDS" cryptex
o=$HX
sh=(--csrc 1 --ext-elems "1:2,2:3,3:16,14:1")
peer_recv "$ns_b" "$out" --local "$(addr 4 b 6202)" --count $N --ssrc $ssrc "${sh[@]}"
in_a "$RTP_PEER" send --local "$(addr 4 a 7202)" --remote "$(addr 4 b 6202)" \
	--ssrc $ssrc --count $N "${sh[@]}" --srtp AES_CM_128_HMAC_SHA1_80 \
	--key-file "$key" --enc-ext-ids "$IDS" || ksft_fail "rtp-peer send (both, 6904)"
peer_wait
wire_add $ssrc 0 "$IDS" "${sh[@]}"
peer_recv "$ns_b" "$out" --local "$(addr 4 b 6202)" --count $N --ssrc $ssrc \
	--seq-start $N "${sh[@]}"
in_a "$RTP_PEER" send --local "$(addr 4 a 5202)" --remote "$(addr 4 b 6202)" \
	--ssrc $ssrc --count $N --seq-start $N "${sh[@]}" || ksft_fail "rtp-peer send (both, cryptex)"
peer_wait
wire_add $ssrc $N - "${sh[@]}"
expect_stats "$ns_a" "$o" rtp-packets $N malformed 0 errors 0
expect_stats "$ns_b" "$i" rtp-packets $((2 * N)) malformed 0 auth-failures 0
log "ok cryptex and RFC 6904 in one context: each packet by one of them"

# A rekey (KSRTP_CMD_KEY_NEW without MKI, from index N/2): the new master
# key derives header keys of its own; libsrtp switches to its second key
# at the same packet (a new session, rtp-peer --switch-at).
key=$(new_key rk1)
key2=$(new_key rk2)
ssrc=0x69049004
hx_add "$ns_b" in 6204 0 $ssrc 1 "$key" "$IDS"
i=$HX
k2=$(cat "$key2")
res=$(echo "key-new id:u32:$i master_key:hex:${k2:0:32} master_salt:hex:${k2:32} from_index:u64:$((N / 2))" |
	ip netns exec "$ns_b" python3 "$NLRAW" --batch)
[[ "$res" != *error=* ]] || ksft_fail "key-new: $res"
sh=(--csrc 1 --ext-elems "1:2,2:3,3:16,14:1")
peer_recv "$ns_b" "$out" --local "$(addr 4 b 6204)" --count $N --ssrc $ssrc "${sh[@]}"
in_a "$RTP_PEER" send --local "$(addr 4 a 7204)" --remote "$(addr 4 b 6204)" \
	--ssrc $ssrc --count $N "${sh[@]}" --srtp AES_CM_128_HMAC_SHA1_80 \
	--key-file "$key" --key2-file "$key2" --switch-at $((N / 2)) \
	--enc-ext-ids "$IDS" || ksft_fail "rtp-peer send (rekey)"
peer_wait
expect_stats "$ns_b" "$i" rtp-packets $N malformed 0 auth-failures 0
wire_add $ssrc 0 "$IDS" "${sh[@]}"
log "ok a key added by KEY_NEW has header keys of its own"

# An element that runs past the extension (ID 14's length 16 from the
# extension's last word): not sent, and malformed when received.
key=$(new_key short)
ssrc=0x69049003
s=$(printf '%08x' $ssrc)
hx_add "$ns_a" out 5203 6203 $ssrc 1 "$key" "$IDS"
o=$HX
hx_add "$ns_b" in 6203 0 $ssrc 1 "$key" "$IDS"
i=$HX
PAY=abababababababababababababababab
in_a "$RTP_PEER" send --local "$(addr 4 a 5203)" --remote "$(addr 4 b 6203)" \
	--raw-hex "900f0001decafbad${s}bede0001117475ef$PAY" 2>/dev/null
wait_for 5 test "$(ctx_stat "$ns_a" "$o" malformed)" = 1 ||
	ksft_fail "outbound element past the extension: malformed is $(ctx_stat "$ns_a" "$o" malformed)"
expect_stats "$ns_a" "$o" rtp-packets 0
in_a "$RTP_PEER" send --local "$(addr 4 a 7203)" --remote "$(addr 4 b 6203)" \
	--raw-hex "900f0001decafbad${s}bede0001117475ef${PAY}00112233445566778899" ||
	ksft_fail "rtp-peer send (forged)"
wait_for 5 test "$(ctx_stat "$ns_b" "$i" malformed)" = 1 ||
	ksft_fail "inbound element past the extension: malformed is $(ctx_stat "$ns_b" "$i" malformed)"
expect_stats "$ns_b" "$i" rtp-packets 0 auth-failures 0
log "ok an element past the extension is malformed both ways"

# Every packet was received, so captured: the capture ends.
want=$(wc -l <"$wire")
sleep 1
kill "$tcpdump_pid"
wait "$tcpdump_pid" 2>/dev/null

# On the wire, per packet: the fixed header, CSRCs (unless cryptex), the
# extension header, every element's ID and length bytes, the padding
# and the unlisted elements' data as sent; the listed elements' data
# not in the clear.
tshark -r "$cap" -T fields -e udp.payload 2>/dev/null >"$TEST_TMP/wire.hex"
res=$(python3 - "$wire" "$TEST_TMP/wire.hex" 2>&1 <<'EOF'
import sys

plain = {}
for line in open(sys.argv[1]):
    ssrc, hexp, ids = line.split()
    p = bytes.fromhex(hexp)
    plain[(int(ssrc, 0), int.from_bytes(p[2:4], "big"))] = (p, ids)


def elements(x, two):
    pos, hl, out = 0, 2 if two else 1, []
    while pos < len(x):
        if not x[pos]:
            pos += 1
            continue
        if two:
            xid, n = x[pos], x[pos + 1]
        else:
            xid, n = x[pos] >> 4, (x[pos] & 15) + 1
            if xid == 15:
                break
        out.append((xid, pos + hl, n))
        pos += hl + n
    return out


seen = 0
for line in open(sys.argv[2]):
    w = bytes.fromhex(line.strip().replace(":", ""))
    if len(w) < 12:
        continue
    key = (int.from_bytes(w[8:12], "big"), int.from_bytes(w[2:4], "big"))
    if key not in plain:
        continue
    p, ids = plain[key]
    seen += 1
    cc = p[0] & 15
    x = 12 + 4 * cc
    n = 4 * int.from_bytes(p[x + 2:x + 4], "big")
    if ids == "-":  # cryptex: the elements and CSRCs are encrypted
        assert w[x:x + 2] == b"\xc0\xde", "cryptex marker: %s" % w.hex()
        assert w[x + 4:x + 4 + n] != p[x + 4:x + 4 + n], "cryptex in clear"
        continue
    listed = {int(i) for i in ids.split(",")}
    assert w[:x + 4] == p[:x + 4], "header changed: %s" % w.hex()
    xw, xp = bytearray(w[x + 4:x + 4 + n]), p[x + 4:x + 4 + n]
    enc_w, enc_p = b"", b""
    for xid, off, ln in elements(xp, p[x:x + 2] != b"\xbe\xde"):
        if xid in listed:
            enc_w += xw[off:off + ln]
            enc_p += xp[off:off + ln]
            xw[off:off + ln] = xp[off:off + ln]
    assert xw == bytearray(xp), "more than the listed data changed: %s" % w.hex()
    assert not enc_p or enc_w != enc_p, "listed data in the clear: %s" % w.hex()
print(seen)
EOF
) || ksft_fail "wire check: $res"
check_eq "packets captured and checked" "$want" "$res"
log "ok on the wire: listed elements' data encrypted, the rest as sent"
ksft_pass "RFC 6904: libsrtp2 both ways in six suites, four shapes, on the wire; fewer IDs, with cryptex, malformed"
