#!/usr/bin/env bash
# Query latency of tracuu spread over shards served by xapian-tcpsrv (docs/deployment.md).
#   bench/shards.sh [--corpus FILE...] [--rounds N] [--reindex]
# Corpus: the eval corpus of ../shared/corpus by default (news-dantri, legal-khcn,
# vietnews-20k: 25,826 documents, as bench/eval.sh), or the files given (all of
# ../shared/corpus is about 224k documents: an hour or more of indexing on 2 cores).
# Indexes once with tracuu-index --shards 4, merges the shards with xapian-compact into
# 2 and into 1, serves each shard with its own xapian-tcpsrv on a loopback port, and
# times se_search() in-process (tracuu-qbench: first page of 10 with snippets, with
# and without facets, one query at a time) over the dev queries of ../shared/eval, and
# how long searchd takes to open the shards and read the vocabulary (start_s), for:
#   local-1    one database, opened directly (one machine)
#   local-4    the 4 shards, opened directly (tracuu-index --shards 4 as written)
#   remote-N   N shards (1, 2, 4), each through its own xapian-tcpsrv
# All on this machine: a remote shard here costs the protocol, not a network; add the
# round trip of your network per exchange (a search makes a few dozen).
# Work files in bench/data/shards-NAME/ (git-ignored), kept between runs (--reindex).
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${TRACUU_SHARED_DIR:-../shared}"
build="${TRACUU_BENCH_BUILD:-build-bench}"

rounds=2 reindex=0 corpus=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift ;;
    --reindex) reindex=1 ;;
    --corpus) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do corpus+=("$1"); shift; done
              continue ;;
    *) echo "usage: bench/shards.sh [--corpus FILE...] [--rounds N] [--reindex]" >&2; exit 2 ;;
  esac
  shift
done
[ -d "$shared/eval" ] || { echo "bench/shards.sh: $shared/eval is absent: no queries" >&2; exit 0; }
name=custom
if [ ${#corpus[@]} -eq 0 ]; then
  corpus=("$shared/corpus/news-dantri.jsonl" "$shared/corpus/legal-khcn.jsonl"
          "$shared/corpus/vietnews-20k.jsonl.zst")
  name=eval
fi
for f in "${corpus[@]}"; do [ -e "$f" ] || { echo "bench/shards.sh: no $f" >&2; exit 2; }; done
[ "$name" = custom ] && name="custom-$(printf '%s\n' "${corpus[@]}" | md5sum | cut -c1-8)"

bash scripts/deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target tracuu-index tracuu-searchd tracuu-qbench >/dev/null
"$build/indexer/tracuu-index" --help | grep -q -- --shards ||
  { echo "bench/shards.sh: this tracuu-index has no --shards" >&2; exit 1; }

work="bench/data/shards-$name"
mkdir -p "$work"
if [ "$reindex" = 1 ] || [ ! -f "$work/idx4/XAPIANDB" ]; then
  rm -rf "$work/idx4" "$work/one" "$work/half-0" "$work/half-1"
  /usr/bin/time -f "index (4 shards): %e s wall, %M KB peak RSS" \
    "$build/indexer/tracuu-index" --quiet --shards 4 --db "$work/idx4" "${corpus[@]}"
fi
if [ ! -d "$work/one" ]; then
  xapian-compact -F "$work/idx4/shard-0" "$work/idx4/shard-1" "$work/half-0" >/dev/null
  xapian-compact -F "$work/idx4/shard-2" "$work/idx4/shard-3" "$work/half-1" >/dev/null
  xapian-compact -F "$work/idx4"/shard-{0,1,2,3} "$work/one" >/dev/null
fi
echo "documents: $(xapian-delve "$work/one" | sed -n 's/^number of documents = //p')"

# One query a line, from the dev sets.
python3 - "$shared/eval" "$work/queries.txt" <<'EOF'
import json, sys
out = open(sys.argv[2], "w")
for name in ("known-item-dev.jsonl", "entity-dev.jsonl"):
    for line in open(f"{sys.argv[1]}/{name}", encoding="utf-8"):
        q = json.loads(line).get("q", "").replace("\n", " ").strip()
        if q:
            out.write(q + "\n")
EOF

# A free loopback port (bound to 0 and closed: free a moment ago).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pids=()
cleanup() { for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done; }
trap cleanup EXIT
serve() { # DB -> prints "remote 127.0.0.1:PORT"
  local port
  port=$(free_port)
  setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 --quiet "$1" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.05
  done
  echo "remote 127.0.0.1:$port"
}
{ serve "$work/one"; } >"$work/remote-1"
{ serve "$work/half-0"; serve "$work/half-1"; } >"$work/remote-2"
{ for k in 0 1 2 3; do serve "$work/idx4/shard-$k"; done; } >"$work/remote-4"

# Time to first answer: open every shard and read the vocabulary (searchd/lexicon.h).
start_s() {
  local log="$work/start.log" t0 t1 pid
  t0=$(date +%s.%N)
  "$build/searchd/tracuu-searchd" --db "$1" --port 0 --quiet >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1000); do grep -q serving "$log" && break; sleep 0.01; done
  t1=$(date +%s.%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  python3 -c "print(f'{$t1 - $t0:.2f}')"
}

printf '%-10s %-9s %8s %8s %8s %8s %8s %7s %7s\n' layout facets mean_ms p50_ms p95_ms p99_ms \
  max_ms errors start_s
for layout in local-1 local-4 remote-1 remote-2 remote-4; do
  case "$layout" in
    local-1) db="$work/one" ;;
    local-4) db="$work/idx4" ;;
    *) db="$work/$layout" ;;
  esac
  start=$(start_s "$db")
  for facets in with without; do
    flag=()
    [ "$facets" = without ] && flag=(--no-facets)
    "$build/bench/tracuu-qbench" --db "$db" --data data --rounds "$rounds" "${flag[@]}" \
      "$work/queries.txt" |
      awk -v l="$layout" -v f="$facets" -v s="$start" '{for (i = 1; i < NF; i += 2) v[$i] = $(i + 1)
        printf "%-10s %-9s %8s %8s %8s %8s %8s %7s %7s\n", l, f, v["mean_ms"], v["p50_ms"],
               v["p95_ms"], v["p99_ms"], v["max_ms"], v["errors"], s}'
  done
done
