#!/bin/bash
# debug-kernel.sh [--print-dir | --build]
#
# Build (once per machine) the debug test kernel: Debian's linux-source-6.1
# with KASAN (inline), UBSAN, lockdep (PROVE_LOCKING), DEBUG_ATOMIC_SLEEP and
# kmemleak, plus everything the tests need built in (virtio, 9p root, so
# no initramfs; veth, netfilter, crypto drivers). The config is
# "make defconfig" + kernel/configs/kvm_guest.config + debug-kernel.config.
#
# The build is cached outside the work tree, keyed by the config fragment,
# the source package version and RECIPE below (bump it when a change to
# this script changes what it builds):
#   ${KSRTP_DEBUG_KERNEL_CACHE:-/var/cache/ksrtp/debug-kernel}/KEY/
#     bzImage         the kernel to boot (run-vm.sh --kernel ... --no-initrd)
#     System.map
#     kver            its release (uname -r inside)
#     build/          the built source tree: usable as KDIR for
#                     out-of-tree modules (has Module.symvers)
#     modules/        INSTALL_MOD_PATH of its modules (lib/modules/KVER,
#                     with modules.builtin, for modprobe inside the VM)
#     build.log, build-seconds
#
# Prints the cache directory on stdout as its last line. --print-dir only
# prints where it would be (and exits 1 if it is not built yet).
# Builds with "nice -n 19 make -j${KSRTP_DEBUG_KERNEL_JOBS:-2}".
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FRAG=$HERE/debug-kernel.config
TARBALL=/usr/src/linux-source-6.1.tar.xz
JOBS=${KSRTP_DEBUG_KERNEL_JOBS:-2}
CACHE=${KSRTP_DEBUG_KERNEL_CACHE:-/var/cache/ksrtp/debug-kernel}

mode=build
case "${1:-}" in
--print-dir) mode=print ;;
--build | '') ;;
*) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2 ;;
esac

[[ -r "$TARBALL" ]] || { echo "debug-kernel: $TARBALL missing (install linux-source-6.1: selftests/install-deps.sh)" >&2; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) || srcver=$(stat -c %s-%Y "$TARBALL")
RECIPE=1
key=$({ echo "$srcver $RECIPE"; cat "$FRAG"; } | sha256sum | cut -c1-16)
D=$CACHE/$key

if [[ "$mode" == print ]]; then
	echo "$D"
	[[ -f "$D/done" ]]
	exit
fi

mkdir -p "$CACHE"
exec 8>"$CACHE/.lock"
if ! flock -n 8; then
	echo "debug-kernel: another build holds $CACHE/.lock; waiting" >&2
	flock 8
fi
if [[ -f "$D/done" ]]; then
	echo "$D"
	exit 0
fi

for t in bc flex bison make gcc; do
	command -v "$t" >/dev/null || { echo "debug-kernel: $t missing (run selftests/install-deps.sh)" >&2; exit 1; }
done
[[ -f /usr/include/libelf.h && -f /usr/include/openssl/ssl.h ]] ||
	{ echo "debug-kernel: libelf-dev/libssl-dev missing (run selftests/install-deps.sh)" >&2; exit 1; }

rm -rf "$D"
mkdir -p "$D"
log=$D/build.log
echo "debug-kernel: building the debug kernel in $D (nice, -j$JOBS; log: $log); this takes a while" >&2
start=$(date +%s)
(
	set -x
	tar -xJf "$TARBALL" -C "$D"
	mv "$D/linux-source-6.1" "$D/build"
	cd "$D/build"
	make -s defconfig
	scripts/kconfig/merge_config.sh -m .config kernel/configs/kvm_guest.config "$FRAG"
	make -s olddefconfig
	# Did every option we asked for stick? (A missing dependency silently
	# drops it.)
	bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) want=$line; name=${line%%=*} ;;
		'# CONFIG_'*' is not set') name=${line#\# }; name=${name%% *}; want="# $name is not set" ;;
		*) continue ;;
		esac
		have=$(grep -E "^($name=|# $name is not set)" .config || echo "# $name is not set")
		if [[ "$have" != "$want" ]]; then
			echo "debug-kernel: wanted '$want', got '$have'" >&2
			bad=1
		fi
	done <"$FRAG"
	((bad == 0)) || exit 1
	nice -n 19 make -j"$JOBS" bzImage modules
	nice -n 19 make -s modules_install INSTALL_MOD_PATH="$D/modules" INSTALL_MOD_STRIP=1
) >"$log" 2>&1 || {
	echo "debug-kernel: the build failed; the end of $log:" >&2
	tail -n 30 "$log" >&2
	exit 1
}
cd "$D/build"
cp arch/x86/boot/bzImage System.map "$D/"
make -s kernelrelease >"$D/kver"
# Drop object files no module build needs (keeps Module.symvers, the
# headers, scripts and generated files: KDIR stays usable).
find . -name '*.o' ! -path './scripts/*' ! -path './tools/objtool/*' -delete
rm -f vmlinux.o
echo $(($(date +%s) - start)) >"$D/build-seconds"
touch "$D/done"
# Older generations of the cache.
find "$CACHE" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -exec rm -rf {} +
echo "debug-kernel: built $(cat "$D/kver") in $(cat "$D/build-seconds")s" >&2
echo "$D"
