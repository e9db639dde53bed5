#!/bin/bash
# selftests/load-module.sh [MODULE.ko] [PARAM=VALUE...]
#
# insmod the ksrtp module (default: the repo's ./ksrtp.ko) after loading,
# with the host's modprobe, the kernel modules it depends on (insmod does
# not resolve dependencies). Unloads an already loaded ksrtp first.
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ko=$top/ksrtp.ko
if [[ $# -gt 0 && "$1" == *.ko ]]; then
	ko=$1
	shift
fi
[[ -f "$ko" ]] || { echo "load-module: $ko not found" >&2; exit 1; }

deps=$(modinfo -F depends "$ko" 2>/dev/null) || { echo "load-module: modinfo $ko failed" >&2; exit 1; }
for d in ${deps//,/ }; do
	modprobe "$d" || { echo "load-module: modprobe $d (needed by ksrtp) failed" >&2; exit 1; }
done
if grep -q '^ksrtp ' /proc/modules; then
	rmmod ksrtp || exit 1
fi
insmod "$ko" "$@"
