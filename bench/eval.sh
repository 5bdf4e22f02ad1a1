#!/usr/bin/env bash
# Scores tracuu on the dev query sets of ../shared/eval, with SQLite FTS5 beside it.
#   bench/eval.sh [--no-fts5] [--reindex]
# Builds tracuu (release), indexes the eval corpus (news-dantri, legal-khcn,
# vietnews-20k) into bench/data/eval-index (kept between runs; --reindex rebuilds),
# starts searchd on a free loopback port, and runs ../shared/eval/score.py against
# it; then the same sets against FTS5 (its database kept in bench/data too).
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${TRACUU_SHARED_DIR:-../shared}"
[ -d "$shared/eval" ] || { echo "bench/eval.sh: $shared/eval is absent; nothing to score" >&2; exit 0; }

fts5=1 reindex=0
for a in "$@"; do
  case "$a" in
    --no-fts5) fts5=0 ;;
    --reindex) reindex=1 ;;
    *) echo "usage: bench/eval.sh [--no-fts5] [--reindex]" >&2; exit 2 ;;
  esac
done

bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

corpus=("$shared/corpus/news-dantri.jsonl" "$shared/corpus/legal-khcn.jsonl"
        "$shared/corpus/vietnews-20k.jsonl.zst")
sets=(--set "$shared/eval/known-item-dev.jsonl" --set "$shared/eval/entity-dev.jsonl"
      --set "$shared/eval/near-dup-dev.jsonl")
mkdir -p bench/data
db=bench/data/eval-index
if [ "$reindex" = 1 ] || [ ! -d "$db" ]; then
  rm -rf "$db"
  /usr/bin/time -f "index: %e s wall, %M KB peak RSS" build/indexer/tracuu-index --db "$db" "${corpus[@]}"
fi
du -sh "$db"

log=$(mktemp)
build/searchd/tracuu-searchd --db "$db" --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q "http://" "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$log" | head -1)
[ -n "$url" ] || { cat "$log"; exit 1; }

echo "== tracuu ($url)"
python3 "$shared/eval/score.py" --http "$url" "${sets[@]}"

if [ "$fts5" = 1 ]; then
  fdb=bench/data/fts5.sqlite
  [ -f "$fdb" ] || python3 "$shared/eval/score.py" --build-fts5 "$fdb" "${corpus[@]}"
  echo "== SQLite FTS5 (baseline)"
  python3 "$shared/eval/score.py" --fts5 "$fdb" "${sets[@]}"
fi
