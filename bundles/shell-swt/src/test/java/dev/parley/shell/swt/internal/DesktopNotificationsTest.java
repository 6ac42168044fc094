package dev.parley.shell.swt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notification client's bus addresses and messages, and a real {@code dbus-daemon} (installed
 * by .ci/setup) taking our authentication, Hello and Notify: a daemon validates every message it
 * receives against its signature and drops the connection of a client that sends a malformed
 * one, so its "no such service" answer shows that it read our Notify whole. (The notification
 * shown by a real server, dunst, is checked by the desktop window test.)
 */
class DesktopNotificationsTest {

    @Test
    void theBusSocketComesFromTheAddressOrTheRuntimeFolder() {
        assertEquals(Optional.of(Path.of("/run/user/1000/bus")),
                DesktopNotifications.sessionBusSocket("unix:path=/run/user/1000/bus", null));
        assertEquals(Optional.of(Path.of("/tmp/a b+c/bus")),
                DesktopNotifications.sessionBusSocket("unix:abstract=/tmp/dbus-x;unix:path=/tmp/a%20b+c/bus,guid=00ff", null));
        assertEquals(Optional.empty(), DesktopNotifications.sessionBusSocket("unix:abstract=/tmp/dbus-x,guid=1", "/run/user/7"),
                "an abstract socket cannot be reached from Java: no fallback either, the address says where the bus is");
        assertEquals(Optional.of(Path.of("/run/user/7/bus")), DesktopNotifications.sessionBusSocket(null, "/run/user/7"));
        assertEquals(Optional.empty(), DesktopNotifications.sessionBusSocket("", ""));
        assertEquals(Optional.empty(), DesktopNotifications.fromEnvironment(
                Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/parley-test/bus"), id -> { }));
    }

    @Test
    void aMethodCallIsAlignedAndItsReplyIsMatched() throws IOException {
        byte[] call = DbusMessage.methodCall(7, "a.b", "/a/b", "a.b", "M", "su", b -> b.string("hi").u32(5));
        assertEquals('l', call[0]);
        assertEquals(DbusMessage.METHOD_CALL, call[1]);
        ByteBuffer in = ByteBuffer.wrap(call).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(12, in.getInt(4), "body: string length 4, 'hi' and its nul, one byte of padding, uint 5");
        assertEquals(7, in.getInt(8));
        assertEquals(call.length, DbusMessage.length(java.util.Arrays.copyOf(call, 16)));
        int bodyStart = call.length - 12;
        assertEquals(0, bodyStart % 8, "the body starts on an 8-byte boundary");
        assertEquals(2, in.getInt(bodyStart));
        assertEquals(5, in.getInt(bodyStart + 8));
        DbusMessage.Received parsed = DbusMessage.parse(call);
        assertEquals(7, parsed.serial());
        assertEquals("su", parsed.signature());
        assertEquals("hi", parsed.firstString());

        byte[] garbage = new byte[16];
        garbage[0] = 'x';
        assertThrows(IOException.class, () -> DbusMessage.length(garbage));
        byte[] huge = java.util.Arrays.copyOf(call, 16);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(4, Integer.MAX_VALUE);
        assertThrows(IOException.class, () -> DbusMessage.length(huge), "a message over 1 MiB is refused");
    }

    @Test
    void aRealBusReadsOurNotifyAndSaysNoServiceHasTheName(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("bus");
        Path config = dir.resolve("bus.conf");
        // a bus of this test only: no service activation, so nothing answers for the notifications
        Files.writeString(config, String.join("\n",
                "<busconfig>",
                "  <type>session</type>",
                "  <listen>unix:path=" + socket + "</listen>",
                "  <auth>EXTERNAL</auth>",
                "  <policy context=\"default\">",
                "    <allow send_destination=\"*\" eavesdrop=\"true\"/>",
                "    <allow eavesdrop=\"true\"/>",
                "    <allow own=\"*\"/>",
                "  </policy>",
                "</busconfig>", ""));
        Process daemon;
        try {
            daemon = new ProcessBuilder("dbus-daemon", "--nofork", "--nopidfile", "--config-file=" + config)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("no dbus-daemon (apt-get install dbus-daemon; see .ci/setup)", e);
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            // The socket file comes with bind(), a moment before listen(): wait until it accepts.
            while (!accepts(socket)) {
                assertTrue(daemon.isAlive() && System.nanoTime() < deadline,
                        "dbus-daemon did not listen: " + Files.readString(dir.resolve("daemon.log")));
                Thread.sleep(20);
            }
            try (DesktopNotifications bus = new DesktopNotifications(socket, Duration.ofSeconds(10), id -> { })) {
                for (int i = 0; i < 2; i++) { // the second over the same connection
                    IOException e = assertThrows(IOException.class, () -> bus.notify("Cee", "are you there? ✓", 0));
                    assertTrue(e.getMessage().startsWith("org.freedesktop.DBus.Error.ServiceUnknown: "), e.getMessage());
                    assertTrue(e.getMessage().contains("org.freedesktop.Notifications"), e.getMessage());
                }
                bus.close();
                assertThrows(IOException.class, () -> bus.notify("Cee", "closed", 0));
            }
        } finally {
            daemon.destroy();
            daemon.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Whether something listens on the Unix socket (a connection is made and closed at once). */
    private static boolean accepts(Path socket) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
