#!/bin/bash
# Every command needs CAP_NET_ADMIN over the network namespace
# (GENL_UNS_ADMIN_PERM), and so does joining the events group
# (GENL_MCAST_CAP_NET_ADMIN): an unprivileged user gets EPERM, and so does root
# of a user namespace acting on a netns it does not own; root of a user
# namespace manages the contexts of its own netns.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
require_module
require_cmd setpriv unshare

# The key reaches srtpctl on standard input, opened by root, so that only
# the permission check can fail.
key=$(new_key perm)
ADD=(add in local 127.0.0.1:5004 ssrc 1 suite AES_CM_128_HMAC_SHA1_80 key-file -)

eperm() {
	local out rc
	out=$("$@" 2>&1 <"$key")
	rc=$?
	check_eq "exit code of: ${*: -3}" 2 $rc
	[[ "$out" == *"Operation not permitted"* ]] || ksft_fail "$*: $out"
}

nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
for cmd in "${ADD[*]}" "del id 1" "show" "flush" "set id 1 roc 1" \
	"key add id 1 key-file -" "key del id 1 mki 01" "key activate id 1 mki 01" \
	"monitor"; do
	# shellcheck disable=SC2086
	eperm timeout 10 "${nobody[@]}" "$SRTPCTL" $cmd
	# shellcheck disable=SC2086
	eperm timeout 10 unshare -U -r "$SRTPCTL" $cmd
done
log "ok unprivileged and foreign-userns requests get EPERM"

# Root of a new user namespace, in its own new netns.
out=$(unshare -U -r -n bash -c "
	ip link set lo up &&
	'$SRTPCTL' ${ADD[*]} &&
	'$SRTPCTL' show &&
	'$SRTPCTL' flush &&
	'$SRTPCTL' show | wc -l" 2>&1 <"$key") || ksft_fail "userns root in its own netns: $out"
[[ "$out" == "id "*"ctx "*"in local 127.0.0.1:5004"*$'\n0' ]] ||
	ksft_fail "userns root in its own netns: unexpected output: $out"
log "ok userns root manages its own netns"

# And its contexts were never visible here.
[[ -z "$("$SRTPCTL" show)" ]] || ksft_fail "init netns sees foreign contexts"
ksft_pass "permission model"
