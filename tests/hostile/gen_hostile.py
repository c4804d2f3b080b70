#!/usr/bin/env python3
"""gen_hostile.py KIND OUT [N]: writes one generated hostile input (big inputs
are made at test time, never committed). Used by tests/hostile/generated.sh.

Modules (binary):
  nested_blocks N      one exported function, N nested empty blocks (default 100000)
  nested_values N      N nested blocks each yielding i32 (value flows out through all)
  nested_value_ops N   N nested blocks each yielding i32 through an i32.add (2N
                       expression levels: block, add, block, ...)
  straight_line BYTES  one exported function of ~BYTES bytes of straight-line
                       arithmetic (i32 and the i64 pack/unpack seam)
  many_functions N     N small functions (the first 20 exported)
  deep_chain N         one exported function computing one expression 2N operators deep
  non_utf8_names       names (name section) and a module name that are not UTF-8
  nul_in_name          the same plus a function name holding a NUL byte
  mutants N            N mutants of a small valid module, OUT is a directory:
                       truncations at every offset and random byte flips
Rule files (JSON):
  deep_pattern N       one sound rule whose lhs nests N operators
  deep_json N          a rules file whose JSON nests arrays N deep
  many_rules N         N distinct sound rules
  growing_rule         a sound rule whose rhs is bigger than its lhs, forever
  big_rhs N            a sound rule whose rhs sums ?x 2^N times (a balanced tree N deep)
  nonlinear_rule       commutativity, associativity and a sound nonlinear rule:
                       (x + x) nested six levels deep (64 ?x) = x << 6
Modules (binary), continued:
  sum_chain N          one exported function adding its parameter to itself N times
                       (a chain of N-1 i32.add)
  sum_chains N         N such functions of 56 terms each
"""
import os
import random
import struct
import sys


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def vec(items):
    return uleb(len(items)) + b"".join(items)


def name(s):
    b = s if isinstance(s, bytes) else s.encode()
    return uleb(len(b)) + b


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


I32, I64 = 0x7F, 0x7E


def functype(params, results):
    return b"\x60" + vec([bytes([p]) for p in params]) + vec([bytes([r]) for r in results])


def body(code, locals_=()):
    # locals_: list of (count, type)
    loc = vec([uleb(c) + bytes([t]) for c, t in locals_])
    b = loc + code + b"\x0b"
    return uleb(len(b)) + b


def module(types, funcs, exports, extra=b"", names=None):
    """funcs: list of (typeidx, body-bytes). exports: list of (name, funcidx)."""
    m = b"\x00asm\x01\x00\x00\x00"
    m += section(1, vec(types))
    m += section(3, vec([uleb(t) for t, _ in funcs]))
    m += section(7, vec([name(n) + b"\x00" + uleb(i) for n, i in exports]))
    m += section(10, vec([b for _, b in funcs]))
    m += extra
    if names is not None:
        m += section(0, name("name") + names)
    return m


def nested_blocks(n):
    code = b"\x02\x40" * n + b"\x01" + b"\x0b" * n + b"\x41\x07"  # blocks, nop, ends; i32.const 7
    return module([functype([I32], [I32])], [(0, body(code))], [("f", 0)])


def nested_values(n):
    # (block (result i32) (block (result i32) ... (local.get 0) ...) i32.const 1 i32.add ...)
    code = b"\x02\x7f" * n + b"\x20\x00" + (b"\x0b") * n
    return module([functype([I32], [I32])], [(0, body(code))], [("f", 0)])


def nested_value_ops(n):
    # (block (result i32) (i32.add (block (result i32) ...) (i32.const 1)))
    code = b"\x02\x7f" * n + b"\x20\x00" + b"\x41\x01\x6a\x0b" * n
    return module([functype([I32], [I32])], [(0, body(code))], [("f", 0)])


def straight_line(nbytes):
    r = random.Random(7)
    parts = []
    size = 0
    # locals: 0,1 params i32; 2 i32; 3 i64
    while size < nbytes:
        k = r.randrange(1, 1 << 20)
        c = r.randrange(6)
        if c == 0:
            p = b"\x20\x02\x41" + sleb(k) + b"\x6a\x21\x02"  # l2 = l2 + k
        elif c == 1:
            p = b"\x20\x02\x20\x00\x73\x21\x02"  # l2 ^= p0
        elif c == 2:
            p = b"\x20\x02\x41" + sleb(k | 1) + b"\x6c\x21\x02"  # l2 *= k
        elif c == 3:  # seam: l3 = (extend_u(l2) << 32) | extend_u(p1)
            p = b"\x20\x02\xad\x42\x20\x86\x20\x01\xad\x84\x21\x03"
        elif c == 4:  # l2 += wrap(l3 >> 32) + wrap(l3 & 0xff)
            p = (b"\x20\x02\x20\x03\x42\x20\x88\xa7\x6a\x20\x03\x42\xff\x01\x83\xa7\x6a\x21\x02")
        else:
            p = b"\x20\x02\x41" + sleb(r.randrange(32)) + b"\x77\x21\x02"  # rotl
        parts.append(p)
        size += len(p)
    code = b"".join(parts) + b"\x20\x02\x20\x03\xa7\x73"
    return module([functype([I32, I32], [I32])], [(0, body(code, [(1, I32), (1, I64)]))], [("f", 0)])


def deep_chain(n):
    # l = (l ^ p0) * p1, n times: one expression n*2 operators deep.
    code = b"\x20\x00" + b"\x20\x00\x73\x20\x01\x6c" * n
    return module([functype([I32, I32], [I32])], [(0, body(code))], [("f", 0)])


def many_functions(n):
    funcs = []
    for i in range(n):
        code = b"\x20\x00\x41" + sleb(i) + b"\x6a\x41\x00\x6a"  # (x + i) + 0
        funcs.append((0, body(code)))
    exports = [("f%d" % i, i) for i in range(min(n, 20))]
    return module([functype([I32], [I32])], funcs, exports)


def non_utf8_names(nul=False):
    bad = [b"\xff\xfe", b"caf\xe9", b"\xc3", b"\xed\xa0\x80surrogate", b"\x80" * 40]
    if nul:
        bad.append(b"ok\x00nul")
    funcs = [(0, body(b"\x20\x00\x41" + sleb(i + 1) + b"\x6a")) for i in range(len(bad))]
    exports = [("f%d" % i, i) for i in range(len(bad))]
    module_name = section_sub(0, name(b"mod\xff"))
    fnames = section_sub(1, vec([uleb(i) + name(b) for i, b in enumerate(bad)]))
    lnames = section_sub(2, vec([uleb(0) + vec([uleb(0) + name(b"\xfe\xfflocal")])]))
    return module([functype([I32], [I32])], funcs, exports, names=module_name + fnames + lnames)


def section_sub(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


def mutants(outdir, n):
    os.makedirs(outdir, exist_ok=True)
    base = straight_line(300)
    base = module(
        [functype([I32, I32], [I32]), functype([I32], [I32])],
        [(0, body(b"\x20\x00\xad\x42\x20\x86\x20\x01\xad\x84\x42\x20\x88\xa7")),
         (1, body(b"\x20\x00\x41\x01\x6a"))],
        [("seam", 0), ("inc", 1)])
    k = 0
    for cut in range(8, len(base)):
        open(os.path.join(outdir, "trunc-%04d.wasm" % cut), "wb").write(base[:cut])
        k += 1
    r = random.Random(1)
    while k < n:
        b = bytearray(base)
        for _ in range(r.randrange(1, 4)):
            b[r.randrange(8, len(b))] = r.randrange(256)
        open(os.path.join(outdir, "flip-%04d.wasm" % k), "wb").write(bytes(b))
        k += 1


def rules_file(rules, include=None):
    import json
    d = {"name": "hostile", "description": "generated by tests/hostile/gen_hostile.py"}
    if include:
        d["include"] = include
    d["rules"] = rules
    return json.dumps(d, indent=1).encode()


def deep_pattern(n):
    lhs = "(i32.add " * n + "?x" + " (i32.const 0))" * n
    return rules_file([{"name": "deep", "comment": "x + 0 + ... + 0 = x", "lhs": lhs, "rhs": "?x"}])


def deep_json(n):
    return b'{"name": "deep", "rules": ' + b"[" * n + b"]" * n + b"}"


def many_rules(n):
    rules = []
    for i in range(n):
        rules.append({"name": "r%d" % i, "comment": "(x ^ %d) + 0 = x ^ %d" % (i, i),
                      "lhs": "(i32.add (i32.xor ?x (i32.const %d)) (i32.const 0))" % i,
                      "rhs": "(i32.xor ?x (i32.const %d))" % i})
    return rules_file(rules)


def growing_rule():
    return rules_file([{"name": "grow", "comment": "x + y = (x + 1) + (y - 1)",
                        "lhs": "(i32.add ?x ?y)",
                        "rhs": "(i32.add (i32.add ?x (i32.const 1)) (i32.sub ?y (i32.const 1)))"}])


def big_rhs(n):
    t = "?x"
    for _ in range(n):
        t = "(i32.add %s %s)" % (t, t)
    return rules_file([{"name": "big", "comment": "x * 2^%d = x + x + ... + x" % n,
                        "lhs": "(i32.mul ?x:i32 (i32.const %d))" % (1 << n), "rhs": t}])


def nonlinear_rule():
    d = "(i32.add ?x ?x)"
    for _ in range(5):
        d = "(i32.add %s %s)" % (d, d)
    return rules_file([
        {"name": "comm", "comment": "a + b = b + a", "lhs": "(i32.add ?a ?b)", "rhs": "(i32.add ?b ?a)"},
        {"name": "assoc", "comment": "(a + b) + c = a + (b + c)",
         "lhs": "(i32.add (i32.add ?a ?b) ?c)", "rhs": "(i32.add ?a (i32.add ?b ?c))"},
        {"name": "sixfold", "comment": "x + x, six levels deep = x << 6", "lhs": d,
         "rhs": "(i32.shl ?x (i32.const 6))"}])


def sum_chain(n, funcs=1):
    code = b"\x20\x00" + b"\x20\x00\x6a" * (n - 1)
    return module([functype([I32], [I32])], [(0, body(code))] * funcs,
                  [("f%d" % i, i) for i in range(funcs)])


def main():
    kind, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else None
    if kind == "mutants":
        mutants(out, n or 300)
        return
    gen = {
        "nested_blocks": lambda: nested_blocks(n or 100000),
        "nested_values": lambda: nested_values(n or 100000),
        "nested_value_ops": lambda: nested_value_ops(n or 30000),
        "straight_line": lambda: straight_line(n or 1 << 20),
        "many_functions": lambda: many_functions(n or 50000),
        "deep_chain": lambda: deep_chain(n or 4000),
        "non_utf8_names": non_utf8_names,
        "nul_in_name": lambda: non_utf8_names(nul=True),
        "deep_pattern": lambda: deep_pattern(n or 100000),
        "deep_json": lambda: deep_json(n or 100000),
        "many_rules": lambda: many_rules(n or 10000),
        "growing_rule": growing_rule,
        "big_rhs": lambda: big_rhs(n or 20),
        "nonlinear_rule": nonlinear_rule,
        "sum_chain": lambda: sum_chain(n or 56),
        "sum_chains": lambda: sum_chain(56, n or 4),
    }[kind]
    with open(out, "wb") as f:
        f.write(gen())


if __name__ == "__main__":
    main()
