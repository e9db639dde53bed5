#!/bin/bash
# make install with DESTDIR into a temporary directory: every file in its
# place, and a program built against the installed header, pkg-config file
# and shared library runs.
set -u
cd "$(dirname "$0")/.." || exit 1
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fail() { echo "test-install: FAIL: $*"; exit 1; }

make -s install DESTDIR="$dest" PREFIX=/usr LIBDIR=/usr/lib >"$dest.log" 2>&1 ||
	{ cat "$dest.log"; rm -f "$dest.log"; fail "make install"; }
rm -f "$dest.log"
for f in usr/bin/srtpctl usr/share/man/man8/srtpctl.8 \
	usr/share/bash-completion/completions/srtpctl \
	usr/lib/libksrtp.a usr/lib/libksrtp.so usr/lib/libksrtp.so.0 \
	usr/include/ksrtp.h usr/include/linux/ksrtp.h usr/lib/pkgconfig/libksrtp.pc; do
	[[ -e $dest/$f ]] || fail "$f not installed"
done
[[ -x $dest/usr/bin/srtpctl ]] || fail "srtpctl not executable"
grep -q '^prefix=/usr' "$dest/usr/lib/pkgconfig/libksrtp.pc" || fail "libksrtp.pc prefix"

cat >"$dest/prog.c" <<'C'
#include <stdio.h>
#include <ksrtp.h>
int main(void)
{
	printf("%s\n", ksrtp_suite_name(KSRTP_SUITE_AEAD_AES_128_GCM));
	return ksrtp_suite_key_len(KSRTP_SUITE_AEAD_AES_128_GCM) != 16;
}
C
export PKG_CONFIG_PATH=$dest/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest
# shellcheck disable=SC2046 # word splitting of pkg-config's output is wanted
cc -o "$dest/prog" "$dest/prog.c" $(pkg-config --cflags --libs libksrtp) ||
	fail "building against the installed library"
out=$(LD_LIBRARY_PATH=$dest/usr/lib "$dest/prog") || fail "running against it"
[[ $out == AEAD_AES_128_GCM ]] || fail "prog printed '$out'"

make -s uninstall DESTDIR="$dest" PREFIX=/usr LIBDIR=/usr/lib >/dev/null || fail "make uninstall"
left=$(find "$dest/usr" -type f)
[[ -z $left ]] || fail "left after uninstall: $left"
echo "test-install: make install/uninstall with DESTDIR: ok"
