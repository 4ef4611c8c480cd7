#!/usr/bin/env bash
# Configures and builds Headroom into build/ (Release, -j2 by default).
#   BUILD_DIR=... BUILD_TYPE=Debug SANITIZE=1 JOBS=2 scripts/build.sh [cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
args=(-DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}")
if [[ "${SANITIZE:-0}" == "1" ]]; then args+=(-DHEADROOM_SANITIZE=ON); fi
cmake -S . -B "$build_dir" "${args[@]}" "$@" >/dev/null
cmake --build "$build_dir" -j"${JOBS:-2}"
