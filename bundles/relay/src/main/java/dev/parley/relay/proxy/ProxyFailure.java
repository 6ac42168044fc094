package dev.parley.relay.proxy;

/**
 * Why a proxy did not open a tunnel.
 *
 * @param kind the class of failure (also the name it is counted under)
 * @param detail what the proxy said, for the log
 */
public record ProxyFailure(Kind kind, String detail) {

    /** The classes of failure a user can act on. */
    public enum Kind {
        /** The proxy could not be connected to at all. */
        UNREACHABLE("proxy unreachable"),
        /** The proxy wants a user name and password (Parley has none to give, as c-toxcore). */
        AUTH_REQUIRED("proxy requires authentication"),
        /** The proxy answered but would not open the tunnel (rules, target down, refused). */
        REFUSED("proxy refused"),
        /** The proxy's reply is not what the protocol allows. */
        MALFORMED("malformed proxy reply"),
        /** The proxy closed the connection or did not finish the handshake in time. */
        NO_REPLY("no proxy reply");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /** A short lower-case name, used as a counter name. */
        public String text() {
            return text;
        }
    }

    @Override
    public String toString() {
        return kind.text() + ": " + detail;
    }
}
