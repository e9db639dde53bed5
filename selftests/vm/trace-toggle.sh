#!/bin/bash
# selftests/vm/trace-toggle.sh [ROUNDS] [record-cmd|no-record-cmd]
#
# Reproduces, without ksrtp, the guest wedge that stopped 47-dtls-srtp-
# gstreamer under QEMU TCG: CPU 1 runs a pipe between two processes, so
# that it passes through __schedule() and try_to_wake_up() all the time,
# while CPU 0 enables and disables one trace event (module:module_free,
# which nothing here hits) in a trace instance ROUNDS times (default
# 2000). With tracing's record-cmd option on (the kernel's default), the
# first event enabled also hooks a probe onto the sched_switch and
# sched_wakeup tracepoints to record command names, and the last one
# disabled unhooks it: each round patches the scheduler's code twice
# while CPU 1 runs through it. With "no-record-cmd" (what
# selftests/vm/guest-init.sh sets for every test run) only the module
# tracepoint's own call sites are patched. Prints the rounds done; a
# wedged guest prints nothing more (run-vm.sh ends it after a minute
# without heartbeat). An event enabled in any other trace instance while
# record-cmd is on keeps the scheduler's probes hooked, and then nothing
# is patched: run it where no other events are on.
#
#   make vm-run NOLOAD=1 KVER=6.12.118+deb12-amd64 \
#       CMD='selftests/vm/trace-toggle.sh 2000 record-cmd'
set -uo pipefail

rounds=${1:-2000}
mode=${2:-record-cmd}
T=/sys/kernel/tracing
I=$T/instances/ksrtp-toggle.$$
load=''

cleanup() {
	[[ -n $load ]] && kill -- -"$load" 2>/dev/null
	echo 0 >"$I/events/module/module_free/enable" 2>/dev/null
	rmdir "$I" 2>/dev/null
}
trap cleanup EXIT

case $mode in
record-cmd) echo 1 >$T/options/record-cmd ;;
no-record-cmd) echo 0 >$T/options/record-cmd ;;
*) echo "trace-toggle: mode is record-cmd or no-record-cmd" >&2; exit 2 ;;
esac
mkdir "$I" || exit 1
echo 0 >"$I/tracing_on"

setsid taskset -c 1 sh -c 'yes | cat >/dev/null' &
load=$!
taskset -p -c 0 $$ >/dev/null
sleep 1
echo "trace-toggle: $rounds rounds on $(uname -r), $mode"
start=$SECONDS
for ((i = 1; i <= rounds; i++)); do
	echo 1 >"$I/events/module/module_free/enable" || exit 1
	echo 0 >"$I/events/module/module_free/enable" || exit 1
	if ((i % 250 == 0)); then
		echo "trace-toggle: $i rounds in $((SECONDS - start)) s"
	fi
done
echo "trace-toggle: $rounds rounds, the guest is alive"
