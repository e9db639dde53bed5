#!/bin/bash
# selftests/bench/libsrtp-openssl.sh [--cryptex] [--check]
#
# The benchmark's strongest userspace peer (issue 22): libsrtp2 built on
# OpenSSL from Debian's own source package, installed under
# build/libsrtp-openssl/prefix (never over the system's library, which
# stays Debian's NSS build). Same soname as Debian's libsrtp2, so
# selftests/bench/rtp-blast runs on it with LD_LIBRARY_PATH=PREFIX/lib
# (selftests/bench/run.sh does that for its "libsrtp2/OpenSSL" rows).
# `make bench` calls it; make check calls it with --cryptex (below).
#
# Cached: once PREFIX/lib/libsrtp2.so.1 and build/libsrtp-openssl/version
# exist it does nothing (no network). Otherwise it writes a private apt
# configuration under build/libsrtp-openssl/apt (deb-src entries for sid,
# trixie and bookworm, on the mirror of the host's own bookworm source,
# selftests/vm/chroots.sh --uri; the host's /etc/apt is not touched),
# and takes the newest source version of libsrtp2 the mirror serves:
# sid's first (2.8), then the older ones where a newer one's files are
# not downloadable. It is configured with --enable-openssl and built with
# the host's toolchain (Debian 12: gcc 12, OpenSSL 3.0; libssl-dev and
# dpkg-dev come from selftests/install-deps.sh).
#
#   --check   build nothing; exit 0 if the cached build is there
#   --cryptex the build of 31-cryptex's libsrtp2 peer (issue 21), under
#             build/libsrtp-cryptex instead: only versions 2.8 and newer
#             (RFC 9335 cryptex, srtp_set_stream_use_cryptex) are taken;
#             if the mirror serves none it fails, with the reason in
#             build/libsrtp-cryptex/error (the test prints it). Until it
#             is built each call tries again (the network: one apt-get
#             update of the private lists). make check calls it, and
#             vm-build then builds selftests/tools/rtp-peer-cx on it.
#
# Writes build/libsrtp-openssl/version: "VERSION SUITE" of the source
# package, the compiler and the OpenSSL version it was built with.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=$TOP/build/libsrtp-openssl
MIN=0
check=0
for a in "$@"; do
	case $a in
	--check) check=1 ;;
	--cryptex)
		DIR=$TOP/build/libsrtp-cryptex
		MIN=2.8
		;;
	*)
		echo "usage: $0 [--cryptex] [--check]" >&2
		exit 2
		;;
	esac
done
PREFIX=$DIR/prefix
APT=$DIR/apt
want=''
[[ $MIN == 0 ]] || want=" $MIN or newer"
SUITES=(sid trixie bookworm)

say() { echo "libsrtp-openssl: $*" >&2; }
die() {
	say "ERROR: $*"
	mkdir -p "$DIR" && echo "$*" >"$DIR/error"
	exit 1
}

# With --cryptex the headers must have the cryptex API (2.8's).
built() {
	[[ -e "$PREFIX/lib/libsrtp2.so.1" && -s "$DIR/version" ]] &&
		{ [[ $MIN == 0 ]] || grep -q srtp_set_stream_use_cryptex "$PREFIX/include/srtp2/srtp.h"; }
}

if ((check)); then
	built
	exit
fi
if built; then
	say "cached: $(head -n1 "$DIR/version") in $PREFIX"
	exit 0
fi

mirror=$("$TOP/selftests/vm/chroots.sh" --uri bookworm) ||
	die "no Debian apt source on this host to take the mirror from"
t0=$(date +%s)
rm -rf "$APT" "$DIR/src" "$PREFIX" "$DIR/version" "$DIR/error"
mkdir -p "$APT/sources.list.d" "$APT/lists/partial" "$APT/cache/archives/partial" "$DIR/src"
for s in "${SUITES[@]}"; do
	# (sid's Release file may be past its Valid-Until date on the mirror.)
	echo "deb-src [check-valid-until=no] $mirror $s main"
done >"$APT/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$APT/sources.list" -o "Dir::Etc::sourceparts=$APT/sources.list.d"
	-o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache" -o Acquire::Languages=none -q)
log=$DIR/build.log
: >"$log"
apt-get "${apt_opts[@]}" update >>"$log" 2>&1 || {
	cat "$log" >&2
	die "apt-get update of the deb-src entries failed"
}

# Every source version of libsrtp2 in the lists with its suite, newest first.
mapfile -t cands < <(for s in "${SUITES[@]}"; do
	f=$(compgen -G "$APT/lists/*_dists_${s}_main_source_Sources*" | head -n1) || continue
	/usr/lib/apt/apt-helper cat-file "$f" |
		awk -v s="$s" '/^Package: / { p = $2 } /^Version: / && p == "libsrtp2" { print $2, s }'
done | sort -rV -k1,1 | while read -r v s; do
	dpkg --compare-versions "$v" ge "$MIN" && echo "$v $s"
done)
((${#cands[@]})) || die "no libsrtp2 source package$want in ${SUITES[*]}"

got=''
for c in "${cands[@]}"; do
	read -r ver suite <<<"$c"
	say "apt-get source libsrtp2=$ver ($suite)"
	if (cd "$DIR/src" && apt-get "${apt_opts[@]}" source "libsrtp2=$ver") >"$log.try" 2>&1; then
		cat "$log.try" >>"$log"
		got="$ver $suite"
		break
	fi
	cat "$log.try" >>"$log"
	# (The mirror may list a version whose files it does not serve.)
	say "  not downloadable from the mirror (HTTP 404); trying the next older version"
	rm -rf "${DIR:?}/src/"*
done
rm -f "$log.try"
[[ -n "$got" ]] || die "no libsrtp2 source version$want could be downloaded from the mirror (tried: ${cands[*]}; log: $log)"

src=$(find "$DIR/src" -mindepth 1 -maxdepth 1 -type d -name 'libsrtp2-*' | head -n1)
[[ -n "$src" ]] || die "apt-get source unpacked nothing (log: $log)"
say "building libsrtp2 $got with OpenSSL into $PREFIX"
(
	cd "$src"
	./configure --enable-openssl --prefix="$PREFIX"
	make -j"$(nproc)" shared_library
	make install
) >>"$log" 2>&1 || {
	tail -n 40 "$log" >&2
	die "the build failed (log: $log)"
}
[[ -e "$PREFIX/lib/libsrtp2.so.1" ]] || die "make install left no $PREFIX/lib/libsrtp2.so.1"
[[ $(ldd "$PREFIX/lib/libsrtp2.so.1") == *libcrypto.so* ]] ||
	die "$PREFIX/lib/libsrtp2.so.1 is not linked with OpenSSL's libcrypto"
built || die "libsrtp2 $got has no srtp_set_stream_use_cryptex (not cryptex's 2.8)"
{
	echo "$got"
	gcc --version | head -n1
	echo "OpenSSL $(pkg-config --modversion openssl)"
} >"$DIR/version"
say "done in $(($(date +%s) - t0)) s: $(head -n1 "$DIR/version")"
