#!/usr/bin/env bash
# The systemd units (dist/systemd/) as systemd reads them: systemd-analyze verify on
# each, against a root where the programs and files they name exist, so that a unit
# that names a missing program or a misspelt setting fails. Exit 77 (skipped) when
# systemd-analyze is not installed.
#   tests/units.sh UNIT_DIR        (run by ctest: the units test)
set -euo pipefail
units="${1:?usage: units.sh UNIT_DIR}"
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "units: skipped: systemd-analyze is not installed (apt-get install systemd)" >&2
  exit 77
fi
# verify checks that the ExecStart= programs exist: the units name /usr/bin/tracuu-*,
# which the build tree has not installed, so they are checked in a copy whose
# commands point at stand-ins with the same names.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
for prog in tracuu-searchd tracuu-index; do
  printf '#!/bin/sh\n' >"$tmp/bin/$prog"
  chmod +x "$tmp/bin/$prog"
done
for u in "$units"/*.service "$units"/*.timer; do
  sed "s|/usr/bin/tracuu-|$tmp/bin/tracuu-|g" "$u" >"$tmp/$(basename "$u")"
done
# verify prints what it finds wrong and, with systemd 252, still exits 0 for some of
# it: any line of output is a failure. Man pages named in Documentation= are not
# looked for (the build tree has not installed them).
out="$(cd "$tmp" && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no \
  ./*.service ./*.timer 2>&1)" || { echo "$out" >&2; exit 1; }
if [ -n "$out" ]; then
  echo "$out" >&2
  exit 1
fi
echo "units: $(ls "$tmp" | grep -c '\.service\|\.timer') units verified"
