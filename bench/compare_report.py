#!/usr/bin/env python3
"""compare_report.py OUT DOCS: summarise bench/compare.sh's results.

Reads OUT/json/*.json (eqsat-wasm compare --format json --per-function) and
OUT/measure/* (diffexec, t2-estimate, thumb2-count O0/O2 per output), writes
OUT/report.md (printed too) and DOCS/img/cost-models-rho.png (gnuplot)."""
import glob, json, os, subprocess, sys
from collections import defaultdict


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0 + 1
        i = j + 1
    return r


def spearman(a, b):
    if len(a) < 3:
        return float("nan")
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else float("nan")


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except Exception:
        return None


def per_func(j, key):
    if not j:
        return {}
    return {f["func"].lstrip("$"): f[key] for f in j.get("functions", [])}


def main(out, docs):
    rows = []
    for p in sorted(glob.glob(os.path.join(out, "json", "*.json"))):
        d = load(p)
        if d:
            rows.extend(d)
    models = sorted({m for r in rows for m in r["cost"]}, key=lambda m: ["thumb2", "thumb2-regalloc", "rv32", "wasm-bytes", "ast"].index(m) if m in ["thumb2", "thumb2-regalloc", "rv32", "wasm-bytes", "ast"] else 99)
    combos = []
    agg = defaultdict(lambda: defaultdict(float))
    samples = []  # (model costs dict, t2, O0, O2)
    diff_ok = defaultdict(int)
    diff_n = defaultdict(int)
    for r in rows:
        stem = os.path.basename(r["input"])[:-5]
        combo = "input" if r["extraction_cost"] == "input" else r["extraction_cost"] + " / " + r["extractor"]
        tag = "input" if combo == "input" else "%s.%s" % (os.path.basename(r["extraction_cost"]), r["extractor"])
        if combo not in combos:
            combos.append(combo)
        a = agg[combo]
        for m in models:
            a[m] += r["cost"][m]
        a["wasm"] += r["wasm_instrs"]
        a["sec"] += r["extract_seconds"]
        a["fallbacks"] += r["fallbacks"]
        base = os.path.join(out, "measure", "%s.%s" % (stem, tag))
        t2, o0, o2 = (per_func(load(base + s), k) for s, k in
                      ((".t2.json", "total"), (".O0.json", "insns"), (".O2.json", "insns")))
        a["t2"] += sum(t2.values())
        a["O0"] += sum(o0.values())
        a["O2"] += sum(o2.values())
        if combo != "input":
            d = os.path.join(out, "measure", "%s.%s.diffexec" % (stem, tag))
            if os.path.exists(d):
                diff_n[combo] += 1
                diff_ok[combo] += open(d).read().startswith("ok")
        for f in r.get("per_function", []):
            n = f["function"]
            if n in t2 and n in o0 and n in o2:
                samples.append((f["cost"], t2[n], o0[n], o2[n], f["wasm_instrs"]))
    lines = []
    lines.append("| extraction (model / extractor) | " + " | ".join(models) +
                 " | wasm instrs | t2-estimate | thumb2 O0 | thumb2 O2 | extract s | exact fallbacks | diffexec ok |")
    lines.append("|" + "---|" * (len(models) + 8))
    for c in combos:
        a = agg[c]
        lines.append("| %s | " % c + " | ".join("%.0f" % a[m] for m in models) +
                     " | %d | %d | %d | %d | %.2f | %d | %s |" % (
                         a["wasm"], a["t2"], a["O0"], a["O2"], a["sec"], a["fallbacks"],
                         "-" if c == "input" else "%d/%d" % (diff_ok[c], diff_n[c])))
    lines.append("")
    lines.append("Spearman's rho of each model's per-function prediction against the measured counts "
                 "(%d function samples: every output of every combination):" % len(samples))
    lines.append("")
    lines.append("| model | t2-estimate | thumb2-count O0 | thumb2-count O2 |")
    lines.append("|---|---|---|---|")
    rho = {}
    preds = models + ["wasm-instrs"]
    for m in preds:
        pred = [s[4] if m == "wasm-instrs" else s[0][m] for s in samples]
        rho[m] = [spearman(pred, [s[k] for s in samples]) for k in (1, 2, 3)]
        lines.append("| %s | %.3f | %.3f | %.3f |" % (m, *rho[m]))
    # the yardstick: per seam shim, t2-estimate of our thumb2/dag output vs the LLVM-LTO build
    lto = sorted(glob.glob(os.path.join(os.path.dirname(out.rstrip("/")), "shared/corpus/seam/*.lto.wasm")))
    shared = os.environ.get("SHARED", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared"))
    lto = sorted(glob.glob(os.path.join(shared, "corpus/seam/*.lto.wasm")))
    if lto:
        lines.append("")
        lines.append("Per seam shim: t2-estimate total of the LLVM-LTO build and of our thumb2 outputs "
                     "(from the .inl.wasm build):")
        lines.append("")
        lines.append("| shim | LTO | input .inl | thumb2/tree | thumb2/dag | thumb2/exact |")
        lines.append("|---|---|---|---|---|---|")
        for l in lto:
            shim = os.path.basename(l)[:-len(".lto.wasm")]
            try:
                lt = json.loads(subprocess.run([os.path.join(shared, "tools/t2-estimate"), l, "--json"],
                                               capture_output=True, text=True).stdout)["total"]
            except Exception:
                lt = None
            cells = []
            for tag in ("input", "thumb2.tree", "thumb2.dag", "thumb2.exact"):
                j = load(os.path.join(out, "measure", "%s.inl.%s.t2.json" % (shim, tag)))
                cells.append(str(j["total"]) if j else "-")
            lines.append("| %s | %s | %s |" % (shim, lt if lt is not None else "-", " | ".join(cells)))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write(text)
    print(text)
    # plot
    dat = os.path.join(out, "rho.dat")
    with open(dat, "w") as f:
        f.write("model t2 O0 O2\n")
        for m in preds:
            f.write("%s %s\n" % (m, " ".join("%.4f" % x for x in rho[m])))
    os.makedirs(os.path.join(docs, "img"), exist_ok=True)
    png = os.path.join(docs, "img", "cost-models-rho.png")
    gp = """set terminal pngcairo size 900,450
set output '%s'
set title "Spearman's rho: model prediction vs measured Thumb-2 instruction counts (per function)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:1]
set ylabel 'rho'
set key top right
set grid ytics
plot '%s' using 2:xtic(1) title 't2-estimate', '' using 3 title 'thumb2-count O0', '' using 4 title 'thumb2-count O2'
""" % (png, dat)
    try:
        subprocess.run(["gnuplot"], input=gp, text=True, check=True)
        print("plot: %s" % png)
    except Exception as e:
        print("plot: gnuplot failed: %s" % e, file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "docs")
