#!/usr/bin/env bash
# Cost models x extractors, measured (docs/cost-models.md, "The comparison").
#
#   bench/compare.sh [--quick] [--no-real] [--update-docs] [--jobs N] [--timeout S] [--real-max-kb K]
#                    [--extractors LIST] [OUTDIR]
#
# 1. `eqsat-wasm compare IN --all-features --format json --per-function -o ... --exact-time 2`
#    (every built-in model x the extractors of --extractors, default tree,tree-ls,dag,exact; each
#    result is what `eqsat-wasm IN --cost C --extractor E` writes) over ../shared/corpus/seam, ../shared/corpus/pulseengine and the
#    real-world modules of ../shared/corpus/real/fetch.sh (REAL_WASM, default /tmp/real-wasm,
#    fetched when absent) up to --real-max-kb (default 2500: all but highs, 2.6 MB; resvg, 2.4 MB,
#    takes about 15 minutes and 2.3 GB), each module within --timeout seconds (default 1200; a
#    module that does not finish is listed);
# 2. every distinct output (by sha256): diffexec against its input, t2-estimate,
#    synth-count (the functions synth compiles, bench/synth_names.py), thumb2-count --opt O0 and
#    --opt O2 (cached in OUTDIR/measure by content);
# 3. bench/compare_report.py: OUTDIR/report.md (tables, extractor order, Spearman's rho),
#    docs/img/cost-models-rho.png and docs/img/cost-models-results.png (gnuplot); with
#    --update-docs the generated section of docs/cost-models.md is replaced by the report.
#
# --quick: the seam corpus only. Results of step 1 are reused when OUTDIR was made by the same
# eqsat-wasm binary (OUTDIR/eqsat.sha256). Needs: a build (EQSAT, default build-cost/ or build/),
# python3, gnuplot, node, wasm2c, clang (thumbv7em target), llvm-objdump-14.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${SHARED:-$root/../shared}
quick=0 real=1 docs=0 jobs=2 timeout=1200 realmax=2500 out=/tmp/eqsat-compare extractors=tree,tree-ls,dag,exact
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --no-real) real=0 ;;
    --update-docs) docs=1 ;;
    --jobs) jobs=$2; shift ;;
    --timeout) timeout=$2; shift ;;
    --real-max-kb) realmax=$2; shift ;;
    --extractors) extractors=$2; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    -*) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
    *) out=$1 ;;
  esac
  shift
done
EQSAT=${EQSAT:-}
if [ -z "$EQSAT" ]; then
  for b in "$root/build-cost" "$root/build"; do [ -x "$b/eqsat-wasm" ] && { EQSAT=$b/eqsat-wasm; break; }; done
fi
[ -x "${EQSAT:-}" ] || { echo "compare.sh: no eqsat-wasm build (set EQSAT)" >&2; exit 2; }
for t in python3 gnuplot node wasm2c clang llvm-objdump-14; do
  command -v $t >/dev/null || { echo "compare.sh: $t is missing (scripts/install-deps.sh)" >&2; exit 2; }
done
mkdir -p "$out"
sha="$(sha256sum "$EQSAT" | cut -d" " -f1) $extractors"
if [ "$(cat "$out/eqsat.sha256" 2>/dev/null)" != "$sha" ]; then
  rm -rf "$out/json" "$out/wasm"   # another binary: compare again (measurements are by content)
  echo "$sha" >"$out/eqsat.sha256"
fi
mkdir -p "$out/json" "$out/wasm" "$out/measure"

# corpus <TAB> input file
: >"$out/inputs.tsv"
: >"$out/skipped.tsv"
for f in "$shared"/corpus/seam/*.wasm; do printf 'seam\t%s\n' "$f" >>"$out/inputs.tsv"; done
if [ $quick -eq 0 ]; then
  for f in "$shared"/corpus/pulseengine/*.wasm; do printf 'pulseengine\t%s\n' "$f" >>"$out/inputs.tsv"; done
  if [ $real -eq 1 ]; then
    realdir=${REAL_WASM:-/tmp/real-wasm}
    [ -n "$(ls "$realdir"/*.wasm 2>/dev/null)" ] || "$shared/corpus/real/fetch.sh" "$realdir" >/dev/null
    for f in "$realdir"/*.wasm; do
      if [ "$(stat -c %s "$f")" -le $((realmax * 1024)) ]; then printf 'real\t%s\n' "$f" >>"$out/inputs.tsv"
      else printf 'real\t%s\tskipped: larger than %s KB (--real-max-kb)\n' "$f" "$realmax" >>"$out/skipped.tsv"; fi
    done
  fi
fi

# ---- 1. compare, one JSON per input (largest first, so that the long ones start early)
export EQSAT out timeout extractors
compare_one() {
  local corpus=$1 f=$2 b
  b=$(basename "$f" .wasm)
  local j="$out/json/$corpus/$b.json"
  [ -s "$j" ] && return 0
  mkdir -p "$out/json/$corpus" "$out/wasm/$corpus"
  local t0=$SECONDS rc=0
  timeout "$timeout" nice -n 5 "$EQSAT" compare "$f" --all-features --format json --per-function \
    --extractors "$extractors" -o "$out/wasm/$corpus" --exact-time 2 >"$j.tmp" 2>"$out/json/$corpus/$b.err" || rc=$?
  if [ $rc -eq 0 ]; then
    mv "$j.tmp" "$j"
    rm -f "$out/json/$corpus/$b.fail"
    echo "compare.sh: $corpus/$b: $((SECONDS - t0)) s"
  else
    rm -f "$j.tmp"
    if [ $rc -eq 124 ]; then echo "did not finish within ${timeout} s" >"$out/json/$corpus/$b.fail"
    else echo "eqsat-wasm compare exited with $rc: $(tail -1 "$out/json/$corpus/$b.err")" >"$out/json/$corpus/$b.fail"; fi
    echo "compare.sh: $corpus/$b: $(cat "$out/json/$corpus/$b.fail")" >&2
  fi
}
export -f compare_one
while IFS=$'\t' read -r corpus f; do printf '%s\t%s\t%s\n' "$(stat -c %s "$f")" "$corpus" "$f"; done <"$out/inputs.tsv" |
  sort -rn | cut -f2- | tr '\t' '\n' | xargs -d '\n' -n 2 -P "$jobs" bash -c 'compare_one "$1" "$2"' _

# ---- 2. measure every distinct output: outputs.tsv = corpus, input, output, sha256
: >"$out/outputs.tsv"
while IFS=$'\t' read -r corpus f; do
  b=$(basename "$f" .wasm)
  [ -s "$out/json/$corpus/$b.json" ] || continue
  for w in "$out/wasm/$corpus/$b".*.wasm; do
    rest=${w#"$out/wasm/$corpus/$b."}
    # COST.EXTRACTOR.wasm or input.wasm, not another input's (a.b.COST.EXTRACTOR.wasm)
    [[ $rest =~ ^[^.]+\.(tree|tree-ls|dag|exact)\.wasm$ || $rest == input.wasm ]] || continue
    printf '%s\t%s\t%s\t%s\n' "$corpus" "$f" "$w" "$(sha256sum "$w" | cut -d' ' -f1)" >>"$out/outputs.tsv"
  done
done <"$out/inputs.tsv"
export shared here
measure_one() {
  local f=$1 w=$2 h=$3 m="$out/measure/$3" ref=${4:-}
  local ih; ih=$(sha256sum "$f" | cut -d' ' -f1)
  if [ "$ih" != "$h" ] && [ ! -e "$m.$ih.diffexec" ]; then
    if timeout 900 "$shared/tools/diffexec" "$f" "$w" >"$m.$ih.diffexec.log" 2>&1; then echo ok >"$m.$ih.diffexec"
    else echo "DIFF $(tail -1 "$m.$ih.diffexec.log")" >"$m.$ih.diffexec"; fi
  fi
  # (tasks for one output with different inputs may run at once: temporary files per process)
  if [ ! -e "$m.t2.json" ]; then
    if timeout 600 "$shared/tools/t2-estimate" "$w" --json >"$m.t2.json.$$" 2>/dev/null; then mv "$m.t2.json.$$" "$m.t2.json"
    else rm -f "$m.t2.json.$$"; fi
  fi
  if [ ! -e "$m.synth.json" ] && [ ! -e "$m.synth.fail" ]; then
    if timeout 900 python3 "$here/synth_names.py" "$shared" "$w" >"$m.synth.json.$$" 2>/dev/null; then
      mv "$m.synth.json.$$" "$m.synth.json"
    else
      rm -f "$m.synth.json.$$"; echo "synth compiles no function of it" >"$m.synth.fail"
    fi
  fi
  for o in O0 O2; do
    # thumb2-count fails on every output of a module or on none (wasm2c without SIMD, or its function
    # count differing from wasm-dis'): after the module's input fails, its outputs are not compiled.
    if [ -n "$ref" ] && [ -e "$out/measure/$ref.$o.fail" ] && [ ! -e "$m.$o.json" ]; then
      [ -e "$m.$o.fail" ] || echo "skipped: thumb2-count failed on the module's input" >"$m.$o.fail"
      continue
    fi
    [ -e "$m.$o.json" ] || [ -e "$m.$o.fail" ] || {
      if timeout 1800 nice -n 5 "$shared/tools/thumb2-count" "$w" --opt $o --json >"$m.$o.json.$$" 2>"$m.$o.err.$$"; then
        mv "$m.$o.json.$$" "$m.$o.json"
      else
        rm -f "$m.$o.json.$$"; echo "failed: $(grep . "$m.$o.err.$$" | tail -1)" >"$m.$o.fail"
      fi
      rm -f "$m.$o.err.$$"
    }
  done
}
export -f measure_one
# One task per distinct output (the first file that has it), with its own input for diffexec: each
# module's input as Binaryen writes it (.input.wasm) first, then the results, told the input's sha256.
awk -F'\t' '$3 ~ /\.input\.wasm$/ && !seen[$4 FS $2]++ { print $2; print $3; print $4 }' "$out/outputs.tsv" |
  xargs -d '\n' -n 3 -P "$jobs" bash -c 'measure_one "$1" "$2" "$3"' _
awk -F'\t' '$3 ~ /\.input\.wasm$/ { ref[$2] = $4 } $3 !~ /\.input\.wasm$/ { task[++n] = $0 }
  END { for (i = 1; i <= n; i++) { split(task[i], t, "\t"); if (!seen[t[4] FS t[2]]++) { print t[2]; print t[3]; print t[4]; print ref[t[2]] } } }' \
  "$out/outputs.tsv" | xargs -d '\n' -n 4 -P "$jobs" bash -c 'measure_one "$1" "$2" "$3" "$4"' _

# ---- 3. the report
args=("$out" "$root/docs")
[ $docs -eq 1 ] && args+=(--update-docs)
python3 "$here/compare_report.py" "${args[@]}"
