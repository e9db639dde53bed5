#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""selftests/vm/once-keys.py: switch the kernel's once-per-boot keys now.

Some of the kernel's code is patched once per boot, by the first packet
that needs a random secret: net_get_random_once() seeds it and then
switches a static key off, which rewrites the code of every caller. Under
multi-threaded TCG, code rewritten while the other CPU runs through it can
wedge or kill the guest (Documentation/testing.rst, "Known emulator
issues"); text-watch.py saw these, each in the first test that took the
path, with traffic flowing:

  flow_hash_from_keys, __skb_get_hash_*   first flow hash (traffic on a veth)
  udp_ehashfn, udp6_ehashfn               first SO_REUSEPORT UDP lookup
  inet_getpeer                            first ICMP error (rate limit)
  kmem_cache_alloc, __alloc_pages, ...    first memory cgroup (86-memcg-charge)

selftests/run.sh runs this once before the first test, when nothing else
runs, so that the tests find these keys already switched. It takes the
same paths the tests take, in a pair of namespaces joined by a veth:
datagrams, IPv4 and IPv6, to a port with two SO_REUSEPORT sockets and to
a closed port. The memory cgroup keys are switched on by the first
memory cgroup made and off by the last removed: this makes one,
CGROUP/ksrtp-keys-pin, and leaves it for the rest of the boot. Needs
root; exits 1 if a step fails.
"""
import ctypes
import os
import socket
import subprocess
import sys

NS = ("ksrtp-once-a", "ksrtp-once-b")
ADDRS = {
    socket.AF_INET: ("10.254.1.1", "10.254.1.2", 24),
    socket.AF_INET6: ("fd54::1", "fd54::2", 64),
}


def ip(*args):
    subprocess.run(("ip",) + args, check=True, stdout=subprocess.DEVNULL)


def setup():
    for ns in NS:
        ip("netns", "add", ns)
    ip("link", "add", "once0", "netns", NS[0], "type", "veth",
       "peer", "name", "once1", "netns", NS[1])
    for i, ns in enumerate(NS):
        dev = "once%d" % i
        for fam, (a, b, plen) in ADDRS.items():
            addr = (a, b)[i]
            opt = ["nodad"] if fam == socket.AF_INET6 else []
            ip("-n", ns, "addr", "add", "%s/%d" % (addr, plen), "dev", dev, *opt)
        ip("-n", ns, "link", "set", dev, "up")
        ip("-n", ns, "link", "set", "lo", "up")


def teardown():
    for ns in NS:
        subprocess.run(("ip", "netns", "del", ns), stderr=subprocess.DEVNULL)


def in_ns(name):
    """setns(2) into a named network namespace (os.setns is Python 3.12)."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    try:
        if libc.setns(fd, 0x40000000) != 0:  # CLONE_NEWNET
            err = ctypes.get_errno()
            raise OSError(err, "setns: " + os.strerror(err))
    finally:
        os.close(fd)


def exercise():
    """Runs in a child: receivers in b, senders in a, fds kept across setns."""
    in_ns(NS[1])
    socks = []
    for fam, (_, b, _) in ADDRS.items():
        for _ in range(2):
            s = socket.socket(fam, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            s.settimeout(5)
            s.bind((b, 4009))
            socks.append((fam, s))
    in_ns(NS[0])
    for fam, (a, b, _) in ADDRS.items():
        tx = socket.socket(fam, socket.SOCK_DGRAM)
        tx.settimeout(5)
        tx.bind((a, 0))
        tx.connect((b, 4009))
        for _ in range(8):
            tx.send(b"once")
        got = 0
        for f, s in socks:
            if f != fam:
                continue
            try:
                while True:
                    s.settimeout(0.5 if got else 5)
                    s.recv(64)
                    got += 1
            except socket.timeout:
                pass
        if got == 0:
            print("once-keys: no datagram arrived (%s)" % fam.name, file=sys.stderr)
            return 1
        # A closed port: b answers with an ICMP port unreachable, which
        # the connected socket sees as ECONNREFUSED.
        closed = socket.socket(fam, socket.SOCK_DGRAM)
        closed.settimeout(5)
        closed.connect((b, 4010))
        closed.send(b"once")
        try:
            closed.recv(64)
            print("once-keys: a closed port answered (%s)" % fam.name, file=sys.stderr)
            return 1
        except ConnectionRefusedError:
            pass
        except socket.timeout:
            print("once-keys: no ICMP error from a closed port (%s)" % fam.name, file=sys.stderr)
            return 1
    return 0


def memcg_pin(cg="/sys/fs/cgroup"):
    """A memory cgroup that lives as long as the boot, if there is memcg."""
    try:
        with open(cg + "/cgroup.controllers") as f:
            if "memory" not in f.read().split():
                return
    except FileNotFoundError:
        return
    with open(cg + "/cgroup.subtree_control") as f:
        on = "memory" in f.read().split()
    if not on:
        with open(cg + "/cgroup.subtree_control", "w") as f:
            f.write("+memory")
    os.makedirs(cg + "/ksrtp-keys-pin", exist_ok=True)


def main():
    memcg_pin()
    teardown()
    try:
        setup()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = exercise()
            except Exception as e:  # report it; os._exit() would drop it
                print("once-keys: %r" % e, file=sys.stderr)
            finally:
                sys.stdout.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        return 0 if os.waitstatus_to_exitcode(status) == 0 else 1
    finally:
        teardown()


if __name__ == "__main__":
    sys.exit(main())
