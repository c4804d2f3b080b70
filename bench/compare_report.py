#!/usr/bin/env python3
"""compare_report.py OUT DOCS [--update-docs]: summarise bench/compare.sh's results.

Reads OUT/inputs.tsv, OUT/skipped.tsv, OUT/json/<corpus>/*.json (eqsat-wasm
compare --format json --per-function) and *.fail, OUT/outputs.tsv and
OUT/measure/<sha256>.* (diffexec, t2-estimate, thumb2-count O0/O2 of every
distinct output); writes OUT/report.md (printed too), DOCS/img/cost-models-rho.png
and DOCS/img/cost-models-results.png (gnuplot). --update-docs replaces the
generated section of DOCS/cost-models.md (between its begin/end markers).

compare_report.py OUT --counts MEASURE (t2, O0, O2 or synth): print the
measured per-function counts of every output as the CSV bench/calibrate.py
--measure FILE.csv reads (`module,function,count`), from the measurement cache,
so that a fit reads the same counts as the report without measuring again."""
import glob
import json
import os
import subprocess
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "scripts"))
import cost_order  # noqa: E402  (tests/scripts/cost_order.py)

MODELS = ["thumb2", "thumb2-regalloc", "rv32", "wasm-bytes", "ast"]
EXTRACTORS = ["tree", "tree-ls", "dag", "exact"]
ORDERED = ["tree", "dag", "exact"]   # the extractors whose order is guaranteed (tree >= dag >= exact)
# Totals: measures that count every function of an output.
MEASURES = [("t2", "t2-estimate"), ("O0", "thumb2-count O0"), ("O2", "thumb2-count O2")]
# Per function only: synth-count measures the functions synth compiles, which differ between outputs.
PAIR_MEASURES = MEASURES + [("synth", "synth-count")]
CORPORA = ["seam", "pulseengine", "real"]
BEGIN = "<!-- bench/compare.sh --update-docs: begin -->"
END = "<!-- bench/compare.sh --update-docs: end -->"


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


def natural_order(p1, p2):
    """-1 when p1 is the lower, 1 when p2, 0 when equal."""
    return (p1 > p2) - (p1 < p2)


def pair_agreement(groups, order=natural_order):
    """Within each group (one function's results), over the pairs whose
    measured counts differ: the share the predictor orders as measured (a
    tie in the predictor counts half), and the number of pairs. A group is a
    list of (prediction, measured); a prediction of None leaves its pairs
    out. `order(p1, p2)` is -1, 1 or 0 as natural_order."""
    same, n = 0.0, 0
    for vals in groups:
        for i in range(len(vals)):
            for j in range(i + 1, len(vals)):
                (p1, y1), (p2, y2) = vals[i], vals[j]
                if y1 == y2 or p1 is None or p2 is None:
                    continue
                n += 1
                o = order(p1, p2)
                if o == 0:
                    same += 0.5
                elif (o < 0) == (y1 < y2):
                    same += 1
    return (same / n if n else float("nan"), n)


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except Exception:
        return None


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def combo_of(r):
    return "input" if r["extraction_cost"] == "input" else "%s / %s" % (r["extraction_cost"], r["extractor"])


def tag_of(r):
    if r["extraction_cost"] == "input":
        return "input"
    return "%s.%s" % (os.path.basename(r["extraction_cost"]), r["extractor"])


def stem_of(path):
    b = os.path.basename(path)
    return b[:-5] if b.endswith(".wasm") else b


def pct(a, b):
    return "%+.2f%%" % (100.0 * (a - b) / b) if b else "-"


def main(out, docs, update_docs):
    inputs = read_tsv(os.path.join(out, "inputs.tsv"))
    skipped = read_tsv(os.path.join(out, "skipped.tsv"))
    sha_of = {o[2]: o[3] for o in read_tsv(os.path.join(out, "outputs.tsv"))}
    measure_dir = os.path.join(out, "measure")

    def measured(sha, kind):
        return load(os.path.join(measure_dir, "%s.%s.json" % (sha, kind))) if sha else None

    done, failed = [], []   # (corpus, input, rows)
    for corpus, f in inputs:
        stem = stem_of(f)
        j = os.path.join(out, "json", corpus, stem + ".json")
        rows = load(j)
        if rows:
            done.append((corpus, f, rows))
        else:
            why = "no result"
            fail = os.path.join(out, "json", corpus, stem + ".fail")
            if os.path.exists(fail):
                why = open(fail).read().strip()
            failed.append((corpus, f, why))

    combos = ["input"] + ["%s / %s" % (m, e) for m in MODELS for e in EXTRACTORS]
    # Per corpus group ("all" too): sums per combination.
    agg = {g: defaultdict(lambda: defaultdict(float)) for g in CORPORA + ["all"]}
    modules = defaultdict(int)
    functions = defaultdict(int)
    complete = {g: defaultdict(int) for g in CORPORA + ["all"]}  # modules with every output measured, per measure
    diff_ok, diff_n, diff_bad = defaultdict(int), defaultdict(int), []
    samples = {}   # (sha, function) -> (model costs, wasm instrs, {measure: count})
    per_func_outputs = defaultdict(dict)   # (input, function) -> sha -> (costs, instrs, measures)
    json_paths = []
    unmeasured = defaultdict(list)  # measure -> modules with an output it could not measure
    for corpus, f, rows in done:
        json_paths.append(os.path.join(out, "json", corpus, stem_of(f) + ".json"))
        stem = stem_of(f)
        modules[corpus] += 1
        modules["all"] += 1
        functions[corpus] += rows[0]["functions"]
        functions["all"] += rows[0]["functions"]
        in_sha = None
        try:
            in_sha = subprocess.run(["sha256sum", f], capture_output=True, text=True).stdout.split()[0]
        except Exception:
            pass
        shas = {}
        for r in rows:
            shas[combo_of(r)] = sha_of.get(os.path.join(out, "wasm", corpus, "%s.%s.wasm" % (stem, tag_of(r))))
        # measured totals only where every output of the module was measured
        have = {k: all(measured(shas.get(c), k) for c in shas) for k, _ in MEASURES}
        for k, name in MEASURES:
            if not have[k]:
                unmeasured[name].append("%s/%s" % (corpus, stem))
        for g in (corpus, "all"):
            for k, _ in MEASURES:
                if have[k]:
                    complete[g][k] += 1
        for r in rows:
            c = combo_of(r)
            sha = shas.get(c)
            for g in (corpus, "all"):
                a = agg[g][c]
                for m in MODELS:
                    a[m] += r["cost"].get(m, 0)
                a["wasm"] += r["wasm_instrs"]
                a["sec"] += r["extract_seconds"]
                a["emit"] += r.get("emit_seconds", 0)
                a["fallbacks"] += r["fallbacks"]
                a["dag"] += r.get("dag_cost", 0)
                for sel, n in r.get("kept", {}).items():
                    a["kept_" + sel] += n
                for k, _ in MEASURES:
                    if have[k]:
                        a[k] += measured(sha, k)["total"] if k == "t2" else measured(sha, k)["total"]["insns"]
            if c != "input" and sha and in_sha:
                d = os.path.join(measure_dir, "%s.%s.diffexec" % (sha, in_sha))
                if sha == in_sha:   # byte-identical to the input
                    diff_n[c] += 1
                    diff_ok[c] += 1
                elif os.path.exists(d):
                    diff_n[c] += 1
                    if open(d).read().startswith("ok"):
                        diff_ok[c] += 1
                    else:
                        diff_bad.append("%s/%s %s: %s" % (corpus, stem, c, open(d).read().strip()))
            per = {}
            for k, _ in PAIR_MEASURES:
                j = measured(sha, k)
                if not j:
                    continue
                for fn in j.get("functions", []):
                    if k in ("O0", "O2") and fn.get("inlined"):
                        continue
                    per.setdefault(fn["func"].lstrip("$"), {})[k] = fn["insns"] if k in ("O0", "O2") else fn["total"]
            for fr in r.get("per_function", []):
                name = fr["function"]
                key = (sha, name)
                if not sha:
                    continue
                if key not in samples:
                    samples[key] = (fr["cost"], fr["wasm_instrs"], per.get(name, {}))
                per_func_outputs[(f, name)][sha] = samples[key]

    L = []
    L.append("Inputs: %d seam, %d pulseengine and %d real-world modules (%d functions)." % (
        modules["seam"], modules["pulseengine"], modules["real"], functions["all"]))
    real_done = sorted(stem_of(f) for c, f, _ in done if c == "real")
    if real_done:
        L.append("Real-world modules compared: %s." % ", ".join(real_done))
    if skipped or failed:
        L.append("Not compared: %s." % "; ".join(
            ["%s (%s)" % (stem_of(s[1]), s[2]) for s in skipped] +
            ["%s (%s)" % (stem_of(f), why) for _, f, why in failed]))
    for _, name in MEASURES:
        if unmeasured[name]:
            L.append("Not measured by %s (some output failed; the tool's message is in OUTDIR/measure): %s." % (
                name, ", ".join(sorted(unmeasured[name]))))
    L.append("")

    def table(g):
        cols = MODELS + ["wasm instrs"] + [n for _, n in MEASURES] + [
            "dag cost", "extract s", "emit s", "exact fallbacks", "kept simpler's", "kept input", "diffexec ok"]
        L.append("| extraction (model / extractor) | " + " | ".join(cols) + " |")
        L.append("|---|" + "---:|" * len(cols))
        for c in combos:
            a = agg[g].get(c)
            if not a:
                continue
            cells = ["%.0f" % a[m] for m in MODELS] + ["%d" % a["wasm"]]
            cells += ["%d" % a[k] if complete[g][k] else "-" for k, _ in MEASURES]
            if c == "input":
                cells += ["-", "-", "-", "-", "-", "-", "-"]
            else:
                ext = c.split(" / ")[1]
                cells += ["%.0f" % a["dag"], "%.2f" % a["sec"], "%.2f" % a["emit"], "%d" % a["fallbacks"],
                          "%d" % (a["kept_tree"] + (a["kept_dag"] if ext == "exact" else 0))
                          if ext != "tree" else "-", "%d" % a["kept_input"],
                          "%d/%d" % (diff_ok[c], diff_n[c]) if g == "all" else "-"]
            L.append("| %s | %s |" % (c, " | ".join(cells)))
        L.append("")
        L.append("`kept simpler's`: functions whose result is tree's selection (dag), or tree's or dag's "
                 "(exact, including its fallbacks); `kept input`: functions left as they were (the emitted body "
                 "was not cheaper). Measured columns: totals over the modules whose every output was measured "
                 "(t2-estimate / O0 / O2: %d / %d / %d of %d)." % (
                     complete[g]["t2"], complete[g]["O0"], complete[g]["O2"], modules[g]))
        L.append("")

    L.append("#### All corpora")
    L.append("")
    table("all")
    for g in CORPORA:
        if modules[g]:
            L.append("#### %s (%d modules, %d functions)" % (g, modules[g], functions[g]))
            L.append("")
            table(g)

    # The extractor order: each model's own cost of the result and the extraction's dagCost.
    L.append("#### The extractor order")
    L.append("")
    L.append("Each model's cost of the results extracted under it (what `eqsat-wasm IN --cost M --extractor E` "
             "writes) and the extraction's `dagCost()`, all corpora:")
    L.append("")
    L.append("| model | result tree | dag | exact | dag vs tree | exact vs dag | dagCost tree | dag | exact |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for m in MODELS:
        a = {e: agg["all"].get("%s / %s" % (m, e)) for e in ORDERED}
        if not all(a.values()):
            continue
        L.append("| %s | %.0f | %.0f | %.0f | %s | %s | %.0f | %.0f | %.0f |" % (
            m, a["tree"][m], a["dag"][m], a["exact"][m], pct(a["dag"][m], a["tree"][m]),
            pct(a["exact"][m], a["dag"][m]), a["tree"]["dag"], a["dag"]["dag"], a["exact"]["dag"]))
    L.append("")
    import io
    import contextlib
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = cost_order.main(json_paths) if json_paths else 2
    lines = buf.getvalue().strip().splitlines()
    L.append("Checked per function by `tests/scripts/cost_order.py` (dag <= tree and exact <= dag under the model, "
             "at extraction and in the result): %s." % (lines[-1].replace("cost_order: ", "") if lines else "nothing"))
    for v in lines[:-1][:20]:
        L.append("    " + v)
    L.append("")
    if diff_bad:
        L.append("diffexec differences:")
        L.append("")
        for d in diff_bad[:30]:
            L.append("    " + d)
        L.append("")

    # Spearman's rho over distinct (output, function) samples.
    L.append("#### How well each model predicts the measured Thumb-2 counts")
    L.append("")
    # Predictors: each model's cost; thumb2's refined reading (the estimate plus
    # what synth adds that it does not price, the veto of the keep decision);
    # the keep decision's own order (one result is better than another when its
    # estimate is lower and its refined reading not higher; otherwise a tie);
    # and the plain wasm instruction count.
    refined = "thumb2-refined"
    decision = "thumb2-decision"
    preds = MODELS + [refined, decision, "wasm-instrs"]

    def prediction(m, cost, instrs):
        if m == "wasm-instrs":
            return instrs
        if m == decision:
            return (cost["thumb2"], cost[refined]) if "thumb2" in cost and refined in cost else None
        return cost.get(m)

    def decision_order(p1, p2):
        """The keep decision's: one result is better when its estimate is lower
        and its refined reading not higher."""
        if p1[0] < p2[0] and p1[1] <= p2[1]:
            return -1
        if p2[0] < p1[0] and p2[1] <= p1[1]:
            return 1
        return 0
    rho = {}
    counts = {}
    agree = {}
    for m in preds:
        rho[m] = []
        agree[m] = []
        for k, _ in PAIR_MEASURES:
            xs, ys = [], []
            for cost, instrs, meas in samples.values():
                p = prediction(m, cost, instrs)
                if k in meas and p is not None and m != decision:
                    xs.append(p)
                    ys.append(meas[k])
            rho[m].append(spearman(xs, ys))
            counts[k] = max(counts.get(k, 0), len(xs))
            # within one function: pairs of distinct outputs the measurement tells apart
            agree[m].append(pair_agreement(
                ([(prediction(m, cost, instrs), meas[k]) for cost, instrs, meas in outs.values() if k in meas]
                 for outs in per_func_outputs.values()),
                decision_order if m == decision else natural_order))
    L.append("Spearman's rho of each model's per-function cost against the measured count, over the distinct "
             "(output, function) pairs (t2-estimate %d, O0 %d, O2 %d, synth-count %d; functions clang inlined are "
             "left out of O0/O2, and synth-count has only the functions synth compiles), and, within one function, "
             "the share of pairs of its different results that the model orders as the measurement does (ties in "
             "the model count half). A model's cost of a function is the one `eqsat-wasm` decides with: the "
             "whole-function estimate for thumb2 and thumb2-regalloc, the sum of the nodes for the others. "
             "thumb2-refined is thumb2's estimate plus what synth adds that it does not price (the veto of the keep "
             "decision, docs \"The target\"); thumb2-decision orders two results as eqsat-wasm's keep "
             "decision does (lower estimate and refined reading not higher; otherwise a tie, and no rho):" % (
                 counts.get("t2", 0), counts.get("O0", 0), counts.get("O2", 0), counts.get("synth", 0)))
    L.append("")
    L.append("| model | " + " | ".join("rho %s" % n for _, n in PAIR_MEASURES) + " | " +
             " | ".join("pairs %s" % n for _, n in PAIR_MEASURES) + " |")
    L.append("|---|" + "---:|" * (2 * len(PAIR_MEASURES)))
    for m in preds:
        L.append("| %s | %s | %s |" % (
            m, " | ".join("-" if r != r else "%.3f" % r for r in rho[m]),
            " | ".join("%.2f (%d)" % a for a in agree[m])))
    L.append("")

    # How the measurements order each other's pairs: a bound on what one model
    # can reach against several of them.
    L.append("How the measurements order each other's pairs (within one function, pairs of results the second "
             "measure tells apart and the first measures too; ties in the first count half):")
    L.append("")
    L.append("| first | second | agreement | pairs |")
    L.append("|---|---|---:|---:|")
    names = dict(PAIR_MEASURES)
    for k1, k2 in (("t2", "synth"), ("t2", "O0"), ("synth", "O0"), ("O0", "synth")):
        share, n = pair_agreement(
            [(meas[k1], meas[k2]) for _, _, meas in outs.values() if k1 in meas and k2 in meas]
            for outs in per_func_outputs.values())
        L.append("| %s | %s | %s | %d |" % (names[k1], names[k2], "%.3f" % share if n else "-", n))
    L.append("")
    # Where thumb2 misorders synth's pairs: by how much the model separates the two results.
    by_gap = defaultdict(lambda: [0, 0])
    for outs in per_func_outputs.values():
        vals = [(cost["thumb2"], meas["synth"]) for cost, _, meas in outs.values() if "synth" in meas and "thumb2" in cost]
        for i in range(len(vals)):
            for j in range(i + 1, len(vals)):
                (p1, y1), (p2, y2) = vals[i], vals[j]
                if y1 == y2 or p1 == p2:
                    continue
                gap = min(int(abs(p1 - p2)), 3)
                by_gap[gap][1] += 1
                if (p1 < p2) != (y1 < y2):
                    by_gap[gap][0] += 1
    if by_gap:
        L.append("thumb2 against synth-count, by how far apart the model puts the two results: " + "; ".join(
            "%s%d: %d of %d misordered" % ("" if g < 3 else ">= ", g, by_gap[g][0], by_gap[g][1])
            for g in sorted(by_gap)) + ".")
        L.append("")

    # The yardstick: per seam shim, t2-estimate of the LLVM-LTO build and of our thumb2 outputs.
    shared = os.environ.get("SHARED", os.path.join(HERE, "..", "..", "shared"))
    lto = sorted(glob.glob(os.path.join(shared, "corpus/seam/*.lto.wasm")))
    if lto and modules["seam"]:
        L.append("Per seam shim: t2-estimate total of the LLVM-LTO build (as shipped) and, from the .inl.wasm "
                 "build, of the input and our thumb2 results:")
        L.append("")
        L.append("| shim | LTO | input .inl | thumb2 / tree | thumb2 / dag | thumb2 / exact |")
        L.append("|---|---:|---:|---:|---:|---:|")
        for l in lto:
            shim = os.path.basename(l)[:-len(".lto.wasm")]
            try:
                lt = json.loads(subprocess.run([os.path.join(shared, "tools/t2-estimate"), l, "--json"],
                                               capture_output=True, text=True).stdout)["total"]
            except Exception:
                lt = "-"
            cells = []
            for tag in ("input", "thumb2.tree", "thumb2.dag", "thumb2.exact"):
                j = measured(sha_of.get(os.path.join(out, "wasm", "seam", "%s.inl.%s.wasm" % (shim, tag))), "t2")
                cells.append(str(j["total"]) if j else "-")
            L.append("| %s | %s | %s |" % (shim, lt, " | ".join(cells)))
        L.append("")

    text = "\n".join(L) + "\n"
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write(text)
    print(text)

    # ---- plots
    os.makedirs(os.path.join(docs, "img"), exist_ok=True)
    dat = os.path.join(out, "rho.dat")
    with open(dat, "w") as f:
        f.write("# model t2 O0 O2 synth\n")
        for m in preds:
            f.write("%s %s\n" % (m, " ".join("%.4f" % x for x in rho[m])))
    # the seam corpus (the target) when it was run, else everything
    top = "seam" if modules["seam"] else "all"
    pairs = os.path.join(out, "pairs.dat")
    with open(pairs, "w") as f:
        f.write("# model t2 O0 O2 synth: share of one function's pairs of results ordered as measured\n")
        for m in preds:
            f.write("%s %s\n" % (m, " ".join("%.4f" % a[0] for a in agree[m])))
    res = os.path.join(out, "results.dat")
    with open(res, "w") as f:
        f.write("# combination: t2 O0 O2, %% change from the input (%s)\n" % top)
        a0 = agg[top]["input"]
        for c in combos[1:]:
            a = agg[top].get(c)
            if a:
                f.write('"%s" %s\n' % (c, " ".join(
                    "%.3f" % (100.0 * (a[k] - a0[k]) / a0[k]) if complete[top][k] and a0[k] else "NaN"
                    for k, _ in MEASURES)))
    order = os.path.join(out, "order.dat")
    vals = [0.0]
    groups = [g for g in ("seam", "all") if modules[g]]
    with open(order, "w") as f:
        f.write("# model: dag and exact vs tree, %% of tree's cost under the model (%s)\n" % ", ".join(groups))
        for m in MODELS:
            row = []
            for g in groups:
                a = {e: agg[g].get("%s / %s" % (m, e)) for e in ORDERED}
                if not (all(a.values()) and a["tree"][m]):
                    break
                row += [100.0 * (a[e][m] - a["tree"][m]) / a["tree"][m] for e in ("dag", "exact")]
            else:
                vals += row
                f.write("%s %s\n" % (m, " ".join("%.3f" % v for v in row)))
    yr = "[%.2f:%.2f]" % (min(vals) * 1.15 - 0.05, max(vals) * 1.15 + 0.05)
    bars = ", ".join("'%s' using %d%s title '%s (%s)'" % ("" if i else order, i + 2, ":xtic(1)" if i == 0 else "",
                                                          ("dag", "exact")[i % 2], groups[i // 2].replace("all", "all corpora"))
                     for i in range(2 * len(groups)))
    png1 = os.path.join(docs, "img", "cost-models-rho.png")
    png2 = os.path.join(docs, "img", "cost-models-results.png")
    gp = """set terminal pngcairo size 900,800 font ',10'
set output '%s'
set multiplot layout 2,1
set title "Spearman's rho: each model's per-function cost vs measured Thumb-2 instruction counts"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:1]
set ylabel 'rho'
set key outside bottom center horizontal
set grid ytics
plot '%s' using 2:xtic(1) title 't2-estimate', '' using 3 title 'thumb2-count O0', '' using 4 title 'thumb2-count O2', '' using 5 title 'synth-count'
set title "Within one function: share of pairs of its results the model orders as the measurement does"
set ylabel 'share of pairs'
plot '%s' using 2:xtic(1) title 't2-estimate', '' using 3 title 'thumb2-count O0', '' using 4 title 'thumb2-count O2', '' using 5 title 'synth-count'
unset multiplot
set terminal pngcairo size 1000,900 font ',10'
set output '%s'
set multiplot layout 2,1
set title "Measured Thumb-2 instructions of each result: change from the input, %s (%%)"
set yrange [*:0]
set ylabel '%% vs input'
set xtics rotate by -30
plot '%s' using 2:xtic(1) title 't2-estimate', '' using 3 title 'thumb2-count O0', '' using 4 title 'thumb2-count O2'
set title "dag and exact vs tree under the model extracted with (the model's cost of the result, %%)"
set yrange %s
set ylabel '%% vs tree'
set xtics norotate
plot %s
unset multiplot
""" % (png1, dat, pairs, png2, "the seam corpus" if top == "seam" else "all corpora", res, yr, bars)
    try:
        subprocess.run(["gnuplot"], input=gp, text=True, check=True)
        print("plots: %s %s" % (png1, png2))
    except Exception as e:
        print("plot: gnuplot failed: %s" % e, file=sys.stderr)

    if update_docs:
        p = os.path.join(docs, "cost-models.md")
        s = open(p).read()
        if BEGIN in s and END in s:
            s = s[:s.index(BEGIN) + len(BEGIN)] + "\n\n" + text + "\n" + s[s.index(END):]
            open(p, "w").write(s)
            print("updated %s" % p)
        else:
            print("--update-docs: %s has no %s ... %s markers" % (p, BEGIN, END), file=sys.stderr)
            return 1
    return 0


def counts_csv(out, kind):
    """The CSV of `compare_report.py OUT --counts KIND` on stdout."""
    w = sys.stdout
    w.write("module,function,count\n")
    for _, _, path, sha in read_tsv(os.path.join(out, "outputs.tsv")):
        j = load(os.path.join(out, "measure", "%s.%s.json" % (sha, kind)))
        for fn in (j or {}).get("functions", []):
            if kind in ("O0", "O2") and fn.get("inlined"):
                continue
            w.write("%s,%s,%s\n" % (path, fn["func"].lstrip("$"), fn["insns"] if kind in ("O0", "O2") else fn["total"]))
    return 0


if __name__ == "__main__":
    if "--counts" in sys.argv:
        i = sys.argv.index("--counts")
        if i + 1 >= len(sys.argv) or sys.argv[i + 1] not in ("t2", "O0", "O2", "synth") or i < 2:
            print("usage: compare_report.py OUT --counts t2|O0|O2|synth", file=sys.stderr)
            sys.exit(2)
        sys.exit(counts_csv(sys.argv[1], sys.argv[i + 1]))
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(args[0], args[1] if len(args) > 1 else "docs", "--update-docs" in sys.argv))
