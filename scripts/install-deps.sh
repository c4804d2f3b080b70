#!/usr/bin/env bash
# Installs everything eqsat-wasm needs on a fresh Debian 12 machine (run as root or with sudo).
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake binaryen wabt nlohmann-json3-dev doctest-dev libz3-dev nodejs python3 >/dev/null
