#!/usr/bin/env bash
# Cost models and extractors (label "cost"; needs ../shared, else exit 77).
#   cost_check.sh EXE SHARED order     every model x extractor on the seam and pulseengine
#                                      corpora: tree-ls and dag never worse than tree, exact never worse
#                                      than dag (tests/scripts/cost_order.py), per function,
#                                      at extraction (dagCost) and in the result (the model's
#                                      cost of what optimize writes)
#   cost_check.sh EXE SHARED same      compare's outputs (one round per function) are byte-identical to
#                                      `eqsat-wasm IN --cost M --extractor E --rounds 1 -o OUT`
#   cost_check.sh EXE SHARED matrix DOC  every model (the built-in ones and the user table of
#                                      DOC, docs/cost-models.md) x every extractor on every
#                                      seam .inl.wasm: `eqsat-wasm IN --cost M --extractor E -o OUT`
#                                      succeeds, OUT validates (wasm-opt) and behaves like IN
#                                      (diffexec, once per distinct output); per module, the
#                                      summary's cost is tree-ls, dag <= tree and exact <= dag
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
           "$shared"/corpus/pulseengine/httparse.wasm "$shared"/corpus/pulseengine/flight_seam_flat.wasm \
           "$(dirname "$0")"/../seam/shims/gen_91183.inl.wasm; do  # a .rodata table: the default assumptions alike
    b=$(basename "$f" .wasm)
    "$exe" compare "$f" -o "$tmp/cmp" --format csv >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; fail "compare $b"; }
    for m in thumb2 thumb2-regalloc rv32 wasm-bytes ast; do
      for e in tree tree-ls dag exact; do
        "$exe" "$f" --cost $m --extractor $e --rounds 1 -o "$tmp/opt.wasm" -q || fail "eqsat-wasm $b --cost $m --extractor $e"
        cmp -s "$tmp/opt.wasm" "$tmp/cmp/$b.$m.$e.wasm" || fail "$b $m/$e: compare's output differs from optimize's"
      done
    done
    echo "$b: 20 combinations identical"
  done
  ;;
matrix)
  doc=$4
  # The user table example of docs/cost-models.md (the first json block under "## User tables").
  awk '/^## User tables/ { u = 1 } u && /^```json/ { p = 1; next } p && /^```/ { exit } p' "$doc" >"$tmp/user.json"
  [ -s "$tmp/user.json" ] || fail "no user table example in $doc"
  printf '%s\n' thumb2 thumb2-regalloc rv32 wasm-bytes ast "$tmp/user.json" >"$tmp/models"
  ls "$shared"/corpus/seam/*.inl.wasm >"$tmp/inputs"
  [ -s "$tmp/inputs" ] || fail "no seam .inl.wasm inputs"
  # One job per (input, model): the three extractors, each output validated; the summary line
  # (cost under the model, before -> after) goes to $tmp/sum.
  run_one() {
    local exe=$1 tmp=$2 in=$3 m=$4 b mb e o
    b=$(basename "$in" .wasm); mb=$(basename "$m" .json)
    for e in tree tree-ls dag exact; do
      o="$tmp/out/$b.$mb.$e.wasm"
      "$exe" "$in" --cost "$m" --extractor $e --no-check-rules -o "$o" >"$o.sum" 2>"$o.err" ||
        { echo "FAIL: eqsat-wasm $in --cost $m --extractor $e exited with $?:"; cat "$o.err"; return 255; }
      wasm-opt "$o" --mvp-features --enable-sign-ext --enable-mutable-globals -q -o /dev/null >"$o.err" 2>&1 ||
        { echo "FAIL: wasm-opt rejects the output of $in --cost $m --extractor $e:"; head -20 "$o.err"; return 255; }
      printf '%s\t%s\t%s\t%s\n' "$b" "$mb" $e "$(sed -n 's/.*, cost \([^ ]*\) -> \([^ ]*\) .*/\2/p' "$o.sum")" >>"$tmp/sum.$b.$mb"
    done
  }
  export -f run_one
  mkdir -p "$tmp/out"
  while read -r in; do while read -r m; do printf '%s\n%s\n' "$in" "$m"; done <"$tmp/models"; done <"$tmp/inputs" |
    xargs -d '\n' -n 2 -P 2 bash -c 'run_one "$0" "$1" "$2" "$3"' "$exe" "$tmp" || fail "a combination failed (above)"
  # Behaviour: each distinct output once, against its input.
  for o in "$tmp"/out/*.wasm; do
    b=$(basename "$o"); b=${b%%.inl.*}.inl
    printf '%s\t%s\t%s\n' "$(sha256sum "$o" | cut -d' ' -f1)" "$shared/corpus/seam/$b.wasm" "$o"
  done | sort -u -k1,2 | cut -f2,3 | tr '\t' '\n' >"$tmp/distinct"
  n=$(( $(wc -l <"$tmp/distinct") / 2 ))
  xargs -d '\n' -n 2 -P 2 sh -c '"$0/tools/diffexec" "$1" "$2" >"$2.diffexec" 2>&1 || { echo "FAIL: diffexec: $2 behaves unlike $1:"; tail -5 "$2.diffexec"; exit 255; }' \
    "$shared" <"$tmp/distinct" || fail "an output behaves unlike its input (above)"
  # The extractor order under the model, per module (the summary's cost after).
  cat "$tmp"/sum.* | sort >"$tmp/sum"
  awk -F'\t' '$4 == "" { print "FAIL: no cost in the summary of " $1 " " $2 "/" $3; bad = 1 }
    { c[$1 FS $2 FS $3] = $4 + 0; if (!(($1 FS $2) in k)) { k[$1 FS $2] = 1; pairs++ } }
    END {
      for (x in k) {
        t = c[x FS "tree"]; l = c[x FS "tree-ls"]; d = c[x FS "dag"]; e = c[x FS "exact"]
        if (l > t + 1e-6) { print "FAIL: " x ": tree-ls " l " > tree " t; bad = 1 }
        if (d > t + 1e-6) { print "FAIL: " x ": dag " d " > tree " t; bad = 1 }
        if (e > d + 1e-6) { print "FAIL: " x ": exact " e " > dag " d; bad = 1 }
      }
      if (!bad) printf "order holds for %d (module, model) pairs; ", pairs
      exit bad
    }' "$tmp/sum" || fail "the extractor order does not hold (above)"
  echo "$(wc -l <"$tmp/sum") runs ($(wc -l <"$tmp/inputs") modules x $(wc -l <"$tmp/models") models x 4 extractors) valid, $n distinct outputs behave like their inputs"
  ;;
*) fail "unknown mode $mode" ;;
esac
