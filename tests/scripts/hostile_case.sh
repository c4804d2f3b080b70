#!/usr/bin/env bash
# hostile_case.sh EXE HOSTILE_DIR CASE
# Runs one case of HOSTILE_DIR/cases.txt in a fresh directory holding copies of
# its fixture files and checks: the exit code, stderr is exactly the expected
# single line, stdout is empty, no file was created or left behind (also no
# hidden temp file), and no input file was modified.
set -uo pipefail
. "$(dirname "$0")/common.sh"
exe=$1 dir=$2 case=$3
line=$(grep -v '^#' "$dir/cases.txt" | awk -F ' [|] ' -v c="$case" '$1 == c' )
[ -n "$line" ] || fail "no case '$case' in $dir/cases.txt"
IFS=$'\n' read -r -d '' name code files args expected < <(echo "$line" | awk -F ' [|] ' '{print $1; print $2; print $3; print $4; print $5}'; printf '\0')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in $files; do [ "$f" = "-" ] || cp "$dir/$f" "$work/" || fail "fixture $f missing"; done
cd "$work" || fail "cd"
before=$(ls -A; md5sum * 2>/dev/null)
read -r -a argv <<< "$args"
"$exe" "${argv[@]}" > "$work/../$case.stdout.$$" 2> "$work/../$case.stderr.$$"
rc=$?
out=$(cat "$work/../$case.stdout.$$"); err=$(cat "$work/../$case.stderr.$$")
rm -f "$work/../$case.stdout.$$" "$work/../$case.stderr.$$"
after=$(ls -A; md5sum * 2>/dev/null)
echo "command: eqsat-wasm $args"
echo "stderr:  $err"
[ "$rc" = "$code" ] || fail "exit code $rc, expected $code"
[ "$err" = "$expected" ] || fail "stderr differs; expected: $expected"
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "stderr is not one line"
[ -z "$out" ] || fail "unexpected stdout: $out"
[ "$before" = "$after" ] || fail "files changed: before [$before] after [$after]"
echo "ok"
