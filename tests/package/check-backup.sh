# Sourced by tests/package/run.sh while the installed tracuu-searchd serves $index on
# $port: a backup made with the installed tracuu-index while it serves answers as the
# index does (docs/operations.md).
/usr/bin/tracuu-index --db "$index" --backup "$tmp/backup" >"$tmp/backup.log" 2>&1 ||
  { cat "$tmp/backup.log" >&2; fail "tracuu-index --backup"; }
[ -d "$tmp/backup" ] || fail "--backup made no folder"
if command -v xapian-check >/dev/null; then
  xapian-check "$tmp/backup" >/dev/null || fail "xapian-check of the backup"
fi
bport="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
/usr/bin/tracuu-searchd --db "$tmp/backup" --port "$bport" --quiet >"$tmp/backup-sd.log" 2>&1 &
bpid=$!
for _ in $(seq 100); do
  curl -s "http://127.0.0.1:$bport/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
for q in "khoa+hoc+cong+nghe" "UBND" "chuyen+doi+so" "nghi+quyet"; do
  a="$(get "/api/search?q=$q" | json 'print([h["id"] for h in d["hits"]], d["total"])')"
  b="$(curl -sS --fail "http://127.0.0.1:$bport/api/search?q=$q" |
       json 'print([h["id"] for h in d["hits"]], d["total"])')"
  [ "$a" = "$b" ] || { kill "$bpid"; fail "the backup answers \"$q\" otherwise: $b, not $a"; }
done
kill "$bpid"
wait "$bpid" 2>/dev/null || true
