package dev.parley.net;

/** Counts of one packet kind, read from a {@link PacketNetwork}. */
public record PacketCounters(int kind, long received, long sent, long dropped, long malformed) {
}
