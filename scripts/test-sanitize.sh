#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer:
# builds everything with -DEQSAT_SANITIZE=ON (warnings as errors) into
# build-asan/ and runs ctest there. Any ASan/UBSan/LeakSanitizer report makes
# the test that triggered it fail (UBSan halts on the first error).
# Extra arguments go to ctest (e.g. ./scripts/test-sanitize.sh -L hostile).
# Same dependencies as scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-asan}
for tool in cmake c++ wasm-opt wat2wasm node python3; do
  if ! command -v "$tool" >/dev/null; then ./scripts/install-deps.sh; break; fi
done
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEQSAT_SANITIZE=ON \
  -DEQSAT_WERROR="${EQSAT_WERROR:-ON}" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=0:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The real-world corpus is left to the release build (scripts/test.sh): under
# ASan its biggest modules take minutes each.
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" -LE '^real$' "$@"
