#!/bin/bash
# selftests/package-test.sh [--no-vm] [KVER...]
#
# The Debian packages, end to end (make package-check runs it; make check
# runs it with --no-vm before the VM lanes, whose 90-packaged-module test
# does the VM part):
#  1. builds ksrtp-dkms, srtpctl, libksrtp0 and libksrtp-dev with
#     dpkg-buildpackage -us -uc -b from a copy of the work tree (the
#     tracked and untracked, not ignored, files) in build/pkg/;
#  2. installs them on this host with apt-get (as root: it changes the
#     machine), which makes DKMS build and install the module;
#  3. checks that DKMS installed ksrtp for each KVER (default: every
#     kernel selftests/vm/kver.sh --all names that is installed on the
#     host, not in a chroot), running dkms install for a
#     kernel the package's postinst left out, and that programs build and
#     run against libksrtp-dev (shared and static, through pkg-config);
#  4. unless --no-vm: boots each KVER in the test VM and runs
#     selftests/tests/90-packaged-module.sh there (modprobe ksrtp of the
#     DKMS-built module, the packaged srtpctl, one packet protected).
# Prints each step's duration; the packages stay installed (remove them
# with apt-get purge ksrtp-dkms srtpctl libksrtp0 libksrtp-dev).
# Exit status 0 iff every step passed.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$TOP/build/pkg
PKGS=(ksrtp-dkms srtpctl libksrtp0 libksrtp-dev)

vm=1
if [[ "${1:-}" == --no-vm ]]; then
	vm=0
	shift
fi
if (($#)); then
	kvers=("$@")
else
	# The host's test kernels: DKMS builds for kernels installed here,
	# not for a chroot's (kver.sh --root).
	kvers=()
	while IFS= read -r k; do
		[[ "$("$TOP/selftests/vm/kver.sh" --root "$k")" != / ]] || kvers+=("$k")
	done < <("$TOP/selftests/vm/kver.sh" --all 2>/dev/null || "$TOP/selftests/vm/kver.sh" --line 6.1)
fi
[[ $(id -u) -eq 0 ]] || { echo "package-test: must run as root (it installs packages)" >&2; exit 1; }

step_start=0
step() { step_start=$(date +%s); echo "package-test: $*"; }
done_step() { echo "package-test: ... $(($(date +%s) - step_start)) s"; }
die() { echo "package-test: FAIL: $*" >&2; exit 1; }

version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$TOP/dkms.conf")
tools_version=$(sed -n 's/^VERSION := //p' "$TOP/tools/Makefile")
deb_version=$(sed -n '1s/^ksrtp (\([^)-]*\).*/\1/p' "$TOP/debian/changelog")
[[ -n "$version" && "$version" == "$tools_version" && "$version" == "$deb_version" ]] ||
	die "versions differ: dkms.conf '$version', tools/Makefile '$tools_version', debian/changelog '$deb_version'"

# 1. Build. The source package builds in its own copy, so that
# dpkg-buildpackage's clean and its files in ../ stay out of the work tree.
step "building the packages (ksrtp $version)"
rm -rf "$OUT"
mkdir -p "$OUT/ksrtp-$version"
(cd "$TOP" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [[ -e "$f" ]] && printf '%s\0' "$f"; done |
	cpio -0 -pdm --quiet "$OUT/ksrtp-$version")
if ! (cd "$OUT/ksrtp-$version" && nice dpkg-buildpackage -us -uc -b) >"$OUT/build.log" 2>&1; then
	tail -n 40 "$OUT/build.log" >&2
	die "dpkg-buildpackage failed (log: build/pkg/build.log)"
fi
debs=()
for p in "${PKGS[@]}"; do
	f=$(find "$OUT" -maxdepth 1 -name "${p}_${version}_*.deb" | head -n1)
	[[ -n "$f" ]] || die "dpkg-buildpackage made no $p package"
	debs+=("$f")
	echo "  ${f#"$OUT"/}: $(dpkg-deb -c "$f" | awk '$1 !~ /^d/ {print $6}' | xargs)"
done
done_step

# 2. Install. A copy registered by hand (make dkms-install) goes first, so
# that DKMS builds only what the package ships.
step "installing them (apt-get install ./*.deb)"
if dkms status ksrtp 2>/dev/null | grep -q . &&
	! dpkg-query -W -f='${db:Status-Status}' ksrtp-dkms 2>/dev/null | grep -qx installed; then
	echo "  removing ksrtp registered with DKMS by hand (make dkms-uninstall)"
	make --no-print-directory -C "$TOP" dkms-uninstall >/dev/null 2>&1 || true
fi
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	--reinstall "${debs[@]}" >"$OUT/install.log" 2>&1; then
	tail -n 40 "$OUT/install.log" >&2
	die "apt-get install of the packages failed (log: build/pkg/install.log)"
fi
grep -E '^(Building|Building initial module|Done|Installing|  - Installing)' "$OUT/install.log" | sed 's/^/  /' || true
done_step

# 3. DKMS and the library.
step "checking DKMS's module for ${kvers[*]}"
for k in "${kvers[@]}"; do
	if ! dkms status "ksrtp/$version" -k "$k" 2>/dev/null | grep -q ': installed'; then
		echo "  the postinst did not build for $k: dkms install"
		dkms install "ksrtp/$version" -k "$k" >>"$OUT/install.log" 2>&1 ||
			die "dkms install ksrtp/$version -k $k failed (log: build/pkg/install.log)"
	fi
	ko=$(modinfo -k "$k" -n ksrtp 2>/dev/null) || die "modinfo -k $k ksrtp: no module"
	[[ "$ko" == "/lib/modules/$k/updates/dkms/ksrtp.ko"* ]] || die "for $k modprobe would load $ko"
	vm_magic=$(modinfo -k "$k" -F vermagic ksrtp)
	[[ "$vm_magic" == "$k "* ]] || die "$ko has vermagic '$vm_magic'"
	echo "  $k: $ko"
done
cat >"$OUT/libcheck.c" <<'C'
#include <stdio.h>
#include <ksrtp.h>
int main(void)
{
	int s = ksrtp_suite_from_name("AEAD_AES_256_GCM");

	if (s < 0 || ksrtp_suite_key_len(s) != 32)
		return 1;
	printf("%s %d %d\n", ksrtp_suite_name(s), ksrtp_suite_key_len(s),
	       ksrtp_suite_salt_len(s));
	return 0;
}
C
# shellcheck disable=SC2046 # pkg-config's output is a list of flags
cc -o "$OUT/libcheck" "$OUT/libcheck.c" $(pkg-config --cflags --libs libksrtp) ||
	die "a program does not build against libksrtp-dev (shared)"
# shellcheck disable=SC2046
cc -static-libgcc -o "$OUT/libcheck-static" "$OUT/libcheck.c" \
	$(pkg-config --cflags libksrtp) -Wl,-Bstatic -lksrtp -Wl,-Bdynamic \
	$(pkg-config --libs-only-l --static libksrtp | sed 's/-lksrtp//') ||
	die "a program does not build against libksrtp.a"
ldd "$OUT/libcheck" | grep -qE "libksrtp.so.0 => (/usr)?/lib/[^ ]*/libksrtp.so.0 " ||
	die "libcheck does not use the packaged libksrtp.so.0: $(ldd "$OUT/libcheck")"
[[ "$("$OUT/libcheck")" == "AEAD_AES_256_GCM 32 12" ]] || die "libcheck (shared) printed the wrong thing"
[[ "$("$OUT/libcheck-static")" == "AEAD_AES_256_GCM 32 12" ]] || die "libcheck (static) printed the wrong thing"
echo "  libksrtp-dev: a program builds and runs, shared and static"
done_step

((vm)) || exit 0

# 4. The VM, once per kernel.
rc=0
for k in "${kvers[@]}"; do
	step "90-packaged-module in the VM on $k"
	make --no-print-directory -C "$TOP" selftests-tools >/dev/null
	KSRTP_NO_MODULE=1 "$TOP/selftests/vm/run-vm.sh" --kver "$k" --timeout 600 -- \
		selftests/run.sh 90-packaged-module || rc=1
	done_step
done
exit "$rc"
