#!/bin/bash
# Print the kernel release the VM tests run on: the newest installed Debian
# 6.1 kernel (/lib/modules/6.1.*-amd64) that has both a headers tree
# (/lib/modules/KVER/build) and a bootable image (/boot/vmlinuz-KVER).
#
# Override: KSRTP_KVER=<release> (must satisfy the same conditions).
set -euo pipefail

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

best=
while IFS= read -r kver; do
	usable "$kver" && best=$kver
done < <(find /lib/modules -mindepth 1 -maxdepth 1 -name '6.1.*-amd64' -printf '%f\n' 2>/dev/null | sort -V)

if [[ -z "$best" ]]; then
	echo "kver.sh: no usable kernel: need /lib/modules/6.1.*-amd64/build and /boot/vmlinuz-<same>;" \
		"run selftests/install-deps.sh" >&2
	exit 1
fi
echo "$best"
