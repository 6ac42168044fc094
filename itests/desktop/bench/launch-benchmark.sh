#!/usr/bin/env bash
# Launch time and idle memory of Parley's window against qTox, side by side in one run (issue 8).
#
#   itests/desktop/bench/launch-benchmark.sh PROFILE.tox [RUNS]
#
# PROFILE.tox is an unencrypted Tox save; both clients open it as a returning user: Parley from
# a data folder holding it as its only profile (it opens such a profile by itself), qTox with
# "-p bench" from a fresh HOME. Each run: start the client under Xvfb inside a private network
# namespace (loopback only: no bootstrap node is reachable, so both stay offline), measure the
# time until its main window is shown (await-window.py, listening on the display: a viewable
# window at least 400 pixels wide - both toolkits also make small hidden windows - whose title
# starts with "Parley" - the first-run screen is "Welcome to Parley" - or contains "qTox"), wait
# 20 s, read the resident memory (VmRSS), stop it. Needs: xvfb, python3 with libX11, qtox,
# util-linux (unshare), a built distribution (distribution/target/parley). Run as root (for the
# namespace).
# A returning Parley user has Parley's cache folder (the framework's bundle cache and the
# class-data archive, both made by the first launch): Parley gets a cache folder of the benchmark's
# own, filled by one untimed launch before the timed runs (set PARLEY_BENCH_COLD=1 to skip it and
# time the first launch too).
set -euo pipefail
if [ "${PARLEY_BENCH_INSIDE:-}" != 1 ]; then
  exec unshare -n env PARLEY_BENCH_INSIDE=1 "$0" "$@"
fi
ip link set lo up 2>/dev/null || true
profile=$(readlink -f "$1")
runs=${2:-3}
here=$(cd "$(dirname "$0")/../../.." && pwd -P)
dist="$here/distribution/target/parley"
. "$here/itests/desktop/bench/bench-common.sh"
bench_begin bench :88

rss_mib() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

one() { # name, pattern, command...
  local name=$1 pattern=$2; shift 2
  watch_window "$pattern"
  local start; start=$(now_ms)
  "$@" >"$work/$name.log" 2>&1 &
  local pid=$!
  await_window "$start"
  local ms=$window_ms
  local cpu; cpu=$(cpu_ms "$pid")
  sleep "${IDLE_SECONDS:-20}"
  local rss; rss=$(rss_mib "$pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  printf '%-7s run %s: main window %6s ms (CPU %5s ms), RSS after %s s idle %5s MiB\n' "$name" "$run" "$ms" "$cpu" \
    "${IDLE_SECONDS:-20}" "$rss"
}

export XDG_CACHE_HOME="$work/parley-cache"
if [ "${PARLEY_BENCH_COLD:-}" != 1 ]; then
  run=warm-up
  rm -rf "$work/parley-data" && mkdir -p "$work/parley-data" && cp "$profile" "$work/parley-data/bench.tox"
  IDLE_SECONDS=1 one parley "$PARLEY_MAIN_WINDOW" "$dist/bin/parley" --data-dir "$work/parley-data"
fi

for run in $(seq "$runs"); do
  rm -rf "$work/parley-data" "$work/qtox-home"
  mkdir -p "$work/parley-data" "$work/qtox-home/.config/tox"
  cp "$profile" "$work/parley-data/bench.tox"
  cp "$profile" "$work/qtox-home/.config/tox/bench.tox"
  one parley "$PARLEY_MAIN_WINDOW" "$dist/bin/parley" --data-dir "$work/parley-data"
  one qtox "$QTOX_MAIN_WINDOW" env -u XDG_CACHE_HOME HOME="$work/qtox-home" XDG_CONFIG_HOME="$work/qtox-home/.config" \
      XDG_DATA_HOME="$work/qtox-home/.local/share" QT_QPA_PLATFORM=xcb qtox -p bench
done
