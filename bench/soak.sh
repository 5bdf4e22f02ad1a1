#!/usr/bin/env bash
# Soak: tracuu-searchd under load while tracuu-index writes the index it serves.
#   bench/soak.sh [--seconds S] [--docs N] [--batch B] [--db DIR]
# Starts searchd (Release build, build-bench/) over a copy of DIR (default: an index of
# the sample corpus), then for S seconds (default 300), at once:
#   - wrk, 16 connections of /api/search over everyday queries (bench/soak.lua,
#     which counts 4xx and 5xx apart);
#   - bench/soak_check.py, 4 connections that check what a client sees (5xx, reads that
#     go backward, hits that /api/doc does not know);
#   - a writer that adds N documents (default 10,000) in one tracuu-index run that
#     commits every B (default 25), then deletes them in one run, B a commit, and
#     again.
# Prints the writer's counts, wrk's line and the checker's line, and exits 1 when the
# checker saw any 5xx, backward read or dangling hit, or wrk any error.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${TRACUU_BENCH_BUILD:-build-bench}"
seconds=300 docs=10000 batch=25 src_db=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift ;;
    --docs) docs="$2"; shift ;;
    --batch) batch="$2"; shift ;;
    --db) src_db="$2"; shift ;;
    *) echo "usage: bench/soak.sh [--seconds S] [--docs N] [--batch B] [--db DIR]" >&2; exit 2 ;;
  esac
  shift
done

bash scripts/deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target tracuu-index tracuu-searchd >/dev/null
index="$build/indexer/tracuu-index"

work=$(mktemp -d "${TMPDIR:-/tmp}/tracuu-soak-XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

db="$work/db"
if [ -n "$src_db" ]; then
  cp -r "$src_db" "$db"
else
  "$index" --db "$db" --quiet corpus/sample.jsonl >/dev/null 2>&1
fi

"$build/searchd/tracuu-searchd" --db "$db" --port 0 --max-per-ip 128 >"$work/sd.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "http://" "$work/sd.log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$work/sd.log" | head -1)
[ -n "$url" ] || { cat "$work/sd.log"; exit 1; }
port=${url##*:}

# The documents: each has the word "soakall" and one of its own.
python3 - "$docs" >"$work/docs.jsonl" <<'EOF'
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"id": "soak-%05d" % i, "type": "news", "date": "2024-05-%02d" % (i % 28 + 1),
                      "title": "Tin thử tải số %d về khoa học công nghệ" % i,
                      "body": "soakall soak%05d Hội nghị tổng kết nhiệm vụ khoa học và công nghệ "
                              "năm %d của tỉnh, lần thứ %d, bàn về chuyển đổi số." % (i, 2000 + i % 25, i)},
                     ensure_ascii=False))
EOF
deletes=()
for ((i = 0; i < docs; i++)); do deletes+=(--delete "$(printf 'soak-%05d' "$i")"); done

# The writer: one tracuu-index run adds them all, committing every `batch` documents,
# then one run deletes them all, committing every `batch` deletions; and again.
writer() {
  local end=$((SECONDS + seconds)) cycles=0 failed=0
  while [ $SECONDS -lt "$end" ]; do
    echo "add $cycles" >"$work/phase"; sleep 2
    "$index" --db "$db" --quiet --batch "$batch" "$work/docs.jsonl" >>"$work/writer.log" 2>&1 ||
      failed=$((failed + 1))
    [ $SECONDS -lt "$end" ] || break
    echo "delete $cycles" >"$work/phase"; sleep 2
    "$index" --db "$db" --quiet --batch "$batch" "${deletes[@]}" >>"$work/writer.log" 2>&1 ||
      failed=$((failed + 1))
    cycles=$((cycles + 1))
  done
  echo "WRITER cycles=$cycles (each: $docs added, then deleted, in batches of $batch)" \
       "failed_runs=$failed; $(grep -c 'documents indexed' "$work/writer.log") runs" >"$work/writer.txt"
}

printf '%s\n' "khoa học công nghệ" "nông nghiệp" "giong lua" "UBND tỉnh" "chuyển đổi số" \
  "hội nghị tổng kết" "quyet dinh" "nuoi tom" >"$work/queries.txt"
echo "add 0" >"$work/phase"
writer &
wpid=$!
pids+=($wpid)
QUERIES="$work/queries.txt" wrk -t2 -c16 -d"${seconds}s" -s bench/soak.lua "$url" \
  >"$work/wrk.txt" 2>&1 &
wrkpid=$!
pids+=($wrkpid)
rc=0
python3 bench/soak_check.py --port "$port" --seconds "$seconds" --phase "$work/phase" || rc=1
wait "$wpid" || true
wait "$wrkpid" || true
cat "$work/writer.txt" 2>/dev/null || echo "WRITER did not finish"
grep -E "WRK|Socket errors" "$work/wrk.txt" || { cat "$work/wrk.txt"; rc=1; }
# searchd logs each 5xx with the engine's reason: their count by reason.
grep -E "^tracuu-searchd: /" "$work/sd.log" | sed -E 's/^tracuu-searchd: ([^ ]+) ([^:]+):.*/\1 \2/' |
  sort | uniq -c | head -5 || true
grep -m3 -E "^tracuu-searchd: " "$work/sd.log" | grep -v "http://" || true
grep -q "s5xx 0 " "$work/wrk.txt" || rc=1
exit $rc
