#!/usr/bin/env bash
# README command 2: build everything with warnings as errors and run the whole
# test suite (unit, e2e, hostile, corpus over ../shared/corpus, and the other
# areas' suites). Installs the dependencies first if a tool is missing.
# Extra arguments go to ctest (e.g. ./scripts/test.sh -L hostile); then only
# the release build runs, and it runs every test the arguments select.
#
# Without arguments there are two stages (EQSAT_TEST_SANITIZE=0, or a compiler
# without -fsanitize=address,undefined outside CI, leaves one: the release
# build and every test):
#   1. the release build (build-test/) and every test but SANITIZE_ONLY;
#   2. the ASan + UBSan build (scripts/test-sanitize.sh, build-asan/) and every
#      test but `real` and SANITIZE_CI_EXCLUDE.
# Every test runs in at least one stage. docs/reliability.md (Sanitizers, CI
# time) says what each stage runs and why, with the times.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-test}
for tool in cmake c++ wasm-opt wat2wasm node python3; do
  if ! command -v "$tool" >/dev/null; then ./scripts/install-deps.sh; break; fi
done

# Run under ASan + UBSan only: fixed fuzz seeds 1-4 (the release build runs
# seeds 5-12; the same checks, every seed once).
SANITIZE_ONLY='^fuzz/seed-[1-4]$'
# Left to the release build (most of the sanitizer run's CPU time, little a
# sanitizer could find that the stage's other tests do not reach):
# fixed fuzz seeds 5-12, fuzz/determinism (the same optimizations twice), the
# Z3 proof of the shipped rulesets (rules-check-shipped: Z3 itself is not
# instrumented), cost/extractor-order (every extractor and cost model over two
# corpora), cost/seam-matrix and cost/never-worse-* (models and extractors over
# the seam corpus, timed by t2-estimate), the two slowest generated hostile
# inputs (functions_50k, rules_10k: size, not nastiness), the seam checks
# (seam/done-when, own-shims, generated: the eqsat-wasm runs of done-when are
# those of corpus/seam/*.wasm, which stay; the rest of their time is the
# Python and node tools), and the .wat copies of the seam corpus (wasm-dis
# text of the .wasm beside them: the same code, read by Binaryen's text parser;
# the e2e tests and the pulseengine .wat files keep text input under ASan).
# `real` is never run under ASan (scripts/test-sanitize.sh).
SANITIZE_CI_EXCLUDE='^(fuzz/seed-([5-9]|1[0-2])|fuzz/determinism|rules-check-shipped|cost/(extractor-order|seam-matrix|never-worse-t2.*)|hostile/generated/(functions_50k|rules_10k)|seam/(done-when|own-shims(-o[23])?|generated)|corpus/seam/.*\.wat)$'

two_stages=0
if [ $# -eq 0 ] && [ "${EQSAT_TEST_SANITIZE:-1}" != 0 ]; then
  if echo 'int main() { return 0; }' | "${CXX:-c++}" -x c++ -fsanitize=address,undefined -o /dev/null - 2>/dev/null; then
    two_stages=1
  else
    msg="the compiler (${CXX:-c++}) cannot build with -fsanitize=address,undefined (GCC: libasan, libubsan)"
    [ "${CI:-}" = true ] && { echo "test.sh: $msg" >&2; exit 1; }
    echo "test.sh: stage 2 skipped, stage 1 runs every test: $msg"
  fi
fi

stage_start=$SECONDS
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DEQSAT_WERROR="${EQSAT_WERROR:-ON}" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
echo "== stage 1: release build: $((SECONDS - stage_start)) s"
stage_start=$SECONDS
if [ $two_stages = 0 ]; then
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" "$@"
  echo "== stage 1: tests: $((SECONDS - stage_start)) s"
  exit 0
fi

# The sanitizer build runs beside the first stage's tests at a lower priority:
# it takes the cycles they leave idle (tests waiting for node, Python, the
# network or a time limit; the last test alone) and gets its normal priority
# back when they end (renice: as root, as in CI). Its own process group, so
# that a failing first stage stops it.
mkdir -p build-asan
set -m
EQSAT_SANITIZE_BUILD_ONLY=1 BUILD_DIR=build-asan nice -n 10 ./scripts/test-sanitize.sh >build-asan/build.log 2>&1 &
asan_build=$!
set +m
trap 'kill -- -"$asan_build" 2>/dev/null || true' EXIT
echo "== stage 1: the suite (release build), without: $SANITIZE_ONLY; the ASan + UBSan build beside it (build-asan/build.log)"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" -E "$SANITIZE_ONLY"
echo "== stage 1: tests: $((SECONDS - stage_start)) s"

stage_start=$SECONDS
renice -n 0 -g "$asan_build" >/dev/null 2>&1 || true
asan_rc=0
wait "$asan_build" || asan_rc=$?
trap - EXIT
cat build-asan/build.log
[ $asan_rc = 0 ] || { echo "test.sh: the ASan + UBSan build failed (exit $asan_rc)" >&2; exit 1; }
echo "== stage 2: ASan + UBSan build: done $((SECONDS - stage_start)) s after stage 1's tests"
stage_start=$SECONDS
echo "== stage 2: the suite under ASan + UBSan (scripts/test-sanitize.sh), without: $SANITIZE_CI_EXCLUDE"
BUILD_DIR=build-asan ./scripts/test-sanitize.sh -E "$SANITIZE_CI_EXCLUDE"
echo "== stage 2: tests: $((SECONDS - stage_start)) s"
