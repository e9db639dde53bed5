#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""selftests/vm/text-watch.py snap FILE | diff FILE

Which kernel code did something rewrite? Under multi-threaded TCG a guest
can wedge when kernel text is patched (a static key, a tracepoint, a
static call) while another CPU runs through it (Documentation/testing.rst,
"Known emulator issues"). This reads the running kernel's text, and that
of the loaded modules, through /proc/kcore:

  snap FILE   saves it to FILE
  diff FILE   compares it with FILE, prints one line per function whose
              bytes changed ("__schedule+0x9b: 5 bytes", the symbol from
              /proc/kallsyms), then saves the new text to FILE; exits 1 if
              anything changed, 0 if not

Modules loaded or unloaded in between are named once ("module veth
loaded"), not compared. Needs root (kcore, kallsyms addresses).
selftests/run.sh runs it around every test with KSRTP_TEXT_WATCH=1.
"""
import bisect
import os
import pickle
import struct
import sys


def kallsyms():
    """Sorted (address, name) of the text symbols, modules' included."""
    syms = []
    with open("/proc/kallsyms") as f:
        for line in f:
            p = line.split()
            if len(p) < 3 or p[1] not in "tTwW":
                continue
            a = int(p[0], 16)
            if a:
                syms.append((a, p[2] + (" " + p[3] if len(p) > 3 else "")))
    syms.sort()
    return syms


def regions(syms):
    """{name: (start, end)}: the core kernel's text and each module's .text."""
    addr = {n: a for a, n in syms if n in ("_stext", "_etext")}
    if "_stext" not in addr or "_etext" not in addr:
        sys.exit("text-watch: _stext/_etext not in /proc/kallsyms (kptr_restrict?)")
    out = {"vmlinux": (addr["_stext"], addr["_etext"])}
    for mod in sorted(os.listdir("/sys/module")):
        sec = "/sys/module/%s/sections" % mod
        try:
            starts = {}
            for s in os.listdir(sec):
                if s.startswith("."):
                    with open(os.path.join(sec, s)) as f:
                        starts[s] = int(f.read(), 16)
        except OSError:
            continue
        if ".text" not in starts or not starts[".text"]:
            continue
        t = starts[".text"]
        after = [a for a in starts.values() if a > t]
        # A module's .text ends where its next section starts; cap it at
        # 16 MiB in case that one lives elsewhere.
        end = min(after) if after else t + 4096
        out["module " + mod] = (t, min(end, t + (16 << 20)))
    return out


def read_kcore(want):
    """{name: bytes} for each (start, end) in want, from /proc/kcore."""
    got = {}
    with open("/proc/kcore", "rb") as f:
        eh = f.read(64)
        if eh[:4] != b"\x7fELF" or eh[4] != 2:
            sys.exit("text-watch: /proc/kcore is not a 64-bit ELF")
        phoff, = struct.unpack_from("<Q", eh, 32)
        phentsize, phnum = struct.unpack_from("<HH", eh, 54)
        f.seek(phoff)
        ph = f.read(phentsize * phnum)
        loads = []
        for i in range(phnum):
            ptype, _, off, vaddr, _, filesz = struct.unpack_from(
                "<IIQQQQ", ph, i * phentsize)
            if ptype == 1:
                loads.append((vaddr, vaddr + filesz, off))
        for name, (start, end) in want.items():
            for lo, hi, off in loads:
                if lo <= start and end <= hi:
                    f.seek(off + start - lo)
                    got[name] = (start, f.read(end - start))
                    break
    return got


def where(syms, keys, a):
    i = bisect.bisect_right(keys, a) - 1
    if i < 0:
        return "0x%x" % a
    return "%s+0x%x" % (syms[i][1], a - syms[i][0])


def diff(old, new, syms):
    keys = [a for a, _ in syms]
    lines = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            lines.append("%s loaded" % name)
            continue
        if name not in new:
            lines.append("%s unloaded" % name)
            continue
        (s0, b0), (s1, b1) = old[name], new[name]
        if s0 != s1 or len(b0) != len(b1):
            lines.append("%s reloaded" % name)
            continue
        if b0 == b1:
            continue
        per = {}
        i, n = 0, len(b0)
        while i < n:
            # Compare in 4 KiB blocks first: most of the text is unchanged.
            j = min(i + 4096, n)
            if b0[i:j] == b1[i:j]:
                i = j
                continue
            for k in range(i, j):
                if b0[k] != b1[k]:
                    w = where(syms, keys, s0 + k)
                    fn = w.rsplit("+", 1)[0]
                    per.setdefault(fn, [w, 0])[1] += 1
            i = j
        for fn, (first, count) in per.items():
            lines.append("%s: %d bytes (first at %s)" % (fn, count, first))
    return lines


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("snap", "diff"):
        sys.exit(__doc__)
    cmd, path = sys.argv[1:]
    syms = kallsyms()
    now = read_kcore(regions(syms))
    rc = 0
    if cmd == "diff":
        with open(path, "rb") as f:
            old = pickle.load(f)
        lines = diff(old, now, syms)
        for line in lines:
            print(line)
        rc = 1 if lines else 0
    with open(path + ".tmp", "wb") as f:
        pickle.dump(now, f)
    os.replace(path + ".tmp", path)
    return rc


if __name__ == "__main__":
    sys.exit(main())
