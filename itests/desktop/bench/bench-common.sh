# Shared by the desktop launch benchmarks (sourced, not run): a work folder and a private Xvfb,
# a clock, the CPU a process has used, and waiting for a window.

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

# The name Parley gives its window as it shows the main view (the first-run screen is "Welcome
# to Parley"; "(3) Parley" with unread messages), and qTox's main window.
PARLEY_MAIN_WINDOW='^(\([0-9]+\) )?Parley'
QTOX_MAIN_WINDOW='qTox'

# bench_begin NAME :N: a work folder in $work and a private Xvfb on display :N (DISPLAY exported),
# both gone when the script exits; a script that wants something from $work first defines
# bench_keep, which runs then
bench_begin() {
  work=$(mktemp -d "/tmp/parley-$1-XXXXXX")
  xvfb=
  trap 'declare -F bench_keep >/dev/null && bench_keep; [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null; rm -rf "$work"' EXIT
  Xvfb "$2" -screen 0 1280x860x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  export DISPLAY=$2
  for _ in $(seq 100); do [ -S /tmp/.X11-unix/X${2#:} ] && break; sleep 0.05; done
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# CPU time the process has used so far (user + system, all threads), in ms: on a busy machine
# a steadier reading than the wall-clock time
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$1/stat" 2>/dev/null || echo "?"; }

# watch_window PATTERN: starts listening on the display for a viewable window at least 400 pixels
# wide whose name matches PATTERN (a Python regular expression), and returns once it listens;
# start the application after this. The listener (await-window.py) sleeps in its X connection,
# so it takes no CPU from the application and sees the window as it is mapped (the xwininfo
# polling used up to session 18 took a good part of a core and saw it ~25 ms late on average).
watch_window() {
  watch_output=$(mktemp)
  python3 "$bench_dir/await-window.py" "$1" 60 >"$watch_output" &
  watch_pid=$!
  until grep -q ready "$watch_output" 2>/dev/null; do
    kill -0 "$watch_pid" 2>/dev/null || break
    sleep 0.01
  done
}

# await_window START: sets window_ms to the milliseconds from START (now_ms) until the window of
# watch_window was shown, or to "timeout" (not in a subshell: it waits for the listener)
await_window() {
  wait "$watch_pid" || true
  local shown; shown=$(tail -n 1 "$watch_output")
  rm -f "$watch_output"
  case $shown in
    '' | *[!0-9]*) window_ms=timeout ;;
    *) window_ms=$(( shown - $1 )) ;;
  esac
}
