#!/usr/bin/env python3
"""scripts/check-layout.py [--max-file N] [--max-function N] [DIR...]

The layout limits of docs/architecture.md: no source file over 800 lines and no
function over 120 lines. A one-line `case` of a switch does not count towards
its function's length, so a switch whose cases are one line each (a table in
code) may be longer. Prints each offender as `path:line: what` and exits 1 when
there is one, 0 otherwise. DIRs default to the source folders of the tool.
"""
import argparse
import os
import re
import sys

SOURCE_DIRS = ["egraph", "rules", "bridge", "ir", "cost", "extract", "emit", "passes", "module", "cli", "bench", "fuzz", "tests/unit"]


def strip_comments_and_literals(text):
    """The text with comments, string and character literals blanked out (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
        elif text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            end = ")" + (m.group(1) if m else "") + '"'
            j = text.find(end, i + 2)
            j = n if j < 0 else j + len(end)
            out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
            i = j
        elif c in "\"'":
            # A digit separator (1'000) is not a character literal.
            if c == "'" and i > 0 and text[i - 1].isalnum() and i + 1 < n and text[i + 1].isalnum():
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            if j < n and text[j] == c:
                j += 1
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions(text):
    """(first line, last line, name) of each function body in the file, nested ones included."""
    code = strip_comments_and_literals(text)
    code = re.sub(r"^[ \t]*#.*$", "", code, flags=re.M)  # preprocessor lines
    stack = []  # (kind, start line, name)
    head_start = 0  # offset where the text before the next '{' begins
    line = 1
    result = []
    for i, c in enumerate(code):
        if c == "\n":
            line += 1
        elif c in ";":
            head_start = i + 1
        elif c == "{":
            head = code[head_start:i]
            kind = "block"
            name = ""
            if re.search(r"\b(namespace|class|struct|union|enum)\b[^()]*$", head) and "(" not in head.split("=")[0][-200:] or re.search(r"\bnamespace\b", head):
                kind = "scope"
            elif re.search(r"\)\s*(const|noexcept|override|final|mutable|->[^{;]*|:[^;]*|\s)*$", head, re.S):
                inside_function = any(k == "function" for k, _, _ in stack)
                m = re.search(r"([~\w:]+|operator\W+)\s*\([^;{}]*\)[^()]*$", head, re.S)
                name = m.group(1) if m else "?"
                if name not in ("if", "for", "while", "switch", "catch") and not inside_function:
                    kind = "function"
                elif inside_function and re.search(r"\]\s*\([^()]*\)[^()]*$", head, re.S):
                    kind = "block"
            start = line
            if kind == "function":
                # The signature's first line: skip the leading whitespace of the head.
                lead = len(head) - len(head.lstrip())
                start = line - head[lead:].count("\n")
            stack.append((kind, start, name))
            head_start = i + 1
        elif c == "}":
            if stack:
                kind, start, name = stack.pop()
                if kind == "function":
                    result.append((start, line, name))
            head_start = i + 1
    return result


def one_line_cases(lines, first, last):
    pattern = re.compile(r"^\s*(case\b.*|default\s*):.*\S.*;\s*(//.*)?$")
    return sum(1 for ln in lines[first - 1:last] if pattern.match(ln))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-file", type=int, default=800)
    ap.add_argument("--max-function", type=int, default=120)
    ap.add_argument("dirs", nargs="*")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dirs = args.dirs or [os.path.join(root, d) for d in SOURCE_DIRS]
    offenders = 0
    for d in dirs:
        for name in sorted(os.listdir(d)):
            if not name.endswith((".cpp", ".h")):
                continue
            path = os.path.join(d, name)
            text = open(path, encoding="utf-8").read()
            lines = text.split("\n")
            shown = os.path.relpath(path, root)
            if len(lines) - 1 > args.max_file:
                print(f"{shown}:1: {len(lines) - 1} lines (limit {args.max_file})")
                offenders += 1
            for first, last, fname in functions(text):
                length = last - first + 1 - one_line_cases(lines, first, last)
                if length > args.max_function:
                    print(f"{shown}:{first}: function {fname} is {length} lines (limit {args.max_function})")
                    offenders += 1
    return 1 if offenders else 0


if __name__ == "__main__":
    sys.exit(main())
