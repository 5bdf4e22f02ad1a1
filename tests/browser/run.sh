#!/usr/bin/env bash
# The browser test of tracuu-searchd's web pages (docs/web.md): Debian's Chromium,
# driven headless by playwright-core, against the built tracuu-searchd serving an
# index of corpus/sample.jsonl. Screenshots go to BUILD/tests/browser-artifacts/.
#
# Exits 77 (CTest: skipped) only when Chromium is not installed; anything else that
# goes wrong (no node, npm cannot install playwright-core, a failed check) fails.
# Environment: TRACUU_BINARY_DIR (the build; default ./build), CHROMIUM
# (default /usr/bin/chromium).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${TRACUU_BINARY_DIR:-$src/build}
chromium=${CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$chromium" ]; then
  echo "SKIP: no Chromium at $chromium (scripts/deps.sh installs Debian's chromium);" \
       "the browser test needs it" >&2
  exit 77
fi
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "browser test: $tool is missing (scripts/deps.sh)" >&2; exit 1; }
done
for prog in indexer/tracuu-index searchd/tracuu-searchd; do
  [ -x "$build/$prog" ] || { echo "browser test: $build/$prog is not built" >&2; exit 1; }
done

# playwright-core, exactly as package-lock.json pins it, in the build folder; installed
# again only when the lock file changes.
modules=$build/tests/browser-node
if ! cmp -s "$here/package-lock.json" "$modules/package-lock.json" ||
   [ ! -d "$modules/node_modules/playwright-core" ]; then
  rm -rf "$modules"
  mkdir -p "$modules"
  cp "$here/package.json" "$here/package-lock.json" "$modules/"
  (cd "$modules" && npm ci --no-audit --no-fund --loglevel=error) ||
    { echo "browser test: npm ci failed (is the npm registry reachable?)" >&2; exit 1; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tracuu-browser.XXXXXX")
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$build/indexer/tracuu-index" --db "$work/db" --quiet "$src/corpus/sample.jsonl"
# The department's site, for the embedded search box: its page is made up in the test
# (never served on that port); localhost, as 127.0.0.1 is tracuu, a loopback origin
# of its own, so that Chromium's private network checks see no public page here.
site=http://localhost:8000
"$build/searchd/tracuu-searchd" --db "$work/db" --port 0 --quiet --web "$src/web" --cors "$site" \
  >"$work/searchd.out" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/searchd.out")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "browser test: tracuu-searchd did not start:" >&2
  cat "$work/searchd.out" >&2
  exit 1
fi

artifacts=$build/tests/browser-artifacts
rm -rf "$artifacts"
mkdir -p "$artifacts"
TRACUU_URL="http://127.0.0.1:$port" TRACUU_ARTIFACTS="$artifacts" TRACUU_EMBED_ORIGIN="$site" \
TRACUU_SOURCE_DIR="$src" \
TRACUU_NODE_MODULES="$modules/node_modules" CHROMIUM="$chromium" TRACUU_PROFILE="$work/profile" \
  node --test-reporter=spec "$here/browser.test.mjs"
