#!/bin/bash
# shellcheck disable=SC2034 # PIN_TRACE is for the scripts sourcing this
# ksrtp_trace_pin: hold every ksrtp tracepoint at two probes, so that a
# test enabling or disabling ksrtp's events in its own trace instance
# patches no code. Enabling an event whose tracepoint has no probe yet, or
# one, switches a static key and a static call in ksrtp's packet path
# (ksrtp_receive_one, ksrtp_send_one, ...), and under multi-threaded TCG a CPU
# running through code another CPU patches can wedge (Documentation/
# testing.rst, "Known emulator issues"). Two idle trace instances,
# tracing off and ksrtp's events on, are the two probes; a third and
# its removal change nothing but a list. Idempotent, and cheap when the
# pin is there; sets it again after ksrtp was reloaded. Call it when no
# test traffic flows: selftests/run.sh does after loading ksrtp and
# before each test, srtp-lib.sh's trace_open before it enables events.
PIN_TRACE=/sys/kernel/tracing/instances/ksrtp-pin
ksrtp_trace_pin() {
	local i
	grep -q '^ksrtp ' /proc/modules || return 0
	for i in 1 2; do
		[[ -d "$PIN_TRACE$i" ]] || mkdir "$PIN_TRACE$i" 2>/dev/null || return 1
		echo 0 >"$PIN_TRACE$i/tracing_on"
		[[ -e "$PIN_TRACE$i/events/ksrtp/enable" ]] || return 1
		[[ "$(cat "$PIN_TRACE$i/events/ksrtp/enable")" == 1 ]] ||
			echo 1 >"$PIN_TRACE$i/events/ksrtp/enable" || return 1
	done
}
