#!/usr/bin/env bash
# isolate.sh IN.wasm TOP [eqsat-wasm options...]
# Finds which function of a big module makes eqsat-wasm crash or miscompile:
# the TOP largest function bodies are extracted one at a time (wasm-opt
# --extract-function-index; imports, memory, globals and data stay) and each
# small module is checked like in the fuzz suite (exit code, validation,
# diffexec). Prints one line per bad function and keeps it as
# IN.fN.wasm, ready for scripts/reduce.sh.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
in=$1 top=$2; shift 2
exe=${EQSAT_WASM:-$here/../../build-rel/eqsat-wasm}
shared=${SHARED:-$here/../../../shared}
feats=()
for a in "$@"; do case $a in --enable-*|--disable-*|--all-features|-all) feats+=("$a") ;; esac; done
[ ${#feats[@]} -gt 0 ] || feats=(--enable-sign-ext --enable-mutable-globals)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# defined-function index -> body size, largest first
python3 - "$in" "$top" > "$work/list" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
def uleb(p):
    r = s = 0
    while True:
        b = d[p]; p += 1; r |= (b & 0x7f) << s; s += 7
        if b < 0x80: return r, p
p, nimp, sizes = 8, 0, []
while p < len(d):
    sid = d[p]; n, q = uleb(p + 1); end = q + n
    if sid == 2:
        cnt, q = uleb(q)
        for _ in range(cnt):
            l, q = uleb(q); q += l; l, q = uleb(q); q += l
            k = d[q]; q += 1
            if k == 0: nimp += 1; _, q = uleb(q)
            elif k == 1: q += 1; f = d[q]; q += 1; _, q = uleb(q); q = uleb(q)[1] if f & 1 else q
            elif k == 2: f = d[q]; q += 1; _, q = uleb(q); q = uleb(q)[1] if f & 1 else q
            elif k == 3: q += 2
    if sid == 10:
        cnt, q = uleb(q)
        for i in range(cnt):
            l, q = uleb(q); sizes.append((l, nimp + i)); q += l
    p = end
for l, i in sorted(sizes, reverse=True)[:int(sys.argv[2])]:
    print(i, l)
PY
while read -r idx size; do
  wasm-opt "$in" "${feats[@]}" --extract-function-index --pass-arg=extract-function-index@"$idx" -o "$work/f.wasm" 2>/dev/null || continue
  timeout 120 "$exe" "$work/f.wasm" "$@" --no-check-rules -q -o "$work/o.wasm" 2> "$work/err"
  rc=$?
  what=""
  if [ $rc != 0 ]; then what="exit $rc: $(head -c 200 "$work/err")"
  elif ! wasm-opt "$work/o.wasm" "${feats[@]}" -q -o /dev/null 2>/dev/null; then what="output does not validate"
  elif [ -x "$shared/tools/diffexec" ]; then
    "$shared/tools/diffexec" "$work/f.wasm" "$work/o.wasm" > "$work/d" 2>&1
    [ $? = 1 ] && what="diffexec: $(grep -E 'first|differ|DIFFERENT' "$work/d" | head -2 | tr '\n' ' ' | head -c 300)"
  fi
  if [ -n "$what" ]; then
    cp "$work/f.wasm" "${in%.wasm}.f$idx.wasm"
    echo "function $idx ($size bytes): $what -> ${in%.wasm}.f$idx.wasm"
  fi
done < "$work/list"
