#!/bin/bash
# TIMEOUT=900
# Interop with the reference library (libsrtp2), both directions, SRTP and
# SRTCP, IPv4 and IPv6, every suite (AES-CM 128/192/256, NULL, AES-GCM):
#  - the kernel protects what a plain socket in ns_a sends, libsrtp in ns_b
#    unprotects it and finds it byte-identical to what was sent;
#  - libsrtp in ns_b protects, the kernel in ns_a verifies and decrypts,
#    and a plain socket receives the original bytes.
# Then the awkward RTP layouts (CSRCs, header extension, padding, empty
# payload) in both directions.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns

N=25
out=$TEST_TMP/peer.out

# expect_impl NS ID SUITE: srtpctl show names the crypto implementation
# the context uses, of the right kind for its suite (issue 18: on every
# test kernel), and the log says which it is on this kernel.
expect_impl() {
	local show cipher auth
	show=$(ip netns exec "$1" "$SRTPCTL" show id "$2")
	cipher=$(show_field "$show" cipher)
	auth=$(show_field "$show" auth)
	case "$3" in
	AEAD_*) [[ "$cipher" == *gcm* && "$auth" == "$cipher" ]] ;;
	NULL_*) [[ "$cipher" == none && "$auth" == *sha1* ]] ;;
	*) [[ "$cipher" == *ctr* && "$auth" == *sha1* ]] ;;
	esac || ksft_fail "context $2 ($3): srtpctl show names cipher '$cipher', auth '$auth'"
	log "implementation of $3: cipher $cipher, auth $auth"
}

# interop DIR FAM SUITE SSRC [packet options]: N packets through a
# context of ns_a; DIR out, the kernel protects what a plain socket in ns_a
# sends and libsrtp in ns_b verifies; DIR in, libsrtp in ns_b protects and
# the kernel verifies into a plain socket in ns_a.
interop() {
	local dir=$1 fam=$2 suite=$3 ssrc=$4 key id kind=RTP field=rtp-packets
	local A B srtp rx rx_addr tx tx_addr rx_srtp=() tx_srtp=() counts what
	shift 4
	[[ " $* " == *" --rtcp "* ]] && kind=RTCP field=rtcp-packets
	A=$(addr "$fam" a 5004)
	B=$(addr "$fam" b 6004)
	key=$(new_key "$dir" "$suite")
	srtp=(--srtp "$suite" --key-file "$key")
	counts=("$field" "$N")
	if [[ $dir == out ]]; then
		rx=$ns_b rx_addr=$B rx_srtp=("${srtp[@]}") tx=$ns_a tx_addr=$A
		what="kernel -> libsrtp"
	else
		rx=$ns_a rx_addr=$A tx=$ns_b tx_addr=$B tx_srtp=("${srtp[@]}")
		counts+=(auth-failures 0)
		what="libsrtp -> kernel"
	fi
	id=$(ctx_add "$ns_a" "$dir" local "$A" remote "$B" ssrc "$ssrc" \
		suite "$suite" key-file "$key")
	peer_recv "$rx" "$out" --local "$rx_addr" --count $N --ssrc "$ssrc" \
		"${rx_srtp[@]}" "$@"
	ip netns exec "$tx" "$RTP_PEER" send --local "$tx_addr" --remote "$rx_addr" \
		--ssrc "$ssrc" --count $N "${tx_srtp[@]}" "$@" ||
		ksft_fail "rtp-peer send failed"
	peer_wait
	expect_stats "$ns_a" "$id" "${counts[@]}"
	[[ "$dir$fam$kind$*" != out4RTP ]] || expect_impl "$ns_a" "$id" "$suite"
	in_a "$SRTPCTL" del id "$id" || ksft_fail "srtpctl del id $id"
	log "ok $what IPv$fam $suite $kind $*"
}

for suite in "${SUITES[@]}"; do
	for fam in 4 6; do
		interop out $fam "$suite" 0x1234abcd
		interop out $fam "$suite" 0x1234abcd --rtcp
		interop in $fam "$suite" 0x5678ef01
		interop in $fam "$suite" 0x5678ef01 --rtcp
	done
done

for opts in "--csrc 3" "--ext 2" "--padding 7" "--payload-len 0" \
	"--csrc 2 --ext 1 --padding 3 --payload-len 1200" "--seq-start 65530"; do
	for suite in AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM; do
		# shellcheck disable=SC2086
		interop out 4 "$suite" 0xcafe $opts
		# shellcheck disable=SC2086
		interop in 6 "$suite" 0xbabe $opts
	done
done

# Keys as SDES carries them (RFC 4568 inline:base64 of key||salt), handed
# to srtpctl on standard input; libsrtp2 gets the same line from a file.
sdes=$TEST_TMP/sdes.key
{ printf 'inline:'; head -c 30 /dev/urandom | base64 -w0; echo; } >"$sdes"
id=$(in_a "$SRTPCTL" add in local "$(addr 4 a 5004)" remote "$(addr 4 b 6004)" \
	ssrc 0x5de5 suite AES_CM_128_HMAC_SHA1_80 key-file - <"$sdes") ||
	ksft_fail "srtpctl add with an SDES key on stdin"
id=${id#id }
peer_recv "$ns_a" "$out" --local "$(addr 4 a 5004)" --count $N --ssrc 0x5de5
in_b "$RTP_PEER" send --local "$(addr 4 b 6004)" --remote "$(addr 4 a 5004)" \
	--ssrc 0x5de5 --count $N --srtp AES_CM_128_HMAC_SHA1_80 --key-file "$sdes" ||
	ksft_fail "rtp-peer send"
peer_wait
expect_stat "$ns_a" "$id" rtp-packets $N
log "ok SDES inline key on standard input"

ksft_pass "libsrtp2 interop in both directions"
