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
#   --cryptex 31-cryptex's libsrtp2 peer (issue 21), under
#             build/libsrtp-cryptex instead, and NOT built from source:
#             the mirror lists sid's libsrtp2 2.8 source but serves its
#             files as 404 (2.7's too), and sid's binary packages need
#             glibc 2.38 (the Debian 12 host has 2.36). So it takes sid's
#             binary packages libsrtp2-1 and libsrtp2-dev (2.8 or newer,
#             the header must declare srtp_set_stream_use_cryptex) and
#             the NSS they are built on (libnss3, libnspr4), with
#             apt-get download from a private "deb ... sid main" list,
#             and extracts them with dpkg-deb -x into the trixie chroot
#             (selftests/vm/chroots.sh, glibc 2.41; made by
#             selftests/install-deps.sh --chroots), at
#             TRIXIE/opt/ksrtp-libsrtp-cryptex (recorded in
#             build/libsrtp-cryptex/root; nothing goes onto the host's
#             system). selftests/tools/build-cx.sh then builds
#             rtp-peer-cx in that chroot. On failure (no chroot, no such
#             package) it exits 1 with the reason in
#             build/libsrtp-cryptex/error (31-cryptex prints it); until
#             it succeeds each call tries again. make check calls it.
#
# Writes build/libsrtp-openssl/version: "VERSION SUITE" of the source
# package, the compiler and the OpenSSL version it was built with.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=$TOP/build/libsrtp-openssl
MIN=0
check=0
cryptex=0
for a in "$@"; do
	case $a in
	--check) check=1 ;;
	--cryptex)
		DIR=$TOP/build/libsrtp-cryptex
		MIN=2.8
		cryptex=1
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

# --cryptex: sid's binary packages, extracted into the trixie chroot.
cryptex_sid() {
	local trixie root lib pkgs mirror ver t0 f
	trixie=${KSRTP_CHROOT_DIR:-/var/cache/ksrtp/chroot}/trixie
	root=$trixie/opt/ksrtp-libsrtp-cryptex
	lib=$root/usr/lib/x86_64-linux-gnu
	pkgs=(libsrtp2-1 libsrtp2-dev libnss3 libnspr4)
	cx_built() {
		[[ -e "$lib/libsrtp2.so.1" && -e "$lib/libnss3.so" && -s "$DIR/version" &&
			$(cat "$DIR/root" 2>/dev/null) == "$root" ]] &&
			grep -q srtp_set_stream_use_cryptex "$root/usr/include/srtp2/srtp.h"
	}
	if ((check)); then
		cx_built
		exit
	fi
	if cx_built; then
		say "cached: $(head -n1 "$DIR/version") in $root"
		exit 0
	fi
	[[ -x "$trixie/lib64/ld-linux-x86-64.so.2" && -x "$trixie/usr/bin/gcc" ]] ||
		die "no trixie chroot with gcc at $trixie (selftests/install-deps.sh --chroots makes it)"
	mirror=$("$TOP/selftests/vm/chroots.sh" --uri bookworm) ||
		die "no Debian apt source on this host to take the mirror from"
	t0=$(date +%s)
	rm -rf "$APT" "$DIR/debs" "$DIR/version" "$DIR/error" "$DIR/root" "$DIR/prefix"
	mkdir -p "$APT/sources.list.d" "$APT/lists/partial" "$APT/cache/archives/partial" "$DIR/debs"
	# (sid's Release file may be past its Valid-Until date on the mirror.)
	echo "deb [check-valid-until=no] $mirror sid main" >"$APT/sources.list"
	apt_opts=(-o "Dir::Etc::sourcelist=$APT/sources.list" -o "Dir::Etc::sourceparts=$APT/sources.list.d"
		-o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache" -o Dir::State::status=/dev/null
		-o APT::Architecture=amd64 -o APT::Architectures=amd64 -o Acquire::Languages=none -q)
	log=$DIR/build.log
	: >"$log"
	apt-get "${apt_opts[@]}" update >>"$log" 2>&1 || {
		cat "$log" >&2
		die "apt-get update of the sid list failed"
	}
	ver=$(apt-cache "${apt_opts[@]}" show libsrtp2-1 2>>"$log" |
		awk '/^Version: / { print $2 }' | sort -rV | head -n1)
	[[ -n "$ver" ]] || die "sid on $mirror has no libsrtp2-1 binary package"
	dpkg --compare-versions "$ver" ge "$MIN" ||
		die "sid's libsrtp2-1 is $ver, older than $MIN (no cryptex)"
	say "apt-get download ${pkgs[*]} (sid; libsrtp2 $ver)"
	# (_apt cannot write to build/: the download runs as the caller.)
	(cd "$DIR/debs" && apt-get "${apt_opts[@]}" -o APT::Sandbox::User=root download \
		"libsrtp2-1=$ver" "libsrtp2-dev=$ver" libnss3 libnspr4) >>"$log" 2>&1 || {
		tail -n 20 "$log" >&2
		die "apt-get download of sid's ${pkgs[*]} failed (log: $log)"
	}
	rm -rf "$root.new"
	mkdir -p "$root.new"
	for f in "$DIR"/debs/*.deb; do
		dpkg-deb -x "$f" "$root.new" || die "dpkg-deb -x $f failed"
	done
	grep -q srtp_set_stream_use_cryptex "$root.new/usr/include/srtp2/srtp.h" 2>/dev/null ||
		die "sid's libsrtp2-dev $ver declares no srtp_set_stream_use_cryptex (not cryptex's 2.8)"
	[[ -e "$root.new/usr/lib/x86_64-linux-gnu/libsrtp2.so.1" ]] ||
		die "sid's libsrtp2-1 $ver has no usr/lib/x86_64-linux-gnu/libsrtp2.so.1"
	rm -rf "$root"
	mv "$root.new" "$root"
	echo "$root" >"$DIR/root"
	{
		echo "$ver sid (binary packages, in the trixie chroot)"
		(cd "$DIR/debs" && ls -- *.deb)
	} >"$DIR/version"
	say "done in $(($(date +%s) - t0)) s: libsrtp2 $ver in $root"
	exit 0
}

built() {
	[[ -e "$PREFIX/lib/libsrtp2.so.1" && -s "$DIR/version" ]]
}

if ((cryptex)); then
	cryptex_sid # (exits)
fi
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
{
	echo "$got"
	gcc --version | head -n1
	echo "OpenSSL $(pkg-config --modversion openssl)"
} >"$DIR/version"
say "done in $(($(date +%s) - t0)) s: $(head -n1 "$DIR/version")"
