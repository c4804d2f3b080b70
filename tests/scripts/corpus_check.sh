#!/usr/bin/env bash
# corpus_check.sh EXE SHARED_DIR FILE
# FILE round-trips through eqsat-wasm, the output validates and behaves exactly
# like the input under ../shared/tools/diffexec.
set -uo pipefail
. "$(dirname "$0")/common.sh"
exe=$1 shared=$2 in=$3
[ -d "$shared" ] || skip "$shared not present"
[ -f "$in" ] || fail "$in missing"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# --no-check-rules: the load-time rule check (~0.7 s) is the same for every file;
# the e2e and rules tests cover it.
"$exe" "$in" -o "$work/out.wasm" -q --no-check-rules ${EQSAT_TEST_ARGS:-} || fail "eqsat-wasm exited with $? on $in"
[ -s "$work/out.wasm" ] || fail "no output written"
validate_wasm "$work/out.wasm"
to_binary "$in" "$work/in.wasm"
command -v node >/dev/null || skip "node not installed: behaviour not compared"
"$shared/tools/diffexec" "$work/in.wasm" "$work/out.wasm" || fail "diffexec: $in and its optimized form differ"
