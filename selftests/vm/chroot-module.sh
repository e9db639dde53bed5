#!/bin/bash
# selftests/vm/chroot-module.sh DIR KVER [KBUILD-ARGS...]
#
# Builds ./ksrtp.ko for a kernel whose headers live in chroot DIR (see
# selftests/vm/chroots.sh; make vm-build uses it for such a kernel, e.g.
# the 7.3 test lane's): copies the module's sources (Kbuild, kernel/,
# uapi/) to a fresh directory under DIR/tmp, runs
#   make -C /lib/modules/KVER/build M=... KBUILD-ARGS... modules
# inside the chroot and copies ksrtp.ko back to the repository's top.
# The compiler's output goes to stdout/stderr; the exit status is make's.
set -uo pipefail

[[ $# -ge 2 && -d "$1" ]] || { echo "usage: $0 DIR KVER [KBUILD-ARGS...]" >&2; exit 2; }
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir=$1 kver=$2
shift 2

tmp=$(mktemp -d "$dir/tmp/ksrtp-module.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
cp -a "$TOP/Kbuild" "$TOP/kernel" "$TOP/uapi" "$tmp/" || exit 1
find "$tmp" -type f \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \) -delete
echo "  CHROOT  $dir: make -C /lib/modules/$kver/build M=${tmp#"$dir"} $* modules"
"$TOP/selftests/vm/chroots.sh" --run "$dir" make -j"$(nproc)" -C "/lib/modules/$kver/build" \
	M="${tmp#"$dir"}" "$@" modules || exit
cp "$tmp/ksrtp.ko" "$TOP/ksrtp.ko"
