#!/usr/bin/env bash
# tables_check.sh EXE SHARED_DIR SEED COUNT
# Faithful output on modules fuzzgen never makes: gen_tables.py writes COUNT
# random modules with several tables (imported, defined, exported, an element
# segment each, call_indirect through each), globals, passive and active data
# and memory.init. Each is assembled with wabt, optimized, and must behave
# exactly like the input (diffexec) and be the input but for its replaced
# bodies (tests/scripts/faithful.py); at least one body in the run must be
# replaced, or the test would check nothing.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../scripts/common.sh"
exe=$1 shared=$2 seed=$3 count=$4
[ -x "$shared/tools/wasm-structdiff" ] || skip "$shared/tools not present"
command -v node >/dev/null || skip "node not installed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/gen_tables.py" "$work" "$count" "$seed" || fail "gen_tables.py failed"
failures=0 replaced=0
for wat in "$work"/*.wat; do
  m=${wat%.wat}
  wat2wasm --debug-names "$wat" -o "$m.wasm" || { echo "FAIL $wat: wat2wasm"; failures=$((failures + 1)); continue; }
  if ! "$exe" "$m.wasm" --enable-reference-types --enable-bulk-memory -q -o "$m.out.wasm" \
      --report "$m.json" 2> "$m.err"; then
    echo "FAIL $(basename "$wat"): eqsat-wasm: $(head -1 "$m.err")"; failures=$((failures + 1)); continue
  fi
  if ! "$shared/tools/diffexec" "$m.wasm" "$m.out.wasm" > "$m.diff" 2>&1; then
    echo "FAIL $(basename "$wat"): $(grep -v '^ *$' "$m.diff" | head -3 | tr '\n' ' ')"; failures=$((failures + 1)); continue
  fi
  if ! python3 "$here/../scripts/faithful.py" "$shared" "$m.wasm" "$m.out.wasm" "$m.json" > "$m.faithful"; then
    echo "FAIL $(basename "$wat"): $(head -1 "$m.faithful")"; failures=$((failures + 1)); continue
  fi
  replaced=$((replaced + $(python3 -c 'import json,sys; print(sum(f["replaced"] for f in json.load(open(sys.argv[1]))["functions"]))' "$m.json")))
done
echo "seed $seed: $count modules, $replaced bodies replaced, $failures failures"
[ "$failures" = 0 ] || fail "$failures failing modules (rerun: $0 $*)"
[ "$replaced" -gt 0 ] || fail "no body was replaced: the run checked nothing"
echo ok
