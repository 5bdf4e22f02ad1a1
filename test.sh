#!/usr/bin/env bash
# The second command: set up, build and pass the tests.
#   ./test.sh
# Installs what is missing, then builds and runs the whole suite twice: a normal
# build with warnings as errors, and a build under AddressSanitizer and
# UndefinedBehaviorSanitizer, with a minute of fuzzing per libFuzzer target between
# them (fuzz/run.sh), and, as root, the Debian package built, installed and run
# (tests/package/run.sh). Tests that need ../shared skip when it is absent.
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/deps.sh test
jobs="$(nproc)"

echo "== build (RelWithDebInfo, -Werror)"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRACUU_WERROR=ON >/dev/null
cmake --build build-test -j"$jobs"
(cd build-test && ctest --output-on-failure -j"$jobs")

echo "== package (Debian package: built from a clean checkout, linted, installed, run, purged)"
# tests/package/run.sh; it installs, so it runs as root only (CI): 77 is its skip.
status=0
bash tests/package/run.sh || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 77 ] || exit "$status"

echo "== fuzz (libFuzzer, clang; 60 s per target, two at a time)"
# Every target from its seeds; a crash fails the run and leaves its input in
# build-fuzz/work/<target>/ (docs/fuzzing.md).
bash fuzz/run.sh 60

echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTRACUU_WERROR=ON -DTRACUU_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Tests labelled "once" (the browser, load and fuzz runs) are not repeated here: they
# test the running system, not memory safety, and take minutes.
(cd build-asan && ctest --output-on-failure -j"$jobs" -LE once)
