#!/usr/bin/env bash
# Cost models x extractors, measured: runs `eqsat-wasm compare` over the seam,
# pulseengine and real-world corpora, checks every output with diffexec,
# measures each output with ../shared/tools/thumb2-count (O0, O2) and
# t2-estimate, computes Spearman's rho of each model's prediction against the
# measured counts, and draws docs/img/cost-models.png (gnuplot).
#   bench/compare.sh [--quick] [--no-real] [OUTDIR=/tmp/eqsat-compare]
# Needs: a build (EQSAT=path/to/eqsat-wasm, default build-cost/ or build/), python3, gnuplot, node, wasm2c, clang.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${SHARED:-$root/../shared}
quick=0 real=1 out=/tmp/eqsat-compare
for a in "$@"; do
  case $a in
    --quick) quick=1 ;;
    --no-real) real=0 ;;
    *) out=$a ;;
  esac
done
EQSAT=${EQSAT:-}
if [ -z "$EQSAT" ]; then
  for b in "$root/build-cost" "$root/build"; do [ -x "$b/eqsat-wasm" ] && { EQSAT=$b/eqsat-wasm; break; }; done
fi
[ -x "${EQSAT:-}" ] || { echo "compare.sh: no eqsat-wasm build (set EQSAT)" >&2; exit 2; }
mkdir -p "$out/json" "$out/wasm"

inputs=()
for f in "$shared"/corpus/seam/*.wasm; do inputs+=("$f"); done
[ $quick -eq 1 ] || for f in "$shared"/corpus/pulseengine/*.wasm; do inputs+=("$f"); done
if [ $real -eq 1 ] && [ $quick -eq 0 ]; then
  realdir=${REAL_WASM:-/tmp/real-wasm}
  [ -d "$realdir" ] || "$shared/corpus/real/fetch.sh" "$realdir" >/dev/null
  # the smaller real-world modules (the big ones take minutes per combination)
  for f in "$realdir"/*.wasm; do
    [ "$(stat -c %s "$f")" -le 120000 ] && inputs+=("$f")
  done
fi

for f in "${inputs[@]}"; do
  b=$(basename "$f" .wasm)
  [ -s "$out/json/$b.json" ] && continue
  timeout 1800 "$EQSAT" compare "$f" --all-features --format json --per-function -o "$out/wasm" \
    --node-limit 20000 --exact-time 2 > "$out/json/$b.json.tmp" 2>"$out/json/$b.err" \
    && mv "$out/json/$b.json.tmp" "$out/json/$b.json" || echo "compare.sh: $b: compare failed (see $out/json/$b.err)" >&2
done

# diffexec, thumb2-count and t2-estimate of every output (cached by file).
mkdir -p "$out/measure"
for w in "$out"/wasm/*.wasm; do
  b=$(basename "$w" .wasm)
  m="$out/measure/$b"
  case $b in *.input) ;; *)
    if [ ! -e "$m.diffexec" ]; then
      in=${b%.*.*}
      orig=$(printf '%s\n' "${inputs[@]}" | grep "/$in.wasm$" | head -1)
      if [ -n "$orig" ]; then
        if timeout 300 "$shared/tools/diffexec" "$orig" "$w" >"$m.diffexec.log" 2>&1; then echo ok >"$m.diffexec"
        else echo "DIFF $(tail -1 "$m.diffexec.log")" >"$m.diffexec"; fi
      fi
    fi ;;
  esac
  [ -e "$m.t2.json" ] || timeout 300 "$shared/tools/t2-estimate" "$w" --json >"$m.t2.json" 2>/dev/null || rm -f "$m.t2.json"
  for o in O0 O2; do
    [ -e "$m.$o.json" ] || timeout 600 "$shared/tools/thumb2-count" "$w" --opt $o --json >"$m.$o.json" 2>/dev/null || rm -f "$m.$o.json"
  done
done

python3 "$here/compare_report.py" "$out" "$root/docs"
