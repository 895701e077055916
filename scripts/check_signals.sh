#!/usr/bin/env bash
# The workbench as a shell's job, driven through tmux: Ctrl-Z gives the
# terminal back and `fg` takes it again (redrawn); SIGTERM and SIGHUP leave
# the alternate screen and mouse reporting off, as quitting does.
# Usage: scripts/check_signals.sh [path/to/dpo]   (default: target/debug/dpo)
set -euo pipefail
dpo="$(realpath "${1:-target/debug/dpo}")"
work="$(mktemp -d)"
server="dpo-signals-$$"
trap 'tmux -L "$server" kill-server 2>/dev/null || true; sleep 0.3; rm -rf "$work" 2>/dev/null || true' EXIT
export HOME="$work" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" DPO_NOW=2026-11-23T10:00:00Z
"$dpo" init "$work/signals.dpo" --demo >/dev/null

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pane() { tmux -L "$server" display -p -t sig "$1"; }
# Waits up to 10 s for the pane's format $1 to read $2.
wait_for() {
  for _ in $(seq 50); do [ "$(pane "$1")" = "$2" ] && return 0; sleep 0.2; done
  return 1
}
start() {
  # A server still shutting down would take the new session with it.
  tmux -L "$server" kill-server 2>/dev/null || true
  for _ in $(seq 25); do tmux -L "$server" ls >/dev/null 2>&1 || break; sleep 0.2; done
  sleep 0.3
  tmux -L "$server" new-session -d -s sig -x 100 -y 30 "bash --norc --noprofile"
  tmux -L "$server" send-keys -t sig "PS1='$ '; $dpo $work/signals.dpo" Enter
  wait_for '#{alternate_on}' 1 || fail "the workbench did not start"
  sleep 0.5
}
the_pid() { pgrep -f "^$dpo $work/signals.dpo" | head -1; }

# Ctrl-Z, then fg.
start
tmux -L "$server" send-keys -t sig C-z
wait_for '#{alternate_on}' 0 || fail "Ctrl-Z left the alternate screen on"
[ "$(pane '#{mouse_any_flag}')" = 0 ] || fail "Ctrl-Z left mouse reporting on"
tmux -L "$server" capture-pane -p -t sig | grep -q Stopped || fail "the shell did not report the job stopped"
tmux -L "$server" send-keys -t sig "fg" Enter
wait_for '#{alternate_on}' 1 || fail "fg did not bring the workbench back"
sleep 0.5
tmux -L "$server" capture-pane -p -t sig | grep -q "Dashboard\|Most urgent\|breach" || fail "fg did not redraw the screen"
tmux -L "$server" send-keys -t sig q
wait_for '#{alternate_on}' 0 || fail "q after fg did not quit"

# SIGTERM and SIGHUP restore the terminal.
for signal in TERM HUP; do
  start
  pid="$(the_pid)"
  [ -n "$pid" ] || { fail "no workbench process to send SIG$signal"; continue; }
  kill -s "$signal" "$pid"
  wait_for '#{alternate_on}' 0 || fail "SIG$signal left the alternate screen on"
  [ "$(pane '#{mouse_any_flag}')" = 0 ] || fail "SIG$signal left mouse reporting on"
  for _ in $(seq 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  ! kill -0 "$pid" 2>/dev/null || fail "SIG$signal did not end the workbench"
done

# The terminal itself goes away (its window closed): the workbench ends too,
# rather than waiting on a terminal that will never send a key.
start
pid="$(the_pid)"
tmux -L "$server" kill-server
for _ in $(seq 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$pid" 2>/dev/null; then
  fail "a closed terminal left the workbench running"
  kill -9 "$pid"
fi

if [ "$failures" -gt 0 ]; then exit 1; fi
echo "signals: Ctrl-Z/fg, SIGTERM and SIGHUP restore the terminal; a closed terminal ends the workbench"
