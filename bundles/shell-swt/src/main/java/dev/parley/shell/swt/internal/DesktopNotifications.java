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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Desktop notifications as every Linux desktop shows them: a {@code Notify} call to the
 * {@code org.freedesktop.Notifications} service on the session bus (GNOME, KDE, Xfce, dunst...),
 * which works where there is no system tray to carry a balloon. One connection, made on first
 * use (and again after it broke): authenticate as this user, {@code Hello}, and subscribe to
 * {@code ActionInvoked}, which the server sends to this connection when the person clicks one of
 * our notifications. A reader thread takes replies and those clicks. {@link #notify} blocks
 * until the server's reply (its notification id): call it off the window's thread.
 * Only buses on a socket path are reached (a systemd session's {@code $XDG_RUNTIME_DIR/bus});
 * Java cannot connect to Linux's abstract socket names, and then the caller falls back.
 */
final class DesktopNotifications implements AutoCloseable {
    private static final String SERVICE = "org.freedesktop.Notifications";
    private static final String PATH = "/org/freedesktop/Notifications";
    private static final String BUS = "org.freedesktop.DBus";

    private final Path socket;
    private final Duration timeout;
    private final IntConsumer clicked;
    private Connection connection; // guarded by this
    private boolean closed; // guarded by this

    /**
     * @param clicked told (on the reader thread) the id of a notification the person clicked
     */
    DesktopNotifications(Path socket, Duration timeout, IntConsumer clicked) {
        this.socket = socket;
        this.timeout = timeout;
        this.clicked = clicked;
    }

    /** The session bus of this environment, if it names a socket path that exists. */
    static Optional<DesktopNotifications> fromEnvironment(Map<String, String> env, IntConsumer clicked) {
        return sessionBusSocket(env.get("DBUS_SESSION_BUS_ADDRESS"), env.get("XDG_RUNTIME_DIR"))
                .filter(Files::exists)
                .map(p -> new DesktopNotifications(p, Duration.ofSeconds(3), clicked));
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
     * Shows a notification that opens something when clicked (its default action), replacing the
     * one with {@code replacesId} if that is still shown (0: a new one); returns the id the
     * server gave it.
     *
     * @throws IOException no bus, no notification service, or no answer in time
     */
    int notify(String summary, String body, int replacesId) throws IOException {
        DbusMessage.Received reply = connection().call(serial -> DbusMessage.methodCall(serial, SERVICE, PATH,
                SERVICE, "Notify", "susssasa{sv}i", b -> {
                    b.string("Parley").u32(replacesId).string("").string(summary).string(body);
                    int actions = b.beginArray();
                    b.string("default").string("Open");
                    b.endArray(actions, 4);
                    int hints = b.beginArray();
                    b.stringEntry("category", "im.received").stringEntry("desktop-entry", "parley");
                    b.endArray(hints, 8);
                    b.u32(-1); // the server's own timeout
                }));
        return reply.firstUint();
    }

    /** Closes the connection; later notifications fail. */
    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
        }
    }

    private synchronized Connection connection() throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        if (connection == null || !connection.open) {
            connection = new Connection();
        }
        return connection;
    }

    /** One connection to the bus and the thread that reads it. */
    private final class Connection {
        private final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        private final Map<Integer, CompletableFuture<DbusMessage.Received>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger serials = new AtomicInteger(1);
        private volatile boolean open = true;

        Connection() throws IOException {
            try {
                authenticate();
                Thread reader = new Thread(this::read, "parley-notifications");
                reader.setDaemon(true);
                reader.start();
                call(serial -> DbusMessage.methodCall(serial, BUS, "/org/freedesktop/DBus", BUS, "Hello", "", b -> { }));
                call(serial -> DbusMessage.methodCall(serial, BUS, "/org/freedesktop/DBus", BUS, "AddMatch", "s",
                        b -> b.string("type='signal',interface='" + SERVICE + "',member='ActionInvoked'")));
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        /** The SASL exchange, with the deadline; the channel is left blocking for the reader. */
        private void authenticate() throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                Io io = new Io(channel, selector, deadline);
                io.write(("\0AUTH EXTERNAL " + HexFormat.of().formatHex(uid().getBytes(StandardCharsets.US_ASCII))
                        + "\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = io.line();
                if (!answer.startsWith("OK ")) {
                    throw new IOException("the session bus refused us: " + answer);
                }
                io.write("BEGIN\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            channel.configureBlocking(true);
        }

        /** Sends a method call and waits for its reply; an error reply is thrown. */
        DbusMessage.Received call(IntFunction<byte[]> message) throws IOException {
            int serial = serials.getAndIncrement();
            CompletableFuture<DbusMessage.Received> reply = new CompletableFuture<>();
            pending.put(serial, reply);
            try {
                ByteBuffer out = ByteBuffer.wrap(message.apply(serial));
                synchronized (channel) {
                    while (out.hasRemaining()) {
                        channel.write(out);
                    }
                }
                DbusMessage.Received m = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (m.type() == DbusMessage.ERROR) {
                    throw new IOException(m.errorName() + ": " + m.firstString());
                }
                return m;
            } catch (TimeoutException e) {
                throw new IOException("no answer from the session bus in time");
            } catch (ExecutionException e) {
                throw new IOException("the session bus connection failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            } finally {
                pending.remove(serial);
            }
        }

        /** The reader thread: replies to their callers, clicks to the listener, until the connection ends. */
        private void read() {
            try {
                while (true) {
                    DbusMessage.Received m = DbusMessage.parse(readMessage());
                    if (m.type() == DbusMessage.SIGNAL && m.member().equals("ActionInvoked")) {
                        if (m.stringAfterUint().equals("default")) {
                            clicked.accept(m.firstUint());
                        }
                    } else if (m.replySerial() != 0) {
                        CompletableFuture<DbusMessage.Received> reply = pending.get(m.replySerial());
                        if (reply != null) {
                            reply.complete(m);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                close();
                pending.values().forEach(f -> f.completeExceptionally(e));
            }
        }

        private byte[] readMessage() throws IOException {
            ByteBuffer head = ByteBuffer.allocate(16);
            readFully(head);
            ByteBuffer message = ByteBuffer.allocate(DbusMessage.length(head.array()));
            message.put(head.flip());
            readFully(message);
            return message.array();
        }

        private void readFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                if (channel.read(b) < 0) {
                    throw new IOException("the session bus closed the connection");
                }
            }
        }

        void close() {
            open = false;
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** The user id the bus checks our EXTERNAL claim against (the socket's peer credentials). */
    private static String uid() throws IOException {
        return Files.getAttribute(Path.of("/proc/self/"), "unix:uid").toString();
    }

    /** The authentication's reads and writes on a non-blocking channel, until the deadline. */
    private static final class Io {
        private final SocketChannel channel;
        private final Selector selector;
        private final long deadline;
        private final ByteBuffer in = ByteBuffer.allocate(1);

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

        /**
         * One line without its CR LF, read a byte at a time: nothing after it may be taken from
         * the channel, as the messages that follow are the reader thread's.
         */
        String line() throws IOException {
            StringBuilder s = new StringBuilder();
            while (true) {
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    throw new IOException("the session bus closed the connection");
                }
                if (n == 0) {
                    waitFor(SelectionKey.OP_READ);
                    continue;
                }
                char c = (char) (in.get(0) & 0xff);
                if (c == '\n' && s.length() > 0 && s.charAt(s.length() - 1) == '\r') {
                    return s.substring(0, s.length() - 1);
                }
                if (s.length() > 512) {
                    throw new IOException("the session bus sent a line too long");
                }
                s.append(c);
            }
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
