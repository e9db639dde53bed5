#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""UDP datagrams in batches (UDP_SEGMENT, UDP_GRO) and with the DF bit,
for the tests of GSO, GRO and the path MTU (35-gso-gro-mtu).

usage:
  udpgso.py send --local ADDR:PORT --remote ADDR:PORT [--gso]
                 [--pmtudisc want|do|dont] < HEXLINES
      Send the datagrams read from standard input, one hex string per
      line. With --gso each batch of them (batches are separated by empty
      lines) goes in one sendmsg() with a UDP_SEGMENT control message of
      the batch's first datagram's length (every datagram but the last
      must have that length, the last may be shorter); without, one
      sendmsg() each. --pmtudisc sets IP_MTU_DISCOVER or IPV6_MTU_DISCOVER
      (default: the system's, "want"). Prints one line per sendmsg(): "ok"
      or the errno name ("EMSGSIZE"). Exit 0 unless the tool failed.
  udpgso.py collect --local ADDR:PORT --count N [--timeout-ms T]
                    [--ready-file F]
      Receive N datagrams and print them as hex lines (to capture what a
      peer sent). Exit 0 iff N arrived.
  udpgso.py recv --local ADDR:PORT --expect FILE [--gro] [--sniff DEV]
                 [--timeout-ms T] [--ready-file F]
      Receive until every datagram of FILE (hex lines) has arrived, or T ms
      (default 5000) after the last one. --gro enables UDP_GRO on the
      socket and splits what arrives by the segment size of its UDP_GRO
      control message. --sniff DEV also watches DEV with a packet socket,
      which sees packets after GRO and before the IP layer. Prints
        reads=<recvmsg calls> coalesced=<reads with a UDP_GRO cmsg>
        received=<datagrams> ok=<equal to an expected one> bad=<others>
        wire=<UDP packets to PORT on DEV> wire_max=<largest UDP payload>
      (wire= only with --sniff) and exits 0 iff ok == lines of FILE and
      bad == 0. Each expected datagram counts once.

Only the Python standard library is used.
"""
import argparse
import errno
import os
import select
import socket
import struct
import sys
import time

SOL_UDP = 17
UDP_SEGMENT = 103
UDP_GRO = 104
IP_MTU_DISCOVER = 10
IPV6_MTU_DISCOVER = 23
PMTUDISC = {"dont": 0, "want": 1, "do": 2}
ETH_P_ALL = 0x0003


def parse_addr(text):
    """'10.0.0.1:5' or '[fd00::1]:5' -> (family, sockaddr)."""
    if text.startswith("["):
        host, _, port = text[1:].partition("]:")
        return socket.AF_INET6, (host, int(port), 0, 0)
    host, _, port = text.rpartition(":")
    return socket.AF_INET, (host, int(port))


def udp_socket(local):
    fam, addr = parse_addr(local)
    sock = socket.socket(fam, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(addr)
    return fam, sock


def read_hex(stream):
    return [bytes.fromhex(line.strip()) for line in stream if line.strip()]


def read_batches(stream):
    """Hex lines in batches separated by empty lines."""
    batches = [[]]
    for line in stream:
        if line.strip():
            batches[-1].append(bytes.fromhex(line.strip()))
        elif batches[-1]:
            batches.append([])
    return [b for b in batches if b]


def cmd_send(args):
    fam, sock = udp_socket(args.local)
    rfam, remote = parse_addr(args.remote)
    if rfam != fam:
        sys.exit("send: --local and --remote of different families")
    if args.pmtudisc:
        if fam == socket.AF_INET:
            sock.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER,
                            PMTUDISC[args.pmtudisc])
        else:
            sock.setsockopt(socket.IPPROTO_IPV6, IPV6_MTU_DISCOVER,
                            PMTUDISC[args.pmtudisc])
    groups = read_batches(sys.stdin)
    if not groups:
        sys.exit("send: no datagrams on standard input")
    batches = []
    for grams in groups if args.gso else [[g] for b in groups for g in b]:
        size = len(grams[0])
        if any(len(g) != size for g in grams[:-1]) or len(grams[-1]) > size:
            sys.exit("send: --gso needs equal datagrams in a batch (the "
                     "last may be shorter)")
        cmsg = [(SOL_UDP, UDP_SEGMENT, struct.pack("=H", size))]
        batches.append((b"".join(grams), cmsg if args.gso else []))
    for data, cmsg in batches:
        try:
            sock.sendmsg([data], cmsg, 0, remote)
            print("ok")
        except OSError as e:
            print(errno.errorcode.get(e.errno, str(e.errno)))
    sys.stdout.flush()
    return 0


def cmd_collect(args):
    _, sock = udp_socket(args.local)
    if args.ready_file:
        open(args.ready_file, "w").close()
    got = 0
    deadline = time.monotonic() + args.timeout_ms / 1000
    while got < args.count:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            break
        print(sock.recv(65535).hex())
        got += 1
    sys.stdout.flush()
    return 0 if got == args.count else 1


def udp_payload_len(pkt, port):
    """UDP payload length of an IPv4/IPv6 packet to @port, else None."""
    if len(pkt) < 1:
        return None
    version = pkt[0] >> 4
    if version == 4 and len(pkt) >= 20:
        ihl = (pkt[0] & 15) * 4
        if pkt[9] != socket.IPPROTO_UDP or len(pkt) < ihl + 8:
            return None
        total = struct.unpack_from("!H", pkt, 2)[0]
        off = ihl
    elif version == 6 and len(pkt) >= 48:
        if pkt[6] != socket.IPPROTO_UDP:
            return None
        total = 40 + struct.unpack_from("!H", pkt, 4)[0]
        off = 40
    else:
        return None
    if struct.unpack_from("!H", pkt, off + 2)[0] != port:
        return None
    # The IP length, not the UDP one: a GRO packet may carry 0 or the
    # first segment's UDP length, depending on the kernel.
    return total - off - 8


def cmd_recv(args):
    with open(args.expect) as f:
        expected = read_hex(f)
    fam, sock = udp_socket(args.local)
    port = parse_addr(args.local)[1][1]
    if args.gro:
        sock.setsockopt(SOL_UDP, UDP_GRO, 1)
    sniff = None
    if args.sniff:
        sniff = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                              socket.htons(ETH_P_ALL))
        sniff.bind((args.sniff, 0))
    if args.ready_file:
        open(args.ready_file, "w").close()

    left = {}
    for g in expected:
        left[g] = left.get(g, 0) + 1
    reads = coalesced = received = ok = bad = 0
    wire = wire_max = 0
    want = len(expected)
    deadline = time.monotonic() + args.timeout_ms / 1000

    def drain_sniff(block):
        nonlocal wire, wire_max
        while sniff is not None:
            r = select.select([sniff], [], [], 0.05 if block else 0)[0]
            if not r:
                return
            pkt, addr = sniff.recvfrom(1 << 17)
            if addr[2] == socket.PACKET_OUTGOING:
                continue
            n = udp_payload_len(pkt, port)
            if n is not None:
                wire += 1
                wire_max = max(wire_max, n)

    while ok < want:
        timeout = deadline - time.monotonic()
        if timeout <= 0:
            break
        rlist = [sock] + ([sniff] if sniff else [])
        r = select.select(rlist, [], [], timeout)[0]
        if sniff in r:
            drain_sniff(False)
        if sock not in r:
            continue
        data, anc, _, _ = sock.recvmsg(1 << 17, socket.CMSG_SPACE(4))
        reads += 1
        size = len(data)
        for level, typ, val in anc:
            if level == SOL_UDP and typ == UDP_GRO:
                size = struct.unpack("=i", val[:4])[0]
                coalesced += 1
        for i in range(0, max(len(data), 1), max(size, 1)):
            gram = data[i:i + size]
            received += 1
            if left.get(gram, 0) > 0:
                left[gram] -= 1
                ok += 1
            else:
                bad += 1
        deadline = time.monotonic() + args.timeout_ms / 1000
    drain_sniff(True)
    line = "reads=%d coalesced=%d received=%d ok=%d bad=%d" % (
        reads, coalesced, received, ok, bad)
    if sniff is not None:
        line += " wire=%d wire_max=%d" % (wire, wire_max)
    print(line)
    sys.stdout.flush()
    return 0 if ok == want and bad == 0 else 1


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("send")
    s.add_argument("--local", required=True)
    s.add_argument("--remote", required=True)
    s.add_argument("--gso", action="store_true")
    s.add_argument("--pmtudisc", choices=sorted(PMTUDISC))
    c = sub.add_parser("collect")
    c.add_argument("--local", required=True)
    c.add_argument("--count", type=int, required=True)
    c.add_argument("--timeout-ms", type=int, default=5000)
    c.add_argument("--ready-file")
    r = sub.add_parser("recv")
    r.add_argument("--local", required=True)
    r.add_argument("--expect", required=True)
    r.add_argument("--gro", action="store_true")
    r.add_argument("--sniff")
    r.add_argument("--timeout-ms", type=int, default=5000)
    r.add_argument("--ready-file")
    args = p.parse_args()
    return {"send": cmd_send, "collect": cmd_collect,
            "recv": cmd_recv}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
