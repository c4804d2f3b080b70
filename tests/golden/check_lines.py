#!/usr/bin/env python3
"""check_lines.py check|update TEST.wat OUTPUT.wat

The check lines of a golden test, in the style of Binaryen's lit tests
(test/lit/passes/*.wast) and Cranelift's filetests: comment lines in the
test's input that the printed output must match, so that a test pins the
functions it is about and not the whole printed module.

  ;; CHECK-LABEL: (func $0      starts a block: the first output line at or
                                 after the current position that contains it
  ;; CHECK:       (i32.load     the next line, at or after the position, that
                                 contains it
  ;; CHECK-NEXT:  (local.get $p) the line right after the previous match
  ;; CHECK-NOT:   i64            no line between the previous match and the
                                 next one (or the end of the block) contains it

A line "contains" a pattern when the pattern, with leading and trailing
whitespace removed, is a substring of the output line. Each CHECK-LABEL block
is matched on its own: the output between two labels.

`check` exits 0 when every check matches, else 1 with one message naming the
check (file:line), its pattern and where the search started in the output.
`update` rewrites the check lines of TEST.wat from OUTPUT.wat: one
CHECK-LABEL per defined function and a CHECK-NEXT for every line of its body,
written at the end of the file below a marker line (any earlier check lines
and marker are replaced). Review the diff before committing it.
"""
import re
import sys

MARKER = ";; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----"
CHECK = re.compile(r"^\s*;;\s*CHECK(-LABEL|-NEXT|-NOT)?:\s?(.*)$")


def read_checks(test_lines):
    checks = []
    for number, line in enumerate(test_lines, 1):
        m = CHECK.match(line)
        if m:
            checks.append((m.group(1) or "", m.group(2).strip(), number))
    return checks


def label_blocks(output, checks):
    """Splits the checks into (label check or None, [checks]) blocks and finds
    each label's output line, in order."""
    blocks = []
    current = (None, [])
    for check in checks:
        if check[0] == "-LABEL":
            blocks.append(current)
            current = (check, [])
        else:
            current[1].append(check)
    blocks.append(current)
    return [b for b in blocks if b[0] is not None or b[1]]


def check(test_path, output_path):
    test_lines = open(test_path, encoding="utf-8").read().split("\n")
    output = open(output_path, encoding="utf-8").read().split("\n")
    checks = read_checks(test_lines)
    if not checks:
        print(f"{test_path}: no CHECK lines (run_golden.sh --bless writes them)")
        return 1
    blocks = label_blocks(output, checks)
    # Label positions first, in order: each block is the output between its
    # label and the next one.
    starts = []
    position = 0
    for label, _ in blocks:
        if label is None:
            starts.append(0)
            continue
        found = next((i for i in range(position, len(output)) if label[1] in output[i]), None)
        if found is None:
            print(f"{test_path}:{label[2]}: CHECK-LABEL: {label[1]!r} not found in the output after line {position + 1}")
            return 1
        starts.append(found)
        position = found + 1
    for index, (label, body) in enumerate(blocks):
        begin = starts[index] + (1 if label is not None else 0)
        end = starts[index + 1] if index + 1 < len(blocks) else len(output)
        position = begin
        previous = None  # output index of the previous match in this block
        if label is not None:
            previous = starts[index]
        pending_not = []
        for kind, pattern, number in body:
            if kind == "-NOT":
                pending_not.append((pattern, number))
                continue
            if kind == "-NEXT":
                target = (previous + 1) if previous is not None else begin
                if target >= end or pattern not in output[target]:
                    got = output[target] if target < end else "<end of block>"
                    print(f"{test_path}:{number}: CHECK-NEXT: {pattern!r} does not match output line {target + 1}: {got.strip()!r}")
                    return 1
                found = target
            else:
                found = next((i for i in range(position, end) if pattern in output[i]), None)
                if found is None:
                    print(f"{test_path}:{number}: CHECK: {pattern!r} not found in the output from line {position + 1}")
                    return 1
            for not_pattern, not_number in pending_not:
                hit = next((i for i in range(position, found) if not_pattern in output[i]), None)
                if hit is not None:
                    print(f"{test_path}:{not_number}: CHECK-NOT: {not_pattern!r} found at output line {hit + 1}: {output[hit].strip()!r}")
                    return 1
            pending_not = []
            previous = found
            position = found + 1
        for not_pattern, not_number in pending_not:
            hit = next((i for i in range(position, end) if not_pattern in output[i]), None)
            if hit is not None:
                print(f"{test_path}:{not_number}: CHECK-NOT: {not_pattern!r} found at output line {hit + 1}: {output[hit].strip()!r}")
                return 1
    return 0


def functions(output):
    """The printed functions with a body: lists of lines from `(func` to its
    closing parenthesis (Binaryen prints one function per top-level form,
    indented by one space)."""
    result = []
    i = 0
    while i < len(output):
        line = output[i]
        if line.startswith(" (func ") and line.count("(") > line.count(")"):
            j = i + 1
            while j < len(output) and output[j] != " )":
                j += 1
            result.append(output[i:j + 1])
            i = j + 1
        else:
            i += 1
    return result


def update(test_path, output_path):
    text = open(test_path, encoding="utf-8").read()
    output = open(output_path, encoding="utf-8").read().split("\n")
    kept = [l for l in text.split("\n") if not CHECK.match(l) and l != MARKER]
    while kept and kept[-1] == "":
        kept.pop()
    lines = kept + ["", MARKER]
    for body in functions(output):
        lines.append(f";; CHECK-LABEL: {body[0].strip()}")
        lines.extend(f";; CHECK-NEXT:  {l[1:].rstrip()}" for l in body[1:])
    open(test_path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
    return 0


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("check", "update"):
        print(__doc__.split("\n")[0], file=sys.stderr)
        return 2
    return (check if sys.argv[1] == "check" else update)(sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    sys.exit(main())
