#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send one hand-built ksrtp generic netlink request and print the answer.

srtpctl refuses bad input before the kernel sees it; this tool lets the
tests put exactly the bytes they want in front of the kernel's policies.

usage: nlraw.py [--dump] CMD [ATTR ...]
       nlraw.py --batch < LINES
  --batch  one request per line of standard input ("[--dump] CMD
           [ATTR ...]"), sent in turn over one socket; prints for each
           what one run with that line would print, then a line "end".
           (A python start costs most of a second under QEMU TCG.)
  CMD   new | del | get | flush | set | key-new | key-del | key-set |
        net-get | fwd-new | fwd-del | fwd-get | fwd-out-add | fwd-out-del |
        fwd-out-set | a number
  ATTR  NAME:TYPE:VALUE   NAME is an attribute name without KSRTP_A_
        (e.g. ssrc, master_key) or a number; TYPE is u8, u16, u32, u64,
        hex (raw bytes), str, flag (VALUE ignored), nest (VALUE = hex
        of the nested payload), or out (VALUE = comma-separated
        NAME=TYPE=VALUE of KSRTP_OUT_A_*: a forwarding output's nest)

Output, one line per answer message:
  ok                      the ACK carried error 0
  error=-22 attr=NAME msg="..."   the kernel refused; attr is the attribute
                          the extack offset points at, or the missing one
  msg attrs=NAME,NAME,... a data message (reply or dump entry)
Exit status 0 unless the tool itself failed.
"""
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLM_F_DUMP = 0x300
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_ACK_TLVS = 0x200
NLM_F_CAPPED = 0x100
NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLMSGERR_ATTR_MISS_TYPE = 5
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NETLINK_CAP_ACK = 10

CMDS = {"new": 1, "del": 2, "get": 3, "flush": 4, "set": 5, "key-new": 6,
        "key-del": 7, "key-set": 8, "net-get": 10, "fwd-new": 11,
        "fwd-del": 12, "fwd-get": 13, "fwd-out-add": 14, "fwd-out-del": 15,
        "fwd-out-set": 16}
ATTRS = ["unspec", "pad", "id", "direction", "local_ipv4", "local_ipv6",
         "local_port", "remote_ipv4", "remote_ipv6", "remote_port", "ssrc",
         "suite", "master_key", "master_salt", "roc", "seq", "srtcp_index",
         "replay_window", "stats", "cipher_driver", "auth_driver", "mki",
         "key_active", "from_index", "from_srtcp_index", "keys", "template",
         "policy", "learn_limit", "template_id", "learned", "event",
         "auth_failures", "owned", "net_stats", "fwd_id", "fwd_flags",
         "fwd_output", "fwd_stats", "fwd_payload_types", "cryptex",
         "unencrypted_srtp", "unencrypted_srtcp", "unauthenticated_srtp",
         "enc_hdr_ext_ids"]
# A forwarding output's attributes (KSRTP_OUT_A_*), for "nest" payloads.
OUT_ATTRS = ["unspec", "pad", "id", "ctx_id", "local_ipv4", "local_ipv6",
             "local_port", "remote_ipv4", "remote_ipv6", "remote_port",
             "ssrc", "seq_offset", "ts_offset", "stats"]

NET_STATS = {2: "unknown-ssrc", 3: "not-srtp", 4: "malformed"}


def attr_name(t):
    t &= 0x3fff
    return ATTRS[t] if t < len(ATTRS) else str(t)


def nla(t, payload):
    ln = 4 + len(payload)
    return struct.pack("=HH", ln, t) + payload + b"\0" * ((4 - ln % 4) % 4)


def encode(spec):
    return encode_in(ATTRS, spec)


def encode_in(names, spec):
    name, typ, val = spec.split(":", 2)
    t = int(name) if name.isdigit() else names.index(name)
    if typ in ("u8", "u16", "u32", "u64"):
        fmt = {"u8": "=B", "u16": "=H", "u32": "=I", "u64": "=Q"}[typ]
        p = struct.pack(fmt, int(val, 0))
    elif typ in ("hex", "nest"):
        p = bytes.fromhex(val)
        if typ == "nest":
            t |= 0x8000
    elif typ == "str":
        p = val.encode() + b"\0"
    elif typ == "flag":
        p = b""
    elif typ == "out":
        p = b""
        for sub in val.split(","):
            n, st, sv = sub.split("=", 2)
            p += encode_in(OUT_ATTRS, n + ":" + st + ":" + sv)
        t |= 0x8000
    else:
        raise SystemExit("bad attribute type " + typ)
    return nla(t, p)


def parse_attrs(buf):
    out = []
    while len(buf) >= 4:
        ln, t = struct.unpack_from("=HH", buf)
        if ln < 4:
            break
        out.append((t, buf[4:ln]))
        buf = buf[(ln + 3) & ~3:]
    return out


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                               NETLINK_GENERIC)
        self.s.bind((0, 0))
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.seq = 1

    def send(self, family, cmd, attrs, flags):
        self.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + b"".join(attrs)
        hdr = struct.pack("=IHHII", 16 + len(body), family, flags, self.seq,
                          0)
        self.s.send(hdr + body)
        return hdr + body

    def answers(self, request):
        while True:
            data = self.s.recv(1 << 20)
            while len(data) >= 16:
                ln, typ, flags, _, _ = struct.unpack_from("=IHHII", data)
                msg, data = data[:ln], data[(ln + 3) & ~3:]
                if typ == NLMSG_DONE:
                    # A dump that failed carries its error (and extack) here.
                    if len(msg) >= 20 and struct.unpack_from("=i", msg, 16)[0]:
                        yield NLMSG_DONE, flags, msg[16:]
                    return
                yield typ, flags, msg[16:]
                if typ == NLMSG_ERROR:
                    return

    def family(self, name):
        req = self.send(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                        [nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")],
                        NLM_F_REQUEST | NLM_F_ACK)
        fid = None
        for typ, _, body in self.answers(req):
            if typ == NLMSG_ERROR:
                err = struct.unpack_from("=i", body)[0]
                if err:
                    raise SystemExit("family %s: error %d" % (name, err))
                continue
            for t, p in parse_attrs(body[4:]):
                if t == CTRL_ATTR_FAMILY_ID:
                    fid = struct.unpack("=H", p)[0]
        return fid


def offset_attr(request, offs):
    """Name the top-level attribute at byte offset offs of the request."""
    pos = 20
    for t, p in parse_attrs(request[20:]):
        ln = 4 + len(p)
        if pos <= offs < pos + ln:
            return attr_name(t)
        pos += (ln + 3) & ~3
    return "?"


def main(argv):
    if argv == ["--batch"]:
        g = Genl()
        fam = g.family("ksrtp")
        for line in sys.stdin:
            if line.split():
                request(line.split(), g, fam)
                print("end")
        return 0
    dump = argv[:1] == ["--dump"]
    if not argv[1 if dump else 0:]:
        print(__doc__, file=sys.stderr)
        return 2
    g = Genl()
    return request(argv, g, g.family("ksrtp"))


def request(argv, g, fam):
    dump = False
    if argv and argv[0] == "--dump":
        dump, argv = True, argv[1:]
    cmd = CMDS.get(argv[0]) or int(argv[0], 0)
    attrs = [encode(a) for a in argv[1:]]
    flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
    req = g.send(fam, cmd, attrs, flags)
    for typ, mflags, body in g.answers(req):
        if typ not in (NLMSG_ERROR, NLMSG_DONE):
            attrs = parse_attrs(body[4:])
            print("msg attrs=" + ",".join(attr_name(t) for t, _ in attrs))
            for t, p in attrs:
                if attr_name(t) == "net_stats":
                    print("net " + " ".join(
                        "%s %d" % (NET_STATS.get(n, str(n)),
                                   struct.unpack("=Q", v)[0])
                        for n, v in parse_attrs(p) if len(v) == 8))
            continue
        err = struct.unpack_from("=i", body)[0]
        if not err:
            print("ok")
            continue
        if typ == NLMSG_DONE:
            tlv = body[4:]
        else:
            inner = struct.unpack_from("=I", body, 4)[0]
            tlv = body[4 + (16 if mflags & NLM_F_CAPPED else inner):]
        msg, attr = "", ""
        if mflags & NLM_F_ACK_TLVS:
            for t, p in parse_attrs(tlv):
                if t == NLMSGERR_ATTR_MSG:
                    msg = p.rstrip(b"\0").decode()
                elif t == NLMSGERR_ATTR_OFFS:
                    attr = offset_attr(req, struct.unpack("=I", p)[0])
                elif t == NLMSGERR_ATTR_MISS_TYPE:
                    attr = attr_name(struct.unpack("=I", p)[0])
        print('error=%d attr=%s msg="%s"' % (err, attr or "-", msg))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except PermissionError as e:
        print("error=-%d attr=- msg=\"%s\"" % (e.errno, os.strerror(e.errno)))
        sys.exit(0)
