#!/bin/bash
# selftests/package-test.sh [--no-vm] [--host-only | --reuse] [KVER...]
#
# The Debian packages, end to end (make package-check runs it; make check
# runs it with --no-vm before the VM lanes, whose 90-packaged-module test
# does the VM part):
#  1. builds ksrtp-dkms, srtpctl, libksrtp0 and libksrtp-dev with
#     dpkg-buildpackage -us -uc -b from a copy of the work tree (the
#     tracked and untracked, not ignored, files) in build/pkg/;
#  2. installs them on this host with apt-get (as root: it changes the
#     machine), which makes DKMS build and install the module;
#  3. checks that DKMS installed ksrtp for each KVER of the host, running
#     dkms install for a kernel the package's postinst left out, and that
#     programs build and run against libksrtp-dev (shared and static,
#     through pkg-config);
#  4. for each KVER of a chroot (the trixie chroot's 7.3, see
#     selftests/vm/kver.sh --root): installs the same ksrtp-dkms .deb in
#     that chroot with apt-get, against the chroot's own dkms (trixie's;
#     selftests/vm/chroots.sh installs it, with DKMS's autoinstall off),
#     and has DKMS build and install ksrtp for KVER there (dkms install
#     -k KVER), then checks the chroot's modinfo finds it under
#     /lib/modules/KVER/updates/dkms/ with KVER's vermagic;
#  5. unless --no-vm: boots each KVER in the test VM and runs
#     selftests/tests/90-packaged-module.sh there (modprobe ksrtp of the
#     DKMS-built module, the packaged srtpctl, one packet protected).
# KVER default: every kernel selftests/vm/kver.sh --all names (the host's
# 6.1 and 6.12, the chroot's 7.3). --host-only leaves out the chroots'
# kernels (step 4 and their VM runs); --reuse leaves out steps 1 and 2
# and the library check: the packages of an earlier run in build/pkg/,
# installed on the host already. make check runs --no-vm --host-only,
# then --no-vm --reuse for the chroot's kernel, and reports each.
# Prints each step's duration; the packages stay installed (remove them
# with apt-get purge ksrtp-dkms srtpctl libksrtp0 libksrtp-dev, in the
# chroot with selftests/vm/chroots.sh --run DIR apt-get purge ksrtp-dkms).
# Exit status 0 iff every step passed.
set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$TOP/build/pkg
PKGS=(ksrtp-dkms srtpctl libksrtp0 libksrtp-dev)

vm=1 reuse=0 host_only=0
while [[ "${1:-}" == --* ]]; do
	case "$1" in
	--no-vm) vm=0 ;;
	--reuse) reuse=1 ;;
	--host-only) host_only=1 ;;
	*) echo "package-test: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
if (($#)); then
	kvers=("$@")
else
	mapfile -t kvers < <("$TOP/selftests/vm/kver.sh" --all 2>/dev/null || "$TOP/selftests/vm/kver.sh" --line 6.1)
fi
[[ $(id -u) -eq 0 ]] || { echo "package-test: must run as root (it installs packages)" >&2; exit 1; }

step_start=0
step() { step_start=$(date +%s); echo "package-test: $*"; }
done_step() { echo "package-test: ... $(($(date +%s) - step_start)) s"; }
die() { echo "package-test: FAIL: $*" >&2; exit 1; }

# Where each kernel is installed: DKMS on the host builds for the host's
# kernels, a chroot's DKMS for the chroot's (kver.sh --root).
host_kvers=() chroot_dirs=() vm_kvers=()
declare -A chroot_kvers=()
for k in "${kvers[@]}"; do
	r=$("$TOP/selftests/vm/kver.sh" --root "$k") || die "$k is installed neither on the host nor in a chroot"
	if [[ "$r" == / ]]; then
		host_kvers+=("$k")
	elif ((host_only)); then
		continue
	else
		[[ -n "${chroot_kvers[$r]:-}" ]] || chroot_dirs+=("$r")
		chroot_kvers[$r]+="$k "
	fi
	vm_kvers+=("$k")
done

version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$TOP/dkms.conf")
tools_version=$(sed -n 's/^VERSION := //p' "$TOP/tools/Makefile")
deb_version=$(sed -n '1s/^ksrtp (\([^)-]*\).*/\1/p' "$TOP/debian/changelog")
[[ -n "$version" && "$version" == "$tools_version" && "$version" == "$deb_version" ]] ||
	die "versions differ: dkms.conf '$version', tools/Makefile '$tools_version', debian/changelog '$deb_version'"

# The package files in build/pkg, ksrtp-dkms first.
find_debs() { # WHY-MISSING
	local p f
	debs=()
	for p in "${PKGS[@]}"; do
		f=$(find "$OUT" -maxdepth 1 -name "${p}_${version}_*.deb" 2>/dev/null | head -n1)
		[[ -n "$f" ]] || die "no $p package of version $version in build/pkg ($1)"
		debs+=("$f")
	done
}

# The md5sums of a package file, and of that package as installed in the
# dpkg database ADMINDIR: equal when these very files are installed.
deb_md5sums() { # DEB
	dpkg-deb --ctrl-tarfile "$1" | tar -xO ./md5sums
}
installed_md5sums() { # ADMINDIR PKG
	cat "$1/info/$2.md5sums" 2>/dev/null
}

# 1. Build. The source package builds in its own copy, so that
# dpkg-buildpackage's clean and its files in ../ stay out of the work tree.
build_debs() {
	local f
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
	find_debs "dpkg-buildpackage made none"
	for f in "${debs[@]}"; do
		echo "  ${f#"$OUT"/}: $(dpkg-deb -c "$f" | awk '$1 !~ /^d/ {print $6}' | xargs)"
	done
	done_step
}

# 2. Install. A copy registered by hand (make dkms-install) goes first, so
# that DKMS builds only what the package ships.
install_host() {
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
}

# 3. DKMS on the host.
check_host_dkms() {
	local k ko vm_magic
	step "checking DKMS's module for ${host_kvers[*]}"
	for k in "${host_kvers[@]}"; do
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
	done_step
}

# 3. The library.
check_lib() {
	step "a program against libksrtp-dev"
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
}

# 4. The same ksrtp-dkms .deb in a chroot, against the chroot's own dkms
# (trixie's), DKMS building for the kernels named. chroots.sh installed
# that dkms and turned its autoinstall off (/etc/dkms/no-autoinstall), so
# its postinst neither registers nor builds anything; dkms install
# registers the source and builds for these kernels only, not for all
# six of the chroot.
in_chroot() { # DIR CMD...
	"$TOP/selftests/vm/chroots.sh" --run "$@"
}
chroot_dkms() { # DIR KVER...
	local dir=$1 log k ko vm_magic deb t0
	shift
	log=$OUT/chroot-install.log
	step "ksrtp-dkms in the chroot $dir, DKMS for $* (log: build/pkg/${log##*/})"
	: >"$log"
	[[ "$(dpkg-query --admindir="$dir/var/lib/dpkg" -W -f='${db:Status-Status}' dkms 2>/dev/null)" == installed ]] ||
		die "dkms is not installed in $dir (selftests/install-deps.sh --chroots installs it)"
	# chroots.sh's lock of that chroot: nothing else installs there meanwhile.
	exec 9>"$(dirname "$dir")/.$(basename "$dir").lock"
	flock 9
	mkdir -p "$dir/var/cache/ksrtp-debs"
	cp "${debs[0]}" "$dir/var/cache/ksrtp-debs/"
	deb=/var/cache/ksrtp-debs/${debs[0]##*/}
	t0=$(date +%s)
	if ! in_chroot "$dir" apt-get install -y -q --no-install-recommends --reinstall \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$deb" >>"$log" 2>&1; then
		tail -n 40 "$log" >&2
		die "apt-get install $deb in $dir failed (log: build/pkg/${log##*/})"
	fi
	echo "  apt-get install ${deb##*/} with dkms $(dpkg-query --admindir="$dir/var/lib/dpkg" -W -f='${Version}' dkms): $(($(date +%s) - t0)) s"
	[[ "$(installed_md5sums "$dir/var/lib/dpkg" ksrtp-dkms)" == "$(deb_md5sums "${debs[0]}")" ]] ||
		die "the ksrtp-dkms installed in $dir is not ${debs[0]#"$OUT"/}"
	grep -E '^(Building (for|initial)|autoinstall|Automatic|Loading new)' "$log" | sed 's/^/  postinst: /' || true
	for k in "$@"; do
		if ! in_chroot "$dir" dkms status -m ksrtp -v "$version" -k "$k" 2>/dev/null | grep -q ': installed'; then
			t0=$(date +%s)
			if ! in_chroot "$dir" dkms install "ksrtp/$version" -k "$k" >>"$log" 2>&1; then
				tail -n 40 "$log" >&2
				die "dkms install ksrtp/$version -k $k in $dir failed (log: build/pkg/${log##*/})"
			fi
			echo "  dkms install ksrtp/$version -k $k: $(($(date +%s) - t0)) s"
		fi
		ko=$(in_chroot "$dir" modinfo -k "$k" -n ksrtp 2>/dev/null) || die "modinfo -k $k ksrtp in $dir: no module"
		[[ "$ko" == "/lib/modules/$k/updates/dkms/ksrtp.ko"* ]] || die "for $k the chroot's modprobe would load $ko"
		vm_magic=$(in_chroot "$dir" modinfo -k "$k" -F vermagic ksrtp)
		[[ "$vm_magic" == "$k "* ]] || die "$dir$ko has vermagic '$vm_magic'"
		echo "  $k: $dir$ko"
	done
	in_chroot "$dir" dkms status ksrtp 2>&1 | sed 's/^/  dkms status: /'
	exec 9>&-
	done_step
}

if ((reuse)); then
	find_debs "--reuse: run without it first"
	[[ "$(installed_md5sums /var/lib/dpkg ksrtp-dkms)" == "$(deb_md5sums "${debs[0]}")" ]] ||
		die "--reuse: the host's ksrtp-dkms is not ${debs[0]#"$OUT"/} (run without --reuse first)"
else
	build_debs
	install_host
fi
((${#host_kvers[@]} == 0)) || check_host_dkms
((reuse)) || check_lib
for dir in "${chroot_dirs[@]}"; do
	# shellcheck disable=SC2086 # a list of releases
	chroot_dkms "$dir" ${chroot_kvers[$dir]}
done

((vm)) || exit 0

# 5. The VM, once per kernel.
rc=0
for k in "${vm_kvers[@]}"; do
	step "90-packaged-module in the VM on $k"
	make --no-print-directory -C "$TOP" selftests-tools >/dev/null
	KSRTP_NO_MODULE=1 "$TOP/selftests/vm/run-vm.sh" --kver "$k" --timeout 600 -- \
		selftests/run.sh 90-packaged-module || rc=1
	done_step
done
exit "$rc"
