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

# kernel_to_libsrtp FAM SUITE SSRC [packet options]
kernel_to_libsrtp() {
	local fam=$1 suite=$2 ssrc=$3 key id kind=RTP field=rtp-packets
	shift 3
	[[ " $* " == *" --rtcp "* ]] && kind=RTCP field=rtcp-packets
	key=$(new_key "k2l" "$suite")
	id=$(ctx_add "$ns_a" out local "$(addr "$fam" a 5004)" \
		remote "$(addr "$fam" b 6004)" ssrc "$ssrc" suite "$suite" key-file "$key")
	peer_recv "$ns_b" "$out" --local "$(addr "$fam" b 6004)" --count $N \
		--ssrc "$ssrc" --srtp "$suite" --key-file "$key" "$@"
	in_a "$RTP_PEER" send --local "$(addr "$fam" a 5004)" \
		--remote "$(addr "$fam" b 6004)" --ssrc "$ssrc" --count $N "$@" ||
		ksft_fail "rtp-peer send failed"
	peer_wait
	expect_stat "$ns_a" "$id" "$field" $N
	[[ "$fam$kind$*" != 4RTP ]] || expect_impl "$ns_a" "$id" "$suite"
	in_a "$SRTPCTL" del id "$id" || ksft_fail "srtpctl del id $id"
	log "ok kernel -> libsrtp IPv$fam $suite $kind $*"
}

# libsrtp_to_kernel FAM SUITE SSRC [packet options]
libsrtp_to_kernel() {
	local fam=$1 suite=$2 ssrc=$3 key id kind=RTP field=rtp-packets
	shift 3
	[[ " $* " == *" --rtcp "* ]] && kind=RTCP field=rtcp-packets
	key=$(new_key "l2k" "$suite")
	id=$(ctx_add "$ns_a" in local "$(addr "$fam" a 5004)" \
		remote "$(addr "$fam" b 6004)" ssrc "$ssrc" suite "$suite" key-file "$key")
	peer_recv "$ns_a" "$out" --local "$(addr "$fam" a 5004)" --count $N \
		--ssrc "$ssrc" "$@"
	in_b "$RTP_PEER" send --local "$(addr "$fam" b 6004)" \
		--remote "$(addr "$fam" a 5004)" --ssrc "$ssrc" --count $N \
		--srtp "$suite" --key-file "$key" "$@" ||
		ksft_fail "rtp-peer send failed"
	peer_wait
	expect_stats "$ns_a" "$id" "$field" $N auth-failures 0
	in_a "$SRTPCTL" del id "$id" || ksft_fail "srtpctl del id $id"
	log "ok libsrtp -> kernel IPv$fam $suite $kind $*"
}

for suite in "${SUITES[@]}"; do
	for fam in 4 6; do
		kernel_to_libsrtp $fam "$suite" 0x1234abcd
		kernel_to_libsrtp $fam "$suite" 0x1234abcd --rtcp
		libsrtp_to_kernel $fam "$suite" 0x5678ef01
		libsrtp_to_kernel $fam "$suite" 0x5678ef01 --rtcp
	done
done

for opts in "--csrc 3" "--ext 2" "--padding 7" "--payload-len 0" \
	"--csrc 2 --ext 1 --padding 3 --payload-len 1200" "--seq-start 65530"; do
	for suite in AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM; do
		# shellcheck disable=SC2086
		kernel_to_libsrtp 4 "$suite" 0xcafe $opts
		# shellcheck disable=SC2086
		libsrtp_to_kernel 6 "$suite" 0xbabe $opts
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
