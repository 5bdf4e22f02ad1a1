#!/usr/bin/env bash
# The man pages (docs/man/) keep up with the programs: every option a program's
# --help names is in its page (as roff writes it, \-\-name), and every page is
# well-formed for man (no groff warnings).
#   tests/manpages.sh SOURCE_DIR BINARY_DIR      (run by ctest: the manpages test)
set -euo pipefail
src="${1:?usage: manpages.sh SOURCE_DIR BINARY_DIR}"
bin="${2:?usage: manpages.sh SOURCE_DIR BINARY_DIR}"
failed=0
for prog in indexer/tracuu-index searchd/tracuu-searchd dupcheck/tracuu-dupcheck; do
  name="$(basename "$prog")"
  page="$src/docs/man/$name.1"
  [ -f "$page" ] || { echo "manpages: $page is missing" >&2; failed=1; continue; }
  for opt in $("$bin/$prog" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    if ! grep -qF -- "${opt//-/\\-}" "$page"; then
      echo "manpages: $name --help has $opt, docs/man/$name.1 does not" >&2
      failed=1
    fi
  done
done
if command -v groff >/dev/null 2>&1; then
  for page in "$src"/docs/man/*.[1-8]; do
    warn="$(LC_ALL=C.UTF-8 MANWIDTH=80 groff -man -Tutf8 -ww -z "$page" 2>&1)"
    if [ -n "$warn" ]; then
      echo "manpages: $page: $warn" >&2
      failed=1
    fi
  done
fi
[ "$failed" -eq 0 ] && echo "manpages: every option documented"
exit "$failed"
