#!/usr/bin/env bash
# Cost models and extractors (label "cost"; needs ../shared, else exit 77).
#   cost_check.sh EXE SHARED order     every model x extractor on the seam and pulseengine
#                                      corpora: dag never worse than tree, exact never worse
#                                      than dag (tests/scripts/cost_order.py), per function,
#                                      at extraction (dagCost) and in the result (the model's
#                                      cost of what optimize writes)
#   cost_check.sh EXE SHARED same      compare's outputs are byte-identical to
#                                      `eqsat-wasm IN --cost M --extractor E -o OUT`
set -u
exe=$1 shared=$2 mode=$3
here=$(cd "$(dirname "$0")" && pwd)
[ -d "$shared/corpus/seam" ] || { echo "SKIP: no $shared/corpus/seam (clone the shared data beside the repo as ../shared)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

case $mode in
order)
  ls "$shared"/corpus/seam/*.wasm "$shared"/corpus/pulseengine/*.wasm >"$tmp/inputs"
  # Two at a time; --exact-time 2 as bench/compare.sh (the order holds whatever the limit).
  xargs -P 2 -I{} sh -c 'b=$(basename "$1" .wasm); "$2" compare "$1" --all-features --format json --per-function --exact-time 2 >"$3/$b.json" 2>"$3/$b.err" || { echo "compare failed on $1:"; cat "$3/$b.err"; exit 255; }' \
    sh {} "$exe" "$tmp" <"$tmp/inputs" || fail "eqsat-wasm compare failed"
  python3 "$here/cost_order.py" "$tmp"/*.json || fail "the extractor order does not hold"
  ;;
same)
  for f in "$shared"/corpus/seam/timer_expire.inl.wasm "$shared"/corpus/seam/msgq_put.inl.wasm \
           "$shared"/corpus/pulseengine/httparse.wasm "$shared"/corpus/pulseengine/flight_seam_flat.wasm; do
    b=$(basename "$f" .wasm)
    "$exe" compare "$f" -o "$tmp/cmp" --format csv >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; fail "compare $b"; }
    for m in thumb2 thumb2-regalloc rv32 wasm-bytes ast; do
      for e in tree dag exact; do
        "$exe" "$f" --cost $m --extractor $e -o "$tmp/opt.wasm" -q || fail "eqsat-wasm $b --cost $m --extractor $e"
        cmp -s "$tmp/opt.wasm" "$tmp/cmp/$b.$m.$e.wasm" || fail "$b $m/$e: compare's output differs from optimize's"
      done
    done
    echo "$b: 15 combinations identical"
  done
  ;;
*) fail "unknown mode $mode" ;;
esac
