#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Independent SRTP/SRTCP (RFC 3711, 6188, 7714) to cross-check rtp-peer's
libsrtp2 output; it shares no code with libsrtp.

usage: srtp-xcheck.py [--protect] [key options] SUITE KEY_FILE [ROC]
                      < hex-lines
Reads one packet per line. By default the packets are protected ones and
each one's plaintext is printed as a hex line, in input order, so that the
output can be compared with `rtp-peer gen`. With --protect the packets are
plain ones (`rtp-peer gen`) and each is printed protected, as libsrtp does
it: SRTCP packets get the indices 1, 2, 3, ... in input order.
Only hex key files. ROC is the sender's initial rollover counter; a
sequence number that goes down is taken as a wrap.

With --cryptex, SRTP is RFC 9335's: protecting marks the extension 0xC0DE
(one-byte, was 0xBEDE) or 0xC2DE (two-byte, was 0x1000), gives a packet
with CSRCs and no extension an empty one, and encrypts the CSRCs and the
extension data with the payload; unprotecting decrypts a packet so marked
and gives the extension its RFC 8285 profile back (plain ones as ever).

With --enc-ext-ids LIST (IDs 1..255, comma separated) SRTP is RFC 6904's
too: the data of the extension elements of those IDs is encrypted with
AES-CM under the header key and salt (KDF labels 6 and 7; a GCM suite's
12-byte salt padded with two zero bytes, RFC 7714 8.3) and the payload's
IV, keystream byte i on byte i after the 4-byte extension header, before
the packet is protected; unprotecting decrypts them after verifying. A
packet marked as cryptex is left to cryptex.

Key options, as rtp-peer's:
  --mki HEX             the MKI of KEY_FILE; packets carry an MKI (RFC 3711
                        3.1, 3.4; RFC 7714 8.2, 9.2) and it picks the key
  --key2 F --mki2 HEX   a second key (--key3/--mki3: a third)
  --switch-at N[,M]     line N on (M on) is under key 2 (3), counted from 0;
                        with MKIs the MKI on the wire must agree
Exits 1 on the first packet that does not verify (or carries the wrong
MKI), 2 on bad usage or if the Python 'cryptography' package is missing.
"""
import argparse
import hashlib
import hmac
import sys

try:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
except ImportError:
    sys.exit(2)

# suite: (cipher key bytes or 0 for NULL, GCM?, SRTP tag bytes)
SUITES = {
    "AES_CM_128_HMAC_SHA1_80": (16, False, 10),
    "AES_CM_128_HMAC_SHA1_32": (16, False, 4),
    "AES_192_CM_HMAC_SHA1_80": (24, False, 10),
    "AES_192_CM_HMAC_SHA1_32": (24, False, 4),
    "AES_256_CM_HMAC_SHA1_80": (32, False, 10),
    "AES_256_CM_HMAC_SHA1_32": (32, False, 4),
    "NULL_HMAC_SHA1_80": (0, False, 10),
    "NULL_HMAC_SHA1_32": (0, False, 4),
    "AEAD_AES_128_GCM": (16, True, 16),
    "AEAD_AES_256_GCM": (32, True, 16),
}
SRTCP_TAG = 10  # HMAC-SHA1 suites: 80 bits even in the *_32 ones


def keystream(key, iv16, n):
    enc = Cipher(algorithms.AES(key), modes.CTR(iv16)).encryptor()
    return enc.update(bytes(n))


def kdf(mkey, msalt, label, n):
    # RFC 3711 4.3 with KDR 0: x = label<<48 XOR salt; a 96-bit GCM salt
    # is padded to 112 bits with zeros (RFC 7714 section 11).
    x = bytearray(msalt.ljust(14, b"\0"))
    x[7] ^= label
    return keystream(mkey, bytes(x) + b"\0\0", n)


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def fail(msg):
    print("srtp-xcheck: " + msg, file=sys.stderr)
    sys.exit(1)


class Key:
    """The session keys of one master key: rtp and rtcp (ek, ak, salt)."""

    def __init__(self, path, mki, klen, gcm, suite):
        master = bytes.fromhex("".join(open(path).read().split()))
        mklen = klen or 16  # NULL suites key the KDF like AES_CM_128
        mkey, msalt = master[:mklen], master[mklen:]
        slen = 12 if gcm else 14
        if len(msalt) != slen:
            sys.exit("srtp-xcheck: %s has the wrong length for %s" % (path, suite))
        self.mki = mki
        self.hdr = (kdf(mkey, msalt, 6, klen) if klen else b"",
                    kdf(mkey, msalt, 7, slen).ljust(14, b"\0"))
        self.rtp, self.rtcp = [
            (kdf(mkey, msalt, base, klen) if klen else b"",
             kdf(mkey, msalt, base + 1, 20),
             kdf(mkey, msalt, base + 2, slen))
            for base in (0, 3)]


def hexbytes(s):
    s = s[2:] if s[:2] in ("0x", "0X") else s
    b = bytes.fromhex(s)
    if not 1 <= len(b) <= 4 or len(s) != 2 * len(b):
        raise ValueError(s)
    return b


def parse_args():
    ap = argparse.ArgumentParser(
        usage="%(prog)s [--protect] [key options] SUITE KEY_FILE [ROC] < hex-lines")
    ap.add_argument("--protect", action="store_true")
    ap.add_argument("--cryptex", action="store_true")
    ap.add_argument("--enc-ext-ids", default="")
    ap.add_argument("--mki", type=hexbytes)
    ap.add_argument("--key2")
    ap.add_argument("--mki2", type=hexbytes)
    ap.add_argument("--key3")
    ap.add_argument("--mki3", type=hexbytes)
    ap.add_argument("--switch-at", default="")
    ap.add_argument("suite", choices=sorted(SUITES))
    ap.add_argument("key_file")
    ap.add_argument("roc", nargs="?", default="0")
    a = ap.parse_args()
    files = [f for f in (a.key_file, a.key2, a.key3) if f]
    mkis = [m for m in (a.mki, a.mki2, a.mki3) if m]
    switch = [int(x, 0) for x in a.switch_at.split(",") if x]
    if a.key3 and not a.key2:
        ap.error("--key3 needs --key2")
    if mkis and (len(mkis) != len(files) or len({len(m) for m in mkis}) != 1):
        ap.error("with --mki every key needs an MKI, all of one length")
    if len(switch) > len(files) - 1 or (not mkis and len(switch) != len(files) - 1):
        ap.error("--switch-at names one switch per further key")
    return a, files, mkis, switch


def main():
    a, files, mkis, switch = parse_args()
    klen, gcm, rtp_tag = SUITES[a.suite]
    keys = [Key(f, mkis[i] if mkis else b"", klen, gcm, a.suite)
            for i, f in enumerate(files)]
    ids = {int(x, 0) for x in a.enc_ext_ids.split(",") if x}
    st = {"roc": int(a.roc, 0), "prev": None, "srtcp_index": 0}
    for i, line in enumerate(sys.stdin):
        p = bytes.fromhex(line.strip())
        want = sum(1 for s in switch if i >= s)
        rtcp = 192 <= p[1] <= 223
        if not rtcp:
            seq = int.from_bytes(p[2:4], "big")
            if st["prev"] is not None and seq < st["prev"]:
                st["roc"] += 1
            st["prev"] = seq
        if a.protect:
            k = keys[want]
            if rtcp:
                st["srtcp_index"] += 1
                out = srtcp_protect(p, k, klen, gcm, st["srtcp_index"])
            else:
                if a.cryptex:
                    p = cryptex_mark(p)
                elif ids:
                    p = hdr_crypt(p, k, st["roc"], ids)
                out = srtp_protect(p, k, klen, gcm, rtp_tag, st["roc"])
            print(out.hex())
            continue
        after = 0 if gcm else SRTCP_TAG if rtcp else rtp_tag
        if mkis:
            p, k = take_mki(p, keys, after, i)
            if switch and k is not keys[want]:
                fail("packet %d carries the MKI of key %d, --switch-at says key %d"
                     % (i, keys.index(k) + 1, want + 1))
        else:
            k = keys[want]
        if rtcp:
            print(srtcp(p, k.rtcp, klen, gcm).hex())
        else:
            out = srtp(p, k.rtp, klen, gcm, rtp_tag, st["roc"], seq)
            if ids and not cryptex_split(p, len(p)):
                out = hdr_crypt(out, k, st["roc"], ids)
            print(out.hex())


def take_mki(p, keys, after, i):
    """Find the MKI `after` bytes before the end; return p without it."""
    n = len(keys[0].mki)
    at = len(p) - after - n
    for k in keys:
        if at >= 8 and p[at:at + n] == k.mki:
            return p[:at] + p[at + n:], k
    fail("packet %d: %s, %d bytes before the end, is no MKI of ours"
         % (i, p[at:at + n].hex(), after))


def rtp_header_len(p):
    n = 12 + 4 * (p[0] & 0x0F)
    if p[0] & 0x10:
        n += 4 + 4 * int.from_bytes(p[n + 2:n + 4], "big")
    return n


# RFC 8285 profiles and their RFC 9335 (cryptex) counterparts
CRYPTEX = {0xBEDE: 0xC0DE, 0x1000: 0xC2DE}
PLAIN_PROFILE = {v: k for k, v in CRYPTEX.items()}


def cryptex_mark(p):
    """RFC 9335 section 5.1 on a plain RTP packet: the marked packet."""
    x = 12 + 4 * (p[0] & 0x0F)
    if not p[0] & 0x10:
        if x == 12:
            return p  # neither CSRCs nor an extension: plain SRTP
        return bytes([p[0] | 0x10]) + p[1:x] + b"\xc0\xde\0\0" + p[x:]
    prof = int.from_bytes(p[x:x + 2], "big")
    if prof not in CRYPTEX:
        fail("cryptex cannot carry an extension of profile %04x" % prof)
    return p[:x] + CRYPTEX[prof].to_bytes(2, "big") + p[x + 2:]


def cryptex_split(p, end):
    """A marked packet's parts (RFC 9335 section 6.1): the clear fixed
    header and extension header, and what is encrypted: the CSRCs, the
    extension data and the payload up to `end`, in that order; None if
    the packet is not marked."""
    x = 12 + 4 * (p[0] & 0x0F)
    if not p[0] & 0x10 or int.from_bytes(p[x:x + 2], "big") not in PLAIN_PROFILE:
        return None
    return p[:12], p[x:x + 4], p[12:x] + p[x + 4:end]


def cryptex_join(fixed, xhdr, data, unmark):
    """The packet again from cryptex_split()'s parts, the data changed."""
    n = 4 * (fixed[0] & 0x0F)
    if unmark:
        xhdr = PLAIN_PROFILE[int.from_bytes(xhdr[:2], "big")].to_bytes(2, "big") + xhdr[2:]
    return fixed + data[:n] + xhdr + data[n:]


def hdr_elements(x, two_byte):
    """RFC 8285 elements of extension data x: (ID, data offset, length);
    zero bytes are padding, a one-byte ID 15 ends the list."""
    pos, hl, out = 0, 2 if two_byte else 1, []
    while pos < len(x):
        if not x[pos]:
            pos += 1
            continue
        if two_byte:
            if len(x) - pos < 2:
                fail("two-byte element header past the extension")
            xid, n = x[pos], x[pos + 1]
        else:
            xid, n = x[pos] >> 4, (x[pos] & 0x0F) + 1
            if xid == 15:
                break
        if n > len(x) - pos - hl:
            fail("element %d runs past the extension" % xid)
        out.append((xid, pos + hl, n))
        pos += hl + n
    return out


def hdr_crypt(p, k, roc, ids):
    """RFC 6904 on an RTP packet: the listed elements' data XOR the
    header keystream (encrypting and decrypting alike)."""
    if not p[0] & 0x10:
        return p
    x = 12 + 4 * (p[0] & 0x0F)
    prof = int.from_bytes(p[x:x + 2], "big")
    if prof != 0xBEDE and prof & 0xFFF0 != 0x1000:
        fail("RFC 6904 needs an RFC 8285 extension, not profile %04x" % prof)
    n = 4 * int.from_bytes(p[x + 2:x + 4], "big")
    data = bytearray(p[x + 4:x + 4 + n])
    hk, hsalt = k.hdr
    ks = keystream(hk, srtp_iv(hsalt, p[8:12], roc, p[2:4]), n)
    for xid, off, ln in hdr_elements(data, prof != 0xBEDE):
        if xid in ids:
            for j in range(off, off + ln):
                data[j] ^= ks[j]
    return p[:x + 4] + bytes(data) + p[x + 4 + n:]


def srtp_iv(salt, ssrc, roc, seq16):
    return xor(salt + b"\0\0", bytes(4) + ssrc + roc.to_bytes(4, "big") + seq16 + b"\0\0")


def gcm_iv(salt, ssrc, roc, seq16):
    return xor(b"\0\0" + ssrc + roc.to_bytes(4, "big") + seq16, salt)


def srtp(p, key, klen, gcm, tag_len, roc, seq):
    ek, ak, salt = key
    hlen = rtp_header_len(p)
    ssrc = p[8:12]
    parts = cryptex_split(p, len(p) - (0 if gcm else tag_len))
    if parts and gcm:
        fixed, xhdr, data = parts
        iv = gcm_iv(salt, ssrc, roc, p[2:4])
        try:
            return cryptex_join(fixed, xhdr, AESGCM(ek).decrypt(iv, data, fixed + xhdr), True)
        except Exception:
            fail("SRTP seq %d: GCM tag does not verify (cryptex)" % seq)
    if gcm:
        iv = gcm_iv(salt, ssrc, roc, p[2:4])
        try:
            return p[:hlen] + AESGCM(ek).decrypt(iv, p[hlen:], p[:hlen])
        except Exception:
            fail("SRTP seq %d: GCM tag does not verify" % seq)
    body, tag = p[:-tag_len], p[-tag_len:]
    want = hmac.new(ak, body + roc.to_bytes(4, "big"), hashlib.sha1).digest()
    if not hmac.compare_digest(want[:tag_len], tag):
        fail("SRTP seq %d: tag does not verify" % seq)
    if not klen:
        return body
    iv = srtp_iv(salt, ssrc, roc, p[2:4])
    if parts:
        fixed, xhdr, data = parts
        return cryptex_join(fixed, xhdr, xor(data, keystream(ek, iv, len(data))), True)
    return body[:hlen] + xor(body[hlen:], keystream(ek, iv, len(body) - hlen))


def srtp_protect(p, k, klen, gcm, tag_len, roc):
    ek, ak, salt = k.rtp
    hlen = rtp_header_len(p)
    ssrc = p[8:12]
    parts = cryptex_split(p, len(p))
    if gcm:
        iv = gcm_iv(salt, ssrc, roc, p[2:4])
        if parts:  # the AAD: fixed header and extension header (6.2)
            fixed, xhdr, data = parts
            ct = AESGCM(ek).encrypt(iv, data, fixed + xhdr)
            return cryptex_join(fixed, xhdr, ct, False) + k.mki
        return p[:hlen] + AESGCM(ek).encrypt(iv, p[hlen:], p[:hlen]) + k.mki
    body = p
    if klen and parts:
        fixed, xhdr, data = parts
        iv = srtp_iv(salt, ssrc, roc, p[2:4])
        body = cryptex_join(fixed, xhdr, xor(data, keystream(ek, iv, len(data))), False)
    elif klen:
        iv = srtp_iv(salt, ssrc, roc, p[2:4])
        body = p[:hlen] + xor(p[hlen:], keystream(ek, iv, len(p) - hlen))
    tag = hmac.new(ak, body + roc.to_bytes(4, "big"), hashlib.sha1).digest()
    return body + k.mki + tag[:tag_len]


def srtcp_iv(salt, ssrc, index):
    return xor(salt + b"\0\0", bytes(4) + ssrc + index.to_bytes(6, "big") + b"\0\0")


def srtcp_gcm_iv(salt, ssrc, index):
    return xor(b"\0\0" + ssrc + b"\0\0" + index.to_bytes(4, "big"), salt)


def srtcp(p, key, klen, gcm):
    ek, ak, salt = key
    ssrc = p[4:8]
    if gcm:
        trailer, body = p[-4:], p[:-4]
        e, index = trailer[0] >> 7, int.from_bytes(trailer, "big") & 0x7FFFFFFF
        iv = srtcp_gcm_iv(salt, ssrc, index)
        if not e:
            fail("SRTCP with GCM and E=0")
        try:
            return body[:8] + AESGCM(ek).decrypt(iv, body[8:], body[:8] + trailer)
        except Exception:
            fail("SRTCP index %d: GCM tag does not verify" % index)
    body, tag = p[:-SRTCP_TAG], p[-SRTCP_TAG:]
    want = hmac.new(ak, body, hashlib.sha1).digest()[:SRTCP_TAG]
    if not hmac.compare_digest(want, tag):
        fail("SRTCP: tag does not verify")
    trailer, body = body[-4:], body[:-4]
    e, index = trailer[0] >> 7, int.from_bytes(trailer, "big") & 0x7FFFFFFF
    if e != (1 if klen else 0):
        fail("SRTCP index %d: E bit %d with %s cipher" % (index, e, "an AES" if klen else "the NULL"))
    if not e:
        return body
    iv = srtcp_iv(salt, ssrc, index)
    return body[:8] + xor(body[8:], keystream(ek, iv, len(body) - 8))


def srtcp_protect(p, k, klen, gcm, index):
    ek, ak, salt = k.rtcp
    ssrc = p[4:8]
    if gcm:
        trailer = (0x80000000 | index).to_bytes(4, "big")
        ct = AESGCM(ek).encrypt(srtcp_gcm_iv(salt, ssrc, index), p[8:], p[:8] + trailer)
        return p[:8] + ct + trailer + k.mki
    body = p
    if klen:
        iv = srtcp_iv(salt, ssrc, index)
        body = p[:8] + xor(p[8:], keystream(ek, iv, len(p) - 8))
    body += ((0x80000000 if klen else 0) | index).to_bytes(4, "big")
    tag = hmac.new(ak, body, hashlib.sha1).digest()[:SRTCP_TAG]
    return body + k.mki + tag


if __name__ == "__main__":
    main()
