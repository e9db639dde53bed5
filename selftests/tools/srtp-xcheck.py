#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Independent SRTP/SRTCP unprotect (RFC 3711, 6188, 7714) to cross-check
rtp-peer's libsrtp2 output; it shares no code with libsrtp.

usage: srtp-xcheck.py SUITE KEY_FILE [ROC] < protected-hex-lines
Prints each packet's plaintext as a hex line, in input order, so that the
output can be compared with `rtp-peer gen`. Only hex key files. ROC is the
sender's initial rollover counter; a sequence number that goes down is
taken as a wrap. Exits 1 on the first packet that does not verify,
2 if the Python 'cryptography' package is missing.
"""
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


def main():
    suite, keyfile = sys.argv[1], sys.argv[2]
    roc = int(sys.argv[3], 0) if len(sys.argv) > 3 else 0
    klen, gcm, rtp_tag = SUITES[suite]
    master = bytes.fromhex("".join(open(keyfile).read().split()))
    mklen = klen or 16  # NULL suites key the KDF like AES_CM_128
    mkey, msalt = master[:mklen], master[mklen:]
    slen = 12 if gcm else 14
    if len(msalt) != slen:
        fail("key file has the wrong length for " + suite)
    keys = {}
    for kind, base in (("rtp", 0), ("rtcp", 3)):
        keys[kind] = (kdf(mkey, msalt, base, klen) if klen else b"",
                      kdf(mkey, msalt, base + 1, 20),
                      kdf(mkey, msalt, base + 2, slen))
    prev = None
    for line in sys.stdin:
        p = bytes.fromhex(line.strip())
        if 192 <= p[1] <= 223:
            print(srtcp(p, keys["rtcp"], klen, gcm).hex())
            continue
        seq = int.from_bytes(p[2:4], "big")
        if prev is not None and seq < prev:
            roc += 1
        prev = seq
        print(srtp(p, keys["rtp"], klen, gcm, rtp_tag, roc, seq).hex())


def rtp_header_len(p):
    n = 12 + 4 * (p[0] & 0x0F)
    if p[0] & 0x10:
        n += 4 + 4 * int.from_bytes(p[n + 2:n + 4], "big")
    return n


def srtp(p, key, klen, gcm, tag_len, roc, seq):
    ek, ak, salt = key
    hlen = rtp_header_len(p)
    ssrc = p[8:12]
    if gcm:
        iv = xor(b"\0\0" + ssrc + roc.to_bytes(4, "big") + p[2:4], salt)
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
    iv = xor(salt + b"\0\0", bytes(4) + ssrc + (roc << 16 | seq).to_bytes(6, "big") + b"\0\0")
    return body[:hlen] + xor(body[hlen:], keystream(ek, iv, len(body) - hlen))


def srtcp(p, key, klen, gcm):
    ek, ak, salt = key
    ssrc = p[4:8]
    if gcm:
        trailer, body = p[-4:], p[:-4]
        e, index = trailer[0] >> 7, int.from_bytes(trailer, "big") & 0x7FFFFFFF
        iv = xor(b"\0\0" + ssrc + b"\0\0" + index.to_bytes(4, "big"), salt)
        if not e:
            fail("SRTCP with GCM and E=0")
        try:
            return body[:8] + AESGCM(ek).decrypt(iv, body[8:], body[:8] + trailer)
        except Exception:
            fail("SRTCP index %d: GCM tag does not verify" % index)
    body, tag = p[:-10], p[-10:]
    want = hmac.new(ak, body, hashlib.sha1).digest()[:10]
    if not hmac.compare_digest(want, tag):
        fail("SRTCP: tag does not verify")
    trailer, body = body[-4:], body[:-4]
    e, index = trailer[0] >> 7, int.from_bytes(trailer, "big") & 0x7FFFFFFF
    if e != (1 if klen else 0):
        fail("SRTCP index %d: E bit %d with %s cipher" % (index, e, "an AES" if klen else "the NULL"))
    if not e:
        return body
    iv = xor(salt + b"\0\0", bytes(4) + ssrc + index.to_bytes(6, "big") + b"\0\0")
    return body[:8] + xor(body[8:], keystream(ek, iv, len(body) - 8))


if __name__ == "__main__":
    main()
