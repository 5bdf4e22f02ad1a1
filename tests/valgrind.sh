#!/usr/bin/env bash
# tracuu-index and tracuu-searchd under valgrind (memcheck) in the normal build, on a
# few documents of corpus/sample.jsonl: the indexer runs to the end, the daemon
# answers one request of every kind (and a few bad ones) and is stopped with SIGTERM.
# Fails on any memory error and on any leak that valgrind calls definite or indirect
# ("definitely lost: 0" is required). Exits 77 (skipped) without valgrind or curl.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
ts_need valgrind curl
ts_tmp valgrind

vg=(valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --num-callers=30)

head -n 8 "$src/corpus/sample.jsonl" >"$tmp/small.jsonl"
head -n 6 "$src/corpus/tasks.csv" >"$tmp/tasks.csv"
echo "== tracuu-index under valgrind"
if ! "${vg[@]}" --log-file="$tmp/index.vg" "$bin/indexer/tracuu-index" --db "$tmp/db" --batch 3 \
     --quiet "$tmp/small.jsonl" "$tmp/tasks.csv" 2>"$tmp/index.err"; then
  cat "$tmp/index.err" "$tmp/index.vg"
  echo "FAIL: tracuu-index under valgrind"
  exit 1
fi
cat "$tmp/index.err"

echo "== tracuu-searchd under valgrind"
"${vg[@]}" --log-file="$tmp/searchd.vg" "$bin/searchd/tracuu-searchd" --db "$tmp/db" --port 0 \
  --quiet --threads 2 >"$tmp/searchd.out" 2>&1 &
pid=$!
if ! ts_port_of "$tmp/searchd.out" 600; then
  cat "$tmp/searchd.out" "$tmp/searchd.vg"
  echo "FAIL: tracuu-searchd did not start under valgrind"
  exit 1
fi

base="http://127.0.0.1:$port"
long="$(head -c 9000 /dev/zero | tr '\0' a)"
check() { # expected-status method path [body]
  local got
  if [ "$2" = POST ]; then
    got="$(curl -s -o /dev/null -w '%{http_code}' --max-time 120 -X POST --data-binary "$4" "$base$3")"
  else
    got="$(curl -s -o /dev/null -w '%{http_code}' --max-time 120 "$base$3")"
  fi
  if [ "$got" != "$1" ]; then
    echo "FAIL: $2 $3: status $got, expected $1"
    exit 1
  fi
}
check 200 GET "/healthz"
check 200 GET "/api/search?q=khoa+hoc+cong+nghe&per_page=3"
check 200 GET "/api/search?q=%22c%C3%B4ng+ngh%E1%BB%87%22+-l%C3%BAa+type:news+year:2020..2024"
check 200 GET "/api/search?q=ngien+cuu"
check 200 GET "/api/suggest?q=khoa+h"
check 200 GET "/api/tasks?q=giong&sort=-year"
check 200 GET "/api/officials?q=nguyen"
check 200 GET "/api/decisions?q=nq-cp"
check 200 POST "/api/similar" '{"title": "Nghiên cứu giống lúa", "text": "chọn tạo giống lúa chịu hạn"}'
check 404 GET "/api/doc/no-such-id"
check 400 GET "/api/search?q=%FF"
check 400 GET "/api/search?q=a%00b"
check 400 POST "/api/similar" '{"title": 5'
check 414 GET "/api/search?q=$long"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
if [ "$status" -ne 0 ]; then
  cat "$tmp/searchd.vg"
  echo "FAIL: tracuu-searchd under valgrind exited $status (99: memory errors or leaks)"
  exit 1
fi
cat "$tmp/searchd.vg"
echo "valgrind: no memory errors, definitely lost: 0, indirectly lost: 0 (indexer and daemon)"
