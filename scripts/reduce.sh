#!/usr/bin/env bash
# reduce.sh IN.wasm [eqsat-wasm options...] [--crash] [--out SMALL.wasm] [--timeout S]
# Shrinks a module on which eqsat-wasm misbehaves to a small reproducer with
# Binaryen's wasm-reduce. The interestingness test is the same as in the fuzz
# suite: optimize with the given options, then
#   default   the output behaves differently from the input
#             (../shared/tools/diffexec exit 1), or does not validate;
#   --crash   eqsat-wasm ends in an internal error (exit 3) or a signal.
# Writes SMALL.wasm (default: IN.reduced.wasm; it always holds the smallest
# module found so far, also when interrupted) and prints the commands to
# check it. Turn it into a regression test by copying it to
# tests/fuzz/regress/ (see tests/fuzz/regress/README.md).
# Environment: EQSAT_WASM (default: build-rel/, build-test/ or build/eqsat-wasm), SHARED (default: ../shared).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { sed -n '2,13p' "$0"; exit 2; }
in=$(realpath "$1"); shift
mode=diff out="" timeout=30 args=()
while [ $# -gt 0 ]; do
  case $1 in
    --crash) mode=crash ;;
    --out) out=$2; shift ;;
    --timeout) timeout=$2; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
out=$(realpath -m "${out:-${in%.wasm}.reduced.wasm}")
exe=${EQSAT_WASM:-}
if [ -z "$exe" ]; then
  for b in build-rel build-test build; do [ -x "$root/$b/eqsat-wasm" ] && { exe=$root/$b/eqsat-wasm; break; }; done
fi
[ -x "${exe:-}" ] || { echo "reduce.sh: no eqsat-wasm binary (set EQSAT_WASM)" >&2; exit 2; }
exe=$(realpath "$exe")
shared=$(realpath "${SHARED:-$root/../shared}")
[ -x "$shared/tools/diffexec" ] || { echo "reduce.sh: $shared/tools/diffexec not found (set SHARED)" >&2; exit 2; }
command -v wasm-reduce >/dev/null || { echo "reduce.sh: wasm-reduce not found (Debian package binaryen)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Feature flags for wasm-reduce: those given to eqsat-wasm, else eqsat-wasm's default set.
feats=()
for a in "${args[@]}"; do case $a in --enable-*|--disable-*|--all-features|-all|--mvp-features|-mvp) feats+=("$a") ;; esac; done
[ ${#feats[@]} -gt 0 ] || feats=(--mvp-features --enable-sign-ext --enable-mutable-globals)
vflags=$(printf '%q ' "${feats[@]}")
qargs=""; [ ${#args[@]} -eq 0 ] || qargs=$(printf '%q ' "${args[@]}")

# The interestingness test: prints one word; wasm-reduce keeps a candidate when
# the word (and exit code) are the same as for the original module.
cat > "$work/test.sh" <<TEST
#!/usr/bin/env bash
t=\$1
o=\$t.eqsat-out.wasm
rm -f "\$o"
timeout $timeout $(printf '%q' "$exe") "\$t" $qargs --no-check-rules -q -o "\$o" > /dev/null 2>&1
rc=\$?
if [ $mode = crash ]; then
  # 3 = internal error, >= 128 = killed by a signal (not 124 timeout, 126/127 no binary)
  if [ \$rc = 3 ] || { [ \$rc -ge 128 ] && [ \$rc != 137 ]; }; then echo INTERESTING; exit 1; fi
  echo boring; exit 0
fi
[ \$rc = 0 ] || { echo boring; exit 0; }
if ! wasm-opt "\$o" $vflags -q -o /dev/null > /dev/null 2>&1; then echo INTERESTING; exit 1; fi
timeout $((timeout * 2)) $(printf '%q' "$shared/tools/diffexec") "\$t" "\$o" > /dev/null 2>&1
if [ \$? = 1 ]; then echo INTERESTING; exit 1; fi
echo boring; exit 0
TEST
chmod +x "$work/test.sh"

first=$("$work/test.sh" "$in" || true)
if [ "$first" != INTERESTING ]; then
  echo "reduce.sh: $in is not interesting: eqsat-wasm ${args[*]} $( [ $mode = crash ] && echo 'does not crash on it' || echo 'gives a correct output') - nothing to reduce" >&2
  exit 1
fi
cp "$in" "$work/orig.wasm"
echo "reduce.sh: reducing $(stat -c %s "$in") bytes with wasm-reduce ($mode)..."
(cd "$work" && wasm-reduce orig.wasm "--command=bash $work/test.sh $work/t.wasm" -t "$work/t.wasm" -w "$out" \
   -b "$(dirname "$(command -v wasm-opt)")/" -ef "${feats[*]}" --timeout "$timeout" > "$work/reduce.log" 2>&1) || { tail -20 "$work/reduce.log"; echo "reduce.sh: wasm-reduce failed" >&2; exit 1; }
[ -s "$out" ] || { tail -20 "$work/reduce.log"; echo "reduce.sh: no reduced module" >&2; exit 1; }
again=$("$work/test.sh" "$out" || true)
[ "$again" = INTERESTING ] || echo "reduce.sh: warning: the reduced module is no longer interesting" >&2
echo "reduce.sh: $out ($(stat -c %s "$out") bytes)"
echo "  check:  $exe $out ${args[*]} -o out.wasm && $shared/tools/diffexec $out out.wasm"
echo "  text:   wasm-dis $out"
