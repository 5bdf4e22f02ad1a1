#!/usr/bin/env bash
# How many documents a change of the analyzer re-spells: the terms of every record of
# the corpus files given, made by the analyzer of a base revision and by the working
# tree's, compared record by record.
#   bench/termdiff.sh [--base REV] FILE...      (FILE: JSON Lines, or .jsonl.zst)
# REV is main by default. Both analyzers (analyzers/ and what they need of common/)
# are compiled the same way into bench/data/termdiff/ with bench/termsum.c; prints,
# per file, the records, those whose exact terms differ, those whose folded terms
# differ, and the first few ids of each kind (see one with tracuu-termsum --terms).
set -euo pipefail
cd "$(dirname "$0")/.."
base=main files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift ;;
    -*) echo "usage: bench/termdiff.sh [--base REV] FILE..." >&2; exit 2 ;;
    *) files+=("$1") ;;
  esac
  shift
done
[ ${#files[@]} -gt 0 ] || { echo "usage: bench/termdiff.sh [--base REV] FILE..." >&2; exit 2; }

work=bench/data/termdiff
rm -rf "$work"
mkdir -p "$work/base" "$work/tree"
git archive "$base" analyzers common | tar -x -C "$work/base"
cp -r analyzers common "$work/tree/"
flags=$(pkg-config --cflags --libs icu-uc icu-i18n jansson)
for side in base tree; do
  d="$work/$side"
  # shellcheck disable=SC2086
  cc -std=c11 -D_GNU_SOURCE -O2 -I"$d/analyzers" -I"$d/common" -o "$d/tracuu-termsum" \
    bench/termsum.c "$d"/analyzers/*.c "$d/common/tr_error.c" "$d/common/tr_grow.c" \
    $flags -lpthread
done

printf '%-28s %9s %12s %13s\n' file records "exact differ" "folded differ"
for f in "${files[@]}"; do
  name=$(basename "$f")
  for side in base tree; do
    case "$f" in
      *.zst) zstd -dc "$f" ;;
      *) cat "$f" ;;
    esac | "$work/$side/tracuu-termsum" >"$work/$side/$name.sum" &
  done
  wait
  paste "$work/base/$name.sum" "$work/tree/$name.sum" | awk -F'\t' -v name="$name" -v out="$work/$name" '
    $1 != $5 { print "records out of step at " NR > "/dev/stderr"; exit 1 }
    { n++ }
    $2 != $6 { e++; if (e <= 5) print $1 > (out ".exact") }
    $3 != $7 { f++; if (f <= 5) print $1 > (out ".folded") }
    END { printf "%-28s %9d %12d %13d\n", name, n, e, f }'
done
echo "first differing ids: $work/*.exact, $work/*.folded"
