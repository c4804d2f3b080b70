#!/usr/bin/env bash
# bench/perf_check.sh EQSAT_WASM SHARED_DIR - the cheap CTest check of tests/perf.cmake:
#   1. -j 1 and -j 2 give byte-identical output (two pulseengine modules and a generated
#      module of 400 functions);
#   2. the progress bar is silent when stderr is not a terminal, and with -q on a terminal;
#      on a terminal (util-linux `script`) without -q it is drawn, then erased.
# Exit 0 pass, 1 fail, 77 SHARED_DIR is absent.
set -uo pipefail
EQ="$1"; SHARED="$2"
[ -d "$SHARED/corpus/pulseengine" ] || { echo "SKIP: $SHARED is absent"; exit 77; }
T="$(mktemp -d "${TMPDIR:-/tmp}/eqsat-perfcheck.XXXXXX")"
trap 'rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# A module with more functions than the progress bar's threshold (300).
{
  echo "(module"
  for i in $(seq 0 399); do
    echo "  (func \$f$i (export \"f$i\") (param i32 i32) (result i32)"
    echo "    (i32.wrap_i64 (i64.shr_u (i64.or (i64.shl (i64.extend_i32_u (local.get 1)) (i64.const 32))"
    echo "                                     (i64.extend_i32_u (i32.add (local.get 0) (i32.const $i)))) (i64.const 32))))"
  done
  echo ")"
} > "$T/many.wat"

for m in "$SHARED/corpus/pulseengine/httparse.wasm" "$SHARED/corpus/pulseengine/json_lite.wasm" "$T/many.wat"; do
  b=$(basename "$m")
  "$EQ" "$m" -q -j 1 -o "$T/$b.j1.wasm" || bad "$b: -j 1 exit $?"
  "$EQ" "$m" -q -j 2 -o "$T/$b.j2.wasm" || bad "$b: -j 2 exit $?"
  cmp -s "$T/$b.j1.wasm" "$T/$b.j2.wasm" || bad "$b: -j 1 and -j 2 outputs differ"
  echo "ok: $b -j 1 == -j 2 ($(stat -c %s "$T/$b.j1.wasm") bytes)"
done

# Not a terminal: nothing on stderr, with or without -q.
"$EQ" "$T/many.wat" -o "$T/a.wasm" 2>"$T/err" >/dev/null || bad "many.wat exit $?"
[ -s "$T/err" ] && bad "stderr not a terminal, yet something was printed: $(head -c 200 "$T/err")"
echo "ok: no progress output when stderr is not a terminal"

if command -v script >/dev/null; then
  script -qec "'$EQ' '$T/many.wat' -q -j 2 -o '$T/b.wasm'" /dev/null > "$T/tty-q" 2>&1 || bad "script -q run exit $?"
  [ -s "$T/tty-q" ] && bad "-q on a terminal printed: $(head -c 200 "$T/tty-q" | od -c | head -3)"
  echo "ok: -q on a terminal prints nothing"
  script -qec "'$EQ' '$T/many.wat' -j 2 -o '$T/c.wasm'" /dev/null > "$T/tty" 2>&1 || bad "script run exit $?"
  grep -q "400/400 functions" "$T/tty" || bad "no progress bar on a terminal: $(head -c 300 "$T/tty" | od -c | head -5)"
  grep -q "400 functions, " "$T/tty" || bad "no summary line on a terminal"
  echo "ok: progress bar drawn on a terminal"
else
  echo "note: util-linux 'script' not found; terminal checks skipped"
fi
exit $fail
