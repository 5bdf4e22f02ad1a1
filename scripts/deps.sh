#!/usr/bin/env bash
# Installs the Debian packages tracuu needs, when any is missing (apt-get; sudo when
# not root). Safe to run again.
#   scripts/deps.sh run       to build and run it (./run.sh)
#   scripts/deps.sh package   and to build its Debian package (scripts/package.sh)
#   scripts/deps.sh test      and to pass its tests (./test.sh)
set -euo pipefail
what="${1:-run}"

# Building and running: the compiler, the libraries, and the programs that
# tracuu-extract runs on document files (Tesseract for --ocr, antiword for .doc).
run=(
  build-essential cmake pkg-config
  libxapian-dev libicu-dev libmicrohttpd-dev libjansson-dev libzstd-dev zlib1g-dev libdeflate-dev
  libarchive-dev libxml2-dev libsodium-dev
  libpoppler-glib-dev libcairo2-dev
  tesseract-ocr tesseract-ocr-vie antiword
)
# The Debian package: debhelper builds it (debian/).
package=(debhelper)
# The tests: cmocka; zstd, python3, curl and xapian-tools (xapian-tcpsrv,
# xapian-replicate) for the test and benchmark scripts; clang for libFuzzer; wrk
# and valgrind for the hardening tests; Chromium for the browser test; lintian for
# the package test; systemd for systemd-analyze (tests/units.sh).
test=(
  libcmocka-dev
  zstd python3 curl
  xapian-tools
  clang libclang-rt-14-dev
  wrk valgrind
  chromium
  lintian systemd
)

case "$what" in
  run) packages=("${run[@]}") ;;
  package) packages=("${run[@]}" "${package[@]}") ;;
  test)
    packages=("${run[@]}" "${package[@]}" "${test[@]}")
    # Node.js drives the browser test (playwright-core); a machine may have its own.
    command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
    ;;
  *)
    echo "usage: scripts/deps.sh [run|package|test]" >&2
    exit 2
    ;;
esac

missing=()
for p in "${packages[@]}"; do
  grep -q "install ok installed" <<<"$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "tracuu: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
