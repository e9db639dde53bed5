#!/bin/bash
# A corpus of malformed and adversarial packets (selftests/tools/hostile.py,
# tags computed with srtp-xcheck.py) against live inbound contexts of every
# suite, without MKI, with a 2-byte MKI, templates, and with RFC 9335
# cryptex (six shapes, each replayed, and an extension that runs past the
# end under a valid tag, malformed; a cryptex marker on a context without
# cryptex, malformed too): each packet is
# dropped and counted in exactly its counter (malformed, auth-failures,
# replays) and reaches no socket, no stream state moves; a genuine stream
# with awkward layouts is accepted once and every packet of it replayed is
# refused; the SRTCP index at 2^31-1 and past it; a flood of forged packets
# with valid headers and random tags changes no ROC, SEQ, SRTCP index or
# replay window and makes no template learn an SSRC. Packets that no
# context owns (shorter than 8/12 bytes, version not 2, another SSRC, other
# first bytes) are dropped and counted in the namespace's counters
# (KSRTP_CMD_NET_GET) on these protected ports, except what RFC 7983 makes
# STUN, ZRTP, DTLS or TURN (version 0 and 1 start like STUN and TURN),
# which passes untouched; the test says which for each.
# TIMEOUT=900
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
require_py_crypto
setup_ksrtp_netns

py_tool "$TEST_TMP/hostile.out" "^# .* cases passed" hostile.py run "$ns_a" "$ns_b" \
	--flood "${KSRTP_FLOOD:-300}"
# 10 suites with a plain, an MKI and a template context, the 8 with a
# cipher a cryptex one; each template learned two genuine SSRCs
# (template_flood), nothing else.
n=$(in_a "$SRTPCTL" show | grep -c '^ctx ')
check_eq "contexts (38 + 20 learned)" 58 "$n"
expect_stat "$ns_a" "$(ctx_id_of "$ns_a" 0x51000000)" errors 0
ksft_pass "hostile packets dropped, counted, and change no state"
