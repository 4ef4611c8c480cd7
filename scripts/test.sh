#!/usr/bin/env bash
# One command from a fresh Debian machine to the whole test suite:
# installs what is missing, builds (Release, -j2) and runs every CTest test.
#   scripts/test.sh                 Release build in build/
#   SANITIZE=1 scripts/test.sh      ASan + UBSan build in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [[ "${SANITIZE:-0}" == "1" ]]; then
  export BUILD_DIR=${BUILD_DIR:-build-asan} BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi
build_dir=${BUILD_DIR:-build}
scripts/build.sh
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build_dir" --output-on-failure -j2 --timeout 900 "$@"
