# lib.sh: what the shell tests (load.sh, valgrind.sh) share; sourced, not run. Sets
# src and bin from the environment ctest gives, and offers: ts_need (skip, exit 77,
# without a tool), ts_tmp (a temporary folder removed on exit, with the daemon in $pid
# stopped) and ts_port_of (the port tracuu-searchd printed).
src="${TRACUU_SOURCE_DIR:?run through ctest}"
bin="${TRACUU_BINARY_DIR:?run through ctest}"

# ts_need TOOL...: exits 77 (skipped) when one is not installed.
ts_need() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "SKIP: $tool is not installed (scripts/deps.sh installs it)"
      exit 77
    fi
  done
}

# ts_tmp NAME: a new folder in $tmp; on exit, the process in $pid (when set) is
# stopped and the folder removed.
ts_tmp() {
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/tracuu-$1-XXXXXX")"
  pid=""
  trap ts_cleanup EXIT
}
ts_cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}

# ts_port_of FILE TRIES: waits (TRIES tenths of a second at most, and no longer than the
# process in $pid lives) until tracuu-searchd has written "http://127.0.0.1:PORT/" to
# FILE; sets $port. Returns 1 when it did not.
ts_port_of() {
  local _
  port=""
  for _ in $(seq "$2"); do
    port="$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$1")"
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
