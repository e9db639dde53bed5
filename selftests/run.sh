#!/bin/bash
# selftests/run.sh [TEST...]
#
# The in-VM test runner (make check runs it via selftests/vm/run-vm.sh).
# Loads ./ksrtp.ko, runs every selftests/tests/*.sh in sorted order (or only
# the named ones: "10-foo", "10-foo.sh" or a glob like "2*"), each as one
# test, and prints KTAP:
#   TAP version 13 / 1..N / ok N name / ok N name # SKIP / not ok N name
# with each test's output indented by "# ". The very last line is
#   N passed, N failed[, N skipped]
# Exit status 0 iff nothing failed.
#
# A test exits 0 (pass), 4 (skip) or anything else (fail). It also fails if
# it takes longer than its timeout (KSRTP_TEST_TIMEOUT, default 300 s, or a
# "# TIMEOUT=SECS" line in the test), if the kernel log gains a BUG/WARNING/
# Oops/... line or the kernel a W/D/L taint while it runs, or if it leaves
# the ksrtp module unloaded. First, "kernel-boot" fails if the kernel log
# already has such a line before any test (or, with KSRTP_DEBUG_KERNEL=1,
# if lockdep is off). Two more tests frame them: "module-load"
# (insmod ./ksrtp.ko; fails on kernel warnings or on failed in-module
# self-tests, lines matching "ksrtp.*FAILED" or "selftest: N passed, M
# failed" with M > 0) and "module-unload" (rmmod must work cleanly). The
# last, "kernel-health", fails on any of those kernel log lines since
# kernel-boot (KASAN, UBSAN, lockdep, BUG, WARNING, Oops ...), on any taint but O
# (out-of-tree module) and E (unsigned module), and, on a kernel with
# kmemleak (the debug kernel, selftests/vm/debug-kernel.sh), on any leak
# it reports after the module is unloaded (leaks suspected before the
# module was loaded are cleared first).
#
# Environment:
#   KSRTP_TEST_TIMEOUT   default per-test timeout in seconds (300)
#   KSRTP_TIMEOUT_SCALE  multiply every test's timeout by this (1 to 100,
#                        default 1; the debug kernel is several times
#                        slower; see timeout-scale.sh)
#   KSRTP_DEBUG_KERNEL=1 the kernel must have kmemleak (kernel-health
#                        fails if it has not or if it is disabled) and
#                        lockdep on (kernel-boot fails if it is off)
#   KSRTP_INSMOD_ARGS    module parameters for insmod
#   KSRTP_NO_MODULE=1    do not load ksrtp.ko at all (harness debugging only)
#   KSRTP_TEXT_WATCH=1   after each test, name the kernel and module
#                        functions whose code changed while it ran
#                        (static keys, tracepoints; vm/text-watch.py)
#   KSRTP_FAULT=NAME:KIND  harness tests only (selftests/harness-test.sh):
#                        instead of running test NAME, break the guest.
#                        KIND panic: sysrq's crash; hazard: the emulator's
#                        text-patching hazard (vm/trace-toggle.sh with
#                        record-cmd); silence: stop the VM's heartbeat, a
#                        wedge that the console does not report
#
# Before each test it prints "# run.sh: begin NAME", so that whoever reads
# the stream knows which test was running if the VM dies (selftests/check.sh
# then fails that one and runs the rest in a fresh boot).
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$TOP" || exit 1
MODULE=$TOP/ksrtp.ko
TIMEOUT=${KSRTP_TEST_TIMEOUT:-300}
. "$TOP/selftests/timeout-scale.sh"
DEBUG_KERNEL=${KSRTP_DEBUG_KERNEL:-0}
read -r -a INSMOD_ARGS <<<"${KSRTP_INSMOD_ARGS:-}"
NO_MODULE=${KSRTP_NO_MODULE:-0}
[[ "$NO_MODULE" == 1 ]] || NO_MODULE=0
TEXT_WATCH=${KSRTP_TEXT_WATCH:-0}
FAULT=${KSRTP_FAULT:-}

# BAD_KMSG: the kernel log lines that fail a test.
. "$TOP/selftests/kmsg-patterns.sh"
# In-module self-test failures (kernel/selftest.c, KSRTP_SELFTEST=1 builds).
BAD_SELFTEST='ksrtp.*FAILED|ksrtp: selftest: [0-9]+ passed, [1-9][0-9]* failed'
# Taint flags: B(5) bad page, D(7) oops, W(9) warning, L(14) soft lockup.
BAD_TAINT=$(((1 << 5) | (1 << 7) | (1 << 9) | (1 << 14)))
# At the end: any taint but O(12) out-of-tree and E(13) unsigned module.
OK_TAINT=$(((1 << 12) | (1 << 13)))
KMEMLEAK=/sys/kernel/debug/kmemleak

if [[ ! -r /proc/modules ]]; then
	echo "run.sh: this kernel cannot load modules; run the tests in the VM:" >&2
	echo "  selftests/vm/run-vm.sh -- selftests/run.sh   (or: make check)" >&2
	exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
	echo "run.sh: must run as root" >&2
	exit 1
fi

ksrtp_loaded() { grep -q '^ksrtp ' /proc/modules; }

# Single-test report for when the runner cannot even start.
bail() {
	echo "TAP version 13"
	echo "1..1"
	printf '# %s\n' "$@"
	echo "not ok 1 module-load"
	echo "0 passed, 1 failed"
	exit 1
}

load_module() {
	local out
	out=$(timeout 300 "$TOP/selftests/load-module.sh" "$MODULE" "${INSMOD_ARGS[@]}" 2>&1) ||
		{ echo "$out"; return 1; }
}

# --- which tests ---------------------------------------------------------
shopt -s nullglob
all=("$TOP"/selftests/tests/*.sh)
tests=()
if (($#)); then
	for pat in "$@"; do
		pat=${pat##*/}
		pat=${pat%.sh}
		found=0
		for t in "${all[@]}"; do
			# No basename(1): an exec costs tens of milliseconds under TCG,
			# and check.sh names every test (29 names x 29 files).
			b=${t##*/}
			# shellcheck disable=SC2053
			if [[ "${b%.sh}" == $pat ]]; then
				tests+=("$t")
				found=1
			fi
		done
		((found)) || { echo "run.sh: no test matches '$pat'" >&2; exit 1; }
	done
else
	tests=("${all[@]}")
fi

if ((NO_MODULE)); then
	echo "# KSRTP_NO_MODULE=1: not loading ksrtp.ko (harness debugging only)"
else
	[[ -f "$MODULE" ]] || bail "ksrtp.ko not found at $MODULE: build it first (make module)"
fi

# Checks already run on the build host (selftests/host-tests.sh), if any.
HOST_RESULTS=${KSRTP_HOST_RESULTS:-}
host_lines=()
if [[ -n "$HOST_RESULTS" ]]; then
	[[ -r "$HOST_RESULTS" ]] || bail "KSRTP_HOST_RESULTS=$HOST_RESULTS is not readable"
	mapfile -t host_lines <"$HOST_RESULTS"
fi

# Under QEMU TCG a guest CPU can die with "Oops: int3" when the kernel
# rewrites a static branch that CPU is running through, which is what the
# first netfilter hook registered at a hook point, and the last removed,
# do to nf_hook(): Debian's 6.1 and 6.12 both crash that way without ksrtp
# (selftests/vm/nf-hook-toggle.sh; Documentation/testing.rst, "Known
# emulator issues"). selftests/vm/nf-keys-pin.nft, a hook at each point
# of the initial namespace, keeps those keys on for the whole run; the
# tests' namespaces see none of its hooks.
if [[ -n "${KSRTP_VM:-}" ]]; then
	pin_err=$(timeout 120 nft -f "$TOP/selftests/vm/nf-keys-pin.nft" 2>&1) ||
		bail "cannot hold netfilter's static keys on (selftests/vm/nf-keys-pin.nft): $pin_err"
	# The keys the kernel switches once per boot, on the first flow hash,
	# SO_REUSEPORT lookup or ICMP error (selftests/vm/once-keys.py), are
	# switched here, before any test traffic flows.
	# A failure here costs only the protection: say so and go on.
	once_err=$(timeout 120 "$TOP/selftests/vm/once-keys.py" 2>&1) ||
		echo "# warning: cannot switch the once-per-boot keys (selftests/vm/once-keys.py): $once_err"
fi

# The same for ksrtp's own tracepoints (trace-pin.sh): set whenever ksrtp
# is loaded and lacks it, after module-load and before each test (a test
# may have reloaded the module), when no test traffic flows.
# (vm/guest-init.sh turns off tracing's record-cmd, which would hook the
# scheduler's tracepoints as well.)
. "$TOP/selftests/trace-pin.sh"
pin_ksrtp_events() {
	[[ -n "${KSRTP_VM:-}" ]] || return 0
	ksrtp_trace_pin || echo "# warning: cannot pin ksrtp's tracepoints (trace-pin.sh)"
}

ntests=$((${#tests[@]} + ${#host_lines[@]} + 2)) # kernel-boot, kernel-health
((NO_MODULE)) || ntests=$((ntests + 2)) # module-load and module-unload
echo "TAP version 13"
echo "1..$ntests"
if [[ -n "${KSRTP_VM:-}" ]]; then
	echo "# kernel $(uname -r), $(nproc) CPUs, TCG VM"
	echo "# netfilter's static keys held on (table inet ksrtp-keys-pin, initial namespace)"
fi

npass=0 nfail=0 nskip=0 num=0
WORK=$(mktemp -d /tmp/ksrtp-run.XXXXXX)

taint() { cat /proc/sys/kernel/tainted; }

# Kernel log lines after the marker $1 (all lines if the marker scrolled out).
kmsg_since() {
	dmesg 2>/dev/null | awk -v m="$1" 'index($0, m) { buf = ""; next } { buf = buf $0 "\n" } END { printf "%s", buf }'
}

# If the kernel log after the marker $1 has a report (BAD_KMSG), print
# "$2:" and up to $3 lines around it, and succeed; fail if it has none.
kmsg_report() { # marker title lines
	local log
	log=$(kmsg_since "$1")
	grep -qE "$BAD_KMSG" <<<"$log" || return 1
	echo "# $2:"
	grep -E -B2 -A40 "$BAD_KMSG" <<<"$log" | head -n "$3" | sed 's/^/#   /'
}

# Which kernel code changed since the last call (KSRTP_TEXT_WATCH=1 only).
text_watch() { # name
	local out
	[[ "$TEXT_WATCH" == 1 ]] || return 0
	if out=$("$TOP/selftests/vm/text-watch.py" diff "$WORK/text" 2>&1); then
		echo "# text-watch: $1 left the kernel's code as it was"
	else
		echo "# text-watch: code changed during $1:"
		printf '#   %s\n' "${out//$'\n'/$'\n'#   }"
	fi
}

begin() { # name
	echo "# run.sh: begin $1"
}

report() { # name verdict(pass|fail|skip) reason...
	local name=$1 verdict=$2
	shift 2
	num=$((num + 1))
	case "$verdict" in
	pass) npass=$((npass + 1)); echo "ok $num $name" ;;
	skip) nskip=$((nskip + 1)); echo "ok $num $name # SKIP${1:+ $*}" ;;
	*) nfail=$((nfail + 1)); echo "not ok $num $name${1:+ # $*}" ;;
	esac
}

# Check the kernel log and taint after a test; prints problems, returns 1
# if there were any.
kernel_checks() { # marker taint_before
	local t0=$2 t1 ok=0
	kmsg_report "$1" "kernel log" 120 && ok=1
	t1=$(taint)
	if (((t1 & ~t0) & BAD_TAINT)); then
		echo "# kernel taint went from $t0 to $t1"
		ok=1
	fi
	return $ok
}

for line in "${host_lines[@]}"; do
	verdict=${line%% *}
	name=${line#* }
	if [[ "$verdict" != pass ]]; then
		tail -n 40 "$HOST_RESULTS.$name.log" 2>/dev/null | sed 's/^/# /'
	fi
	report "host:$name" "$verdict"
done

# The kernel before any test, ksrtp not loaded yet: a report already in
# the log comes from the boot (the kernel's or the emulator's), and fails
# here rather than in kernel-health, where it could hide a later one. On
# the debug kernel a report or taint during boot also turns lockdep off
# ("Disabling lock debugging"), which would leave the run without it.
BOOT_MARKER="ksrtp-selftest: boot checked"
boot_check() {
	local why=()
	# (The marker is not in the log yet: this reads all of it.)
	kmsg_report "$BOOT_MARKER" "kernel log before the first test" 120 &&
		why+=("kernel log")
	if [[ "$DEBUG_KERNEL" == 1 ]] &&
		! grep -qE '^ *debug_locks: *1$' /proc/lockdep_stats 2>/dev/null; then
		echo "# lockdep is off (/proc/lockdep_stats: debug_locks is not 1)"
		why+=("lockdep off")
	fi
	echo "$BOOT_MARKER" >/dev/kmsg 2>/dev/null
	if ((${#why[@]})); then
		report kernel-boot fail "${why[*]}"
	else
		report kernel-boot pass
	fi
}
begin kernel-boot
boot_check

# kmemleak: a scan, then "clear" greys what it suspects so far (boot-time
# allocations it cannot follow), so that the scans at the end report only
# what leaked while the tests ran. A scan takes tens of seconds under TCG.
kmemleak_ok() { [[ -w "$KMEMLEAK" ]] && echo scan >"$KMEMLEAK" 2>/dev/null; }
if kmemleak_ok; then
	echo clear >"$KMEMLEAK"
	echo "# kmemleak: on (boot-time suspects cleared)"
fi
if [[ "$TEXT_WATCH" == 1 ]]; then
	"$TOP/selftests/vm/text-watch.py" snap "$WORK/text" ||
		echo "# text-watch: cannot read the kernel's code; KSRTP_TEXT_WATCH ignored"
	[[ -s "$WORK/text" ]] || TEXT_WATCH=0
fi

LOADED=0
if ! ((NO_MODULE)); then
	begin module-load
	marker="ksrtp-selftest: begin $((num + 1)) module-load"
	echo "$marker" >/dev/kmsg 2>/dev/null
	t0=$(taint)
	start=$(date +%s)
	msg=$(load_module)
	rc=$?
	[[ -z "$msg" ]] || printf '# %s\n' "$msg"
	kmsg_since "$marker" | grep -i ksrtp | sed 's/^/# /'
	echo "# module-load: $(($(date +%s) - start))s"
	if ((rc != 0)); then
		report module-load fail "insmod failed"
	elif ! kernel_checks "$marker" "$t0"; then
		report module-load fail "kernel warning"
	elif kmsg_since "$marker" | grep -qE "$BAD_SELFTEST"; then
		report module-load fail "in-module self-test failed"
	else
		report module-load pass
	fi
	ksrtp_loaded && LOADED=1
	pin_ksrtp_events
	text_watch module-load
fi

for t in "${tests[@]}"; do
	name=${t##*/}
	name=${name%.sh}
	idx=$((num + 1))
	limit=$(sed -n 's/^# *TIMEOUT=\([0-9][0-9]*\).*/\1/p' "$t" | head -n1)
	limit=$((${limit:-$TIMEOUT} * TIMEOUT_SCALE))
	pin_ksrtp_events
	begin "$name"
	marker="ksrtp-selftest: begin $idx $name"
	echo "$marker" >/dev/kmsg 2>/dev/null
	t0=$(taint)
	tdir=$WORK/$name
	mkdir -p "$tdir"
	log=$WORK/$name.log
	: >"$log"
	start=$(date +%s)

	if [[ "$FAULT" == "$name":* ]]; then
		echo "# KSRTP_FAULT: breaking the guest (${FAULT#*:}) instead of running $name"
		case ${FAULT#*:} in
		panic) echo c >/proc/sysrq-trigger ;;
		hazard)
			# Unpin first: with record-cmd on, the pins' enabled events
			# would hold the scheduler's probes and nothing would patch.
			for f in "$PIN_TRACE"?/events/ksrtp/enable; do echo 0 >"$f"; done
			timeout 300 "$TOP/selftests/vm/trace-toggle.sh" 1000000 record-cmd
			echo "# KSRTP_FAULT: the hazard did not strike in 300 s; panicking"
			echo c >/proc/sysrq-trigger
			;;
		silence) kill -STOP "$(cat /run/ksrtp-heartbeat.pid)" && sleep 3600 ;;
		esac
	fi
	# timeout(1) puts the test in its own process group, which we kill
	# afterwards so that stray background processes cannot linger.
	TMPDIR=$tdir timeout -k 10 "$limit" bash "$t" </dev/null >"$log" 2>&1 &
	tpid=$!
	tail -n +1 -s 0.2 -f --pid="$tpid" "$log" | sed 's/^/# /'
	wait "$tpid"
	rc=$?
	kill -KILL -- "-$tpid" 2>/dev/null
	secs=$(($(date +%s) - start))

	problems=()
	if ((rc == 124)); then
		echo "# TIMEOUT: $name did not finish within ${limit}s"
		problems+=("timeout")
	fi
	if ! kernel_checks "$marker" "$t0"; then
		problems+=("kernel warning")
	fi
	if ((LOADED)) && ! ksrtp_loaded; then
		echo "# the test left ksrtp unloaded; reloading it"
		problems+=("left ksrtp unloaded")
		msg=$(load_module) || printf '# %s\n' "$msg"
	fi
	leftover=$(ip netns list 2>/dev/null)
	if [[ -n "$leftover" ]]; then
		echo "# warning: leftover network namespaces (deleted): $(echo "$leftover" | awk '{print $1}' | xargs)"
		ip -all netns del 2>/dev/null
	fi
	rm -rf "$tdir"
	echo "# $name: exit $rc, ${secs}s"
	text_watch "$name"

	if ((${#problems[@]})); then
		report "$name" fail "${problems[*]}"
	elif ((rc == 0)); then
		report "$name" pass
	elif ((rc == 4)); then
		report "$name" skip
	else
		report "$name" fail
	fi
done

if ! ((NO_MODULE)); then
	begin module-unload
	marker="ksrtp-selftest: begin $((num + 1)) module-unload"
	echo "$marker" >/dev/kmsg 2>/dev/null
	t0=$(taint)
	if ! ksrtp_loaded; then
		report module-unload fail "ksrtp not loaded"
	elif ! out=$(rmmod ksrtp 2>&1); then
		echo "# rmmod ksrtp: $out"
		report module-unload fail "rmmod failed"
	elif ! kernel_checks "$marker" "$t0"; then
		report module-unload fail "kernel warning"
	else
		report module-unload pass
	fi
fi

# The kernel log since kernel-boot (all of it if that scrolled out), the
# taint, and kmemleak.
begin kernel-health
health=()
kmsg_report "$BOOT_MARKER" "kernel log since the tests began" 300 &&
	health+=("kernel log")
t1=$(taint)
if ((t1 & ~OK_TAINT)); then
	echo "# kernel taint $t1 has flags other than O and E (see Documentation/admin-guide/tainted-kernels.rst)"
	health+=("taint $t1")
fi
if kmemleak_ok; then
	# Objects must stay unreferenced over two scans, some seconds apart,
	# before kmemleak reports them.
	sleep 5
	echo scan >"$KMEMLEAK"
	leaks=$(cat "$KMEMLEAK")
	if [[ -n "$leaks" ]]; then
		echo "# kmemleak: $(grep -c '^unreferenced object' <<<"$leaks") suspected leaks:"
		head -n 400 <<<"$leaks" | sed 's/^/#   /'
		health+=("kmemleak")
	else
		echo "# kmemleak: no leaks"
	fi
elif [[ "$DEBUG_KERNEL" == 1 ]]; then
	echo "# kmemleak: $KMEMLEAK is missing or kmemleak is disabled (see the kernel log)"
	health+=("no kmemleak")
fi
if ((${#health[@]})); then
	report kernel-health fail "${health[*]}"
else
	report kernel-health pass
fi

rm -rf "$WORK"
summary="$npass passed, $nfail failed"
((nskip == 0)) || summary+=", $nskip skipped"
echo "$summary"
((nfail == 0))
