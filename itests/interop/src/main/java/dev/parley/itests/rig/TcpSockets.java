package dev.parley.itests.rig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The established TCP connections of the test's network namespace, as {@code ss -Htnp} lists
 * them, to check who talks to whom: that a relay saw a proxy's address, or that a process opened
 * no direct connection.
 */
public final class TcpSockets {

    /**
     * One end of an established connection, as seen from the process(es) holding it.
     *
     * @param localHost local IP, IPv6 without brackets
     * @param localPort local port
     * @param peerHost remote IP
     * @param peerPort remote port
     * @param pids the processes holding the socket
     */
    public record Connection(String localHost, int localPort, String peerHost, int peerPort, List<Long> pids) {
    }

    private static final Pattern LINE = Pattern.compile("\\S+\\s+\\d+\\s+\\d+\\s+(\\S+):(\\d+)\\s+(\\S+):(\\d+)(?:\\s+(.*))?");
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");

    private TcpSockets() {
    }

    /** Every established TCP connection now. */
    public static List<Connection> established() {
        try {
            Process p = new ProcessBuilder("ss", "-Htnp", "state", "established").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("ss failed: " + out);
            }
            List<Connection> list = new ArrayList<>();
            for (String line : out.split("\n")) {
                String l = line.trim();
                if (l.isEmpty()) {
                    continue;
                }
                // With "state established" ss leaves out the state column; put a placeholder back.
                Matcher m = LINE.matcher("ESTAB " + l);
                if (!m.matches()) {
                    continue;
                }
                List<Long> pids = new ArrayList<>();
                if (m.group(5) != null) {
                    Matcher pm = PID.matcher(m.group(5));
                    while (pm.find()) {
                        pids.add(Long.parseLong(pm.group(1)));
                    }
                }
                list.add(new Connection(host(m.group(1)), Integer.parseInt(m.group(2)), host(m.group(3)),
                        Integer.parseInt(m.group(4)), pids));
            }
            return list;
        } catch (IOException e) {
            throw new AssertionError("ss (package iproute2) did not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The connections accepted on {@code serverPort} (the server's ends), by source address. */
    public static List<Connection> acceptedOn(int serverPort) {
        return established().stream().filter(c -> c.localPort() == serverPort).toList();
    }

    /** The connections a process (or its threads) holds. */
    public static List<Connection> heldBy(long pid) {
        return established().stream().filter(c -> c.pids().contains(pid)).toList();
    }

    private static String host(String s) {
        String h = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        return h.startsWith("::ffff:") && h.contains(".") ? h.substring(7) : h;
    }
}
