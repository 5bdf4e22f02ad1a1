# Sourced by tests/package/run.sh while the installed tracuu-searchd serves $index on
# $port (pid $pid, its standard error in $tmp/searchd.log): what an operator watches.
# /healthz: the fields of docs/monitoring.md, from the installed program.
get "/healthz" | json '
for k in ("status", "version", "schema", "index_schema", "revision", "documents", "uptime_seconds"):
    assert k in d, (k, d)
assert d["status"] == "ok" and d["documents"] > 0, d' || fail "/healthz lacks a field"
# /metrics: Prometheus text, counting the searches above.
get "/metrics" >"$tmp/metrics" || fail "/metrics"
grep -q '^tracuu_http_requests_total{.*route="/api/search".*} [1-9]' "$tmp/metrics" ||
  { head -40 "$tmp/metrics" >&2; fail "/metrics does not count /api/search"; }
grep -q '^tracuu_index_documents [1-9]' "$tmp/metrics" || fail "/metrics has no document count"
# The access log: standard error by default (journald keeps it under systemd).
grep -qE '^127\.0\.0\.1 - - \[[0-9T:.-]+Z\] "GET /healthz HTTP/1\.1" 200 [0-9]+ [0-9.]+$' \
  "$tmp/searchd.log" || { tail -5 "$tmp/searchd.log" >&2; fail "no access-log line for /healthz"; }
# SIGHUP (systemctl reload): reloaded, same process, still answering.
kill -HUP "$pid"
for _ in $(seq 50); do grep -q "reload" "$tmp/searchd.log" && break; sleep 0.1; done
grep -q "reload" "$tmp/searchd.log" || fail "SIGHUP was not logged as a reload"
kill -0 "$pid" 2>/dev/null || fail "SIGHUP stopped tracuu-searchd"
get "/api/search?q=khoa+hoc" | json 'assert d["total"] > 0' || fail "no answer after SIGHUP"
