#!/usr/bin/env bash
# README command 2: build everything with warnings as errors and run the whole
# test suite (unit, e2e, hostile, corpus over ../shared/corpus, and the other
# areas' suites). Installs the dependencies first if a tool is missing.
# Extra arguments go to ctest (e.g. ./scripts/test.sh -L hostile).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-test}
for tool in cmake c++ wasm-opt wat2wasm node python3; do
  if ! command -v "$tool" >/dev/null; then ./scripts/install-deps.sh; break; fi
done
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DEQSAT_WERROR="${EQSAT_WERROR:-ON}" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" "$@"
