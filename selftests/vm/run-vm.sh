#!/bin/bash
# run-vm.sh [options] -- CMD...
#
# Boot the Debian test kernel in QEMU (TCG) with the host's root file system
# visible read-only over 9p, run CMD (one shell command string, run by bash
# with cwd = the repo top, which has the same absolute path inside) and exit
# with its exit status. The command's output is streamed to stdout; the
# kernel console goes to a log file instead (see --console).
#
# Options:
#   --kver KVER      kernel release (default: selftests/vm/kver.sh); one
#                    installed in a chroot (kver.sh --root) boots that
#                    chroot's /boot/vmlinuz-KVER with --modules set to its
#                    lib/modules
#   --kernel PATH    boot this kernel image instead of /boot/vmlinuz-KVER
#   --no-initrd      no initramfs: the kernel has virtio-pci and 9p built
#                    in and mounts the host's / as its root itself (the
#                    debug kernel, selftests/vm/debug-kernel.sh)
#   --modules DIR    bind-mount DIR (a lib/modules tree holding the booted
#                    kernel's release) on /lib/modules inside the VM
#   --mem MB         guest memory (default 2048)
#   --smp N          guest CPUs (default 2)
#   --accel OPTS     QEMU's -accel (default tcg: multi-threaded TCG, one host
#                    thread per guest CPU; tcg,thread=single runs them all
#                    in one)
#   --timeout S      the command's time limit inside the VM (default 1500);
#                    the host kills QEMU S+300 seconds after starting it
#                    (KSRTP_VM_MARGIN=seconds changes the 300)
#   --env NAME=VAL   export NAME=VAL to the command (repeatable); KSRTP_*,
#                    V and CI from the caller's environment are passed too
#   --append ARGS    extra kernel command line arguments
#   --console        also stream the kernel console (to stderr)
#   -q, --quiet      no "run-vm:" status line at the start
#
# Exit status: the command's; 124 if it timed out; 125 if the VM failed
# (did not boot, crashed, wedged, or QEMU failed) before the command
# finished. A kernel that dies before init has started, or reports a
# problem before the command starts, is booted once more (see boot below).
#
# A wedged or crashed guest is ended within about a minute, not at the
# time limit (see watch below): when the kernel console reports a soft or
# hard lockup, an RCU stall, a breakpoint Oops (the emulator's text-patching
# hazard) or a panic, or when the guest's heartbeat (guest-init.sh rewrites
# it every 5 s while the command runs) is older than KSRTP_VM_WEDGE_SECS
# (default 60), or when the command has not started KSRTP_VM_BOOT_SECS
# (default 300) after QEMU did, or has printed nothing KSRTP_VM_QUIET_SECS
# (default 600) after QEMU started. The reason is in the run's "wedged"
# file and on stderr, with the console from the first sign of trouble.
#
# Files: build/vm/initramfs-KVER-HASH.cpio.gz (cache), build/vm/run.XXXXXX/
# (this run's results share: output.log, console.log, dmesg.log, exit-code;
# the newest 10 are kept), build/vm/last -> the newest run, and
# build/vm/last-console.log (kernel console of the newest finished run).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
# BAD_KMSG: the kernel log lines that fail a test.
# shellcheck source=../kmsg-patterns.sh
. "$HERE/../kmsg-patterns.sh"

append='' kver='' kernel='' initrd=1 moddir='' mem=2048 smp=2 timeout=1500 console=0 quiet=0 accel=tcg
envs=()
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }
while (($#)); do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--no-initrd) initrd=0; shift ;;
	--modules) moddir=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--accel) accel=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--env) envs+=("$2"); shift 2 ;;
	--append) append+=" $2"; shift 2 ;;
	--console) console=1; shift ;;
	-q | --quiet) quiet=1; shift ;;
	-h | --help) usage ;;
	--) shift; break ;;
	*) echo "run-vm: unknown option $1" >&2; usage ;;
	esac
done
(($#)) || usage
CMD="$*"
[[ "$timeout" =~ ^[0-9]+$ ]] || { echo "run-vm: bad --timeout $timeout" >&2; exit 2; }
[[ "$TOP" != *[[:space:]]* ]] || { echo "run-vm: the repo path must not contain spaces: $TOP" >&2; exit 2; }

if [[ -n "$kernel" ]]; then
	KERNEL=$kernel
	[[ -n "$kver" ]] || kver=${kernel##*/}
else
	[[ -n "$kver" ]] || kver=$("$HERE/kver.sh")
	KERNEL=/boot/vmlinuz-$kver
	# A kernel of a chroot (the 7.3 lane's, selftests/vm/chroots.sh): its
	# image and its modules, bind-mounted on /lib/modules in the guest.
	if [[ ! -e "$KERNEL" ]] && root=$("$HERE/kver.sh" --root "$kver" 2>/dev/null) && [[ "$root" != / ]]; then
		KERNEL=$root/boot/vmlinuz-$kver
		[[ -n "$moddir" ]] || moddir=$root/lib/modules
	fi
fi
[[ -z "$moddir" || -d "$moddir" ]] || { echo "run-vm: --modules $moddir is not a directory" >&2; exit 2; }
[[ -r "$KERNEL" ]] || { echo "run-vm: cannot read $KERNEL" >&2; exit 125; }
command -v qemu-system-x86_64 >/dev/null ||
	{ echo "run-vm: qemu-system-x86_64 missing (run selftests/install-deps.sh)" >&2; exit 125; }

BUILD=$TOP/build/vm
if ! mkdir -p "$BUILD" 2>/dev/null || ! [[ -w "$BUILD" ]]; then
	BUILD=${TMPDIR:-/tmp}/ksrtp-vm-$(id -u)
	mkdir -p "$BUILD"
fi

# Initramfs cache, keyed by kernel release and the generator script.
hash=$(cat "$HERE/mkinitramfs.sh" /bin/busybox | sha256sum | cut -c1-12)
INITRD=$BUILD/initramfs-$kver-$hash.cpio.gz
if ((initrd)) && [[ ! -s "$INITRD" ]]; then
	"$HERE/mkinitramfs.sh" "$kver" "$INITRD" ${moddir:+"$moddir"}
	# Drop stale generations.
	find "$BUILD" -maxdepth 1 -name 'initramfs-*.cpio.gz' ! -newer "$INITRD" \
		! -name "${INITRD##*/}" -delete 2>/dev/null || true
fi

RES=$(mktemp -d "$BUILD/run.XXXXXX")
chmod 755 "$RES"
printf '%s\n' "$CMD" >"$RES/cmd"
printf '%s\n' "$TOP" >"$RES/cwd"
printf '%s\n' "$timeout" >"$RES/timeout"
[[ -z "$moddir" ]] || printf '%s\n' "$moddir" >"$RES/moddir"
{
	while IFS= read -r name; do
		printf 'export %s=%q\n' "$name" "${!name}"
	done < <(compgen -e | grep -E '^(KSRTP_[A-Za-z0-9_]*|V|CI)$' | grep -vx 'KSRTP_VM.*' || true)
	for e in "${envs[@]}"; do
		[[ "$e" == *=* && "${e%%=*}" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] ||
			{ echo "run-vm: bad --env $e" >&2; exit 2; }
		printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"
	done
} >"$RES/env"
: >"$RES/stream.log"
: >"$RES/console.log"

qpid='' tpid='' cpid=''
# shellcheck disable=SC2317 # invoked by the traps
cleanup() {
	local p
	for p in $qpid $tpid $cpid; do
		kill "$p" 2>/dev/null || true
	done
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

P9=security_model=none,multidevs=remap
if ((initrd)); then
	BOOT=(-initrd "$INITRD")
	cmdline="console=ttyS0 quiet panic=-1 ksrtp_init=$HERE/guest-init.sh$append"
else
	BOOT=()
	cmdline="console=ttyS0 quiet panic=-1 root=hostroot rootfstype=9p"
	cmdline+=" rootflags=trans=virtio,version=9p2000.L,cache=loose,msize=262144 ro"
	cmdline+=" init=$HERE/guest-init.sh$append"
fi
# shellcheck disable=SC2054 # commas are QEMU's
QEMU=(
	qemu-system-x86_64
	-accel "$accel" -cpu max -smp "$smp" -m "$mem"
	-nographic -no-reboot -vga none -nic none -monitor none
	-kernel "$KERNEL" "${BOOT[@]}"
	-append "$cmdline"
	-fsdev "local,id=hostroot,path=/,$P9,readonly=on"
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
	-fsdev "local,id=repo,path=$TOP,$P9,readonly=on"
	-device virtio-9p-pci,fsdev=repo,mount_tag=repo
	-fsdev "local,id=results,path=$RES,$P9"
	-device virtio-9p-pci,fsdev=results,mount_tag=results
	-serial "file:$RES/console.log"
	-serial "file:$RES/stream.log"
)

((quiet)) || echo "run-vm: booting $kver ($accel, ${smp} CPUs, ${mem} MB), timeout ${timeout}s, results in ${RES#"$TOP"/}" >&2
margin=${KSRTP_VM_MARGIN:-300}
wedge_secs=${KSRTP_VM_WEDGE_SECS:-60}
boot_secs=${KSRTP_VM_BOOT_SECS:-300}
quiet_secs=${KSRTP_VM_QUIET_SECS:-600}
[[ "$wedge_secs$boot_secs$quiet_secs" =~ ^[0-9]+$ ]] ||
	{ echo "run-vm: KSRTP_VM_WEDGE_SECS, _BOOT_SECS and _QUIET_SECS must be numbers" >&2; exit 2; }
clean_console() {
	sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b[c]//g' -e 's/\r$//' "$RES/console.log"
}
# Console lines after which the guest does not recover (6.1 prints a
# breakpoint Oops as "int3: 0000 [#1]", 6.12 as "Oops: int3: 0000").
FATAL='soft lockup|hard LOCKUP|detected stalls? on CPU|self-detected stall|(Oops: |^ *(\[[ 0-9.]*\] )?)int3: [0-9a-f]{4} |Kernel panic'

# Wait for QEMU to exit; end it early if the guest wedged or crashed,
# writing the reason to $RES/wedged. Reads the console incrementally.
watch() {
	local now hb line seen=0 off=0 size from
	while kill -0 "$qpid" 2>/dev/null; do
		sleep 2
		now=$(date +%s)
		size=$(stat -c %s "$RES/console.log" 2>/dev/null) || size=0
		if ((!seen && size > off)); then
			from=$((off > 512 ? off - 512 : 0)) # a line split between reads
			line=$(tail -c +"$((from + 1))" "$RES/console.log" | head -c "$((size - from))" |
				tr -d '\r' | grep -a -m1 -E "$FATAL" || true)
			off=$size
			if [[ -n "$line" ]]; then
				# Give the kernel a few seconds to print the rest of the report.
				seen=$now
				printf 'the kernel console reports: %s\n' "${line:0:200}" >"$RES/wedged"
			fi
		fi
		if ((seen)); then
			((now - seen < 5)) || break
			continue
		fi
		[[ ! -e "$RES/exit-code" ]] || continue
		if [[ -e "$RES/heartbeat" ]]; then
			hb=$(stat -c %Y "$RES/heartbeat" 2>/dev/null) || hb=$now
			if ((now - hb > wedge_secs)); then
				echo "no heartbeat from the guest for $((now - hb)) s (wedged)" >"$RES/wedged"
				break
			fi
			if [[ ! -s "$RES/stream.log" ]] && ((now - start > quiet_secs)); then
				echo "the command printed nothing in $((now - start)) s (stuck)" >"$RES/wedged"
				break
			fi
		elif ((now - start > boot_secs)) && [[ ! -e "$RES/boot-report" ]]; then
			echo "the command had not started $((now - start)) s after QEMU did" >"$RES/wedged"
			break
		fi
	done
	kill "$qpid" 2>/dev/null || true
}

boot() {
	start=$(date +%s)
	rm -f "$RES/wedged" "$RES/heartbeat"
	timeout -k 10 $((timeout + margin)) "${QEMU[@]}" </dev/null >"$RES/qemu.log" 2>&1 &
	qpid=$!
	if ((console)); then
		tail -n +1 -s 0.2 -F --pid="$qpid" "$RES/console.log" 2>/dev/null >&2 &
		cpid=$!
	fi
	tail -n +1 -s 0.2 -F --pid="$qpid" "$RES/stream.log" 2>/dev/null &
	tpid=$!
	watch
	qrc=0
	wait "$qpid" || qrc=$?
	qpid=
	wait "$tpid" || true
	tpid=
	[[ -z "$cpid" ]] || wait "$cpid" || true
	cpid=
	elapsed=$(($(date +%s) - start))
}
: >"$RES/boot-retry"
boot
# A kernel that died before guest-init mounted the results share (it
# writes boot-time there first), or that guest-init found had reported a
# problem before the command started (boot-report), failed while booting,
# before the command or anything of ksrtp ran. Under TCG that is the
# emulator's doing (an int3 Oops, a KASAN report from an interrupt in
# early boot; Documentation/testing.rst, "Known emulator issues"): boot
# once more, and say so.
again() { # why file pattern: say why, with the first lines of file matching pattern
	echo "run-vm: $1" >&2
	grep -E -m4 "$3" "$2" | sed 's/^/  /' >&2 || true
	echo "run-vm: its console is in ${RES#"$TOP"/}/console-boot1.log; booting again" >&2
}
retry=1
wedged=$(cat "$RES/wedged" 2>/dev/null) || wedged=''
if [[ -f "$RES/exit-code" ]] || ((qrc == 124)); then
	retry=0
elif [[ -s "$RES/boot-report" ]]; then
	again "the kernel reported a problem while booting, before the command started:" \
		"$RES/boot-report" "$BAD_KMSG"
	mv -f "$RES/boot-report" "$RES/boot1-report.log"
	mv -f "$RES/dmesg.log" "$RES/dmesg-boot1.log" 2>/dev/null || true
elif [[ ! -e "$RES/boot-time" ]]; then
	again "the kernel died while booting, before init (QEMU exit $qrc after ${elapsed}s${wedged:+; $wedged}):" \
		"$RES/console.log" 'Oops|RIP:|Kernel panic|int3|lockup|stall'
else
	retry=0
fi
if ((retry)); then
	mv -f "$RES/console.log" "$RES/console-boot1.log"
	rm -f "$RES/boot-retry" "$RES/boot-time"
	: >"$RES/console.log"
	: >"$RES/stream.log"
	boot
fi

cp -f "$RES/console.log" "$BUILD/.last-console.log.$$" 2>/dev/null &&
	mv -f "$BUILD/.last-console.log.$$" "$BUILD/last-console.log"
ln -sfn "${RES##*/}" "$BUILD/last" 2>/dev/null || true
# Keep the newest 10 runs.
find "$BUILD" -maxdepth 1 -name 'run.*' -type d -printf '%T@ %p\n' | sort -rn |
	tail -n +11 | cut -d' ' -f2- | xargs -r rm -rf

if [[ -f "$RES/exit-code" ]]; then
	rc=$(cat "$RES/exit-code")
	[[ "$rc" =~ ^[0-9]+$ ]] || rc=125
	exit "$rc"
fi

{
	echo
	if [[ -s "$RES/wedged" ]]; then
		echo "run-vm: the guest wedged or crashed and was ended after ${elapsed}s: $(cat "$RES/wedged")"
		rc=125
	elif [[ -f "$RES/timed-out" ]]; then
		echo "run-vm: TIMEOUT: the command did not finish within ${timeout}s (blocked tasks are in $RES/console.log)"
		rc=124
	elif ((qrc == 124)); then
		echo "run-vm: TIMEOUT: the VM did not power off within $((timeout + margin))s; QEMU killed"
		rc=124
	else
		echo "run-vm: the VM died before the command finished (QEMU exit $qrc after ${elapsed}s)"
		rc=125
	fi
	if [[ -s "$RES/qemu.log" ]]; then
		echo "run-vm: QEMU said:"
		sed 's/^/  /' "$RES/qemu.log" | tail -n 20
	fi
	# Show the first sign of trouble if there is one, else the end.
	first=$(clean_console | grep -anE "Kernel panic|BUG:|Oops|WARNING:|general protection|$FATAL" | head -n1 | cut -d: -f1) || true
	if [[ -n "$first" ]]; then
		echo "run-vm: kernel console from the first error ($RES/console.log):"
		clean_console | tail -n +"$((first > 5 ? first - 5 : 1))" | head -n 60 | sed 's/^/  /' || true
	else
		echo "run-vm: last kernel console lines ($RES/console.log):"
		clean_console | tail -n 40 | sed 's/^/  /' || true
	fi
} >&2
exit "$rc"
