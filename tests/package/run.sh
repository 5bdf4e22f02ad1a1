#!/usr/bin/env bash
# The Debian package, as an administrator gets it: built from a clean checkout
# (scripts/package.sh), checked by lintian, installed with apt-get, its files where
# docs/install.md says and none naming the build, the installed programs indexing
# the sample corpus and serving it with --config, the user tracuu, the units as
# systemd reads them, and then purged without a trace.
#   tests/package/run.sh          (./test.sh runs it; needs root: it installs)
#   TRACUU_DEB=FILE.deb tests/package/run.sh     the same with a package built before
#
# To check more of the installed package, add a file tests/package/check-NAME.sh:
# each is sourced, in name order, while the installed tracuu-searchd serves the
# sample corpus, with these variables set:
#   $port   the daemon's port on 127.0.0.1     $pid   its process id
#   $index  the index it serves (a folder)     $conf  its --config file
#   $tmp    a scratch folder, removed at the end
# and the functions fail MESSAGE (stops the test), get PATH (curl, body on stdout,
# fails on an HTTP error) and json EXPR (python3 -c, the JSON on stdin as `d`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$(cd "$here/../.." && pwd)"

if [ "$(id -u)" -ne 0 ]; then
  echo "package: skipped: installing a package needs root (CI runs as root)" >&2
  exit 77
fi
if grep -q "install ok installed" <<<"$(dpkg-query -W -f='${Status}' tracuu 2>/dev/null)"; then
  echo "package: skipped: tracuu is installed on this machine; this test would remove it" >&2
  exit 77
fi

tmp="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  # A failed run must not leave the package behind.
  if dpkg-query -W tracuu >/dev/null 2>&1; then
    dpkg --purge tracuu >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "package: FAILED: $*" >&2
  exit 1
}
step() { echo "package: $*"; }
get() { curl -sS --fail --max-time 10 "http://127.0.0.1:$port$1"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); $1"; }

if [ -n "${TRACUU_DEB:-}" ]; then
  # A package built before, for a quicker run while writing a check.
  deb="$(cd "$(dirname "$TRACUU_DEB")" && pwd)/$(basename "$TRACUU_DEB")"
  step "the package $deb (TRACUU_DEB)"
else
  step "build (Release, from a clean checkout)"
  start=$(date +%s)
  bash "$src/scripts/package.sh" "$tmp/out" | sed 's/^/  /'
  deb="$(ls "$tmp"/out/tracuu_*.deb)"
  step "built $(basename "$deb") in $(( $(date +%s) - start )) s"
fi

step "lintian"
# --fail-on: errors and warnings fail; debian/tracuu.lintian-overrides and
# docs/install.md explain the tags that remain.
status=0
lintian --fail-on error,warning "$deb" >"$tmp/lintian.log" 2>&1 || status=$?
grep -v "running with root privileges" "$tmp/lintian.log" | sed 's/^/  /' || true
[ "$status" -eq 0 ] || fail "lintian reports errors or warnings"

step "install"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends "$deb" >"$tmp/apt.log" 2>&1 ||
  { cat "$tmp/apt.log" >&2; fail "apt-get install"; }

step "files"
for f in /usr/bin/tracuu-index /usr/bin/tracuu-searchd /usr/bin/tracuu-dupcheck \
  /usr/lib/tracuu/tracuu-extract; do
  [ -x "$f" ] || fail "$f is not installed"
done
for f in /usr/share/tracuu/data/abbreviations.tsv /usr/share/tracuu/data/synonyms.tsv \
  /usr/share/tracuu/web/static/tracuu.css /etc/tracuu/searchd.conf /etc/tracuu/sync.conf \
  /lib/systemd/system/tracuu-searchd.service /lib/systemd/system/tracuu-sync.service \
  /lib/systemd/system/tracuu-sync.timer /usr/share/man/man1/tracuu-searchd.1.gz \
  /usr/share/man/man1/tracuu-index.1.gz /usr/share/man/man1/tracuu-dupcheck.1.gz \
  /usr/share/man/man5/tracuu-searchd.conf.5.gz; do
  [ -f "$f" ] || fail "$f is not installed"
done
for f in /etc/tracuu/searchd.conf /etc/tracuu/sync.conf; do
  grep -q " $f " <<<"$(dpkg-query -W -f='${Conffiles}\n' tracuu)" || fail "$f is not a conffile"
done
# Nothing installed names the tree it was built from (package.sh builds in
# .../tracuu-package.XXXXXX/tracuu-VERSION) or this checkout.
files=$(dpkg -L tracuu | while read -r f; do [ ! -f "$f" ] || echo "$f"; done)
# shellcheck disable=SC2086
if grep -l -e "tracuu-package\." -e "$src" $files; then
  fail "the files above name the build or source tree"
fi
# Not "| grep -q": under pipefail, grep leaving at the first match can kill the writer
# with SIGPIPE and fail the pipeline although the text is there (it did once in CI).
grep -q "(default /usr/share/tracuu/data)" <<<"$(/usr/bin/tracuu-searchd --help)" ||
  fail "tracuu-searchd --help does not name /usr/share/tracuu/data"

step "user tracuu and /var/lib/tracuu"
id tracuu >/dev/null 2>&1 || fail "no user tracuu"
[ "$(stat -c %U:%G:%a /var/lib/tracuu)" = "tracuu:tracuu:750" ] ||
  fail "/var/lib/tracuu is $(stat -c %U:%G:%a /var/lib/tracuu), not tracuu:tracuu:750"

step "units (systemd-analyze verify)"
if command -v systemd-analyze >/dev/null 2>&1; then
  out="$(SYSTEMD_LOG_LEVEL=notice systemd-analyze verify /lib/systemd/system/tracuu-searchd.service \
    /lib/systemd/system/tracuu-sync.service /lib/systemd/system/tracuu-sync.timer 2>&1)" ||
    { echo "$out" >&2; fail "systemd-analyze verify"; }
  [ -z "$out" ] || { echo "$out" >&2; fail "systemd-analyze verify"; }
else
  step "  skipped: systemd-analyze is not installed"
fi

step "index the sample corpus (and a web page, through /usr/lib/tracuu/tracuu-extract)"
index="$tmp/index"
mkdir "$tmp/files"
cp "$src/corpus/files/tin-hoi-thao-chuyen-doi-so.html" "$tmp/files/"
/usr/bin/tracuu-index --quiet --db "$index" "$src/corpus/sample.jsonl" "$tmp/files" \
  >"$tmp/index.log" 2>&1 || { cat "$tmp/index.log" >&2; fail "tracuu-index"; }
chown -R tracuu:tracuu "$index"

step "serve it with --config (the shipped searchd.conf), as the user tracuu"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# The shipped configuration, with the test's index and port.
conf="$tmp/searchd.conf"
sed -e "s|^db = .*|db = $index|" -e "s|^port = .*|port = $port|" /etc/tracuu/searchd.conf >"$conf"
grep -q "^db = $index\$" "$conf" && grep -q "^port = $port\$" "$conf" ||
  fail "/etc/tracuu/searchd.conf has no db = or port = line to set"
chmod 755 "$tmp"
setpriv --reuid=tracuu --regid=tracuu --init-groups /usr/bin/tracuu-searchd --config "$conf" \
  >"$tmp/searchd.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  grep -q "serving" "$tmp/searchd.log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/searchd.log" >&2; fail "tracuu-searchd did not start"; }
  sleep 0.1
done
grep -q "serving" "$tmp/searchd.log" || fail "tracuu-searchd did not start in 10 s"

get "/api/search?q=khoa+hoc+cong+nghe" | json 'assert d["total"] > 0, d' ||
  fail "/api/search found nothing"
get "/api/search?q=chuyen+doi+so" | json 'assert d["total"] > 0, d' ||
  fail "/api/search does not find the web page tracuu-extract read"
get "/healthz" >"$tmp/healthz" || fail "/healthz"
get "/static/tracuu.css" >/dev/null || fail "/static/tracuu.css (the installed web files)"
grep -q "tracuu.css" <<<"$(get "/")" || fail "the search page"

for check in "$here"/check-*.sh; do
  [ -e "$check" ] || continue
  step "$(basename "$check")"
  # shellcheck source=/dev/null
  . "$check"
done

kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""

step "purge"
dpkg --purge tracuu >"$tmp/purge.log" 2>&1 || { cat "$tmp/purge.log" >&2; fail "dpkg --purge"; }
for f in /usr/bin/tracuu-searchd /usr/lib/tracuu /usr/share/tracuu /etc/tracuu /var/lib/tracuu \
  /lib/systemd/system/tracuu-searchd.service; do
  [ ! -e "$f" ] || fail "$f is left after dpkg --purge"
done
step "passed"
