package dev.parley.api.settings;

import java.util.Locale;

/**
 * A DHT node to join the network through, written {@code IP:PORT:KEY} ({@code [IPv6]:PORT:KEY}
 * for IPv6): an IP address (no host names, so nothing is looked up), a UDP port and the node's
 * 32-byte DHT public key in 64 hex digits. A TCP relay is written the same way, with its TCP port.
 *
 * @param host the IP address, IPv6 without brackets
 * @param port 1-65535
 * @param publicKey 64 hex digits, upper case
 */
public record BootstrapNode(String host, int port, String publicKey) {

    public BootstrapNode {
        String problem = problem(host, port, publicKey);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        publicKey = publicKey.toUpperCase(Locale.ROOT);
    }

    /**
     * Parses {@code IP:PORT:KEY} as typed (spaces around it ignored).
     *
     * @throws IllegalArgumentException with a sentence for the person saying what is wrong
     */
    public static BootstrapNode parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("Enter a node as IP:PORT:KEY.");
        }
        int keyColon = t.lastIndexOf(':');
        if (keyColon < 0) {
            throw new IllegalArgumentException("Write the node as IP:PORT:KEY (two colons missing).");
        }
        int portColon = t.lastIndexOf(':', keyColon - 1);
        if (portColon < 0) {
            throw new IllegalArgumentException("Write the node as IP:PORT:KEY (a colon is missing).");
        }
        String host = t.substring(0, portColon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("Put an IPv6 address in brackets: [2001:db8::1]:33445:KEY.");
        }
        String portText = t.substring(portColon + 1, keyColon);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The port \"" + portText + "\" is not a number.");
        }
        return new BootstrapNode(host, port, t.substring(keyColon + 1));
    }

    /** The problem with {@code text} as a sentence, or null if it is a valid node. */
    public static String check(String text) {
        try {
            parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static String problem(String host, int port, String key) {
        if (host == null || host.isEmpty()) {
            return "The node's IP address is missing.";
        }
        if (!isIpv4(host) && !isIpv6(host)) {
            return "\"" + host + "\" is not an IP address (names are not looked up: use the node's IP).";
        }
        if (port < 1 || port > 65535) {
            return "The port must be from 1 to 65535.";
        }
        if (key == null || key.isEmpty()) {
            return "The node's public key is missing.";
        }
        if (!key.matches("[0-9A-Fa-f]*")) {
            return "The public key has a character that is no hex digit (0-9, A-F).";
        }
        if (key.length() != 64) {
            return "The public key has " + key.length() + " of 64 hex digits.";
        }
        return null;
    }

    private static boolean isIpv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String h) {
        if (!h.matches("[0-9A-Fa-f:.]+") || !h.contains(":")) {
            return false;
        }
        int doubles = h.split("::", -1).length - 1;
        if (doubles > 1) {
            return false;
        }
        String[] groups = h.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty()) {
                continue;
            }
            if (i == groups.length - 1 && g.contains(".")) {
                if (!isIpv4(g)) {
                    return false;
                }
                count += 2;
            } else if (g.length() > 4 || !g.matches("[0-9A-Fa-f]+")) {
                return false;
            } else {
                count++;
            }
        }
        return doubles == 1 ? count < 8 : count == 8;
    }

    /** {@code IP:PORT:KEY}, IPv6 in brackets: what {@link #parse} reads. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port + ":" + publicKey;
    }
}
