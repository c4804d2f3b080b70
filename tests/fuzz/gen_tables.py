#!/usr/bin/env python3
"""gen_tables.py OUTDIR COUNT SEED

Random modules in the text format for the faithful-output fuzz test
(tables_check.sh): what fuzzgen's modules never have. Each module has an
imported table and two or three defined ones with an element segment each
(some exported), an imported and defined globals, a passive and an active data
segment, helper functions, and exported functions whose random i32/i64 code
packs values into an i64 and takes them apart again (the seam the optimizer
rewrites), calls helpers directly and through every table, reads and writes
globals, and copies from the passive segment with memory.init. Every access is
in bounds, so the modules run without trapping unless arithmetic traps.
Writes OUTDIR/tables-SEED-NNNN.wat."""
import os
import random
import sys

I32_BIN = ["i32.add", "i32.sub", "i32.mul", "i32.and", "i32.or", "i32.xor", "i32.shl", "i32.shr_u",
           "i32.shr_s", "i32.rotl", "i32.eq", "i32.ne", "i32.lt_u", "i32.gt_s", "i32.le_u"]
I64_BIN = ["i64.add", "i64.sub", "i64.and", "i64.or", "i64.xor", "i64.shl", "i64.shr_u", "i64.shr_s",
           "i64.mul"]


class Gen:
    def __init__(self, rng, tables, helpers, globals_):
        self.rng, self.tables, self.helpers, self.globals = rng, tables, helpers, globals_

    def const32(self):
        return "(i32.const %d)" % self.rng.choice([0, 1, 2, 7, 8, 16, 24, 31, 32, 255, 65535, -1, -2147483648,
                                                     self.rng.randrange(-1000, 1000)])

    def i32(self, d):
        r = self.rng.random()
        if d <= 0 or r < 0.2:
            return self.rng.choice(["(local.get $a)", "(local.get $b)", self.const32(),
                                    "(global.get %s)" % self.rng.choice(self.globals)])
        if r < 0.45:
            return "(%s %s %s)" % (self.rng.choice(I32_BIN), self.i32(d - 1), self.i32(d - 1))
        if r < 0.6:
            return "(i32.wrap_i64 %s)" % self.i64(d - 1)
        if r < 0.7:
            return "(i32.wrap_i64 (i64.shr_u %s (i64.const %d)))" % (self.i64(d - 1), self.rng.choice([8, 16, 32, 40]))
        if r < 0.78:
            return "(call %s %s)" % (self.rng.choice(self.helpers), self.i32(d - 1))
        if r < 0.88:
            table, size = self.rng.choice(self.tables)
            return "(call_indirect %s (type $ii) %s (i32.const %d))" % (table, self.i32(d - 1), self.rng.randrange(size))
        if r < 0.94:
            return "(select %s %s %s)" % (self.i32(d - 1), self.i32(d - 1), self.i32(d - 1))
        return "(i32.eqz %s)" % self.i32(d - 1)

    def i64(self, d):
        r = self.rng.random()
        if d <= 0 or r < 0.15:
            return "(i64.extend_i32_u %s)" % self.rng.choice(["(local.get $a)", "(local.get $b)"])
        if r < 0.45:
            # a pack: high word from one value, low word from another
            return "(i64.or (i64.shl (i64.extend_i32_u %s) (i64.const 32)) (i64.extend_i32_u %s))" % (
                self.i32(d - 1), self.i32(d - 1))
        if r < 0.7:
            return "(%s %s %s)" % (self.rng.choice(I64_BIN), self.i64(d - 1), self.i64(d - 1))
        if r < 0.85:
            return "(i64.extend_i32_s %s)" % self.i32(d - 1)
        return "(local.get $p)"


def module(rng):
    ntables = rng.randrange(2, 4)
    tables = [("$ti", 2)] + [("$t%d" % k, rng.randrange(1, 4)) for k in range(ntables)]
    helpers = ["$h%d" % k for k in range(rng.randrange(2, 4))]
    globals_ = ["$gi", "$g0", "$g1"]
    g = Gen(rng, tables, helpers, globals_)
    out = ["(module",
           '  (type $ii (func (param i32) (result i32)))',
           '  (import "env" "table" (table $ti 2 funcref))',
           '  (import "env" "gi" (global $gi i32))',
           '  (import "env" "log" (func $log (param i32)))']
    for name, size in tables[1:]:
        out.append("  (table %s %d funcref)" % (name, size))
    out.append('  (memory (export "memory") 1)')
    out.append("  (global $g0 (mut i32) (i32.const %d))" % rng.randrange(100))
    out.append("  (global $g1 (mut i32) (i32.const %d))" % rng.randrange(100))
    out.append('  (data (i32.const 64) "active segment")')
    out.append('  (data $passive "passive segment bytes")')
    for name, size in tables:
        elems = " ".join(rng.choice(helpers) for _ in range(size))
        out.append("  (elem (table %s) (i32.const 0) func %s)" % (name, elems))
        if rng.random() < 0.5:
            out.append('  (export "table%s" (table %s))' % (name[1:], name))
    for h in helpers:
        out.append("  (func %s (type $ii) (%s (local.get 0) (i32.const %d)))" % (
            h, rng.choice(["i32.add", "i32.mul", "i32.xor", "i32.rotl"]), rng.randrange(1, 100)))
    for k in range(rng.randrange(2, 5)):
        body = ["    (local.set $p %s)" % g.i64(3)]
        if rng.random() < 0.5:
            body.append("    (call $log (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))")
        if rng.random() < 0.4:
            body.append("    (global.set $g%d %s)" % (rng.randrange(2), g.i32(2)))
        if rng.random() < 0.3:
            body.append("    (memory.init $passive (i32.const %d) (i32.const 0) (i32.const 8))" % rng.randrange(128, 256))
        if rng.random() < 0.3:
            body.append("    (i32.store (i32.const %d) %s)" % (4 * rng.randrange(64, 128), g.i32(2)))
        body.append("    %s" % g.i32(4))
        out.append('  (func (export "f%d") (param $a i32) (param $b i32) (result i32) (local $p i64)' % k)
        out.extend(body)
        out.append("  )")
    out.append(")")
    return "\n".join(out) + "\n"


def main():
    outdir, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(seed)
    for i in range(count):
        with open(os.path.join(outdir, "tables-%d-%04d.wat" % (seed, i)), "w") as f:
            f.write(module(rng))


main()
