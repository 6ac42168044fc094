#!/usr/bin/env bash
# Which of several Parley launch variants opens its window sooner, measured by launching them in
# turn, batch after batch, so that the machine's drift (a shared host's speed changes from minute
# to minute) hits every variant alike (issue 8; docs/BENCHMARKS.md, desktop launch, session 18).
#
#   itests/desktop/bench/alternate-launches.sh PROFILE.tox BATCHES VARIANT...
#
# A VARIANT is LABEL=[@DISTRIBUTION ]OPTIONS: OPTIONS are the JVM options (PARLEY_JAVA_OPTS, which
# replace bin/parley's defaults) or DEFAULT for bin/parley's own; @DISTRIBUTION is another
# distribution folder (default: distribution/target/parley). For example:
#
#   alternate-launches.sh p.tox 10 "now=DEFAULT" "old=@/tmp/parley-before DEFAULT"
#
# Each variant gets its own cache folder (bundle cache and class-data archive), filled by two
# untimed launches first, and its own copy of the profile as a returning user's only one. A
# launch is timed from its start until the `Parley…` window at least 400 pixels wide is shown, as
# launch-benchmark.sh does, and stopped one second later. Each line gives the window time and the
# process's CPU time then, in ms; the end gives each variant's times and median.
# PARLEY_STARTUP_TRACE=1 in EXTRA_ENV (e.g. EXTRA_ENV=PARLEY_STARTUP_TRACE=1) adds the launcher's
# trace to each variant's log, which LOGS=DIR keeps. Runs inside a private network namespace,
# under its own Xvfb; needs root, xvfb and python3 with libX11.
set -uo pipefail
if [ "${PARLEY_BENCH_INSIDE:-}" != 1 ]; then
  exec unshare -n env PARLEY_BENCH_INSIDE=1 "$0" "$@"
fi
ip link set lo up
profile=$(readlink -f "$1")
batches=$2
shift 2
here=$(cd "$(dirname "$0")/../../.." && pwd -P)
default_dist="$here/distribution/target/parley"
. "$here/itests/desktop/bench/bench-common.sh"
bench_begin alternate :89
bench_keep() {
  if [ -n "${LOGS:-}" ]; then mkdir -p "$LOGS" && cp "$work"/*.log "$LOGS"/ 2>/dev/null; fi
}

# launch LABEL SPEC: prints "WINDOW_MS CPU_MS"
launch() {
  local label=$1 options=$2 dist=$default_dist
  case "$options" in
    @*) dist=${options%% *}; dist=${dist#@}; options=${options#* } ;;
  esac
  rm -rf "$work/data-$label" && mkdir -p "$work/data-$label" && cp "$profile" "$work/data-$label/bench.tox"
  watch_window "$PARLEY_MAIN_WINDOW"
  local start; start=$(now_ms)
  if [ "$options" = DEFAULT ]; then
    env ${EXTRA_ENV:-} XDG_CACHE_HOME="$work/cache-$label" "$dist/bin/parley" --data-dir "$work/data-$label" \
      >"$work/$label.log" 2>&1 &
  else
    env ${EXTRA_ENV:-} XDG_CACHE_HOME="$work/cache-$label" PARLEY_JAVA_OPTS="$options" "$dist/bin/parley" \
      --data-dir "$work/data-$label" >"$work/$label.log" 2>&1 &
  fi
  local pid=$!
  await_window "$start"
  local ms=$window_ms
  local cpu; cpu=$(cpu_ms "$pid")
  sleep "${HOLD:-1}"
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  echo "$ms $cpu"
}

declare -A times
for variant in "$@"; do
  # the first launch writes the class-data archive as it ends (given time to), the second uses it
  HOLD=3 launch "${variant%%=*}" "${variant#*=}" >/dev/null
  launch "${variant%%=*}" "${variant#*=}" >/dev/null
done
for batch in $(seq "$batches"); do
  for variant in "$@"; do
    label=${variant%%=*}
    result=$(launch "$label" "${variant#*=}")
    echo "batch $batch $label: window ${result% *} ms (CPU ${result#* } ms)"
    times[$label]="${times[$label]:-} ${result%% *}"
  done
done
for variant in "$@"; do
  label=${variant%%=*}
  median=$(echo ${times[$label]} | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  echo "$label:${times[$label]} (median $median)"
done
