#!/usr/bin/env bash
# scripts/output-hashes.sh EXE [REAL_DIR] > hashes.txt
# sha256 of eqsat-wasm's output (default options) on every module of
# ../shared/corpus (seam and pulseengine; the seam's -O2 variants with
# --inline, as seam_check.sh runs them), our own shims (tests/seam/shims) and
# the real-world modules of REAL_DIR (fetched by ../shared/corpus/real/fetch.sh;
# their manifest's wasm-opt flags), one line per module: `sha256  name`.
# A refactoring that must not change behaviour leaves this list identical:
#   scripts/output-hashes.sh build/eqsat-wasm /work/real-wasm > before.txt
#   ... change ...
#   scripts/output-hashes.sh build/eqsat-wasm /work/real-wasm | diff before.txt -
set -uo pipefail
exe=$1 real=${2:-}
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$repo/../shared"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # name input flags...
  local name=$1 in=$2; shift 2
  if "$exe" "$in" -o "$work/out.wasm" -q "$@" >/dev/null 2>"$work/err"; then
    echo "$(sha256sum <"$work/out.wasm" | cut -d' ' -f1)  $name"
  else
    echo "exit-$?-$(head -c 80 "$work/err" | tr '\n' ' ')  $name"
  fi
  rm -f "$work/out.wasm"
}
for f in "$shared"/corpus/seam/*.wasm "$shared"/corpus/pulseengine/*.wasm "$repo"/tests/seam/shims/*.wasm; do
  [ -f "$f" ] || continue
  rel=${f#"$shared"/}; rel=${rel#"$repo"/}
  case $f in *.inl-o2.wasm) run "$rel --inline" "$f" --inline ;; esac
  case $f in */sem.loom.wasm) run "$rel --inline" "$f" --inline ;; esac
  run "$rel" "$f"
done
if [ -n "$real" ] && [ -f "$real/manifest.tsv" ]; then
  . "$repo/tests/scripts/common.sh"
  manifest_files "$real/manifest.tsv" | while read -r file; do
    [ -f "$real/$file" ] || continue
    read -r -a flags <<<"$(manifest_wasm_opt_flags "$real/manifest.tsv" "$file")"
    run "real/$file" "$real/$file" --no-check-rules "${flags[@]}"
  done
fi
