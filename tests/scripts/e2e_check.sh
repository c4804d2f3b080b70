#!/usr/bin/env bash
# e2e_check.sh EXE MODE IN [EXTRA-FLAGS...]
# End-to-end checks of the built eqsat-wasm on one input (see tests/cli.cmake):
#   roundtrip  -o out.wasm: exit 0, one summary line, output validates (wasm-opt),
#              behaves like IN (diffexec, when ../shared/tools is there); if
#              IN's directory has NAME.expected.wat, `-S -o -` must print exactly it
#   summary    no -o: exit 0, exactly one summary line on stdout, nothing written
#   stdout     `-o -` writes the same bytes as `-o FILE`, and no summary
#   text       -S output reads back (via eqsat-wasm itself) and validates
#   inplace    --in-place on a copy: still valid, same format (text stays text), mode kept
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
exe=$1 mode=$2 in=$3; shift 3
shared="$here/../../../shared"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name=$(basename "$in"); name=${name%.*}
summary_re='^.+: [0-9]+ functions?, [0-9]+ handled, [0-9]+ left alone(, [0-9]+ hit a limit)?, cost [0-9.]+ -> [0-9.]+( \([-+][0-9.]+%\))?; '

diff_behaviour() {  # A B
  if [ -x "$shared/tools/diffexec" ] && command -v node >/dev/null; then
    "$shared/tools/diffexec" "$1" "$2" || fail "diffexec: $1 and $2 behave differently"
  else
    echo "note: ../shared/tools/diffexec or node missing: behaviour not compared"
  fi
}

case $mode in
roundtrip)
  "$exe" "$in" -o "$work/out.wasm" "$@" > "$work/stdout" 2> "$work/stderr"
  rc=$?
  [ $rc = 0 ] || { cat "$work/stderr"; fail "exit $rc"; }
  [ -s "$work/stderr" ] && { cat "$work/stderr"; fail "unexpected stderr"; }
  cat "$work/stdout"
  [ "$(wc -l < "$work/stdout")" = 1 ] || fail "expected one summary line"
  grep -Eq "$summary_re" "$work/stdout" || fail "summary line has an unexpected shape"
  validate_wasm "$work/out.wasm" "$@"
  to_binary "$in" "$work/in.wasm"
  diff_behaviour "$work/in.wasm" "$work/out.wasm"
  expected="$(dirname "$in")/$name.expected.wat"
  if [ -f "$expected" ]; then
    "$exe" "$in" -S -o - "$@" > "$work/out.wat" || fail "-S -o - failed"
    diff -u "$expected" "$work/out.wat" || fail "text output differs from $expected"
  fi
  ;;
summary)
  cp "$in" "$work/"
  cd "$work" || fail cd
  before=$(ls -A)
  out=$("$exe" "$(basename "$in")" "$@" 2> stderr)
  rc=$?
  [ $rc = 0 ] || { cat stderr; fail "exit $rc"; }
  echo "$out"
  [ -s stderr ] && { cat stderr; fail "unexpected stderr"; }
  [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "expected exactly one line"
  printf '%s\n' "$out" | grep -Eq "$summary_re" || fail "summary line has an unexpected shape"
  printf '%s\n' "$out" | grep -q 'nothing written (no -o)$' || fail "summary should say nothing was written"
  rm -f stderr
  [ "$(ls -A)" = "$before" ] || fail "files were written: $(ls -A)"
  ;;
stdout)
  "$exe" "$in" -o - "$@" > "$work/a.wasm" || fail "-o - exit $?"
  "$exe" "$in" -o "$work/b.wasm" -q "$@" || fail "-o FILE exit $?"
  cmp "$work/a.wasm" "$work/b.wasm" || fail "-o - and -o FILE differ"
  validate_wasm "$work/a.wasm" "$@"
  ;;
text)
  "$exe" "$in" -S -o "$work/out.wat" -q "$@" || fail "-S exit $?"
  head -c 7 "$work/out.wat" | grep -q '^(module' || fail "-S output is not text"
  "$exe" "$work/out.wat" -o "$work/again.wasm" -q "$@" || fail "reading our own -S output failed"
  validate_wasm "$work/again.wasm" "$@"
  to_binary "$in" "$work/in.wasm"
  diff_behaviour "$work/in.wasm" "$work/again.wasm"
  ;;
inplace)
  cp "$in" "$work/$(basename "$in")"
  f="$work/$(basename "$in")"
  chmod 640 "$f"
  to_binary "$in" "$work/orig.wasm"
  "$exe" "$f" --in-place -q "$@" || fail "--in-place exit $?"
  [ "$(stat -c %a "$f")" = 640 ] || fail "mode not kept: $(stat -c %a "$f")"
  [ "$(ls -A "$work" | sort | tr '\n' ' ')" = "$(printf '%s\n' "$(basename "$in")" orig.wasm | sort | tr '\n' ' ')" ] || fail "leftover files: $(ls -A "$work")"
  if [ "$(head -c 4 "$in" | od -An -c | tr -d ' ')" = '\0asm' ]; then
    [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '\0asm' ] || fail "binary input became text"
  else
    head -c 7 "$f" | grep -q '^(module' || fail "text input did not stay text"
  fi
  to_binary "$f" "$work/new.wasm"
  validate_wasm "$work/new.wasm" "$@"
  diff_behaviour "$work/orig.wasm" "$work/new.wasm"
  ;;
*) fail "unknown mode $mode" ;;
esac
echo ok
