#!/usr/bin/env bash
# determinism.sh EXE SHARED_DIR EXAMPLE REGRESS_DIR
# The same input, rules and options give byte-identical output: every module
# of ../shared/corpus/seam and ../shared/corpus/pulseengine (binary inputs), the
# example and the determinism regression modules are optimized three times
# (binary and -S text, default and ast cost models): with the default job
# count, with --jobs 1, and with --jobs 4 pinned to one CPU (`taskset -c 0`),
# and the three outputs compared byte for byte.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../scripts/common.sh"
. "$here/common.sh"
exe=$1 shared=$2 example=$3 regress=$4
inputs=("$example" "$regress"/determinism-*.wasm)
[ -d "$shared/corpus" ] && inputs+=("$shared"/corpus/seam/*.wasm "$shared"/corpus/pulseengine/*.wasm)
models=$(cost_models "$exe")
sel=()
for m in $models; do case $m in default|thumb2|ast) sel+=("$m") ;; esac; done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
# Thread counts: run 2 with one job, run 3 with 4 jobs on one CPU (when the build has --jobs).
j1=() j4=()
if [[ "$("$exe" --help)" == *--jobs* ]]; then j1=(--jobs 1); j4=(--jobs 4); fi
n=0 bad=0
for in in "${inputs[@]}"; do
  [ -f "$in" ] || continue
  for model in "${sel[@]}"; do
    for fmt in bin text; do
      # text output with the default cost model only
      [ $fmt = text ] && [ "$model" != "${sel[0]}" ] && continue
      t=(); [ $fmt = text ] && t=(-S)
      # shellcheck disable=SC2046
      "$exe" "$in" $(model_args "$model") "${t[@]}" --no-check-rules -q -o "$work/a" 2> "$work/err" \
        || { [ $? = 2 ] && continue; cat "$work/err"; fail "$in: eqsat-wasm failed"; }
      # shellcheck disable=SC2046
      "$exe" "$in" $(model_args "$model") "${t[@]}" "${j1[@]}" --no-check-rules -q -o "$work/b"
      # shellcheck disable=SC2046
      "${pin[@]}" "$exe" "$in" $(model_args "$model") "${t[@]}" "${j4[@]}" --no-check-rules -q -o "$work/c"
      n=$((n + 1))
      if ! cmp -s "$work/a" "$work/b" || ! cmp -s "$work/a" "$work/c"; then
        echo "NOT DETERMINISTIC: $in (cost model $model, $fmt): three runs differ"
        bad=$((bad + 1))
      fi
    done
  done
done
echo "$n input/option combinations, each run 3 times: $bad not byte-identical"
[ "$bad" = 0 ] || fail "$bad combinations are not deterministic"
echo ok
