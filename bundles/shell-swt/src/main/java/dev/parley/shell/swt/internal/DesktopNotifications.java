package dev.parley.shell.swt.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Desktop notifications as every Linux desktop shows them: a {@code Notify} call to the
 * {@code org.freedesktop.Notifications} service on the session bus (GNOME, KDE, Xfce, dunst...),
 * which works where there is no system tray to carry a balloon. One short connection per
 * notification (they are rare): authenticate as this user, {@code Hello}, {@code Notify}, wait
 * for the reply with the notification's id. Blocking: call it off the window's thread.
 * Only buses on a socket path are reached (a systemd session's {@code $XDG_RUNTIME_DIR/bus});
 * Java cannot connect to Linux's abstract socket names, and then the caller falls back.
 */
final class DesktopNotifications {
    private static final String SERVICE = "org.freedesktop.Notifications";

    private final Path socket;
    private final Duration timeout;

    DesktopNotifications(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /** The session bus of this environment, if it names a socket path that exists. */
    static Optional<DesktopNotifications> fromEnvironment(Map<String, String> env) {
        return sessionBusSocket(env.get("DBUS_SESSION_BUS_ADDRESS"), env.get("XDG_RUNTIME_DIR"))
                .filter(Files::exists)
                .map(p -> new DesktopNotifications(p, Duration.ofSeconds(3)));
    }

    /**
     * The socket path of a bus address ({@code unix:path=/run/user/1000/bus,guid=...}, several
     * separated by {@code ;}, values %-escaped), or without an address the systemd default
     * {@code $XDG_RUNTIME_DIR/bus}, as GLib does.
     */
    static Optional<Path> sessionBusSocket(String address, String runtimeDir) {
        if (address == null || address.isBlank()) {
            return runtimeDir == null || runtimeDir.isBlank() ? Optional.empty()
                    : Optional.of(Path.of(runtimeDir, "bus"));
        }
        for (String entry : address.split(";")) {
            if (!entry.startsWith("unix:")) {
                continue;
            }
            for (String pair : entry.substring("unix:".length()).split(",")) {
                if (pair.startsWith("path=")) {
                    String path = URLDecoder.decode(pair.substring("path=".length()).replace("+", "%2B"),
                            StandardCharsets.UTF_8);
                    return Optional.of(Path.of(path));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Shows a notification, replacing the one with {@code replacesId} if that is still shown
     * (0: a new one); returns the id the server gave it.
     *
     * @throws IOException no bus, no notification service, or no answer in time
     */
    int notify(String summary, String body, int replacesId) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            Io io = new Io(channel, selector, deadline);
            io.write(("\0AUTH EXTERNAL " + HexFormat.of().formatHex(uid().getBytes(StandardCharsets.US_ASCII))
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = io.line();
            if (!answer.startsWith("OK ")) {
                throw new IOException("the session bus refused us: " + answer);
            }
            io.write("BEGIN\r\n".getBytes(StandardCharsets.US_ASCII));
            io.write(DbusMessage.methodCall(1, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                    "org.freedesktop.DBus", "Hello", "", b -> { }));
            io.write(DbusMessage.methodCall(2, SERVICE, "/org/freedesktop/Notifications", SERVICE, "Notify",
                    "susssasa{sv}i", b -> {
                        b.string("Parley").u32(replacesId).string("").string(summary).string(body);
                        b.endArray(b.beginArray(), 4); // no actions
                        int hints = b.beginArray();
                        b.stringEntry("category", "im.received").stringEntry("desktop-entry", "parley");
                        b.endArray(hints, 8);
                        b.u32(-1); // the server's own timeout
                    }));
            while (true) {
                DbusMessage.Received m = DbusMessage.parse(io.message());
                if (m.replySerial() != 2) {
                    continue; // Hello's reply, NameAcquired
                }
                if (m.type() == DbusMessage.ERROR) {
                    throw new IOException(m.errorName() + ": " + m.firstString());
                }
                return m.firstUint();
            }
        }
    }

    /** The user id the bus checks our EXTERNAL claim against (the socket's peer credentials). */
    private static String uid() throws IOException {
        return Files.getAttribute(Path.of("/proc/self/"), "unix:uid").toString();
    }

    /** Reads and writes on a non-blocking channel until the deadline. */
    private static final class Io {
        private final SocketChannel channel;
        private final Selector selector;
        private final long deadline;
        private final ByteBuffer in = ByteBuffer.allocate(4096).flip();

        Io(SocketChannel channel, Selector selector, long deadline) {
            this.channel = channel;
            this.selector = selector;
            this.deadline = deadline;
        }

        void write(byte[] bytes) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(bytes);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    waitFor(SelectionKey.OP_WRITE);
                }
            }
        }

        /** One authentication line, without its CR LF. */
        String line() throws IOException {
            StringBuilder s = new StringBuilder();
            while (true) {
                int b = next();
                if (b == '\n' && s.length() > 0 && s.charAt(s.length() - 1) == '\r') {
                    return s.substring(0, s.length() - 1);
                }
                if (s.length() > 512) {
                    throw new IOException("the session bus sent a line too long");
                }
                s.append((char) b);
            }
        }

        /** One whole message. */
        byte[] message() throws IOException {
            byte[] head = new byte[16];
            for (int i = 0; i < head.length; i++) {
                head[i] = (byte) next();
            }
            byte[] message = new byte[DbusMessage.length(head)];
            System.arraycopy(head, 0, message, 0, head.length);
            for (int i = head.length; i < message.length; i++) {
                message[i] = (byte) next();
            }
            return message;
        }

        private int next() throws IOException {
            while (!in.hasRemaining()) {
                in.clear();
                int n = channel.read(in);
                in.flip();
                if (n < 0) {
                    throw new IOException("the session bus closed the connection");
                }
                if (n == 0) {
                    waitFor(SelectionKey.OP_READ);
                }
            }
            return in.get() & 0xff;
        }

        private void waitFor(int op) throws IOException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no answer from the session bus in time");
            }
            channel.keyFor(selector).interestOps(op);
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
        }
    }
}
