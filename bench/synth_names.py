"""Per-function synth-count results under eqsat-wasm's and t2-estimate's names.

synth-count (../shared/tools/synth-count --json) names a function by its
symbol in synth's object file: an export name for some exported functions,
else func_N with N the index in the function index space (imports counted).
It skips the functions synth declines and lists only the ones it compiled, so
a count cannot be matched by position. This module reads the import count and
the exports from the binary and maps each symbol back to the function's
defined index, which is what t2-estimate and `eqsat-wasm compare` call a
function that has no name (`$12` / `12`); a name-section name is used where
the binary has one.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "faithful"))
from sections import read_leb, sections  # noqa: E402  (tests/faithful/sections.py: the binary's sections)


def _name(data, pos):
    n, pos = read_leb(data, pos)
    return data[pos:pos + n].decode("utf-8", "replace"), pos + n


def function_names(path):
    """(number of imported functions, {export name: defined index},
    {defined index: name-section name})."""
    data = open(path, "rb").read()
    imported, exports, names = 0, {}, {}
    for sid, custom, _, pos, end in sections(data):
        if sid == 2:  # imports
            count, p = read_leb(data, pos)
            for _ in range(count):
                _, p = _name(data, p)
                _, p = _name(data, p)
                kind = data[p]
                p += 1
                if kind == 0:
                    imported += 1
                    _, p = read_leb(data, p)
                elif kind == 1:  # table: reftype + limits
                    p += 1
                    flags, p = read_leb(data, p)
                    _, p = read_leb(data, p)
                    if flags & 1:
                        _, p = read_leb(data, p)
                elif kind == 2:  # memory: limits
                    flags, p = read_leb(data, p)
                    _, p = read_leb(data, p)
                    if flags & 1:
                        _, p = read_leb(data, p)
                elif kind == 3:  # global: valtype + mutability
                    p += 2
                elif kind == 4:  # tag
                    p += 1
                    _, p = read_leb(data, p)
                else:
                    break
        elif sid == 7:  # exports
            count, p = read_leb(data, pos)
            for _ in range(count):
                nm, p = _name(data, p)
                kind = data[p]
                index, p = read_leb(data, p + 1)
                if kind == 0 and index >= imported:
                    exports.setdefault(nm, index - imported)
        elif custom == "name":
            _, p = _name(data, pos)
            while p < end:
                sub = data[p]
                ssize, p = read_leb(data, p + 1)
                send = p + ssize
                if sub == 1:
                    count, q = read_leb(data, p)
                    for _ in range(count):
                        index, q = read_leb(data, q)
                        fn, q = _name(data, q)
                        if index >= imported:
                            names[index - imported] = fn
                p = send
    return imported, exports, names


def synth_wrapper(shared, outdir):
    """A synth that compiles what it can: synth refuses a whole module when it
    skips an exported function (#952) unless told --allow-skipped-exports; the
    functions it skips are then left out of its counts. Written into outdir;
    its path goes to synth_counts."""
    w = os.path.join(outdir, "synth-allow-skipped")
    with open(w, "w") as f:
        f.write('#!/bin/sh\nexec "%s" "$@" --allow-skipped-exports\n' % os.path.join(shared, "tools", "bin", "synth"))
    os.chmod(w, 0o755)
    return w


def synth_counts(shared, path, wrapper=None):
    """{function: synth's instruction count} for the functions synth compiles,
    keyed as t2-estimate keys them (the name-section name, else the defined
    index as a string), or None when synth compiles nothing of the module.
    `wrapper` (synth_wrapper) runs synth with --allow-skipped-exports."""
    env = dict(os.environ, SYNTH=wrapper) if wrapper else None
    r = subprocess.run([os.path.join(shared, "tools", "synth-count"), path, "--json"],
                       capture_output=True, text=True, env=env)
    try:
        fns = json.loads(r.stdout).get("functions") or []
    except ValueError:
        return None
    if not fns:
        return None
    imported, exports, names = function_names(path)
    counts = {}
    for f in fns:
        sym = f["name"]
        index = exports.get(sym)
        if index is None and sym.startswith("func_") and sym[5:].isdigit():
            index = int(sym[5:]) - imported
        if index is None:
            index = next((i for i, n in names.items() if n == sym), None)
        if index is None or index < 0:
            continue
        counts[names.get(index, str(index))] = f["insns"]
    return counts


if __name__ == "__main__":
    # synth_names.py SHARED IN.wasm: the counts as t2-estimate --json lays them
    # out ({"total", "functions": [{"func", "total"}]}, only the functions synth
    # compiles, with --allow-skipped-exports); exit 1 when synth compiles none.
    import tempfile
    with tempfile.TemporaryDirectory() as wrapper_dir:
        got = synth_counts(sys.argv[1], sys.argv[2], synth_wrapper(sys.argv[1], wrapper_dir))
    if not got:
        sys.exit(1)
    json.dump({"total": sum(got.values()),
               "functions": [{"func": "$" + k, "total": v} for k, v in got.items()]}, sys.stdout)
