#!/usr/bin/env python3
"""gen.py -- random decide/shim pairs in the C style of ../shared/corpus/seam.

A case is a dict of choices (JSON-serialisable) drawn from a seed; render()
turns choices into C deterministically, so a failing case can be shrunk by
editing its choices (run.py --shrink) rather than its text.

The decide (marked DECIDE, see seam_common.h) answers with either
  - a u64 (ret "u64"): an action field plus 0-3 more fields, each at its own
    shift and width (1-32 bits, low word, high word at any shift, or across
    the words), zero- or sign-extended by the shim; or
  - a struct through a hidden result pointer (ret "sret") or an explicit
    out-pointer (ret "outptr").
It decides from one or several return sites ("returns": an if-chain of
returns, "switch", "ternary", "assign": one pack after an if/else chain that
assigns the fields), optionally after a small loop.
The shim (an exported z_* function) dispatches on the action ("if" chain or
"switch"); each arm stores fields, passes them to imported calls, compares
them whole, makes calls that keep them live, and returns one of them or a
literal. Negative controls let the u64 or the struct escape ("call": passed to
an imported function, "store": stored whole to memory, "global": stored to a
global, "return": returned by the shim); the pack must then stay.

Usage: gen.py SEED [-o FILE.c] [--choices] | gen.py --from-json CHOICES.json [-o FILE.c]
"""
import json
import random
import sys

STRUCT_OBJ_MEMBERS = ["s0", "s1", "s2", "s3", "n0", "n1", "b0", "b1"]
MEMBER_TYPE = {"s0": "uint32_t", "s1": "uint32_t", "s2": "uint32_t", "s3": "uint32_t",
               "n0": "uint16_t", "n1": "uint16_t", "b0": "uint8_t", "b1": "uint8_t"}
CONDITIONS = ["p0 == 0", "p1 >= p2", "(p3 & 1) != 0", "p3 < 0", "p0 > p1", "p2 == 7",
              "(p0 & 0xf0) == 0x10", "p1 != p2"]
VALUE_EXPRS = ["p0", "p1", "p2", "(uint32_t)p3", "p1 + 1", "p2 - p0", "p0 >> 1", "p1 & 0xff",
               "0u - (uint32_t)p3", "p0 + p2"]


# ---------------------------------------------------------------- choices

def choose(seed):
    """The generator's choices for one seed."""
    rng = random.Random(seed)
    ret = rng.choice(["u64", "u64", "u64", "u64", "sret", "outptr"])
    n_actions = rng.randint(2, 5)
    n_fields = rng.randint(1, 4)  # the action included
    fields = []
    if ret == "u64":
        fields = place_u64_fields(rng, n_actions, n_fields)
    else:
        for i in range(n_fields):
            if i == 0:
                fields.append({"id": 0, "width": rng.choice([8, 16, 32]), "signed": False})
            else:
                fields.append({"id": i, "width": rng.choice([8, 16, 32]),
                               "signed": rng.random() < 0.4})
        rng.shuffle(fields)  # struct member order
    sites = []
    for k in range(rng.randint(2, 5)):
        action = rng.randrange(n_actions)
        if k and all(s["action"] == action for s in sites):
            action = (action + 1) % n_actions  # at least two actions reach the shim
        site = {"cond": rng.choice(CONDITIONS), "action": action, "values": {}}
        for f in fields:
            if f["id"] == 0:
                continue
            site["values"][str(f["id"])] = choose_value(rng, f)
        sites.append(site)
    decide = rng.choice(["returns", "returns", "switch", "ternary", "assign"])
    if ret != "u64" and decide == "ternary":
        decide = "returns"
    ids = [f["id"] for f in fields if f["id"] != 0]
    arms = []
    for a in range(n_actions):
        arm = {"action": a, "ops": [], "end": "unlock"}
        for _ in range(rng.randint(0, 4)):
            arm["ops"].append(choose_op(rng, ids, ret))
        end = rng.random()
        if end < 0.15:
            arm["end"] = "pend"
        arm["ret"] = (["field", rng.choice(ids)] if ids and rng.random() < 0.5
                      else ["lit", rng.choice([0, 1, -11, -16, -42])])
        arms.append(arm)
    rng.shuffle(arms)
    default_arm = arms.pop() if len(arms) > 1 else {"action": None, "ops": [], "end": "unlock",
                                                     "ret": ["lit", 0]}
    escape = "none"
    if rng.random() < 0.15:
        escape = rng.choice(["call", "store", "global", "return"] if ret == "u64"
                            else ["call", "store"])
    return {
        "seed": seed, "ret": ret, "n_actions": n_actions, "fields": fields, "sites": sites,
        "decide": decide, "loop": rng.random() < 0.2, "prefill": rng.random() < 0.3,
        "extract": rng.choice(["locals", "inline"]),
        "dispatch": rng.choice(["if", "if", "switch"]),
        "sync_before_dispatch": rng.random() < 0.3,
        "arms": arms, "default": default_arm, "escape": escape,
    }


def place_u64_fields(rng, n_actions, n_fields):
    need = max(1, (n_actions - 1).bit_length())
    aw = rng.randint(need, 8)
    if rng.random() < 0.7:
        ashift = 0 if rng.random() < 0.7 else rng.randint(0, 32 - aw)
    else:
        ashift = 32 if rng.random() < 0.5 else rng.randint(32, 64 - aw)
    fields = [{"id": 0, "width": aw, "shift": ashift, "signed": False}]
    used = set(range(ashift, ashift + aw))
    for i in range(1, n_fields):
        for _ in range(20):
            kind = rng.choice(["lo", "hi", "hi", "hi32", "straddle"])
            if kind == "hi32":
                w, s = 32, 32
            else:
                w = rng.choice([1, 3, 5, 8, 8, 12, 16, 16, 20, 24, rng.randint(1, 32)])
                if kind == "lo":
                    s = rng.randint(0, 32 - w)
                elif kind == "hi":
                    s = rng.randint(32, 64 - w)
                else:
                    if w < 2:
                        continue
                    s = rng.randint(max(0, 33 - w), 31)
            bits = set(range(s, s + w))
            if bits & used:
                continue
            used |= bits
            fields.append({"id": i, "width": w, "shift": s, "signed": rng.random() < 0.35})
            break
    return fields


def choose_value(rng, f):
    r = rng.random()
    if r < 0.45:
        w = f["width"]
        if f["signed"]:
            lo, hi = -(1 << (w - 1)), (1 << (w - 1)) - 1
            pool = [v for v in (-11, -16, -22, -1, 0, 1, 3) if lo <= v <= hi]
            return ["lit", rng.choice(pool + [rng.randint(lo, hi)])]
        return ["lit", rng.choice([0, 1, rng.randint(0, (1 << w) - 1)])]
    return ["expr", rng.choice(VALUE_EXPRS)]


def choose_op(rng, ids, ret):
    kinds = ["sync"]
    if ids:
        kinds += ["store", "store", "call", "cmp"]
    if ret == "u64":
        kinds.append("cmpwhole")
    k = rng.choice(kinds)
    if k == "sync":
        return ["sync"]
    if k == "cmpwhole":  # the whole u64 against a site's pack (expressions taken as 0)
        return ["cmpwhole", rng.randrange(8)]
    fid = rng.choice(ids)
    if k == "store":
        return ["store", fid, rng.choice(STRUCT_OBJ_MEMBERS)]
    if k == "call":
        return ["call", fid]
    return ["cmp", fid, rng.choice([0, 1, 3, -1])]


# ---------------------------------------------------------------- rendering

def c_type(f):
    w = 8 if f["width"] <= 8 else 16 if f["width"] <= 16 else 32
    return ("int%d_t" if f["signed"] else "uint%d_t") % w


def mask(w):
    return "0x%xu" % ((1 << w) - 1)


def field_by_id(ch, fid):
    for f in ch["fields"]:
        if f["id"] == fid:
            return f
    return None


def extract_u64(f, var="r"):
    s, w = f["shift"], f["width"]
    if f["signed"]:
        if w in (8, 16, 32):
            return "(int%d_t)(%s >> %d)" % (w, var, s) if s else "(int%d_t)%s" % (w, var)
        return "(int32_t)((int64_t)(%s << %d) >> %d)" % (var, 64 - s - w, 64 - w)
    shifted = "(%s >> %d)" % (var, s) if s else var
    if s + w == 64 or w == 32:
        return "(uint32_t)%s" % shifted
    return "((uint32_t)%s & %s)" % (shifted, mask(w))


def literal(v):
    return str(v) if v >= 0 else "(%d)" % v


def value_c(v):
    return literal(v[1]) if v[0] == "lit" else "(%s)" % v[1]


def pack_u64(ch, site):
    parts = []
    for f in ch["fields"]:
        if f["id"] == 0:
            val = str(site["action"])
        else:
            val = value_c(site["values"].get(str(f["id"]), ["lit", 0]))
        term = "(uint64_t)((uint32_t)%s & %s)" % (val, mask(f["width"])) if f["width"] < 32 \
            else "(uint64_t)(uint32_t)%s" % val
        if f["shift"]:
            term = "(%s << %d)" % (term, f["shift"])
        parts.append(term)
    return " | ".join(parts)


def constant_pack(ch, site):
    """The u64 a site returns, with its non-literal values taken as 0."""
    word = 0
    for f in ch["fields"]:
        v = site["action"] if f["id"] == 0 else site["values"].get(str(f["id"]), ["lit", 0])
        v = v if isinstance(v, int) else (v[1] if v[0] == "lit" else 0)
        word |= (v & ((1 << f["width"]) - 1)) << f["shift"]
    return word


def struct_fill(ch, site, target):
    out = []
    for f in ch["fields"]:
        if f["id"] == 0:
            out.append("%sf0 = %d;" % (target, site["action"]))
        else:
            v = site["values"].get(str(f["id"]), ["lit", 0])
            out.append("%sf%d = (%s)%s;" % (target, f["id"], c_type(f), value_c(v)))
    return " ".join(out)


def render_decide(ch, name):
    ret, sites = ch["ret"], ch["sites"] or [{"cond": "p0 == 0", "action": 0, "values": {}}]
    params = "uint32_t p0, uint32_t p1, uint32_t p2, int32_t p3"
    body = []
    if ch["loop"]:
        body += ["  for (uint32_t i = 0; i < (p2 & 7); i++)", "    p1 += p0 >> i;"]
    if ret == "u64":
        head = "DECIDE uint64_t %s(%s) {" % (name, params)
        if ch["decide"] == "assign":
            ids = [f["id"] for f in ch["fields"]]
            body.append("  uint32_t %s;" % ", ".join("v%d" % i for i in ids))
            for k, s in enumerate(sites):
                kw = "if (%s) {" % s["cond"] if k == 0 else \
                    ("} else if (%s) {" % s["cond"] if k < len(sites) - 1 else "} else {")
                if len(sites) == 1:
                    kw = "{"
                assigns = []
                for f in ch["fields"]:
                    v = str(s["action"]) if f["id"] == 0 else \
                        value_c(s["values"].get(str(f["id"]), ["lit", 0]))
                    assigns.append("v%d = %s;" % (f["id"], v))
                body.append("  %s %s" % (kw, " ".join(assigns)))
            body.append("  }")
            fake = {"action": "v0", "values": {str(f["id"]): ["expr", "v%d" % f["id"]]
                                               for f in ch["fields"] if f["id"]}}
            body.append("  return %s;" % pack_u64(ch, fake))
        elif ch["decide"] == "ternary":
            expr = "(%s)" % pack_u64(ch, sites[-1])
            for s in reversed(sites[:-1]):
                expr = "%s\n       ? (%s)\n       : %s" % (s["cond"], pack_u64(ch, s), expr)
            body.append("  return %s;" % expr)
        elif ch["decide"] == "switch":
            body.append("  switch (p0 & 3) {")
            for k, s in enumerate(sites[:-1]):
                body.append("  case %d: return %s;" % (k, pack_u64(ch, s)))
            body.append("  default: return %s;" % pack_u64(ch, sites[-1]))
            body.append("  }")
        else:
            for s in sites[:-1]:
                body.append("  if (%s)\n    return %s;" % (s["cond"], pack_u64(ch, s)))
            body.append("  return %s;" % pack_u64(ch, sites[-1]))
        return "\n".join([head] + body + ["}"])
    if ret == "sret":
        head = "DECIDE struct gen_res %s(%s) {" % (name, params)
        body.append("  struct gen_res r;")
        tgt, done = "r.", "return r;"
    else:
        head = "DECIDE void %s(struct gen_res *out, %s) {" % (name, params)
        tgt, done = "out->", "return;"
    if ch["prefill"]:
        body.append("  %s" % struct_fill(ch, dict(sites[-1], action=0), tgt))
    for s in sites[:-1] if ch["decide"] != "switch" else []:
        body.append("  if (%s) { %s %s }" % (s["cond"], struct_fill(ch, s, tgt), done))
    if ch["decide"] == "switch":
        body.append("  switch (p0 & 3) {")
        for k, s in enumerate(sites[:-1]):
            body.append("  case %d: %s %s" % (k, struct_fill(ch, s, tgt), done))
        body.append("  default: break;")
        body.append("  }")
    body.append("  %s" % struct_fill(ch, sites[-1], tgt))
    if ret == "sret":
        body.append("  return r;")
    return "\n".join([head] + body + ["}"])


def render(ch):
    seed = ch["seed"]
    name = ch.get("name", "gen_%s" % seed)
    decide = "%s_decide" % name
    shim = "z_%s" % name
    ret, esc = ch["ret"], ch["escape"]
    out = ["/* Generated by tests/seam/gen/gen.py (seed %s): %s" % (seed, summary(ch)),
           " * choices: %s */" % json.dumps(ch, sort_keys=True, separators=(",", ":")),
           '#include "seam_common.h"']
    if ret != "u64":
        out.append("struct gen_res { %s };" % " ".join(
            "%s f%d;" % (c_type(f), f["id"]) for f in ch["fields"]))
    saved = "struct gen_res saved; " if ret != "u64" else ""
    out.append("struct gen_obj { _wait_q_t wait_q; uint32_t a, b, hits; uint32_t s0, s1, s2, s3;"
               " uint16_t n0, n1; uint8_t b0, b1; uint64_t last; %suint8_t lock; };" % saved)
    out.append("extern void gen_sync(struct gen_obj *q);")
    out.append("extern void gen_hook(struct gen_obj *q, int32_t v);")
    if esc == "call":
        # synth declines an i64 argument of a call (LLVM-LTO's build too): run.py
        # reports such cases apart rather than as synth failures.
        out.append("extern void gen_trace(%s, struct gen_obj *q);" %
                   ("uint64_t r" if ret == "u64" else "struct gen_res *r"))
    if esc == "global":
        out.append("uint64_t gen_last_decision;")
    out.append(render_decide(ch, decide))
    rtype = "uint64_t" if esc == "return" else "int"
    out.append("%s %s(struct gen_obj *q, uint32_t x, int32_t y) {" % (rtype, shim))
    out.append("  uint32_t key = k_spin_lock(&q->lock);")
    if ret == "u64":
        out.append("  uint64_t r = %s(q->a, q->b, x, y);" % decide)
    elif ret == "sret":
        out.append("  struct gen_res r = %s(q->a, q->b, x, y);" % decide)
    else:
        out.append("  struct gen_res r;")
        out.append("  %s(&r, q->a, q->b, x, y);" % decide)
    if esc == "call":
        out.append("  gen_trace(%s, q);" % ("r" if ret == "u64" else "&r"))
    elif esc == "store":
        out.append("  q->%s = r;" % ("last" if ret == "u64" else "saved"))
    elif esc == "global":
        out.append("  gen_last_decision = r;")
    fexpr = {}
    for f in ch["fields"]:
        fexpr[f["id"]] = extract_u64(f) if ret == "u64" else "r.f%d" % f["id"]
    if ret == "u64" and ch["extract"] == "locals":
        for f in ch["fields"]:
            t = "int32_t" if f["signed"] else "uint32_t"
            out.append("  %s v%d = %s;" % (t, f["id"], fexpr[f["id"]]))
            fexpr[f["id"]] = "v%d" % f["id"]
    if ch["sync_before_dispatch"]:
        out.append("  gen_sync(q);")
    arms = [a for a in ch["arms"] if a["action"] is not None]
    if ch["dispatch"] == "switch" and arms:
        out.append("  switch (%s) {" % fexpr[0])
        for a in arms:
            out.append("  case %d: {" % a["action"])
            out += render_arm(ch, a, fexpr, "    ")
            out.append("  }")
        out.append("  default: break;")
        out.append("  }")
    else:
        for a in arms:
            out.append("  if (%s == %d) {" % (fexpr[0], a["action"]))
            out += render_arm(ch, a, fexpr, "    ")
            out.append("  }")
    out += render_arm(ch, ch["default"], fexpr, "  ", last=True)
    out.append("}")
    return "\n".join(out) + "\n"


def default_reached(ch):
    """Does some return site of the decide reach the shim's default arm? When none
    does, a u64 returned only there would escape on no path, and the control would
    control nothing: the arms return it instead."""
    tested = {a["action"] for a in ch["arms"] if a["action"] is not None}
    return any(s["action"] not in tested for s in ch["sites"])


def render_arm(ch, arm, fexpr, ind, last=False):
    lines = []
    for op in arm["ops"]:
        k = op[0]
        if k in ("store", "call", "cmp") and op[1] not in fexpr:
            continue  # the field was shrunk away
        if k == "sync":
            lines.append("gen_sync(q);")
        elif k == "store":
            lines.append("q->%s = (%s)%s;" % (op[2], MEMBER_TYPE[op[2]], fexpr[op[1]]))
        elif k == "call":
            lines.append("gen_hook(q, (int32_t)%s);" % fexpr[op[1]])
        elif k == "cmp":
            lines.append("if ((int32_t)%s == %s) q->hits++;" % (fexpr[op[1]], literal(op[2])))
        elif k == "cmpwhole" and ch["ret"] == "u64" and ch["sites"]:
            site = ch["sites"][op[1] % len(ch["sites"])]
            lines.append("if (r == 0x%xull) q->hits++;" % constant_pack(ch, site))
    rk = arm["ret"]
    if rk[0] == "field" and rk[1] in fexpr:
        rv = "(int32_t)%s" % fexpr[rk[1]]
    else:
        rv = literal(rk[1]) if rk[0] == "lit" else "0"
    if ch["escape"] == "return" and (last or not default_reached(ch)):
        rv = "r"
    if arm["end"] == "pend" and ch["escape"] == "return" and last:
        # The escaping u64 leaves on this path too (it would not escape at all).
        lines.append("(void)z_pend_curr(&q->lock, key, &q->wait_q, y);")
        lines.append("return r;")
    elif arm["end"] == "pend":
        lines.append("return z_pend_curr(&q->lock, key, &q->wait_q, y);")
    else:
        lines.append("k_spin_unlock(&q->lock, key);")
        lines.append("return %s;" % rv)
    return [ind + l for l in lines]


def summary(ch):
    """One short line naming the shape: what run.py prints and groups causes by."""
    parts = [ch["ret"]]
    if ch["ret"] == "u64":
        parts.append("act@%d:%d" % (ch["fields"][0]["shift"], ch["fields"][0]["width"]) if
                     ch["fields"][0]["id"] == 0 else "")
        parts.append("fields=" + ",".join("%s%d@%d" % ("s" if f["signed"] else "u", f["width"],
                                                       f["shift"]) for f in ch["fields"][1:]))
    else:
        parts.append("fields=" + ",".join("%s%d" % ("s" if f["signed"] else "u", f["width"])
                                          for f in ch["fields"]))
    parts.append("%s*%d" % (ch["decide"], len(ch["sites"])))
    if ch["loop"]:
        parts.append("loop")
    parts.append(ch["dispatch"])
    if ch["escape"] != "none":
        parts.append("ESCAPE-" + ch["escape"])
    return " ".join(p for p in parts if p)


def main(argv):
    out = None
    if "-o" in argv:
        i = argv.index("-o")
        out = argv[i + 1]
        del argv[i:i + 2]
    if argv and argv[0] == "--from-json":
        with open(argv[1]) as fh:
            ch = json.load(fh)
    elif argv:
        ch = choose(int(argv[0]))
    else:
        sys.stderr.write(__doc__)
        return 2
    text = json.dumps(ch, indent=1) + "\n" if "--choices" in argv else render(ch)
    if out:
        with open(out, "w") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
