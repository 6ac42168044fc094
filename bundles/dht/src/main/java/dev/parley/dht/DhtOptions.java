package dev.parley.dht;

/**
 * Settings of a DHT node.
 *
 * @param motd message of the day for bootstrap info requests, or null to ignore them
 * @param version the version in bootstrap info replies (tox-bootstrapd style: yyyymmddvv)
 * @param lanDiscovery whether to send LAN discovery packets (every 10 s, to the interfaces'
 *     broadcast addresses, 255.255.255.255 and ff02::1, as c-toxcore does) and answer them; off
 *     unless the person or the config turned it on
 * @param tickMillis how often the periodic work runs (c-toxcore runs it every iteration, about
 *     every 50 ms; its timers are in seconds)
 */
public record DhtOptions(String motd, long version, boolean lanDiscovery, long tickMillis) {

    /** The version Parley's node reports, in tox-bootstrapd's format. */
    public static final long PARLEY_VERSION = 2025010100L;

    public static DhtOptions defaults() {
        return new DhtOptions(null, PARLEY_VERSION, false, 250);
    }

    public DhtOptions withMotd(String m) {
        return new DhtOptions(m, version, lanDiscovery, tickMillis);
    }

    public DhtOptions withLanDiscovery(boolean on) {
        return new DhtOptions(motd, version, on, tickMillis);
    }

    public DhtOptions withTickMillis(long t) {
        return new DhtOptions(motd, version, lanDiscovery, t);
    }
}
