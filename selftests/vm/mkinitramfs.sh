#!/bin/bash
# mkinitramfs.sh KVER OUT [MODULES-DIR]
#
# Build a tiny busybox initramfs (gzip'd newc cpio) for kernel KVER that
#  - loads the modules needed to mount the host's root over virtio-9p
#    (whichever of them are modules rather than built in),
#  - mounts the 9p export tagged "hostroot" read-only at /newroot,
#  - switch_roots into it, executing the path given on the kernel command
#    line as ksrtp_init=PATH (the repo's selftests/vm/guest-init.sh).
# The modules come from MODULES-DIR/KVER (default /lib/modules/KVER; a
# chroot's lib/modules for a kernel installed there).
# Extra kernel command line knob: ksrtp_msize=N (9p msize, default 262144).
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
	echo "usage: $0 KVER OUT.cpio.gz [MODULES-DIR]" >&2
	exit 2
fi
KVER=$1
OUT=$2
MODDIR=${3:-/lib/modules}/$KVER
BUSYBOX=${BUSYBOX:-/bin/busybox}

[[ -d "$MODDIR" ]] || { echo "mkinitramfs: no $MODDIR" >&2; exit 1; }
[[ -f "$MODDIR/modules.dep" ]] || { echo "mkinitramfs: no $MODDIR/modules.dep" >&2; exit 1; }
# A dynamically linked busybox would need the host's libraries in the initramfs.
if ! [[ -x "$BUSYBOX" ]] || ldd "$BUSYBOX" >/dev/null 2>&1; then
	echo "mkinitramfs: $BUSYBOX is missing or not static (install busybox-static)" >&2
	exit 1
fi

# Modules we need, in the order we want them (dependencies are added first).
WANT=(virtio_pci 9pnet_virtio 9p)

declare -A DEP=()   # relpath -> "dep relpaths"
declare -A BYNAME=() # module name -> relpath
while IFS= read -r line; do
	mod=${line%%:*}
	DEP[$mod]=${line#*:}
	name=${mod##*/}
	name=${name%%.ko*}
	BYNAME[${name//-/_}]=$mod
done <"$MODDIR/modules.dep"

is_builtin() {
	# modules.builtin lists kernel/.../name.ko
	grep -qE "/${1//_/[-_]}\.ko$" "$MODDIR/modules.builtin" 2>/dev/null
}

ORDER=()
declare -A SEEN=()
add_mod() { # relpath
	local m=$1 d
	[[ -n "${SEEN[$m]:-}" ]] && return 0
	SEEN[$m]=1
	for d in ${DEP[$m]}; do
		add_mod "$d"
	done
	ORDER+=("$m")
}
for w in "${WANT[@]}"; do
	if [[ -n "${BYNAME[$w]:-}" ]]; then
		add_mod "${BYNAME[$w]}"
	elif is_builtin "$w"; then
		:
	else
		echo "mkinitramfs: $w is neither a module nor built into $KVER" >&2
		exit 1
	fi
done

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/ksrtp-initramfs.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT

mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,newroot,"lib/modules/$KVER"}
cp "$BUSYBOX" "$STAGE/bin/busybox"
for f in "$MODDIR"/modules.*; do
	[[ -f "$f" ]] && cp "$f" "$STAGE/lib/modules/$KVER/"
done

: >"$STAGE/modules.load"
for m in "${ORDER[@]}"; do
	dst="$STAGE/lib/modules/$KVER/${m%%.ko*}.ko"
	mkdir -p "$(dirname "$dst")"
	case "$m" in
	*.ko) cp "$MODDIR/$m" "$dst" ;;
	*.ko.xz) xz -dc "$MODDIR/$m" >"$dst" ;;
	*.ko.zst) zstd -qdc "$MODDIR/$m" >"$dst" ;;
	*.ko.gz) gzip -dc "$MODDIR/$m" >"$dst" ;;
	*) echo "mkinitramfs: unknown module format: $m" >&2; exit 1 ;;
	esac
	echo "/lib/modules/$KVER/${m%%.ko*}.ko" >>"$STAGE/modules.load"
done

cat >"$STAGE/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin

fail() {
	echo "initramfs: $*" >&2
	echo "initramfs: powering off" >&2
	echo o >/proc/sysrq-trigger
	sleep 60
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null

while read -r m; do
	insmod "$m" || fail "insmod $m failed"
done </modules.load

init=
msize=262144
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	ksrtp_init=*) init=${arg#ksrtp_init=} ;;
	ksrtp_msize=*) msize=${arg#ksrtp_msize=} ;;
	esac
done
[ -n "$init" ] || fail "no ksrtp_init= on the kernel command line"

# The virtio-9p device may appear a moment after its driver loads.
i=0
until mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize="$msize" hostroot /newroot 2>/dev/null; do
	i=$((i + 1))
	[ $i -ge 50 ] && fail "cannot mount 9p tag hostroot"
	sleep 0.1
done
[ -x "/newroot$init" ] || [ -f "/newroot$init" ] || fail "$init not found on the host root"

umount /dev 2>/dev/null
umount /sys
umount /proc
exec switch_root /newroot /bin/bash "$init"
INIT
chmod 755 "$STAGE/init"

mkdir -p "$(dirname "$OUT")"
tmp_out=$(mktemp "$OUT.XXXXXX")
(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 >"$tmp_out"
mv -f "$tmp_out" "$OUT"
