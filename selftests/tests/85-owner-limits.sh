#!/bin/bash
# Contexts owned by the netlink socket that installed them (KSRTP_A_OWNED):
# a daemon killed with -9 takes its contexts, and what its template
# learned, with it; the traffic that follows is unmatched, and contexts
# without the flag survive. Then the per-namespace limits (sysctl
# net.ksrtp.*): NEW at the limit is refused with -ENOSPC and a message,
# nothing installed is disturbed, and learning stops at max_learned; and
# the per-user bound across namespaces (net.ksrtp.max_contexts_per_user),
# which counts every uid of a user namespace as the namespace's creator.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../srtp-lib.sh"
setup_ksrtp_netns python3

SUITE=AES_CM_128_HMAC_SHA1_80
SUITE_NR=1
S1=0x5101	# owned, outbound
S2=0x5102	# not owned, outbound
S3=0x5103	# learned by the owned template
A=$(addr 4 a 5004)
B=$(addr 4 b 6004)
k1=$(new_key k1)
k2=$(new_key k2)
kt=$(new_key kt)
ip_a=$(printf '%02x' ${IP4_A//./ })
ip_b=$(printf '%02x' ${IP4_B//./ })

keyattrs() {
	local h
	h=$(cat "$1")
	echo "master_key:hex:${h:0:32} master_salt:hex:${h:32}"
}

# The daemon: one netlink socket that installs owned contexts, prints
# their ids, and then holds the socket until it is killed.
cat >"$TEST_TMP/daemon.py" <<PY
import signal, struct, sys
sys.path.insert(0, "$SELFTESTS/tools")
import nlraw
g = nlraw.Genl()
fam = g.family("ksrtp")
for spec in sys.argv[2:]:
    attrs = [nlraw.encode(a) for a in spec.split()]
    req = g.send(fam, nlraw.CMDS["new"], attrs,
                 nlraw.NLM_F_REQUEST | nlraw.NLM_F_ACK)
    cid = None
    for typ, _, body in g.answers(req):
        if typ == nlraw.NLMSG_ERROR:
            err = struct.unpack_from("=i", body)[0]
            if err:
                sys.exit("new refused: %d" % err)
            continue
        for t, p in nlraw.parse_attrs(body[4:]):
            if t == nlraw.ATTRS.index("id"):
                cid = struct.unpack("=I", p)[0]
    print(cid, flush=True)
open(sys.argv[1], "w").close()
while True:
    signal.pause()
PY

# --- (a) owned contexts die with their socket ---------------------------
ready=$TEST_TMP/daemon.ready
bg_a python3 "$TEST_TMP/daemon.py" "$ready" \
	"direction:u8:2 local_ipv4:hex:$ip_a local_port:u16:5004 remote_ipv4:hex:$ip_b remote_port:u16:6004 ssrc:u32:$((S1)) suite:u16:$SUITE_NR owned:flag: $(keyattrs "$k1")" \
	"direction:u8:1 local_ipv4:hex:$ip_a local_port:u16:5004 template:flag: suite:u16:$SUITE_NR owned:flag: $(keyattrs "$kt")" \
	>"$TEST_TMP/daemon.out" 2>&1
daemon=$BG_PID
wait_for 60 test -e "$ready" || ksft_fail "daemon did not start: $(cat "$TEST_TMP/daemon.out")"
mapfile -t ids <"$TEST_TMP/daemon.out"
[[ ${#ids[@]} == 2 && ${ids[0]} =~ ^[0-9]+$ && ${ids[1]} =~ ^[0-9]+$ ]] ||
	ksft_fail "daemon printed: $(cat "$TEST_TMP/daemon.out")"
o1=${ids[0]}
tmpl=${ids[1]}
o2=$(ctx_add "$ns_a" out local "$A" remote "$B" ssrc $S2 suite $SUITE key-file "$k2")

# Replies mark owned contexts; other sockets closing (every srtpctl run)
# leave them alone.
in_a python3 "$NLRAW" get id:u32:"$o1" | grep -q 'owned' || ksft_fail "GET of an owned context lacks KSRTP_A_OWNED"
in_a python3 "$NLRAW" get id:u32:"$o2" | grep -q 'owned' && ksft_fail "GET of an unowned context has KSRTP_A_OWNED"
check_eq "contexts while the daemon lives" 3 "$(ctx_count "$ns_a")"

# The owned template learns S3; the owned outbound context protects S1.
peer_recv "$ns_a" "$TEST_TMP/learn.out" --local "$A" --ssrc $S3 --count 5
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc $S3 --count 5 \
	--srtp $SUITE --key-file "$kt" || ksft_fail "send S3"
peer_wait
check_eq "contexts after learning" 4 "$(ctx_count "$ns_a")"
peer_recv "$ns_b" "$TEST_TMP/s1.out" --local "$B" --ssrc $S1 --count 5 \
	--srtp $SUITE --key-file "$k1"
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc $S1 --count 5 || ksft_fail "send S1"
peer_wait
log "ok owned contexts work while the daemon lives"

kill -9 "$daemon"
wait "$daemon" 2>/dev/null
wait_for 5 test "$(ctx_count "$ns_a")" = 1 ||
	ksft_fail "after kill -9: $(in_a "$SRTPCTL" show)"
in_a "$SRTPCTL" show id "$o2" >/dev/null || ksft_fail "the unowned context went with the daemon"
for id in "$o1" "$tmpl"; do
	in_a python3 "$NLRAW" get id:u32:"$id" | grep -q 'error=-2 ' ||
		ksft_fail "context $id survived its owner"
done
check_eq "net.ksrtp.contexts after kill" 1 "$(in_a cat /proc/sys/net/ksrtp/contexts)"
check_eq "net.ksrtp.learned after kill" 0 "$(in_a cat /proc/sys/net/ksrtp/learned)"

# Unmatched now: S1 leaves plain, S3 arrives as SRTP for the socket to
# decrypt itself; S2 is still protected by the kernel.
peer_recv "$ns_b" "$TEST_TMP/s1p.out" --local "$B" --ssrc $S1 --count 5 --seq-start 100
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc $S1 --count 5 --seq-start 100 || ksft_fail "send S1 plain"
peer_wait
peer_recv "$ns_a" "$TEST_TMP/s3.out" --local "$A" --ssrc $S3 --count 5 \
	--seq-start 100 --srtp $SUITE --key-file "$kt"
in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc $S3 --count 5 \
	--seq-start 100 --srtp $SUITE --key-file "$kt" || ksft_fail "send S3 after"
peer_wait
peer_recv "$ns_b" "$TEST_TMP/s2.out" --local "$B" --ssrc $S2 --count 5 \
	--srtp $SUITE --key-file "$k2"
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc $S2 --count 5 || ksft_fail "send S2"
peer_wait
log "ok kill -9 removed the owned contexts and what they learned; the rest survived"

# A daemon that exits normally takes its contexts too.
rm -f "$ready"
bg_a python3 "$TEST_TMP/daemon.py" "$ready" \
	"direction:u8:2 local_ipv4:hex:$ip_a local_port:u16:5004 remote_ipv4:hex:$ip_b remote_port:u16:6004 ssrc:u32:$((S1)) suite:u16:$SUITE_NR owned:flag: $(keyattrs "$k1")" \
	>"$TEST_TMP/daemon.out" 2>&1
daemon=$BG_PID
wait_for 60 test -e "$ready" || ksft_fail "daemon did not start again: $(cat "$TEST_TMP/daemon.out")"
check_eq "contexts with the second daemon" 2 "$(ctx_count "$ns_a")"
kill -TERM "$daemon"
wait "$daemon" 2>/dev/null
wait_for 5 test "$(ctx_count "$ns_a")" = 1 || ksft_fail "after TERM: $(in_a "$SRTPCTL" show)"
in_a "$SRTPCTL" flush || ksft_fail "flush"

# --- (b) limits -----------------------------------------------------------
check_eq "default net.ksrtp.max_contexts" 16384 "$(in_a cat /proc/sys/net/ksrtp/max_contexts)"
check_eq "default net.ksrtp.max_learned" 4096 "$(in_a cat /proc/sys/net/ksrtp/max_learned)"
in_a sh -c 'echo 3 >/proc/sys/net/ksrtp/max_contexts' || ksft_fail "cannot set max_contexts"
for i in 1 2 3; do
	ctx_add "$ns_a" out local "$A" remote "$B" ssrc $((S1 + i)) suite $SUITE key-file "$(new_key l$i)" >/dev/null
done
# shellcheck disable=SC2046 # keyattrs gives two words
out=$(in_a python3 "$NLRAW" new direction:u8:2 local_ipv4:hex:"$ip_a" local_port:u16:5004 \
	remote_ipv4:hex:"$ip_b" remote_port:u16:6004 ssrc:u32:$((S1 + 4)) suite:u16:$SUITE_NR $(keyattrs "$k1"))
[[ $out =~ error=-28\ .*msg=\".*max_contexts ]] || ksft_fail "NEW at the limit: $out"
in_a "$SRTPCTL" add out local "$A" remote "$B" ssrc $((S1 + 5)) suite $SUITE key-file "$k2" \
	>/dev/null 2>"$TEST_TMP/err"
rc=$?
check_eq "srtpctl add at the limit exits" 2 "$rc"
grep -q max_contexts "$TEST_TMP/err" || ksft_fail "srtpctl did not show the message: $(cat "$TEST_TMP/err")"
check_eq "contexts at the limit" 3 "$(ctx_count "$ns_a")"
check_eq "net.ksrtp.contexts at the limit" 3 "$(in_a cat /proc/sys/net/ksrtp/contexts)"
peer_recv "$ns_b" "$TEST_TMP/l1.out" --local "$B" --ssrc $((S1 + 1)) --count 5 \
	--srtp $SUITE --key-file "$TEST_TMP/l1.key"
in_a "$RTP_PEER" send --local "$A" --remote "$B" --ssrc $((S1 + 1)) --count 5 || ksft_fail "send at the limit"
peer_wait
# Other namespaces have their own limit.
ctx_add "$ns_b" out local "$B" remote "$A" ssrc $S1 suite $SUITE key-file "$k1" >/dev/null
in_a sh -c 'echo 4 >/proc/sys/net/ksrtp/max_contexts'
ctx_add "$ns_a" out local "$A" remote "$B" ssrc $((S1 + 4)) suite $SUITE key-file "$k1" >/dev/null
in_a sh -c 'echo 10 >/proc/sys/net/ksrtp/max_contexts; echo 1 >/proc/sys/net/ksrtp/max_learned'
log "ok max_contexts"

# Learning stops at max_learned: counted as unknown-ssrc, announced.
in_a "$SRTPCTL" flush
in_b "$SRTPCTL" flush
mon=$TEST_TMP/monitor.out
monitor_start "$ns_a" "$mon"
tid=$(ctx_add "$ns_a" in local "$A" template learn-limit 16 suite $SUITE key-file "$kt")
for s in 1 2; do
	in_b "$RTP_PEER" send --local "$B" --remote "$A" --ssrc $((S3 + s)) --count 3 \
		--srtp $SUITE --key-file "$kt" || ksft_fail "send learned $s"
	sleep 0.5
done
check_eq "net.ksrtp.learned at max_learned" 1 "$(in_a cat /proc/sys/net/ksrtp/learned)"
expect_stats "$ns_a" "$tid" learned 1 unknown-ssrc 3
wait_event "$mon" "^learn-limit id $tid "
log "ok max_learned"

# Root of a user namespace may read its namespace's limits, not raise them.
out=$(unshare -U -r -n sh -c 'cat /proc/sys/net/ksrtp/max_contexts; echo 99999 >/proc/sys/net/ksrtp/max_contexts && echo written' 2>&1)
[[ $out =~ ^16384 ]] || ksft_fail "user namespace: $out"
[[ $out == *written* ]] && ksft_fail "root of a user namespace raised its limit"
log "ok a user namespace cannot raise its limits"

# The per-user bound, across namespaces: an unprivileged user makes a user
# namespace with a netns, and another netns inside it; with
# net.ksrtp.max_contexts_per_user at 3 its fourth context is refused
# (-EDQUOT, the message names the limit) although each namespace is far
# below max_contexts. Root's contexts elsewhere do not count for it, and
# only the initial namespace may change the bound. nlraw.py reaches
# python as an argument read by root: nobody may not read the tree.
in_a "$SRTPCTL" flush
old=$(cat /proc/sys/net/ksrtp/max_contexts_per_user)
check_eq "max_contexts_per_user default" 65536 "$old"
echo 3 >/proc/sys/net/ksrtp/max_contexts_per_user
ctx_add "$ns_a" out local "$A" remote "$B" ssrc $S1 suite $SUITE key-file "$k1" >/dev/null
ctx_add "$ns_a" out local "$A" remote "$B" ssrc $S2 suite $SUITE key-file "$k1" >/dev/null
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
new="new direction:u8:1 local_ipv4:hex:7f000001 suite:u16:1 ssrc:u32:1
	master_key:hex:000102030405060708090a0b0c0d0e0f master_salt:hex:000102030405060708090a0b0c0d"
# shellcheck disable=SC2016 # expanded by the inner shells
out=$("${nobody[@]}" unshare -U -r -n bash -c '
	ip link set lo up
	for p in 5001 5002; do python3 -c "$1" $2 local_port:u16:$p; done
	unshare -n bash -c "ip link set lo up
		for p in 5003 5004; do python3 -c \"\$1\" \$2 local_port:u16:\$p; done
		cat /proc/sys/net/ksrtp/max_contexts_per_user
		echo 9 >/proc/sys/net/ksrtp/max_contexts_per_user && echo written" inner "$1" "$2"
	' outer "$(cat "$NLRAW")" "$new" 2>&1)
while IFS= read -r line; do log "$line"; done <<<"$out"
check_eq "contexts the user got" 3 "$(grep -c '^msg attrs=id' <<<"$out")"
grep -q '^error=-122 .*max_contexts_per_user' <<<"$out" ||
	ksft_fail "the fourth context was not refused with EDQUOT: $out"
[[ $out == *written* ]] && ksft_fail "a user namespace changed max_contexts_per_user"
log "ok max_contexts_per_user bounds a user across namespaces"

# A tree of user namespaces is one user, its creator's: an unprivileged
# user (uid 60001) makes a user namespace with a netns, and root maps two
# uids into it (inside 0 -> 60001, 1 -> 60002), as newuidmap does from
# /etc/subuid. Two contexts made as uid 0 inside and two as uid 1 are
# four of 60001's: the fourth is refused. Counted by each caller's own
# uid, both would stay below 3.
# The inner shell prints its pid first (into a file root opened: the
# user may not enter $TEST_TMP), then waits for the maps.
mapped_out=$TEST_TMP/mapped.out
# shellcheck disable=SC2016 # expanded by the inner shells
bg setpriv --reuid=60001 --regid=60001 --clear-groups --inh-caps=-all \
	unshare -U -n bash -c '
	echo "pid $$"
	until grep -q . /proc/self/uid_map; do sleep 0.05; done
	ip link set lo up
	for p in 5001 5002; do echo "uid $(id -u)"; python3 -c "$1" $2 local_port:u16:$p; done
	setpriv --reuid=1 --regid=1 --clear-groups --inh-caps=+net_admin \
		--ambient-caps=+net_admin bash -c "
		for p in 5003 5004; do echo \"uid \$(id -u)\"; python3 -c \"\$1\" \$2 local_port:u16:\$p; done
		" uid1 "$1" "$2"
	' mapped "$(cat "$NLRAW")" "$new" >"$mapped_out" 2>&1
mapped=$BG_PID
wait_for 30 grep -q '^pid ' "$mapped_out" ||
	ksft_fail "the user namespace did not start: $(cat "$mapped_out")"
child=$(sed -n 's/^pid //p' "$mapped_out")
echo "0 60001 2" >"/proc/$child/uid_map" || ksft_fail "cannot write the uid_map of $child"
echo "0 60001 2" >"/proc/$child/gid_map" || ksft_fail "cannot write the gid_map of $child"
wait "$mapped"
out=$(cat "$mapped_out")
while IFS= read -r line; do log "$line"; done <<<"$out"
check_eq "uids inside" "uid 0 uid 0 uid 1 uid 1" "$(grep '^uid ' <<<"$out" | xargs)"
check_eq "contexts the two uids got" 3 "$(grep -c '^msg attrs=id' <<<"$out")"
grep -q '^error=-122 .*max_contexts_per_user' <<<"$out" ||
	ksft_fail "the fourth context of one user namespace was not refused: $out"
echo "$old" >/proc/sys/net/ksrtp/max_contexts_per_user
log "ok two uids mapped into one user namespace share its creator's bound"
ksft_pass "owner-limits"
