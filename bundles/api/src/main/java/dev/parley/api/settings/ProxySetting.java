package dev.parley.api.settings;

import java.util.Locale;
import java.util.Optional;

/**
 * A proxy for the connections Parley opens (TCP relays): the Messenger's relay connections go
 * through it. Like c-toxcore's, it carries TCP only; UDP is a setting of its own.
 *
 * @param type none, HTTP (CONNECT) or SOCKS5
 * @param host the proxy's host ("" when {@link Type#NONE})
 * @param port the proxy's port (0 when {@link Type#NONE})
 */
public record ProxySetting(Type type, String host, int port) {

    /** The kinds of proxy. */
    public enum Type {
        NONE, HTTP, SOCKS5;

        /** The type a setting names (case-insensitive); NONE for anything else. */
        public static Type parse(String s) {
            if (s == null) {
                return NONE;
            }
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return NONE;
            }
        }
    }

    /** No proxy. */
    public static final ProxySetting NONE = new ProxySetting(Type.NONE, "", 0);

    /** @throws IllegalArgumentException with a sentence for the person when host or port is unusable */
    public ProxySetting {
        type = type == null ? Type.NONE : type;
        host = host == null ? "" : host.strip();
        if (type == Type.NONE) {
            host = "";
            port = 0;
        } else {
            problem(type, host, port).ifPresent(p -> {
                throw new IllegalArgumentException(p);
            });
        }
    }

    /** What is wrong with these values, if anything (as typed: the port may be any text). */
    public static Optional<String> check(Type type, String host, String port) {
        if (type == null || type == Type.NONE) {
            return Optional.empty();
        }
        int p;
        try {
            p = Integer.parseInt(port == null ? "" : port.strip());
        } catch (NumberFormatException e) {
            return Optional.of("The proxy port must be a number from 1 to 65535.");
        }
        return problem(type, host == null ? "" : host.strip(), p);
    }

    private static Optional<String> problem(Type type, String host, int port) {
        if (host.isEmpty()) {
            return Optional.of("Enter the proxy's host.");
        }
        if (!host.matches("[A-Za-z0-9.:\\[\\]_-]+")) {
            return Optional.of("The proxy host has a character that no host name or address has.");
        }
        if (port < 1 || port > 65535) {
            return Optional.of("The proxy port must be a number from 1 to 65535.");
        }
        return Optional.empty();
    }
}
