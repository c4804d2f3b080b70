#!/usr/bin/env bash
# README command 1: install the dependencies, build eqsat-wasm (Release) and run it
# on the bundled example, writing /tmp/decide_shim.opt.wasm and printing its summary.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
./scripts/install-deps.sh
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" --target eqsat-wasm >/dev/null
"./$BUILD_DIR/eqsat-wasm" examples/decide_shim.wat -o /tmp/decide_shim.opt.wasm
