#!/bin/bash
# selftests/bench/rtpengine.sh [KVER...]
#
# The benchmark's in-kernel forwarding peer: rtpengine's kernel module as
# Debian 12 ships it (rtpengine-kernel-dkms, source only, and
# rtpengine-iptables, the iptables extension), for `make bench`.
#
#  - Downloads the two .debs of bookworm with a private apt configuration
#    under build/rtpengine/apt (a "deb" entry for bookworm on the mirror of
#    the host's own Debian source, selftests/vm/chroots.sh --uri; the
#    host's /etc/apt is not touched) and extracts them under
#    build/rtpengine/root.
#  - Builds selftests/bench/rtpengine-ctl (our control program) against
#    the header the package ships (build/rtpengine/root/usr/src/
#    rtpengine-VERSION/xt_RTPENGINE.h; nothing of rtpengine is copied into
#    the project).
#  - For each KVER (default: selftests/vm/kver.sh's), builds xt_RTPENGINE.ko
#    in build/rtpengine/KVER with `make -C /lib/modules/KVER/build M=...`.
#
# Writes build/rtpengine/KVER/status: "ok" or "not available: REASON".
# selftests/bench/run.sh reads it in the VM and reports the module as
# absent (never a made-up figure) for a kernel where it is not "ok".
# build/rtpengine/env holds the paths run.sh needs (the module source,
# the iptables extension directory). Never fails `make bench` for the
# peer's sake: a failure here is a status line, exit 0.
#
# Cached: the download once; the module once per kernel (and the control
# program when its source is newer).
set -uo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=$TOP/build/rtpengine
APT=$DIR/apt
ROOT=$DIR/root
PKGS=(rtpengine-kernel-dkms rtpengine-iptables)
SUITE=bookworm

say() { echo "rtpengine: $*" >&2; }

# unavailable KVER REASON: the status every kernel gets when the sources
# themselves are missing.
unavailable() {
	local k
	for k in "${KVERS[@]}"; do
		mkdir -p "$DIR/$k"
		echo "not available: $1" >"$DIR/$k/status"
	done
	say "not available: $1"
	exit 0
}

KVERS=("$@")
if ((${#KVERS[@]} == 0)); then
	k=$("$TOP/selftests/vm/kver.sh") || k=''
	[[ -n $k ]] || {
		say "no test kernel (selftests/vm/kver.sh)"
		exit 0
	}
	KVERS=("$k")
fi
mkdir -p "$DIR"

# ---- the packages ----------------------------------------------------------
src_dir() { compgen -G "$ROOT/usr/src/rtpengine-*" | head -n1; }

if [[ -z $(src_dir) || ! -s $DIR/versions ]]; then
	mirror=$("$TOP/selftests/vm/chroots.sh" --uri "$SUITE") ||
		unavailable "no Debian apt source on this host to take the mirror from"
	rm -rf "$APT" "$ROOT" "$DIR/debs"
	mkdir -p "$APT/sources.list.d" "$APT/lists/partial" "$APT/cache/archives/partial" "$DIR/debs"
	echo "deb $mirror $SUITE main" >"$APT/sources.list"
	apt_opts=(-o "Dir::Etc::sourcelist=$APT/sources.list" -o "Dir::Etc::sourceparts=$APT/sources.list.d"
		-o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache" -o Acquire::Languages=none -q)
	log=$DIR/apt.log
	say "downloading ${PKGS[*]} of $SUITE"
	if ! apt-get "${apt_opts[@]}" update >"$log" 2>&1; then
		cat "$log" >&2
		unavailable "apt-get update of the private $SUITE source failed (see $log)"
	fi
	if ! (cd "$DIR/debs" && apt-get "${apt_opts[@]}" download "${PKGS[@]}") >>"$log" 2>&1; then
		cat "$log" >&2
		unavailable "apt-get download ${PKGS[*]} failed (see $log)"
	fi
	mkdir -p "$ROOT"
	for d in "$DIR"/debs/*.deb; do
		dpkg-deb -x "$d" "$ROOT" || unavailable "dpkg-deb -x $d failed"
		# shellcheck disable=SC2016 # dpkg-deb's format, not the shell's
		dpkg-deb -W --showformat='${Package} ${Version}\n' "$d" >>"$DIR/versions.new"
	done
	mv "$DIR/versions.new" "$DIR/versions"
fi
SRC=$(src_dir)
ver=${SRC##*/rtpengine-}
[[ -n $SRC && -e $SRC/xt_RTPENGINE.h && -e $SRC/xt_RTPENGINE.c ]] ||
	unavailable "the extracted rtpengine-kernel-dkms has no xt_RTPENGINE.{c,h} under $ROOT/usr/src"
XT=$(dirname "$(compgen -G "$ROOT/usr/lib/*/xtables/libxt_RTPENGINE.so" | head -n1)")
[[ -e $XT/libxt_RTPENGINE.so ]] ||
	unavailable "the extracted rtpengine-iptables has no libxt_RTPENGINE.so"
{
	echo "RTPENGINE_SRC=$SRC"
	echo "RTPENGINE_XTABLES=$XT"
	echo "RTPENGINE_VERSIONS='$(paste -sd';' "$DIR/versions")'"
} >"$DIR/env"

# ---- the control program ---------------------------------------------------
ctl_ok=1
if ! make -s -C "$TOP/selftests/bench" rtpengine-ctl RTPENGINE_SRC="$SRC" >"$DIR/ctl.log" 2>&1; then
	cat "$DIR/ctl.log" >&2
	ctl_ok=0
fi

# ---- the module, per kernel ------------------------------------------------
for k in "${KVERS[@]}"; do
	out=$DIR/$k
	if [[ -e $out/xt_RTPENGINE.ko && $(cat "$out/status" 2>/dev/null) == ok ]]; then
		say "$k: cached $out/xt_RTPENGINE.ko"
		((ctl_ok)) || echo "not available: rtpengine-ctl does not build against $SRC/xt_RTPENGINE.h (see $DIR/ctl.log)" >"$out/status"
		continue
	fi
	rm -rf "$out"
	mkdir -p "$out"
	if ((!ctl_ok)); then
		echo "not available: rtpengine-ctl does not build against $SRC/xt_RTPENGINE.h (see $DIR/ctl.log)" >"$out/status"
		continue
	fi
	if [[ ! -d /lib/modules/$k/build ]]; then
		echo "not available: no headers for $k (/lib/modules/$k/build)" >"$out/status"
		continue
	fi
	cp -a "$SRC/." "$out/"
	say "$k: building xt_RTPENGINE.ko"
	if nice -n 19 make -C "/lib/modules/$k/build" M="$out" RTPENGINE_VERSION="$ver" modules >"$out/build.log" 2>&1 &&
		[[ -e $out/xt_RTPENGINE.ko ]]; then
		echo ok >"$out/status"
	else
		echo "not available: xt_RTPENGINE.ko does not build against $k's headers ($(grep -m1 -E 'error' "$out/build.log" || tail -n1 "$out/build.log"))" >"$out/status"
	fi
done
for k in "${KVERS[@]}"; do
	say "$k: $(cat "$DIR/$k/status")"
done
exit 0
