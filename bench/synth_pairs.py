#!/usr/bin/env python3
"""Within-function pair agreement with synth-count on a small sample, in minutes.

bench/compare.sh measures every model against synth-count on every corpus (over
an hour). This measures only the default model (thumb2: the estimate, the
refined reading and the keep decision's order) against synth-count and
t2-estimate, on a fixed set of outputs, so that a change to the refinement
(cost/fncost.cpp) can be judged before and after on the same pairs:

  1. outputs (once, cached in OUT/wasm by --gen's binary): `GEN compare IN
     --all-features -o ... --extractors tree,dag --exact-time 2` with every
     built-in model, so each function has up to 11 different bodies;
  2. every distinct output measured by synth-count (bench/synth_names.py, with
     --allow-skipped-exports) and t2-estimate, cached by content;
  3. every distinct output priced by EXE (`EXE compare OUT --costs thumb2
     --iter-limit 0 --per-function`: the input row is the module as read);
  4. within each function, the pairs of its distinct bodies the measure tells
     apart, and the share each reading orders as the measure does (ties in the
     reading count half, as bench/compare_report.py counts them).

    python3 bench/synth_pairs.py --exe build/eqsat-wasm [--gen BIN] [--out DIR] [--jobs 2] [INPUT...]

Without inputs: the seam and pulseengine corpora and four small real-world
modules of /work/real-wasm (--real). --misses N lists the N misordered pairs
(by the refined reading, one per function and pair of readings) with the
largest synth difference.
"""
import argparse
import glob
import hashlib
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from synth_names import synth_counts, synth_wrapper  # noqa: E402
from compare_report import pair_agreement, natural_order  # noqa: E402

REAL_SMALL = ["argon2-browser-argon2-simd", "argon2-browser-argon2", "chainsafe-as-sha256-untouched",
              "rabin-wasm-rabin", "source-map-mappings"]
MODELS = ["thumb2", "thumb2-regalloc", "rv32", "wasm-bytes", "ast"]


def sha_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def generate(gen, inp, out):
    stem = os.path.basename(inp)[:-5]
    d = os.path.join(out, "wasm", stem)
    if os.path.exists(os.path.join(d, ".done")):
        return d
    os.makedirs(d, exist_ok=True)
    subprocess.run([gen, "compare", inp, "--all-features", "--format", "json", "--exact-time", "2",
                    "--costs", ",".join(MODELS), "--extractors", "tree,dag", "-o", d],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)
    open(os.path.join(d, ".done"), "w").close()
    return d


def measure(shared, wrapper, path, cache):
    sha = sha_of(path)
    c = os.path.join(cache, sha + ".json")
    if os.path.exists(c):
        return sha, json.load(open(c))
    synth = synth_counts(shared, path, wrapper) or {}
    t2 = {}
    r = subprocess.run([os.path.join(shared, "tools", "t2-estimate"), path, "--json"], capture_output=True, text=True)
    try:
        for f in json.loads(r.stdout).get("functions", []):
            t2[str(f["func"]).lstrip("$")] = f["total"]
    except ValueError:
        pass
    m = {"synth": {str(k): v for k, v in synth.items()}, "t2": t2}
    json.dump(m, open(c, "w"))
    return sha, m


def price(exe, exe_sha, path, cache):
    c = os.path.join(cache, "%s.%s.price.json" % (sha_of(path), exe_sha[:16]))
    if os.path.exists(c):
        return {k: tuple(v) for k, v in json.load(open(c)).items()}
    r = subprocess.run([exe, "compare", path, "--all-features", "--format", "json", "--costs", "thumb2",
                        "--extractors", "tree", "--iter-limit", "0", "--no-check-rules", "--per-function"],
                       capture_output=True, text=True)
    rows = json.loads(r.stdout)
    row = next(x for x in rows if x["extraction_cost"] == "input")
    p = {f["function"]: (f["cost"]["thumb2"], f["cost"]["thumb2-refined"]) for f in row["per_function"]}
    json.dump(p, open(c, "w"))
    return p


def decision_order(p1, p2):
    if p1[0] < p2[0] and p1[1] <= p2[1]:
        return -1
    if p2[0] < p1[0] and p2[1] <= p1[1]:
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    ap.add_argument("--gen", help="binary that makes the outputs (default --exe; keep it fixed across runs)")
    ap.add_argument("--out", default="/tmp/synth-pairs")
    ap.add_argument("--real", default="/work/real-wasm")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("inputs", nargs="*")
    a = ap.parse_args()
    root = os.path.dirname(here)
    shared = os.path.join(root, "..", "shared")
    inputs = a.inputs or (sorted(glob.glob(os.path.join(shared, "corpus", "seam", "*.wasm"))) +
                          sorted(glob.glob(os.path.join(shared, "corpus", "pulseengine", "*.wasm"))) +
                          [os.path.join(a.real, s + ".wasm") for s in REAL_SMALL])
    gen = os.path.abspath(a.gen or a.exe)
    exe = os.path.abspath(a.exe)
    cache = os.path.join(a.out, "measure")
    os.makedirs(cache, exist_ok=True)
    wrapper = synth_wrapper(shared, a.out)
    with ThreadPoolExecutor(a.jobs) as pool:
        dirs = list(pool.map(lambda i: generate(gen, i, a.out), inputs))
    groups = []   # (input stem, [paths of its distinct outputs])
    for d in dirs:
        seen, paths = set(), []
        for p in sorted(glob.glob(os.path.join(d, "*.wasm"))):
            s = sha_of(p)
            if s not in seen:
                seen.add(s)
                paths.append(p)
        groups.append((os.path.basename(d), paths))
    allpaths = [p for _, ps in groups for p in ps]
    with ThreadPoolExecutor(a.jobs) as pool:
        meas = dict(zip(allpaths, pool.map(lambda p: measure(shared, wrapper, p, cache), allpaths)))
        exe_sha = sha_of(exe)
        prices = dict(zip(allpaths, pool.map(lambda p: price(exe, exe_sha, p, cache), allpaths)))
    readings = {"estimate": lambda c: c[0], "refined": lambda c: c[1], "decision": lambda c: c}
    results = {}
    misses = []
    for k in ("synth", "t2"):
        per_fn = []
        for stem, paths in groups:
            fns = set()
            for p in paths:
                fns |= set(prices[p])
            for fn in sorted(fns):
                vals = [(prices[p][fn], meas[p][1][k][fn], p) for p in paths
                        if fn in prices[p] and fn in meas[p][1][k]]
                per_fn.append((stem, fn, vals))
        for name, get in readings.items():
            order = decision_order if name == "decision" else natural_order
            results[(k, name)] = pair_agreement(([(get(c), y) for c, y, _ in vals] for _, _, vals in per_fn), order)
        if k == "synth" and a.misses:
            for stem, fn, vals in per_fn:
                for i in range(len(vals)):
                    for j in range(i + 1, len(vals)):
                        (c1, y1, p1), (c2, y2, p2) = vals[i], vals[j]
                        if y1 != y2 and c1[1] != c2[1] and (c1[1] < c2[1]) != (y1 < y2):
                            misses.append((abs(y1 - y2), stem, fn, c1, y1, os.path.basename(p1), c2, y2,
                                           os.path.basename(p2)))
    print("modules %d, distinct outputs %d" % (len(groups), len(allpaths)))
    for k in ("synth", "t2"):
        print(" ".join("%s-%s %.4f (%d)" % (k, name, *results[(k, name)]) for name in readings))
    shown = set()   # one line per function and pair of readings
    for m in sorted(misses, reverse=True):
        if len(shown) >= a.misses or (m[1], m[2], m[3], m[4], m[6], m[7]) in shown:
            continue
        shown.add((m[1], m[2], m[3], m[4], m[6], m[7]))
        print("  miss %d %s fn %s: %s synth %d [%s] vs %s synth %d [%s]" % m)


if __name__ == "__main__":
    main()
