#!/bin/bash
# Install everything ksrtp's build, tests and demo need on Debian 12.
# Idempotent: if every package is already installed it does nothing (and
# does not touch the network). Must run as root when something is missing.
#
# Prints the test kernel release (selftests/vm/kver.sh) as its last line
# only with --print-kver.
set -euo pipefail

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
	python3
	python3-cryptography
	sparse
	shellcheck
	strace
	linux-source-6.1
	cpio
	gzip
	xz-utils
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
kver=$("$here/vm/kver.sh")
if [[ "${1:-}" == --print-kver ]]; then
	echo "$kver"
fi
