#!/usr/bin/env python3
"""Fit a cost table (`eqsat-wasm --cost FILE`) to measured per-function counts.

Usage:
  bench/calibrate.py --measure t2|t2-regalloc|synth|FILE.csv [--exe EXE] [--shared DIR]
                     [--base MODEL] [--holdout F] [--seed S] [--fit counts|within]
                     -o TABLE.json [--report FILE]
                     MODULE.wasm...
  bench/calibrate.py --synthesize KNOWN.json -o COUNTS.csv MODULE.wasm...

Each MODULE is a binary module; several versions of the same functions (the
outputs of `eqsat-wasm compare IN -o DIR`, an input and its optimised form)
give the pairs within one function that the agreement is measured on.

Features, per function: how many times each operator occurs (wasm-dis's
folded text: the operators a table can price under "ops", local.get/set under
"locals", branches and blocks under "control"), plus one per function (the
prologue/epilogue; reported, not written: a table has no per-function term).
Measured counts: --measure t2 / t2-regalloc (DIR/tools/t2-estimate --model
synth / synth-regalloc), synth (DIR/tools/synth-count, functions it compiles),
or a CSV file of `module,function,count` (module as given on the command line
or its basename; header optional).

The fit: non-negative least squares over the functions not held out (a
fraction F, default 0.3, of the function names, chosen by hash with seed S, is
held out: every version of a held-out function is). --fit counts (default)
fits each version's count; --fit within fits the differences between the
versions of one function (features and count minus the function's mean), which
is what extraction and the pairs measure: a per-function term (the prologue,
the frame) cancels there. The table written is
{"name", "base": MODEL (default thumb2), "ops", "locals", "control"}. The report
(stdout, or --report FILE as markdown) gives the fitted costs and, on the
held-out functions, before (eqsat-wasm's cost of each version under MODEL, the
cost its keep decision uses: the whole-function estimate for thumb2), MODEL's
hand-written per-node table applied as a table is (a sum over nodes, the form
a fitted table has), and after (under the fitted table, as eqsat-wasm applies
it; and the linear fit itself): the agreement on pairs of versions of one
function with different measured counts (the model orders them as the
measurement does; a tie is a disagreement) and Spearman's rho over all
versions. Versions of one function are the modules of one input: the
basename without the suffix `eqsat-wasm compare -o` (`.input`,
`.MODEL.EXTRACTOR`) or bench/target_worse.py --keep (`.out`) adds.

--synthesize KNOWN.json writes the counts a known table would give (the sum of
feature x cost, KNOWN's "ops"/"locals"/"control" and "function"), as a CSV for
--measure: a fit on it must give KNOWN back (tests/scripts/calibrate_check.sh).
"""
import argparse, hashlib, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import synth_names  # noqa: E402  (bench/synth_names.py)
CONTROL = ["if", "else", "br", "br_if", "br_table", "return", "unreachable", "call_indirect", "drop",
           "block", "loop"]
EXTRA_OPS = ["select", "call", "global.get", "global.set", "memory.size", "memory.grow", "f32.const",
             "f64.const"]


def table_ops():
    """Operator names a table's "ops" accepts (egraph/ops.h)."""
    src = open(os.path.join(HERE, "..", "egraph", "ops.h")).read()
    return set(re.findall(r'X\(\w+, "([a-z0-9_.]+)"', src)) | set(EXTRA_OPS)


OPS = table_ops()


def tokenize(text):
    return re.findall(r'\(;.*?;\)|;;[^\n]*|"(?:\\.|[^"\\])*"|[()]|[^\s()";]+', text, re.S)


def features(path):
    """{function: {feature: count}} in module order (Binaryen's names, as t2-estimate's)."""
    r = subprocess.run(["wasm-dis", path], capture_output=True, text=True)
    if r.returncode:
        raise SystemExit("calibrate: wasm-dis %s: %s" % (path, r.stderr.strip()))
    toks = [t for t in tokenize(r.stdout) if not t.startswith(";;") and not t.startswith("(;")]
    out, depth, cur, fdepth, i, nfun = {}, 0, None, None, 0, 0
    while i < len(toks):
        t = toks[i]
        if t == "(":
            depth += 1
            head = toks[i + 1] if i + 1 < len(toks) else ""
            if depth == 2 and head == "func":
                nm = toks[i + 2] if toks[i + 2].startswith("$") else "$%d" % nfun
                nfun += 1
                cur, fdepth = {"function": 1}, depth
                out[nm.lstrip("$")] = cur
            elif cur is not None and depth > fdepth:
                key = None
                if head in OPS:
                    key = "ops." + head
                elif head in ("local.get",):
                    key = "locals.get"
                elif head in ("local.set", "local.tee"):
                    key = "locals.set"
                elif head in CONTROL:
                    key = "control." + head
                if key:
                    cur[key] = cur.get(key, 0) + 1
        elif t == ")":
            if cur is not None and depth == fdepth:
                cur = None
            depth -= 1
        i += 1
    return out


def tool(shared, name):
    return os.path.join(shared, "tools", name)


def measured(args, path, order):
    if args.measure in ("t2", "t2-regalloc"):
        r = subprocess.run([tool(args.shared, "t2-estimate"), path, "--json", "--model",
                            "synth" if args.measure == "t2" else "synth-regalloc"], capture_output=True, text=True)
        if r.returncode:
            raise SystemExit("calibrate: t2-estimate %s: %s" % (path, r.stderr.strip()))
        return {f["func"].lstrip("$"): f["total"] for f in json.loads(r.stdout)["functions"]}
    if args.measure == "synth":
        return synth_names.synth_counts(args.shared, path, args.synth_wrapper) or {}
    return args.csv.get(path, args.csv.get(os.path.basename(path), {}))


def read_csv(path):
    by = {}
    for n, line in enumerate(open(path), 1):
        c = [x.strip() for x in line.strip().split(",")]
        if not line.strip() or (n == 1 and c[-1] == "count"):
            continue
        if len(c) != 3:
            raise SystemExit("calibrate: %s:%d: expected module,function,count" % (path, n))
        try:
            by.setdefault(c[0], {})[c[1]] = float(c[2])
        except ValueError:
            raise SystemExit("calibrate: %s:%d: count `%s` is not a number" % (path, n, c[2]))
    return by


def nnls(rows, ys, keys, iters=3000):
    """min ||X w - y||^2, w >= 0, by coordinate descent on the normal equations."""
    idx = {k: i for i, k in enumerate(keys)}
    n = len(keys)
    G = [[0.0] * n for _ in range(n)]
    h = [0.0] * n
    for f, y in zip(rows, ys):
        items = [(idx[k], v) for k, v in f.items() if k in idx]
        for a, va in items:
            h[a] += va * y
            for b, vb in items:
                G[a][b] += va * vb
    # Least squares on a shrinking active set (features that would go negative
    # leave it), then coordinate descent from there for the constraint.
    active = [j for j in range(n) if G[j][j] > 0]
    w = [0.0] * n
    while active:
        sol = solve([[G[a][b] for b in active] for a in active], [h[a] for a in active])
        if isinstance(sol, int):  # a feature the others determine: left to the descent below
            del active[sol]
            continue
        neg = [(v, a) for v, a in zip(sol, active) if v < 0]
        if not neg:
            for v, a in zip(sol, active):
                w[a] = v
            break
        active.remove(min(neg)[1])
    g = [sum(G[i][k] * w[k] for k in range(n)) - h[i] for i in range(n)]  # gradient/2 = G w - h
    for _ in range(iters):
        change = 0.0
        for j in range(n):
            if G[j][j] <= 0:
                continue
            nw = max(0.0, w[j] - g[j] / G[j][j])
            d = nw - w[j]
            if d:
                w[j] = nw
                Gj = G[j]
                for i in range(n):
                    g[i] += Gj[i] * d
                change = max(change, abs(d))
        if change < 1e-10:
            break
    return dict(zip(keys, w))


def solve(A, b):
    """A x = b by Gauss-Jordan with partial pivoting; the index of a dependent column when A is singular."""
    n = len(A)
    M = [row[:] + [b[i]] for i, row in enumerate(A)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(M[r][c]))
        if abs(M[piv][c]) < 1e-9:
            return c  # column c depends on the others
        M[c], M[piv] = M[piv], M[c]
        pv = M[c][c]
        M[c] = [x / pv for x in M[c]]
        for r in range(n):
            if r != c and M[r][c]:
                f = M[r][c]
                M[r] = [x - f * y for x, y in zip(M[r], M[c])]
    return [M[i][n] for i in range(n)]


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0
        i = j + 1
    return r


def spearman(a, b):
    if len(a) < 2:
        return float("nan")
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else float("nan")


VERSION_SUFFIX = re.compile(r"\.(input|out|[a-z0-9-]+\.(tree|tree-ls|dag|exact))$")


def version_of(path):
    """The input a module is a version of: its basename without `.wasm` and without the suffix
    `eqsat-wasm compare -o` (`.input`, `.MODEL.EXTRACTOR`) or bench/target_worse.py (`.out`) adds."""
    return VERSION_SUFFIX.sub("", os.path.basename(path)[:-len(".wasm")] if path.endswith(".wasm") else path)


def pairs(samples, model):
    """(agreeing, total) over pairs of versions of one function (of one input) with different measured counts."""
    by = {}
    for s in samples:
        by.setdefault((version_of(s["module"]), s["function"]), []).append(s)
    agree = total = 0
    for vs in by.values():
        for i in range(len(vs)):
            for j in range(i + 1, len(vs)):
                dm = vs[i]["measured"] - vs[j]["measured"]
                if dm == 0:
                    continue
                total += 1
                d = model(vs[i]) - model(vs[j])
                agree += (d > 0) == (dm > 0) and d != 0
    return agree, total


def within_differences(samples):
    """Each version's features and count minus its function's mean over the versions of one input: what
    differs between versions of one function, which is what an extraction chooses between. A function
    with one version says nothing there."""
    by = {}
    for s in samples:
        by.setdefault((version_of(s["module"]), s["function"]), []).append(s)
    rows, ys = [], []
    for vs in by.values():
        if len(vs) < 2:
            continue
        keys = {k for v in vs for k in v["features"]}
        mean = {k: sum(v["features"].get(k, 0) for v in vs) / len(vs) for k in keys}
        my = sum(v["measured"] for v in vs) / len(vs)
        for v in vs:
            rows.append({k: v["features"].get(k, 0) - mean[k] for k in keys if k != "function"})
            ys.append(v["measured"] - my)
    if not rows:
        raise SystemExit("calibrate: --fit within needs several versions of a function")
    return rows, ys


def table_of(w, base, name):
    t = {"name": name, "base": base, "ops": {}, "locals": {}, "control": {}}
    for k, v in sorted(w.items()):
        if k == "function":
            continue
        sect, key = k.split(".", 1)
        v = round(v, 3)
        if sect == "locals":
            t["locals"][key] = v
            t["locals"][key + "64"] = v
        else:
            t[sect][key] = v
    return t


def model_costs(args, path, cost):
    """{function: eqsat-wasm's cost of the function as it is, under `cost`} (the report's costBefore)."""
    fd, rep = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        r = subprocess.run([args.exe, path, "--all-features", "--cost", cost, "--iter-limit", "1", "-q",
                            "--report", rep], capture_output=True, text=True)
        if r.returncode:
            raise SystemExit("calibrate: %s --cost %s: %s" % (path, cost, r.stderr.strip()))
        return {f["name"]: f["costBefore"] for f in json.load(open(rep))["functions"]}
    finally:
        os.unlink(rep)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("modules", nargs="+")
    p.add_argument("--measure")
    p.add_argument("--synthesize")
    p.add_argument("--exe", default=os.path.join(HERE, "..", "build", "eqsat-wasm"))
    p.add_argument("--shared", default=os.path.normpath(os.path.join(HERE, "..", "..", "shared")))
    p.add_argument("--base", default="thumb2")
    p.add_argument("--holdout", type=float, default=0.3)
    p.add_argument("--fit", choices=["counts", "within"], default="counts")
    p.add_argument("--seed", default="1")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--report")
    args = p.parse_args()
    feats = {m: features(m) for m in args.modules}

    if args.synthesize:
        known = json.load(open(args.synthesize))
        w = {"function": known.get("function", 0)}
        for sect in ("ops", "locals", "control"):
            for k, v in known.get(sect, {}).items():
                w[sect + "." + k] = v
        with open(args.output, "w") as f:
            f.write("module,function,count\n")
            for m, fs in feats.items():
                for fn, fv in fs.items():
                    f.write("%s,%s,%r\n" % (m, fn, sum(w.get(k, 0) * v for k, v in fv.items())))
        return 0

    if not args.measure:
        p.error("--measure or --synthesize is required")
    if args.measure not in ("t2", "t2-regalloc", "synth"):
        args.csv = read_csv(args.measure)
    samples = []
    wrapper_dir = tempfile.TemporaryDirectory()
    args.synth_wrapper = synth_names.synth_wrapper(args.shared, wrapper_dir.name)
    for m in args.modules:
        meas = measured(args, m, list(feats[m]))
        for fn, fv in feats[m].items():
            if fn in meas:
                samples.append({"module": m, "function": fn, "features": fv, "measured": float(meas[fn])})
    if not samples:
        raise SystemExit("calibrate: no function has a measured count")

    def held(fn):
        hsh = hashlib.sha256((args.seed + ":" + fn).encode()).digest()
        return int.from_bytes(hsh[:4], "big") / 2 ** 32 < args.holdout
    train = [s for s in samples if not held(s["function"])]
    test = [s for s in samples if held(s["function"])]
    keys = sorted({k for s in train for k in s["features"]})
    if args.fit == "within":
        rows, ys = within_differences(train)
        keys = [k for k in keys if k != "function"]
        w = nnls(rows, ys, keys)
        w["function"] = 0.0
    else:
        w = nnls([s["features"] for s in train], [s["measured"] for s in train], keys)
    name = "fitted-" + os.path.basename(args.measure).replace(".csv", "")
    table = table_of(w, args.base, name)
    with open(args.output, "w") as f:
        json.dump(table, f, indent=1)
        f.write("\n")

    lines = ["# calibrate: %d functions (%d versions) measured by %s; %d versions fitted, %d held out"
             % (len({s["function"] for s in samples}), len(samples), args.measure, len(train), len(test)), "",
             "| feature | fitted cost |", "|---|---|"]
    for k in keys:
        lines.append("| %s | %.3f |" % (k, w[k]))
    if test and os.path.exists(args.exe):
        # The hand-written per-node table of the base model, applied as a table is (the sum of its nodes):
        # what a fitted table replaces.
        fd, hand = tempfile.mkstemp(suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump({"name": args.base + "-table", "base": args.base}, f)
        before, handwritten, after = {}, {}, {}
        try:
            for m in {s["module"] for s in test}:
                before[m] = model_costs(args, m, args.base)
                handwritten[m] = model_costs(args, m, hand)
                after[m] = model_costs(args, m, args.output)
        finally:
            os.unlink(hand)
        linear = lambda s: sum(w.get(k, 0) * v for k, v in s["features"].items())
        rows = [("%s (before: eqsat-wasm's decision cost)" % args.base, lambda s: before[s["module"]].get(s["function"], 0)),
                ("%s hand-written table (sum of nodes)" % args.base,
                 lambda s: handwritten[s["module"]].get(s["function"], 0)),
                ("fitted table (after, sum of nodes)", lambda s: after[s["module"]].get(s["function"], 0)),
                ("linear fit", linear)]
        lines += ["", "Held-out functions: %d versions of %d functions" % (
            len(test), len({(version_of(s["module"]), s["function"]) for s in test})),
                  "", "| model | pairs agreeing | Spearman rho |", "|---|---|---|"]
        meas = [s["measured"] for s in test]
        for label, fn in rows:
            a, t = pairs(test, fn)
            rho = spearman([fn(s) for s in test], meas)
            lines.append("| %s | %s | %.3f |" % (label, "%d / %d (%.1f%%)" % (a, t, 100.0 * a / t) if t else "no pairs", rho))
    text = "\n".join(lines) + "\n"
    if args.report:
        with open(args.report, "w") as f:
            f.write(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
