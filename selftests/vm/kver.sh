#!/bin/bash
# selftests/vm/kver.sh [--all]
#
# Print the kernel release the VM tests run on: the newest installed Debian
# 6.1 kernel (/lib/modules/6.1.*-amd64) that has both a headers tree
# (/lib/modules/KVER/build) and a bootable image (/boot/vmlinuz-KVER).
# With --all, print every tested kernel line's release, one per line:
# the newest usable 6.1.*-amd64 and the newest usable 6.12.*-amd64 (from
# bookworm-backports or -security, which selftests/install-deps.sh adds);
# make check runs the suite once on each.
#
# Override: KSRTP_KVER=<release> (must satisfy the same conditions); it
# replaces the whole list.
set -euo pipefail

LINES=(6.1 6.12)

usable() {
	[[ -d "/lib/modules/$1/build" && -r "/boot/vmlinuz-$1" ]]
}

if [[ -n "${KSRTP_KVER:-}" ]]; then
	if usable "$KSRTP_KVER"; then
		echo "$KSRTP_KVER"
		exit 0
	fi
	echo "kver.sh: KSRTP_KVER=$KSRTP_KVER has no /lib/modules/$KSRTP_KVER/build or /boot/vmlinuz-$KSRTP_KVER" >&2
	exit 1
fi

newest() { # LINE: the newest usable LINE.*-amd64 release
	local kver best=
	while IFS= read -r kver; do
		usable "$kver" && best=$kver
	done < <(find /lib/modules -mindepth 1 -maxdepth 1 -name "$1.*-amd64" -printf '%f\n' 2>/dev/null | sort -V)
	if [[ -z "$best" ]]; then
		echo "kver.sh: no usable $1 kernel: need /lib/modules/$1.*-amd64/build and /boot/vmlinuz-<same>;" \
			"run selftests/install-deps.sh" >&2
		return 1
	fi
	echo "$best"
}

if [[ "${1:-}" == --all ]]; then
	for line in "${LINES[@]}"; do
		newest "$line"
	done
else
	newest "${LINES[0]}"
fi
