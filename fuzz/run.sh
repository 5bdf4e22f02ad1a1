#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, -DTRACUU_FUZZ=ON, in build-fuzz) and runs each
# for SECONDS from its seed corpus (fuzz/corpus/<target>/).
#   fuzz/run.sh SECONDS [target...]      all targets when none is named
# Environment: FUZZ_JOBS (targets run at once, default 2), FUZZ_BUILD (build folder,
# default build-fuzz), FUZZ_WORK (where the grown corpora, logs and crash inputs go,
# default $FUZZ_BUILD/work).
# Prints each target's closing "#N DONE cov: ... exec/s" line. Fails when a target
# crashes, leaks or breaks an invariant; the input is then saved as
# $FUZZ_WORK/<target>/crash-* and its path printed. Such an input belongs in
# tests/data/fuzz/<target>/ once the bug is fixed (docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:?usage: fuzz/run.sh SECONDS [target...]}"
shift
all=(fuzz_analyzer fuzz_query fuzz_jsonl fuzz_csv fuzz_legacy fuzz_http_params fuzz_auth)
build="${FUZZ_BUILD:-build-fuzz}"
work="${FUZZ_WORK:-$build/work}"
jobs="${FUZZ_JOBS:-2}"

CC=clang CXX=clang++ cmake -S . -B "$build" -DTRACUU_FUZZ=ON -DBUILD_TESTING=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# fuzz_extract_html exists only when the extract module is built.
if cmake --build "$build" --target help | grep -x '\.\.\. fuzz_extract_html' >/dev/null; then
  all+=(fuzz_extract_html)
fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
cmake --build "$build" -j2 --target "${targets[@]}" >/dev/null

run_one() {
  local t="$1" dir="$work/$1"
  mkdir -p "$dir/corpus"
  local args=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 -print_final_stats=1
              -artifact_prefix="$dir/")
  [ -f "fuzz/dict/$t.dict" ] && args+=(-dict="fuzz/dict/$t.dict")
  # New inputs go to the work corpus; the seeds in fuzz/corpus are only read.
  if "$build/fuzz/$t" "${args[@]}" "$dir/corpus" "fuzz/corpus/$t" >"$dir/log" 2>&1; then
    echo "$t: $(grep -E '^#[0-9]+[[:space:]]+DONE' "$dir/log" | tail -1)"
    grep -E '^stat::number_of_executed_units' "$dir/log" | sed "s/^/$t: /"
    return 0
  fi
  echo "$t: FAILED (log: $dir/log)"
  { grep -E 'ERROR: |SUMMARY: |invariant broken|runtime error' "$dir/log" || true; } | head -5 |
    sed "s/^/$t:   /"
  { ls "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* 2>/dev/null || true; } |
    sed "s/^/$t: input saved: /"
  return 1
}

status=0
pids=()
names=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  names+=("$t")
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
  fi
done
for p in "${pids[@]}"; do
  wait "$p" || status=1
done
[ $status -eq 0 ] && echo "fuzz: ${#targets[@]} targets, ${seconds} s each: no crash" \
  || echo "fuzz: a target failed (see above)"
exit $status
