#!/usr/bin/env bash
# Installs everything eqsat-wasm needs on a fresh Debian 12 machine (run as root or with sudo):
# compiler and CMake, Binaryen 108 (library + wasm-opt), wabt (wat2wasm, for .wat input),
# nlohmann-json, doctest, Z3, GLPK, node + python3 for the test tools in ../shared/tools, clang and
# lld (wasm-ld) for the generated seam shims (tests/seam/gen), and what bench/compare.sh needs
# besides (gnuplot, llvm).
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake binaryen wabt nlohmann-json3-dev doctest-dev libz3-dev libglpk-dev nodejs python3 >/dev/null
# tests/seam/gen: clang and wasm-ld (lld) build the generated decide/shim pairs for wasm32;
# bench/compare.sh: gnuplot for its plots, clang and llvm (llvm-objdump-14) for ../shared/tools/thumb2-count
$SUDO apt-get install -y -qq --no-install-recommends gnuplot-nox clang lld llvm >/dev/null
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "install-deps: note: node $(node --version 2>/dev/null) is older than 20, which ../shared/tools/diffexec expects" >&2
fi
