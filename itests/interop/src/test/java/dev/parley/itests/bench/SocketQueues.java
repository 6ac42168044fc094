package dev.parley.itests.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Samples the kernel queues of one TCP connection of the test's network namespace from
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6} while a burst runs: the largest send queue of
 * the end on {@code clientPort} (bytes the client's socket holds that the relay has not read
 * yet: when it fills, c-toxcore's TCP client stops sending) and the largest receive queue of the
 * relay's end (bytes the relay has not read).
 */
final class SocketQueues implements AutoCloseable {
    private final int clientPort;
    private final int relayPort;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long maxClientSend;
    private volatile long maxRelayReceive;
    private volatile long samples;

    SocketQueues(int clientPort, int relayPort) {
        this.clientPort = clientPort;
        this.relayPort = relayPort;
        this.thread = new Thread(this::run, "socket-queues");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            sample(Path.of("/proc/net/tcp"));
            sample(Path.of("/proc/net/tcp6"));
            samples++;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(Path table) {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException e) {
            return;
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 5) {
                continue;
            }
            int local = port(f[1]);
            int remote = port(f[2]);
            String[] q = f[4].split(":");
            long tx = Long.parseLong(q[0], 16);
            long rx = Long.parseLong(q[1], 16);
            if (local == clientPort && remote == relayPort) {
                maxClientSend = Math.max(maxClientSend, tx);
            } else if (local == relayPort && remote == clientPort) {
                maxRelayReceive = Math.max(maxRelayReceive, rx);
            }
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }

    long maxClientSend() {
        return maxClientSend;
    }

    long maxRelayReceive() {
        return maxRelayReceive;
    }

    long samples() {
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(1000);
    }
}
