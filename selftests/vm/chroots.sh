#!/bin/bash
# selftests/vm/chroots.sh [--check | --list | --lines | --run DIR CMD...]
#
# The kernel headers that do not install on Debian 12, each in a chroot of
# its own release, cached between runs (issue 18; Documentation/
# testing.rst, "Chroots and the build matrix"):
#   bullseye  5.10 (linux-headers-amd64 of bullseye + bullseye-security)
#   trixie    6.12 (trixie), 6.16, 6.18, 6.19 and 7.3 (trixie-backports),
#             7.2 (sid, pinned to 100 so that it never upgrades the rest),
#             the 7.3 image and modules (booted by the 7.3 test lane),
#             libnl and libssl (the tools build in this chroot too), and
#             dkms and openssl (selftests/package-test.sh installs the
#             ksrtp-dkms package here, for 7.3), DKMS's autoinstall off
# Headers of trixie's kernels need trixie's toolchain (gcc 14 or later,
# glibc 2.41), bullseye's their own.
#
# Idempotent: when everything is there it only says so (no network, no
# apt). Otherwise it creates what is missing: debootstrap --variant=buildd
# (into DIR.new, renamed when complete), sources.list, apt-get update and
# install. It installs no kernel image but 7.3's and generates no
# initramfs (see stub_deb). The mirror is the one the host's own apt
# sources use, never a name written here. Anything it cannot install is
# an error (exit status 1, apt's log on stderr), never skipped.
#
#   --check   create nothing: print what is missing, exit 1 if anything is
#   --list    print "DIR KVER" for every kernel with headers in a chroot
#   --lines   print "DIR LINE" for every kernel line a chroot must have
#   --run DIR CMD...   run CMD in chroot DIR with /dev, /proc and /sys
#             mounted, in a mount namespace of its own (see in_chroot)
#   --uri SUITE   print the URI of the host's own apt source for SUITE
#             (host_uri; selftests/bench/libsrtp-openssl.sh derives its
#             deb-src entries from it)
#
# Environment: KSRTP_CHROOT_DIR (default /var/cache/ksrtp/chroot): the
# directory holding bullseye/ and trixie/. Needs root and debootstrap
# (selftests/install-deps.sh installs it) when something is missing.
set -euo pipefail

ROOT=${KSRTP_CHROOT_DIR:-/var/cache/ksrtp/chroot}

# Kernel lines in each chroot (one /lib/modules/LINE.*-amd64/build each).
BULLSEYE_LINES=(5.10)
TRIXIE_LINES=(6.12 6.16 6.18 6.19 7.2 7.3)
# The line booted in the VM: its image and modules are installed too.
BOOT_LINE=7.3
# What the tools need to build in the trixie chroot, and DKMS for the
# ksrtp-dkms package (selftests/package-test.sh; openssl: DKMS signs the
# module with it, as on the host).
TRIXIE_PKGS=(kmod pkgconf libnl-3-dev libnl-genl-3-dev libssl-dev dkms openssl)

# Kernel lines that are no longer in trixie-backports' index (it carries
# the newest line only, 7.3 now) but whose files are still in the mirror's
# pool: fetched by exact file name and checked against these SHA-256
# sums (the index that would vouch for them is gone). This is the only
# place that pins such versions; when the pool drops them, replace them
# here (the pool is MIRROR/pool/main/l/linux/). 6.16 has no linux-base-*
# package (its headers depend on the image instead, see stub_deb).
POOL_DEBS=(
	4ae74680a3d8e40750916cb82bad1e2b85a994647945a79e2d4bc0e80a0dff53:linux-base-6.18.15+deb13-amd64_6.18.15-1~bpo13+1_amd64.deb
	f12c1bdb44f0d820e6b740638cf88dfc570854938a250bfe58376250fe337590:linux-base-6.19.14+deb13-amd64_6.19.14-1~bpo13+1_amd64.deb
	8a3e5e2137e8e53b3aab92d9db4f7a45d914eafe130be9c02a97e08cc73197e2:linux-headers-6.16.12+deb13-amd64_6.16.12-1~bpo13+1_amd64.deb
	7d2a64d3ce22f277a2111b8ca6757dbf4a1d70eb320b7f50bcb5e88f7bdd8397:linux-headers-6.16.12+deb13-common_6.16.12-1~bpo13+1_all.deb
	1b19c975adf29e89c4cb2680e862db89b787fc5144a638b001854b075b4cc255:linux-headers-6.18.15+deb13-amd64_6.18.15-1~bpo13+1_amd64.deb
	a54ed9b3be5247fe2e003423e067cb8e8b06e4a44a09459b85cfec0afbcbd5ef:linux-headers-6.18.15+deb13-common_6.18.15-1~bpo13+1_all.deb
	f98508adc1e5e0bad8ee8941fdd46f9d9746528bafbecd6ae1e795260372832e:linux-headers-6.19.14+deb13-amd64_6.19.14-1~bpo13+1_amd64.deb
	708c2e462fc44467137271f7086513db77d5a144ea58b5140d86cefe0cf2097f:linux-headers-6.19.14+deb13-common_6.19.14-1~bpo13+1_all.deb
	a9e0f7018d90ad26b7070b0462dd02cc1fcfdbe1f7e4aa9a55fb02dacea828ae:linux-kbuild-6.16.12+deb13_6.16.12-1~bpo13+1_amd64.deb
	5e64129020cdb5effd6ed3895ca89608ef17bcf643eedfc8013dad89bab70a02:linux-kbuild-6.18.15+deb13_6.18.15-1~bpo13+1_amd64.deb
	663019531687941c52f67e083d5564155998a2d4978e90ceff40f84af2687389:linux-kbuild-6.19.14+deb13_6.19.14-1~bpo13+1_amd64.deb
)

REL=''
say() { echo "chroots: ${REL:+$REL: }$*"; }
die() { echo "chroots: ${REL:+$REL: }ERROR: $*" >&2; exit 1; }

# The headers tree of KVER in chroot DIR, as a host path (the build link
# is relative in some packages, absolute in others).
kdir() { # DIR KVER
	local l
	l=$(readlink "$1/lib/modules/$2/build" 2>/dev/null) || return 1
	case "$l" in
	/*) echo "$1$l" ;;
	*) echo "$1/lib/modules/$2/$l" ;;
	esac
}

# The newest KVER of LINE with a usable headers tree in DIR.
kver_of() { # DIR LINE
	local k best=
	while IFS= read -r k; do
		[[ -f "$(kdir "$1" "$k")/Makefile" ]] && best=$k
	done < <(find "$1/lib/modules/" -mindepth 1 -maxdepth 1 -name "$2.*-amd64" -printf '%f\n' 2>/dev/null | sort -V)
	[[ -n "$best" ]] && echo "$best"
}

pkg_installed() { # DIR PKG
	[[ "$(dpkg-query --admindir="$1/var/lib/dpkg" -W -f='${db:Status-Status}' "$2" 2>/dev/null)" == installed ]]
}

# What is missing in DIR for RELEASE, one item a line (nothing: complete).
missing() { # RELEASE DIR
	local rel=$1 dir=$2 line k p lines
	if [[ ! -f "$dir/etc/debian_version" ]]; then
		echo "the $rel chroot itself"
		return 0
	fi
	if [[ "$rel" == bullseye ]]; then
		lines=("${BULLSEYE_LINES[@]}")
	else
		lines=("${TRIXIE_LINES[@]}")
	fi
	for line in "${lines[@]}"; do
		kver_of "$dir" "$line" >/dev/null || echo "headers of $line"
	done
	[[ "$rel" == trixie ]] || return 0
	k=$(kver_of "$dir" "$BOOT_LINE") || k=''
	if [[ -z "$k" || ! -r "$dir/boot/vmlinuz-$k" || ! -s "$dir/lib/modules/$k/modules.dep" ]]; then
		echo "image and modules of $BOOT_LINE"
	fi
	for p in "${TRIXIE_PKGS[@]}"; do
		pkg_installed "$dir" "$p" || echo "package $p"
	done
}

list() {
	local rel dir k
	for rel in bullseye trixie; do
		dir=$ROOT/$rel
		while IFS= read -r k; do
			[[ -f "$(kdir "$dir" "$k")/Makefile" ]] && echo "$dir $k"
		done < <(find "$dir/lib/modules/" -mindepth 1 -maxdepth 1 -name '*-amd64' -printf '%f\n' 2>/dev/null | sort -V)
	done
}

# The URI of the host's apt source for SUITE (bookworm, bookworm-security):
# deb822 (.sources) or one-line (.list) format.
host_uri() { # SUITE
	local f out
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -r "$f" ]] || continue
		out=$(awk -v suite="$1" '
			BEGIN { RS = ""; FS = "\n" }
			{
				uri = ""; s = m = 0
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^URIs:/) { split($i, u, /[ \t]+/); uri = u[2] }
					if ($i ~ /^Suites:/ && $i ~ ("[ \t]" suite "([ \t]|$)")) s = 1
					if ($i ~ /^Components:/ && $i ~ /[ \t]main([ \t]|$)/) m = 1
					if ($i ~ /^Enabled:[ \t]*no/) s = 0
				}
				if (s && m && uri != "") { print uri; exit }
			}' "$f")
		[[ -z "$out" ]] || { echo "${out%/}"; return 0; }
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -r "$f" ]] || continue
		out=$(awk -v suite="$1" '$1 == "deb" {
				u = ""; s = m = 0
				for (i = 2; i <= NF; i++) {
					if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; continue }
					if (u == "") { u = $i; continue }
					if ($i == suite) s = 1
					if ($i == "main") m = 1
				}
				if (s && m) { print u; exit }
			}' "$f")
		[[ -z "$out" ]] || { echo "${out%/}"; return 0; }
	done
	return 1
}

# Runs CMD in chroot DIR with /dev, /proc and /sys mounted, in a mount
# namespace of its own: the mounts vanish with it, so nothing is left
# mounted inside the cache (and a chroot someone else has mounted things
# in is not disturbed).
in_chroot() { # DIR CMD...
	# shellcheck disable=SC2016 # expanded by sh -c
	unshare --mount --propagation private /bin/sh -e -c '
		d=$1; shift
		mount --rbind /dev "$d/dev"
		mount -t proc proc "$d/proc"
		mount --rbind /sys "$d/sys"
		exec chroot "$d" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"' sh "$@"
}

LOG=''
# Runs CMD with its output in the log; on failure prints the log and dies.
logged() { # WHAT CMD...
	local what=$1 t0
	shift
	t0=$(date +%s)
	if ! "$@" >>"$LOG" 2>&1; then
		tail -n 60 "$LOG" >&2
		die "$what failed (whole log: $LOG)"
	fi
	say "  $what: $(($(date +%s) - t0)) s"
}

APT_OPTS=(-y -q --no-install-recommends
	-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

bootstrap() { # RELEASE DIR MIRROR
	local rel=$1 dir=$2 mirror=$3
	[[ -f "$dir/etc/debian_version" ]] && return 0
	command -v debootstrap >/dev/null || die "debootstrap is not installed (selftests/install-deps.sh installs it)"
	# An interrupted debootstrap leaves DIR.new, never a half-made DIR.
	rm -rf "$dir.new"
	logged "debootstrap --variant=buildd $rel" debootstrap --variant=buildd "$rel" "$dir.new" "$mirror"
	# A cache that is made again if lost: dpkg need not fsync each file
	# (the headers packages have tens of thousands).
	echo force-unsafe-io >"$dir.new/etc/dpkg/dpkg.cfg.d/ksrtp-unsafe-io"
	mv "$dir.new" "$dir"
}

write_if_changed() { # FILE (content on stdin)
	local new
	new=$(cat)
	[[ -f "$1" && "$(cat "$1")" == "$new" ]] && return 0
	mkdir -p "$(dirname "$1")"
	printf '%s\n' "$new" >"$1"
	CHANGED=1
}
CHANGED=0

# apt-get update, once, when the sources changed, the lists are missing or
# FORCE is given (what is asked for is not in the lists there are).
UPDATED=0
update() { # DIR WHAT [force]
	((UPDATED == 0)) || return 0
	if ((CHANGED)) || [[ -n "${3:-}" ]] || ! compgen -G "$1/var/lib/apt/lists/*_Packages*" >/dev/null; then
		logged "apt-get update ($2)" in_chroot "$1" apt-get update -q
		UPDATED=1
	fi
}

# The headers of 6.12 and 6.16 depend on their kernel image (signed or
# -unsigned), and the 7.3 image on an initramfs generator; neither is
# needed to build a module or to boot 7.3 with our own busybox initramfs
# (selftests/vm/mkinitramfs.sh). A local package that provides the
# -unsigned images at exactly those versions and linux-initramfs-tool
# keeps both out: about 340 MB of images and every initramfs run saved.
stub_deb() { # DIR OUT PROVIDES
	local st=$1/var/cache/ksrtp-debs/stub
	rm -rf "$st"
	mkdir -p "$st/DEBIAN"
	cat >"$st/DEBIAN/control" <<-EOF
		Package: ksrtp-chroot-stub
		Version: 1.$(date +%s)
		Architecture: all
		Maintainer: ksrtp selftests <root@localhost>
		Provides: $3
		Description: stands in for kernel images the ksrtp build chroot does not need
		 Made by selftests/vm/chroots.sh: the headers of some kernel lines
		 depend on their image, the 7.3 image on an initramfs generator.
	EOF
	dpkg-deb --build "$st" "$2" >/dev/null
	rm -rf "$st"
}

# The package that apt's metapackage META depends on, for its version of
# LINE (apt-cache in DIR; several suites give several versions).
dep_of() { # DIR META LINE PREFIX
	in_chroot "$1" apt-cache show "$2" 2>/dev/null | awk -v line="$3" -v pre="$4" '
		/^Version: / { v = $2 }
		/^Depends: / && index(v, line ".") == 1 {
			sub(/^Depends: /, ""); n = split($0, d, /, /)
			for (i = 1; i <= n; i++) if (index(d[i], pre) == 1) { split(d[i], w, " "); print w[1]; exit }
		}'
}
version_of() { # DIR PKG
	in_chroot "$1" apt-cache show "$2" 2>/dev/null | awk '/^Version: / { print $2; exit }'
}

make_bullseye() { # DIR
	local dir=$1 mirror sec
	mirror=$(host_uri bookworm) || die "no Debian bookworm apt source on this host to take the mirror from"
	sec=$(host_uri bookworm-security) || die "no Debian bookworm-security apt source on this host to take the security mirror from"
	bootstrap bullseye "$dir" "$mirror"
	write_if_changed "$dir/etc/apt/sources.list" <<-EOF
		deb $mirror bullseye main
		deb $sec bullseye-security main
	EOF
	write_if_changed "$dir/etc/apt/apt.conf.d/99ksrtp" <<-EOF
		Acquire::Languages "none";
	EOF
	update "$dir" bullseye
	logged "linux-headers-amd64 (bullseye, 5.10)" in_chroot "$dir" apt-get install "${APT_OPTS[@]}" linux-headers-amd64
}

make_trixie() { # DIR
	local dir=$1 mirror cache h612 h73 i73 h72 v612 v616 e sum f got p provides=()
	mirror=$(host_uri bookworm) || die "no Debian bookworm apt source on this host to take the mirror from"
	bootstrap trixie "$dir" "$mirror"
	write_if_changed "$dir/etc/apt/sources.list" <<-EOF
		deb $mirror trixie main
		deb $mirror trixie-backports main
		deb [check-valid-until=no] $mirror sid main
	EOF
	# (sid's Release file may be past its Valid-Until date on the mirror.)
	# No translations: only package names are looked up here.
	write_if_changed "$dir/etc/apt/apt.conf.d/99ksrtp" <<-EOF
		Acquire::Languages "none";
	EOF
	# DKMS builds only when asked (selftests/package-test.sh, dkms
	# install -k KVER): neither the headers installed here nor the
	# ksrtp-dkms package's postinst build for every kernel of the chroot
	# (six builds, five minutes). Debian's own dkms-autopkgtest turns
	# autoinstall off the same way.
	if [[ ! -e "$dir/etc/dkms/no-autoinstall" ]]; then
		mkdir -p "$dir/etc/dkms"
		: >"$dir/etc/dkms/no-autoinstall"
	fi
	# sid only for what is asked of it by name (7.2's headers), never as
	# an upgrade of trixie.
	write_if_changed "$dir/etc/apt/preferences.d/sid" <<-EOF
		Package: *
		Pin: release n=sid
		Pin-Priority: 100
	EOF
	update "$dir" "trixie, trixie-backports, sid"
	# Only packages for the tools missing: install those, nothing else.
	local miss
	miss=$(missing trixie "$dir")
	if ! grep -qv '^package ' <<<"$miss"; then
		logged "${TRIXIE_PKGS[*]}" in_chroot "$dir" apt-get install "${APT_OPTS[@]}" "${TRIXIE_PKGS[@]}"
		return 0
	fi
	h73=$(dep_of "$dir" linux-headers-amd64 7.3 linux-headers-)
	[[ -n "$h73" ]] || update "$dir" "trixie, trixie-backports, sid" force
	h612=$(dep_of "$dir" linux-headers-amd64 6.12 linux-headers-)
	h73=$(dep_of "$dir" linux-headers-amd64 7.3 linux-headers-)
	i73=$(dep_of "$dir" linux-image-amd64 7.3 linux-image-)
	h72=$(dep_of "$dir" linux-headers-amd64 7.2 linux-headers-)
	[[ -n "$h612" ]] || die "trixie has no 6.12 linux-headers-amd64 any more"
	[[ -n "$h73" && -n "$i73" ]] || die "trixie-backports has no 7.3 linux-headers-amd64/linux-image-amd64 (a newer line? update TRIXIE_LINES and BOOT_LINE)"
	[[ -n "$h72" ]] || die "sid has no 7.2 linux-headers-amd64 any more (update TRIXIE_LINES)"
	say "  from the index: $h612 $h73 $i73 $h72"

	cache=$dir/var/cache/ksrtp-debs
	mkdir -p "$cache"
	for e in "${POOL_DEBS[@]}"; do
		sum=${e%%:*}
		f=${e#*:}
		got=$(sha256sum "$cache/$f" 2>/dev/null | cut -d' ' -f1) || got=''
		if [[ "$got" != "$sum" ]]; then
			logged "download $f" curl -fsS --retry 3 -o "$cache/$f.part" "$mirror/pool/main/l/linux/$f"
			got=$(sha256sum "$cache/$f.part" | cut -d' ' -f1)
			[[ "$got" == "$sum" ]] || die "$f: SHA-256 $got, expected $sum"
			mv "$cache/$f.part" "$cache/$f"
		fi
	done
	v612=$(version_of "$dir" "$h612")
	v616=$(dpkg-deb -f "$cache/linux-headers-6.16.12+deb13-amd64_6.16.12-1~bpo13+1_amd64.deb" Version)
	provides+=("${h612/headers/image}-unsigned (= $v612)")
	provides+=("linux-image-6.16.12+deb13-amd64-unsigned (= $v616)")
	provides+=(linux-initramfs-tool)
	p=$(IFS=,; echo "${provides[*]}")
	stub_deb "$dir" "$cache/ksrtp-chroot-stub.deb" "${p//,/, }"
	logged "the stub package (images the headers name, initramfs tool)" \
		in_chroot "$dir" apt-get install "${APT_OPTS[@]}" /var/cache/ksrtp-debs/ksrtp-chroot-stub.deb
	local debs=()
	for e in "${POOL_DEBS[@]}"; do
		debs+=("/var/cache/ksrtp-debs/${e#*:}")
	done
	logged "headers 6.12, 6.16, 6.18, 6.19, 7.3 and the 7.3 image, ${TRIXIE_PKGS[*]}" \
		in_chroot "$dir" apt-get install "${APT_OPTS[@]}" "${debs[@]}" \
		linux-base/trixie-backports "$h612" "$h73" "$i73" "${TRIXIE_PKGS[@]}"
	logged "headers 7.2 (sid)" in_chroot "$dir" apt-get install "${APT_OPTS[@]}" -t sid "$h72"
}

mode=create
case "${1:-}" in
--check) mode=check ;;
--list) list; exit 0 ;;
--lines)
	printf "$ROOT/bullseye %s\n" "${BULLSEYE_LINES[@]}"
	printf "$ROOT/trixie %s\n" "${TRIXIE_LINES[@]}"
	exit 0
	;;
--uri)
	[[ $# -eq 2 ]] || die "usage: $0 --uri SUITE"
	host_uri "$2" || die "no Debian $2 apt source with main on this host"
	exit 0
	;;
--run)
	shift
	[[ $# -ge 2 && -d "$1" ]] || die "usage: $0 --run DIR CMD..."
	in_chroot "$@"
	exit
	;;
'') ;;
*) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2 ;;
esac

kvers_in() { # DIR
	list | awk -v d="$1" '$1 == d { printf "%s ", $2 }'
}

# Makes what RELEASE's chroot lacks (in a subshell of its own: the two
# chroots are made at the same time, their apt and dpkg runs overlap).
create() { # RELEASE DIR
	local rel=$1 dir=$2 t0 miss
	REL=$rel
	LOG=$ROOT/$rel.log
	: >"$LOG"
	t0=$(date +%s)
	exec 8>"$ROOT/.$rel.lock"
	flock 8
	case "$rel" in
	bullseye) make_bullseye "$dir" ;;
	trixie) make_trixie "$dir" ;;
	esac
	exec 8>&-
	mapfile -t miss < <(missing "$rel" "$dir")
	((${#miss[@]} == 0)) || die "still missing after installing: ${miss[*]} (log: $LOG)"
	say "made in $(($(date +%s) - t0)) s: $(kvers_in "$dir")"
}

status=0 pids=()
for rel in bullseye trixie; do
	dir=$ROOT/$rel
	mapfile -t miss < <(missing "$rel" "$dir")
	if ((${#miss[@]} == 0)); then
		say "$rel ($dir): complete: $(kvers_in "$dir")"
		continue
	fi
	m=$(IFS=,; echo "${miss[*]}")
	say "$rel ($dir): missing: ${m//,/, }"
	if [[ "$mode" == check ]]; then
		status=1
		continue
	fi
	[[ $(id -u) -eq 0 ]] || die "need root to make the $rel chroot (try: sudo $0)"
	mkdir -p "$ROOT"
	create "$rel" "$dir" &
	pids+=($!)
done
for p in "${pids[@]}"; do
	wait "$p" || status=1
done
((status == 0)) || [[ "$mode" == check ]] || die "could not make the chroots (see above)"
exit "$status"
