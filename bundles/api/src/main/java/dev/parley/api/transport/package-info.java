/**
 * The transport SPI: how a Parley node's datagrams (DHT, onion, net_crypto) reach the network.
 *
 * <p>A provider registers a {@link dev.parley.api.transport.DatagramTransport} service. The node
 * binds the provider with the highest {@code service.ranking} (the usual OSGi order; ties go to
 * the lowest {@code service.id}) and moves to the next one when it goes away, without restarting
 * the DHT, the onion or net_crypto. Core ships two providers:
 * <ul>
 *   <li>{@code transport=udp} (bundle {@code dev.parley.transport.udp}, ranking 0): a UDP
 *       socket, c-toxcore's ports 33445-33545 by default;
 *   <li>{@code transport=tcp-relay-only} (in the net bundle, ranking
 *       {@link dev.parley.api.transport.DatagramTransport#RELAY_ONLY_RANKING}): carries no
 *       datagrams ({@link dev.parley.api.transport.DatagramTransport#carriesDatagrams()} is
 *       false), so friend connections and onion requests go through TCP relays only. It is what
 *       the node falls back to when the UDP bundle is stopped or UDP is switched off.
 * </ul>
 * An add-on may register its own provider with a higher ranking to take over (for example a
 * socket bound elsewhere). The package holds no secrets: a transport only sees datagrams that
 * are already encrypted by the protocols above it.
 */
@Export
@Version("1.0.0")
package dev.parley.api.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
