#!/bin/bash
# Second-stage init of the test VM (PID 1 after switch_root; see
# mkinitramfs.sh and run-vm.sh). The root file system is the host's "/"
# over 9p, read-only. Writable: /tmp, /run, /dev/shm (tmpfs) and the
# results share.
#
# Protocol with run-vm.sh, all files in the results share (9p tag
# "results", mounted at $KSRTP_VM_RESULTS=/run/ksrtp-vm):
#   in:  cmd        shell command, run with bash -c
#        cwd        directory to run it in (the repo top)
#        timeout    seconds before the VM gives up and powers off
#        env        bash-sourced file of exported variables (optional)
#        moddir     a lib/modules tree to bind-mount on /lib/modules
#                   (optional; for a kernel that is not the host's
#                   packages', run-vm.sh --modules)
#        boot-retry present on a first boot: if the kernel log already
#                   has a report (kmsg-patterns.sh) before the command
#                   starts, write boot-report and power off instead
#   out: output.log the command's stdout+stderr (also streamed to ttyS1)
#        exit-code  the command's exit status
#        timed-out  present if the command hit the timeout
#        dmesg.log  kernel log at the end
#        boot-time  seconds since kernel start when this script began
#        boot-report the report that ended a first boot (see boot-retry)
#        heartbeat  the guest's uptime, rewritten every 5 s while the
#                   command runs (run-vm.sh watches it)
# The repo itself is a third, read-only 9p share (tag "repo") mounted at
# its host path, so it is reachable even when it lives under /tmp or /run.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp/home TERM=dumb LANG=C.UTF-8
export KSRTP_VM=1 KSRTP_VM_RESULTS=/run/ksrtp-vm
R=$KSRTP_VM_RESULTS
P9OPTS=trans=virtio,version=9p2000.L,msize=262144

log() {
	local up _
	read -r up _ </proc/uptime 2>/dev/null || up='?'
	echo "[$up] guest-init: $*" >/dev/console 2>/dev/null || echo "guest-init: $*"
}

poweroff_now() {
	sync
	echo o >/proc/sysrq-trigger
	sleep 30 2>/dev/null
	# Still here? Exiting PID 1 panics, and panic=-1 + -no-reboot ends QEMU.
	exit 1
}

# Each exec of a dynamically linked program costs a noticeable fraction of a
# second under TCG over 9p: use the static busybox for the early mounts.
BB=/bin/busybox
[[ -x "$BB" ]] || BB=
mount() { ${BB:+"$BB"} mount "$@"; }
mkdir() { ${BB:+"$BB"} mkdir "$@"; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm 2>/dev/null
# What udev would add: bash's <(...) needs /dev/fd.
${BB:+"$BB"} ln -sfn /proc/self/fd /dev/fd
${BB:+"$BB"} ln -sfn /proc/self/fd/0 /dev/stdin
${BB:+"$BB"} ln -sfn /proc/self/fd/1 /dev/stdout
${BB:+"$BB"} ln -sfn /proc/self/fd/2 /dev/stderr
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
mkdir -p "$R" /run/netns /run/lock "$HOME"

read -r uptime _ </proc/uptime

# A sleep that needs no exec: read with a timeout from a FIFO nobody writes.
${BB:+"$BB"} mkfifo /run/guest-init.fifo && exec 9<>/run/guest-init.fifo
nap() { read -r -t "$1" -u 9 _ 2>/dev/null || true; }

if ! mount -t 9p -o "$P9OPTS,rw" results "$R"; then
	log "cannot mount the results share"
	poweroff_now
fi
echo "$uptime" >"$R/boot-time"

cwd=$(cat "$R/cwd" 2>/dev/null) || cwd=/
timeout=$(cat "$R/timeout" 2>/dev/null) || timeout=1500
[[ "$timeout" =~ ^[0-9]+$ ]] || timeout=1500
if [[ "$cwd" != / ]]; then
	mkdir -p "$cwd" 2>/dev/null # only possible inside a tmpfs (/tmp, /run)
	# Read-only and unchanged while the VM runs: let the guest cache it.
	# (The results directory is also visible through it, but read it through
	# the results share: this view may be stale.)
	if ! mount -t 9p -o "$P9OPTS,ro,cache=loose" repo "$cwd"; then
		log "cannot mount the repo share at $cwd"
		poweroff_now
	fi
fi

moddir=$(cat "$R/moddir" 2>/dev/null) || moddir=
if [[ -n "$moddir" ]]; then
	if ! mount -o bind "$moddir" /lib/modules; then
		log "cannot bind-mount $moddir on /lib/modules"
		poweroff_now
	fi
	# The tests can tell a kernel booted from a chroot's modules.
	export KSRTP_VM_MODDIR=$moddir
fi
log "shares mounted"
echo ksrtp-vm >/proc/sys/kernel/hostname
ip link set lo up

# No udev here: load the CPU-accelerated crypto drivers ourselves, or the
# crypto API silently falls back to the generic C implementations.
# They are independent; loading them in parallel saves seconds under TCG
# (each runs the crypto self-tests for what it registers).
# Which of them are modules depends on the kernel: on 7.x the SHA and
# GHASH code is built in (lib/crypto) and crypto_simd and cryptd are gone,
# so only aesni_intel is left; a name that is not a module is no error.
crypto_mods=(aesni_intel sha1_ssse3 sha256_ssse3 ghash_clmulni_intel)
for m in "${crypto_mods[@]}"; do
	modprobe -q "$m" 2>/dev/null &
done
wait
modprobe -q -a crypto_simd cryptd 2>/dev/null
crypto_mods+=(crypto_simd cryptd)
unset -f mount mkdir
loaded=() absent=()
mapfile -t lsmod </proc/modules
for m in "${crypto_mods[@]}"; do
	if [[ " ${lsmod[*]%% *} " == *" $m "* ]]; then
		loaded+=("$m")
	else
		absent+=("$m")
	fi
done
log "crypto modules loaded: ${loaded[*]:-none}; not modules of $(</proc/sys/kernel/osrelease): ${absent[*]:-none}"

# Nothing may rewrite hot kernel code once the command runs: under
# multi-threaded TCG a CPU running through code that another CPU patches
# can wedge or die (Documentation/testing.rst, "Known emulator issues").
# Enabling any trace event also starts recording command names, which
# hooks a probe onto the scheduler's sched_switch and sched_wakeup
# tracepoints and so patches __schedule() and try_to_wake_up(); a new
# trace instance takes this option from the top one, so with it off the
# tests' instances hook their own events only.
echo 0 >/sys/kernel/tracing/options/record-cmd 2>/dev/null ||
	log "cannot turn off tracing's record-cmd"
# Everything the kernel says from now on goes to the console log (ttyS0),
# which run-vm.sh keeps; the command's output goes to ttyS1.
echo 7 >/proc/sys/kernel/printk

out=/dev/ttyS1
if [[ -c "$out" ]] && stty -F "$out" 115200 raw -echo -onlcr 2>/dev/null; then
	:
else
	out=/dev/console
fi

if [[ -f "$R/env" ]]; then
	# shellcheck disable=SC1091
	. "$R/env"
fi

run_cmd() {
	local cmd teepid cmdpid rc i
	cmd=$(cat "$R/cmd")
	exec 3> >(exec tee "$R/output.log" >"$out")
	teepid=$!
	(
		cd "$cwd" || exit 125
		exec bash -c "$cmd"
	) </dev/null >&3 2>&3 &
	cmdpid=$!
	exec 3>&-
	wait "$cmdpid"
	rc=$?
	# Background processes the command left behind keep tee's pipe open.
	for ((i = 0; i < 20; i++)); do
		kill -0 "$teepid" 2>/dev/null || break
		nap 0.1
	done
	if kill -0 "$teepid" 2>/dev/null; then
		log "killing processes the command left running"
		kill -KILL -1 2>/dev/null # everything but PID 1 (us)
	fi
	return "$rc"
}

# A report in the kernel log now comes from the kernel's own boot (under
# TCG, at times the emulator's: Documentation/testing.rst, "Known emulator
# issues"), before the command or anything of ksrtp ran. On a first boot,
# hand it to run-vm.sh, which boots once more; on the second, run the
# command, and the harness's kernel-boot check fails on it.
if [[ -f "$R/boot-retry" ]]; then
	# shellcheck source=../kmsg-patterns.sh
	. "${BASH_SOURCE[0]%/*}/../kmsg-patterns.sh"
	report=$(dmesg 2>/dev/null | grep -E -B2 -A20 "$BAD_KMSG" | head -n 40)
	if [[ -n "$report" ]]; then
		log "the kernel reported a problem while booting; powering off"
		dmesg >"$R/dmesg.log" 2>&1
		printf '%s\n' "$report" >"$R/boot-report"
		poweroff_now
	fi
fi

(
	sleep "$timeout"
	: >"$R/timed-out"
	log "command timed out after ${timeout}s; blocked tasks:"
	echo w >/proc/sysrq-trigger
	echo >"$out"
	echo "guest-init: TIMEOUT: the command did not finish within ${timeout}s" >"$out"
	dmesg >"$R/dmesg.log" 2>&1
	poweroff_now
) &
watchdog=$!
disown "$watchdog"

# The heartbeat: run-vm.sh takes a guest whose heartbeat file has not
# changed for a minute for wedged (both CPUs stuck, as under the emulator
# hazard in Documentation/testing.rst) and ends it. Real-time priority,
# so that a busy guest still beats; the file holds the guest's uptime.
(
	while :; do
		read -r up _ </proc/uptime
		echo "$up" >"$R/heartbeat"
		nap 5
	done
) &
heartbeat=$!
disown "$heartbeat"
echo "$heartbeat" >/run/ksrtp-heartbeat.pid
chrt -f -p 50 "$heartbeat" >/dev/null 2>&1 || log "heartbeat: no real-time priority"

log "running command (timeout ${timeout}s)"
run_cmd
rc=$?
kill "$watchdog" "$heartbeat" 2>/dev/null
log "command exited with $rc"

dmesg >"$R/dmesg.log" 2>&1
echo "$rc" >"$R/exit-code"
poweroff_now
