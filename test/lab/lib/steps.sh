# Sourced by the setup scripts: each step prints one progress line; what the package managers print goes
# to a log file, whose path is printed once and whose tail is shown only when a step fails.
if [ -z "${LVSPLAN_SETUP_LOG:-}" ]; then
  if [ "$(id -u)" -eq 0 ]; then LVSPLAN_SETUP_LOG=/var/log/lvsplan-setup.log; else LVSPLAN_SETUP_LOG="${TMPDIR:-/tmp}/lvsplan-setup-$(id -u).log"; fi
fi
export LVSPLAN_SETUP_LOG

# step "what is being done" command args...
step() {
  local what=$1
  shift
  if [ -z "${LVSPLAN_SETUP_LOG_TOLD:-}" ]; then
    echo "setup: package manager output goes to $LVSPLAN_SETUP_LOG"
    export LVSPLAN_SETUP_LOG_TOLD=1
  fi
  printf '=== %s: %s\n' "$(date -u +%FT%TZ)" "$what" >>"$LVSPLAN_SETUP_LOG"
  printf 'setup: %s ... ' "$what"
  local start=$SECONDS rc=0
  "$@" >>"$LVSPLAN_SETUP_LOG" 2>&1 </dev/null || rc=$?
  if [ "$rc" -eq 0 ]; then
    echo "done ($((SECONDS - start))s)"
    return 0
  fi
  echo "FAILED (exit $rc)"
  echo "setup: the last lines of $LVSPLAN_SETUP_LOG:" >&2
  tail -n 25 "$LVSPLAN_SETUP_LOG" | sed 's/^/  | /' >&2
  exit "$rc"
}
