package dev.parley.messenger.internal;

/**
 * Whether any of the Messenger's TCP relays is connected now. {@link MessengerComponent}
 * publishes it (a service of this private package, seen only inside the bundle) for
 * {@link AccountComponent}'s own-connection state.
 */
public interface RelayStatus {
    /** True if at least one relay has finished its handshake and carries traffic. */
    boolean anyRelayReady();
}
