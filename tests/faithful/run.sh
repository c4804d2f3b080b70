#!/usr/bin/env bash
# run.sh EXE SHARED CASE.wat
# The faithful-output contract on a module built for it (docs/reliability.md,
# "Faithful output"): CASE.wat is assembled with wabt (with a name section
# unless its directive says `nonames`; with custom sections added around its
# own for `custom`), optimized, and the output must
#   - behave exactly like the input (SHARED/tools/diffexec),
#   - be the input in everything but the bodies --report marks as replaced
#     (tests/scripts/faithful.py, with SHARED/tools/wasm-structdiff),
#   - keep the input's module and function names, and have no name section
#     when the input had none,
#   - replace as many bodies as the directive says (`replaced=0`, `replaced>=1`),
#   - with `mvp`, validate as an MVP module (wasm-opt --mvp-features).
# With `text`, eqsat-wasm reads CASE.wat itself (its own conversion of text).
# Directive: a line `;; faithful: [replaced=0|replaced>=1] [nonames] [custom] [mvp] [text] [flags=...]`
# (flags= takes the rest of the line). Exit 77 (skipped) without SHARED/tools.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../scripts/common.sh"
exe=$1 shared=$2 case=$3
[ -x "$shared/tools/wasm-structdiff" ] || skip "$shared/tools not present"
command -v node >/dev/null || skip "node not installed"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
directive=$(grep -m1 '^;; faithful:' "$case" | sed 's/^;; faithful://')
flags=()
[[ "$directive" == *flags=* ]] && read -r -a flags <<< "${directive#*flags=}"
names=(--debug-names); [[ " $directive " == *" nonames "* ]] && names=()
wat2wasm "${names[@]}" "$case" -o "$work/in.wasm" || fail "wat2wasm failed on $case"
if [[ " $directive " == *" custom "* ]]; then
  python3 "$here/sections.py" add "$work/in.wasm" "$work/in2.wasm" && mv "$work/in2.wasm" "$work/in.wasm"
fi
input=$work/in.wasm; [[ " $directive " == *" text "* ]] && input=$case
"$exe" "$input" -o "$work/out.wasm" --report "$work/report.json" "${flags[@]}" > "$work/summary" 2> "$work/err" \
  || { cat "$work/err"; fail "eqsat-wasm exited with $?"; }
cat "$work/summary"
[ -s "$work/err" ] && { cat "$work/err"; fail "unexpected stderr"; }
"$shared/tools/diffexec" "$work/in.wasm" "$work/out.wasm" || fail "diffexec: the output behaves differently"
python3 "$here/../scripts/faithful.py" "$shared" "$work/in.wasm" "$work/out.wasm" "$work/report.json" \
  || fail "the output is not the input with its replaced bodies"
replaced=$(python3 -c 'import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))["functions"] if f["replaced"]))' "$work/report.json")
case " $directive " in
*" replaced=0 "*) [ "$replaced" = 0 ] || fail "expected no body replaced, got $replaced" ;;
*" replaced>=1 "*) [ "$replaced" -ge 1 ] || fail "expected a body replaced (the test would check nothing), got 0" ;;
esac
[ "$(python3 "$here/sections.py" names "$work/in.wasm")" = "$(python3 "$here/sections.py" names "$work/out.wasm")" ] \
  || fail "module or function names changed"
python3 "$here/sections.py" list "$work/in.wasm" > "$work/in.sections"
python3 "$here/sections.py" list "$work/out.wasm" > "$work/out.sections"
if ! grep -qx '0 name' "$work/in.sections"; then
  grep -qx '0 name' "$work/out.sections" && fail "the output gained a name section"
fi
if [[ " $directive " == *" mvp "* ]]; then
  wasm-opt --mvp-features "$work/out.wasm" -o /dev/null || fail "the output of an MVP module uses features beyond the MVP"
fi
if [[ " $directive " == *" custom "* ]]; then
  grep -q 'DWARF dropped' "$work/summary" || fail "the summary does not say that DWARF was dropped"
  grep -q '^0 .debug_' "$work/out.sections" && fail ".debug_* kept with rewritten code"
fi
echo ok
