#!/usr/bin/env bash
# stack_abi_check.sh EXE SHARED INPUT.wat
# The stack-abi assumption both ways on INPUT (tests/golden/assume/stack_abi_alias.wat,
# whose export "alias" passes a pointer to the slot its callee is about to reserve):
#  * with the assumption (the default, and `--assume stack-abi`) the slot's load
#    is forwarded across the store through that pointer, which plain wasm
#    semantics tells apart: `diffexec --strict-stack` must report a difference
#    in "alias";
#  * without it (`--assume none`, `--no-stack-abi`: the same bytes) the output
#    must be identical under `diffexec --strict-stack`.
# Exit 0 pass, 1 fail, 77 without SHARED/tools or node.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
exe=$1 shared=$2 in=$3
[ -x "$shared/tools/diffexec" ] || skip "$shared/tools/diffexec not present"
command -v node > /dev/null || skip "node not installed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
to_binary "$in" "$work/in.wasm"
run() {  # NAME FLAGS...
  local name=$1; shift
  "$exe" "$in" -q -o "$work/$name.wasm" "$@" 2> "$work/err"
  local rc=$?
  [ $rc = 0 ] || { cat "$work/err" >&2; fail "eqsat-wasm $* exited with $rc"; }
  [ -s "$work/err" ] && { cat "$work/err" >&2; fail "unexpected stderr for eqsat-wasm $*"; }
  validate_wasm "$work/$name.wasm"
}
run default
run stackabi --assume stack-abi
run none --assume none
run nostack --no-stack-abi
cmp -s "$work/default.wasm" "$work/stackabi.wasm" || fail "--assume stack-abi differs from the default"
cmp -s "$work/none.wasm" "$work/nostack.wasm" || fail "--no-stack-abi differs from --assume none"
cmp -s "$work/default.wasm" "$work/none.wasm" && fail "--assume none changes nothing on $in"

"$shared/tools/diffexec" "$work/in.wasm" "$work/none.wasm" --strict-stack > "$work/d-none" 2>&1
rc=$?
[ $rc = 0 ] || { cat "$work/d-none" >&2; fail "--assume none: diffexec --strict-stack exited with $rc (want 0, identical)"; }

"$shared/tools/diffexec" "$work/in.wasm" "$work/default.wasm" --strict-stack > "$work/d-default" 2>&1
rc=$?
if [ $rc != 1 ] || ! grep -q 'alias' "$work/d-default"; then
  cat "$work/d-default" >&2
  fail "default: diffexec --strict-stack exited with $rc; want 1 with the forwarded load of \"alias\" reported"
fi
echo "default (stack-abi): $(grep -v '^ *$' "$work/d-default" | head -2 | tr '\n' ' ')"
echo "PASS: $in"
