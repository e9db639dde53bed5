#!/bin/bash
# selftests/tools/build-cx.sh: builds rtp-peer-cx, rtp-peer's sources
# with --cryptex (-DRTP_PEER_CRYPTEX) against sid's libsrtp2 2.8 binary
# packages that selftests/bench/libsrtp-openssl.sh --cryptex extracted
# into the trixie chroot (its path in build/libsrtp-cryptex/root).
#
# Those need glibc 2.38 and the Debian 12 host has 2.36, so the build
# runs INSIDE the trixie chroot (selftests/vm/chroots.sh --run, trixie's
# gcc, sources copied to a fresh TRIXIE/tmp/ksrtp-cx.XXXXXX), giving
# selftests/tools/rtp-peer-cx.bin, a trixie binary. selftests/tools/
# rtp-peer-cx is then a wrapper script that runs it, from the host's
# root (and so in the VM, which sees the host's root, chroot included,
# over 9p) without chroot'ing, with the trixie chroot's dynamic loader:
#   TRIXIE/lib64/ld-linux-x86-64.so.2 --library-path \
#     ROOT/usr/lib/x86_64-linux-gnu:TRIXIE/lib/...:TRIXIE/usr/lib/... \
#     rtp-peer-cx.bin ARGS...
# (ROOT: the extracted packages, libsrtp2 and the NSS it is built on.)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$here/../.." && pwd)
die() {
	echo "build-cx: ERROR: $*" >&2
	exit 1
}

root=$(cat "$TOP/build/libsrtp-cryptex/root" 2>/dev/null) ||
	die "no build/libsrtp-cryptex/root (selftests/bench/libsrtp-openssl.sh --cryptex)"
trixie=${root%/opt/*}
inroot=${root#"$trixie"}
ld=$trixie/lib64/ld-linux-x86-64.so.2
[[ -x "$ld" && -x "$trixie/usr/bin/gcc" ]] || die "no trixie chroot with gcc at $trixie"
grep -q srtp_set_stream_use_cryptex "$root/usr/include/srtp2/srtp.h" 2>/dev/null ||
	die "no libsrtp2 2.8 header in $root (selftests/bench/libsrtp-openssl.sh --cryptex)"

SRCS=(rtp-peer.c packet.c suite.c kdf.c keys.c send.c recv.c util.c vectors.c schedule.c)
tmp=$(mktemp -d "$trixie/tmp/ksrtp-cx.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -- "${SRCS[@]/#/$here/}" "$here/rtp-peer.h" "$tmp/"
lib=$inroot/usr/lib/x86_64-linux-gnu
# shellcheck disable=SC2016 # expanded by sh -c in the chroot
"$TOP/selftests/vm/chroots.sh" --run "$trixie" /bin/sh -e -c '
	cd "$1"; inc=$2; lib=$3; shift 3
	gcc -std=gnu11 -O2 -g -Wall -Wextra -Werror -DRTP_PEER_CRYPTEX -I"$inc" \
		-o rtp-peer-cx.bin "$@" -L"$lib" -Wl,-rpath-link,"$lib" -lsrtp2' \
	sh "${tmp#"$trixie"}" "$inroot/usr/include" "$lib" "${SRCS[@]}" ||
	die "the build in the trixie chroot failed"
install -m 755 "$tmp/rtp-peer-cx.bin" "$here/rtp-peer-cx.bin"
cat >"$here/rtp-peer-cx.tmp" <<EOS
#!/bin/sh
# Made by selftests/tools/build-cx.sh: rtp-peer-cx.bin is a trixie binary
# on sid's libsrtp2 2.8 (in the trixie chroot), run with trixie's loader.
exec $ld --library-path $root/usr/lib/x86_64-linux-gnu:$trixie/lib/x86_64-linux-gnu:$trixie/usr/lib/x86_64-linux-gnu $here/rtp-peer-cx.bin "\$@"
EOS
chmod 755 "$here/rtp-peer-cx.tmp"
mv "$here/rtp-peer-cx.tmp" "$here/rtp-peer-cx"
"$here/rtp-peer-cx" --help >/dev/null 2>&1 || {
	"$here/rtp-peer-cx" --help >&2 || true
	die "the built rtp-peer-cx does not run with trixie's loader"
}
