#!/usr/bin/env bash
# run_golden.sh [--bless] EXE SHARED TEST.wat...
#
# One golden test of eqsat-wasm (see tests/golden/README.md):
#   1. `EXE TEST.wat -S -o -` must exit 0 and its printed functions must match
#      the check lines (`;; CHECK-LABEL:`, `;; CHECK:`, `;; CHECK-NEXT:`,
#      `;; CHECK-NOT:`) in TEST.wat (tests/golden/check_lines.py); with --bless
#      the check lines are rewritten from the output instead (every line of
#      every function); review the diff before committing.
#   2. the binary output (`-o OUT.wasm`) and the text output must validate
#      (`wasm-opt --all-features ... -o /dev/null`).
#   3. with SHARED/tools (else exit 77 = skipped, if 1-2 passed):
#      `SHARED/tools/diffexec IN.wasm OUT.wasm` must report identical behaviour
#      (IN.wasm assembled with wat2wasm, or wasm-as without wabt);
#      for tests with a `;; golden: residue=...` directive,
#      `SHARED/tools/seam-residue OUT.wasm`'s TOTAL line must show
#        residue=none    0 pack, 0 unpack, 0 i64 locals
#        residue=escape  at least one pack left (the u64 escapes whole).
# Optional directive `;; golden: flags=...` adds eqsat-wasm options,
# `;; golden: diffexec=...` diffexec options (e.g. --strict-stack).
# Exit 0 pass, 1 fail (every failing check is reported), 77 skipped.
set -uo pipefail

bless=0
if [ "${1:-}" = --bless ]; then bless=1; shift; fi
if [ $# -lt 3 ]; then
  echo "usage: $0 [--bless] EXE SHARED TEST.wat..." >&2
  exit 2
fi
if [ $# -gt 3 ]; then  # several tests: run each, exit with the worst status (1 > 77 > 0)
  exe=$1 shared=$2; shift 2
  worst=0
  for t in "$@"; do
    if [ $bless = 1 ]; then bash "$0" --bless "$exe" "$shared" "$t"; else bash "$0" "$exe" "$shared" "$t"; fi
    rc=$?
    if [ $rc != 0 ] && [ $worst != 1 ]; then worst=$rc; fi
  done
  exit $worst
fi
exe=$1 shared=$2 test=$3
[ -x "$exe" ] || { echo "FAIL: $exe is not an executable" >&2; exit 1; }
[ -f "$test" ] || { echo "FAIL: no test file $test" >&2; exit 1; }
check_lines="$(dirname "${BASH_SOURCE[0]}")/check_lines.py"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

directive() {  # KEY -> value of `;; golden: KEY=value` (first one), or empty
  sed -n "s/^;; *golden: *$1=\(.*\)\$/\1/p" "$test" | head -1 | sed 's/[[:space:]]*$//'
}
residue=$(directive residue)
read -r -a flags <<< "$(directive flags)"
read -r -a dflags <<< "$(directive diffexec)"
case $residue in ''|none|escape) ;; *) fail "unknown residue directive '$residue' in $test"; exit 1 ;; esac

# 1. the printed functions against the test's check lines
"$exe" "$test" -S -o - "${flags[@]}" > "$work/out.wat" 2> "$work/stderr"
rc=$?
if [ $rc != 0 ]; then
  cat "$work/stderr" >&2
  fail "eqsat-wasm -S exited with $rc on $test"
  exit 1
fi
[ -s "$work/stderr" ] && { cat "$work/stderr" >&2; fail "unexpected stderr"; }
if [ $bless = 1 ]; then
  python3 "$check_lines" update "$test" "$work/out.wat"
  echo "blessed the check lines of $test (review the diff before committing)"
elif ! python3 "$check_lines" check "$test" "$work/out.wat" >&2; then
  fail "the output does not match the check lines of $test"
fi

# 2. validation of the binary and the text output
if ! "$exe" "$test" -o "$work/out.wasm" -q "${flags[@]}" 2> "$work/stderr"; then
  cat "$work/stderr" >&2
  fail "eqsat-wasm -o OUT.wasm failed on $test"
  exit 1
fi
for f in "$work/out.wasm" "$work/out.wat"; do
  if ! wasm-opt --all-features "$f" -o /dev/null 2> "$work/val"; then
    head -20 "$work/val" >&2
    fail "wasm-opt rejects the output ($(basename "$f"))"
  fi
done

# 3. behaviour and residue (need ../shared)
if [ ! -x "$shared/tools/diffexec" ] || [ ! -x "$shared/tools/seam-residue" ] || ! command -v node > /dev/null; then
  [ $failed = 1 ] && exit 1
  echo "SKIP: $shared/tools (diffexec, seam-residue) or node missing: behaviour and residue not checked"
  exit 77
fi
if command -v wat2wasm > /dev/null; then
  wat2wasm --enable-all --debug-names "$test" -o "$work/in.wasm" || { fail "wat2wasm cannot read $test"; exit 1; }
else
  wasm-as --all-features "$test" -o "$work/in.wasm" || { fail "wasm-as cannot read $test"; exit 1; }
fi
if ! "$shared/tools/diffexec" "$work/in.wasm" "$work/out.wasm" "${dflags[@]}" > "$work/diffexec" 2>&1; then
  cat "$work/diffexec" >&2
  fail "diffexec: the output behaves differently from $test"
fi

if [ -n "$residue" ]; then
  "$shared/tools/seam-residue" "$work/out.wasm" > "$work/residue" 2>&1 || { cat "$work/residue" >&2; fail "seam-residue failed"; }
  # TOTAL  pack unpack carrier i64loc ext insns binsns
  read -r _ pack unpack carrier i64loc _ <<< "$(grep '^TOTAL' "$work/residue")"
  if ! [[ ${pack:-} =~ ^[0-9]+$ && ${unpack:-} =~ ^[0-9]+$ && ${i64loc:-} =~ ^[0-9]+$ ]]; then
    cat "$work/residue" >&2
    fail "cannot parse seam-residue's TOTAL line"
  elif [ "$residue" = none ]; then
    if [ "$pack" != 0 ] || [ "$unpack" != 0 ] || [ "$i64loc" != 0 ]; then
      cat "$work/residue" >&2
      fail "seam residue left: pack=$pack unpack=$unpack i64 locals=$i64loc (want 0 0 0)"
    fi
  elif [ "$pack" = 0 ]; then
    cat "$work/residue" >&2
    fail "escaping u64: the pack is gone (pack=0), the value must reach its use whole"
  fi
fi

[ $failed = 1 ] && exit 1
echo "PASS: $test"
exit 0
