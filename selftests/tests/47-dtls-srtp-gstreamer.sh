#!/bin/bash
# Keying against a peer we did not write: GStreamer from Debian
# (gstreamer1.0-plugins-bad, whose SRTP elements use libsrtp2).
#
# DTLS-SRTP: tools/examples/dtls-keyd in ns_a runs the handshake on its
# media socket with OpenSSL, installs the contexts through libksrtp and then
# sends and receives plain RTP; gst-launch-1.0 in ns_b runs dtlssrtpenc and
# dtlssrtpdec. Once with GStreamer as the DTLS server over IPv4, once as the
# client over IPv6 (dtls-keyd's inbound side a template there). GStreamer
# decrypts every packet the kernel protected (its output holds the text of
# each), dtls-keyd receives GStreamer's packets decrypted by the kernel, and
# the counters agree, with no authentication failure but those of
# GStreamer's packets sent before it had the DTLS keys (template_refusals).
#
# SDES: srtpctl installs the contexts, rtp-peer sends and receives plain RTP
# in ns_a, srtpenc/srtpdec with the same keys in ns_b, both ways, for
# AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM; byte for byte.
#
# gst-launch-1.0 takes keys only in the pipeline text, so the SDES keys
# (random, of this test only) appear on its command line inside the VM.
# TIMEOUT=600
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
KEYD=$TOP/tools/examples/dtls-keyd/dtls-keyd
require_file "$KEYD"
setup_ksrtp_netns gst-launch-1.0 gst-inspect-1.0 /usr/bin/python3

# GStreamer's registry in a writable place, listing only the plugins used
# (scanning them all takes long under TCG).
export GST_REGISTRY=$TEST_TMP/gst-registry.bin HOME=$TEST_TMP
export GST_PLUGIN_SYSTEM_PATH_1_0=$TEST_TMP/gst-plugins GST_PLUGIN_PATH_1_0=
mkdir -p "$GST_PLUGIN_SYSTEM_PATH_1_0"
# KSRTP_GST_DEBUG=srtpdec:6,... (run-vm.sh passes KSRTP_*) for GStreamer's
# own log in the failure messages.
[[ -n ${KSRTP_GST_DEBUG:-} ]] && export GST_DEBUG=$KSRTP_GST_DEBUG GST_DEBUG_NO_COLOR=1
for p in coreelements udp dtls srtp multifile; do
	f=$(compgen -G "/usr/lib/*/gstreamer-1.0/libgst$p.so" | head -n1)
	[[ -n $f ]] || ksft_fail "GStreamer plugin $p not found"
	ln -s "$f" "$GST_PLUGIN_SYSTEM_PATH_1_0/"
done
trace_open
log "GStreamer: building the registry"
gst-inspect-1.0 >"$TEST_TMP/gst-elements" 2>&1
for e in dtlssrtpenc dtlssrtpdec srtpenc srtpdec udpsrc udpsink multifilesrc; do
	grep -q " $e: " "$TEST_TMP/gst-elements" ||
		ksft_fail "GStreamer element $e missing: $(cat "$TEST_TMP/gst-elements")"
done

KEYD_SSRC=0x6b657964	# dtls-keyd's packets
GST_SSRC=0x67737472	# GStreamer's packets in the DTLS runs
N=50			# dtls-keyd sends N, GStreamer must decrypt all
M=20			# dtls-keyd must receive at least M of GStreamer's

# GStreamer's media, one RTP packet per file (multifilesrc sends each
# file as one buffer): for the DTLS runs 1000 packets whose payloads are a
# text, for SDES rtp-peer's packets; and what srtpdec must put out (SDES).
# One Python for all: each start is slow under TCG.
prepare_pkts() {
	"$RTP_PEER" gen --ssrc 0x2222 --seq 0 --count $N >"$TEST_TMP/sdes-in.hex" &&
	"$RTP_PEER" gen --ssrc 0x1111 --seq 0 --count $N >"$TEST_TMP/sdes-out.hex" &&
	/usr/bin/python3 - "$TEST_TMP" $GST_SSRC <<'EOF'
import os, struct, sys
tmp, ssrc = sys.argv[1], int(sys.argv[2], 0)
os.makedirs(tmp + "/gst-pkts")
for i in range(1000):
    p = (b"gstreamer packet %05d" % (i + 1)).ljust(160, b".")
    with open("%s/gst-pkts/pkt%04d.rtp" % (tmp, i), "wb") as f:
        f.write(struct.pack("!BBHII", 0x80, 96, i + 1, i * 80, ssrc) + p)
os.makedirs(tmp + "/sdes-pkts")
for i, line in enumerate(open(tmp + "/sdes-in.hex")):
    with open("%s/sdes-pkts/pkt%04d.rtp" % (tmp, i), "wb") as f:
        f.write(bytes.fromhex(line.strip()))
with open(tmp + "/sdes-expect.rtp", "wb") as f:
    f.write(bytes.fromhex(open(tmp + "/sdes-out.hex").read().replace("\n", "")))
EOF
}

# texts FILE PREFIX: how many different "PREFIX NNNNN" FILE holds.
texts() {
	grep -a -o "$2 [0-9]\{5\}" "$1" 2>/dev/null | sort -u | wc -l
}
# shellcheck disable=SC2317 # called through wait_for
_has_texts() { (($(texts "$1" "$2") >= $3)); }

field() {	# field FILE NAME: the number after "NAME " in dtls-keyd's output
	sed -n "s/.*$2 \([0-9]*\).*/\1/p" "$1" | head -n1
}

# template_refusals TEMPLATE LEARNED: what the template refused is only
# what it must refuse. GStreamer's dtlssrtpenc encrypts with a random key
# of its own until the DTLS keys reach it (it sets srtpenc's random-key).
# As the DTLS client it has them only after dtls-keyd's last flight, which
# dtls-keyd sends before it installs its contexts, so packets GStreamer
# sent meanwhile may reach the template: they do not authenticate under
# the DTLS keys, and the template drops and counts them as libsrtp would.
# So each drop the template traced is an auth failure of GStreamer's SSRC
# with a sequence number below the first one the learned context took
# (GStreamer numbers its packets 1, 2, ... and the learned context took
# every one from there: no auth failure, no replay, checked below), and
# the trace accounts for the template's whole count.
template_refusals() {
	local tmpl_id=$1 in_id=$2 show first drops auth bad fails s
	# seq and rtp-packets of one reading of the learned context
	show=$(ip netns exec "$ns_a" "$SRTPCTL" show id "$in_id")
	first=$(($(show_field "$show" seq) - $(show_field "$show" rtp-packets) + 1))
	drops=$(grep -E "ksrtp_drop: netns=[0-9]+ id=$tmpl_id " "$I/trace")
	auth=$(printf '%s\n' "$drops" |
		sed -n "s/.* ssrc=$GST_SSRC srtp index=\([0-9]*\) reason=auth\$/\1/p")
	bad=$(printf '%s\n' "$drops" | grep -v -E " ssrc=$GST_SSRC srtp index=[0-9]+ reason=auth\$")
	[[ -z $bad ]] || ksft_fail "template $tmpl_id dropped other than GStreamer's pre-key packets: $bad"
	fails=$(ctx_stat "$ns_a" "$tmpl_id" auth-failures)
	check_eq "template auth failures traced" "$fails" "$(printf '%s' "$auth" | grep -c .)"
	for s in $auth; do
		((s < first)) ||
			ksft_fail "template refused GStreamer's packet $s, after the first it learned ($first)"
	done
	if ((fails)); then
		log "the template refused $fails packets (sequence ${auth//$'\n'/ }) sent before" \
			"GStreamer had the DTLS keys, and learned from sequence $first on"
	else
		log "the template refused nothing and learned from sequence $first on"
	fi
}

log "writing GStreamer's packets"
prepare_pkts || ksft_fail "could not write the packets"

# dtls_run FAM GST_ROLE(client|server) [template]
dtls_run() {
	local fam=$1 gst_role=$2 tmpl=${3:-} a_ip b_ip keyd_role pa pb out log gst_log
	local dump out_id in_id n got is_client=false
	if [[ $fam == 4 ]]; then a_ip=$IP4_A b_ip=$IP4_B; else a_ip=$IP6_A b_ip=$IP6_B; fi
	pa=$((5100 + fam)) pb=$((6100 + fam))
	keyd_role=server
	[[ $gst_role == server ]] && keyd_role=client
	[[ $gst_role == client ]] && is_client=true
	out=$TEST_TMP/gst-out.$fam.rtp log=$TEST_TMP/keyd.$fam.log
	gst_log=$TEST_TMP/gst.$fam.log dump=$TEST_TMP/keyd-dump.$fam
	log "DTLS-SRTP, IPv$fam: GStreamer is the DTLS $gst_role, dtls-keyd the $keyd_role"

	# Pads named: gst-launch 1.22 crashes linking to dtlssrtpenc's request
	# pad by template, and would link dtlssrtpdec's DTLS application data
	# pad to the filesink. async=false: the sinks take buffers before the
	# pipeline has prerolled (it cannot before the handshake is done).
	bg_b gst-launch-1.0 -q \
		dtlssrtpenc name=e connection-id=c is-client=$is_client \
		! udpsink host="$a_ip" port=$pa sync=false async=false \
		udpsrc address="$b_ip" port=$pb ! dtlssrtpdec name=d connection-id=c \
		d.rtp_src ! filesink location="$out" buffer-mode=unbuffered async=false \
		d.rtcp_src ! fakesink async=false \
		multifilesrc location="$TEST_TMP/gst-pkts/pkt%04d.rtp" stop-index=999 \
		caps=application/x-rtp ! identity sleep-time=20000 ! e.rtp_sink_0 \
		>"$gst_log" 2>&1
	local gst_pid=$BG_PID
	wait_for_udp "$ns_b" $pb 60 || ksft_fail "gst-launch did not start: $(cat "$gst_log")"

	: >"$I/trace"
	local peer=(--peer-ssrc "$GST_SSRC")
	[[ -n $tmpl ]] && peer=()
	in_a timeout 120 "$KEYD" --role $keyd_role --local "$(addr "$fam" a $pa)" \
		--remote "$(addr "$fam" b $pb)" --ssrc $KEYD_SSRC "${peer[@]}" \
		--send $N --recv $M --dump "$dump" --timeout 60 --keep >"$log" 2>&1 ||
		ksft_fail "dtls-keyd failed: $(cat "$log"); gst-launch: $(cat "$gst_log")"
	sed 's/^/  dtls-keyd: /' "$log"
	grep -q 'profile SRTP_AES128_CM_SHA1_80, suite AES_CM_128_HMAC_SHA1_80' "$log" ||
		ksft_fail "unexpected profile: $(cat "$log")"

	# GStreamer decrypted every packet the kernel protected.
	wait_for 30 _has_texts "$out" "ksrtp dtls-keyd packet" $N ||
		ksft_fail "GStreamer decrypted $(texts "$out" "ksrtp dtls-keyd packet") of $N packets;" \
			"$(in_a "$SRTPCTL" show); gst-launch: $(tail -n 60 "$gst_log")"
	kill "$gst_pid" 2>/dev/null
	# dtls-keyd got GStreamer's media, decrypted, each packet once.
	got=$(texts "$dump" "gstreamer packet")
	n=$(grep -a -o 'gstreamer packet [0-9]\{5\}' "$dump" | wc -l)
	((got >= M && n == got)) ||
		ksft_fail "dtls-keyd received $n texts, $got different, of GStreamer's packets (want >= $M)"
	[[ $(field "$log" rejected) == 0 ]] || ksft_fail "dtls-keyd rejected packets"

	out_id=$(field "$log" "outbound id")
	in_id=$(field "$log" "inbound [a-z]* id")
	expect_stats "$ns_a" "$out_id" rtp-packets $N errors 0
	if [[ -n $tmpl ]]; then
		local tmpl_id=$in_id
		in_id=$(ctx_id_of "$ns_a" $GST_SSRC)
		[[ -n $in_id ]] || ksft_fail "the template learned no context for $GST_SSRC"
		expect_stat "$ns_a" "$in_id" template-id "$tmpl_id"
		template_refusals "$tmpl_id" "$in_id"
	fi
	n=$(ctx_stat "$ns_a" "$in_id" rtp-packets)
	((n >= got)) || ksft_fail "inbound context counted $n packets, dtls-keyd received $got"
	expect_clean "$ns_a" "$in_id"
	in_a "$SRTPCTL" show | sed 's/^/  /'
	in_a "$SRTPCTL" flush || ksft_fail "srtpctl flush"
	log "ok: GStreamer decrypted $N of $N, dtls-keyd received $got, no auth failure"
}

# sdes_run SUITE GST_CIPHER GST_AUTH
sdes_run() {
	local suite=$1 cipher=$2 auth=$3 k_ab k_ba out_id in_id out gst_log
	local A1 A2 B crypto gst_pid
	log "SDES $suite: srtpctl and rtp-peer against srtpenc/srtpdec"
	k_ab=$(new_key "sdes-ab-$suite" "$suite")	# ksrtp -> GStreamer
	k_ba=$(new_key "sdes-ba-$suite" "$suite")	# GStreamer -> ksrtp
	A1=$(addr 4 a 5200) A2=$(addr 4 a 5202) B=$(addr 4 b 6200)
	out_id=$(ctx_add "$ns_a" out local "$A1" remote "$B" ssrc 0x1111 \
		suite "$suite" key-file "$k_ab")
	in_id=$(ctx_add "$ns_a" in local "$A2" ssrc 0x2222 suite "$suite" key-file "$k_ba")
	out=$TEST_TMP/sdes-out.$suite.rtp gst_log=$TEST_TMP/sdes-gst.$suite.log
	crypto="srtp-cipher=(string)$cipher,srtp-auth=(string)$auth,srtcp-cipher=(string)$cipher,srtcp-auth=(string)$auth"

	# GStreamer -> ksrtp: rtp-peer's own packets, protected by srtpenc;
	# the plain receiver checks every byte. ksrtp -> GStreamer: srtpdec's
	# output must be exactly what rtp-peer sent. One pipeline for both.
	peer_recv "$ns_a" "$TEST_TMP/sdes-recv.$suite" --local "$A2" --count $N \
		--ssrc 0x2222 --timeout-ms 90000
	bg_b gst-launch-1.0 -q \
		udpsrc address="$IP4_B" port=6200 \
		caps="application/x-srtp,ssrc=(uint)$((0x1111)),srtp-key=(buffer)$(<"$k_ab"),$crypto" \
		! srtpdec ! filesink location="$out" buffer-mode=unbuffered async=false \
		multifilesrc location="$TEST_TMP/sdes-pkts/pkt%04d.rtp" stop-index=$((N - 1)) \
		caps=application/x-rtp ! identity sleep-time=2000 \
		! srtpenc key="$(<"$k_ba")" rtp-cipher="$cipher" rtp-auth="$auth" \
		rtcp-cipher="$cipher" rtcp-auth="$auth" \
		! udpsink host="$IP4_A" port=5202 async=false >"$gst_log" 2>&1
	gst_pid=$BG_PID
	peer_wait
	wait_for_udp "$ns_b" 6200 60 || ksft_fail "gst-launch did not start: $(cat "$gst_log")"
	in_a "$RTP_PEER" send --local "$A1" --remote "$B" --ssrc 0x1111 --count $N \
		--interval-us 2000 || ksft_fail "rtp-peer send"
	wait_for 30 cmp -s "$TEST_TMP/sdes-expect.rtp" "$out" ||
		ksft_fail "srtpdec's output differs from what was sent ($(stat -c %s "$out") of $(stat -c %s "$TEST_TMP/sdes-expect.rtp") bytes): $(cat "$gst_log")"
	kill "$gst_pid" 2>/dev/null

	expect_stat "$ns_a" "$out_id" rtp-packets $N
	expect_stat "$ns_a" "$in_id" rtp-packets $N
	expect_clean "$ns_a" "$in_id"
	in_a "$SRTPCTL" flush || ksft_fail "srtpctl flush"
	log "ok: $N packets each way, byte for byte"
}

sdes_run AES_CM_128_HMAC_SHA1_80 aes-128-icm hmac-sha1-80
sdes_run AEAD_AES_128_GCM aes-128-gcm null
dtls_run 4 server
dtls_run 6 client template
ksft_pass "DTLS-SRTP and SDES against GStreamer, media both ways"
