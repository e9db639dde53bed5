#!/bin/bash
# shellcheck disable=SC2034 # the variables are for the tests sourcing this
# Shared helpers for selftests/tests/*.sh. Source it first thing:
#
#   #!/bin/bash
#   . "$(dirname "$0")/../lib.sh"
#   setup_ksrtp_netns               # ksrtp loaded; ns_a <-> ns_b over a veth pair
#   in_a ping -c1 -W2 "$IP4_B" || ksft_fail "no IPv4 between the netns"
#   ksft_pass
#
# Exit codes (kselftest): 0 pass, 1 fail, 4 skip. run.sh runs each test as
# root inside the VM with the ksrtp module loaded; a test may rmmod/insmod
# it (see ksrtp_reload) but must leave it loaded.
#
# Variables:
#   TOP SELFTESTS         repo top, selftests/ dir (absolute)
#   SRTPCTL RTP_PEER      tools/srtpctl/srtpctl, selftests/tools/rtp-peer
#   MODULE                $TOP/ksrtp.ko
#   TEST_NAME             this test's file name without .sh
#   TEST_TMP              a scratch dir of this test (removed at exit)
#   TIMEOUT_SCALE         KSRTP_TIMEOUT_SCALE, checked (timeout-scale.sh)
#   ns_a ns_b             netns names (unique), set by setup_netns
#   VETH_A VETH_B         veth ends: VETH_A in ns_a, VETH_B in ns_b
#   IP4_A IP4_B IP6_A IP6_B   10.99.0.1 10.99.0.2 fd99::1 fd99::2
#   (prefixes /24 and /64: PFX4 PFX6)
# Functions:
#   ksft_pass [MSG] / ksft_fail MSG / ksft_skip MSG     print and exit
#   log MSG...             print a timestamped line
#   require_cmd CMD...     fail unless every CMD is in PATH (never skip:
#                          install-deps.sh installs what tests need)
#   require_file FILE...   fail unless every FILE exists (e.g. "$SRTPCTL")
#   require_module         fail unless ksrtp is loaded
#   ksrtp_loaded           true if ksrtp is in /proc/modules
#   ksrtp_reload [ARGS]    rmmod ksrtp (if loaded), load its dependencies
#                          and insmod $MODULE ARGS (selftests/load-module.sh)
#   setup_netns            create ns_a/ns_b, veth, addresses, links up
#   setup_ksrtp_netns [CMD...]   the opening of a test that moves packets:
#                          require_module, require_cmd CMD..., setup_netns
#   in_a CMD... / in_b CMD...   run CMD inside ns_a / ns_b
#   bg CMD...              start CMD in the background, killed at exit;
#                          its pid is in $BG_PID
#   bg_a CMD... / bg_b CMD...   the same inside ns_a / ns_b
#   defer CMD...           run CMD at exit (last registered runs first)
#   wait_for SECS CMD...   poll CMD every 0.05 s until it succeeds
#                          (returns 1 if it did not within SECS)
#   wait_for_file SECS FILE        ... until FILE is non-empty
#   wait_for_udp NS PORT [SECS]    ... until a UDP socket listens on PORT
#                                  in netns NS ("" = this netns)
#   check_eq WHAT EXPECTED ACTUAL  fail with a message unless equal

set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELFTESTS=$TOP/selftests
SRTPCTL=$TOP/tools/srtpctl/srtpctl
RTP_PEER=$TOP/selftests/tools/rtp-peer
MODULE=$TOP/ksrtp.ko
TEST_NAME=${0##*/}
TEST_NAME=${TEST_NAME%.sh}
. "$SELFTESTS/timeout-scale.sh"

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

IP4_A=10.99.0.1
IP4_B=10.99.0.2
PFX4=24
IP6_A=fd99::1
IP6_B=fd99::2
PFX6=64
VETH_A=veth-a
VETH_B=veth-b
ns_a=
ns_b=

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/$TEST_NAME.XXXXXX")

log() {
	local up _
	read -r up _ </proc/uptime 2>/dev/null || up='?'
	echo "[$up] $*"
}

ksft_pass() {
	[[ $# -eq 0 ]] || echo "PASS: $*"
	exit "$KSFT_PASS"
}
ksft_fail() {
	echo "FAIL: $*"
	exit "$KSFT_FAIL"
}
ksft_skip() {
	echo "SKIP: $*"
	exit "$KSFT_SKIP"
}

require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			ksft_fail "$c is not installed (selftests/install-deps.sh installs it)"
	done
}
require_file() {
	local f
	for f in "$@"; do
		[[ -e "$f" ]] || ksft_fail "$f does not exist (not built?)"
	done
}

ksrtp_loaded() {
	grep -q '^ksrtp ' /proc/modules 2>/dev/null
}
require_module() {
	ksrtp_loaded || ksft_fail "the ksrtp module is not loaded"
}
ksrtp_reload() {
	"$SELFTESTS/load-module.sh" "$MODULE" "$@"
}

# --- cleanup -----------------------------------------------------------
_KSFT_DEFER=()
_KSFT_BG=()
defer() {
	local q
	printf -v q '%q ' "$@"
	_KSFT_DEFER+=("$q")
}
_ksft_cleanup() {
	local rc=$? i p ns
	set +e
	for ((i = ${#_KSFT_DEFER[@]} - 1; i >= 0; i--)); do
		eval "${_KSFT_DEFER[i]}"
	done
	for p in "${_KSFT_BG[@]}"; do
		kill "$p" 2>/dev/null
	done
	for ns in $ns_a $ns_b; do
		p=$(ip netns pids "$ns" 2>/dev/null)
		# shellcheck disable=SC2086
		[[ -z "$p" ]] || kill $p 2>/dev/null
	done
	for p in "${_KSFT_BG[@]}"; do
		wait "$p" 2>/dev/null
	done
	for ns in $ns_a $ns_b; do
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TEST_TMP"
	exit "$rc"
}
trap _ksft_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- processes ---------------------------------------------------------
BG_PID=
bg() {
	"$@" &
	BG_PID=$!
	_KSFT_BG+=("$BG_PID")
}
bg_a() { bg ip netns exec "$ns_a" "$@"; }
bg_b() { bg ip netns exec "$ns_b" "$@"; }

# --- waiting -----------------------------------------------------------
# _nap SECS: sleep without starting a process. Under TCG an exec costs
# tens of milliseconds (sleep(1), date(1)); read(1)'s timeout on a pipe
# that never has data is a builtin. The pipe is opened once per test.
_KSFT_NAP_FD=
_nap() {
	[[ -n "$_KSFT_NAP_FD" ]] || exec {_KSFT_NAP_FD}<> <(:)
	read -r -t "$1" -u "$_KSFT_NAP_FD" _
	return 0
}
# _usecs: microseconds since the epoch, without date(1).
_usecs() { _USECS=${EPOCHREALTIME//[!0-9]/}; }

wait_for() {
	local secs=$1 deadline
	shift
	# Most waits are for something that is already there: no clock and
	# no pause then.
	"$@" && return 0
	# A slow kernel (the debug kernel) stretches every wait; success does
	# not wait longer.
	_usecs
	deadline=$((_USECS + secs * TIMEOUT_SCALE * 1000000))
	until "$@"; do
		_usecs
		((_USECS < deadline)) || return 1
		_nap 0.05
	done
}
_file_nonempty() { [[ -s "$1" ]]; }
wait_for_file() {
	wait_for "$1" _file_nonempty "$2"
}
_udp_listening() {
	local ns=$1 port=$2
	if [[ -n "$ns" ]]; then
		ip netns exec "$ns" ss -Hnlu "sport = :$port" | grep -q .
	else
		ss -Hnlu "sport = :$port" | grep -q .
	fi
}
wait_for_udp() {
	wait_for "${3:-10}" _udp_listening "$1" "$2"
}

check_eq() {
	[[ "$2" == "$3" ]] || ksft_fail "$1: expected '$2', got '$3'"
}

# --- network namespaces ------------------------------------------------
in_a() { ip netns exec "$ns_a" "$@"; }
in_b() { ip netns exec "$ns_b" "$@"; }

_link_up() { [[ "$(ip netns exec "$1" cat "/sys/class/net/$2/operstate" 2>/dev/null)" == up ]]; }

setup_netns() {
	local id
	id="$$-$RANDOM"
	ns_a=ksrtp-a-$id
	ns_b=ksrtp-b-$id
	ip netns add "$ns_a" || ksft_fail "ip netns add $ns_a"
	ip netns add "$ns_b" || ksft_fail "ip netns add $ns_b"
	ip link add "$VETH_A" netns "$ns_a" type veth peer name "$VETH_B" netns "$ns_b" ||
		ksft_fail "cannot create a veth pair"
	in_a ip link set lo up
	in_b ip link set lo up
	in_a ip addr add "$IP4_A/$PFX4" dev "$VETH_A"
	in_b ip addr add "$IP4_B/$PFX4" dev "$VETH_B"
	in_a ip addr add "$IP6_A/$PFX6" dev "$VETH_A" nodad
	in_b ip addr add "$IP6_B/$PFX6" dev "$VETH_B" nodad
	in_a ip link set "$VETH_A" up
	in_b ip link set "$VETH_B" up
	if ! wait_for 10 _link_up "$ns_a" "$VETH_A" || ! wait_for 10 _link_up "$ns_b" "$VETH_B"; then
		ksft_fail "veth links did not come up"
	fi
}

# The prologue of the tests that run ksrtp between two namespaces: the
# module loaded, the commands they need installed, ns_a <-> ns_b up.
# shellcheck disable=SC2120 # CMD... is optional
setup_ksrtp_netns() {
	require_module
	require_cmd "$@"
	setup_netns
}
