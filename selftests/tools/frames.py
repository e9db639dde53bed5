#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw frames against a protected port: ksrtp must read each datagram as
the UDP stack will, and let only authenticated media through.

usage: frames.py run NS_RX NS_TX IFACE_TX DST_MAC
       frames.py fuzz NS_RX NS_TX IFACE_TX DST_MAC [--seed S] [--iterations N]
       frames.py oracle-self-test

From NS_TX, frames are written to IFACE_TX with an AF_PACKET socket
(Ethernet, IPv4 or IPv6, UDP built here byte by byte) to sockets in
NS_RX on 10.99.0.1:5300 and [fd99::1]:5301. Each framing (lengths, UDP
checksum, IPv4 options, IPv6 extension headers, fragments) carries in turn
a forged plain RTP packet of the protected SSRC, a genuine SRTP packet of
it, plain RTP of an unknown SSRC, a datagram that is not RTP and a STUN
one.

Control: no context in NS_RX. The test states, framing by framing,
whether the kernel's UDP stack delivers such a datagram, and checks it.
Protected: an inbound context (AES_CM_128_HMAC_SHA1_80) per family on
those ports. The socket must receive nothing forged, unknown or not RTP;
the genuine packet decrypted exactly once where the control delivered
it (and never where it did not); STUN as it was sent. Every forged
datagram that the stack would have delivered must be counted by ksrtp,
on the context or in the namespace's counters.

fuzz: with the contexts installed, random datagrams (genuine SRTP, a
genuine packet sent again, forged RTP of the SSRC, RTP of random SSRCs;
a bit flipped or not) in random framings (UDP length off or 0, bad or
zero checksum, bytes past the UDP length, fragments in any order with one
missing or not, IPv4 options, IPv6 extension headers). The oracle is the
reference library: what the UDP stack would deliver of each (udp_view())
goes to a libsrtp2 receiver (selftests/tools/srtp-oracle; one per
context, i.e. per family) with the contexts' key, suite and SSRC, kept in
step with the kernel's deliveries.
Every datagram the socket gets must be the plaintext libsrtp2 accepted
for it, or one that a flipped bit made STUN, ZRTP, DTLS or TURN by its
first byte, as UDP delivers it; what libsrtp2 accepts must arrive. The
earlier checks stay: a datagram received is the plaintext of a genuine
packet not received before, and a genuine packet framed so that UDP
delivers it arrives. KSRTP_FRAME_FUZZ_ORACLE=wrong-key gives libsrtp2 a
key one bit off: the run must then fail.

oracle-self-test: no kernel, no namespaces: srtp-oracle accepts a genuine
packet and refuses it again, a flipped bit, plain RTP, another SSRC and
another key; udp_view() agrees with FRAMINGS on what the stack delivers.

A STUN-like sentinel sent after each case on the same CPU marks the end
of what the case can deliver, so no case waits for a timeout.

Output: "# " comment lines; "FAIL: ..." and exit 1 on the first mismatch.
"""
import importlib.util
import os
import select
import socket
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

_SPEC = importlib.util.spec_from_file_location("hostile",
                                               os.path.join(HERE, "hostile.py"))
H = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(H)
NL, A = H.NL, H.A
log, fail = H.log, H.fail

SUITE = "AES_CM_128_HMAC_SHA1_80"
SSRC = 0x5eed0001
IP4 = ("10.99.0.2", "10.99.0.1")
IP6 = ("fd99::2", "fd99::1")
PORT = {4: 5300, 6: 5301}
SPORT = 6000
# IPv6 UDP length 0: up to 6.19 (IPv6 jumbograms) udp6 reads it as the
# rest of the packet; 7.x drops it as too short (ksrtp's compat.h
# ksrtp_udp6_len0_is_rest() follows the same line).
UDP6_LEN0_IS_REST = int(os.uname().release.split(".")[0]) < 7


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def udp_csum(fam, l4):
    src, dst = (IP4 if fam == 4 else IP6)
    af = socket.AF_INET if fam == 4 else socket.AF_INET6
    s, d = socket.inet_pton(af, src), socket.inet_pton(af, dst)
    if fam == 4:
        pseudo = s + d + struct.pack("!BBH", 0, 17, len(l4))
    else:
        pseudo = s + d + struct.pack("!IxxxB", len(l4), 17)
    c = csum(pseudo + l4)
    return c or 0xffff


def udp(fam, payload, ulen=None, check="good", trailer=b""):
    """UDP header + payload (+ bytes past the UDP length). The checksum
    covers what the UDP length covers, as the receiver computes it."""
    real = 8 + len(payload)
    ln = real if ulen is None else ulen
    hdr = struct.pack("!HHHH", SPORT, PORT[fam], ln & 0xffff, 0)
    l4 = hdr + payload
    if check == "good":
        c = udp_csum(fam, l4 if ln == 0 or ln < 8 or ln > real else l4[:ln])
    elif check == "zero":
        c = 0
    else:
        c = udp_csum(fam, l4) ^ 0x5a5a
    return hdr[:6] + struct.pack("!H", c) + payload + trailer


def ip4(l4, frag=0, mf=False, ident=0x4242, options=b""):
    ihl = 5 + len(options) // 4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + len(l4), ident,
                      (0x2000 if mf else 0) | (frag // 8), 64, 17, 0,
                      socket.inet_aton(IP4[0]), socket.inet_aton(IP4[1])) + options
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + l4


def ip6(nexthdr, rest):
    return struct.pack("!IHBB16s16s", 6 << 28, len(rest), nexthdr, 64,
                       socket.inet_pton(socket.AF_INET6, IP6[0]),
                       socket.inet_pton(socket.AF_INET6, IP6[1])) + rest


def frag6(nexthdr, off, mf, ident, data):
    return struct.pack("!BBHI", nexthdr, 0, off | (1 if mf else 0), ident) + data


def split(l4, sizes):
    out, pos = [], 0
    for n in sizes:
        out.append((pos, l4[pos:pos + n]))
        pos += n
    out.append((pos, l4[pos:]))
    return out


IDENT = [0x1000]


def ident():
    IDENT[0] += 1
    return IDENT[0]


def fr4(l4, sizes, order=None):
    i = ident()
    parts = split(l4, sizes)
    pk = [ip4(d, frag=o, mf=k < len(parts) - 1, ident=i)
          for k, (o, d) in enumerate(parts)]
    return [pk[k] for k in order] if order else pk


def fr6(l4, sizes, order=None):
    i = ident()
    parts = split(l4, sizes)
    pk = [ip6(44, frag6(17, o, k < len(parts) - 1, i, d))
          for k, (o, d) in enumerate(parts)]
    return [pk[k] for k in order] if order else pk


def overlap6(l4):
    i = ident()
    return [ip6(44, frag6(17, 0, True, i, l4[:24])),
            ip6(44, frag6(17, 16, False, i, l4[16:]))]


def overlap4(l4):
    i = ident()
    return [ip4(l4[:24], frag=0, mf=True, ident=i),
            ip4(l4[16:], frag=16, mf=False, ident=i)]


def exthdrs6(l4):
    hbh = struct.pack("!BB", 60, 0) + b"\x01\x04\0\0\0\0"      # PadN
    dst = struct.pack("!BB", 17, 0) + b"\x01\x04\0\0\0\0"
    return [ip6(0, hbh + dst + l4)]


# (name, family, frames from a payload, does the UDP stack deliver it?)
# None: the test does not claim what the stack does (logged).
FRAMINGS = [
    ("plain", 4, lambda p: [ip4(udp(4, p))], True),
    ("IP payload 1 byte past the UDP length", 4,
     lambda p: [ip4(udp(4, p, trailer=b"\x99"))], True),
    ("UDP length 1 past the IP payload", 4,
     lambda p: [ip4(udp(4, p, ulen=9 + len(p)))], False),
    ("UDP length 7", 4, lambda p: [ip4(udp(4, p, ulen=7))], False),
    ("UDP length 0", 4, lambda p: [ip4(udp(4, p, ulen=0))], False),
    ("bad UDP checksum", 4, lambda p: [ip4(udp(4, p, check="bad"))], False),
    ("zero UDP checksum", 4, lambda p: [ip4(udp(4, p, check="zero"))], True),
    ("IPv4 options (NOP NOP NOP EOL)", 4,
     lambda p: [ip4(udp(4, p), options=b"\x01\x01\x01\x00")], True),
    ("2 fragments in order", 4, lambda p: fr4(udp(4, p), [16]), True),
    ("2 fragments reversed", 4, lambda p: fr4(udp(4, p), [16], [1, 0]), True),
    ("3 fragments, middle first", 4,
     lambda p: fr4(udp(4, p), [16, 16], [1, 0, 2]), True),
    ("overlapping fragments", 4, lambda p: overlap4(udp(4, p)), None),
    ("plain", 6, lambda p: [ip6(17, udp(6, p))], True),
    # 6.1 and 6.12 take a UDP length of 0 over IPv6 for "the whole
    # payload" (jumbogram style) and deliver it; 7.3 drops it (outside a
    # jumbogram RFC 2675 does not allow it). The protected phase follows
    # what the control saw, so ksrtp is held to the stack's behaviour
    # either way.
    ("UDP length 0 (the whole payload)", 6,
     lambda p: [ip6(17, udp(6, p, ulen=0))], None),
    ("IP payload 1 byte past the UDP length", 6,
     lambda p: [ip6(17, udp(6, p, trailer=b"\x99"))], True),
    ("UDP length 1 past the IP payload", 6,
     lambda p: [ip6(17, udp(6, p, ulen=9 + len(p)))], False),
    ("bad UDP checksum", 6, lambda p: [ip6(17, udp(6, p, check="bad"))], False),
    ("zero UDP checksum", 6, lambda p: [ip6(17, udp(6, p, check="zero"))], False),
    ("hop-by-hop and destination options", 6,
     lambda p: exthdrs6(udp(6, p)), True),
    ("2 fragments in order", 6, lambda p: fr6(udp(6, p), [16]), True),
    ("2 fragments reversed", 6, lambda p: fr6(udp(6, p), [16], [1, 0]), True),
    ("3 fragments, middle first", 6,
     lambda p: fr6(udp(6, p), [16, 16], [1, 0, 2]), True),
    ("atomic fragment", 6,
     lambda p: [ip6(44, frag6(17, 0, False, ident(), udp(6, p)))], None),
    ("overlapping fragments", 6, lambda p: overlap6(udp(6, p)), None),
    ("first fragment without the whole UDP header", 6,
     lambda p: fr6(udp(6, p), [4]), None),
]


def udp_view(fam, l4):
    """The payload the kernel's UDP stack delivers for a reassembled IP
    payload l4 (UDP header onwards), or None if it drops it: the UDP
    length may not pass the IP payload and is at least 8 (IPv6: 0 means
    the whole payload where UDP6_LEN0_IS_REST), the datagram is trimmed
    to it, and the checksum
    over what remains must verify (zero: none, IPv4 only)."""
    if len(l4) < 8:
        return None
    ulen, check = struct.unpack("!H", l4[4:6])[0], l4[6:8]
    if ulen > len(l4):
        return None
    if fam == 6 and ulen == 0 and UDP6_LEN0_IS_REST:
        ulen = len(l4)
    if ulen < 8:
        return None
    data = l4[:ulen]
    if check == b"\0\0":
        return data[8:] if fam == 4 else None
    src, dst = (IP4 if fam == 4 else IP6)
    af = socket.AF_INET if fam == 4 else socket.AF_INET6
    s, d = socket.inet_pton(af, src), socket.inet_pton(af, dst)
    if fam == 4:
        pseudo = s + d + struct.pack("!BBH", 0, 17, ulen)
    else:
        pseudo = s + d + struct.pack("!IxxxB", ulen, 17)
    return data[8:] if csum(pseudo + data) == 0 else None


class Oracle:
    """A libsrtp2 receiver (selftests/tools/srtp-oracle) with a key, the
    suite and the SSRC policy of the protected contexts. unprotect() gives
    it a UDP payload and returns the plaintext it accepted, or None and
    libsrtp2's status. It keeps one receiver, in step with the kernel's
    deliveries: what libsrtp2 rejects changes none of its state, and what
    it accepts must have reached the socket (else the test fails)."""

    STATUS = {2: "bad_param", 7: "auth_fail", 9: "replay_fail",
              10: "replay_old", 13: "no_ctx", 21: "parse_err",
              25: "bad_mki"}

    def __init__(self, master, ssrc):
        import subprocess
        exe = os.path.join(HERE, "srtp-oracle")
        if not os.access(exe, os.X_OK):
            fail("%s is not built (make -C selftests/tools)" % exe)
        self.p = subprocess.Popen([exe, SUITE, "0x%08x" % ssrc],
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        self.send(master)

    def send(self, data):
        self.p.stdin.write(struct.pack("!I", len(data)) + data)
        self.p.stdin.flush()

    def read(self, n):
        b = self.p.stdout.read(n)
        if len(b) != n:
            fail("srtp-oracle ended (exit %r)" % self.p.poll())
        return b

    def unprotect(self, payload):
        self.send(payload)
        st = self.read(1)[0]
        if st:
            return None, self.STATUS.get(st, "status %d" % st)
        return self.read(struct.unpack("!I", self.read(4))[0]), "ok"

    def close(self):
        self.p.stdin.close()
        if self.p.wait() != 0:
            fail("srtp-oracle exited %d" % self.p.returncode)


class Run:
    def __init__(self, ns_rx, ns_tx, iface, dst_mac):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        H.setns(ns_rx)
        self.nl = H.Ksrtp()
        self.rx = {}
        s4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s4.bind((IP4[1], PORT[4]))
        s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s6.bind((IP6[1], PORT[6]))
        self.rx = {4: s4, 6: s6}
        self.ctx = {}
        H.setns(ns_tx)
        self.tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        self.tx.bind((iface, 0))
        self.src_mac = self.tx.getsockname()[4]
        self.dst_mac = bytes.fromhex(dst_mac.replace(":", ""))
        self.keys = H.Keys(SUITE, os.urandom(H.master_len(SUITE)))
        self.seq = 100
        self.sentinel = 0
        self.seen = {}      # (framing, family): did the control deliver it
        self.genuine = []   # fuzz: the last genuine packets, (plain, wire)

    def frame(self, fam, pkt):
        eth = self.dst_mac + self.src_mac + struct.pack(
            "!H", 0x0800 if fam == 4 else 0x86dd)
        self.tx.send(eth + pkt)

    def install(self):
        for fam in (4, 6):
            at = [NL.nla(A["direction"], b"\x01"),
                  NL.nla(A["local_ipv4" if fam == 4 else "local_ipv6"],
                         socket.inet_pton(socket.AF_INET if fam == 4 else
                                          socket.AF_INET6, (IP4 if fam == 4 else IP6)[1])),
                  NL.nla(A["local_port"], struct.pack("=H", PORT[fam])),
                  NL.nla(A["ssrc"], struct.pack("=I", SSRC)),
                  NL.nla(A["suite"], struct.pack("=H", H.SUITES.index(SUITE) + 1)),
                  NL.nla(A["master_key"], self.keys.mkey),
                  NL.nla(A["master_salt"], self.keys.msalt)]
            m = self.nl.req(1, at)
            self.ctx[fam] = struct.unpack("=I", m[0][A["id"]])[0]

    def counters(self):
        """Every drop counter of both contexts and of the namespace, the
        namespace's once (state() returns them with each context's)."""
        if not self.ctx:
            return 0
        total = 0
        for fam in (4, 6):
            st = self.nl.state(self.ctx[fam])
            total += sum(v for k, v in st.items()
                         if (k in H.DROPS or k == "errors")
                         and k not in H.NET_STATS.values())
        return total + sum(st.get(k, 0) for k in H.NET_STATS.values())

    def deliver(self, fam, frames):
        """Send the frames, then a sentinel; what came before it."""
        self.sentinel += 1
        mark = b"\x00\x01\x00\x00SENTINEL" + struct.pack("!I", self.sentinel)
        for f in frames:
            self.frame(fam, f)
        self.frame(fam, (ip4 if fam == 4 else lambda x: ip6(17, x))(udp(fam, mark)))
        got, end = [], time.monotonic() + 5
        while time.monotonic() < end:
            if not select.select([self.rx[fam]], [], [], 0.05)[0]:
                continue
            d = self.rx[fam].recv(65536)
            if d == mark:
                return got
            got.append(d)
        fail("IPv%d: the sentinel did not arrive" % fam)

    def payloads(self, protected):
        """(kind, wire payload, what the socket may get when delivered)."""
        plain = H.rtp(self.seq, SSRC, b"forged plain RTP of the SSRC")
        self.seq += 1
        real = H.rtp(self.seq, SSRC, b"genuine SRTP, decrypted")
        self.seq += 1
        # Each at least 40 bytes: no fragment of FRAMINGS comes out empty.
        out = [("forged", plain, None),
               ("genuine", self.keys.protect(real), real),
               ("unknown SSRC", H.rtp(self.seq, SSRC ^ 0xff, b"x" * 28), None),
               ("not RTP (first byte 0xc0)", b"\xc0" + b"y" * 39, None),
               ("STUN", b"\x00\x01\x00\x00" + os.urandom(36), "same")]
        if not protected:
            out = [(k, w, w) for k, w, _ in out]
        return out

    def phase(self, protected):
        seen = self.seen
        for name, fam, build, stack in FRAMINGS:
            for kind, wire, want in self.payloads(protected):
                before = self.counters()
                got = self.deliver(fam, build(wire))
                what = "IPv%d %s, %s" % (fam, name, kind)
                if want == "same":
                    want = wire
                if not protected:
                    ok = got == [wire]
                    seen[(name, fam)] = ok
                    if stack is not None and ok != stack:
                        fail("control: %s: the stack %s it (got %r)" % (
                            what, "delivered" if ok else "did not deliver", got))
                    continue
                delivered = seen[(name, fam)]
                expect = [want] if want is not None and delivered else []
                if got != expect:
                    fail("protected: %s: the socket got %r, expected %r" % (
                        what, got, expect))
                if want is None and delivered and self.counters() == before:
                    fail("protected: %s: dropped but counted nowhere" % what)
            if not protected:
                log("control: IPv%d %s: the stack %s" % (
                    fam, name, "delivers it" if seen[(name, fam)] else
                    "drops it"))
        return seen


def mutant(r, rng, fam):
    """One random datagram for the protected port, framed at random.
    Returns (frames, the plaintext the socket may get or None, whether a
    receiver must get it: a genuine packet framed as UDP delivers it,
    the UDP payload as sent with what follows it, the IP payload (UDP
    header onwards) the frames reassemble to, whether they all went)."""
    kind = rng.randrange(4)
    if r.genuine and rng.randrange(10) == 0:
        kind = 4                            # a genuine packet again
    if kind == 4:
        plain, wire = rng.choice(r.genuine)
    else:
        plain = H.rtp(r.seq, SSRC if kind < 3 else rng.randrange(1 << 32),
                      rng.randbytes(rng.randrange(28, 120)))
        r.seq += 1
        wire = r.keys.protect(plain) if kind == 0 else plain
    if kind == 0:
        # Sent again later, from the last 100 SEQs only: well inside
        # the replay window of 128 of both receivers.
        r.genuine = [(p, w) for p, w in r.genuine
                     if r.seq - struct.unpack("!H", p[2:4])[0] < 100]
        r.genuine.append((plain, wire))
    if kind == 2:       # forged: plain RTP with a random "tag"
        wire = plain + rng.randbytes(r.keys.tag)
    clean = kind == 0
    if rng.randrange(4) == 0:               # flip a bit somewhere
        b = bytearray(wire)
        b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        wire, clean = bytes(b), False
    real = 8 + len(wire)
    ulen = None
    if rng.randrange(3) == 0:
        ulen = max(0, real + rng.choice((-9, -3, -1, 1, 3)))
        clean = False
    trailer = rng.randbytes(rng.choice((0, 0, 0, 1, 5)))
    if fam == 6 and rng.randrange(8) == 0:
        ulen = 0                            # the whole payload, as UDP
        clean = clean and not trailer and UDP6_LEN0_IS_REST
    check = rng.choice(("good",) * 6 + ("bad", "zero"))
    if check == "bad" or (check == "zero" and fam == 6):
        clean = False
    l4 = udp(fam, wire, ulen=ulen, check=check, trailer=trailer)
    complete = True
    how = rng.randrange(6)
    if how == 0:
        n = len(l4) // 8
        cuts = sorted({8 * rng.randrange(1, n) for _ in range(rng.randrange(1, 3))}) \
            if n > 2 else [8]
        sizes = [b - a for a, b in zip([0] + cuts, cuts)]
        frames = (fr4 if fam == 4 else fr6)(l4, sizes)
        rng.shuffle(frames)
        if rng.randrange(5) == 0:           # one fragment never comes
            frames.pop(rng.randrange(len(frames)))
            clean = complete = False
    elif how == 1 and fam == 4:
        frames = [ip4(l4, options=b"\x01\x01\x01\x00")]
    elif how == 1:
        frames = exthdrs6(l4)
    else:
        frames = [ip4(l4)] if fam == 4 else [ip6(17, l4)]
    return frames, (plain if kind in (0, 4) else None), clean, \
        wire + trailer, l4, complete


def passed(d, raw):
    """Not media: STUN, ZRTP, DTLS or TURN by its first byte (a flipped
    bit can make one), which a protected port passes as UDP delivers it."""
    return d and (d[0] <= 3 or 16 <= d[0] <= 79) and raw.startswith(d)


def oracle_key(keys):
    """The master key and salt the libsrtp2 oracle gets: the contexts',
    or with KSRTP_FRAME_FUZZ_ORACLE=wrong-key one bit off, to show that
    the oracle fails a run (the first genuine packet delivered)."""
    master = keys.mkey + keys.msalt
    if os.environ.get("KSRTP_FRAME_FUZZ_ORACLE") == "wrong-key":
        log("oracle: libsrtp2 has a key one bit off (self-check: this "
            "run must FAIL)")
        master = bytes([master[0] ^ 1]) + master[1:]
    return master


def fuzz(r, seed, iterations):
    """Random framings of genuine, repeated, forged and foreign RTP. Each
    frame set's UDP payload, as the stack would deliver it (udp_view()),
    goes to the libsrtp2 receiver of its family's context, with its key,
    suite and SSRC:
    every datagram the socket gets must be the plaintext libsrtp2 accepted
    for it, or (a bit flipped in the first byte) STUN, ZRTP, DTLS or TURN
    as UDP delivers it; what libsrtp2 accepts must arrive. Besides, as
    before the oracle was libsrtp2: a datagram the socket gets is the
    plaintext of a genuine packet not received before on that socket,
    and a genuine packet framed as UDP delivers it arrives."""
    import random
    rng = random.Random(seed)
    # One receiver per context: the IPv4 and IPv6 contexts share a key
    # and an SSRC but not a replay window, as two libsrtp2 sessions
    # behind two sockets would not.
    master = oracle_key(r.keys)
    oracles = {fam: Oracle(master, SSRC) for fam in (4, 6)}
    seen = set()
    counts = {"delivered": 0, "dropped": 0, "accepted by libsrtp2": 0}
    for it in range(iterations):
        fam = rng.choice((4, 6))
        frames, plain, clean, raw, l4, complete = mutant(r, rng, fam)
        got = r.deliver(fam, frames)
        view = udp_view(fam, l4) if complete else None
        if view is None:
            accepted, why = None, "UDP does not deliver the frames"
        else:
            accepted, why = oracles[fam].unprotect(view)

        def bad(msg):
            fail("fuzz seed %d iteration %d: %s (frames %s)" % (
                seed, it, msg, [f.hex() for f in frames]))
        for d in got:
            if d == view and passed(d, raw):
                counts["passed as not media"] = counts.get("passed as not media", 0) + 1
                continue
            if accepted is None or d != accepted:
                bad("the socket got %r, which libsrtp2 with the key did "
                    "not accept (%s)" % (d, why if accepted is None else
                                         "it accepted %r" % accepted))
            accepted = None     # once
            if d != plain or (fam, d) in seen:
                bad("the socket got %r, which is not the plaintext of a "
                    "genuine packet not received before" % d)
            seen.add((fam, d))
            counts["accepted by libsrtp2"] += 1
        if accepted is not None:
            bad("libsrtp2 accepted what UDP delivers, the socket got %r"
                % got)
        if clean and not got:
            bad("a genuine packet framed correctly did not arrive")
        counts["delivered" if got else "dropped"] += 1
    for o in oracles.values():
        o.close()
    log("frame fuzzer, seed %d: %d datagrams, %r" % (seed, iterations, counts))


def l4_of(fam, frame):
    """The UDP header onwards of one unfragmented IP packet straight to
    UDP, or None."""
    if fam == 4:
        ihl, tot, off, proto = frame[0] & 15, *struct.unpack("!HxxHxB", frame[2:10])
        return frame[4 * ihl:tot] if proto == 17 and not off & 0x3fff else None
    plen, nxt = struct.unpack("!HB", frame[4:7])
    return frame[40:40 + plen] if nxt == 17 else None


def self_test():
    """Without a kernel: the oracle accepts what it must, and refuses a
    replay, a flipped bit, another SSRC, another key; udp_view() agrees
    with FRAMINGS on what the stack delivers (43's control run checks
    FRAMINGS against the kernel)."""
    keys = H.Keys(SUITE, os.urandom(H.master_len(SUITE)))
    o = Oracle(oracle_key(keys), SSRC)
    n = 0

    def want(what, got, exp):
        nonlocal n
        if got != exp:
            fail("oracle self-test: %s: got %r, expected %r" % (what, got, exp))
        n += 1
    plain = H.rtp(7, SSRC, b"oracle")
    wire = keys.protect(plain)
    want("genuine", o.unprotect(wire), (plain, "ok"))
    want("the same again", o.unprotect(wire), (None, "replay_fail"))
    b = bytearray(keys.protect(H.rtp(8, SSRC, b"flip")))
    b[-1] ^= 1
    want("tag bit flipped", o.unprotect(bytes(b)), (None, "auth_fail"))
    want("plain RTP of the SSRC", o.unprotect(H.rtp(9, SSRC, b"x" * 20))[0], None)
    want("another SSRC", o.unprotect(keys.protect(H.rtp(9, SSRC ^ 1, b"x"))),
         (None, "no_ctx"))
    want("empty", o.unprotect(b"")[0], None)
    plain = H.rtp(10, SSRC, b"after")
    want("genuine after the rejects", o.unprotect(keys.protect(plain)),
         (plain, "ok"))
    o.close()
    other = H.Keys(SUITE, os.urandom(H.master_len(SUITE)))
    o = Oracle(other.mkey + other.msalt, SSRC)
    want("another key", o.unprotect(keys.protect(H.rtp(7, SSRC, b"k")))[0], None)
    o.close()
    wire = b"\x80" + bytes(range(40))
    for name, fam, build, stack in FRAMINGS:
        frames = build(wire)
        if stack is None or len(frames) != 1:
            continue
        l4 = l4_of(fam, frames[0])
        if l4 is None:
            continue
        want("udp_view, IPv%d %s" % (fam, name),
             udp_view(fam, l4) == wire, stack)
    log("oracle self-test: %d checks passed" % n)


def main(argv):
    if argv[:1] == ["oracle-self-test"]:
        self_test()
        return 0
    if len(argv) < 5 or argv[0] not in ("run", "fuzz"):
        print(__doc__, file=sys.stderr)
        return 2
    r = Run(*argv[1:5])
    t0 = time.monotonic()
    if argv[0] == "fuzz":
        opts = dict(zip(argv[5::2], argv[6::2]))
        r.install()
        fuzz(r, int(opts.get("--seed", "1")), int(opts.get("--iterations", "1000")))
        log("took %.1f s" % (time.monotonic() - t0))
        return 0
    r.phase(False)
    log("control done: %d framings x 5 datagrams" % len(FRAMINGS))
    r.install()
    r.phase(True)
    log("protected: nothing forged, unknown or not RTP reached the socket; "
        "every genuine packet once where the stack delivers")
    st = r.nl.state(r.ctx[4])
    log("IPv4 context: %r" % {k: v for k, v in st.items() if v})
    st = r.nl.state(r.ctx[6])
    log("IPv6 context: %r" % {k: v for k, v in st.items() if v})
    log("took %.1f s" % (time.monotonic() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
