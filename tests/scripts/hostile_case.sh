#!/usr/bin/env bash
# hostile_case.sh EXE HOSTILE_DIR CASE
# Runs one case of HOSTILE_DIR/cases.txt in a fresh directory holding copies of
# its fixture files and checks: the exit code, stderr is exactly the expected
# single line, stdout is empty, no file was created or left behind (also no
# hidden temp file), and no input file was modified; and that it took less
# than 10 s (times EQSAT_TEST_TIME_SCALE) and less than 1 GB of memory (peak
# resident set, measured by GNU time where it is installed).
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
bound=$((10 * ${EQSAT_TEST_TIME_SCALE:-1}))
timer=()
peakf="$work/../$case.peak.$$"
[ -x /usr/bin/time ] && timer=(/usr/bin/time -o "$peakf" -f '%M')
t0=$(date +%s.%N)
timeout -k 2 "$bound" "${timer[@]}" "$exe" "${argv[@]}" > "$work/../$case.stdout.$$" 2> "$work/../$case.stderr.$$"
rc=$?
secs=$(echo "$(date +%s.%N) - $t0" | bc)
peak_kb=$( [ -s "$peakf" ] && tail -1 "$peakf" || echo 0); rm -f "$peakf"
echo "exit $rc after ${secs}s, peak ${peak_kb} KB"
[ "$rc" != 124 ] && [ "$rc" != 137 ] || fail "no result within ${bound}s"
[ "$peak_kb" -lt $((1024 * 1024)) ] || fail "peak memory ${peak_kb} KB, over 1 GB"
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
