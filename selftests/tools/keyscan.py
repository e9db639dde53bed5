#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Capture what ksrtp tells userspace, and look for key material in it.

usage: keyscan.py dump OUT            write every ksrtp reply, raw: a dump
                                      of all contexts, then a GET of each
       keyscan.py listen OUT READY    join the "events" group and append
                                      every event, raw, to OUT until killed;
                                      READY is created once subscribed
       keyscan.py scan KEYFILE... -- FILE...
                                      fail if any FILE holds material of a
                                      key file (hex master key || salt)

scan looks for: every 6-byte window of each master key and salt as raw
bytes, as lower- and upper-case hex; the base64 of key || salt (the SDES
inline form), of the key, of the salt, and every 8-character window of
those base64 strings. Prints "leak: ..." lines and exits 1 on a hit.
"""
import base64
import importlib.util
import os
import socket
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("nlraw", os.path.join(HERE, "nlraw.py"))
NL = importlib.util.module_from_spec(spec)
spec.loader.exec_module(NL)

CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
KLEN = {1: 16, 2: 16, 3: 24, 4: 24, 5: 32, 6: 32, 7: 16, 8: 16, 9: 16, 10: 32}


def dump(out):
    g = NL.Genl()
    fam = g.family("ksrtp")
    raw = []
    req = g.send(fam, 3, [], NL.NLM_F_REQUEST | NL.NLM_F_ACK | NL.NLM_F_DUMP)
    ids = []
    for typ, _, body in g.answers(req):
        raw.append(body)
        if typ not in (NL.NLMSG_ERROR, NL.NLMSG_DONE):
            a = dict(NL.parse_attrs(body[4:]))
            ids.append(struct.unpack("=I", a[2])[0])
    for i in ids:
        req = g.send(fam, 3, [NL.nla(2, struct.pack("=I", i))],
                     NL.NLM_F_REQUEST | NL.NLM_F_ACK)
        raw.extend(body for _, _, body in g.answers(req))
    with open(out, "wb") as f:
        f.write(b"".join(raw))
    print("%d contexts, %d messages, %d bytes" % (len(ids), len(raw), sum(map(len, raw))))


def listen(out, ready):
    g = NL.Genl()
    req = g.send(NL.GENL_ID_CTRL, NL.CTRL_CMD_GETFAMILY,
                 [NL.nla(NL.CTRL_ATTR_FAMILY_NAME, b"ksrtp\0")],
                 NL.NLM_F_REQUEST | NL.NLM_F_ACK)
    grp = None
    for typ, _, body in g.answers(req):
        if typ == NL.NLMSG_ERROR:
            continue
        for t, p in NL.parse_attrs(body[4:]):
            if t & 0x3fff != CTRL_ATTR_MCAST_GROUPS:
                continue
            for _, gp in NL.parse_attrs(p):
                a = {k & 0x3fff: v for k, v in NL.parse_attrs(gp)}
                if a.get(CTRL_ATTR_MCAST_GRP_NAME, b"").rstrip(b"\0") == b"events":
                    grp = struct.unpack("=I", a[CTRL_ATTR_MCAST_GRP_ID])[0]
    if grp is None:
        sys.exit("no events group")
    g.s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, grp)
    open(ready, "w").close()
    with open(out, "ab", buffering=0) as f:
        while True:
            f.write(g.s.recv(1 << 16))


def forms(keyfile, suite_len=None):
    raw = bytes.fromhex("".join(open(keyfile).read().split()))
    klen = {30: 16, 38: 24, 46: 32, 28: 16, 44: 32}[len(raw)]
    key, salt = raw[:klen], raw[klen:]
    pats = set()
    for secret in (key, salt):
        for i in range(len(secret) - 5):
            w = secret[i:i + 6]
            pats.update((w, w.hex().encode(), w.hex().upper().encode()))
    for blob in (raw, key, salt):
        b64 = base64.b64encode(blob)
        pats.add(b64)
        for i in range(0, len(b64) - 7):
            pats.add(b64[i:i + 8])
    return pats


def scan(keyfiles, files):
    leaks = 0
    pats = {}
    for k in keyfiles:
        for p in forms(k):
            pats[p] = k
    for f in files:
        data = open(f, "rb").read()
        for p, k in pats.items():
            if p in data:
                print("leak: %s holds %r of %s" % (f, p, k))
                leaks += 1
    print("scanned %d files (%d bytes) for %d patterns of %d keys: %d hits"
          % (len(files), sum(os.path.getsize(f) for f in files), len(pats),
             len(keyfiles), leaks))
    return 1 if leaks else 0


def main(argv):
    if argv[:1] == ["dump"] and len(argv) == 2:
        dump(argv[1])
        return 0
    if argv[:1] == ["listen"] and len(argv) == 3:
        listen(argv[1], argv[2])
        return 0
    if argv[:1] == ["scan"] and "--" in argv:
        i = argv.index("--")
        return scan(argv[1:i], argv[i + 1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
