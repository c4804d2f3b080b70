#!/usr/bin/env bash
# real_check.sh EXE SHARED_DIR REAL_DIR FILE [EQSAT ARGS...]
# One real-world module (fetched by real_fetch.sh into REAL_DIR): eqsat-wasm
# must either optimize it (exit 0; the output validates and behaves exactly like
# the input under diffexec) or, for a module Binaryen 108 itself cannot read
# (manifest: UNREADABLE), refuse it with one clean line (exit 2).
# The feature flags come from REAL_DIR/manifest.tsv (wasm_opt108_flags).
# EQSAT_DIFFEXEC_FLAGS (environment): extra diffexec options, e.g.
# --strict-stack for the strict mode (EQSAT ARGS `--assume none`); the report
# row then goes to REAL_DIR/report/FILE.strict.tsv.
# Prints and appends to REAL_DIR/report/FILE.tsv one row:
#   file bytes functions handled left_alone hit_limit cost_before cost_after seconds peak_kib result left_alone_reasons
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../scripts/common.sh"
. "$here/common.sh"
exe=$1 shared=$2 real=$3 file=$4; shift 4
in=$real/$file
[ -f "$in" ] || skip "$in not fetched (offline, or ../shared absent)"
command -v node >/dev/null || skip "node not installed"
flags=() unreadable=0
if [ -f "$real/manifest.tsv" ]; then
  [ "$(manifest_field "$real/manifest.tsv" "$file" features_over_mvp)" = UNREADABLE ] && unreadable=1
  read -r -a flags <<< "$(manifest_wasm_opt_flags "$real/manifest.tsv" "$file")"
fi
read -r -a dflags <<< "${EQSAT_DIFFEXEC_FLAGS:-}"
tag=""
[ ${#dflags[@]} -gt 0 ] && tag=.strict
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
TIMEFILE=$work/time
# Per-function statistics (why functions were left alone) when the build has --report.
[[ "$("$exe" --help)" == *--report* ]] && flags+=(--report "$work/report.json")
timed "$exe" "$in" -o "$work/out.wasm" --no-check-rules "${flags[@]}" "$@" > "$work/out" 2> "$work/err"
rc=$?
read -r kib secs < <(tail -1 "$TIMEFILE" 2>/dev/null) || true
summary=$(cat "$work/out")
err=$(cat "$work/err")
echo "command: eqsat-wasm $in -o out.wasm --no-check-rules ${flags[*]} $*"
echo "exit $rc, ${secs:-?} s, peak ${kib:-?} KiB"
[ -n "$summary" ] && echo "summary: $summary"
[ -n "$err" ] && echo "stderr:  $err"
mkdir -p "$real/report"
reasons=""
if [ -s "$work/report.json" ]; then
  reasons=$(python3 -c '
import collections, json, sys
r = json.load(open(sys.argv[1]))
c = collections.Counter(f.get("reason", "") for f in r["functions"] if not f.get("handled"))
print("; ".join("%d %s" % (n, k or "?") for k, n in c.most_common(4)))' "$work/report.json" 2>/dev/null)
  echo "left alone: ${reasons:-none}"
fi
num() { echo "$summary" | grep -oE "$1" | grep -oE '^[0-9.]+' | head -1; }
record() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$file" "$(stat -c %s "$in")" \
    "$(num '[0-9]+ functions?')" "$(num '[0-9]+ handled')" "$(num '[0-9]+ left alone')" \
    "$(num '[0-9]+ hit a limit')" "$(echo "$summary" | sed -nE 's/.*cost ([0-9.]+) -> ([0-9.]+).*/\1/p')" \
    "$(echo "$summary" | sed -nE 's/.*cost ([0-9.]+) -> ([0-9.]+).*/\2/p')" "${secs:-}" "${kib:-}" "$1" \
    | tee "$real/report/$file$tag.tsv"
}
if [ "$unreadable" = 1 ]; then
  # Binaryen 108 cannot read it: the only acceptable outcome is a clean refusal.
  [ "$rc" = 2 ] || { record "FAIL(exit $rc)"; fail "expected a clean refusal (exit 2) of a module Binaryen cannot read, got exit $rc"; }
  [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "error is not one line"
  [ ! -e "$work/out.wasm" ] || fail "output written for a refused module"
  record "refused (Binaryen 108 cannot read it)"
  echo ok; exit 0
fi
[ "$rc" = 0 ] || { record "FAIL(exit $rc)"; fail "eqsat-wasm exited with $rc"; }
[ "$(printf '%s\n' "$err" | grep -c .)" = 0 ] || fail "unexpected stderr"
validate_wasm "$work/out.wasm" "${flags[@]}"
if ! "$shared/tools/diffexec" "$in" "$work/out.wasm" "${dflags[@]}" > "$work/diff" 2>&1; then
  cat "$work/diff" | head -20
  record "FAIL(diffexec)"
  fail "diffexec ${dflags[*]}: $file and its optimized form differ (reduce: scripts/reduce.sh $in ${flags[*]} $*)"
fi
grep -E '^diffexec:' "$work/diff" | head -2
if [ -s "$work/report.json" ]; then
  inline=(); [[ " $* " == *" --inline "* ]] && inline=(--inline)
  python3 "$here/../scripts/faithful.py" "$shared" "$in" "$work/out.wasm" "$work/report.json" "${inline[@]}" \
    || { record "FAIL(structure)"; fail "the output of $file is not the input with its replaced bodies"; }
fi
record ok
echo ok
