#!/bin/sh
# Idle cost of bin/parley-node against tox-bootstrapd (issue 4, "Performance and scale").
#
# Runs them at once, each with no peers and no bootstrap nodes, inside a fresh network namespace
# that has only loopback (so nothing can leave the machine), lets them settle, then measures over
# SECONDS_IDLE (default 60) seconds: CPU seconds (utime + stime from /proc/<pid>/stat) and RSS at
# the end (VmRSS). parley-node runs as a bootstrap node (--no-console, no profile), which is the lean
# bootstrap feature that bin/parley-node picks by itself, three times: with the JVM defaults
# (PARLEY_JAVA_OPTS empty), with bin/parley-node's own defaults (PARLEY_JAVA_OPTS unset) and with a
# tuned JVM (PARLEY_TUNED_OPTS); and a fourth time with the tuned JVM and the whole node feature
# (--feature node: Messenger, add-ons, Gogo), for comparison. Prints a Markdown table.
#
# Usage (as root, for unshare -n): bundles/dht/src/test/bench/idle-cost.sh [distribution dir]
# Needs: the built distribution (default distribution/target/parley), tox-bootstrapd on PATH.
set -eu

if [ "${PARLEY_IN_NETNS:-}" != 1 ]; then
    export PARLEY_IN_NETNS=1
    exec unshare -n "$0" "$@"
fi
ip link set lo up

ROOT=$(cd "$(dirname "$0")/../../../../.." && pwd -P)
DIST=${1:-$ROOT/distribution/target/parley}
SETTLE=${SETTLE:-60}
IDLE=${SECONDS_IDLE:-60}
# -Xmn1m: a small young generation (the idle node allocates little; less heap touched).
# -XX:-UsePerfData: no hsperfdata sampling, which woke a VM thread every 50 ms.
# -XX:CompileThresholdScaling=20: C1 compiles only what runs often (packet paths under load), not
# the once-a-second idle work, which otherwise is still being compiled minutes after start.
TUNED=${PARLEY_TUNED_OPTS:--Xms8m -Xmx24m -Xmn1m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:CompileThresholdScaling=20 -XX:ReservedCodeCacheSize=12m -XX:MaxMetaspaceSize=48m -XX:MaxDirectMemorySize=16m -XX:-UsePerfData -Dio.netty.allocator.type=unpooled}
WORK=$(mktemp -d /tmp/parley-idle.XXXXXX)
TICK=$(getconf CLK_TCK)

cat >"$WORK/tox-bootstrapd.conf" <<EOF
port = 33445
keys_file_path = "$WORK/tox-bootstrapd.keys"
pid_file_path = "$WORK/tox-bootstrapd.pid"
enable_ipv6 = false
enable_ipv4_fallback = true
enable_lan_discovery = false
enable_tcp_relay = false
tcp_relay_ports = [33445]
enable_motd = true
motd = "idle"
EOF

tox-bootstrapd --foreground --config="$WORK/tox-bootstrapd.conf" --log-backend=stdout >"$WORK/bootstrapd.log" 2>&1 &
BD=$!
mkdir -p "$WORK/d1" "$WORK/d2" "$WORK/d3" "$WORK/d4"
XDG_DATA_HOME="$WORK/d1" PARLEY_JAVA_OPTS="" "$DIST/bin/parley-node" --no-console --no-lan --ipv4-only --port 40001 \
    --keys "$WORK/d1/node.keys" >"$WORK/parley-default.log" 2>&1 &
P1=$!
XDG_DATA_HOME="$WORK/d2" PARLEY_JAVA_OPTS="$TUNED" "$DIST/bin/parley-node" --no-console --no-lan --ipv4-only \
    --port 41001 --keys "$WORK/d2/node.keys" >"$WORK/parley-tuned.log" 2>&1 &
P2=$!
(unset PARLEY_JAVA_OPTS; XDG_DATA_HOME="$WORK/d3" exec "$DIST/bin/parley-node" --no-console --no-lan --ipv4-only \
    --port 42001 --keys "$WORK/d3/node.keys" >"$WORK/parley-script.log" 2>&1) &
P3=$!
XDG_DATA_HOME="$WORK/d4" PARLEY_JAVA_OPTS="$TUNED" "$DIST/bin/parley-node" --feature node --no-console --no-lan \
    --ipv4-only --port 43001 --keys "$WORK/d4/node.keys" >"$WORK/parley-node-feature.log" 2>&1 &
P4=$!
trap 'kill $BD $P1 $P2 $P3 $P4 2>/dev/null || true' EXIT

cpu() { # utime + stime in ticks (fields 14 and 15; the name in field 2 has no spaces here)
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}
rss() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

sleep "$SETTLE" # start-up (JVM, OSGi framework) is not idle cost
for p in $BD $P1 $P2 $P3 $P4; do
    kill -0 "$p" || { echo "process $p died; logs in $WORK" >&2; exit 1; }
done
B0=$(cpu $BD); A0=$(cpu $P1); T0=$(cpu $P2); S0=$(cpu $P3); N0=$(cpu $P4)
sleep "$IDLE"
B1=$(cpu $BD); A1=$(cpu $P1); T1=$(cpu $P2); S1=$(cpu $P3); N1=$(cpu $P4)
BR=$(rss $BD); AR=$(rss $P1); TR=$(rss $P2); SR=$(rss $P3); NR=$(rss $P4)

awk -v t="$TICK" -v idle="$IDLE" -v b="$((B1 - B0))" -v a="$((A1 - A0))" -v tu="$((T1 - T0))" \
    -v s="$((S1 - S0))" -v n="$((N1 - N0))" -v br="$BR" -v ar="$AR" -v tr="$TR" -v sr="$SR" -v nr="$NR" \
    -v tuned="$TUNED" 'BEGIN {
    printf "| process | CPU s over %d s idle | RSS MiB | CPU ratio | RSS ratio |\n|---|---:|---:|---:|---:|\n", idle
    printf "| tox-bootstrapd | %.2f | %.1f | 1 | 1 |\n", b / t, br / 1024
    printf "| parley-node (JVM defaults) | %.2f | %.1f | %s | %.1f |\n", a / t, ar / 1024, b ? sprintf("%.1f", a / b) : "n/a (bootstrapd 0 ticks)", ar / br
    printf "| parley-node (bin/parley-node defaults) | %.2f | %.1f | %s | %.1f |\n", s / t, sr / 1024, b ? sprintf("%.1f", s / b) : "n/a (bootstrapd 0 ticks)", sr / br
    printf "| parley-node (%s) | %.2f | %.1f | %s | %.1f |\n", tuned, tu / t, tr / 1024, b ? sprintf("%.1f", tu / b) : "n/a (bootstrapd 0 ticks)", tr / br
    printf "| parley-node --feature node (whole node feature), tuned | %.2f | %.1f | %s | %.1f |\n", n / t, nr / 1024, b ? sprintf("%.1f", n / b) : "n/a (bootstrapd 0 ticks)", nr / br
    printf "\nCPU in ticks of 1/%d s: tox-bootstrapd %d, parley-node JVM defaults %d, script defaults %d, tuned %d, node feature tuned %d\n", t, b, a, s, tu, n
}'
echo "logs: $WORK"
