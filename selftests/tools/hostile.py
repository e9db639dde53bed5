#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile SRTP/SRTCP packets against live ksrtp contexts of every suite.

usage: hostile.py corpus SUITE          print the corpus of SUITE (random key)
       hostile.py run NS_RX NS_TX [--flood N]
       hostile.py mutate NS_RX NS_TX [--seed S] [--iterations N]

The packets are built with srtp-xcheck.py (an independent SRTP
implementation, no libsrtp code), so every tag that should be valid is.

run: installs, over generic netlink in NS_RX (10.99.0.1), an inbound
context of every suite (no MKI, port 5100+i), one with a 2-byte MKI
(5120+i), a template (5140+i) and, for the suites with a cipher, one
with RFC 9335 cryptex (5160+i), then sends each corpus case from NS_TX
(10.99.0.2) and checks, case by case, that exactly the expected counter
grew by one (malformed, auth-failures, replays), that no other counter or
stream state changed and that the socket received nothing (or, for the
genuine packets, exactly their plaintext, once). Then a flood of forged
packets with valid headers and random tags per suite: ROC, SEQ, SRTCP index
unchanged, the next genuine packet accepted and an old one refused, and no
SSRC learned by a template.

mutate: random bit flips, truncations and extensions of genuine packets
not yet received (the cryptex contexts' with random CSRCs and one-byte or
two-byte extensions, zero-length elements included; and, on contexts of
their own at 5180+i, RFC 6904 packets whose elements 1 and 3 are
encrypted). A mutant whose header still names the context's SSRC must be
dropped and counted in exactly one drop counter of the context.
One that no longer does is owned by no context: on this protected port
it reaches the socket unchanged only if RFC 7983 says it is STUN, ZRTP,
DTLS or TURN channel data, and is otherwise dropped and counted in the
namespace (net-unknown-ssrc, net-not-srtp). After its mutants the genuine packet
itself is sent and must arrive, decrypted, exactly once.

Output: KTAP-style "# " comment lines; "FAIL: ..." lines and exit 1 on the
first mismatch.
"""
import ctypes
import importlib.util
import os
import random
import select
import socket
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


X = load("xcheck", "srtp-xcheck.py")
NL = load("nlraw", "nlraw.py")

SUITES = list(X.SUITES)  # in enum ksrtp_suite order
STATS = {2: "rtp-packets", 3: "rtp-bytes", 4: "rtcp-packets", 5: "rtcp-bytes",
         6: "auth-failures", 7: "replays", 8: "malformed", 9: "errors",
         10: "key-limit", 11: "unknown-ssrc"}
# The namespace's counters (KSRTP_CMD_NET_GET): drops no context owns.
NET_STATS = {2: "net-unknown-ssrc", 3: "net-not-srtp", 4: "net-malformed"}
COUNTERS = list(STATS.values()) + list(NET_STATS.values())
DROPS = ("auth-failures", "replays", "malformed", "net-unknown-ssrc",
         "net-not-srtp")
A = {n: i for i, n in enumerate(NL.ATTRS)}
IP_RX, IP_TX = "10.99.0.1", "10.99.0.2"
TX_PORT = 6000
MKI = b"\xa5\x5a"
HX_IDS = b"\x01\x03"
WINDOW = 128


def log(msg):
    print("# " + msg, flush=True)


def fail(msg):
    print("FAIL: " + msg, flush=True)
    sys.exit(1)


def setns(name):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open("/run/netns/" + name, os.O_RDONLY)
    if libc.setns(fd, 0x40000000) != 0:  # CLONE_NEWNET
        fail("setns %s: %s" % (name, os.strerror(ctypes.get_errno())))
    os.close(fd)


# ---------------------------------------------------------------- packets

class Keys:
    """Session keys of one master key, as srtp-xcheck's Key has them."""

    def __init__(self, suite, master, mki=b""):
        klen, gcm, tag = X.SUITES[suite]
        mklen = klen or 16
        self.mkey, self.msalt = master[:mklen], master[mklen:]
        self.suite, self.klen, self.gcm, self.tag = suite, klen, gcm, tag
        self.rtcp_tag = 16 if gcm else X.SRTCP_TAG
        self.mki = mki
        # RFC 6904: the IDs whose element data is encrypted, and the
        # header key and salt (labels 6 and 7) for them.
        self.ids = set()
        self.hdr = (X.kdf(self.mkey, self.msalt, 6, klen) if klen else b"",
                    X.kdf(self.mkey, self.msalt, 7, 12 if gcm else 14).ljust(14, b"\0"))
        self.rtp, self.rtcp = [
            (X.kdf(self.mkey, self.msalt, b, klen) if klen else b"",
             X.kdf(self.mkey, self.msalt, b + 1, 20),
             X.kdf(self.mkey, self.msalt, b + 2, 12 if gcm else 14))
            for b in (0, 3)]

    def protect(self, plain, roc=0):
        if self.ids:
            plain = X.hdr_crypt(plain, self, roc, self.ids)
        return X.srtp_protect(plain, self, self.klen, self.gcm, self.tag, roc)

    def protect_rtcp(self, plain, index, e=None):
        """SRTCP; e=0/1 forces the E bit (tag computed over it)."""
        if e is None:
            return X.srtcp_protect(plain, self, self.klen, self.gcm, index)
        ek, ak, salt = self.rtcp
        ssrc = plain[4:8]
        trailer = ((0x80000000 if e else 0) | index).to_bytes(4, "big")
        if self.gcm:
            ct = X.AESGCM(ek).encrypt(X.srtcp_gcm_iv(salt, ssrc, index),
                                      plain[8:], plain[:8] + trailer)
            return plain[:8] + ct + trailer + self.mki
        body = plain + trailer
        tag = X.hmac.new(ak, body, X.hashlib.sha1).digest()[:X.SRTCP_TAG]
        return body + self.mki + tag


def master_len(suite):
    klen, gcm, _ = X.SUITES[suite]
    return (klen or 16) + (12 if gcm else 14)


def rtp(seq, ssrc, payload=b"", ts=None, pt=96, marker=0, csrcs=(),
        ext=None, pad=0, version=2, prof=0xBEDE):
    b0 = (version << 6) | (0x20 if pad else 0) | (0x10 if ext is not None else 0)
    b0 |= len(csrcs)
    h = struct.pack("!BBHII", b0, (marker << 7) | pt, seq & 0xFFFF,
                    seq * 160 if ts is None else ts, ssrc)
    h += b"".join(struct.pack("!I", c) for c in csrcs)
    if ext is not None:
        h += struct.pack("!HH", prof, len(ext) // 4) + ext
    if pad:
        payload += bytes(pad - 1) + bytes([pad])
    return h + payload


def elements(rng):
    """Random RFC 8285 extension elements, one-byte or two-byte form (the
    latter with zero-length elements), padded: (profile, data)."""
    two = rng.randrange(2)
    out = b""
    for _ in range(rng.randrange(1, 5)):
        if two:
            n = rng.randrange(0, 20)
            out += bytes([rng.randrange(1, 256), n]) + rng.randbytes(n)
        else:
            n = rng.randrange(1, 17)
            out += bytes([rng.randrange(1, 15) << 4 | (n - 1)]) + rng.randbytes(n)
    out += bytes(-len(out) % 4)
    return (0x1000 if two else 0xBEDE), out


def rtcp(ssrc, payload=b"\x11" * 20):
    words = (8 + len(payload)) // 4 - 1
    return struct.pack("!BBHI", 0x80, 201, words, ssrc) + payload


def unowned(pkt):
    """What a protected port does with a datagram no context owns (RFC
    7983): STUN, ZRTP, DTLS and TURN channel data pass; RTP/RTCP of an
    SSRC without a context and anything else are dropped and counted."""
    if pkt and (pkt[0] <= 3 or 16 <= pkt[0] <= 79):
        return "pass"
    if len(pkt) >= 8 and 128 <= pkt[0] <= 191 and \
            (192 <= pkt[1] <= 223 or len(pkt) >= 12):
        return "net-unknown-ssrc"
    return "net-not-srtp"


def corpus(k, ssrc, seq0, idx0):
    """(name, wire bytes, expected outcome) for a context without MKI whose
    stream is at SEQ seq0 - 1 (ROC 0) and SRTCP index idx0 - 1.
    Outcomes: a drop counter, "pass" (STUN, ZRTP, DTLS or TURN by its
    first byte: the socket gets it as is)."""
    c = []
    tag = k.tag
    good = k.protect(rtp(seq0, ssrc, b"\x42" * 20))
    c.append(("shorter than the RTP header (11 bytes)", good[:11],
              "net-not-srtp"))
    c.append(("shorter than the RTCP header (7 bytes)",
              k.protect_rtcp(rtcp(ssrc), idx0)[:7], "net-not-srtp"))
    c.append(("RTP header only, no tag", rtp(seq0, ssrc), "malformed"))
    c.append(("header + tag - 1", good[:12 + tag - 1], "malformed"))
    c.append(("CSRC count past the end",
              k.protect(rtp(seq0, ssrc, csrcs=range(15)))[:12 + 16 + tag],
              "malformed"))
    raw = bytearray(k.protect(rtp(seq0, ssrc, b"\x42" * 8, ext=bytes(4))))
    raw[14:16] = b"\x00\xff"  # extension length 255 words
    c.append(("extension length past the end", bytes(raw), "malformed"))
    # Authentic packets with impossible padding (their own SEQs: an
    # authentic packet moves the stream state, see Harness.expect).
    p = bytearray(rtp(seq0 + 1, ssrc, b"\x42" * 10, pad=1))
    p[-1] = 200  # padding longer than the payload
    c.append(("padding length larger than the payload (authentic)",
              k.protect(bytes(p)), "malformed"))
    p = bytearray(rtp(seq0 + 2, ssrc, b"\x42" * 10, pad=1))
    p[-1] = 0
    c.append(("padding length 0 (authentic)", k.protect(bytes(p)), "malformed"))
    if k.klen:  # RFC 9335's marker on a context without cryptex
        p = X.cryptex_mark(rtp(seq0 + 3, ssrc, b"\x42" * 10, csrcs=(1, 2),
                               ext=b"\x10\x20\x30\x40"))
        c.append(("cryptex marker on a context without cryptex, valid tag",
                  k.protect(p), "malformed"))
    # Version 0 starts like STUN, 1 like TURN channel data: both pass.
    for v in (0, 1, 3):
        p = k.protect(rtp(seq0, ssrc, b"\x42" * 20, version=v))
        c.append(("version %d (valid tag)" % v, p, unowned(p)))
    c.append(("plain RTP of another SSRC", rtp(seq0, ssrc ^ 1, b"\x42" * 20),
              "net-unknown-ssrc"))
    c.append(("plain RTCP of another SSRC", rtcp(ssrc ^ 1), "net-unknown-ssrc"))
    c.append(("empty datagram", b"", "net-not-srtp"))
    c.append(("first byte 4 (between STUN and ZRTP)", b"\x04" * 20,
              "net-not-srtp"))
    c.append(("first byte 80 (between TURN and RTP)", b"\x50" * 20,
              "net-not-srtp"))
    c.append(("ZRTP-like first byte 16", b"\x10" * 20, "pass"))
    forged = rtp(seq0, ssrc) + os.urandom(tag)
    c.append(("exactly header + tag, no payload, forged tag", forged,
              "auth-failures"))
    c.append(("tag truncated by 1 byte", good[:-1], "auth-failures"))
    c.append(("tag truncated to 1 byte", good[:-(tag - 1)], "auth-failures"))
    c.append(("tag missing", good[:-tag], "auth-failures"))
    rtcp_good = k.protect_rtcp(rtcp(ssrc), idx0)
    c.append(("SRTCP shorter than header+trailer+tag",
              rtcp_good[:8 + 4 + k.rtcp_tag - 1], "malformed"))
    c.append(("SRTCP header + trailer + tag, no payload",
              rtcp_good[:8] + rtcp_good[-(4 + k.rtcp_tag):], "auth-failures"))
    e = 0 if (k.klen or k.gcm) else 1
    c.append(("SRTCP E=%d contradicting the suite (tag valid)" % e,
              k.protect_rtcp(rtcp(ssrc), idx0, e=e), "malformed"))
    return c


def mki_corpus(k, ssrc, seq0, idx0):
    good = k.protect(rtp(seq0, ssrc, b"\x42" * 20))
    tag = k.tag
    if k.gcm:  # header | ciphertext | tag | MKI
        cut1 = good[:-1]
        none = good[:-2]
    else:      # header | payload | MKI | tag
        cut1 = good[:-tag - 1] + good[-tag:]
        none = good[:-tag - 2] + good[-tag:]
    g = k.protect_rtcp(rtcp(ssrc), idx0)
    rt = k.rtcp_tag
    rcut = g[:-1] if k.gcm else g[:-rt - 1] + g[-rt:]
    return [("MKI truncated to 1 byte", cut1, "malformed"),
            ("MKI missing", none, "malformed"),
            ("header + MKI, no tag", good[:12] + MKI, "malformed"),
            ("SRTCP MKI truncated to 1 byte", rcut, "malformed"),
            ("unknown MKI", good[:-tag - 2] + b"\x5a\xa5" + good[-tag:]
             if not k.gcm else good[:-2] + b"\x5a\xa5", "malformed")]


# ---------------------------------------------------------------- netlink

class Ksrtp:
    def __init__(self):
        self.g = NL.Genl()
        self.fam = self.g.family("ksrtp")

    def req(self, cmd, attrs, dump=False):
        flags = NL.NLM_F_REQUEST | NL.NLM_F_ACK | (NL.NLM_F_DUMP if dump else 0)
        r = self.g.send(self.fam, cmd, attrs, flags)
        msgs, err = [], 0
        for typ, _, body in self.g.answers(r):
            if typ in (NL.NLMSG_ERROR, NL.NLMSG_DONE):
                err = struct.unpack_from("=i", body)[0]
            else:
                msgs.append(dict(NL.parse_attrs(body[4:])))
        if err:
            fail("netlink command %d: error %d" % (cmd, err))
        return msgs

    def new(self, suite, port, ssrc, master, mki=None, template=False,
            cryptex=False, enc_ids=b""):
        k = Keys(suite, master)
        at = [NL.nla(A["direction"], b"\x01"),
              NL.nla(A["local_ipv4"], socket.inet_aton(IP_RX)),
              NL.nla(A["local_port"], struct.pack("=H", port)),
              NL.nla(A["suite"], struct.pack("=H", SUITES.index(suite) + 1)),
              NL.nla(A["master_key"], k.mkey), NL.nla(A["master_salt"], k.msalt)]
        if template:
            at += [NL.nla(A["template"], b""),
                   NL.nla(A["learn_limit"], struct.pack("=I", 4))]
        else:
            at.append(NL.nla(A["ssrc"], struct.pack("=I", ssrc)))
        if mki:
            at.append(NL.nla(A["mki"], mki))
        if cryptex:
            at.append(NL.nla(A["cryptex"], b""))
        if enc_ids:
            at.append(NL.nla(A["enc_hdr_ext_ids"], enc_ids))
        m = self.req(1, at)
        return struct.unpack("=I", m[0][A["id"]])[0]

    def state(self, cid):
        """Counters and stream state of context cid, as a dict."""
        m = self.req(3, [NL.nla(A["id"], struct.pack("=I", cid))])[0]
        st = {}
        for t, p in NL.parse_attrs(m[A["stats"] | 0x8000] if A["stats"] | 0x8000 in m
                                  else m[A["stats"]]):
            if t in STATS:
                st[STATS[t]] = struct.unpack("=Q", p)[0]
        net = self.req(10, [])[0]
        for t, p in NL.parse_attrs(net[A["net_stats"] | 0x8000]):
            if t in NET_STATS:
                st[NET_STATS[t]] = struct.unpack("=Q", p)[0]
        for name in ("roc", "srtcp_index", "learned"):
            if A[name] in m:
                st[name] = struct.unpack("=I", m[A[name]])[0]
        if A["seq"] in m:
            st["seq"] = struct.unpack("=H", m[A["seq"]])[0]
        return st

    def count(self):
        return len(self.req(3, [], dump=True))


# ---------------------------------------------------------------- harness

class Ctx:
    def __init__(self, suite, port, ssrc, cid, keys, sock):
        self.suite, self.port, self.ssrc, self.id = suite, port, ssrc, cid
        self.k, self.sock = keys, sock
        self.seq, self.idx = 1000, 1   # next genuine SEQ and SRTCP index
        self.sent = []                 # genuine packets accepted so far
        self.rtcp_seen = set()


class Harness:
    def __init__(self, ns_rx, ns_tx):
        setns(ns_rx)
        self.nl = Ksrtp()
        self.ns_rx = ns_rx
        self.rx = {}
        self.ctxs = []
        self.tx_ns = ns_tx
        self.tx = None
        self.cases = 0

    def sock(self, port):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((IP_RX, port))
        s.setblocking(False)
        return s

    def open_tx(self):
        setns(self.tx_ns)
        self.tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.tx.bind((IP_TX, TX_PORT))

    def install(self, rng, hx=False):
        self.install_kinds(rng)
        if not hx:
            return
        # RFC 6904 contexts (the mutation fuzzer's): IDs 1 and 3 of the
        # elements genuine() gives them encrypted, 2 not.
        for i, suite in enumerate(SUITES):
            if not X.SUITES[suite][0]:
                continue  # the NULL suites encrypt nothing
            master = rng.randbytes(master_len(suite))
            port, ssrc = 5180 + i, 0x51000000 + i
            cid = self.nl.new(suite, port, ssrc, master, enc_ids=HX_IDS)
            k = Keys(suite, master)
            k.ids = set(HX_IDS)
            c = Ctx(suite, port, ssrc, cid, k, self.sock(port))
            c.kind = "hx"
            self.ctxs.append(c)

    def install_kinds(self, rng):
        for i, suite in enumerate(SUITES):
            for kind, base in (("plain", 5100), ("mki", 5120), ("tmpl", 5140),
                               ("cryptex", 5160)):
                if kind == "cryptex" and not X.SUITES[suite][0]:
                    continue  # RFC 9335 needs a cipher
                master = rng.randbytes(master_len(suite))
                port, ssrc = base + i, 0x51000000 + i
                mki = MKI if kind == "mki" else None
                cid = self.nl.new(suite, port, ssrc, master, mki=mki,
                                  template=kind == "tmpl",
                                  cryptex=kind == "cryptex")
                k = Keys(suite, master, mki or b"")
                c = Ctx(suite, port, ssrc, cid, k, self.sock(port))
                c.kind = kind
                self.ctxs.append(c)

    def drain(self, c):
        got = []
        while select.select([c.sock], [], [], 0)[0]:
            got.append(c.sock.recv(65536))
        return got

    def send(self, c, pkt):
        self.tx.sendto(pkt, (IP_RX, c.port))

    def wait_change(self, c, before, timeout=3.0):
        """Wait until the packet shows: a counter moved or a datagram came."""
        end = time.monotonic() + timeout
        while True:
            if select.select([c.sock], [], [], 0.002)[0]:
                time.sleep(0.005)
                return self.nl.state(c.id), self.drain(c)
            st = self.nl.state(c.id)
            if any(st.get(f) != before.get(f) for f in COUNTERS):
                return st, self.drain(c)
            if time.monotonic() > end:
                return st, []

    def expect(self, c, name, pkt, want, plain=None):
        """Send pkt to c and check the outcome: a drop counter, "pass"
        (received unchanged, nothing counted) or "accept" (plain received)."""
        self.cases += 1
        before = self.nl.state(c.id)
        left = self.drain(c)
        if left:
            fail("%s %s: stray datagrams before the case: %r" % (c.suite, name, left))
        self.send(c, pkt)
        after, got = self.wait_change(c, before)
        diff = {f: after.get(f, 0) - before.get(f, 0) for f in COUNTERS
                if after.get(f, 0) != before.get(f, 0)}
        what = "%s/%s: %s" % (c.suite, c.kind, name)
        if want in DROPS:
            if got:
                fail("%s reached the socket (%d datagrams)" % (what, len(got)))
            if diff != {want: 1}:
                fail("%s: expected %s +1, counters changed by %r" % (what, want, diff))
            for f in ("roc", "seq", "srtcp_index"):
                if "(authentic)" in name and f == "seq":
                    if after[f] != struct.unpack_from("!H", pkt, 2)[0]:
                        fail("%s: SEQ is %d" % (what, after[f]))
                elif after.get(f) != before.get(f):
                    fail("%s: %s changed from %r to %r" % (what, f, before.get(f), after.get(f)))
        elif want == "pass":
            if got != [pkt] or diff:
                fail("%s: expected to pass untouched, got %d datagrams, counters %r"
                     % (what, len(got), diff))
        else:
            rtcp_ = 192 <= plain[1] <= 223
            f = "rtcp" if rtcp_ else "rtp"
            if got != [plain]:
                fail("%s: expected its plaintext once, got %r" % (what, got))
            if diff != {f + "-packets": 1, f + "-bytes": len(plain)}:
                fail("%s: accepted, counters changed by %r" % (what, diff))
        return after

    # ------------------------------------------------------------ run

    def genuine(self, c, **kw):
        """A genuine packet of c (RFC 9335's for a cryptex context, which
        delivers it unmarked): (what the socket gets, wire)."""
        plain = rtp(c.seq, c.ssrc, **kw)
        c.seq += 1
        if c.kind == "cryptex":
            # CSRCs alone get an empty extension, which stays (RFC 9335 5.1).
            marked = X.cryptex_mark(plain)
            parts = X.cryptex_split(marked, len(marked))
            got = X.cryptex_join(*parts, True) if parts else marked
            return got, c.k.protect(marked)
        return plain, c.k.protect(plain)

    def genuine_rtcp(self, c, index=None):
        if index is None:
            index = c.idx
            c.idx += 1
        plain = rtcp(c.ssrc, os.urandom(16))
        return plain, c.k.protect_rtcp(plain, index)

    def stream(self, c):
        """A genuine stream of awkward layouts, each accepted once; then a
        replay of every one of its packets."""
        pkts = []
        for kw in ({"payload": b"\x01" * 40}, {"payload": b"", "marker": 1},
                   {"payload": b"\x02" * 7, "csrcs": (1, 2, 3)},
                   {"payload": b"\x03" * 33, "ext": b"\x10\x20\x30\x40" * 2},
                   {"payload": b"\x04" * 5, "pad": 3},
                   {"payload": b"\x05" * 1200}):
            plain, wire = self.genuine(c, **kw)
            self.expect(c, "genuine RTP %r" % sorted(kw), wire, "accept", plain)
            pkts.append((plain, wire))
        for _ in range(3):
            plain, wire = self.genuine_rtcp(c)
            self.expect(c, "genuine SRTCP", wire, "accept", plain)
            pkts.append((plain, wire))
        for plain, wire in pkts:
            self.expect(c, "replay of a genuine packet", wire, "replays")
        return pkts

    def cryptex(self, c):
        """RFC 9335 shapes, each accepted once, then replayed; an authentic
        marked packet whose extension runs past the end, malformed."""
        pkts = []
        for kw in ({"payload": b"\x01" * 40},
                   {"payload": b"\x02" * 7, "csrcs": (1, 2, 3)},
                   {"payload": b"\x03" * 33, "ext": b"\x10\x20\x30\x40" * 2},
                   {"payload": b"\x04" * 9, "csrcs": (4,), "ext": b"\x21\x01\x02\0"},
                   {"payload": b"", "prof": 0x1000,
                    "ext": b"\x05\x00\x06\x02\xaa\xbb\0\0"},
                   {"payload": b"\x05" * 5, "pad": 3, "csrcs": (5, 6),
                    "prof": 0x1000, "ext": b"\x07\x00\0\0"}):
            plain, wire = self.genuine(c, **kw)
            self.expect(c, "genuine cryptex RTP %r" % sorted(kw), wire,
                        "accept", plain)
            pkts.append(wire)
        for wire in pkts:
            self.expect(c, "replay of a genuine cryptex packet", wire, "replays")
        marked = bytearray(X.cryptex_mark(rtp(c.seq, c.ssrc, b"\x42" * 8,
                                              ext=bytes(4))))
        marked[14:16] = b"\x00\xff"  # extension length 255 words
        c.seq += 1
        self.expect(c, "cryptex extension length past the end, valid tag",
                    c.k.protect(bytes(marked)), "malformed")
        plain, wire = self.genuine(c, payload=b"\x06" * 20, csrcs=(7,))
        self.expect(c, "genuine cryptex RTP after the corpus", wire, "accept",
                    plain)

    def run(self, flood):
        for c in self.ctxs:
            if c.kind == "plain":
                old = self.stream(c)
                for name, pkt, want in corpus(c.k, c.ssrc, c.seq, c.idx):
                    self.expect(c, name, pkt, want)
                    if want == "pass":
                        log("%s: %s is STUN/ZRTP/DTLS/TURN by RFC 7983: "
                            "passed untouched" % (c.suite, name))
                    elif want.startswith("net-"):
                        log("%s: %s is owned by no context: dropped, "
                            "counted in %s" % (c.suite, name, want))
                c.seq += 3
                self.flood(c, flood, old)
                self.srtcp_index_end(c)
            elif c.kind == "cryptex":
                self.cryptex(c)
            elif c.kind == "mki":
                plain, wire = self.genuine(c, payload=b"\x01" * 20)
                self.expect(c, "genuine RTP with MKI", wire, "accept", plain)
                plain, wire = self.genuine_rtcp(c)
                self.expect(c, "genuine SRTCP with MKI", wire, "accept", plain)
                for name, pkt, want in mki_corpus(c.k, c.ssrc, c.seq, c.idx):
                    self.expect(c, name, pkt, want)
                plain, wire = self.genuine(c, payload=b"\x01" * 20)
                self.expect(c, "genuine RTP with MKI after the corpus", wire,
                            "accept", plain)
            else:
                self.template_flood(c, flood)
            log("ok %s %s: %d cases" % (c.suite, c.kind, self.cases))
        log("%d cases passed" % self.cases)

    def flood(self, c, n, old):
        before = self.nl.state(c.id)
        rng = random.Random(c.port)
        for i in range(n):
            if i % 4 == 3:
                pkt = rtcp(c.ssrc, rng.randbytes(rng.randrange(0, 60) & ~3))
                e = 0x80000000 if (c.k.klen or c.k.gcm) else 0
                idx = (c.idx + rng.randrange(0, 200)) if i % 8 == 3 else rng.randrange(1 << 31)
                trailer = (e | idx).to_bytes(4, "big")
                tag = rng.randbytes(c.k.rtcp_tag)
                pkt += tag + trailer if c.k.gcm else trailer + tag
            else:
                seq = (c.seq + i) if i % 2 else rng.randrange(65536)
                pkt = rtp(seq, c.ssrc, rng.randbytes(rng.randrange(0, 100)))
                pkt += rng.randbytes(c.k.tag)
            self.send(c, pkt)
        end = time.monotonic() + 20
        while True:
            st = self.nl.state(c.id)
            dropped = sum(st[f] - before[f] for f in DROPS)
            if dropped >= n or time.monotonic() > end:
                break
            time.sleep(0.05)
        got = self.drain(c)
        diff = {f: st[f] - before[f] for f in COUNTERS if st[f] != before[f]}
        if got:
            fail("%s: %d forged packets reached the socket" % (c.suite, len(got)))
        if diff.get("malformed") or set(diff) - {"auth-failures", "replays"} \
                or dropped != n:
            fail("%s: flood of %d forged packets counted as %r" % (c.suite, n, diff))
        for f in ("roc", "seq", "srtcp_index"):
            if st.get(f) != before.get(f):
                fail("%s: the flood changed %s from %r to %r" % (c.suite, f, before.get(f), st.get(f)))
        log("ok %s: %d forged packets dropped (%r), ROC %d SEQ %d SRTCP index %d unchanged"
            % (c.suite, n, diff, st["roc"], st["seq"], st["srtcp_index"]))
        # The replay windows are as they were: the next genuine packets
        # pass, old ones are still refused.
        plain, wire = self.genuine(c, payload=b"\x07" * 30)
        self.expect(c, "genuine RTP after the flood", wire, "accept", plain)
        plain, wire = self.genuine_rtcp(c)
        self.expect(c, "genuine SRTCP after the flood", wire, "accept", plain)
        self.expect(c, "old RTP replayed after the flood", old[1][1], "replays")
        self.expect(c, "old SRTCP replayed after the flood", old[-1][1], "replays")

    def srtcp_index_end(self, c):
        """The SRTCP index at 2^31 - 1 and past it (last: it ends SRTCP)."""
        top = 0x7FFFFFFF
        plain, wire = self.genuine_rtcp(c, top)
        self.expect(c, "SRTCP index 2^31-1", wire, "accept", plain)
        plain, wire = self.genuine_rtcp(c, top)
        self.expect(c, "SRTCP index 2^31-1 again", wire, "replays")
        # "Past" 2^31 - 1: the 31-bit index wraps to 0 on the wire.
        plain, wire = self.genuine_rtcp(c, 0)
        self.expect(c, "SRTCP index 0 after 2^31-1 (no wrap)", wire, "replays")
        plain, wire = self.genuine_rtcp(c, c.idx)
        self.expect(c, "SRTCP index %d after 2^31-1" % c.idx, wire, "replays")
        plain, wire = self.genuine(c, payload=b"\x08" * 30)
        self.expect(c, "genuine RTP after the SRTCP end", wire, "accept", plain)

    def template_flood(self, c, n):
        """Forged packets of random SSRCs, right after a genuine new SSRC.

        The genuine packet takes the template's spare and the flood
        follows at once, so its first packets find no spare (the next is
        made by a kernel worker): those too must be checked under the
        template's keys and counted as forged, never as local errors.
        """
        before = self.nl.state(c.id)
        nctx = self.nl.count()
        rng = random.Random(c.port)
        first = rtp(1, 0x7D000000 + c.port, b"\x08" * 20)
        pkts = [c.k.protect(first)]
        for i in range(n):
            ssrc = rng.randrange(1 << 32)
            pkt = rtp(rng.randrange(65536), ssrc, rng.randbytes(rng.randrange(0, 100)))
            pkts.append(pkt + rng.randbytes(c.k.tag))
        for pkt in pkts:
            self.send(c, pkt)
        end = time.monotonic() + 20
        while True:
            st = self.nl.state(c.id)
            counted = sum(st[f] - before[f] for f in ("auth-failures", "errors"))
            if counted >= n or time.monotonic() > end:
                break
            time.sleep(0.05)
        diff = {f: st[f] - before[f] for f in COUNTERS if st[f] != before[f]}
        got = self.drain(c)
        if got != [first] or diff != {"auth-failures": n}:
            fail("%s template: a genuine new SSRC then a flood of %d: %d datagram(s) "
                 "delivered, the flood counted as %r" % (c.suite, n, len(got), diff))
        if st.get("learned") != 1 or self.nl.count() != nctx + 1:
            fail("%s template: the flood created contexts (learned %r)" % (c.suite, st.get("learned")))
        # Learning still works: another genuine packet of a new SSRC.
        plain = rtp(1, 0x7E000000 + c.port, b"\x09" * 20)
        self.send(c, c.k.protect(plain))
        end = time.monotonic() + 3
        got = []
        while not got and time.monotonic() < end:
            got = self.drain(c)
            time.sleep(0.01)
        st = self.nl.state(c.id)
        if got != [plain] or st.get("learned") != 2:
            fail("%s template: a genuine new SSRC after the flood: got %r, learned %r"
                 % (c.suite, got, st.get("learned")))
        log("ok %s template: a new SSRC learned, then %d forged packets of random SSRCs "
            "counted as auth-failures, none learned; then another genuine one learned"
            % (c.suite, n))


# ---------------------------------------------------------------- mutate

def mutate(rng, pkt):
    kind = rng.randrange(4)
    b = bytearray(pkt)
    if kind == 0:
        for _ in range(rng.choice((1, 1, 1, 2, 3, 8))):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        desc = "flip"
    elif kind == 1:
        b = b[:rng.randrange(len(b))]
        desc = "truncate"
    elif kind == 2:
        b += rng.randbytes(rng.randrange(1, 40))
        desc = "extend"
    else:
        at = rng.randrange(len(b) + 1)
        b = b[:at] + rng.randbytes(rng.randrange(1, 8)) + b[at + rng.randrange(0, 8):]
        desc = "splice"
    if bytes(b) == pkt:
        b.append(0)
    return bytes(b), desc


def matches(pkt, ssrc):
    """Would the kernel take pkt for RTP/RTCP of ssrc (dgram.c, srtp.c)?"""
    if len(pkt) < 8 or not 128 <= pkt[0] <= 191:
        return False
    if 192 <= pkt[1] <= 223:
        return struct.unpack_from("!I", pkt, 4)[0] == ssrc
    return len(pkt) >= 12 and struct.unpack_from("!I", pkt, 8)[0] == ssrc


def fuzz(h, seed, iterations):
    rng = random.Random(seed)
    plains = [c for c in h.ctxs if c.kind != "tmpl"]
    counts = {"dropped": 0, "passed": 0, "genuine": 0}
    it = 0
    while it < iterations:
        c = rng.choice(plains)
        kw = {"payload": rng.randbytes(rng.randrange(0, 200))}
        if c.kind == "cryptex":  # RFC 9335 shapes: CSRCs, either form
            kw["csrcs"] = tuple(rng.randrange(1 << 32)
                                for _ in range(rng.randrange(4)))
            if rng.randrange(3):
                kw["prof"], kw["ext"] = elements(rng)
        if rng.randrange(4) == 0:
            plain, wire = h.genuine_rtcp(c)
        elif c.kind == "hx":
            # One-byte elements 1:2, 2:3, 3:4 (12 bytes, no padding).
            ext = (b"\x11" + rng.randbytes(2) + b"\x22" + rng.randbytes(3) +
                   b"\x33" + rng.randbytes(4))
            plain, wire = h.genuine(c, payload=rng.randbytes(rng.randrange(0, 200)),
                                    ext=ext)
        else:
            plain, wire = h.genuine(c, **kw)
        for _ in range(rng.randrange(1, 6)):
            m, desc = mutate(rng, wire)
            it += 1
            want = ("malformed", "auth-failures", "replays") if matches(m, c.ssrc) \
                else (unowned(m),)
            before = h.nl.state(c.id)
            h.send(c, m)
            after, got = h.wait_change(c, before)
            diff = {f: after[f] - before[f] for f in COUNTERS if after[f] != before[f]}
            what = "iteration %d, %s %s of %s" % (it, c.suite, desc, wire.hex())
            if want == ("pass",):
                if got != [m] or diff:
                    fail("%s: mutant %s is STUN/ZRTP/DTLS/TURN, expected to "
                         "pass untouched; got %r, counters %r"
                         % (what, m.hex(), got, diff))
                counts["passed"] += 1
            else:
                if got or len(diff) != 1 or list(diff.values()) != [1] or \
                        list(diff)[0] not in want:
                    fail("%s: mutant %s expected dropped once; got %r, counters %r"
                         % (what, m.hex(), got, diff))
                counts["dropped"] += 1
                counts[list(diff)[0]] = counts.get(list(diff)[0], 0) + 1
        h.expect(c, "genuine packet after its mutants", wire, "accept", plain)
        counts["genuine"] += 1
    log("mutation fuzzer, seed %d: %d mutants, %r" % (seed, it, counts))


def main(argv):
    if len(argv) >= 2 and argv[0] == "corpus":
        k = Keys(argv[1], os.urandom(master_len(argv[1])))
        for name, pkt, want in corpus(k, 0x1234, 1000, 1):
            print("%-14s %-50s %s" % (want, name, pkt.hex()))
        k = Keys(argv[1], os.urandom(master_len(argv[1])), MKI)
        for name, pkt, want in mki_corpus(k, 0x1234, 1000, 1):
            print("%-14s %-50s %s" % (want, name, pkt.hex()))
        return 0
    if len(argv) < 3 or argv[0] not in ("run", "mutate"):
        print(__doc__, file=sys.stderr)
        return 2
    opts = dict(zip(argv[3::2], argv[4::2]))
    seed = int(opts.get("--seed", "1"))
    h = Harness(argv[1], argv[2])
    h.install(random.Random(seed), hx=argv[0] == "mutate")
    h.open_tx()
    t0 = time.monotonic()
    if argv[0] == "run":
        h.run(int(opts.get("--flood", "200")))
    else:
        fuzz(h, seed, int(opts.get("--iterations", "2000")))
    log("took %.1f s" % (time.monotonic() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
