#!/bin/bash
# selftests/vm/kver.sh [--all | --line LINE | --root KVER]
#
# Print the kernel release the VM tests run on: the newest installed Debian
# 6.1 kernel (/lib/modules/6.1.*-amd64) that has both a headers tree
# (/lib/modules/KVER/build) and a bootable image (/boot/vmlinuz-KVER).
# With --all, print every tested kernel line's release, one per line:
# the newest usable 6.1.*-amd64 and 6.12.*-amd64 of the host (6.12 from
# bookworm-backports or -security, which selftests/install-deps.sh adds)
# and the newest usable 7.3.*-amd64 of the trixie chroot (trixie-backports;
# selftests/vm/chroots.sh makes it, its headers, image and modules under
# ${KSRTP_CHROOT_DIR:-/var/cache/ksrtp/chroot}/trixie); make check runs
# the suite once on each. --line LINE prints that line's release only.
# --root KVER prints the root directory KVER is installed in: / for the
# host, the chroot's directory otherwise (its /boot/vmlinuz-KVER and
# /lib/modules/KVER; the module for it is built inside the chroot).
#
# Override: KSRTP_KVER=<release> (must satisfy the same conditions); it
# replaces the whole list.
set -euo pipefail

LINES=(6.1 6.12 7.3)
CHROOT=${KSRTP_CHROOT_DIR:-/var/cache/ksrtp/chroot}/trixie
root_of_line() { # LINE: where its kernels are installed
	case "$1" in
	7.3) echo "$CHROOT" ;;
	*) echo "" ;;
	esac
}

usable() { # KVER [ROOT]
	[[ -d "${2:-}/lib/modules/$1/build" && -r "${2:-}/boot/vmlinuz-$1" ]]
}

# The root (empty: the host's) holding a usable KVER.
root_of() { # KVER
	local r
	for r in "" "$CHROOT"; do
		if usable "$1" "$r"; then
			echo "$r"
			return 0
		fi
	done
	return 1
}

if [[ -n "${KSRTP_KVER:-}" && "${1:-}" != --root ]]; then
	if root_of "$KSRTP_KVER" >/dev/null; then
		echo "$KSRTP_KVER"
		exit 0
	fi
	echo "kver.sh: KSRTP_KVER=$KSRTP_KVER has no /lib/modules/$KSRTP_KVER/build or /boot/vmlinuz-$KSRTP_KVER (nor in $CHROOT)" >&2
	exit 1
fi

newest() { # LINE: the newest usable LINE.*-amd64 release
	local kver best='' root
	root=$(root_of_line "$1")
	while IFS= read -r kver; do
		usable "$kver" "$root" && best=$kver
	done < <(find "$root/lib/modules/" -mindepth 1 -maxdepth 1 -name "$1.*-amd64" -printf '%f\n' 2>/dev/null | sort -V)
	if [[ -z "$best" ]]; then
		if [[ -n "$root" ]]; then
			echo "kver.sh: no usable $1 kernel in $root: need lib/modules/$1.*-amd64/build and boot/vmlinuz-<same>;" \
				"run selftests/vm/chroots.sh" >&2
		else
			echo "kver.sh: no usable $1 kernel: need /lib/modules/$1.*-amd64/build and /boot/vmlinuz-<same>;" \
				"run selftests/install-deps.sh" >&2
		fi
		return 1
	fi
	echo "$best"
}

case "${1:-}" in
--all)
	for line in "${LINES[@]}"; do
		newest "$line"
	done
	;;
--line) newest "$2" ;;
--root)
	r=$(root_of "$2") || { echo "kver.sh: $2 is installed neither on the host nor in $CHROOT" >&2; exit 1; }
	echo "${r:-/}"
	;;
*) newest "${LINES[0]}" ;;
esac
