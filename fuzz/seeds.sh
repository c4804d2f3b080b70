#!/usr/bin/env bash
# seeds.sh OUTDIR: builds the seed corpora OUTDIR/pipeline and OUTDIR/rules.
#   pipeline: every module under ../shared/corpus (<= 256 KiB), tests/e2e,
#             tests/hostile, tests/fuzz/regress, examples, 30 fuzzgen modules
#   rules:    rulesets/*.json and tests/rules/**/*.json
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
shared=${SHARED:-$root/../shared}
mkdir -p "$out/pipeline" "$out/rules"
add() { local f=$1 d=$2; [ "$(stat -c %s "$f")" -le 262144 ] || return 0; cp "$f" "$d/$(sha1sum "$f" | cut -c1-16)-$(basename "$f")"; }
for f in "$shared"/corpus/*/*.wasm "$shared"/corpus/*/*.wat "$root"/tests/e2e/*.wat "$root"/tests/e2e/*.wasm \
         "$root"/tests/hostile/*.wasm "$root"/tests/hostile/*.wat "$root"/tests/fuzz/regress/*.wasm "$root"/examples/*.wat; do
  [ -f "$f" ] && add "$f" "$out/pipeline"
done
if [ -x "$shared/tools/fuzzgen" ]; then
  "$shared/tools/fuzzgen" "$out/gen" 30 --seed 4242 --max-bytes 8192 > /dev/null 2>&1 && cp "$out"/gen/*.wasm "$out/pipeline/"
  rm -rf "$out/gen"
fi
for f in "$root"/rulesets/*.json $(find "$root/tests/rules" -name '*.json'); do add "$f" "$out/rules"; done
echo "seeds: $(ls "$out/pipeline" | wc -l) modules, $(ls "$out/rules" | wc -l) rule files in $out"
