#!/usr/bin/env bash
# Builds the Debian package from a clean checkout of this repository's HEAD (git
# archive: nothing of a build tree or an uncommitted change goes in) and writes
#   OUTDIR/tracuu_VERSION_ARCH.deb
#   scripts/package.sh OUTDIR
# debian/ holds the packaging, dpkg-buildpackage runs it (docs/install.md says why
# this and not CPack). A Release build, without the tests; it prints its time.
set -euo pipefail
out="${1:?usage: scripts/package.sh OUTDIR}"
src="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

bash "$src/scripts/deps.sh" package

# One version: CMake's project() and debian/changelog must agree.
version="$(sed -n 's/^project(tracuu VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")"
deb_version="$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)"
if [ "$version" != "$deb_version" ]; then
  echo "package: CMakeLists.txt says $version, debian/changelog $deb_version: add a" \
    "changelog entry (dch -v $version)" >&2
  exit 1
fi
arch="$(dpkg-architecture -qDEB_HOST_ARCH)"

work="$(mktemp -d -t tracuu-package.XXXXXX)"
trap 'rm -rf "$work"' EXIT
tree="$work/tracuu-$version"
mkdir "$tree"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
    echo "package: note: uncommitted changes are not in the package (it is built from HEAD)" >&2
  fi
  git -C "$src" archive --format=tar HEAD | tar -x -C "$tree"
else
  # A source tree without git (an unpacked archive): copied without build trees.
  tar -C "$src" --exclude='./build*' --exclude='./var' --exclude='./Testing' -cf - . |
    tar -x -C "$tree"
fi

start=$(date +%s)
(
  cd "$tree"
  export DEB_BUILD_OPTIONS="nocheck noddebs parallel=$(nproc)"
  dpkg-buildpackage -b -uc -us >"$work/build.log" 2>&1
) || {
  tail -n 40 "$work/build.log" >&2
  echo "package: dpkg-buildpackage failed (the end of its log is above)" >&2
  exit 1
}
deb="tracuu_${version}_${arch}.deb"
cp "$work/$deb" "$out/$deb"
echo "package: $out/$deb ($(( $(date +%s) - start )) s to build)"
