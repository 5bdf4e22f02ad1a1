#!/usr/bin/env bash
# Latency of the duplicate check (POST /api/similar), one check at a time, over the
# near-duplicate dev queries of ../shared/eval, on one or more indexes.
#   bench/similar.sh [--rounds N] [--big] [--db DIR]...
# Without --db: builds tracuu (release), indexes the eval corpus into
# bench/data/similar-eval-index when it is missing, and measures there (an index of
# its own: one built before signatures existed, as an older bench/data/eval-index
# may be, would measure the slower path without them). --big also indexes the eval
# corpus with vietnews-1 and -2 (about 140,000 documents; some 8 minutes at 300
# documents a second) into bench/data/similar-big-index.
# Each index is served by its own tracuu-searchd on a free loopback port; the
# queries are sent once to warm up, then N rounds (default 5) are timed on the
# client (the whole HTTP call) and on the server (took_ms).
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${TRACUU_SHARED_DIR:-../shared}"
[ -f "$shared/eval/near-dup-dev.jsonl" ] || {
  echo "bench/similar.sh: $shared/eval is absent; nothing to measure" >&2; exit 0; }

rounds=5 big=0 dbs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --big) big=1; shift ;;
    --db) dbs+=("$2"); shift 2 ;;
    *) echo "usage: bench/similar.sh [--rounds N] [--big] [--db DIR]..." >&2; exit 2 ;;
  esac
done

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

eval_corpus=("$shared/corpus/news-dantri.jsonl" "$shared/corpus/legal-khcn.jsonl"
             "$shared/corpus/vietnews-20k.jsonl.zst")
index() { # DIR FILES...
  local db="$1"; shift
  if [ ! -d "$db" ]; then
    mkdir -p "$(dirname "$db")"
    /usr/bin/time -f "index $db: %e s wall, %M KB peak RSS" \
      build/indexer/tracuu-index --db "$db" --quiet "$@"
  fi
}
if [ ${#dbs[@]} -eq 0 ]; then
  index bench/data/similar-eval-index "${eval_corpus[@]}"
  dbs+=(bench/data/similar-eval-index)
fi
if [ "$big" = 1 ]; then
  index bench/data/similar-big-index "${eval_corpus[@]}" "$shared/corpus/vietnews-1.jsonl.zst" \
    "$shared/corpus/vietnews-2.jsonl.zst"
  dbs+=(bench/data/similar-big-index)
fi

pid=
log=$(mktemp)
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT
for db in "${dbs[@]}"; do
  build/searchd/tracuu-searchd --db "$db" --port 0 --quiet >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q "http://" "$log" && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.:]*' "$log" | head -1)
  [ -n "$url" ] || { cat "$log"; exit 1; }
  python3 - "$url" "$shared/eval/near-dup-dev.jsonl" "$rounds" "$db" <<'EOF'
import json, math, sys, time, urllib.request
url, path, rounds, db = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
lines = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
health = json.load(urllib.request.urlopen(url + "/healthz"))

def call(line):
    body = json.dumps({"title": line["title"], "text": line["text"], "limit": 5,
                       "type": "all"}, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url + "/api/similar", data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as r:
        ans = json.loads(r.read())
    return (time.perf_counter() - t0) * 1000, ans["took_ms"]

def pct(xs, p):
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))]

for line in lines:  # warm-up: the lexicon, the page cache
    call(line)
client, server = [], []
for _ in range(rounds):
    for line in lines:
        c, s = call(line)
        client.append(c)
        server.append(s)
print(f"{db}: {health['documents']} documents, {len(client)} checks "
      f"({len(lines)} queries x {rounds} rounds, limit 5, type all)")
for name, xs in (("client (HTTP call)", client), ("server (took_ms)", server)):
    print(f"  {name:19s} median {pct(xs, 50):6.1f} ms  p90 {pct(xs, 90):6.1f} ms  "
          f"p99 {pct(xs, 99):6.1f} ms  max {max(xs):6.1f} ms")
ok = pct(client, 50) <= 20 and pct(client, 99) <= 50
print(f"  targets median <= 20 ms, p99 <= 50 ms: {'met' if ok else 'NOT met'}")
EOF
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done
