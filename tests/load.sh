#!/usr/bin/env bash
# Load test of tracuu-searchd (docs/hardening.md): indexes corpus/sample.jsonl, starts
# the daemon, and runs wrk with 16 connections for TRACUU_LOAD_SECONDS (default 60)
# over queries made from the corpus's titles (search, suggest and tasks). Passes when
# wrk saw no socket error and no answer other than 2xx, and when the daemon's
# resident memory after the run is at most 10 MB above what it was after a warm-up.
# Exits 77 (skipped) when wrk is not installed. Run through ctest (it needs
# TRACUU_SOURCE_DIR and TRACUU_BINARY_DIR), or by hand with both set.
set -euo pipefail

. "$(dirname "$0")/lib.sh"
seconds="${TRACUU_LOAD_SECONDS:-60}"
margin_kb=$((10 * 1024))
ts_need wrk
ts_tmp load

"$bin/indexer/tracuu-index" --db "$tmp/db" --quiet "$src/corpus/sample.jsonl" 2>"$tmp/index.log"
"$bin/searchd/tracuu-searchd" --db "$tmp/db" --port 0 --quiet >"$tmp/searchd.out" 2>&1 &
pid=$!
ts_port_of "$tmp/searchd.out" 100 || { cat "$tmp/searchd.out"; echo "FAIL: searchd did not start"; exit 1; }

# Queries: the first two to four words of every title, with and without diacritics,
# as searches, suggestions and task searches.
python3 - "$src/corpus/sample.jsonl" >"$tmp/queries.lua" <<'PY'
import json, sys, unicodedata, urllib.parse
def plain(s):
    s = unicodedata.normalize("NFD", s).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in s if unicodedata.category(c) != "Mn")
paths = []
for n, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    words = json.loads(line)["title"].split()
    q = " ".join(words[: 2 + n % 3])
    for text in (q, plain(q).lower()):
        enc = urllib.parse.quote(text)
        paths.append("/api/search?q=" + enc)
        paths.append("/api/suggest?q=" + urllib.parse.quote(text[: 12]))
    paths.append("/api/tasks?q=" + urllib.parse.quote(plain(words[0]).lower()))
print("local paths = {")
for p in paths:
    print('  "%s",' % p)
print("}")
print("""local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end""")
PY

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
run_wrk() {
  wrk --threads 2 --connections 16 --duration "$1s" --timeout 5s --latency \
      --script "$tmp/queries.lua" "http://127.0.0.1:$port" >"$tmp/wrk.out" 2>&1 || {
    cat "$tmp/wrk.out"; echo "FAIL: wrk failed"; exit 1; }
}

warm=$(( seconds < 10 ? 2 : 5 ))
run_wrk "$warm"
before="$(rss_kb)"
run_wrk "$seconds"
after="$(rss_kb)"
cat "$tmp/wrk.out"
echo "load: RSS after warm-up ${before} kB, after ${seconds} s ${after} kB (allowed +${margin_kb} kB)"

status=0
if grep -qE "Socket errors|Non-2xx or 3xx responses" "$tmp/wrk.out"; then
  echo "FAIL: wrk saw errors (above)"
  status=1
fi
if ! grep -qE "^ *[0-9]+ requests in" "$tmp/wrk.out"; then
  echo "FAIL: wrk made no requests"
  status=1
fi
if [ "$after" -gt $((before + margin_kb)) ]; then
  echo "FAIL: resident memory grew by $((after - before)) kB"
  status=1
fi
kill -0 "$pid" 2>/dev/null || { echo "FAIL: searchd died"; status=1; }
[ $status -eq 0 ] && echo "load: passed"
exit $status
