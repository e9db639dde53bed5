#!/bin/bash
# Install everything ksrtp's build, tests and demo need on Debian 12.
# Idempotent: if every package is already installed it does nothing (and
# does not touch the network). Must run as root when something is missing.
#
# Besides Debian 12's 6.1 kernel, the tests run on the 6.12 line that
# Debian builds for bookworm: when no 6.12 kernel with headers is
# installed, this enables the bookworm-backports suite (a copy of the
# machine's own Debian apt source with only the suite changed) and
# installs a 6.12 image and its headers (see install_612 below).
#
# With --chroots it then makes (or finds complete, quickly and without
# the network) the bullseye and trixie chroots with the other kernel
# lines' headers and the 7.3 test kernel (selftests/vm/chroots.sh, cached
# under /var/cache/ksrtp/chroot); make check and make build-matrix pass it.
#
# Prints the test kernel release (selftests/vm/kver.sh) as its last line
# only with --print-kver.
set -euo pipefail

print_kver=0 chroots=0
for a in "$@"; do
	case "$a" in
	--print-kver) print_kver=1 ;;
	--chroots) chroots=1 ;;
	*) echo "install-deps: unknown option $a" >&2; exit 2 ;;
	esac
done

PKGS=(
	build-essential
	pkg-config
	linux-image-amd64
	linux-headers-amd64
	qemu-system-x86
	busybox-static
	libnl-3-dev
	libnl-genl-3-dev
	libsrtp2-dev
	tcpdump
	tshark
	iproute2
	kmod
	ethtool
	iputils-ping
	procps
	nftables
	# rtpengine's kernel module in the benchmark: its rule is an iptables one.
	iptables
	python3
	python3-cryptography
	python3-yaml
	sparse
	shellcheck
	strace
	linux-source-6.1
	# The debug kernel (selftests/vm/debug-kernel.sh) is built from it.
	bc
	flex
	bison
	libelf-dev
	libssl-dev
	cpio
	gzip
	xz-utils
	libssl-dev
	gstreamer1.0-tools
	gstreamer1.0-plugins-base
	gstreamer1.0-plugins-good
	gstreamer1.0-plugins-bad
	dkms
	dh-dkms
	debhelper
	dpkg-dev
	man-db
	git
	# The chroots with the other kernel lines (selftests/vm/chroots.sh).
	debootstrap
	curl
)

installed() {
	local st
	st=$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) || return 1
	[[ "$st" == installed ]]
}

missing=()
for p in "${PKGS[@]}"; do
	installed "$p" || missing+=("$p")
done

if ((${#missing[@]})); then
	echo "install-deps: installing: ${missing[*]}" >&2
	if [[ $(id -u) -ne 0 ]]; then
		echo "install-deps: need root to install packages (try: sudo $0)" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	# tshark asks whether non-root users may capture; answer no up front.
	echo 'wireshark-common wireshark-common/install-setuid boolean false' |
		debconf-set-selections
	log=$(mktemp "${TMPDIR:-/tmp}/ksrtp-install-deps.XXXXXX")
	if ! { apt-get update -q &&
		apt-get install -y -q --no-install-recommends \
			-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
			"${missing[@]}"; } >"$log" 2>&1; then
		cat "$log" >&2
		echo "install-deps: apt-get failed" >&2
		rm -f "$log"
		exit 1
	fi
	rm -f "$log"
	echo "install-deps: done" >&2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# --- the 6.12 kernel line ---------------------------------------------------
# The machine's Debian source for the main suite, as a deb822 stanza or a
# one-line entry, copied with the suite changed to bookworm-backports
# (the mirror is whatever the machine already uses).
enable_backports() {
	local f out
	if apt-cache policy 2>/dev/null | grep -q ' bookworm-backports/main '; then
		return 0
	fi
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -r "$f" ]] || continue
		out=$(awk '
			BEGIN { RS = ""; FS = "\n" }
			{
				uris = signed = ""; main = bw = 0
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^URIs:/) uris = $i
					if ($i ~ /^Signed-By:/) signed = $i
					if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) bw = 1
					if ($i ~ /^Components:/ && $i ~ /[ \t]main([ \t]|$)/) main = 1
				}
				if (bw && main && uris != "") {
					print "Types: deb"; print uris
					print "Suites: bookworm-backports"; print "Components: main"
					if (signed != "") print signed
					exit
				}
			}' "$f")
		if [[ -n "$out" ]]; then
			echo "install-deps: enabling bookworm-backports (from $f)" >&2
			printf '%s\n' "$out" >/etc/apt/sources.list.d/ksrtp-bookworm-backports.sources
			return 0
		fi
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -r "$f" ]] || continue
		out=$(awk '$1 == "deb" && / bookworm( |$)/ && / main( |$)/ {
				for (i = 1; i <= NF; i++) if ($i == "bookworm") $i = "bookworm-backports"
				print; exit }' "$f")
		if [[ -n "$out" ]]; then
			echo "install-deps: enabling bookworm-backports (from $f)" >&2
			printf '%s\n' "$out" >/etc/apt/sources.list.d/ksrtp-bookworm-backports.list
			return 0
		fi
	done
	echo "install-deps: no Debian bookworm apt source found to derive bookworm-backports from" >&2
	return 1
}

# Package names of a 6.12 image and its headers: the linux-image-6.12-amd64
# and linux-headers-6.12-amd64 metapackages where apt has them (bookworm's
# own 6.12 line), else the exact packages backports' linux-image-amd64 and
# linux-headers-amd64 depend on (never the metapackages themselves, which
# would move the 6.1 ones).
pkgs_612() {
	local meta dep
	if apt-cache policy linux-image-6.12-amd64 linux-headers-6.12-amd64 2>/dev/null |
		grep -c 'Candidate: [0-9]' | grep -qx 2; then
		echo linux-image-6.12-amd64 linux-headers-6.12-amd64
		return 0
	fi
	for meta in linux-image-amd64 linux-headers-amd64; do
		dep=$(apt-cache show "$meta" 2>/dev/null | awk '
			/^Version: / { v = $2 }
			/^Depends: / && v ~ /^6\.12\./ { sub(/^Depends: /, ""); split($0, d, " "); print d[1]; exit }')
		[[ -n "$dep" ]] || return 1
		echo "$dep"
	done | xargs
}

install_612() {
	"$here/vm/kver.sh" --line 6.12 >/dev/null 2>&1 && return 0
	if [[ $(id -u) -ne 0 ]]; then
		echo "install-deps: need root to install the 6.12 kernel (try: sudo $0)" >&2
		exit 1
	fi
	local log pkgs
	log=$(mktemp "${TMPDIR:-/tmp}/ksrtp-install-deps.XXXXXX")
	export DEBIAN_FRONTEND=noninteractive
	if ! { enable_backports && apt-get update -q; } >"$log" 2>&1; then
		cat "$log" >&2
		echo "install-deps: could not enable bookworm-backports" >&2
		exit 1
	fi
	pkgs=$(pkgs_612) || {
		echo "install-deps: apt knows no 6.12 kernel for bookworm" >&2
		exit 1
	}
	echo "install-deps: installing the 6.12 kernel: $pkgs" >&2
	# shellcheck disable=SC2086 # a list of package names
	if ! apt-get install -y -q --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
		$pkgs >"$log" 2>&1; then
		cat "$log" >&2
		echo "install-deps: apt-get install of the 6.12 kernel failed" >&2
		exit 1
	fi
	rm -f "$log"
	"$here/vm/kver.sh" --line 6.12 >/dev/null
}
install_612

if ((chroots)); then
	"$here/vm/chroots.sh"
	"$here/vm/kver.sh" --all >/dev/null
fi

kver=$("$here/vm/kver.sh")
if ((print_kver)); then
	echo "$kver"
fi
