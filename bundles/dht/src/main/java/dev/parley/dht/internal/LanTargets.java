package dev.parley.dht.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where LAN discovery packets go, as c-toxcore picks them: the IPv4 broadcast address of every
 * interface that is up, or for an interface without one (Linux's {@code lo}) its own address if it
 * is a 127.x address; then the IPv4 limited broadcast 255.255.255.255, and with an IPv6 socket the
 * all-nodes multicast group ff02::1.
 */
final class LanTargets {

    static final InetAddress LIMITED_BROADCAST = address(new byte[] {-1, -1, -1, -1});
    static final InetAddress ALL_NODES = address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private LanTargets() {
    }

    /** The addresses to send LAN discovery to right now. Reads the interfaces (a system call). */
    static List<InetAddress> current(boolean ipv6) {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    if (!(a.getAddress() instanceof Inet4Address)) {
                        continue;
                    }
                    InetAddress target = a.getBroadcast();
                    if (target == null && a.getAddress().isLoopbackAddress()) {
                        target = a.getAddress();
                    }
                    if (target != null && !out.contains(target)) {
                        out.add(target);
                    }
                }
            }
        } catch (SocketException e) {
            // No interfaces to read: the fixed targets below still go out.
        }
        out.add(LIMITED_BROADCAST);
        if (ipv6) {
            out.add(ALL_NODES);
        }
        return out;
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
