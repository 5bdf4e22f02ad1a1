#!/usr/bin/env bash
# The first command: set up, index the bundled sample corpus, serve it.
#   ./run.sh [PORT]
# Installs what is missing, builds tracuu (release), indexes corpus/ (the JSON
# Lines sample, the task spreadsheet and the department's files in corpus/files/,
# whatever that folder holds) into var/index, and runs tracuu-searchd on
# http://127.0.0.1:PORT/ (8080 by default) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")"
port="${1:-8080}"

bash scripts/deps.sh run
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

mkdir -p var
files=()
[ -d corpus/files ] && files=(corpus/files)
# Exit status 1 means some file was skipped (reported above): serve the rest.
build/indexer/tracuu-index --db var/index --ocr corpus/sample.jsonl corpus/tasks.csv \
  "${files[@]}" || [ $? -eq 1 ]
# A staff key for the demo (docs/security.md): visitors without it see public
# documents only; signed in with it at /signin, or sending "Authorization: Bearer KEY",
# they also see the internal minutes and proposal of corpus/sample.jsonl, marked
# "Nội bộ". Kept in var/ in clear for the demo only: a real key is shown once.
if [ ! -s var/demo-key ] || [ ! -s var/keys ]; then
  rm -f var/keys var/demo-key
  build/searchd/tracuu-searchd --keys var/keys --add-key demo search >var/demo-key
fi
echo "tracuu: open http://127.0.0.1:${port}/ (search page; the JSON API is under /api/, e.g. /api/search?q=khoa+hoc+cong+nghe)"
echo "tracuu: staff key (sign in at http://127.0.0.1:${port}/signin to see internal documents): $(cat var/demo-key)"
exec build/searchd/tracuu-searchd --db var/index --port "$port" --keys var/keys
