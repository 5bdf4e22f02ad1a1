#!/usr/bin/env bash
# `cmake --install` into a prefix of its own puts every file where docs/install.md
# says, and the installed programs find theirs there, not in the build tree: the
# installed tracuu-index reads a web page through PREFIX/lib/tracuu/tracuu-extract,
# and the installed tracuu-searchd names PREFIX/share/tracuu in --help.
#   tests/install.sh SOURCE_DIR BINARY_DIR       (run by ctest: the install test)
set -euo pipefail
src="${1:?usage: install.sh SOURCE_DIR BINARY_DIR}"
bin="${2:?usage: install.sh SOURCE_DIR BINARY_DIR}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "install: FAILED: $*" >&2
  exit 1
}

prefix="$tmp/prefix"
cmake --install "$bin" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; fail "cmake --install"; }
for f in bin/tracuu-index bin/tracuu-searchd bin/tracuu-dupcheck lib/tracuu/tracuu-extract; do
  [ -x "$prefix/$f" ] || fail "$f is not installed"
done
for f in share/tracuu/data/abbreviations.tsv share/tracuu/data/synonyms.tsv \
  share/tracuu/web/static/tracuu.css share/tracuu/web/static/tracuu.js \
  share/man/man1/tracuu-index.1 share/man/man1/tracuu-searchd.1 \
  share/man/man1/tracuu-dupcheck.1 share/man/man5/tracuu-searchd.conf.5 \
  etc/tracuu/searchd.conf etc/tracuu/sync.conf lib/systemd/system/tracuu-searchd.service \
  lib/systemd/system/tracuu-sync.service lib/systemd/system/tracuu-sync.timer; do
  [ -f "$prefix/$f" ] || fail "$f is not installed"
done
# Links of the build tree's layout must not be installed as links.
[ -z "$(find "$prefix" -type l)" ] || fail "links installed: $(find "$prefix" -type l)"

# The installed programs, moved away from the build tree: nothing may lead back to it.
mv "$prefix" "$tmp/moved"
prefix="$tmp/moved"
"$prefix/bin/tracuu-searchd" --help >"$tmp/help"
grep -qF "(default $prefix/share/tracuu/data)" "$tmp/help" ||
  fail "tracuu-searchd --help does not name $prefix/share/tracuu/data"
grep -qF "(default $prefix/share/tracuu/web)" "$tmp/help" ||
  fail "tracuu-searchd --help does not name $prefix/share/tracuu/web"
mkdir "$tmp/files"
cp "$src/corpus/files/tin-hoi-thao-chuyen-doi-so.html" "$tmp/files/"
env -u TRACUU_EXTRACT "$prefix/bin/tracuu-index" --quiet --db "$tmp/index" "$tmp/files" \
  >"$tmp/index.log" 2>&1 || { cat "$tmp/index.log" >&2; fail "the installed tracuu-index"; }
grep -q " 1 documents indexed" "$tmp/index.log" ||
  { cat "$tmp/index.log" >&2; fail "the installed tracuu-index did not index the web page"; }
echo "install: the installed layout works from $prefix"
