#!/usr/bin/env bash
# `eqsat-wasm rewrite` against its exact expected output (tests/rewrite/*.expected).
#   rewrite_check.sh EXE EXPECTED_FILE EXPECTED_EXIT [rewrite args...]
# EXPECTED_FILE holds stdout and stderr as printed (stderr after stdout).
set -u
exe=$1 expected=$2 code=$3
shift 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$exe" rewrite "$@" >"$tmp/out" 2>"$tmp/err"
rc=$?
cat "$tmp/out" "$tmp/err" >"$tmp/all"
if [ "$rc" -ne "$code" ]; then echo "FAIL: exit $rc, expected $code"; cat "$tmp/all"; exit 1; fi
if ! diff -u "$expected" "$tmp/all"; then echo "FAIL: output differs from $expected"; exit 1; fi
echo "PASS: $(basename "$expected")"
