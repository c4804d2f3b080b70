#!/usr/bin/env bash
# fuzz_check.sh EXE SHARED_DIR SEED COUNT KEEP_DIR [strict]
# Differential fuzzing: ../shared/tools/fuzzgen makes COUNT random valid
# modules with SEED ("run" = a seed that changes per run: $EQSAT_FUZZ_SEED if
# set, else from the clock; it is printed). Each module goes through eqsat-wasm
# with the default rules and with every cost model `eqsat-wasm --help` lists;
# every output must be written (exit 0), validate (wasm-opt), behave exactly
# like the input (../shared/tools/diffexec) and be the input but for the bodies
# it replaced (tests/scripts/faithful.py). Every 8th module is also optimized
# twice to check that the output is byte-identical (determinism).
# A failing module is kept in KEEP_DIR/seed-SEED/ with a README line giving the
# commands to reproduce and reduce it (scripts/reduce.sh).
# `strict`: with no assumption beyond wasm semantics (`--assume none`), the
# default cost model only, and outputs compared with `diffexec --strict-stack`
# (the whole memory, the dead stack window included).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../scripts/common.sh"
. "$here/common.sh"
exe=$1 shared=$2 seed=$3 count=$4 keep=$5 mode=${6:-}
eqflags=() dflags=()
case $mode in
  '') ;;
  strict) eqflags=(--assume none) dflags=(--strict-stack) ;;
  *) echo "usage: $0 EXE SHARED_DIR SEED COUNT KEEP_DIR [strict]" >&2; exit 2 ;;
esac
[ -d "$shared/tools" ] || skip "$shared not present"
command -v node >/dev/null || skip "node not installed"
if [ "$seed" = run ]; then
  seed=${EQSAT_FUZZ_SEED:-$(( $(date +%s%N) / 1000 % 2000000000 + 100000 ))}
fi
echo "fuzz seed: $seed ($count modules; rerun with EQSAT_FUZZ_SEED=$seed or: $0 $exe $shared $seed $count $keep)"
models=$(cost_models "$exe")
[ "$mode" = strict ] && models=default
echo "cost models: $models"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$shared/tools/fuzzgen" "$work/gen" "$count" --seed "$seed" > "$work/fuzzgen.log" 2>&1 \
  || { cat "$work/fuzzgen.log"; fail "fuzzgen failed for seed $seed"; }
failures=0 runs=0 i=0
report() {  # module model what
  local m=$1 model=$2 what=$3 base
  base=$(basename "$m")
  failures=$((failures + 1))
  mkdir -p "$keep/seed-$seed"
  cp "$m" "$keep/seed-$seed/$base"
  local cmd="$exe $keep/seed-$seed/$base $(model_args "$model") ${eqflags[*]} --no-check-rules -o out.wasm"
  echo "FAIL seed $seed $base model $model ${eqflags[*]}: $what" | tee -a "$keep/seed-$seed/README"
  echo "  reproduce: $cmd && $shared/tools/diffexec $keep/seed-$seed/$base out.wasm ${dflags[*]}" | tee -a "$keep/seed-$seed/README"
  echo "  reduce:    scripts/reduce.sh $keep/seed-$seed/$base $(model_args "$model") ${eqflags[*]}" | tee -a "$keep/seed-$seed/README"
}
for m in "$work"/gen/*.wasm; do
  i=$((i + 1))
  for model in $models; do
    runs=$((runs + 1))
    out="$work/out.wasm"
    rm -f "$out"
    # shellcheck disable=SC2046
    "$exe" "$m" $(model_args "$model") "${eqflags[@]}" --no-check-rules -q -o "$out" --report "$work/report.json" 2> "$work/err"
    rc=$?
    if [ $rc != 0 ]; then
      report "$m" "$model" "eqsat-wasm exited with $rc: $(head -c 300 "$work/err")"; continue
    fi
    if ! wasm-opt "$out" --mvp-features --enable-sign-ext --enable-mutable-globals -q -o /dev/null 2> "$work/err"; then
      report "$m" "$model" "output does not validate: $(head -3 "$work/err" | tr '\n' ' ' | head -c 300)"; continue
    fi
    if ! "$shared/tools/diffexec" "$m" "$out" "${dflags[@]}" > "$work/diff" 2>&1; then
      report "$m" "$model" "diffexec: $(grep -v '^ *$' "$work/diff" | head -4 | tr '\n' ' ' | head -c 400)"; continue
    fi
    # The output contract does not depend on the cost model: checked once per module.
    if [ "$model" = "${models%% *}" ] && \
       ! python3 "$here/../scripts/faithful.py" "$shared" "$m" "$out" "$work/report.json" > "$work/faithful" 2>&1; then
      report "$m" "$model" "$(head -1 "$work/faithful")"; continue
    fi
    if [ $((i % 8)) = 1 ]; then
      # shellcheck disable=SC2046
      "$exe" "$m" $(model_args "$model") "${eqflags[@]}" --no-check-rules -q -o "$work/again.wasm" 2>/dev/null
      cmp -s "$out" "$work/again.wasm" || report "$m" "$model" "not deterministic: two runs give different bytes"
    fi
  done
done
echo "seed $seed: $i modules x $(echo $models | wc -w) cost models = $runs runs, $failures failures"
[ "$failures" = 0 ] || fail "$failures failing runs for seed $seed (modules kept in $keep/seed-$seed)"
echo ok
