#!/usr/bin/env bash
# README command 2: build everything with warnings as errors and run the whole
# test suite (unit, e2e, hostile, corpus over ../shared/corpus, and the other
# areas' suites). Installs the dependencies first if a tool is missing.
# Extra arguments go to ctest (e.g. ./scripts/test.sh -L hostile).
#
# Second stage (only without extra arguments; EQSAT_TEST_SANITIZE=0 skips it):
# the suite again under AddressSanitizer + UndefinedBehaviorSanitizer
# (scripts/test-sanitize.sh, GCC, build-asan/), all but the tests listed in
# SANITIZE_CI_EXCLUDE below, which take most of the time under ASan and run in
# the full sanitizer run (./scripts/test-sanitize.sh) only. docs/reliability.md
# has the times.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-test}
for tool in cmake c++ wasm-opt wat2wasm node python3; do
  if ! command -v "$tool" >/dev/null; then ./scripts/install-deps.sh; break; fi
done
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DEQSAT_WERROR="${EQSAT_WERROR:-ON}" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" "$@"

[ $# -eq 0 ] && [ "${EQSAT_TEST_SANITIZE:-1}" != 0 ] || exit 0
# Left out of this stage (about 70% of the full sanitizer run's CPU time):
# fixed fuzz seeds 5-12 (seeds 1-4 and fuzz/seed-per-run stay),
# fuzz/determinism (the same optimizations twice), the Z3 proof of the shipped
# rulesets (rules-check-shipped: Z3 itself is not instrumented),
# cost/extractor-order (every extractor and cost model over two corpora: 10
# minutes under ASan), cost/seam-matrix and cost/never-worse-* (models and
# extractors over the seam corpus, timed by t2-estimate) and the two slowest generated hostile inputs
# (functions_50k, rules_10k: size, not nastiness), seam/own-shims (210
# modules through the same code seam/done-when runs under ASan on 42) and
# seam/generated (30 generated shims, the same code again; its time is mostly
# clang, diffexec and synth).
# `real` is never run under ASan.
SANITIZE_CI_EXCLUDE='^(fuzz/seed-([5-9]|1[0-2])|fuzz/determinism|rules-check-shipped|cost/(extractor-order|seam-matrix|never-worse-t2.*)|hostile/generated/(functions_50k|rules_10k)|seam/(own-shims|generated))$'
if ! echo 'int main() { return 0; }' | "${CXX:-c++}" -x c++ -fsanitize=address,undefined -o /dev/null - 2>/dev/null; then
  msg="the compiler (${CXX:-c++}) cannot build with -fsanitize=address,undefined (GCC: libasan, libubsan)"
  [ "${CI:-}" = true ] && { echo "test.sh: $msg" >&2; exit 1; }
  echo "test.sh: stage 2 skipped: $msg"
  exit 0
fi
echo "== stage 2: the suite under ASan + UBSan (scripts/test-sanitize.sh), without: $SANITIZE_CI_EXCLUDE"
BUILD_DIR=build-asan ./scripts/test-sanitize.sh -E "$SANITIZE_CI_EXCLUDE"
