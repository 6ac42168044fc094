/**
 * The network layer of a Parley node.
 *
 * <ul>
 *   <li>{@link dev.parley.net.EventLoop}: the one thread that owns a node's protocol state, with
 *       its injected clock. {@link dev.parley.net.ThreadEventLoop} is the real one,
 *       {@link dev.parley.net.VirtualEventLoop} runs on virtual time for tests and simulations.
 *   <li>{@link dev.parley.net.Transport}: the SPI that carries datagrams.
 *       {@link dev.parley.net.UdpTransport} is UDP on Netty (the bundle {@code dev.parley.transport.udp}
 *       publishes it as the node's transport),
 *       {@link dev.parley.net.SimulatedNetwork} an in-memory network with latency and loss,
 *       {@link dev.parley.net.ForwardingTransport} a base for wrappers that watch or filter.
 *   <li>{@link dev.parley.net.PacketNetwork}: dispatch of received datagrams by their first byte
 *       to the handler registered for that packet kind, and per-kind counters.
 * </ul>
 */
@Export
@Version("0.4.0")
package dev.parley.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
