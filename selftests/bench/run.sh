#!/bin/bash
# selftests/bench/run.sh [OUT.json]
#
# ksrtp's benchmark (`make bench` runs it inside the test VM, in one boot).
# It reports numbers; it asserts none. Every figure has a peer measured in
# the same boot, and the ratio is what means something (the VM is QEMU TCG:
# absolute rates say nothing about real hardware). See
# Documentation/performance.rst.
#
# Needs root, the ksrtp module (loaded here if it is not), and the programs
# of selftests/bench (rtp-blast, ctx-install) and tools/srtpctl built.
# The userspace sender and relay run twice: on Debian's libsrtp2 (NSS) and
# on the OpenSSL build of selftests/bench/libsrtp-openssl.sh (rtp-blast
# with LD_LIBRARY_PATH; its rows read n/a when that build is missing).
# Writes the raw figures as "name value" lines to $WORK/raw, then
# selftests/bench/report.py prints the table and writes OUT.json
# (default: $KSRTP_VM_RESULTS/bench.json inside the VM, else ./bench.json).
#
# Environment: KSRTP_BENCH_SECS (seconds per point, default 2),
# KSRTP_BENCH_REPEAT (rounds of the send-path, relay and scale points;
# every round's figure is kept, the table shows their range; default 3),
# KSRTP_BENCH_OPENSSL_LIB (the OpenSSL build's lib directory, default
# build/libsrtp-openssl/prefix/lib),
# KSRTP_BENCH_SCALE (context counts, default "10000 100000 1000000"),
# KSRTP_BENCH_SIZES (payload sizes, default "160 1200"),
# KSRTP_BENCH_ALLOC_PKTS (packets traced for allocations, default 20000),
# KSRTP_BENCH_XFRM_N (xfrm states in the ip -batch run, default 10000),
# KSRTP_BENCH_FWD_SECS (seconds measured per forwarding run, default 2),
# KSRTP_BENCH_FWD_POINTS (forwarding points, "INPUT PAYLOAD OUTPUTS" each,
# comma-separated; default all five), KSRTP_BENCH_FWD_MODES (the
# forwarding rows to measure, default all; fewer only to try one out),
# KSRTP_BENCH_FLOOR_KO (a KSRTP_SELFTEST build of the module, for the
# crypto floor; default build/bench/ksrtp-floor.ko, which `make bench`
# builds), KSRTP_BENCH_FLOOR_N (packets sealed per floor round, default
# 20000),
# KSRTP_BENCH_PARTS (the parts to run, default "floor send alloc relay fwd
# install scale"; fewer only to try one out: the report wants them all;
# "fwdprof" adds a perf-sampled run of each kernel forwarder per point
# to the fwd part, perf from Debian's linux-perf).
#
# Forwarding (issue 20): rtpengine's kernel module (xt_RTPENGINE, built by
# selftests/bench/rtpengine.sh outside the VM: build/rtpengine/KVER/status
# says whether it is there for this kernel), the libsrtp2 relay, ksrtp's
# socket relay and ksrtp's forwarding rules, per point; and, at the 1->1
# points, the stack floor: the kernel's own IP forwarding with nftables
# NAT (conntrack and stateless), no media work at all.
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH=$TOP/selftests/bench
BLAST=$BENCH/rtp-blast
CTXI=$BENCH/ctx-install
SRTPCTL=$TOP/tools/srtpctl/srtpctl
SECS=${KSRTP_BENCH_SECS:-2}
SCALE=${KSRTP_BENCH_SCALE:-10000 100000 1000000}
SIZES=${KSRTP_BENCH_SIZES:-160 1200}
ALLOC_PKTS=${KSRTP_BENCH_ALLOC_PKTS:-20000}
REPEAT=${KSRTP_BENCH_REPEAT:-3}
OSSL_LIB=${KSRTP_BENCH_OPENSSL_LIB:-$TOP/build/libsrtp-openssl/prefix/lib}
XFRM_N=${KSRTP_BENCH_XFRM_N:-10000}
FWD_SECS=${KSRTP_BENCH_FWD_SECS:-2}
PARTS=" ${KSRTP_BENCH_PARTS:-floor send alloc relay fwd install scale} "
FLOOR_KO=${KSRTP_BENCH_FLOOR_KO:-$TOP/build/bench/ksrtp-floor.ko}
FLOOR_N=${KSRTP_BENCH_FLOOR_N:-20000}
RTPE=$TOP/build/rtpengine
RTPE_CTL=$BENCH/rtpengine-ctl
RTPE_LOADED=0
SCALE_MAX=0
for n in $SCALE; do if ((n > SCALE_MAX)); then SCALE_MAX=$n; fi; done
SUITES=(AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM)
OUT=${1:-${KSRTP_VM_RESULTS:-.}/bench.json}

WORK=$(mktemp -d /tmp/ksrtp-bench.XXXXXX)
RAW=$WORK/raw
NS_S=kb-send NS_A=kb-gen NS_B=kb-relay
# Send path: a dummy device is the sink (no ARP, frames are dropped at
# its xmit), so one thread's cost is the stack, ksrtp's hook and crypto.
S_SRC=10.98.0.1 S_DST=10.98.0.2
# Relay: generator 10.97.0.1 --veth--> 10.97.0.2 relay, which sends from
# 10.96.0.1 to 10.96.0.2 over its own dummy device.
RELAY_LAST='' RELAY_GEN=''
R_GEN=10.97.0.1 R_IN=10.97.0.2 R_OUT=10.96.0.1 R_SINK=10.96.0.2

CPU_GEN=0 CPU_RELAY=1
if (($(nproc) < 2)); then
	CPU_RELAY=0
fi

log() { printf '[bench %(%T)T] %s\n' -1 "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}
put() { printf '%s %s\n' "$1" "$2" >>"$RAW"; }
field() { awk -v f="$1" '{ for (i = 1; i < NF; i++) if ($i == f) { print $(i + 1); exit } }'; }

cleanup() {
	local ns
	set +e
	for ns in $NS_S $NS_A $NS_B; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	if [[ -w /sys/kernel/tracing/tracing_on ]]; then
		echo 0 >/sys/kernel/tracing/events/enable 2>/dev/null
		echo >/sys/kernel/tracing/trace 2>/dev/null
	fi
	if ((RTPE_LOADED)); then
		echo "del 0" >/proc/rtpengine/control 2>/dev/null
		rmmod xt_RTPENGINE 2>/dev/null
	fi
	[[ -z "$PER_USER_WAS" ]] ||
		sysctl -qw net.ksrtp.max_contexts_per_user="$PER_USER_WAS"
	rm -rf "$WORK"
}
PER_USER_WAS=
trap cleanup EXIT

for f in "$BLAST" "$CTXI" "$SRTPCTL"; do
	[[ -x "$f" ]] || die "$f not built (make -C selftests/bench; make tools)"
done
# rtp-blast on the OpenSSL build: its rows are measured only if the
# library is there and the loader really picks it.
OSSL_ENV=()
if [[ -e $OSSL_LIB/libsrtp2.so.1 ]]; then
	if [[ $(LD_LIBRARY_PATH=$OSSL_LIB ldd "$BLAST") == *"$OSSL_LIB/libsrtp2.so.1"* ]]; then
		OSSL_ENV=(env "LD_LIBRARY_PATH=$OSSL_LIB")
	else
		die "rtp-blast does not load $OSSL_LIB/libsrtp2.so.1 with LD_LIBRARY_PATH"
	fi
else
	log "warning: no OpenSSL build of libsrtp2 in $OSSL_LIB (selftests/bench/libsrtp-openssl.sh): its rows read n/a"
fi
# The crypto floor (issue 22, kernel/floor.c): what the bare transform of
# each suite costs per packet at each size, on a linear buffer with a
# context's own keys and drivers, in this boot. Only KSRTP_SELFTEST builds
# have the interface, so FLOOR_KO replaces the module for this part,
# before any other; the production module is loaded back after it.
# report.py divides ksrtp's added cost on the send path by it.
bench_floor() {
	local f=/sys/kernel/debug/ksrtp/floor size suite num len r line
	local -A rounds=()
	[[ -f $FLOOR_KO ]] || die "no $FLOOR_KO: the crypto floor needs a KSRTP_SELFTEST build (make bench makes it)"
	"$TOP/selftests/load-module.sh" "$FLOOR_KO" || die "cannot load $FLOOR_KO"
	[[ -e $f ]] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
	[[ -e $f ]] || die "no $f in $FLOOR_KO"
	for ((r = 0; r < REPEAT; r++)); do
		log "crypto floor, round $((r + 1))/$REPEAT: $FLOOR_N packets per suite and size"
		for size in $SIZES; do
			for suite in "${SUITES[@]}"; do
				num=$(suite_number "$suite")
				len=$((12 + size))
				echo "$num $len $FLOOR_N" >"$f" || die "floor: '$num $len $FLOOR_N' failed"
				read -r line <"$f"
				[[ $line =~ ^suite\ $num\ len\ $len\ count\ $FLOOR_N\ ns\ ([0-9]+)$ ]] ||
					die "floor: '$line'"
				rounds[$size.$suite]+="${rounds[$size.$suite]:+,}$((BASH_REMATCH[1] / FLOOR_N))"
			done
		done
	done
	for size in $SIZES; do
		for suite in "${SUITES[@]}"; do
			put "floor.$size.$suite.ns_rounds" "${rounds[$size.$suite]}"
		done
	done
	"$TOP/selftests/load-module.sh" || die "cannot load ksrtp.ko back"
}

# suite_number NAME: its enum ksrtp_suite value, as srtpctl knows it.
suite_number() {
	case $1 in
	AES_CM_128_HMAC_SHA1_80) echo 1 ;;
	AEAD_AES_128_GCM) echo 9 ;;
	*) die "suite_number: $1" ;;
	esac
}

start=$(date +%s)
: >"$RAW"
if [[ $PARTS == *" floor "* ]]; then
	bench_floor
elif ! grep -q '^ksrtp ' /proc/modules; then
	"$TOP/selftests/load-module.sh" || die "cannot load ksrtp.ko"
fi
modprobe -q -a esp4 xfrm_user dummy veth 2>/dev/null

# key NAME SUITE: random master key || salt, hex, in $WORK/NAME.key.
key() {
	local n=30
	[[ $2 == AEAD_AES_128_GCM ]] && n=28
	od -An -tx1 -N"$n" /dev/urandom | tr -d ' \n' >"$WORK/$1.key"
	cat "$WORK/$1.key"
}

meminfo_kb() {
	awk '/^(Slab|VmallocUsed|Percpu):/ { s += $2 } END { print s }' /proc/meminfo
}

# slab_bytes: "cache bytes" per slab cache, the pages its slabs hold
# (num_slabs * pagesperslab), to say where a context's memory goes.
slab_bytes() {
	awk 'NR > 2 { print $1, $15 * $6 * 4096 }' /proc/slabinfo
}

# put_slab_growth N BEFORE AFTER ADDED: "scale.N.slab.CACHE bytes" per
# context for each cache that grew by at least 8 bytes a context.
put_slab_growth() {
	awk -v n="$1" -v add="$4" 'FNR == NR { b[$1] = $2; next }
		{ d = ($2 - b[$1]) / add; if (d >= 8) printf "scale.%s.slab.%s %d\n", n, $1, d }' \
		"$2" "$3" >>"$RAW"
}

# ---- namespaces ---------------------------------------------------------
setup() {
	ip netns add "$NS_S" || die "ip netns add"
	ip -n "$NS_S" link set lo up
	ip -n "$NS_S" link add d0 type dummy
	ip -n "$NS_S" addr add "$S_SRC/24" dev d0
	ip -n "$NS_S" link set d0 up
	# The scale runs install more contexts than the per-namespace default
	# limit (net.ksrtp.max_contexts) allows; raise it for this namespace.
	ip netns exec "$NS_S" sysctl -qw net.ksrtp.max_contexts=$((SCALE_MAX + XFRM_N + 1000)) ||
		die "sysctl net.ksrtp.max_contexts"
	# So is the global one per user (all of them are root's); the
	# initial namespace sets it, and cleanup puts it back.
	PER_USER_WAS=$(sysctl -n net.ksrtp.max_contexts_per_user) ||
		die "sysctl net.ksrtp.max_contexts_per_user"
	sysctl -qw net.ksrtp.max_contexts_per_user=$((SCALE_MAX + XFRM_N + 1000)) ||
		die "sysctl -w net.ksrtp.max_contexts_per_user"

	ip netns add "$NS_A"
	ip netns add "$NS_B"
	ip link add g0 netns "$NS_A" type veth peer name r0 netns "$NS_B"
	ip -n "$NS_A" link set lo up
	ip -n "$NS_B" link set lo up
	ip -n "$NS_A" addr add "$R_GEN/24" dev g0
	ip -n "$NS_B" addr add "$R_IN/24" dev r0
	ip -n "$NS_A" link set g0 up
	ip -n "$NS_B" link set r0 up
	ip -n "$NS_B" link add d1 type dummy
	ip -n "$NS_B" addr add "$R_OUT/24" dev d1
	ip -n "$NS_B" link set d1 up
	# The relay's receive processing (veth rx, IP, UDP, ksrtp's inbound
	# hook) runs on the relay's CPU, not on the generator's: RPS.
	ip netns exec "$NS_B" sh -c \
		"printf '%x' $((1 << CPU_RELAY)) >/sys/class/net/r0/queues/rx-0/rps_cpus" ||
		log "warning: could not steer r0's receive processing to CPU $CPU_RELAY"
	ip netns exec "$NS_A" ping -c1 -W5 "$R_IN" >/dev/null || die "no path $NS_A -> $NS_B"
}

ctx() {
	local ns=$1 out
	shift
	out=$(ip netns exec "$ns" "$SRTPCTL" add "$@") || die "srtpctl add $*: $out"
	echo "${out#id }"
}

flush() { ip netns exec "$1" "$SRTPCTL" flush >/dev/null || die "srtpctl flush"; }

# ---- a. send path, c. IPsec ---------------------------------------------
# Every variant of one payload size is measured in rounds (plain, ksrtp per
# suite, libsrtp2 on NSS and on OpenSSL per suite, ESP), $REPEAT rounds;
# each figure is the best run and the list of all rounds (NAME_rounds):
# a drift of the host's speed then hits all variants of a round alike. Each
# variant has its own source port, so all stay configured at once: plain
# and libsrtp2 send from 5005, which no context matches (ksrtp is loaded
# and looks each packet up, as on any host running it); ksrtp's contexts
# match 5004 (HMAC suite) and 5008 (GCM); the ESP policy matches port 7006.
SPORT_PLAIN=5005 SPORT_ESP=5006
sport_of() { [[ $1 == AEAD_AES_128_GCM ]] && echo 5008 || echo 5004; }

bench_send() {
	local size suite id v r pps
	local -A keyhex=() ids=() best=() rounds=()
	local -a variants=(plain "${SUITES[@]/#/ksrtp:}" "${SUITES[@]/#/libsrtp:}")
	((${#OSSL_ENV[@]})) && variants+=("${SUITES[@]/#/libsrtp_openssl:}")
	variants+=(esp)
	for suite in "${SUITES[@]}"; do
		keyhex[$suite]=$(key "s-$suite" "$suite")
		id=$(ctx "$NS_S" out local "$S_SRC:$(sport_of "$suite")" remote "$S_DST:6004" ssrc 0x5eed \
			suite "$suite" key-file "$WORK/s-$suite.key")
		ids[$suite]=$id
		put "driver.$suite" "$(ip netns exec "$NS_S" "$SRTPCTL" show id "$id" |
			grep -o 'cipher .*' | head -n1)"
	done
	xfrm_on
	for size in $SIZES; do
		best=() rounds=()
		for ((r = 0; r < REPEAT; r++)); do
			log "send path, ${size}-byte payload, round $((r + 1))/$REPEAT: plain, ksrtp, libsrtp2 (NSS, OpenSSL), ESP"
			for v in "${variants[@]}"; do
				case $v in
				plain) pps=$(send1 "$SPORT_PLAIN" 6004 "$size") ;;
				ksrtp:*) pps=$(send1 "$(sport_of "${v#*:}")" 6004 "$size") ;;
				libsrtp:*) pps=$(send1 "$SPORT_PLAIN" 6004 "$size" \
					--srtp "${v#*:}" --key-hex "${keyhex[${v#*:}]}") ;;
				libsrtp_openssl:*) pps=$(SEND_OSSL=1 send1 "$SPORT_PLAIN" 6004 "$size" \
					--srtp "${v#*:}" --key-hex "${keyhex[${v#*:}]}") ;;
				esp) pps=$(send1 "$SPORT_ESP" 7006 "$size") ;;
				esac
				((pps > ${best[$v]:-0})) && best[$v]=$pps
				rounds[$v]+="${rounds[$v]:+,}$pps"
			done
		done
		for v in "${variants[@]}"; do
			# ksrtp:SUITE -> send.SIZE.SUITE.ksrtp.pps; plain, esp -> send.SIZE.V.pps
			if [[ $v == *:* ]]; then id="${v#*:}.${v%%:*}"; else id=$v; fi
			put "send.$size.$id.pps" "${best[$v]}"
			put "send.$size.$id.pps_rounds" "${rounds[$v]}"
		done
	done
	for suite in "${SUITES[@]}"; do
		put "send.$suite.ksrtp.protected" \
			"$(ip netns exec "$NS_S" "$SRTPCTL" show id "${ids[$suite]}" | field rtp-packets)"
	done
	put "send.esp.packets" "$(ip -n "$NS_S" -s xfrm state | grep -o '[0-9]*(packets)' | head -n1 | tr -dc 0-9)"
	xfrm_off
	flush "$NS_S"
}

# send1 SPORT DPORT SIZE [ARGS...]: one run of one sending thread (on the
# OpenSSL build of libsrtp2 when SEND_OSSL is set).
send1() {
	local out
	local -a e=()
	[[ -n ${SEND_OSSL:-} ]] && e=("${OSSL_ENV[@]}")
	out=$(ip netns exec "$NS_S" "${e[@]}" "$BLAST" send --cpu "$CPU_GEN" --src "$S_SRC:$1" \
		--dst "$S_DST:$2" --size "$3" --secs "$SECS" "${@:4}") || die "rtp-blast send $*: $out"
	field pps <<<"$out"
}

xfrm_on() {
	local k
	k=0x$(od -An -tx1 -N20 /dev/urandom | tr -d ' \n')
	ip -n "$NS_S" xfrm state add src "$S_SRC" dst "$S_DST" proto esp spi 0x1000 \
		mode transport aead 'rfc4106(gcm(aes))' "$k" 128 || die "xfrm state add"
	ip -n "$NS_S" xfrm policy add src "$S_SRC/32" dst "$S_DST/32" proto udp sport $SPORT_ESP dport 7006 \
		dir out tmpl src "$S_SRC" dst "$S_DST" proto esp mode transport ||
		die "xfrm policy add"
}

xfrm_off() {
	ip -n "$NS_S" xfrm policy flush
	ip -n "$NS_S" xfrm state flush
}

# ---- b. relay -----------------------------------------------------------
# relay SIZE SUITE MODE(user|user_openssl|ksrtp) RATE
relay() {
	local size=$1 suite=$2 mode=$3 rate=$4 k1 k2 rout gout
	local -a rargs=()
	k1=$(key "r1-$suite" "$suite")
	k2=$(key "r2-$suite" "$suite")
	ctx "$NS_A" out local "$R_GEN:5000" remote "$R_IN:6000" ssrc 0xbeef \
		suite "$suite" key-file "$WORK/r1-$suite.key" >/dev/null
	if [[ $mode == ksrtp ]]; then
		ctx "$NS_B" in local "$R_IN:6000" remote "$R_GEN:5000" ssrc 0xbeef \
			suite "$suite" key-file "$WORK/r1-$suite.key" >/dev/null
		ctx "$NS_B" out local "$R_OUT:6002" remote "$R_SINK:7002" ssrc 0xbeef \
			suite "$suite" key-file "$WORK/r2-$suite.key" >/dev/null
	else
		rargs=(--srtp "$suite" --key-hex "$k1" --out-key-hex "$k2")
	fi
	local -a benv=()
	[[ $mode == user_openssl ]] && benv=("${OSSL_ENV[@]}")
	rout=$WORK/relay.out
	: >"$rout"
	ip netns exec "$NS_B" "${benv[@]}" "$BLAST" relay --cpu "$CPU_RELAY" --listen "$R_IN:6000" \
		--src "$R_OUT:6002" --dst "$R_SINK:7002" --secs "$SECS" "${rargs[@]}" >"$rout" 2>&1 &
	local rpid=$! i
	for ((i = 0; i < 100; i++)); do
		grep -q ready "$rout" && break
		sleep 0.1
	done
	gout=$(ip netns exec "$NS_A" "$BLAST" send --cpu "$CPU_GEN" --src "$R_GEN:5000" \
		--dst "$R_IN:6000" --ssrc 0xbeef --size "$size" --rate "$rate" \
		--secs "$(awk -v s="$SECS" 'BEGIN { print s + 1 }')") || die "generator: $gout"
	wait "$rpid" || die "relay failed: $(cat "$rout")"
	RELAY_LAST=$(tail -n1 "$rout")
	RELAY_GEN=$(field pps <<<"$gout")
	flush "$NS_A"
	flush "$NS_B"
}

# relay_put PREFIX LINE GEN_PPS: the figures of one relay run.
relay_put() {
	local f
	for f in pps cpu-busy all-busy secs drops; do
		put "$1.${f/-/_}" "$(field "$f" <<<"$2")"
	done
	put "$1.offered_pps" "$3"
}

# Packets relayed per busy core-second of a relay run's output line.
relay_score() {
	awk '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1) }
		END { printf "%d", (v["cpu-busy"] > 0 ? v["pps"] * v["secs"] / v["cpu-busy"] : 0) }' <<<"$1"
}

bench_relay() {
	local size suite plain rate
	local -a modes=(user)
	((${#OSSL_ENV[@]})) && modes+=(user_openssl)
	modes+=(ksrtp)
	for size in $SIZES; do
		plain=$(awk -v k="send.$size.plain.pps" '$1 == k { print $2 }' "$RAW")
		# Offer a 30th of what one thread sends plain: below what either
		# relay can take (a relayed packet costs about ten plain sends),
		# so the figure is the cost per relayed packet, not an overload.
		rate=$(awk -v p="${plain:-20000}" 'BEGIN { printf "%d", p / 30 }')
		put "relay.$size.rate" "$rate"
		for suite in "${SUITES[@]}"; do
			# Alternating rounds: the best run of each mode in full,
			# and every round's score (NAME.score_rounds).
			local -A best=() bline=() bgen=() rounds=()
			local r mode sc
			for ((r = 0; r < REPEAT; r++)); do
				for mode in "${modes[@]}"; do
					log "relay, ${size}-byte payload, $suite, offered $rate pps, round $((r + 1))/$REPEAT: $mode"
					relay "$size" "$suite" "$mode" "$rate"
					sc=$(relay_score "$RELAY_LAST")
					rounds[$mode]+="${rounds[$mode]:+,}$sc"
					if ((sc > ${best[$mode]:-0})); then
						best[$mode]=$sc bline[$mode]=$RELAY_LAST bgen[$mode]=$RELAY_GEN
					fi
				done
			done
			for mode in "${modes[@]}"; do
				relay_put "relay.$size.$suite.$mode" "${bline[$mode]:-}" "${bgen[$mode]:-}"
				put "relay.$size.$suite.$mode.score_rounds" "${rounds[$mode]}"
			done
			unset best bline bgen rounds
		done
	done
}

# ---- d. scale -----------------------------------------------------------
# scale_point N: the stream's context (port 5004) and plain RTP (port 5005,
# no context: the early exit) in $REPEAT alternating rounds, best of each
# and every round.
scale_point() {
	local size=${SIZES%% *} r pps bk=0 bp=0 lk='' lp=''
	for ((r = 0; r < REPEAT; r++)); do
		pps=$(send1 "$SPORT_PLAIN" 6004 "$size")
		((pps > bp)) && bp=$pps
		lp+="${lp:+,}$pps"
		pps=$(send1 5004 6004 "$size")
		((pps > bk)) && bk=$pps
		lk+="${lk:+,}$pps"
	done
	put "scale.$1.pps" "$bk"
	put "scale.$1.plain_pps" "$bp"
	put "scale.$1.pps_rounds" "$lk"
	put "scale.$1.plain_pps_rounds" "$lp"
}

bench_scale() {
	local suite=AES_CM_128_HMAC_SHA1_80 have=1 n add out m0 m1
	flush "$NS_S"
	ctx "$NS_S" out local "$S_SRC:5004" remote "$S_DST:6004" ssrc 0x5eed \
		suite "$suite" key-file "$WORK/s-$suite.key" >/dev/null
	log "scale: 1 context"
	scale_point 1
	for n in $SCALE; do
		add=$((n - have))
		log "scale: installing $add contexts through libksrtp (to $n)"
		sync
		echo 3 >/proc/sys/vm/drop_caches
		m0=$(meminfo_kb)
		slab_bytes >"$WORK/slab0"
		out=$(ip netns exec "$NS_S" "$CTXI" "$add" "$suite" "$S_SRC:5004" "$S_DST:10000" \
			$((0x100000 + have))) || die "ctx-install: $out"
		echo 3 >/proc/sys/vm/drop_caches
		m1=$(meminfo_kb)
		slab_bytes >"$WORK/slab1"
		put_slab_growth "$n" "$WORK/slab0" "$WORK/slab1" "$add"
		have=$n
		put "scale.$n.installed" "$(field contexts <<<"$out")"
		put "scale.$n.lib_per_sec" "$(field per-sec <<<"$out")"
		put "scale.$n.mem_kb_added" "$((m1 - m0))"
		put "scale.$n.mem_bytes_per_ctx" "$(((m1 - m0) * 1024 / add))"
		log "scale: $n contexts installed; traffic on one of them, and plain"
		scale_point "$n"
	done
	log "scale: removing the contexts"
	local t0 t1
	t0=$(date +%s.%N)
	flush "$NS_S"
	t1=$(date +%s.%N)
	put "scale.flush_secs" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
}

# ---- d. install rates: srtpctl batch, ip xfrm batch ---------------------
bench_install() {
	local suite=AES_CM_128_HMAC_SHA1_80 i t0 t1 m0 m1 f=$WORK/xfrm.batch
	log "install: $XFRM_N xfrm states through ip -batch"
	for ((i = 0; i < XFRM_N; i++)); do
		printf 'xfrm state add src %s dst %s proto esp spi 0x%x mode transport aead rfc4106(gcm(aes)) 0x%040x 128\n' \
			"$S_SRC" "$S_DST" $((0x10000 + i)) "$i"
	done >"$f"
	m0=$(meminfo_kb)
	t0=$(date +%s.%N)
	ip -n "$NS_S" -batch "$f" || die "ip -batch xfrm"
	t1=$(date +%s.%N)
	m1=$(meminfo_kb)
	put "install.xfrm.count" "$XFRM_N"
	put "install.xfrm.per_sec" "$(awk -v n="$XFRM_N" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')"
	put "install.xfrm.mem_bytes_per_state" "$(((m1 - m0) * 1024 / XFRM_N))"
	ip -n "$NS_S" xfrm state flush

	log "install: $XFRM_N contexts through libksrtp (one call each)"
	local out
	flush "$NS_S"
	out=$(ip netns exec "$NS_S" "$CTXI" "$XFRM_N" "$suite" "$S_SRC:5004" "$S_DST:10000" 0x100000) ||
		die "ctx-install: $out"
	put "install.lib.count" "$XFRM_N"
	put "install.lib.per_sec" "$(field per-sec <<<"$out")"
	flush "$NS_S"

	# The library's batch call (branch "tools"): measured where it exists.
	local rc=0
	out=$(ip netns exec "$NS_S" "$CTXI" -b "$XFRM_N" "$suite" "$S_SRC:5004" "$S_DST:10000" 0x100000 2>&1) || rc=$?
	if ((rc == 0)); then
		log "install: $XFRM_N contexts through libksrtp's batch call"
		put "install.lib_batch.count" "$XFRM_N"
		put "install.lib_batch.per_sec" "$(field per-sec <<<"$out")"
	elif ((rc == 4)); then
		log "install: libksrtp has no batch call yet: not measured"
	else
		die "ctx-install -b: $out"
	fi
	flush "$NS_S"

	# srtpctl batch mode (branch "tools"): measured when this srtpctl has it.
	if "$SRTPCTL" --help 2>&1 | grep -qE '(^|[[:space:]])-b([[:space:]]|$|,)'; then
		log "install: $XFRM_N contexts through srtpctl -b"
		f=$WORK/srtpctl.batch
		for ((i = 0; i < XFRM_N; i++)); do
			printf 'add out local %s:5004 remote %s:%d ssrc 0x%x suite %s key %032x salt %028x\n' \
				"$S_SRC" "$S_DST" $((10000 + i % 20000)) $((0x100000 + i)) "$suite" "$i" "$i"
		done >"$f"
		t0=$(date +%s.%N)
		ip netns exec "$NS_S" "$SRTPCTL" -b "$f" >/dev/null || die "srtpctl -b"
		t1=$(date +%s.%N)
		put "install.srtpctl_batch.count" "$XFRM_N"
		put "install.srtpctl_batch.per_sec" "$(awk -v n="$XFRM_N" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')"
		flush "$NS_S"
	else
		log "install: srtpctl has no batch mode (-b) yet: not measured"
	fi
}

# ---- e. allocations per packet ------------------------------------------
T=/sys/kernel/tracing
# alloc_run LABEL [SUITE]: trace kmem allocations while one thread sends
# $ALLOC_PKTS packets; count the events of that thread.
alloc_run() {
	local label=$1 suite=${2:-} pid tr=$WORK/trace.$1 ev
	flush "$NS_S"
	if [[ -n $suite ]]; then
		[[ -e $WORK/s-$suite.key ]] || key "s-$suite" "$suite" >/dev/null
		ctx "$NS_S" out local "$S_SRC:5004" remote "$S_DST:6004" ssrc 0x5eed \
			suite "$suite" key-file "$WORK/s-$suite.key" >/dev/null
	fi
	echo 0 >$T/tracing_on
	echo >$T/trace
	echo 1 >$T/tracing_on
	ip netns exec "$NS_S" "$BLAST" send --cpu "$CPU_GEN" --src "$S_SRC:5004" \
		--dst "$S_DST:6004" --size "${SIZES%% *}" --count "$ALLOC_PKTS" >"$WORK/alloc.out" &
	pid=$!
	wait "$pid" || die "rtp-blast send (allocations)"
	echo 0 >$T/tracing_on
	cp $T/trace "$tr"
	local sent lines mod
	sent=$(field packets <"$WORK/alloc.out")
	# The sender's events by PID: the command name reads "<...>" with
	# tracing's record-cmd off (vm/guest-init.sh turns it off).
	lines=$(grep -cE "^ *[^ ]+-$pid +\[" "$tr")
	mod=$(grep -E "^ *[^ ]+-$pid +\[" "$tr" | grep -c '\[ksrtp\]')
	# Sending allocates (the skb): none seen means nothing was traced,
	# and a count of zero would read as "no allocation".
	((lines > 0)) || die "allocations: no kmem event of the sender (PID $pid) in the trace of $sent packets"
	put "alloc.$label.packets" "$sent"
	put "alloc.$label.events" "$lines"
	put "alloc.$label.ksrtp_events" "$mod"
	put "alloc.$label.lost" "$(grep -c 'LOST' "$tr")"
	flush "$NS_S"
}

# The kmem events are switched on once for all the runs, and each run
# opens the ring buffer with tracing_on: every switch of a tracepoint
# patches kernel text, which can wedge a multi-threaded TCG guest
# (Documentation/performance.rst).
alloc_events() { # 1|0
	local ev
	for ev in kmalloc kmem_cache_alloc mm_page_alloc kmalloc_node kmem_cache_alloc_node; do
		[[ -e $T/events/kmem/$ev/enable ]] && echo "$1" >"$T/events/kmem/$ev/enable"
	done
}

bench_alloc() {
	local suite
	[[ -w $T/tracing_on ]] || die "tracefs not mounted at $T"
	echo 65536 >$T/buffer_size_kb
	echo 0 >$T/tracing_on
	alloc_events 1
	log "allocations: $ALLOC_PKTS packets, no context"
	alloc_run plain
	for suite in "${SUITES[@]}"; do
		log "allocations: $ALLOC_PKTS packets, ksrtp $suite"
		alloc_run "$suite" "$suite"
	done
	for n in 1 8; do
		log "allocations: ksrtp forwarding, SRTP in, $n output(s)"
		fwd_alloc_run "$n"
	done
	alloc_events 0
	echo 1408 >$T/buffer_size_kb
}

# ---- f. forwarding: rtpengine's module, libsrtp2, ksrtp socket, ksrtp rules
# Generator (NS_A, CPU_GEN) -> veth -> NS_B (receive processing steered to
# CPU_RELAY) -> one input on R_IN:6000 -> N outputs from R_OUT:6002+i to
# R_SINK:7002+i over the dummy device d1, whose tx counter counts what was
# delivered to the outputs, whoever sent it. The figure: packets delivered
# to outputs per busy second of CPU_RELAY, busy = wall time less its idle
# time (/proc/stat's idle of a tickless CPU is measured, not sampled).
# Suite AES_CM_128_HMAC_SHA1_80 everywhere (rtpengine's common one); the
# generator's SRTP comes from a ksrtp context in NS_A.
FWD_SUITE=AES_CM_128_HMAC_SHA1_80
FWD_SSRC=0xbeef
FWD_POINTS=("srtp 160 1" "srtp 1200 1" "srtp 160 8" "srtp 1200 8" "plain 160 1")
if [[ -n ${KSRTP_BENCH_FWD_POINTS:-} ]]; then
	IFS=, read -r -a FWD_POINTS <<<"$KSRTP_BENCH_FWD_POINTS"
fi

# fwd_keys: FK1 the input's key ($WORK/f1.key), FK2 the outputs' keys,
# comma-separated ($WORK/f2-I.key): each output has a key of its own, as
# every subscriber of an SFU does (and ksrtp refuses two outbound contexts
# of one SSRC under one key: keystream reuse).
FWD_MAX_OUT=8
fwd_keys() {
	local i
	FK1=$(key f1 "$FWD_SUITE")
	FK2=''
	for ((i = 0; i < FWD_MAX_OUT; i++)); do
		FK2+="${FK2:+,}$(key "f2-$i" "$FWD_SUITE")"
	done
}

# fwd_setup MODE INPUT N: everything but the generator for one run.
FWD_RELAY_PID=''
fwd_setup() {
	local mode=$1 input=$2 n=$3 i c r out
	local -a rargs=()
	case $mode in
	rtpengine)
		ip netns exec "$NS_B" env "XTABLES_LIBDIR=$RTPE_XT" iptables -I INPUT -p udp --dport 6000 \
			-j RTPENGINE --id 0 || die "iptables -j RTPENGINE"
		out=$("$RTPE_CTL" add "$R_IN:6000" "$([[ $input == plain ]] && echo plain || echo "$FK1")" \
			"$n" "$R_OUT:6002" "$R_SINK:7002" "$FK2" 2>&1) || die "rtpengine-ctl add: $out"
		;;
	user | user_openssl | ksrtp_sock)
		if [[ $mode == ksrtp_sock ]]; then
			[[ $input == srtp ]] && ctx "$NS_B" in local "$R_IN:6000" remote "$R_GEN:5000" \
				ssrc $FWD_SSRC suite $FWD_SUITE key-file "$WORK/f1.key" >/dev/null
			for ((i = 0; i < n; i++)); do
				ctx "$NS_B" out local "$R_OUT:$((6002 + i))" remote "$R_SINK:$((7002 + i))" \
					ssrc $FWD_SSRC suite $FWD_SUITE key-file "$WORK/f2-$i.key" >/dev/null
			done
		else
			rargs=(--srtp "$FWD_SUITE" --key-hex "$FK1" --out-key-hex "$FK2")
			[[ $input == plain ]] && rargs+=(--plain-in)
		fi
		local -a benv=()
		[[ $mode == user_openssl ]] && benv=("${OSSL_ENV[@]}")
		: >"$WORK/fwd-relay.out"
		ip netns exec "$NS_B" "${benv[@]}" "$BLAST" relay --cpu "$CPU_RELAY" --listen "$R_IN:6000" \
			--src "$R_OUT:6002" --dst "$R_SINK:7002" --outputs "$n" \
			--secs "$((FWD_SECS + 2)).3" "${rargs[@]}" >"$WORK/fwd-relay.out" 2>&1 &
		FWD_RELAY_PID=$!
		for ((i = 0; i < 100; i++)); do
			grep -q ready "$WORK/fwd-relay.out" && break
			sleep 0.1
		done
		;;
	ipfwd_nat | ipfwd_stateless)
		# The stack floor: the kernel forwards the input's packets as
		# they are (SRTP ones too: no crypto) from R_IN:6000 to the
		# first output, R_OUT:6002 -> R_SINK:7002; nothing of ours.
		ip netns exec "$NS_B" sysctl -qw net.ipv4.ip_forward=1 || die "sysctl ip_forward"
		ip netns exec "$NS_B" nft -f - <<<"$(fwd_nft "$mode")" || die "nft: $mode ruleset"
		;;
	ksrtp_fwd)
		[[ $input == srtp ]] && ctx "$NS_B" in local "$R_IN:6000" remote "$R_GEN:5000" \
			ssrc $FWD_SSRC suite $FWD_SUITE key-file "$WORK/f1.key" >/dev/null
		local -a fa=(local "$R_IN:6000")
		if [[ $input == plain ]]; then fa+=(plain); else fa+=(ssrc "$FWD_SSRC"); fi
		out=$(ip netns exec "$NS_B" "$SRTPCTL" forward add "${fa[@]}") || die "srtpctl forward add: $out"
		r=${out#id }
		for ((i = 0; i < n; i++)); do
			c=$(ctx "$NS_B" out local "$R_OUT:$((6002 + i))" remote "$R_SINK:$((7002 + i))" \
				ssrc $FWD_SSRC suite $FWD_SUITE key-file "$WORK/f2-$i.key")
			out=$(ip netns exec "$NS_B" "$SRTPCTL" forward output add id "$r" ctx "$c") ||
				die "srtpctl forward output add: $out"
		done
		;;
	esac
}

# fwd_nft ipfwd_nat|ipfwd_stateless: the floor's ruleset, for nft -f.
# ipfwd_nat: conntrack NAT, as a kernel relay is usually set up: DNAT in
# prerouting, SNAT in postrouting, the first packet binds the flow and
# the others follow its conntrack entry. ipfwd_stateless: no conntrack
# (notrack before it, at raw priority), the addresses and ports rewritten
# in place by payload statements, which fix the checksums.
fwd_nft() {
	echo "table ip kb_floor {"
	if [[ $1 == ipfwd_nat ]]; then
		cat <<-EOF
			chain pre { type nat hook prerouting priority dstnat; policy accept;
				ip daddr $R_IN udp dport 6000 dnat to $R_SINK:7002; }
			chain post { type nat hook postrouting priority srcnat; policy accept;
				ip daddr $R_SINK udp dport 7002 snat to $R_OUT:6002; }
		EOF
	else
		cat <<-EOF
			chain pre { type filter hook prerouting priority raw; policy accept;
				ip daddr $R_IN udp dport 6000 notrack ip daddr set $R_SINK udp dport set 7002; }
			chain post { type filter hook postrouting priority srcnat; policy accept;
				ip daddr $R_SINK udp dport 7002 ip saddr set $R_OUT udp sport set 6002; }
		EOF
	fi
	echo "}"
}

fwd_teardown() {
	local mode=$1 out
	case $mode in
	rtpengine)
		out=$("$RTPE_CTL" del "$R_IN:6000" 2>&1) || die "rtpengine-ctl del: $out"
		ip netns exec "$NS_B" env "XTABLES_LIBDIR=$RTPE_XT" iptables -D INPUT -p udp --dport 6000 \
			-j RTPENGINE --id 0 || die "iptables -D"
		;;
	user | user_openssl | ksrtp_sock)
		wait "$FWD_RELAY_PID" || log "warning: relay: $(cat "$WORK/fwd-relay.out")"
		;;
	ipfwd_nat | ipfwd_stateless)
		ip netns exec "$NS_B" nft delete table ip kb_floor || die "nft delete table"
		ip netns exec "$NS_B" sysctl -qw net.ipv4.ip_forward=0 || die "sysctl ip_forward"
		;;
	esac
	flush "$NS_A"
	flush "$NS_B"
}

# fwd_gen SIZE RATE ARGS...: the generator, in the foreground; prints its
# output line.
fwd_gen() {
	local out
	out=$(ip netns exec "$NS_A" "$BLAST" send --cpu "$CPU_GEN" --src "$R_GEN:5000" \
		--dst "$R_IN:6000" --ssrc $FWD_SSRC --size "$1" --rate "$2" "${@:3}") ||
		die "generator: $out"
	echo "$out"
}

# fwd_run MODE INPUT SIZE N RATE: one measured run (sampled by perf into
# the file FWD_PROF if that is set: fwd_profile); FWD_LINE gets
# "delivered D busy B secs S score X offered O". The generator measures
# the window itself (rtp-blast send --measure-*): a script sampling
# /proc/stat would compete with it for its CPU and stretch the window.
FWD_LINE='' FWD_PROF=''
fwd_run() {
	local mode=$1 input=$2 size=$3 n=$4 rate=$5 g
	[[ $input == srtp ]] && ctx "$NS_A" out local "$R_GEN:5000" remote "$R_IN:6000" ssrc $FWD_SSRC \
		suite $FWD_SUITE key-file "$WORK/f1.key" >/dev/null
	fwd_setup "$mode" "$input" "$n"
	# fwdprof: perf samples the relay's CPU while the generator sends.
	local pp=''
	if [[ -n $FWD_PROF ]]; then
		perf record -q -e cpu-clock -F 2000 -C "$CPU_RELAY" -o "$FWD_PROF" \
			-- sleep "$FWD_SECS.8" 2>"$WORK/perf.err" &
		pp=$!
	fi
	g=$(fwd_gen "$size" "$rate" --secs "$FWD_SECS.8" --measure-cpu "$CPU_RELAY" \
		--measure-netdev "/proc/$FWD_NS_PID/net/dev:d1" --measure-after 0.5 \
		--measure-secs "$FWD_SECS")
	if [[ -n $pp ]] && ! wait "$pp"; then
		log "warning: perf record failed: $(tail -n1 "$WORK/perf.err")"
		rm -f "$FWD_PROF"
	fi
	fwd_teardown "$mode"
	FWD_LINE=$(awk '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1) }
		END { b = v["m-busy"]; if (b < 0.001) b = 0.001
			printf "delivered %d busy %.3f secs %.3f score %d offered %d\n",
				v["m-tx"], v["m-busy"], v["m-secs"], v["m-tx"] / b, v["pps"] }' <<<"$g")
}

fwd_modes() {
	FWD_MODES=()
	[[ $RTPE_OK == 1 ]] && FWD_MODES+=(rtpengine)
	FWD_MODES+=(user)
	((${#OSSL_ENV[@]})) && FWD_MODES+=(user_openssl)
	FWD_MODES+=(ksrtp_sock ksrtp_fwd)
	[[ $IPFWD_OK == 1 ]] && FWD_MODES+=(ipfwd_nat ipfwd_stateless)
	if [[ -n ${KSRTP_BENCH_FWD_MODES:-} ]]; then
		local m
		local -a keep=()
		for m in "${FWD_MODES[@]}"; do
			[[ " $KSRTP_BENCH_FWD_MODES " == *" $m "* ]] && keep+=("$m")
		done
		FWD_MODES=("${keep[@]}")
	fi
}

# The stack floor needs nft and nftables' NAT in the relay's namespace.
IPFWD_OK=0
ipfwd_check() {
	local why=ok m out
	if ! command -v nft >/dev/null; then
		why="not available: no nft (selftests/install-deps.sh installs nftables)"
	else
		for m in ipfwd_nat ipfwd_stateless; do
			if ! out=$(ip netns exec "$NS_B" nft -f - 2>&1 <<<"$(fwd_nft "$m")"); then
				why="not available: nft: $m ruleset: $out"
				break
			fi
			ip netns exec "$NS_B" nft delete table ip kb_floor
		done
	fi
	[[ $why == ok ]] && IPFWD_OK=1
	log "forwarding: the stack floor (kernel IP forwarding) $why"
	put fwd.ipfwd.status "$why"
}

# rtpengine's module for this kernel, if rtpengine.sh built it.
RTPE_OK=0 RTPE_XT=''
rtpe_load() {
	local why out
	why=$(cat "$RTPE/$(uname -r)/status" 2>/dev/null) || why="not available: not built for $(uname -r) (selftests/bench/rtpengine.sh)"
	if [[ $why == ok && ! -x $RTPE_CTL ]]; then
		why="not available: $RTPE_CTL not built"
	fi
	if [[ $why == ok ]]; then
		# shellcheck source=/dev/null
		RTPE_XT=$(. "$RTPE/env" && echo "$RTPENGINE_XTABLES:/usr/lib/x86_64-linux-gnu/xtables")
		# shellcheck source=/dev/null
		put fwd.rtpengine.version "$(. "$RTPE/env" && echo "$RTPENGINE_VERSIONS")"
		local ko dep
		ko=$RTPE/$(uname -r)/xt_RTPENGINE.ko
		for dep in $(modinfo -F depends "$ko" | tr , ' '); do
			modprobe -q "$dep" || log "warning: modprobe $dep (xt_RTPENGINE's dependency) failed"
		done
		if ! out=$(insmod "$ko" 2>&1); then
			why="not available: insmod xt_RTPENGINE.ko: $out"
		else
			RTPE_LOADED=1
			echo "add 0" >/proc/rtpengine/control || why="not available: add 0 to /proc/rtpengine/control failed"
		fi
	fi
	if [[ $why == ok ]]; then
		RTPE_OK=1
		log "forwarding: rtpengine's kernel module loaded"
	else
		log "forwarding: rtpengine's kernel module $why"
	fi
	put fwd.rtpengine.status "$why"
}

bench_fwd() {
	local pt input size n genmax rate0 r mode sc f
	rtpe_load
	ipfwd_check
	# The script's own processes stay off the relay's CPU; rtp-blast pins
	# itself.
	taskset -pc "$CPU_GEN" $$ >/dev/null || log "warning: could not pin the script to CPU $CPU_GEN"
	# A process in the relay's namespace: its /proc/PID/net/dev is where
	# the generator reads the outputs' device counter.
	ip netns exec "$NS_B" sleep 100000 &
	FWD_NS_PID=$!
	fwd_modes
	fwd_keys
	put fwd.suite "$FWD_SUITE"
	put fwd.secs "$FWD_SECS"
	for pt in "${FWD_POINTS[@]}"; do
		read -r input size n <<<"$pt"
		local id="$input.$size.$n"
		# The generator's ceiling: half what one thread sends (SRTP from a
		# ksrtp context, or plain) in the send part of this run.
		genmax=$(awk -v k="send.$size.$FWD_SUITE.ksrtp.pps" '$1 == k { print $2 }' "$RAW")
		[[ $input == plain ]] && genmax=$(awk -v k="send.$size.plain.pps" '$1 == k { print $2 }' "$RAW")
		genmax=$(awk -v g="${genmax:-20000}" 'BEGIN { printf "%d", g / 2 }')
		rate0=$(awk -v g="$genmax" -v n="$n" 'BEGIN { printf "%d", g / 5 / n }')
		put "fwd.$id.max_rate" "$genmax"
		# Each relay is offered what keeps its core about 70% busy, found
		# from the round before (round 0, not counted, at a rate common to
		# all): a lightly loaded core spends most of its time on waking up
		# per packet, an overloaded one drops what it has partly paid for.
		local -A rounds=() best=() bline=() rate=() rates=()
		for ((r = 0; r <= REPEAT; r++)); do
			for mode in "${FWD_MODES[@]}"; do
				# The floor forwards to one output: 1->1 points only.
				[[ $mode == ipfwd_* && $n != 1 ]] && continue
				[[ -n ${rate[$mode]:-} ]] || rate[$mode]=$rate0
				log "forwarding $id (input.payload.outputs), round $r/$REPEAT$( ((r)) || echo ' (calibration)'): $mode at ${rate[$mode]} pps"
				fwd_run "$mode" "$input" "$size" "$n" "${rate[$mode]}"
				sc=$(field score <<<"$FWD_LINE")
				if ((r == 0)); then
					put "fwd.$id.$mode.calibration" "${FWD_LINE// /,}"
				else
					rounds[$mode]+="${rounds[$mode]:+,}${sc:-0}"
					rates[$mode]+="${rates[$mode]:+,}${rate[$mode]}"
					if ((${sc:-0} >= ${best[$mode]:-0})); then
						best[$mode]=${sc:-0} bline[$mode]=$FWD_LINE
					fi
				fi
				rate[$mode]=$(awk -v r="${rate[$mode]}" -v g="$genmax" -v n="$n" '
					{ for (i = 1; i < NF; i++) v[$i] = $(i + 1) }
					END { f = (v["secs"] > 0 ? v["busy"] / v["secs"] : 0)
						x = (f > 0.05 ? r * 0.7 / f : r * 4)
						if (x > g) x = g; if (x < 20) x = 20; printf "%d", x }' <<<"$FWD_LINE")
			done
		done
		for mode in "${FWD_MODES[@]}"; do
			[[ $mode == ipfwd_* && $n != 1 ]] && continue
			put "fwd.$id.$mode.score_rounds" "${rounds[$mode]:-}"
			put "fwd.$id.$mode.rate_rounds" "${rates[$mode]:-}"
			for f in delivered busy secs score offered; do
				put "fwd.$id.$mode.$f" "$(field "$f" <<<"${bline[$mode]:-}")"
			done
		done
		# The floor: the faster form of kernel forwarding (best round),
		# as fwd.ID.ipfwd.*, its form in fwd.ID.ipfwd.form.
		if [[ -n ${rounds[ipfwd_nat]:-}${rounds[ipfwd_stateless]:-} ]]; then
			mode=ipfwd_nat
			((${best[ipfwd_stateless]:-0} > ${best[ipfwd_nat]:-0})) && mode=ipfwd_stateless
			put "fwd.$id.ipfwd.form" "${mode#ipfwd_}"
			put "fwd.$id.ipfwd.score_rounds" "${rounds[$mode]:-}"
			put "fwd.$id.ipfwd.rate_rounds" "${rates[$mode]:-}"
			for f in delivered busy secs score offered; do
				put "fwd.$id.ipfwd.$f" "$(field "$f" <<<"${bline[$mode]:-}")"
			done
		fi
		[[ $PARTS == *" fwdprof "* ]] && fwd_profile "$input" "$size" "$n" "$id"
		unset rounds best bline rate rates
	done
	kill "$FWD_NS_PID" 2>/dev/null
	taskset -pc "0-$(($(nproc) - 1))" $$ >/dev/null
}

# fwd_profile INPUT SIZE N ID (part "fwdprof", after a point's rounds):
# one more run of each kernel forwarder (rtpengine, ksrtp forwarding, and
# at 1->1 the stack floor's forms) at its last round's rate, perf
# sampling the relay's CPU (cpu-clock: TCG has no PMU) while the
# generator sends (fwd_run). Each class of perf-classes.awk gets
# its share of the busy samples times the run's busy time per delivered
# packet: fwd.ID.MODE.prof.CLASS in ns, fwd.ID.MODE.prof.top the hottest
# symbols. Both forwarders' figures so come from one clock, which part
# 7's floor, timed apart, does not share with them.
fwd_profile() {
	local input=$1 size=$2 n=$3 id=$4 mode data cls busy dl c
	if ! command -v perf >/dev/null; then
		put fwd.prof.status "not available: no perf (Debian: linux-perf)"
		return
	fi
	put fwd.prof.status ok
	sysctl -qw kernel.perf_event_paranoid=-1 kernel.kptr_restrict=0
	for mode in "${FWD_MODES[@]}"; do
		case $mode in
		rtpengine | ksrtp_fwd) ;;
		ipfwd_*) [[ $n == 1 ]] || continue ;;
		*) continue ;;
		esac
		data=$WORK/prof.$id.$mode.data
		log "forwarding $id: profiling $mode at ${rate[$mode]} pps"
		FWD_PROF=$data
		fwd_run "$mode" "$input" "$size" "$n" "${rate[$mode]}"
		FWD_PROF=''
		[[ -s $data ]] || continue
		perf report -i "$data" -q --stdio --sort dso,sym --percent-limit 0 \
			>"$data.syms" 2>/dev/null || { log "warning: perf report for $mode failed"; continue; }
		busy=$(field busy <<<"$FWD_LINE") dl=$(field delivered <<<"$FWD_LINE")
		cls=$(awk -f "$BENCH/perf-classes.awk" "$data.syms")
		for c in crypto fpu ksrtp rtpengine stack user; do
			put "fwd.$id.$mode.prof.$c" "$(awk -v c="$c" -v b="$busy" -v d="$dl" '
				{ v[$1] = $2 } END { nb = 100 - v["idle"]
					printf "%d", (nb > 0 && d > 0) ? v[c] / nb * b * 1e9 / d : 0 }' <<<"$cls")"
		done
		put "fwd.$id.$mode.prof.busy_ns" "$(awk -v b="$busy" -v d="$dl" 'BEGIN { printf "%d", (d > 0) ? b * 1e9 / d : 0 }')"
		put "fwd.$id.$mode.prof.top" "$(awk '$NF !~ /(idle|halt|mwait)/ { printf "%s%s=%s", (k++ ? ";" : ""), $NF, $1 }' "$data.syms" |
			cut -d';' -f1-8)"
		rm -f "$data"
	done
}

FWD_NS_PID=''
# fwd_alloc_run N: kmem events on the relay's CPU while ksrtp forwards
# ALLOC_PKTS/4 SRTP packets to N outputs (the kmem events are on:
# bench_alloc), per packet forwarded.
fwd_alloc_run() {
	local n=$1 cnt=$((ALLOC_PKTS / 4)) tr=$WORK/trace.fwd$1 d0 d1 lines skb mod
	[[ -n ${FK1:-} ]] || fwd_keys
	ctx "$NS_A" out local "$R_GEN:5000" remote "$R_IN:6000" ssrc $FWD_SSRC \
		suite $FWD_SUITE key-file "$WORK/f1.key" >/dev/null
	fwd_setup ksrtp_fwd srtp "$n"
	# The events of the relaying CPU are counted whoever caused them: the
	# script's own processes (srtpctl, ip, cat) stay on the generator's.
	taskset -pc "$CPU_GEN" $$ >/dev/null || log "warning: could not pin the script to CPU $CPU_GEN"
	echo 0 >$T/tracing_on
	echo >$T/trace
	d0=$(ip netns exec "$NS_B" cat /sys/class/net/d1/statistics/tx_packets)
	echo 1 >$T/tracing_on
	fwd_gen 160 2000 --count "$cnt" >/dev/null
	sleep 0.5
	echo 0 >$T/tracing_on
	d1=$(ip netns exec "$NS_B" cat /sys/class/net/d1/statistics/tx_packets)
	cp "$T/per_cpu/cpu$CPU_RELAY/trace" "$tr"
	taskset -pc "0-$(($(nproc) - 1))" $$ >/dev/null
	fwd_teardown ksrtp_fwd
	# Every kmem event on the relay's CPU in the window: the forwarding
	# path's and whatever else ran there (nothing else is meant to).
	lines=$(grep -cE '(kmalloc|kmem_cache_alloc|mm_page_alloc)' "$tr")
	skb=$(grep -E 'kmem_cache_alloc' "$tr" | grep -c 'call_site=__alloc_skb')
	mod=$(grep -c '\[ksrtp\]' "$tr")
	((d1 > d0)) || die "allocations: ksrtp forwarded nothing to $n output(s)"
	put "alloc.fwd$n.outputs" "$n"
	put "alloc.fwd$n.delivered" "$((d1 - d0))"
	put "alloc.fwd$n.packets" "$(((d1 - d0) / n))"
	put "alloc.fwd$n.events" "$lines"
	put "alloc.fwd$n.skb_heads" "$skb"
	put "alloc.fwd$n.ksrtp_events" "$mod"
	put "alloc.fwd$n.lost" "$(grep -c 'LOST' "$tr")"
	# What allocated, by event and call site, the most frequent first.
	put "alloc.fwd$n.sites" "$(grep -oE '(kmalloc|kmem_cache_alloc|mm_page_alloc)[a-z_]*: call_site=[^ +]+' "$tr" |
		sed 's/: call_site=/@/' | sort | uniq -c | sort -rn | head -n 8 |
		awk '{ printf "%s%s=%s", (NR > 1 ? ";" : ""), $2, $1 }')"
}

# ---- main ---------------------------------------------------------------
put meta.kernel "$(uname -r)"
put meta.cpus "$(nproc)"
put meta.cpu_model "$(awk -F': ' '/^model name/ { gsub(/ /, "_", $2); print $2; exit }' /proc/cpuinfo)"
put meta.machine "$(if [[ ${KSRTP_VM:-} == 1 ]]; then echo qemu-tcg; else echo host; fi)"
put meta.secs_per_point "$SECS"
put meta.repeat "$REPEAT"
put meta.libsrtp_nss "$(dpkg-query -W -f='${Version}' libsrtp2-1 2>/dev/null || echo unknown)"
if ((${#OSSL_ENV[@]})); then
	put meta.libsrtp_openssl "$(paste -sd';' "$OSSL_LIB/../../version" 2>/dev/null | sed 's/;/; /g' || echo unknown)"
fi
put meta.commit "${KSRTP_BENCH_COMMIT:-$(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)}"
put meta.date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
put meta.parts "${PARTS# }"
setup
[[ $PARTS == *" send "* ]] && bench_send
[[ $PARTS == *" alloc "* ]] && bench_alloc
[[ $PARTS == *" relay "* ]] && bench_relay
[[ $PARTS == *" fwd "* ]] && bench_fwd
[[ $PARTS == *" install "* ]] && bench_install
[[ $PARTS == *" scale "* ]] && bench_scale
put meta.wall_secs "$(($(date +%s) - start))"
cp "$RAW" "${OUT%.json}.raw"
/usr/bin/python3 "$BENCH/report.py" "$RAW" "$OUT"
