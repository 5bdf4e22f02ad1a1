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
echo "tracuu: open http://127.0.0.1:${port}/ (search page; the JSON API is under /api/, e.g. /api/search?q=khoa+hoc+cong+nghe)"
exec build/searchd/tracuu-searchd --db var/index --port "$port"
