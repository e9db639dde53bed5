#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generic netlink fuzzer for the ksrtp family.

usage: nlfuzz.py [--seed S] [--count N] [--seconds T] [--baseline B]

In the current network namespace: installs B contexts of every suite (a
third with an MKI, a few templates, some outbound with ROC/SEQ/SRTCP index
set; they exist for dumps with many entries) next to the ones already
there, snapshots every context (a raw dump, all attributes), then sends N
random and mutated requests (or until T seconds passed) to every command
of the family (the forwarding commands with plausible outputs nested in
fwd_output) and to unknown ones: random attributes, valid requests with
attributes dropped, duplicated, retyped, resized or with a bad length
field, nested garbage, truncated messages, random flags, dumps with and
without filters. The request never names a context of the snapshot (ids,
ports), and no request is an intact FLUSH, so that whatever it does the
snapshot must survive: at the end the same contexts exist with the same
attributes, byte for byte.

Checks, per answer: the kernel answers every request (no lost sequence
number), with an error code the UAPI documents, and every refusal of a
command of the family carries an extack message (NLMSGERR_ATTR_MSG).
Prints a summary ("# sent N in T s, R/s", refusals per errno, successes
per command); "FAIL: ..." and exit 1 on a violation.
"""
import errno
import importlib.util
import os
import random
import socket
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("nlraw", os.path.join(HERE, "nlraw.py"))
NL = importlib.util.module_from_spec(spec)
spec.loader.exec_module(NL)

A = {n: i for i, n in enumerate(NL.ATTRS)}
NLA_F_NESTED = 0x8000
# Errors the UAPI lists (uapi/linux/ksrtp.h, "Errors").
DOCUMENTED = {errno.EPERM, errno.EINVAL, errno.ERANGE, errno.EEXIST,
              errno.ENOENT, errno.EOPNOTSUPP, errno.ENOSPC, errno.EBUSY,
              errno.ENOMEM}
KEYLEN = {1: 16, 2: 16, 3: 24, 4: 24, 5: 32, 6: 32, 7: 16, 8: 16, 9: 16, 10: 32}
# Attribute kinds for generating plausible values.
U8 = ("direction", "policy")
U16 = ("local_port", "remote_port", "suite", "seq")
U32 = ("id", "ssrc", "roc", "srtcp_index", "replay_window", "learn_limit",
       "from_srtcp_index", "template_id", "learned", "fwd_id", "fwd_flags")
U64 = ("from_index", "auth_failures")
FLAG = ("key_active", "template", "owned", "cryptex", "unencrypted_srtp",
        "unencrypted_srtcp", "unauthenticated_srtp")
# The commands of the family, whose refusals carry an extack message: the
# context commands and the forwarding commands (not net-get, no event).
FAMILY_CMDS = set(range(1, 9)) | set(range(11, 17))
OUT = {n: i for i, n in enumerate(NL.OUT_ATTRS)}


def fail(msg):
    print("FAIL: " + msg, flush=True)
    sys.exit(1)


class Fuzzer:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.g = NL.Genl()
        self.s = self.g.s
        self.s.settimeout(10)
        self.fam = self.g.family("ksrtp")
        self.seq = 1000
        self.protect_ids = set()
        self.protect_ports = set()
        self.stats = {"sent": 0, "ok": 0, "dump-parts": 0}
        self.errors = {}
        self.nomsg = {}
        self.succ = {}
        self.successes = []
        self.samples = {}
        self.last = None

    # ------------------------------------------------------------ wire

    def send_raw(self, cmd, payload, flags, version=1, reserved=0, cut=None):
        self.seq += 1
        body = struct.pack("=BBH", cmd, version, reserved) + payload
        msg = struct.pack("=IHHII", 16 + len(body), self.fam, flags, self.seq, 0) + body
        if cut is not None:  # a message cut short, its length field agrees
            msg = struct.pack("=I", cut) + msg[4:cut]
        self.s.send(msg)
        self.stats["sent"] += 1
        return self.seq

    def answer(self, seq):
        """Read up to the final answer of seq: (error, has_msg, n_msgs, data)."""
        n, data = 0, []
        while True:
            try:
                buf = self.s.recv(1 << 20)
            except socket.timeout:
                fail("no answer to request %d" % seq)
            while len(buf) >= 16:
                ln, typ, flags, mseq, _ = struct.unpack_from("=IHHII", buf)
                if ln < 16:
                    fail("answer with length %d" % ln)
                msg, buf = buf[:ln], buf[(ln + 3) & ~3:]
                if mseq != seq:
                    fail("answer for %d while waiting for %d" % (mseq, seq))
                body = msg[16:]
                if typ == NL.NLMSG_DONE or typ == NL.NLMSG_ERROR:
                    err = struct.unpack_from("=i", body)[0] if len(body) >= 4 else 0
                    if typ == NL.NLMSG_DONE:
                        tlv = body[4:]
                    else:
                        # The echoed request is padded to 4 bytes.
                        inner = (struct.unpack_from("=I", body, 4)[0] + 3) & ~3
                        tlv = body[4 + (16 if flags & NL.NLM_F_CAPPED else inner):]
                    has = any(t == NL.NLMSGERR_ATTR_MSG and len(p) > 1
                              for t, p in NL.parse_attrs(tlv)) \
                        if flags & NL.NLM_F_ACK_TLVS else False
                    return err, has, n, data
                n += 1
                data.append(body)

    def request(self, cmd, attrs, dump=False):
        fl = NL.NLM_F_REQUEST | NL.NLM_F_ACK | (NL.NLM_F_DUMP if dump else 0)
        seq = self.send_raw(cmd, b"".join(attrs), fl)
        return self.answer(seq)

    # ------------------------------------------------------------ baseline

    def tuple_attrs(self, i, out):
        port = 30000 + i
        self.protect_ports.add(port)
        at = [NL.nla(A["direction"], bytes([2 if out else 1])),
              NL.nla(A["local_ipv4"], socket.inet_aton("10.98.%d.%d" % (i >> 8, i & 255 or 1))),
              NL.nla(A["local_port"], struct.pack("=H", port))]
        if out or i % 2:
            at += [NL.nla(A["remote_ipv4"], socket.inet_aton("10.97.0.1")),
                   NL.nla(A["remote_port"], struct.pack("=H", 40000 + i))]
        return at

    def baseline(self, n):
        for i in range(n):
            suite = 1 + i % 10
            out = i % 3 == 0
            tmpl = not out and i % 7 == 1
            at = self.tuple_attrs(i, out)
            if tmpl:
                at = at[:3] + [NL.nla(A["template"], b"")]
            else:
                at.append(NL.nla(A["ssrc"], struct.pack("=I", 0x10000 + i)))
            klen = KEYLEN[suite]
            at += [NL.nla(A["suite"], struct.pack("=H", suite)),
                   NL.nla(A["master_key"], os.urandom(klen)),
                   NL.nla(A["master_salt"], os.urandom(12 if suite > 8 else 14))]
            if i % 3 == 1:
                at.append(NL.nla(A["mki"], bytes([i & 255, 1])))
            if out and i % 2:
                at += [NL.nla(A["roc"], struct.pack("=I", 7)),
                       NL.nla(A["seq"], struct.pack("=H", 65000)),
                       NL.nla(A["srtcp_index"], struct.pack("=I", 12345))]
            err, _, _, data = self.request(1, at)
            if err:
                fail("baseline context %d: error %d" % (i, err))

    def snapshot(self):
        err, _, _, data = self.request(3, [], dump=True)
        if err:
            fail("dump: error %d" % err)
        snap = {}
        for body in data:
            attrs = dict(NL.parse_attrs(body[4:]))
            cid = struct.unpack("=I", attrs[A["id"]])[0]
            snap[cid] = body[4:]
        return snap

    # ------------------------------------------------------------ generation

    def value(self, name):
        r = self.rng
        pick = r.randrange(10)
        if name in U8:
            p = struct.pack("=B", r.choice((0, 1, 2, 3, 255, r.randrange(256))))
        elif name in U16:
            p = struct.pack("=H", r.choice((0, 1, 5004, 65535, r.randrange(65536))))
        elif name in U32:
            p = struct.pack("=I", r.choice((0, 1, 63, 64, 128, 32767, 32768,
                                            0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
                                            r.randrange(1 << 32))))
        elif name in U64:
            p = struct.pack("=Q", r.choice((0, 1, (1 << 48) - 1, 1 << 48, (1 << 64) - 1,
                                            r.randrange(1 << 64))))
        elif name in FLAG:
            p = b""
        elif name in ("local_ipv4", "remote_ipv4"):
            p = r.choice((bytes(4), socket.inet_aton("10.99.0.1"), r.randbytes(4)))
        elif name in ("local_ipv6", "remote_ipv6"):
            p = r.choice((bytes(16), r.randbytes(16)))
        elif name in ("master_key", "master_salt"):
            p = r.randbytes(r.choice((0, 1, 12, 14, 16, 24, 32, 33, 64)))
        elif name == "mki":
            p = r.randbytes(r.randrange(0, 7))
        elif name == "fwd_payload_types":
            # Mostly valid types, sometimes one above 127, empty or too long.
            p = bytes(r.randrange(128) for _ in range(r.choice((0, 1, 3, 128, 129))))
            if r.randrange(4) == 0:
                p += bytes((r.randrange(128, 256),))
        elif name == "enc_hdr_ext_ids":
            # RFC 6904 IDs: mostly valid, sometimes 0, a repeat, empty or
            # past 255 bytes.
            p = bytes(r.randrange(1, 256) for _ in range(r.choice((0, 1, 3, 255, 256))))
            if p and r.randrange(4) == 0:
                p += r.choice((b"\0", p[:1]))
        elif name in ("stats", "keys", "fwd_stats"):
            p = self.garbage_nest(2)
        elif name == "fwd_output":
            p = self.output_nest() if r.randrange(2) else self.garbage_nest(2)
        else:
            p = r.randbytes(r.randrange(0, 40))
        if pick == 0:  # wrong length for the type
            p = p + r.randbytes(r.randrange(1, 9)) if r.randrange(2) else p[:r.randrange(len(p) + 1)]
        if name == "id" and len(p) == 4 and struct.unpack("=I", p)[0] in self.protect_ids:
            p = struct.pack("=I", 0x7FFF0000 + r.randrange(1000))
        if name in ("local_port", "remote_port") and len(p) == 2 and \
                struct.unpack("=H", p)[0] in self.protect_ports:
            p = struct.pack("=H", 1)
        return p

    def garbage_nest(self, depth):
        r = self.rng
        out = b""
        for _ in range(r.randrange(0, 5)):
            t = r.randrange(0, 40)
            if depth and r.randrange(3) == 0:
                out += NL.nla(t | NLA_F_NESTED, self.garbage_nest(depth - 1))
            else:
                out += NL.nla(t | (NLA_F_NESTED if r.randrange(8) == 0 else 0),
                              r.randbytes(r.randrange(0, 24)))
        return out

    def output_nest(self):
        """The payload of a plausible fwd_output: an output to add (through
        a context or plain), or one named by its id, with offsets."""
        r = self.rng
        at = []
        if r.randrange(2):
            at.append(("id", struct.pack("=I", r.choice((0, 1, 2, r.randrange(1 << 32))))))
        if r.randrange(2):
            at.append(("ctx_id", struct.pack("=I", 0x7FFF0000 + r.randrange(1000))))
        else:
            port = 20000 + r.randrange(10000)
            at += [("local_ipv4", socket.inet_aton("10.99.2.%d" % r.randrange(1, 255))),
                   ("local_port", struct.pack("=H", port)),
                   ("remote_ipv4", socket.inet_aton("10.99.3.%d" % r.randrange(1, 255))),
                   ("remote_port", struct.pack("=H", port + 1))]
            if r.randrange(2):
                at.append(("ssrc", struct.pack("=I", r.randrange(1 << 32))))
        if r.randrange(2):
            at.append(("seq_offset", struct.pack("=H", r.randrange(1 << 16))))
        if r.randrange(2):
            at.append(("ts_offset", struct.pack("=I", r.randrange(1 << 32))))
        if r.randrange(8) == 0:  # something of another set, or garbage
            at.append((r.choice(NL.OUT_ATTRS[1:]), r.randbytes(r.randrange(0, 20))))
        r.shuffle(at)
        return b"".join(NL.nla(OUT[n], p) for n, p in at)

    def valid_like(self, cmd):
        """A plausible request for cmd, on a fresh tuple/unknown id."""
        r = self.rng
        suite = r.randrange(1, 11)
        port = 20000 + r.randrange(10000)
        at = [("direction", struct.pack("=B", r.choice((1, 2)))),
              ("local_ipv4", socket.inet_aton("10.99.0.%d" % r.randrange(1, 255))),
              ("local_port", struct.pack("=H", port)),
              ("remote_ipv4", socket.inet_aton("10.99.1.%d" % r.randrange(1, 255))),
              ("remote_port", struct.pack("=H", port + 1)),
              ("ssrc", struct.pack("=I", r.randrange(1 << 32)))]
        if cmd == 1:
            at += [("suite", struct.pack("=H", suite)),
                   ("master_key", r.randbytes(KEYLEN[suite])),
                   ("master_salt", r.randbytes(12 if suite > 8 else 14))]
            for opt in ("mki", "replay_window", "roc", "seq", "srtcp_index",
                        "template", "policy", "learn_limit", "cryptex",
                        "enc_hdr_ext_ids"):
                if r.randrange(4) == 0:
                    at.append((opt, self.value(opt)))
        elif cmd in (6, 7, 8):
            at = r.choice((at, [("id", struct.pack("=I", 0x7FFF0000 + r.randrange(1000)))]))
            if cmd == 6:
                at += [("master_key", r.randbytes(KEYLEN[suite])),
                       ("master_salt", r.randbytes(12 if suite > 8 else 14))]
            for opt in ("mki", "key_active", "from_index", "from_srtcp_index"):
                if r.randrange(3) == 0:
                    at.append((opt, self.value(opt)))
        elif cmd == 5:
            at = r.choice((at, [("id", struct.pack("=I", 0x7FFF0000 + r.randrange(1000)))]))
            for opt in ("roc", "seq", "srtcp_index"):
                if r.randrange(2) == 0:
                    at.append((opt, self.value(opt)))
        elif cmd in (2, 3):
            at = r.choice((at, [("id", struct.pack("=I", 0x7FFF0000 + r.randrange(1000)))]))
        elif cmd == 11:
            at = [a for a in at if a[0] != "direction" and (a[0] != "ssrc" or r.randrange(2))]
            if r.randrange(2):
                at = [a for a in at if not a[0].startswith("remote")]
            for opt in ("fwd_flags", "owned", "fwd_payload_types"):
                if r.randrange(3) == 0:
                    at.append((opt, self.value(opt)))
        elif cmd in range(12, 17):
            at = [("fwd_id", struct.pack("=I", r.choice((0, 1, 2, 3, 0x7FFF0000 +
                                                         r.randrange(1000)))))]
            if cmd >= 14:
                at.append(("fwd_output", self.output_nest()))
        return at

    def mutate_attrs(self, at):
        r = self.rng
        for _ in range(r.randrange(0, 4)):
            op = r.randrange(6)
            if op == 0 and at:
                del at[r.randrange(len(at))]
            elif op == 1 and at:
                at.insert(r.randrange(len(at) + 1), r.choice(at))
            elif op == 2:
                name = r.choice(NL.ATTRS[1:])
                at.insert(r.randrange(len(at) + 1), (name, self.value(name)))
            elif op == 3 and at:
                i = r.randrange(len(at))
                at[i] = (at[i][0], r.randbytes(r.randrange(0, 40)))
            elif op == 4 and at:
                i = r.randrange(len(at))
                at[i] = (r.choice(NL.ATTRS[1:] + ["99", "16383"]), at[i][1])
            elif op == 5:
                r.shuffle(at)
        return at

    def encode(self, at):
        r = self.rng
        out = b""
        for name, p in at:
            t = int(name) if name.isdigit() else A[name]
            # Renamed attributes too: never name a context of the snapshot.
            if t == A["id"] and len(p) == 4 and \
                    struct.unpack("=I", p)[0] in self.protect_ids:
                p = struct.pack("=I", 0x7FFF0000 + r.randrange(1000))
            if t in (A["local_port"], A["remote_port"]) and len(p) == 2 and \
                    struct.unpack("=H", p)[0] in self.protect_ports:
                p = struct.pack("=H", 1)
            if t == A["fwd_output"]:
                t |= NLA_F_NESTED  # as a request must carry it
            if r.randrange(30) == 0:
                t ^= NLA_F_NESTED
            blob = NL.nla(t, p)
            if r.randrange(40) == 0:  # a lying nla_len
                bad = r.choice((0, 1, 3, 4 + len(p) + r.randrange(1, 64), 0xFFFF))
                blob = struct.pack("=H", bad) + blob[2:]
            out += blob
        return out

    def one(self):
        r = self.rng
        cmd = r.choice((1, 1, 2, 3, 3, 4, 5, 6, 7, 8) * 3 +
                       (11, 12, 13, 13, 14, 15, 16) * 2 + (0, 9, 10, 17, 255))
        kind = r.randrange(10)
        if kind < 5:
            payload = self.encode(self.mutate_attrs(self.valid_like(cmd)))
        elif kind < 8:
            at = [(n, self.value(n)) for n in
                  (r.choice(NL.ATTRS[1:]) for _ in range(r.randrange(0, 12)))]
            payload = self.encode(at)
        elif kind == 8:
            payload = self.garbage_nest(3)
        else:
            payload = r.randbytes(r.randrange(0, 200))
        if cmd == 4 and not payload:
            payload = NL.nla(A["id"], struct.pack("=I", 1))  # never an intact FLUSH
        dump = r.randrange(8) == 0 or (cmd in (3, 13) and r.randrange(3) == 0)
        flags = NL.NLM_F_REQUEST | NL.NLM_F_ACK | (NL.NLM_F_DUMP if dump else 0)
        if r.randrange(30) == 0:
            flags |= r.choice((0x100, 0x200, 0x400, 0x800, 0x1000))
        if r.randrange(50) == 0:
            flags &= ~NL.NLM_F_ACK
        version = 1 if r.randrange(20) else r.randrange(256)
        reserved = 0 if r.randrange(20) else r.randrange(65536)
        cut = None
        if payload and r.randrange(40) == 0:
            cut = 20 + r.randrange(len(payload))
            if cmd == 4 and cut == 20:  # never an intact FLUSH
                cut = None
        seq = self.send_raw(cmd, payload, flags, version, reserved, cut)
        self.last = (cmd, flags, version, reserved, cut, payload.hex())
        if not flags & NL.NLM_F_ACK and not dump:
            # No ACK asked: a success is silent, so follow with a probe
            # that always answers, and take what comes first.
            probe = self.send_raw(3, NL.nla(A["id"], struct.pack("=I", 0x7FFFFFFF)),
                                  NL.NLM_F_REQUEST | NL.NLM_F_ACK)
            if self.drain_until(seq, probe):
                self.log_success(cmd)
            return
        err, has, n, _ = self.answer(seq)
        self.record(cmd, dump, err, has, n)

    def log_success(self, cmd):
        if cmd != 3:
            self.successes.append(self.last)

    def drain_until(self, first, last):
        """True if first got no error answer (it succeeded silently)."""
        ok = True
        while True:
            buf = self.s.recv(1 << 20)
            while len(buf) >= 16:
                ln, typ, _, mseq, _ = struct.unpack_from("=IHHII", buf)
                buf = buf[(ln + 3) & ~3:]
                if mseq not in (first, last):
                    fail("answer for %d while waiting for %d/%d" % (mseq, first, last))
                if mseq == first and typ == NL.NLMSG_ERROR:
                    ok = False
                if mseq == last and typ in (NL.NLMSG_ERROR, NL.NLMSG_DONE):
                    return ok

    def record(self, cmd, dump, err, has, n):
        self.stats["dump-parts"] += n
        if err == 0:
            self.stats["ok"] += 1
            key = "%s%d" % ("dump " if dump else "", cmd)
            self.succ[key] = self.succ.get(key, 0) + 1
            self.log_success(cmd)
            return
        e = -err
        self.errors[e] = self.errors.get(e, 0) + 1
        if e not in DOCUMENTED:
            fail("command %d: undocumented error %d (%s)" % (cmd, err, os.strerror(e)))
        if dump and e == errno.EOPNOTSUPP and cmd not in (3, 13):
            # Generic netlink's own answer: the command has no dump.
            self.stats["no-dumpit"] = self.stats.get("no-dumpit", 0) + 1
        elif not has and cmd in FAMILY_CMDS:
            key = "cmd %d%s %s" % (cmd, " dump" if dump else "", errno.errorcode.get(e, e))
            self.nomsg[key] = self.nomsg.get(key, 0) + 1
            self.samples.setdefault(key, [])
            if len(self.samples[key]) < 3:
                self.samples[key].append(self.last)


def main(argv):
    opts = dict(zip(argv[0::2], argv[1::2]))
    seed = int(opts.get("--seed", "1"))
    count = int(opts.get("--count", "100000"))
    seconds = float(opts.get("--seconds", "1e9"))
    f = Fuzzer(seed)
    f.baseline(int(opts.get("--baseline", "60")))
    before = f.snapshot()
    f.protect_ids = set(before)
    t0 = time.monotonic()
    while f.stats["sent"] < count and time.monotonic() - t0 < seconds:
        f.one()
    dt = time.monotonic() - t0
    after = f.snapshot()
    lost = sorted(set(before) - set(after))
    if lost or any(before[i] != after.get(i) for i in before):
        for cmd, fl, ver, res, cut, hx in f.successes[-30:]:
            print("# success: cmd %d flags %#x version %d reserved %d cut %r payload %s"
                  % (cmd, fl, ver, res, cut, hx))
    if lost:
        fail("contexts of the snapshot gone after the run: %r" % lost)
    changed = sorted(i for i in before if before[i] != after[i])
    if changed:
        fail("contexts of the snapshot changed: %r" % changed)
    print("# sent %d requests in %.1f s (%.0f/s), seed %d" %
          (f.stats["sent"], dt, f.stats["sent"] / dt, seed))
    print("# successes %d %r, dump messages %d" % (f.stats["ok"], f.succ, f.stats["dump-parts"]))
    print("# dumps of commands without one (EOPNOTSUPP from generic netlink, "
          "no extack message expected): %d" % f.stats.get("no-dumpit", 0))
    print("# refusals by errno %r" % {errno.errorcode.get(e, e): n for e, n in sorted(f.errors.items())})
    print("# %d contexts of the snapshot unchanged; %d contexts now" % (len(before), len(after)))
    if f.nomsg:
        for k, n in sorted(f.nomsg.items()):
            print("# refusal without an extack message: %s (%d times)" % (k, n))
            for c, fl, ver, res, cut, hx in f.samples[k]:
                print("#   e.g. flags %#x version %d reserved %d cut %r payload %s"
                      % (fl, ver, res, cut, hx[:160]))
        fail("refusals without an extack message")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
