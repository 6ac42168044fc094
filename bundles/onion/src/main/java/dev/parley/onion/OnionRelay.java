package dev.parley.onion;

import java.util.concurrent.CompletionStage;

/** The node side of a node's onion: onion hop and announce node for others. */
public interface OnionRelay {

    /** How many live announcements the announce store holds. */
    CompletionStage<Integer> announcements();

    /** Stops serving (the packet kinds are unregistered on the loop). */
    void stop();
}
