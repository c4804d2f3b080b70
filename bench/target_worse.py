#!/usr/bin/env python3
"""Functions eqsat-wasm makes worse on the target, per module.

Usage:
  bench/target_worse.py EXE [--shared DIR] [--real DIR [--real-only]] [--only REGEX] [--synth]
                        [--model synth|synth-regalloc] [--jobs N] [--keep DIR]
                        [--check] [-- EXTRA-ARGS...]

Runs `EXE IN [flags] -o OUT --report OUT.json` on every module of the shared
corpus (DIR/corpus/seam/*.inl{,-o3,-o2}.wasm and DIR/corpus/pulseengine/*.wasm;
default DIR: ../shared beside the repository) and, with --real, on the
real-world modules listed in DIR/manifest.tsv (with their wasm-opt feature
flags), and estimates input and output with DIR/tools/t2-estimate --json.
--cost thumb2 (the default) is measured with t2-estimate --model synth,
--cost thumb2-regalloc with --model synth-regalloc (EXTRA-ARGS after `--` go
to eqsat-wasm unchanged).

Per module it prints the t2-estimate totals in and out and the functions whose
estimate went up, split by the report's `replaced` flag:
  worse     replaced by eqsat-wasm (a decision to keep a rewritten body)
  rt-worse  not replaced, yet different: Binaryen's read/write round trip
and a TOTAL line. --check: exit 1 when any replaced function is worse.

--check-model: exit 1 also when the report's costs differ from t2-estimate's
(costBefore of every function, costAfter of every replaced one): eqsat-wasm's
whole-function model (cost/fncost.h) is meant to be the same estimate.

--synth also compiles input and output with DIR/tools/synth-count (the real
backend; synth run with --allow-skipped-exports, so that a module with a
function synth declines is still compiled) and compares the functions synth
compiles on both sides: `synth-in`/`synth-out` sum them, `s-worse` counts the
replaced functions with more Thumb-2 instructions, `s-delta` sums the change
over replaced functions (what the module gains or loses from eqsat-wasm's
decisions; the rest of the module is what Binaryen's round trip does).
--check then also fails on either. Works with --real too (slow: synth takes
minutes on the largest modules).
"""
import argparse, concurrent.futures, json, os, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synth_names import synth_counts, synth_wrapper  # noqa: E402  (bench/synth_names.py)

HERE = os.path.dirname(os.path.abspath(__file__))


def t2(shared, path, model):
    """{function: estimate}, in module order."""
    r = subprocess.run([os.path.join(shared, "tools", "t2-estimate"), path, "--json", "--model", model],
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError("t2-estimate %s: %s" % (path, r.stderr.strip()))
    fns = json.loads(r.stdout)["functions"]
    return {f["func"].lstrip("$"): f["total"] for f in fns}


def one(exe, shared, model, outdir, name, path, flags, extra, withSynth):
    out = os.path.join(outdir, name + ".out.wasm")
    rep = os.path.join(outdir, name + ".report.json")
    r = subprocess.run([exe, path] + flags + extra + ["-q", "-o", out, "--report", rep],
                       capture_output=True, text=True)
    if r.returncode:
        return {"module": name, "error": "eqsat-wasm exited %d: %s" % (r.returncode, r.stderr.strip())}
    with open(rep) as f:
        fns = json.load(f)["functions"]
    replaced = {fn["name"]: fn["replaced"] for fn in fns}
    a, b = t2(shared, path, model), t2(shared, out, model)
    row = {"module": name, "in": sum(a.values()), "out": sum(b.values()),
           "worse": [], "rtWorse": [], "better": 0, "modelDiffers": []}
    for fn in fns:
        if fn["name"] in a and fn["costBefore"] != a[fn["name"]]:
            row["modelDiffers"].append("%s before: model %g, t2-estimate %g" % (fn["name"], fn["costBefore"], a[fn["name"]]))
        if fn["replaced"] and fn["name"] in b and fn["costAfter"] != b[fn["name"]]:
            row["modelDiffers"].append("%s after: model %g, t2-estimate %g" % (fn["name"], fn["costAfter"], b[fn["name"]]))
    for fn, before in a.items():
        after = b.get(fn)
        if after is None:
            continue
        if after > before:
            (row["worse"] if replaced.get(fn, False) else row["rtWorse"]).append((fn, before, after))
        elif after < before:
            row["better"] += 1
    if withSynth:
        sa, sb = synth_counts(shared, path, withSynth), synth_counts(shared, out, withSynth)
        if sa is not None and sb is not None:
            both = [fn for fn in sa if fn in sb]  # compiled on both sides
            row["synth"] = {"in": sum(sa[fn] for fn in both), "out": sum(sb[fn] for fn in both),
                            "functions": len(both), "worse": [], "delta": 0}
            for fn in both:
                if replaced.get(fn, False):
                    row["synth"]["delta"] += sb[fn] - sa[fn]
                    if sb[fn] > sa[fn]:
                        row["synth"]["worse"].append((fn, sa[fn], sb[fn]))
    return row


def inputs(args):
    mods = []
    seam = os.path.join(args.shared, "corpus", "seam")
    pulse = os.path.join(args.shared, "corpus", "pulseengine")
    if args.real_only:
        seam = pulse = ""
    if os.path.isdir(seam):
        for f in sorted(os.listdir(seam)):
            if re.search(r"\.inl(-o3|-o2)?\.wasm$", f):
                mods.append((f[:-5], os.path.join(seam, f), []))
    if os.path.isdir(pulse):
        for f in sorted(os.listdir(pulse)):
            if f.endswith(".wasm"):
                mods.append((f[:-5], os.path.join(pulse, f), []))
    if args.real:
        with open(os.path.join(args.real, "manifest.tsv")) as f:
            head = f.readline().rstrip("\n").split("\t")
            fi, gi = head.index("file"), head.index("wasm_opt108_flags")
            for line in f:
                c = line.rstrip("\n").split("\t")
                flags = [] if c[gi] in ("-", "") else c[gi].split()
                mods.append((c[fi][:-5], os.path.join(args.real, c[fi]), flags))
    if args.only:
        mods = [m for m in mods if re.search(args.only, m[0])]
    return mods


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("exe")
    p.add_argument("--shared", default=os.path.normpath(os.path.join(HERE, "..", "..", "shared")))
    p.add_argument("--real")
    p.add_argument("--only")
    p.add_argument("--real-only", action="store_true")
    p.add_argument("--model", default=None)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--keep")
    p.add_argument("--check", action="store_true")
    p.add_argument("--json")
    p.add_argument("--synth", action="store_true")
    p.add_argument("--check-model", action="store_true")
    args = p.parse_args(argv)
    model = args.model or ("synth-regalloc" if "thumb2-regalloc" in extra else "synth")
    mods = inputs(args)
    if not mods:
        print("no modules (is %s the shared data?)" % args.shared, file=sys.stderr)
        return 77
    outdir = args.keep or tempfile.mkdtemp()
    os.makedirs(outdir, exist_ok=True)
    rows = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        wrapper = synth_wrapper(args.shared, outdir) if args.synth else None
        futs = [ex.submit(one, args.exe, args.shared, model, outdir, n, pth, fl, extra, wrapper) for n, pth, fl in mods]
        for fu in futs:
            rows.append(fu.result())
    errors = [r for r in rows if "error" in r]
    fmt = "%-44s %9s %9s %6s %7s %8s %7s" + (" %8s %8s %7s %7s" if args.synth else "")
    head = ("module", "t2-in", "t2-out", "worse", "+insns", "rt-worse", "+insns")
    print(fmt % (head + (("synth-in", "synth-out", "s-worse", "s-delta") if args.synth else ())))
    tot = {"in": 0, "out": 0, "worse": 0, "wsum": 0, "rt": 0, "rtsum": 0, "sin": 0, "sout": 0, "sworse": 0, "sdelta": 0}

    def scols(r):
        if not args.synth:
            return ()
        sy = r.get("synth")
        if not sy:
            return ("-", "-", "-", "-")
        return (sy["in"], sy["out"], len(sy["worse"]), sy["delta"])
    for r in rows:
        if "error" in r:
            print("%-44s ERROR %s" % (r["module"], r["error"]))
            continue
        ws = sum(a - b for _, b, a in r["worse"])
        rs = sum(a - b for _, b, a in r["rtWorse"])
        print(fmt % ((r["module"], r["in"], r["out"], len(r["worse"]), ws, len(r["rtWorse"]), rs) + scols(r)))
        for fn, b, a in r["worse"]:
            print("    worse %s: %d -> %d" % (fn, b, a))
        if args.check_model:
            for m in r["modelDiffers"]:
                print("    model differs: %s" % m)
            tot["differs"] = tot.get("differs", 0) + len(r["modelDiffers"])
        for fn, b, a in r.get("synth", {}).get("worse", []):
            print("    synth-worse %s: %d -> %d" % (fn, b, a))
        if r.get("synth"):
            tot["sin"] += r["synth"]["in"]; tot["sout"] += r["synth"]["out"]
            tot["sworse"] += len(r["synth"]["worse"])
            tot["sdelta"] += r["synth"]["delta"]
            if r["synth"]["delta"] > 0:
                tot.setdefault("sbadmods", []).append(r["module"])
        tot["in"] += r["in"]; tot["out"] += r["out"]
        tot["worse"] += len(r["worse"]); tot["wsum"] += ws
        tot["rt"] += len(r["rtWorse"]); tot["rtsum"] += rs
    print(fmt % (("TOTAL (%d modules)" % (len(rows) - len(errors)), tot["in"], tot["out"], tot["worse"],
                  tot["wsum"], tot["rt"], tot["rtsum"]) +
                 ((tot["sin"], tot["sout"], tot["sworse"], tot["sdelta"]) if args.synth else ())))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    if errors:
        return 2
    if args.check and tot["worse"]:
        print("FAIL: %d replaced function(s) worse under t2-estimate --model %s" % (tot["worse"], model))
        return 1
    if args.check_model and tot.get("differs"):
        print("FAIL: %d function cost(s) in the reports differ from t2-estimate --model %s" % (tot["differs"], model))
        return 1
    if args.check and (tot["sworse"] or tot.get("sbadmods")):
        print("FAIL: under synth-count, %d replaced function(s) worse; modules worse by their replaced functions: %s"
              % (tot["sworse"], ", ".join(tot.get("sbadmods", [])) or "none"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
