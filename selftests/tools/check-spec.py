#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check Documentation/netlink/specs/ksrtp.yaml against uapi/linux/ksrtp.h.

usage: check-spec.py [--self-test] [SPEC [HEADER]]

The header is written by hand and is the reference; the spec describes the
same family in the kernel's YAML format (genetlink-legacy). This fails,
listing every difference, if:

- the spec breaks the structure of the format (unknown keys, missing
  required ones, names that are not lower-case-with-dashes, unknown
  attribute types, references to attribute sets, attributes, enums or
  multicast groups that do not exist);
- an enum of the header (commands, suites, directions, policies, events,
  the three attribute sets) and its counterpart in the spec differ in a
  name or a value, either way;
- an attribute's type differs from what the header's attribute tables
  (KSRTP_A_*, KSRTP_OUT_A_*, and an output's addresses "as the KSRTP_A_
  tuple attributes"), the comment of a KSRTP_KEY_A_* entry, or "all u64"
  for statistics state, or an "N bytes" attribute lacks exact-len N;
- a constant, a flag (a spec "flags" definition with "header" whose
  values the header #defines, 1 << N), the family name and version or
  the multicast group differ from the header's #defines;
- an operation, attribute set, attribute, enum or entry lacks a doc.

With --self-test it checks the real files first, then edits copies of them
in several ways and fails unless each edited copy is refused.
Needs only python3 and python3-yaml (Debian).
"""

import os
import re
import sys
import tempfile

import yaml

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(TOP, "Documentation/netlink/specs/ksrtp.yaml")
HEADER = os.path.join(TOP, "uapi/linux/ksrtp.h")

# The part of the genetlink-legacy schema this family uses (the schema
# itself is not in Debian's kernel source; this is written from the
# format's documentation). A key maps to None (any value) or to a nested
# description.
NAME_RE = re.compile(r"^[0-9a-z-]+$")
ATTR_TYPES = {"unused", "pad", "flag", "binary", "u8", "u16", "u32", "u64",
              "s8", "s16", "s32", "s64", "string", "nest", "indexed-array",
              "nest-type-value", "bitfield32", "uint", "sint"}
TOP_KEYS = {"name", "doc", "protocol", "version", "uapi-header",
            "c-family-name", "c-version-name", "max-by-define",
            "kernel-policy", "cmd-max-name", "cmd-cnt-name", "definitions",
            "attribute-sets", "operations", "mcast-groups", "kernel-family"}
TOP_REQUIRED = {"name", "doc", "attribute-sets", "operations"}
DEF_KEYS = {"name", "header", "type", "doc", "value", "name-prefix",
            "enum-name", "entries", "value-start", "render-max", "members",
            "enum-cnt-name"}
ENTRY_KEYS = {"name", "value", "doc"}
SET_KEYS = {"name", "name-prefix", "enum-name", "doc", "subset-of",
            "attributes", "attr-cnt-name", "attr-max-name"}
ATTR_KEYS = {"name", "type", "doc", "value", "type-value", "checks",
             "sub-type", "nested-attributes", "enum", "enum-as-flags",
             "display-hint", "byte-order", "multi-attr", "struct",
             "fixed-header", "sub-message", "selector"}
CHECK_KEYS = {"min", "max", "min-len", "max-len", "exact-len",
              "unterminated-ok"}
OPS_KEYS = {"name-prefix", "enum-name", "async-prefix", "async-enum",
            "enum-model", "fixed-header", "list"}
OP_KEYS = {"name", "doc", "value", "attribute-set", "flags",
           "dont-validate", "config-cond", "do", "dump", "notify",
           "event", "mcgrp", "fixed-header"}
OP_FLAGS = {"admin-perm", "uns-admin-perm"}
DO_KEYS = {"request", "reply", "pre", "post"}
MSG_KEYS = {"attributes", "value"}
MCGRP_KEYS = {"name", "c-define-name", "flags"}


class Checker:
    def __init__(self):
        self.errors = []

    def err(self, msg):
        self.errors.append(msg)

    def keys(self, where, obj, allowed, required=()):
        if not isinstance(obj, dict):
            self.err(f"{where}: expected a mapping")
            return False
        for k in obj:
            if k not in allowed:
                self.err(f"{where}: unknown key '{k}'")
        for k in required:
            if k not in obj:
                self.err(f"{where}: missing key '{k}'")
        return True

    def name(self, where, n):
        if not isinstance(n, str) or not NAME_RE.match(n):
            self.err(f"{where}: bad name {n!r} (lower case, digits, dashes)")

    def doc(self, where, obj):
        if not isinstance(obj.get("doc"), str) or not obj["doc"].strip():
            self.err(f"{where}: no doc")


def c_name(*parts):
    return "".join(parts).upper().replace("-", "_")


# ---------------------------------------------------------------- header

def strip_comments(text):
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def parse_int(tok, defines):
    tok = tok.strip()
    tok = re.sub(r"(?<=[0-9a-fA-F])[uUlL]+$", "", tok)
    if tok in defines:
        return defines[tok]
    return int(tok, 0)


def c_value(expr, defines, depth=0):
    """The value of the integer expression of a #define: numbers (with
    U/L suffixes), other KSRTP_ #defines, ( ) | & ~ << + -."""
    if depth > 10:
        raise ValueError(f"#define loop at {expr!r}")

    def define(m):
        if m.group(0) not in defines:
            raise ValueError(f"{m.group(0)} in {expr!r} is not a #define")
        return "(%d)" % c_value(defines[m.group(0)], defines, depth + 1)
    e = re.sub(r"\bKSRTP_\w+", define, expr)
    e = re.sub(r"\b(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*\b", r"\1", e)
    if not re.fullmatch(r"[\s()0-9a-fA-FxX|&~<+-]*", e):
        raise ValueError(f"not an integer expression: {expr!r}")
    return eval(e, {"__builtins__": {}})  # only digits and operators left


def parse_header(path):
    raw = open(path, encoding="utf-8").read()
    code = strip_comments(raw)
    defines = {}
    for m in re.finditer(r"^#define\s+(KSRTP_\w+)\s+(.+?)\s*$", code, re.M):
        val = m.group(2)
        if val.startswith('"'):
            defines[m.group(1)] = val.strip('"')
        else:
            defines[m.group(1)] = val
    enums = {}
    for m in re.finditer(r"enum\s+(\w+)\s*\{(.*?)\};", code, re.S):
        members, nxt = {}, 0
        for item in m.group(2).split(","):
            item = item.strip()
            if not item:
                continue
            if "=" in item:
                n, v = (x.strip() for x in item.split("=", 1))
                nxt = parse_int(v, {})
            else:
                n = item
            members[n] = nxt
            nxt += 1
        enums[m.group(1)] = members
    # The attribute tables of the big comment: "KSRTP_A_X   type ...", and
    # those of an output, "KSRTP_OUT_A_X   type ...".
    types = {}
    table_re = re.compile(r"^ \* (KSRTP_(?:OUT_)?A_\w+)\s+(u8|u16|u32|u64|binary|"
                          r"string|nested|flag|padding|\d+ bytes)\b", re.M)
    for m in table_re.finditer(raw):
        types[m.group(1)] = m.group(2)
    # The comment's text with its line breaks and leading " * " undone.
    flat = re.sub(r"\n \*\s*", " ", raw)
    # Output attributes "as the KSRTP_A_ tuple attributes" have the types
    # of their KSRTP_A_ namesakes; "X_IPV4/6" names X_IPV4 and X_IPV6.
    m = re.search(r"((?:KSRTP_OUT_A_\w+(?:/6)?,\s+)*KSRTP_OUT_A_\w+(?:/6)?)\s"
                  r"[^.;]*?as the KSRTP_A_ tuple attributes", flat)
    for name in re.findall(r"KSRTP_OUT_A_\w+(?:/6)?", m.group(1) if m else ""):
        for n in ((name[:-2], name[:-3] + "6") if name.endswith("/6") else (name,)):
            namesake = "KSRTP_A_" + n[len("KSRTP_OUT_A_"):]
            if namesake in types:
                types[n] = types[namesake]
    for title, en in ((r"Statistics \(KSRTP_A_STATS\)", "ksrtp_stats_attr"),
                      (r"Namespace statistics \(KSRTP_A_NET_STATS\)",
                       "ksrtp_net_stats_attr"),
                      (r"Forwarding statistics \(KSRTP_A_FWD_STATS[^)]*\)",
                       "ksrtp_fwd_stats_attr")):
        if re.search(title + r",\s+all u64", flat):
            for n in enums.get(en, {}):
                if not n.endswith(("_UNSPEC", "_PAD")) and not n.startswith("__"):
                    types[n] = "u64"
    # The nested sets pad their u64 attributes as KSRTP_A_PAD does.
    for en in ("ksrtp_stats_attr", "ksrtp_net_stats_attr", "ksrtp_key_attr",
               "ksrtp_out_attr", "ksrtp_fwd_stats_attr"):
        for n in enums.get(en, {}):
            if n.endswith("_A_PAD"):
                types[n] = "padding"
    key_re = re.compile(r"^\s*(KSRTP_KEY_A_\w+),\s*/\*\s*(u8|u16|u32|u64|"
                        r"binary|string|flag)\b", re.M)
    for m in key_re.finditer(raw):
        types[m.group(1)] = m.group(2)
    return {"defines": defines, "enums": enums, "types": types}


# ------------------------------------------------------------------ spec

def check_structure(c, spec):
    if not c.keys("spec", spec, TOP_KEYS, TOP_REQUIRED):
        return
    c.name("name", spec.get("name"))
    if spec.get("protocol") not in ("genetlink-legacy",):
        c.err(f"protocol: {spec.get('protocol')!r}, expected genetlink-legacy")
    c.doc("spec", spec)
    enums = {}
    for i, d in enumerate(spec.get("definitions") or []):
        w = f"definitions[{i}]"
        if not c.keys(w, d, DEF_KEYS, ("name", "type")):
            continue
        c.name(w, d["name"])
        c.doc(f"definition {d['name']}", d)
        if d["type"] == "const":
            if not isinstance(d.get("value"), int):
                c.err(f"const {d['name']}: no integer value")
        elif d["type"] in ("enum", "flags"):
            enums[d["name"]] = d
            for j, e in enumerate(d.get("entries") or []):
                ew = f"enum {d['name']} entry {j}"
                if isinstance(e, str):
                    c.name(ew, e)
                    c.err(f"{ew}: no doc")
                elif c.keys(ew, e, ENTRY_KEYS, ("name",)):
                    c.name(ew, e["name"])
                    c.doc(f"enum {d['name']} entry {e['name']}", e)
        else:
            c.err(f"{w}: unexpected type {d['type']!r}")
    sets = {}
    for i, s in enumerate(spec.get("attribute-sets") or []):
        w = f"attribute-sets[{i}]"
        if not c.keys(w, s, SET_KEYS, ("name", "attributes")):
            continue
        c.name(w, s["name"])
        c.doc(f"attribute-set {s['name']}", s)
        sets[s["name"]] = s
    for s in sets.values():
        for j, a in enumerate(s["attributes"]):
            w = f"attribute-set {s['name']} attribute {j}"
            if not c.keys(w, a, ATTR_KEYS, ("name", "type")):
                continue
            c.name(w, a["name"])
            w = f"attribute {s['name']}.{a['name']}"
            if a["type"] not in ATTR_TYPES:
                c.err(f"{w}: unknown type {a['type']!r}")
            if a["type"] not in ("unused", "pad"):
                c.doc(w, a)
            if "checks" in a:
                c.keys(f"{w} checks", a["checks"], CHECK_KEYS)
            if "enum" in a and a["enum"] not in enums:
                c.err(f"{w}: enum {a['enum']!r} is not defined")
            if a["type"] in ("nest", "indexed-array"):
                if a.get("nested-attributes") not in sets:
                    c.err(f"{w}: nested-attributes {a.get('nested-attributes')!r} is not an attribute set")
            if a["type"] == "indexed-array" and a.get("sub-type") != "nest":
                c.err(f"{w}: indexed-array without sub-type nest")
    groups = set()
    mc = spec.get("mcast-groups")
    if mc is not None and c.keys("mcast-groups", mc, {"list"}, ("list",)):
        for i, g in enumerate(mc["list"]):
            if c.keys(f"mcast-groups[{i}]", g, MCGRP_KEYS, ("name",)):
                c.name(f"mcast-groups[{i}]", g["name"])
                groups.add(g["name"])
    ops = spec.get("operations")
    if not c.keys("operations", ops, OPS_KEYS, ("list",)):
        return
    for i, op in enumerate(ops["list"]):
        w = f"operations[{i}]"
        if not c.keys(w, op, OP_KEYS, ("name",)):
            continue
        c.name(w, op["name"])
        w = f"operation {op['name']}"
        c.doc(w, op)
        for f in op.get("flags") or []:
            if f not in OP_FLAGS:
                c.err(f"{w}: unknown flag {f!r}")
        aset = sets.get(op.get("attribute-set"))
        if ("do" in op or "dump" in op or "event" in op) and not aset:
            c.err(f"{w}: attribute-set {op.get('attribute-set')!r} is not defined")
            continue
        names = {a["name"] for a in aset["attributes"]} if aset else set()
        msgs = []
        for mode in ("do", "dump"):
            if mode in op and c.keys(f"{w} {mode}", op[mode], DO_KEYS):
                for part in ("request", "reply"):
                    if part in op[mode]:
                        msgs.append((f"{w} {mode} {part}", op[mode][part]))
        if "event" in op:
            msgs.append((f"{w} event", op["event"]))
            if op.get("mcgrp") not in groups:
                c.err(f"{w}: mcgrp {op.get('mcgrp')!r} is not a multicast group")
        for mw, msg in msgs:
            if not c.keys(mw, msg, MSG_KEYS, ("attributes",)):
                continue
            for n in msg["attributes"]:
                if n not in names:
                    c.err(f"{mw}: no attribute {n!r} in set {aset['name']}")
    return enums, sets


def spec_enum_values(d):
    """C name -> value of a spec enum definition."""
    prefix = d.get("name-prefix", "")
    out, val = {}, d.get("value-start", 0)
    for e in d.get("entries") or []:
        n = e if isinstance(e, str) else e["name"]
        if isinstance(e, dict) and "value" in e:
            val = e["value"]
        out[c_name(prefix, n)] = val
        val += 1
    return out


def spec_attr_values(s):
    prefix = s.get("name-prefix", "")
    out, val = {}, 1
    for a in s["attributes"]:
        if "value" in a:
            val = a["value"]
        out[c_name(prefix, a["name"])] = (val, a)
        val += 1
    return out


def compare_enum(c, what, header_members, spec_members):
    hm = {n: v for n, v in header_members.items() if not n.startswith("__")}
    for n, v in hm.items():
        if n not in spec_members:
            c.err(f"{what}: {n} = {v} is in the header, not in the spec")
        elif spec_members[n] != v:
            c.err(f"{what}: {n} is {v} in the header, {spec_members[n]} in the spec")
    for n, v in spec_members.items():
        if n not in hm:
            c.err(f"{what}: {n} = {v} is in the spec, not in the header")


def check_type(c, cname, a, htype):
    t = a["type"]
    m = re.match(r"(\d+) bytes", htype)
    if m:
        if t != "binary":
            c.err(f"{cname}: header says {htype}, spec says {t}")
        elif (a.get("checks") or {}).get("exact-len") != int(m.group(1)):
            c.err(f"{cname}: header says {htype}, spec has no exact-len {m.group(1)}")
        return
    want = {"nested": ("nest", "indexed-array"), "padding": ("pad",)}.get(
        htype, (htype,))
    if t not in want:
        c.err(f"{cname}: header says {htype}, spec says {t}")


def define_value(c, dn, defines):
    try:
        return c_value(defines[dn], defines)
    except (ValueError, SyntaxError) as e:
        c.err(f"#define {dn}: {e}")
        return None


def check_flag_defines(c, d, defines, used):
    """A flags definition whose entries the header #defines: entry i is
    NAME-PREFIX + its name, 1 << (value-start + i)."""
    prefix = d.get("name-prefix", "")
    for i, e in enumerate(d.get("entries") or []):
        dn = c_name(prefix, e if isinstance(e, str) else e["name"])
        used.add(dn)
        want = 1 << (d.get("value-start", 0) + i)
        if dn not in defines:
            c.err(f"flags {d['name']}: {dn} is not in the header")
        elif define_value(c, dn, defines) != want:
            c.err(f"flags {d['name']}: header {dn} is {defines[dn]}, spec {want:#x}")


def check(spec_path, header_path):
    c = Checker()
    try:
        spec = yaml.safe_load(open(spec_path, encoding="utf-8"))
    except yaml.YAMLError as e:
        return [f"{spec_path}: not valid YAML: {e}"]
    h = parse_header(header_path)
    res = check_structure(c, spec)
    if not res:
        return c.errors
    enums, sets = res
    fam = spec["name"]
    defines, henums = h["defines"], h["enums"]

    # Family, version, multicast groups.
    for key, want in (("c-family-name", fam), ("c-version-name", None)):
        dn = c_name(spec.get(key, ""))
        if dn not in defines:
            c.err(f"{key}: {dn} is not defined in the header")
        elif key == "c-family-name" and defines[dn] != want:
            c.err(f"family name: header {defines[dn]!r}, spec {want!r}")
        elif key == "c-version-name" and parse_int(defines[dn], {}) != spec.get("version"):
            c.err(f"version: header {defines[dn]}, spec {spec.get('version')}")
    used = {c_name(spec.get("c-family-name", "")),
            c_name(spec.get("c-version-name", ""))}
    for g in (spec.get("mcast-groups") or {}).get("list", []):
        dn = c_name(g.get("c-define-name", f"{fam}-mcgrp-{g['name']}"))
        used.add(dn)
        if defines.get(dn) != g["name"]:
            c.err(f"mcast group {g['name']}: header {dn} is {defines.get(dn)!r}")

    # Constants.
    for d in spec.get("definitions") or []:
        if d["type"] != "const":
            continue
        dn = c_name(d.get("name-prefix", fam + "-"), d["name"])
        used.add(dn)
        if dn not in defines:
            c.err(f"const {d['name']}: {dn} is not in the header")
        elif define_value(c, dn, defines) != d["value"]:
            c.err(f"const {d['name']}: header {dn} is {defines[dn]}, spec {d['value']}")

    # Enums; flags that the header #defines rather than enumerates.
    for d in enums.values():
        if d["type"] == "flags" and "header" in d:
            check_flag_defines(c, d, defines, used)
            continue
        en = d.get("enum-name", f"{fam}_{d['name']}").replace("-", "_")
        if en not in henums:
            c.err(f"enum {d['name']}: enum {en} is not in the header")
            continue
        compare_enum(c, f"enum {en}", henums[en], spec_enum_values(d))
        if d.get("render-max"):
            prefix = d.get("name-prefix", "")
            used.add(c_name(prefix, "max"))
            if c_name("__", prefix, "max") not in henums[en]:
                c.err(f"enum {en}: render-max, but the header has no __{c_name(prefix, 'max')}")

    # Attribute sets, with types.
    for s in sets.values():
        en = s.get("enum-name", f"{fam}_{s['name']}_attrs").replace("-", "_")
        if en not in henums:
            c.err(f"attribute-set {s['name']}: enum {en} is not in the header")
            continue
        vals = spec_attr_values(s)
        compare_enum(c, f"enum {en}", henums[en],
                     {n: v for n, (v, _) in vals.items()})
        for key in ("attr-cnt-name", "attr-max-name"):
            if key in s:
                cn = c_name(s[key])
                used.add(cn)
                if cn not in henums[en] and cn not in defines:
                    c.err(f"attribute-set {s['name']}: {key} {cn} is not in the header")
        for cn, (_, a) in vals.items():
            if a["type"] == "unused":
                continue
            htype = h["types"].get(cn)
            if htype is None:
                c.err(f"{cn}: the header states no type for it")
            else:
                check_type(c, cn, a, htype)

    # Commands.
    ops = spec["operations"]
    en = ops.get("enum-name", f"{fam}_cmd")
    if en not in henums:
        c.err(f"operations: enum {en} is not in the header")
    else:
        prefix = ops.get("name-prefix", f"{fam}-cmd-")
        vals, val = {}, 1
        for op in ops["list"]:
            if "value" in op:
                val = op["value"]
            vals[c_name(prefix, op["name"])] = val
            val += 1
        compare_enum(c, f"enum {en}", henums[en], vals)
        for key in ("cmd-max-name", "cmd-cnt-name"):
            if key in spec:
                cn = c_name(spec[key])
                used.add(cn)
                if cn not in henums[en] and cn not in defines:
                    c.err(f"{key}: {cn} is not in the header")

    # Every #define of the header has its place in the spec.
    for dn in defines:
        if dn not in used:
            c.err(f"#define {dn} of the header is not in the spec")
    return c.errors


# ------------------------------------------------------------- self-test

def mutations(spec_text, header_text):
    """(description, spec, header) triples that must each be refused."""
    def sub(text, old, new):
        if old not in text:
            raise SystemExit(f"self-test: cannot find {old!r} to edit")
        return text.replace(old, new, 1)
    yield ("attribute renamed in the spec",
           sub(spec_text, "name: remote-port\n", "name: remote-prt\n"), header_text)
    yield ("attribute removed from the header",
           spec_text, sub(header_text, "\tKSRTP_A_LEARNED,\n", ""))
    yield ("two attributes swapped in the header",
           spec_text, sub(header_text, "\tKSRTP_A_ROC,\n\tKSRTP_A_SEQ,\n",
                          "\tKSRTP_A_SEQ,\n\tKSRTP_A_ROC,\n"))
    yield ("attribute type changed in the spec",
           sub(spec_text, "name: seq\n        type: u16\n",
               "name: seq\n        type: u32\n"), header_text)
    yield ("exact length changed in the spec",
           sub(spec_text, "exact-len: 16", "exact-len: 4"), header_text)
    yield ("enum value changed in the header",
           spec_text, sub(header_text, "KSRTP_EVENT_LEARN_LIMIT = 4",
                          "KSRTP_EVENT_LEARN_LIMIT = 6"))
    yield ("suite added to the header",
           spec_text, sub(header_text, "\tKSRTP_SUITE_AEAD_AES_256_GCM,\n",
                          "\tKSRTP_SUITE_AEAD_AES_256_GCM,\n\tKSRTP_SUITE_X,\n"))
    yield ("command removed from the spec",
           sub(spec_text, "      name: ctx-flush\n", "      name: ctx-flash\n"),
           header_text)
    yield ("stats attribute type changed in the spec",
           sub(spec_text, "name: replays\n        type: u64\n",
               "name: replays\n        type: u32\n"), header_text)
    yield ("namespace counter type changed in the spec",
           sub(spec_text, "name: not-srtp\n        type: u64\n",
               "name: not-srtp\n        type: u32\n"), header_text)
    yield ("namespace counter removed from the header",
           spec_text, sub(header_text, "\tKSRTP_NET_A_MALFORMED,\n", ""))
    yield ("key attribute type changed in the header",
           spec_text, sub(header_text, "KSRTP_KEY_A_FROM_SRTCP_INDEX,\t/* u32",
                          "KSRTP_KEY_A_FROM_SRTCP_INDEX,\t/* u64"))
    yield ("constant changed in the header",
           spec_text, sub(header_text, "KSRTP_MAX_KEYS\t\t\t8",
                          "KSRTP_MAX_KEYS\t\t\t16"))
    yield ("multicast group renamed in the header",
           spec_text, sub(header_text, 'KSRTP_MCGRP_EVENTS\t\t"events"',
                          'KSRTP_MCGRP_EVENTS\t\t"event"'))
    yield ("family version changed in the spec",
           sub(spec_text, "\nversion: 1\n", "\nversion: 2\n"), header_text)
    yield ("doc removed from the spec",
           sub(spec_text, "        doc: Outbound packets use this key.\n", ""),
           header_text)
    yield ("unknown key in the spec",
           sub(spec_text, "        type: flag\n", "        type: flag\n        colour: red\n"),
           header_text)
    yield ("operation references a missing attribute",
           sub(spec_text, "attributes: [local-port]", "attributes: [local-pork]"),
           header_text)
    yield ("new #define in the header",
           spec_text, sub(header_text, "#define KSRTP_MAX_KEYS",
                          "#define KSRTP_NEW_THING\t\t1\n#define KSRTP_MAX_KEYS"))
    yield ("forwarding command removed from the header",
           spec_text, sub(header_text, "\tKSRTP_CMD_FWD_OUT_DEL,\n", ""))
    yield ("output attribute removed from the header",
           spec_text, sub(header_text, "\tKSRTP_OUT_A_CTX_ID,\n", ""))
    yield ("output attribute type changed in the spec",
           sub(spec_text, "name: seq-offset\n        type: u16\n",
               "name: seq-offset\n        type: u32\n"), header_text)
    yield ("output address type changed in the spec",
           sub(spec_text, "name: remote-port\n        type: u16\n        checks:\n"
               "          min: 1\n        doc: Plain output",
               "name: remote-port\n        type: u32\n        checks:\n"
               "          min: 1\n        doc: Plain output"), header_text)
    yield ("forwarding counter type changed in the spec",
           sub(spec_text, "name: too-big\n        type: u64\n",
               "name: too-big\n        type: u32\n"), header_text)
    yield ("forwarding counter removed from the header",
           spec_text, sub(header_text, "\tKSRTP_FWD_STATS_A_LOOPS,\n", ""))
    yield ("flag value changed in the header",
           spec_text, sub(header_text, "KSRTP_FWD_F_DELIVER\t0x2",
                          "KSRTP_FWD_F_DELIVER\t0x4"))
    yield ("flag added to the header",
           spec_text, sub(header_text, "#define KSRTP_FWD_F_ALL",
                          "#define KSRTP_FWD_F_X\t0x4\n#define KSRTP_FWD_F_ALL"))
    yield ("flag mask changed in the header",
           spec_text, sub(header_text, "(KSRTP_FWD_F_PLAIN | KSRTP_FWD_F_DELIVER)",
                          "(KSRTP_FWD_F_PLAIN)"))
    yield ("outputs limit changed in the header",
           spec_text, sub(header_text, "KSRTP_FWD_OUTPUTS_MAX\t\t256",
                          "KSRTP_FWD_OUTPUTS_MAX\t\t512"))


def self_test(spec_path, header_path):
    spec_text = open(spec_path, encoding="utf-8").read()
    header_text = open(header_path, encoding="utf-8").read()
    failed = 0
    base = set(check(spec_path, header_path))
    with tempfile.TemporaryDirectory() as tmp:
        sp, hp = os.path.join(tmp, "ksrtp.yaml"), os.path.join(tmp, "ksrtp.h")
        for desc, s, h in mutations(spec_text, header_text):
            open(sp, "w", encoding="utf-8").write(s)
            open(hp, "w", encoding="utf-8").write(h)
            errs = [e for e in check(sp, hp) if e not in base]
            if errs:
                print(f"ok: refused ({desc}): {errs[0]}")
            else:
                print(f"FAIL: accepted an edited copy ({desc})")
                failed += 1
    return failed


def main(argv):
    args = [a for a in argv if a != "--self-test"]
    spec_path = args[0] if args else SPEC
    header_path = args[1] if len(args) > 1 else HEADER
    errs = check(spec_path, header_path)
    for e in errs:
        print(f"{os.path.relpath(spec_path, TOP)}: {e}")
    if not errs:
        print(f"{os.path.relpath(spec_path, TOP)} matches {os.path.relpath(header_path, TOP)}")
    rc = 1 if errs else 0
    if "--self-test" in argv:
        if self_test(spec_path, header_path):
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
