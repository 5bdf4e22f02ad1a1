#!/usr/bin/env bash
# Installs the Debian packages tracuu needs, when any is missing (apt-get; sudo when
# not root). Called by run.sh and test.sh; safe to run again.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libxapian-dev libicu-dev libmicrohttpd-dev libjansson-dev libzstd-dev zlib1g-dev
  libarchive-dev libxml2-dev libsodium-dev
  libpoppler-glib-dev libcairo2-dev
  libcmocka-dev
  zstd python3 curl
  xapian-tools
  tesseract-ocr tesseract-ocr-vie antiword
  clang libclang-rt-14-dev
  wrk valgrind
  chromium
)
# Node.js drives the browser test (playwright-core); a machine may have its own.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "tracuu: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
