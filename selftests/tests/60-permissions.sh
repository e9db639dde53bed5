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

# The same with every command number as raw netlink, so that the kernel,
# not srtpctl, refuses: in a netns with a live context (owned by the initial
# user namespace), an unprivileged user and root of a new user namespace
# get EPERM for every command, and the context is untouched. (The key
# bytes below are a dummy, not a key in use.)
setup_netns
id=$(ctx_add "$ns_a" in local "$(addr 4 a 5004)" ssrc 0x77 \
	suite AES_CM_128_HMAC_SHA1_80 key-file "$key" mki 0x01)
before=$(in_a "$SRTPCTL" show id "$id")
K16=master_key:hex:000102030405060708090a0b0c0d0e0f
S14=master_salt:hex:000102030405060708090a0b0c0d
for req in "new direction:u8:1 local_ipv4:hex:0a630001 local_port:u16:5006 ssrc:u32:1 suite:u16:1 $K16 $S14" \
	"del id:u32:$id" "get id:u32:$id" "--dump get" "flush" "set id:u32:$id roc:u32:9" \
	"key-new id:u32:$id $K16 $S14 mki:hex:02" "key-del id:u32:$id mki:hex:01" \
	"key-set id:u32:$id mki:hex:01 key_active:flag:"; do
	for who in "${nobody[*]}" "unshare -U -r"; do
		# The script on standard input, opened by root: the repository may
		# be where nobody can read it (a clone under /root, mode 0700).
		# shellcheck disable=SC2086
		out=$(in_a $who python3 - $req <"$NLRAW" 2>&1)
		[[ "$out" == "error=-1 "* ]] || ksft_fail "$who, $req: expected EPERM, got: $out"
	done
done
check_eq "the context after the refused requests" "$before" "$(in_a "$SRTPCTL" show id "$id")"
log "ok raw requests of every command refused with EPERM in a netns the caller does not own"

# Root of a user namespace with its own netns uses every command there.
out=$(unshare -U -r -n bash -c "
	ip link set lo up &&
	'$SRTPCTL' add in local 127.0.0.1:5004 ssrc 1 suite AES_CM_128_HMAC_SHA1_80 key-file - mki 0x01 &&
	'$SRTPCTL' set id 1 roc 3 && '$SRTPCTL' key add id 1 key-file '$key' mki 0x02 &&
	'$SRTPCTL' key activate id 1 mki 0x02 && '$SRTPCTL' key del id 1 mki 0x01 &&
	'$SRTPCTL' show id 1 && '$SRTPCTL' del id 1 && '$SRTPCTL' show | wc -l" 2>&1 <"$key") ||
	ksft_fail "userns root, every command in its own netns: $out"
[[ "$out" == *"roc 3"*$'\n0' ]] || ksft_fail "userns root, every command: unexpected output: $out"
log "ok userns root: add, set, key add/activate/del, show, del in its own netns"
ksft_pass "permission model"
