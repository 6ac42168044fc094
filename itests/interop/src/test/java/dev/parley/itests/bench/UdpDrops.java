package dev.parley.itests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The UDP datagrams the kernel dropped in this test's network namespace (the failsafe JVM and the
 * toxpeer processes it starts share one): the namespace-wide receive-buffer overflows of
 * {@code /proc/net/snmp} and {@code /proc/net/snmp6}, and each socket's drop count from
 * {@code /proc/net/udp} and {@code /proc/net/udp6}, by local port. Two snapshots around a burst
 * tell whether the receiver's socket overflowed and which one.
 */
record UdpDrops(long rcvbufErrors, Map<Integer, Long> dropsByPort) {

    static UdpDrops now() {
        long errors = snmp(Path.of("/proc/net/snmp"), "Udp:", "RcvbufErrors") + snmp6("Udp6RcvbufErrors");
        Map<Integer, Long> byPort = new TreeMap<>();
        sockets(Path.of("/proc/net/udp"), byPort);
        sockets(Path.of("/proc/net/udp6"), byPort);
        return new UdpDrops(errors, byPort);
    }

    /** What changed since {@code before}: "N overflows; port P: D dropped, ...". */
    String since(UdpDrops before) {
        StringBuilder s = new StringBuilder().append(rcvbufErrors - before.rcvbufErrors).append(" receive-buffer overflows");
        dropsByPort.forEach((port, d) -> {
            long delta = d - before.dropsByPort.getOrDefault(port, 0L);
            if (delta > 0) {
                s.append("; port ").append(port).append(": ").append(delta).append(" dropped");
            }
        });
        return s.toString();
    }

    private static long snmp(Path file, String prefix, String field) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith(prefix) && lines.get(i + 1).startsWith(prefix)) {
                    String[] names = lines.get(i).split("\\s+");
                    String[] values = lines.get(i + 1).split("\\s+");
                    for (int k = 1; k < names.length && k < values.length; k++) {
                        if (names[k].equals(field)) {
                            return Long.parseLong(values[k]);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not on Linux, or an unexpected layout: counted as none
        }
        return 0;
    }

    private static long snmp6(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/snmp6"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 2 && f[0].equals(field)) {
                    return Long.parseLong(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no IPv6
        }
        return 0;
    }

    private static void sockets(Path table, Map<Integer, Long> byPort) {
        try {
            List<String> lines = Files.readAllLines(table);
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length < 13) {
                    continue;
                }
                int port = Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16);
                byPort.merge(port, Long.parseLong(f[f.length - 1]), Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            // no such table
        }
    }
}
