#!/usr/bin/env bash
# bench/calibrate.py recovers a known table (label "cost"; needs ../shared, else exit 77):
# counts synthesised from tests/cost/known-table.json over the seam and pulseengine
# modules are fitted back; every cost must come back within 0.01 (the ones the known
# table leaves out at 0), and eqsat-wasm must accept the fitted table.
#   calibrate_check.sh EXE SHARED
set -u
exe=$1 shared=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ -d "$shared/corpus/seam" ] || { echo "SKIP: no $shared/corpus/seam"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mods=$(ls "$shared"/corpus/seam/*.inl*.wasm "$shared"/corpus/pulseengine/*.wasm)
known=$root/tests/cost/known-table.json
python3 "$root/bench/calibrate.py" --synthesize "$known" -o "$tmp/counts.csv" $mods || fail "synthesize"
python3 "$root/bench/calibrate.py" --exe "$exe" --measure "$tmp/counts.csv" --holdout 0 -o "$tmp/fit.json" $mods \
  >"$tmp/report" || fail "calibrate"
python3 - "$known" "$tmp/fit.json" <<'PY' || fail "the fitted table is not the known one"
import json, sys
known, fit = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
bad = []
for sect in ("ops", "locals", "control"):
    want = dict(known.get(sect, {}))
    if sect == "locals":
        want.update({k + "64": v for k, v in list(want.items())})
    for k in set(want) | set(fit.get(sect, {})):
        w, g = want.get(k, 0), fit.get(sect, {}).get(k, 0)
        if abs(w - g) > 0.01:
            bad.append("%s.%s: known %g, fitted %g" % (sect, k, w, g))
for b in bad:
    print(b)
print("%d costs recovered" % sum(len(fit.get(s, {})) for s in ("ops", "locals", "control")) if not bad else "")
sys.exit(1 if bad else 0)
PY
grep -q '^| function | 4.000 |$' "$tmp/report" || fail "the per-function term is not the known one: $(grep '| function' "$tmp/report")"
"$exe" "$shared/corpus/seam/event_post.inl.wasm" --cost "$tmp/fit.json" -q -o "$tmp/out.wasm" || fail "eqsat-wasm rejects the fitted table"
echo "PASS: calibrate recovers $known"
