package dev.parley.itests.rig;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for processes that need one given to them (tox-bootstrapd). toxpeer chooses its own
 * (c-toxcore tries 33445-33545 in turn) and reports it, so the range here stays clear of that.
 *
 * <p>A port is checked by binding it, UDP and TCP, on the wildcard address as the daemons do, and
 * released again; callers retry with another port if the process then fails to bind.
 */
public final class Ports {

    public static final int FIRST = 20000;
    public static final int LAST = 32000;

    private Ports() {
    }

    /** A port free for both UDP and TCP, other than those given. */
    public static int freeUdpAndTcp(int... avoid) {
        for (int tries = 0; tries < 200; tries++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            boolean skip = false;
            for (int a : avoid) {
                skip |= a == port;
            }
            if (!skip && isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + FIRST + "-" + LAST);
    }

    public static boolean isFree(int port) {
        try (DatagramSocket udp = new DatagramSocket(null); ServerSocket tcp = new ServerSocket()) {
            udp.bind(new InetSocketAddress(port));
            tcp.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
