#!/usr/bin/env bash
# One command from a fresh Debian machine to the whole test suite:
# installs what is missing, then
#   1. builds (Release, -j2) into build/ and runs every CTest test;
#   2. builds everything again (desktop app included) with AddressSanitizer +
#      UndefinedBehaviorSanitizer into build-asan/ and runs the whole suite
#      there (the GUI tests offscreen, the fuzz corpus included) with leak
#      checking on.
# Any sanitizer report fails the test that triggered it. CI (.ci/run) runs
# exactly this command.
#   scripts/test.sh                 both parts (extra arguments go to both ctest runs)
#   HEADROOM_TEST_ASAN=0 scripts/test.sh   the Release suite only (quicker, local)
#   SANITIZE=1 scripts/test.sh      the sanitizer part only (build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

export QT_QPA_PLATFORM=offscreen
sanitizer_env() {
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
}

if [[ "${SANITIZE:-0}" == "1" ]]; then
  sanitizer_env
  build_dir=${BUILD_DIR:-build-asan}
  BUILD_DIR=$build_dir BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} scripts/build.sh -DHEADROOM_BUILD_BENCH=OFF
  exec ctest --test-dir "$build_dir" --output-on-failure -j2 --timeout 2700 "$@"
fi

build_dir=${BUILD_DIR:-build}
scripts/build.sh
status=0
ctest --test-dir "$build_dir" --output-on-failure -j2 --timeout 900 "$@" || status=$?

if [[ "${HEADROOM_TEST_ASAN:-1}" != "0" ]]; then
  echo "== the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)"
  start=$SECONDS
  (
    sanitizer_env
    BUILD_DIR=build-asan BUILD_TYPE=RelWithDebInfo SANITIZE=1 scripts/build.sh -DHEADROOM_BUILD_BENCH=OFF
    ctest --test-dir build-asan --output-on-failure -j2 --timeout 2700 "$@"
  ) || status=$?
  echo "== sanitizer part: $((SECONDS - start)) s"
fi
exit $status
