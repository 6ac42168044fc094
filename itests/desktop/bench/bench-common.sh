# Shared by the desktop launch benchmarks (sourced, not run): a private Xvfb, a clock, the CPU
# a process has used, and waiting for a window.

# The main window Parley names as it shows the main view (the first-run screen is "Welcome to
# Parley"; GTK's small hidden windows are narrower than 400 pixels), as xwininfo prints it.
PARLEY_MAIN_WINDOW='"(\([0-9]+\) )?Parley[^"]*": \([^)]*\)  ([4-9][0-9]{2}|[0-9]{4,})x'

# start_xvfb :N starts Xvfb on display :N (its pid in $xvfb), exports DISPLAY, waits for it
start_xvfb() {
  Xvfb "$1" -screen 0 1280x860x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  export DISPLAY=$1
  for _ in $(seq 100); do [ -S /tmp/.X11-unix/X${1#:} ] && break; sleep 0.05; done
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# CPU time the process has used so far (user + system, all threads), in ms: on a busy machine
# a steadier reading than the wall-clock time
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000 / hz }' "/proc/$1/stat" 2>/dev/null || echo "?"; }

# waits until a window whose name matches the pattern exists; prints the milliseconds since $1
await_window() {
  local start=$1 pattern=$2 deadline=$(( $(now_ms) + 60000 ))
  until xwininfo -root -tree 2>/dev/null | grep -Eq "$pattern"; do
    if [ "$(now_ms)" -gt "$deadline" ]; then echo "timeout"; return; fi
    sleep 0.02
  done
  echo $(( $(now_ms) - start ))
}
