#!/bin/bash
# TIMEOUT=900
# Cryptex (RFC 9335) between two namespaces, AES-CM and AES-GCM: an
# outbound cryptex context in ns_a, an inbound one in ns_b, plain sockets
# at both ends. One-byte extensions with and without CSRCs, CSRCs alone
# (the sender adds an empty extension, which the receiver keeps), a
# two-byte extension with a zero-length element: each arrives as it was
# sent, and tcpdump on ns_b's veth shows the RTP fixed header in the
# clear and the CSRCs and extension data not. A cryptex receiver still
# takes plain SRTP (libsrtp's); a receiver without the option drops
# cryptex packets and counts them as malformed, as it does an extension
# that runs past the packet.
# Interop with libsrtp2 2.8, the first version with cryptex (issue 21;
# selftests/tools/rtp-peer-cx --cryptex, on sid's libsrtp2 binary
# packages in the trixie chroot, selftests/bench/libsrtp-openssl.sh
# --cryptex and selftests/tools/build-cx.sh; without it the test fails): for each of AES-CM-128/256 with HMAC-SHA1-80/32 and AES-128/256-
# GCM, libsrtp's cryptex packets into an inbound cryptex context arrive at
# a plain socket as libsrtp was given them, and an outbound cryptex
# context's packets decrypt at libsrtp to what the plain socket sent:
# one-byte extensions with and without CSRCs, CSRCs without an extension,
# two-byte extensions with and without CSRCs; SRTCP both ways through the
# same contexts. libsrtp refuses to send CSRCs without an extension
# (cryptex_err; the test checks that it still does), so it sends them with
# an empty one; and it keeps the empty extension the kernel adds to such
# packets. Every one of these packets is also in the wire check.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns tcpdump tshark

N=8
out=$TEST_TMP/peer.out
cap=$TEST_TMP/cap.pcap

# cx_add NS DIR LPORT RPORT SSRC SUITE_NUMBER KEY_FILE [cryptex]:
# nlraw_ctx's context, with cryptex if asked; its id in CX.
cx_add() {
	nlraw_ctx "${@:1:7}" ${8:+cryptex:flag:}
	CX=$NLRAW_ID
}

bg in_b tcpdump -i "$VETH_B" -U -n -w "$cap" udp 2>/dev/null
tcpdump_pid=$BG_PID
wait_for 10 test -s "$cap" || ksft_fail "tcpdump did not start"

# The packets each wire check expects: "SSRC plain-hex" per line.
wire=$TEST_TMP/wire.txt
: >"$wire"

# stream SUITE NUM SSRC PORT OPTS...: N packets made by rtp-peer with
# OPTS, through a cryptex pair; arrive as sent, counted, nothing dropped.
stream() {
	local suite=$1 num=$2 ssrc=$3 port=$4 key o i
	shift 4
	key=$(new_key "s$ssrc" "$suite")
	cx_add "$ns_a" out $((port - 1000)) "$port" "$ssrc" "$num" "$key" cryptex
	o=$CX
	cx_add "$ns_b" in "$port" 0 "$ssrc" "$num" "$key" cryptex
	i=$CX
	peer_recv "$ns_b" "$out" --local "$(addr 4 b "$port")" --count $N --ssrc "$ssrc" "$@"
	in_a "$RTP_PEER" send --local "$(addr 4 a $((port - 1000)))" \
		--remote "$(addr 4 b "$port")" --ssrc "$ssrc" --count $N "$@" ||
		ksft_fail "rtp-peer send ($suite $*)"
	peer_wait
	expect_stats "$ns_a" "$o" rtp-packets $N malformed 0 errors 0
	expect_stats "$ns_b" "$i" rtp-packets $N malformed 0 auth-failures 0
	"$RTP_PEER" gen --ssrc "$ssrc" --seq 0 --count $N "$@" |
		sed "s/^/$ssrc /" >>"$wire"
	log "ok $suite: $N packets with $* arrive as sent"
}

# raw SUITE NUM SSRC PORT SENT ARRIVED: one packet of our own through a
# cryptex pair.
raw() {
	local suite=$1 num=$2 ssrc=$3 port=$4 sent=$5 arrived=$6 key o i
	key=$(new_key "r$ssrc" "$suite")
	cx_add "$ns_a" out $((port - 1000)) "$port" "$ssrc" "$num" "$key" cryptex
	o=$CX
	cx_add "$ns_b" in "$port" 0 "$ssrc" "$num" "$key" cryptex
	i=$CX
	peer_recv "$ns_b" "$out" --local "$(addr 4 b "$port")" --raw-expect "$arrived"
	in_a "$RTP_PEER" send --local "$(addr 4 a $((port - 1000)))" \
		--remote "$(addr 4 b "$port")" --raw-hex "$sent" ||
		ksft_fail "rtp-peer send --raw-hex $sent"
	peer_wait
	expect_stats "$ns_a" "$o" rtp-packets 1 malformed 0
	expect_stats "$ns_b" "$i" rtp-packets 1 malformed 0 auth-failures 0
	echo "$ssrc $sent" >>"$wire"
}

ssrc_hex() { printf '%08x' "$1"; }
PAY=abababababababababababababababab

n=0
for suite in AES_CM_128_HMAC_SHA1_80:1 AEAD_AES_128_GCM:9; do
	num=${suite#*:}
	suite=${suite%:*}
	base=$((0x93350000 + n * 0x100))
	port=$((6100 + n * 10))
	stream "$suite" "$num" $((base + 1)) $((port + 1)) --csrc 2 --ext 3
	stream "$suite" "$num" $((base + 2)) $((port + 2)) --ext 2 --payload-len 40
	stream "$suite" "$num" $((base + 3)) $((port + 3)) --csrc 15 --ext 40
	# CSRCs and no extension: the receiver gets the empty one added.
	s=$(ssrc_hex $((base + 4)))
	raw "$suite" "$num" $((base + 4)) $((port + 4)) \
		"820f0001decafbad${s}0001e2400000b26e$PAY" \
		"920f0001decafbad${s}0001e2400000b26ebede0000$PAY"
	# Two-byte extension (0x1000) with CSRCs: ID 5 of 2 bytes, ID 7 of
	# none, padding.
	s=$(ssrc_hex $((base + 5)))
	pkt="920f0002decafbad${s}0001e2400000b26e100000020502000207000000$PAY"
	raw "$suite" "$num" $((base + 5)) $((port + 5)) "$pkt" "$pkt"
	n=$((n + 1))
done

# Interop with libsrtp2 2.8 (issue 21).
CX_PEER=$TOP/selftests/tools/rtp-peer-cx
[[ -x "$CX_PEER" && -x "$CX_PEER.bin" ]] || ksft_fail "no selftests/tools/rtp-peer-cx, the peer on libsrtp2 2.8: $(cat \
	"$TOP/build/libsrtp-cryptex/error" 2>/dev/null || echo 'selftests/bench/libsrtp-openssl.sh --cryptex was not run')"
# (A wrapper: trixie's loader runs rtp-peer-cx.bin on sid's libsrtp2,
# extracted into the trixie chroot; selftests/tools/build-cx.sh.)
CX_ROOT=$(cat "$TOP/build/libsrtp-cryptex/root" 2>/dev/null) ||
	ksft_fail "no build/libsrtp-cryptex/root (selftests/bench/libsrtp-openssl.sh --cryptex)"
CX_LIB=$CX_ROOT/usr/lib/x86_64-linux-gnu
[[ -e "$CX_LIB/libsrtp2.so.1" ]] ||
	ksft_fail "no $CX_LIB/libsrtp2.so.1: is the trixie chroot there? (selftests/install-deps.sh --chroots, then selftests/bench/libsrtp-openssl.sh --cryptex)"
cx_maps=$(sed -n 's/^exec \([^ ]*\) \(--library-path [^ ]*\) .*/\1 --list \2/p' "$CX_PEER")
# shellcheck disable=SC2086 # the loader and its options
[[ -n "$cx_maps" && $($cx_maps "$CX_PEER.bin" 2>&1) == *"$CX_LIB/libsrtp2.so.1"* ]] ||
	ksft_fail "rtp-peer-cx does not load $CX_LIB/libsrtp2.so.1 (${cx_maps:-no loader in $CX_PEER})"
"$CX_PEER" --help >/dev/null 2>&1 || ksft_fail "rtp-peer-cx does not run: $("$CX_PEER" --help 2>&1 | tail -n 3)"
log "libsrtp2 of rtp-peer-cx: $(head -n1 "$TOP/build/libsrtp-cryptex/version")"
cx_a() { in_a "$CX_PEER" "$@"; }

# cx_recv NS OUT OPTS...: peer_recv with rtp-peer-cx.
cx_recv() {
	local ns=$1 ready
	PEER_OUT=$2
	shift 2
	ready=$TEST_TMP/ready.$RANDOM$RANDOM
	bg ip netns exec "$ns" "$CX_PEER" recv \
		--ready-file "$ready" "$@" >"$PEER_OUT" 2>&1
	PEER_PID=$BG_PID
	wait_for 30 test -e "$ready" || ksft_fail "rtp-peer-cx recv did not start: $(cat "$PEER_OUT")"
}

# The shapes: what the plain side sends or receives. libsrtp sends and
# receives CSRCs without an extension with an empty one (--ext 0).
SHAPES=("--ext 3" "--csrc 2 --ext 3" "--csrc 2" "--ext 2 --ext-two-byte"
	"--csrc 15 --ext 4 --ext-two-byte")
cx_opts() { [[ $1 == "--csrc 2" ]] && echo "--csrc 2 --ext 0" || echo "$1"; }

n=0
for suite in AES_CM_128_HMAC_SHA1_80:1 AES_CM_128_HMAC_SHA1_32:2 \
	AES_256_CM_HMAC_SHA1_80:5 AES_256_CM_HMAC_SHA1_32:6 \
	AEAD_AES_128_GCM:9 AEAD_AES_256_GCM:10; do
	num=${suite#*:}
	suite=${suite%:*}
	key=$(new_key "cx$n" "$suite")
	srtp=(--srtp "$suite" --key-file "$key" --cryptex)
	ssrc_in=$((0x93360000 + n * 0x100 + 1))
	ssrc_out=$((ssrc_in + 1))
	pin=$((6300 + n)) pout=$((6400 + n))
	# libsrtp -> ksrtp: from ns_a's port pin-1000 (no context) to an
	# inbound cryptex context on ns_b's pin.
	cx_add "$ns_b" in "$pin" 0 "$ssrc_in" "$num" "$key" cryptex
	i=$CX
	# ksrtp -> libsrtp: an outbound cryptex context on ns_a's pout-1000,
	# to ns_b's pout (no context).
	cx_add "$ns_a" out $((pout - 1000)) "$pout" "$ssrc_out" "$num" "$key" cryptex
	o=$CX
	cx_a send --remote "$(addr 4 b 9)" --ssrc "$ssrc_in" --count 1 \
		--csrc 2 "${srtp[@]}" 2>"$TEST_TMP/refused" &&
		ksft_fail "libsrtp sent CSRCs without an extension with cryptex"
	grep -q cryptex_err "$TEST_TMP/refused" ||
		ksft_fail "libsrtp's refusal: $(cat "$TEST_TMP/refused")"
	k=0
	for shape in "${SHAPES[@]}"; do
		read -ra plain_o <<<"$shape"
		read -ra cx_o <<<"$(cx_opts "$shape")"
		seqo=(--seq-start "$((k * N))" --count "$N")
		k=$((k + 1))
		peer_recv "$ns_b" "$out" --local "$(addr 4 b "$pin")" --ssrc "$ssrc_in" \
			"${seqo[@]}" "${cx_o[@]}"
		cx_a send \
			--local "$(addr 4 a $((pin - 1000)))" --remote "$(addr 4 b "$pin")" \
			--ssrc "$ssrc_in" "${seqo[@]}" "${cx_o[@]}" "${srtp[@]}" ||
			ksft_fail "rtp-peer-cx send ($suite $shape)"
		peer_wait
		expect_stats "$ns_b" "$i" rtp-packets $((k * N)) malformed 0 auth-failures 0
		"$RTP_PEER" gen --ssrc "$ssrc_in" --seq $(((k - 1) * N)) --count $N \
			"${cx_o[@]}" | sed "s/^/$ssrc_in /" >>"$wire"

		cx_recv "$ns_b" "$out" --local "$(addr 4 b "$pout")" --ssrc "$ssrc_out" \
			"${seqo[@]}" "${cx_o[@]}" "${srtp[@]}"
		in_a "$RTP_PEER" send --local "$(addr 4 a $((pout - 1000)))" \
			--remote "$(addr 4 b "$pout")" --ssrc "$ssrc_out" "${seqo[@]}" \
			"${plain_o[@]}" || ksft_fail "rtp-peer send ($suite $shape)"
		peer_wait
		expect_stats "$ns_a" "$o" rtp-packets $((k * N)) malformed 0 errors 0
		"$RTP_PEER" gen --ssrc "$ssrc_out" --seq $(((k - 1) * N)) --count $N \
			"${plain_o[@]}" | sed "s/^/$ssrc_out /" >>"$wire"
		log "ok libsrtp 2.8 <-> ksrtp, $suite, $shape: both ways as sent"
	done
	# SRTCP through the same contexts, both ways.
	peer_recv "$ns_b" "$out" --local "$(addr 4 b "$pin")" --ssrc "$ssrc_in" \
		--rtcp --count $N
	cx_a send \
		--local "$(addr 4 a $((pin - 1000)))" --remote "$(addr 4 b "$pin")" \
		--ssrc "$ssrc_in" --rtcp --count $N "${srtp[@]}" ||
		ksft_fail "rtp-peer-cx send --rtcp ($suite)"
	peer_wait
	cx_recv "$ns_b" "$out" --local "$(addr 4 b "$pout")" --ssrc "$ssrc_out" \
		--rtcp --count $N "${srtp[@]}"
	in_a "$RTP_PEER" send --local "$(addr 4 a $((pout - 1000)))" \
		--remote "$(addr 4 b "$pout")" --ssrc "$ssrc_out" --rtcp --count $N ||
		ksft_fail "rtp-peer send --rtcp ($suite)"
	peer_wait
	expect_stats "$ns_b" "$i" rtcp-packets $N rtp-packets $((k * N)) malformed 0 auth-failures 0
	expect_stats "$ns_a" "$o" rtcp-packets $N rtp-packets $((k * N)) malformed 0 errors 0
	log "ok libsrtp 2.8 <-> ksrtp, $suite: SRTCP both ways"
	n=$((n + 1))
done

# A cryptex receiver takes plain SRTP: libsrtp sends it from a port with
# no context, its extension and CSRCs in the clear.
key=$(new_key plain AEAD_AES_128_GCM)
ssrc=0x93359001
cx_add "$ns_b" in 6201 0 $ssrc 9 "$key" cryptex
i=$CX
peer_recv "$ns_b" "$out" --local "$(addr 4 b 6201)" --count $N --ssrc $ssrc --csrc 2 --ext 1
in_a "$RTP_PEER" send --local "$(addr 4 a 7201)" --remote "$(addr 4 b 6201)" \
	--ssrc $ssrc --count $N --csrc 2 --ext 1 --srtp AEAD_AES_128_GCM \
	--key-file "$key" || ksft_fail "rtp-peer send --srtp"
peer_wait
expect_stats "$ns_b" "$i" rtp-packets $N malformed 0 auth-failures 0
log "ok a cryptex receiver takes plain SRTP"

# A receiver without the option: cryptex packets are malformed to it.
key=$(new_key nocx)
ssrc=0x93359002
cx_add "$ns_a" out 5202 6202 $ssrc 1 "$key" cryptex
o=$CX
cx_add "$ns_b" in 6202 0 $ssrc 1 "$key"
i=$CX
peer_recv "$ns_b" "$out" --local "$(addr 4 b 6202)" --expect-none --timeout-ms 1500
in_a "$RTP_PEER" send --local "$(addr 4 a 5202)" --remote "$(addr 4 b 6202)" \
	--ssrc $ssrc --count $N --ext 1 || ksft_fail "rtp-peer send (to no cryptex)"
peer_wait
expect_stats "$ns_a" "$o" rtp-packets $N
expect_stats "$ns_b" "$i" rtp-packets 0 malformed $N auth-failures 0
log "ok a receiver without cryptex drops cryptex packets as malformed"

# An extension that runs past the packet: the cryptex sender does not
# send it; a forged cryptex one to the receiver is malformed.
key=$(new_key short)
ssrc=0x93359003
s=$(ssrc_hex $ssrc)
cx_add "$ns_a" out 5203 6203 $ssrc 1 "$key" cryptex
o=$CX
cx_add "$ns_b" in 6203 0 $ssrc 1 "$key" cryptex
i=$CX
in_a "$RTP_PEER" send --local "$(addr 4 a 5203)" --remote "$(addr 4 b 6203)" \
	--raw-hex "900f0001decafbad${s}bede0009$PAY" 2>/dev/null
expect_stats "$ns_a" "$o" rtp-packets 0 malformed 1
in_a "$RTP_PEER" send --local "$(addr 4 a 7203)" --remote "$(addr 4 b 6203)" \
	--raw-hex "900f0001decafbad${s}c0de0009${PAY}00112233445566778899" ||
	ksft_fail "rtp-peer send (forged)"
wait_for 5 test "$(ctx_stat "$ns_b" "$i" malformed)" = 1 ||
	ksft_fail "forged cryptex packet with a long extension: malformed is $(ctx_stat "$ns_b" "$i" malformed)"
expect_stats "$ns_b" "$i" rtp-packets 0 auth-failures 0
log "ok an extension past the packet is malformed both ways"

# Every packet was received, so captured: the capture ends.
want=$(wc -l <"$wire")
sleep 1
kill "$tcpdump_pid"
wait "$tcpdump_pid" 2>/dev/null

# On the wire: the fixed header as sent, the extension header marked
# 0xC0DE/0xC2DE (one added where there was none), and neither the CSRCs
# nor the extension data nor the payload in the clear.
declare -A plain
while read -r ssrc hex; do
	plain[$((ssrc)):$((16#${hex:4:4}))]=$hex
done <"$wire"
seen=0
while read -r payload; do
	payload=${payload//:/}
	[[ -n "$payload" ]] || continue
	ssrc=$((16#${payload:16:8}))
	seq=$((16#${payload:4:4}))
	p=${plain[$ssrc:$seq]:-}
	[[ -n "$p" ]] || continue
	seen=$((seen + 1))
	cc=$((16#${p:1:1}))
	x=$((24 + 8 * cc))
	check_eq "fixed header but X on the wire (ssrc $ssrc seq $seq)" \
		"${p:1:23}" "${payload:1:23}"
	[[ "${payload:0:1}" == 9 ]] || ksft_fail "X is not set on the wire: ${payload:0:24}"
	if ((cc)); then
		[[ "${payload:24:8*cc}" != "${p:24:8*cc}" ]] ||
			ksft_fail "CSRCs in the clear on the wire (ssrc $ssrc): $payload"
	fi
	case ${p:0:1}${p:x:4} in
	9bede) want_x=c0de ;;
	91000) want_x=c2de ;;
	8*) want_x=c0de ;;
	*) ksft_fail "a packet of no case: $p" ;;
	esac
	check_eq "extension marker (ssrc $ssrc)" "$want_x" "${payload:x:4}"
	if [[ ${p:0:1} == 9 ]]; then
		xl=$((16#${p:x+4:4} * 8))
		check_eq "extension length (ssrc $ssrc)" "${p:x+4:4}" "${payload:x+4:4}"
		if ((xl)); then
			[[ "${payload:x+8:xl}" != "${p:x+8:xl}" ]] ||
				ksft_fail "extension data in the clear (ssrc $ssrc): $payload"
		fi
		[[ "${payload:x+8+xl:32}" != "${p:x+8+xl:32}" ]] ||
			ksft_fail "payload in the clear (ssrc $ssrc)"
	else
		check_eq "added extension length (ssrc $ssrc)" 0000 "${payload:x+4:4}"
	fi
done < <(tshark -r "$cap" -T fields -e udp.payload 2>/dev/null)
check_eq "cryptex packets captured and checked" "$want" "$seen"
log "ok on the wire: fixed header in the clear, CSRCs and extensions not"
ksft_pass "cryptex: ksrtp both ways, libsrtp 2.8 both ways in six suites, every shape, on the wire encrypted"
