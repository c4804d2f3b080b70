#!/usr/bin/env bash
# corpus_check.sh EXE SHARED_DIR FILE
# FILE round-trips through eqsat-wasm, the output validates, behaves exactly
# like the input under ../shared/tools/diffexec, and is the input but for the
# bodies it replaced (tests/scripts/faithful.py, ../shared/tools/wasm-structdiff).
set -uo pipefail
. "$(dirname "$0")/common.sh"
exe=$1 shared=$2 in=$3
[ -d "$shared" ] || skip "$shared not present"
[ -f "$in" ] || fail "$in missing"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# --no-check-rules: the load-time rule check (~0.7 s) is the same for every file;
# the e2e and rules tests cover it.
"$exe" "$in" -o "$work/out.wasm" -q --no-check-rules --report "$work/report.json" ${EQSAT_TEST_ARGS:-} || fail "eqsat-wasm exited with $? on $in"
[ -s "$work/out.wasm" ] || fail "no output written"
validate_wasm "$work/out.wasm"
to_binary "$in" "$work/in.wasm"
command -v node >/dev/null || skip "node not installed: behaviour not compared"
"$shared/tools/diffexec" "$work/in.wasm" "$work/out.wasm" || fail "diffexec: $in and its optimized form differ"
python3 "$(dirname "$0")/faithful.py" "$shared" "$work/in.wasm" "$work/out.wasm" "$work/report.json" \
  || fail "the output of $in is not the input with its replaced bodies"
