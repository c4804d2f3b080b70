#!/bin/sh
# build.sh -- rebuild the .wasm files of this directory from its .c files,
# exactly as ../shared/corpus/seam/build.sh builds the shared seam corpus
# (same compiler flags, same wasm-opt steps, same header): the sources are
# copied with ../shared's seam_common.h into a temporary directory, its
# build.sh runs there, and the NAME.{inl,inl-o3,inl-o2,lto}.wasm it writes
# come back here. Needs clang, wasm-ld, wasm-opt and wasm-dis (as that
# script does) and ../shared beside the repository.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SEAM=${SEAM:-$HERE/../../../../shared/corpus/seam}
[ -f "$SEAM/build.sh" ] || { echo "build.sh: no $SEAM/build.sh (set SEAM)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cp "$HERE"/*.c "$SEAM/seam_common.h" "$SEAM/build.sh" "$TMP"/
SEAM_TOOLS=$(cd "$SEAM/../../tools" && pwd) sh "$TMP/build.sh" --no-ref
for c in "$HERE"/*.c; do
  n=$(basename "$c" .c)
  for v in inl inl-o3 inl-o2 lto; do
    rm -f "$HERE/$n.$v.wasm"
    [ -f "$TMP/$n.$v.wasm" ] && cp "$TMP/$n.$v.wasm" "$HERE/"
  done
done
echo "rebuilt $(ls "$HERE"/*.c | wc -l) shims in $HERE"
