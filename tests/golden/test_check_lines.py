#!/usr/bin/env python3
"""Self-test of check_lines.py: each directive matches what it should and
fails where it should (CTest golden/check_lines)."""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = """(module
 (func $0 (param $p i32) (result i32)
  (i32.load offset=4
   (local.get $p)
  )
 )
 (func $1 (result i64)
  (i64.const 10)
 )
)
"""
CASES = [
    # (check lines, expected exit status)
    (";; CHECK-LABEL: (func $0\n;; CHECK-NEXT: (i32.load offset=4\n;; CHECK-NEXT: (local.get $p)", 0),
    (";; CHECK-LABEL: (func $0\n;; CHECK-NEXT: (local.get $p)", 1),           # not the next line
    (";; CHECK-LABEL: (func $0\n;; CHECK: (local.get $p)", 0),
    (";; CHECK-LABEL: (func $0\n;; CHECK-NOT: i64\n;; CHECK-LABEL: (func $1\n;; CHECK: i64.const 10", 0),
    (";; CHECK-LABEL: (func $0\n;; CHECK-NOT: (local.get\n;; CHECK: )", 0),   # nothing before the first ')'
    (";; CHECK-LABEL: (func $0\n;; CHECK: (i32.load\n;; CHECK-NOT: local.get", 1),
    (";; CHECK-LABEL: (func $1\n;; CHECK: (local.get $p)", 1),               # belongs to another block
    (";; CHECK-LABEL: (func $2", 1),
    (";; CHECK: (i64.const 11)", 1),
    ("(module)", 1),                                                         # no check lines at all
]


def run(checks):
    with tempfile.TemporaryDirectory() as work:
        test, out = os.path.join(work, "t.wat"), os.path.join(work, "o.wat")
        open(test, "w").write(checks + "\n")
        open(out, "w").write(OUTPUT)
        return subprocess.run([sys.executable, os.path.join(HERE, "check_lines.py"), "check", test, out],
                              capture_output=True, text=True).returncode


failed = 0
for checks, want in CASES:
    got = run(checks)
    if got != want:
        print(f"FAIL: exit {got}, want {want}, for:\n{checks}")
        failed = 1
# update, then check: the written lines match the output they came from.
with tempfile.TemporaryDirectory() as work:
    test, out = os.path.join(work, "t.wat"), os.path.join(work, "o.wat")
    open(test, "w").write("(module)\n;; CHECK: stale\n")
    open(out, "w").write(OUTPUT)
    subprocess.run([sys.executable, os.path.join(HERE, "check_lines.py"), "update", test, out], check=True)
    text = open(test).read()
    if "stale" in text or text.count("CHECK-LABEL") != 2 or run(text) != 0:
        print("FAIL: update did not write check lines that match:\n" + text)
        failed = 1
print("FAIL" if failed else "PASS")
sys.exit(failed)
