#!/usr/bin/env bash
# regress_check.sh EXE SHARED_DIR FILE
# A regression module (tests/fuzz/regress/): optimized with every cost model,
# the output validates and behaves like the input (diffexec), twice byte-identical.
# Extra eqsat-wasm arguments can be given in the first line of FILE.args.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../scripts/common.sh"
. "$here/common.sh"
exe=$1 shared=$2 in=$3
args=()
[ -f "$in.args" ] && read -r -a args < "$in.args"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
to_binary "$in" "$work/in.wasm"
for model in $(cost_models "$exe"); do
  # shellcheck disable=SC2046
  "$exe" "$in" $(model_args "$model") "${args[@]}" --no-check-rules -q -o "$work/out.wasm" 2> "$work/err"
  rc=$?
  [ $rc = 0 ] || { cat "$work/err"; fail "cost model $model: eqsat-wasm exited with $rc"; }
  validate_wasm "$work/out.wasm" "${args[@]}"
  # shellcheck disable=SC2046
  "$exe" "$in" $(model_args "$model") "${args[@]}" --no-check-rules -q -o "$work/again.wasm"
  cmp -s "$work/out.wasm" "$work/again.wasm" || fail "cost model $model: two runs differ"
  if [ -d "$shared/tools" ] && command -v node >/dev/null; then
    "$shared/tools/diffexec" "$work/in.wasm" "$work/out.wasm" > "$work/diff" 2>&1 \
      || { head -20 "$work/diff"; fail "cost model $model: diffexec: input and output differ"; }
    echo "$model: $(grep '^diffexec:' "$work/diff")"
  fi
done
echo ok
