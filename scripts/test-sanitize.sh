#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer:
# builds everything with -DEQSAT_SANITIZE=ON (warnings as errors) into
# build-asan/ and runs ctest there. Any ASan/UBSan/LeakSanitizer report makes
# the test that triggered it fail (UBSan halts on the first error).
# Extra arguments go to ctest (e.g. ./scripts/test-sanitize.sh -L hostile).
# EQSAT_SANITIZE_BUILD_ONLY=1: configure and build, run no test (scripts/test.sh
# builds this way while its first stage runs).
# scripts/test.sh (and so CI) runs a subset this way as its second stage;
# docs/reliability.md has the times.
# Same dependencies as scripts/test.sh (GCC's libasan/libubsan come with g++).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-asan}
for tool in cmake c++ wasm-opt wat2wasm node python3; do
  if ! command -v "$tool" >/dev/null; then ./scripts/install-deps.sh; break; fi
done
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEQSAT_SANITIZE=ON \
  -DEQSAT_WERROR="${EQSAT_WERROR:-ON}" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
[ "${EQSAT_SANITIZE_BUILD_ONLY:-0}" = 1 ] && exit 0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=0:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# ASan's stack frames are 5-16x larger than a release build's (Builder::visit
# in bridge/bridge.cpp: 8.4 KB instead of 0.5 KB). The recursive walks are
# depth-capped for the release build (2000 levels of the bridge take about
# 1.2 MB of the default 8 MB); under ASan the same depth takes 17 MB, so the
# deep-nesting tests get a 64 MB stack here (worker threads too: glibc sizes
# their stacks from this limit).
ulimit -s 65536 2>/dev/null ||
  echo "test-sanitize.sh: warning: cannot raise the stack limit to 64 MB (hard limit: $(ulimit -H -s));" \
    "the deep-nesting tests may overflow the stack under ASan" >&2
# CTest timeouts and the tests' own time bounds are 4x longer in this build
# (tests/CMakeLists.txt). The real-world corpus is left to the release build
# (scripts/test.sh): under ASan its biggest modules take minutes each.
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" -LE '^real$' "$@"
