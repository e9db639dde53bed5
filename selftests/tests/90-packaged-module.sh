#!/bin/bash
# The Debian packages as an operator installs them: the module that DKMS
# built from ksrtp-dkms for the running kernel (by selftests/package-test.sh,
# under /lib/modules/KVER/updates/dkms: on the host for the host's
# kernels, in the trixie chroot, from the same .deb and trixie's dkms,
# for the chroot's 7.3) loads with modprobe, and the packaged srtpctl
# (/usr/bin/srtpctl) adds, shows and deletes contexts through which one
# RTP packet is protected and verified by libsrtp2. The work tree's
# module is put back afterwards.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=../srtp-lib.sh
. "$(dirname "$0")/../srtp-lib.sh"
require_cmd modprobe modinfo dpkg-query
require_file "$RTP_PEER"

kver=$(uname -r)
pkg_status() { # ADMINDIR PKG: "installed VERSION" if installed
	dpkg-query --admindir="$1" -W -f='${db:Status-Status} ${Version}' "$2" 2>/dev/null
}
for p in ksrtp-dkms srtpctl libksrtp0 libksrtp-dev; do
	st=$(pkg_status /var/lib/dpkg "$p")
	[[ "$st" == installed\ * ]] ||
		ksft_fail "package $p is not installed (run selftests/package-test.sh or make package-check on the host)"
	log "package $p ${st#installed }"
done
host_version=$(pkg_status /var/lib/dpkg ksrtp-dkms)
host_version=${host_version#installed }
root='' # where the kernel and DKMS are installed: the host

# A kernel booted from a chroot (the 7.3 lane, run-vm.sh --modules) has
# its modules there, bind-mounted on /lib/modules; the guest sees the
# host's root, so that chroot is at its own path too. DKMS builds the
# packaged module for it inside the chroot, with the chroot's dkms, from
# the same ksrtp-dkms .deb (selftests/package-test.sh).
if [[ -n "${KSRTP_VM_MODDIR:-}" ]]; then
	root=${KSRTP_VM_MODDIR%/}
	root=${root%/lib/modules}
	# A module tree that no Debian system installed (the debug kernel's)
	# has no DKMS or packages to test.
	[[ "$root" != "${KSRTP_VM_MODDIR%/}" && -f "$root/var/lib/dpkg/status" ]] ||
		ksft_skip "$kver's modules come from $KSRTP_VM_MODDIR, which is not a Debian system's: no DKMS builds for it"
	st=$(pkg_status "$root/var/lib/dpkg" dkms)
	[[ "$st" == installed\ * ]] ||
		ksft_fail "dkms is not installed in $root (selftests/install-deps.sh --chroots installs it)"
	log "$root: package dkms ${st#installed }"
	st=$(pkg_status "$root/var/lib/dpkg" ksrtp-dkms)
	[[ "$st" == installed\ * ]] ||
		ksft_fail "ksrtp-dkms is not installed in $root (selftests/package-test.sh installs it)"
	[[ "${st#installed }" == "$host_version" ]] ||
		ksft_fail "ksrtp-dkms ${st#installed } in $root, $host_version on the host"
	cmp -s "$root/var/lib/dpkg/info/ksrtp-dkms.md5sums" /var/lib/dpkg/info/ksrtp-dkms.md5sums ||
		ksft_fail "the ksrtp-dkms installed in $root is not the host's (their md5sums differ)"
	log "$root: package ksrtp-dkms ${st#installed }, the host's files"
fi
[[ "$(dpkg-query -S /usr/bin/srtpctl 2>/dev/null)" == "srtpctl: /usr/bin/srtpctl" ]] ||
	ksft_fail "/usr/bin/srtpctl does not come from the srtpctl package"

# What modprobe would load must be DKMS's build for this kernel.
ko=$(modinfo -n ksrtp 2>/dev/null) ||
	ksft_fail "modprobe knows no ksrtp for $kver (DKMS did not install it; see dkms status)"
[[ "$ko" == /lib/modules/$kver/updates/dkms/ksrtp.ko* ]] ||
	ksft_fail "modprobe would load $ko, not DKMS's /lib/modules/$kver/updates/dkms/ksrtp.ko"
vermagic=$(modinfo -F vermagic ksrtp)
[[ "$vermagic" == "$kver "* ]] || ksft_fail "$ko was built for ${vermagic%% *}, not $kver"
# The very file DKMS built (its tree keeps a copy), not one put in its place.
built=$root/var/lib/dkms/ksrtp/$host_version/$kver/$(uname -m)/module/${ko##*/}
cmp -s "$ko" "$built" || ksft_fail "$ko is not the module DKMS built ($built)"
log "modprobe ksrtp -> $ko"

# Swap the work tree's module (if run.sh loaded it) for the packaged one.
was_loaded=0
if ksrtp_loaded; then
	was_loaded=1
	rmmod ksrtp || ksft_fail "rmmod of the work tree's ksrtp"
fi
# shellcheck disable=SC2317 # run at exit, by defer
restore() {
	ksrtp_loaded && rmmod ksrtp
	if ((was_loaded)); then
		# shellcheck disable=SC2119 # no module parameters
		ksrtp_reload || echo "FAIL: reloading the work tree's ksrtp.ko"
	fi
}
defer restore
out=$(modprobe -v ksrtp 2>&1) || ksft_fail "modprobe ksrtp: $out"
ksrtp_loaded || ksft_fail "modprobe ksrtp returned 0 but ksrtp is not loaded"
grep -q "^insmod $ko" <<<"$out" || ksft_fail "modprobe -v ksrtp did not insmod $ko: $out"
log "loaded: $(grep '^insmod' <<<"$out" | tail -n1)"

SRTPCTL=/usr/bin/srtpctl
setup_netns
SUITE=AES_CM_128_HMAC_SHA1_80
SSRC=0x5eed90
key=$(new_key pkg $SUITE)
A=$(addr 4 a 5090)
B=$(addr 4 b 6090)
id=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $SSRC suite $SUITE key-file "$key")
in_a "$SRTPCTL" show id "$id" | grep -q "ssrc 0x$(printf '%08x' $SSRC)" ||
	ksft_fail "srtpctl show id $id: $(in_a "$SRTPCTL" show id "$id" 2>&1)"
peer_recv "$ns_b" "$TEST_TMP/peer.out" --local "$B" --count 1 \
	--ssrc $SSRC --srtp $SUITE --key-file "$key"
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc $SSRC --count 1 ||
	ksft_fail "rtp-peer send"
peer_wait
expect_stat "$ns_a" "$id" rtp-packets 1
log "one RTP packet protected by the packaged module, verified by libsrtp2"
in_a "$SRTPCTL" del id "$id" || ksft_fail "srtpctl del id $id"
[[ -z "$(in_a "$SRTPCTL" show)" ]] || ksft_fail "a context is left after srtpctl del"
man -w srtpctl >/dev/null 2>&1 || ksft_fail "man -w srtpctl: the manual page is not installed"
ksft_pass "packaged module ($ko) and srtpctl"
