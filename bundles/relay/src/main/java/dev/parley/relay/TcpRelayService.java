package dev.parley.relay;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A running TCP relay server of this node, published by the relay bundle's component with the
 * properties {@code dht.key} (the relay's key, which clients need), {@code tcp.ports},
 * {@code tcp.host} (the address a client on this machine connects to) and, when its
 * configuration had one, {@code node.session}.
 */
public interface TcpRelayService {

    /** The TCP ports it listens on, in configuration order (a configured 0 shows the chosen port). */
    List<Integer> tcpPorts();

    /** Confirmed clients now. */
    CompletionStage<Integer> clients();

    /**
     * The server's counters by name, as {@link RelayServer#counters()} gives them: streams, links,
     * packets forwarded, packets dropped for a backed-up receiver, closes by reason.
     */
    CompletionStage<Map<String, Long>> counters();
}
