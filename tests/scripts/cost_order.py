#!/usr/bin/env python3
"""cost_order.py JSON...: the extractor order, checked on `eqsat-wasm compare
--format json --per-function` output (one or more files).

For every input, every cost model M that was extracted with and every function:
  * the extraction (dagCost(), the objective of dag and exact, under M):
      M/tree-ls <= M/tree, M/dag <= M/tree, and M/exact <= M/dag;
  * the result (what optimize writes: the function's cost under M after
    emission, tidying, and keeping the original when that is cheaper):
      M/tree-ls <= M/tree, M/dag <= M/tree, and M/exact <= M/dag.
Prints every violation and a summary line; exit 1 if there is a violation,
2 if there is nothing to check."""
import json
import sys

EPS = 1e-6
ORDER = (("tree-ls", "tree"), ("dag", "tree"), ("exact", "dag"))


def main(paths):
    checked = 0
    bad = []
    for p in paths:
        with open(p) as f:
            rows = json.load(f)
        by = {}
        for r in rows:
            if r["extraction_cost"] != "input":
                by[(r["input"], r["extraction_cost"], r["extractor"])] = r
        for (inp, m, e), r in sorted(by.items()):
            for worse, better in ORDER:
                if e != worse or (inp, m, better) not in by:
                    continue
                ref = by[(inp, m, better)]
                fa = {f["function"]: f for f in r.get("per_function", [])}
                fb = {f["function"]: f for f in ref.get("per_function", [])}
                if not fa:
                    bad.append("%s: no per-function rows (run compare with --per-function)" % inp)
                for fn, a in fa.items():
                    b = fb.get(fn)
                    if b is None:
                        continue
                    checked += 1
                    if "dag_cost" in a and "dag_cost" in b and a["dag_cost"] > b["dag_cost"] + EPS:
                        bad.append("%s %s: extraction: %s/%s dagCost %g > %s/%s %g" %
                                   (inp, fn, m, worse, a["dag_cost"], m, better, b["dag_cost"]))
                    if a["cost"][m] > b["cost"][m] + EPS:
                        bad.append("%s %s: result: %s/%s costs %g > %s/%s %g under %s (kept %s, %s)" %
                                   (inp, fn, m, worse, a["cost"][m], m, better, b["cost"][m], m,
                                    a.get("kept", "-"), b.get("kept", "-")))
    for b in bad:
        print("VIOLATION " + b)
    print("cost_order: %d function comparisons, %d violations" % (checked, len(bad)))
    if bad:
        return 1
    return 0 if checked else 2


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
