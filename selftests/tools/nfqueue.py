#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A userspace NFQUEUE reader that accepts every packet.

usage: nfqueue.py QUEUE COUNT READY_FILE [TIMEOUT_S]

Binds queue QUEUE over AF_NETLINK/NETLINK_NETFILTER (nfnetlink_queue,
metadata only), creates READY_FILE once bound, and answers each queued
packet with NF_ACCEPT. The kernel then runs the hooks after the queueing
one (ksrtp's inbound hook among them) from this process's sendmsg(), in
process context, not in the softirq that received the packet. Exits 0
after COUNT verdicts and prints "accepted COUNT"; 1 if TIMEOUT_S (30)
passes first or the kernel refuses something.
"""
import errno
import os
import select
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_PACKET_HDR, NFQA_VERDICT_HDR = 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS = 1, 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NF_ACCEPT = 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2


def nla(t, data):
    n = 4 + len(data)
    return struct.pack("=HH", n, t) + data + b"\0" * (-n % 4)


def attrs(buf):
    out, pos = {}, 0
    while pos + 4 <= len(buf):
        n, t = struct.unpack_from("=HH", buf, pos)
        if n < 4:
            break
        out[t & 0x3fff] = buf[pos + 4:pos + n]
        pos += (n + 3) & ~3
    return out


class Queue:
    def __init__(self, num):
        self.num = num
        self.seq = 0
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                               NETLINK_NETFILTER)
        self.s.bind((0, 0))

    def send(self, msg, body, flags=NLM_F_REQUEST):
        self.seq += 1
        # nfgenmsg: family, version, resource id (the queue, big-endian)
        body = struct.pack("!BBH", socket.AF_UNSPEC, 0, self.num) + body
        hdr = struct.pack("=IHHII", 16 + len(body),
                          (NFNL_SUBSYS_QUEUE << 8) | msg, flags, self.seq, 0)
        self.s.send(hdr + body)

    def ack(self):
        while True:
            data = self.s.recv(65536)
            pos = 0
            while pos + 16 <= len(data):
                n, typ = struct.unpack_from("=IH", data, pos)
                if typ == NLMSG_ERROR:
                    err = struct.unpack_from("=i", data, pos + 16)[0]
                    if err:
                        sys.exit("nfqueue: config refused: %s" %
                                 os.strerror(-err))
                    return
                pos += (n + 3) & ~3

    def bind(self):
        self.send(NFQNL_MSG_CONFIG,
                  nla(NFQA_CFG_CMD, struct.pack("!BxH", NFQNL_CFG_CMD_BIND, 0)),
                  NLM_F_REQUEST | NLM_F_ACK)
        self.ack()
        self.send(NFQNL_MSG_CONFIG,
                  nla(NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META)),
                  NLM_F_REQUEST | NLM_F_ACK)
        self.ack()

    def packets(self, data):
        """The packet ids of the NFQNL_MSG_PACKET messages in data."""
        pos = 0
        while pos + 16 <= len(data):
            n, typ = struct.unpack_from("=IH", data, pos)
            if n < 16:
                break
            if typ == NLMSG_ERROR:
                err = struct.unpack_from("=i", data, pos + 16)[0]
                if err:
                    sys.exit("nfqueue: verdict refused: %s" % os.strerror(-err))
            elif typ == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
                a = attrs(data[pos + 20:pos + n])
                if NFQA_PACKET_HDR in a:
                    yield struct.unpack_from("!I", a[NFQA_PACKET_HDR])[0]
            pos += (n + 3) & ~3

    def accept(self, pid):
        self.send(NFQNL_MSG_VERDICT,
                  nla(NFQA_VERDICT_HDR, struct.pack("!II", NF_ACCEPT, pid)))


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    num, count, ready = int(argv[0]), int(argv[1]), argv[2]
    timeout = float(argv[3]) if len(argv) > 3 else 30.0
    q = Queue(num)
    q.bind()
    open(ready, "w").close()
    done, end = 0, time.monotonic() + timeout
    while done < count:
        left = end - time.monotonic()
        if left <= 0 or not select.select([q.s], [], [], left)[0]:
            print("nfqueue: %d of %d packets after %.0f s" % (done, count, timeout))
            return 1
        try:
            data = q.s.recv(65536)
        except OSError as e:
            if e.errno == errno.ENOBUFS:
                sys.exit("nfqueue: the socket overflowed (packets lost)")
            raise
        for pid in q.packets(data):
            q.accept(pid)
            done += 1
    print("accepted %d" % done, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
