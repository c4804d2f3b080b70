#!/usr/bin/env python3
"""The functions whose result differs between cost models, and what the target says.

Usage:
  bench/divergence.py EXE IN.wasm... [--costs M,M,...] [--extractor E] [--shared DIR] [--synth]
                      [--json FILE] [-- COMPARE-ARGS...]

Runs `EXE compare IN --costs ... --extractors E -o DIR` (the modules optimize
would write, one per model), then, per function, groups the models by the
function's body in their output (wasm-dis text, local names ignored) and
lists every function with more than one distinct form: for each form, the
models that chose it, its wasm instruction count (wasm-dis lines), its
t2-estimate count (DIR/tools/t2-estimate, --model synth) and, with --synth,
synth's count (DIR/tools/synth-count, where synth compiles the module), and
which form the measurement prefers. Default models: thumb2, thumb2-regalloc,
rv32, wasm-bytes, ast; extractor tree-ls.
"""
import argparse, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def bodies(path):
    """{function: normalised text of its body}, in module order."""
    r = subprocess.run(["wasm-dis", path], capture_output=True, text=True, check=True)
    out, cur, lines = {}, None, []
    for line in r.stdout.splitlines():
        m = re.match(r"^ \(func \$(\S+)", line)
        if m:
            if cur:
                out[cur] = "\n".join(lines)
            cur, lines = m.group(1), []
            continue
        if cur is not None:
            if line.startswith(" (") and not line.startswith("  "):
                out[cur] = "\n".join(lines)
                cur = None
                continue
            lines.append(re.sub(r"\$label\$\d+", "$L", line))
    if cur:
        out[cur] = "\n".join(lines)
    return out


def t2(shared, path):
    r = subprocess.run([os.path.join(shared, "tools", "t2-estimate"), path, "--json"], capture_output=True, text=True)
    return {f["func"].lstrip("$"): f["total"] for f in json.loads(r.stdout)["functions"]} if r.returncode == 0 else {}


def synth(shared, path, order):
    r = subprocess.run([os.path.join(shared, "tools", "synth-count"), path, "--json"], capture_output=True, text=True)
    if r.returncode:
        return {}
    fns = json.loads(r.stdout)["functions"]
    return {n: f["insns"] for n, f in zip(order, fns)} if len(fns) == len(order) else {}


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("exe")
    p.add_argument("inputs", nargs="+")
    p.add_argument("--costs", default="thumb2,thumb2-regalloc,rv32,wasm-bytes,ast")
    p.add_argument("--extractor", default="tree-ls")
    p.add_argument("--shared", default=os.path.normpath(os.path.join(HERE, "..", "..", "shared")))
    p.add_argument("--synth", action="store_true")
    p.add_argument("--json")
    args = p.parse_args(argv)
    costs = args.costs.split(",")
    report = []
    tot = {"functions": 0, "divergent": 0}
    for inp in args.inputs:
        d = tempfile.mkdtemp()
        r = subprocess.run([args.exe, "compare", inp, "--costs", args.costs, "--extractors", args.extractor,
                            "-o", d, "--format", "csv"] + extra, capture_output=True, text=True)
        if r.returncode:
            print("divergence: compare %s: %s" % (inp, r.stderr.strip()), file=sys.stderr)
            return 2
        b = os.path.basename(inp)[:-5]
        outs = {c: os.path.join(d, "%s.%s.%s.wasm" % (b, os.path.basename(c).replace(".json", ""), args.extractor))
                for c in costs}
        body = {c: bodies(o) for c, o in outs.items()}
        meas = {c: t2(args.shared, o) for c, o in outs.items()}
        smeas = {c: synth(args.shared, o, list(body[c])) for c, o in outs.items()} if args.synth else {}
        names = list(body[costs[0]])
        tot["functions"] += len(names)
        for fn in names:
            forms = {}
            for c in costs:
                forms.setdefault(body[c].get(fn, ""), []).append(c)
            if len(forms) < 2:
                continue
            tot["divergent"] += 1
            rows = []
            for text, cs in forms.items():
                c0 = cs[0]
                rows.append({"models": cs, "lines": text.count("\n") + 1, "t2": meas[c0].get(fn),
                             "synth": smeas.get(c0, {}).get(fn) if args.synth else None})
            report.append({"input": inp, "function": fn, "forms": rows})
            print("%s %s: %d forms" % (b, fn, len(rows)))
            best = min(x["t2"] for x in rows if x["t2"] is not None)
            for x in rows:
                print("  %-40s wat lines %5d  t2 %6s%s%s" % (
                    ",".join(x["models"]), x["lines"], x["t2"],
                    "  synth %s" % x["synth"] if args.synth else "",
                    "  <- t2 prefers" if x["t2"] == best else ""))
    print("%d of %d functions differ between models" % (tot["divergent"], tot["functions"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
