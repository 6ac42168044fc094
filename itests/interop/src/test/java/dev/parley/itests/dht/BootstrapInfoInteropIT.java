package dev.parley.itests.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.dht.DhtOptions;
import dev.parley.itests.rig.ParleyNodeProcess;
import dev.parley.itests.rig.Rig;
import dev.parley.itests.rig.RigExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bootstrap info (0xf0) asked from outside Java: src/test/c/bootstrapinfo.c, a C probe that sends
 * the 78-byte request tox-bootstrapd answers and prints the reply. c-toxcore has no client call for
 * this request, so tox-bootstrapd's reply is the reference: the same probe asks the rig's
 * tox-bootstrapd, a Parley DHT node and a {@code bin/parley-node} process, and their replies must
 * have the same layout (kind, big-endian version, MOTD with its terminating NUL). A request of
 * another length gets no answer from any of them. (Parley asking tox-bootstrapd is
 * {@code DhtInteropIT.bootstrapInfoFromToxBootstrapd}.)
 */
@ExtendWith(RigExtension.class)
class BootstrapInfoInteropIT {

    static Path probe;

    @BeforeAll
    static void buildProbe() throws Exception {
        Path src = Paths.get("src/test/c/bootstrapinfo.c").toAbsolutePath();
        Path dir = Paths.get(System.getProperty("parley.toxpeer.builddir", "target/toxpeer")).toAbsolutePath();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("bootstrapinfo.tmp");
        Process p = new ProcessBuilder("cc", "-std=c11", "-O2", "-Wall", "-Wextra", "-o", tmp.toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "building the probe failed: " + out);
        probe = dir.resolve("bootstrapinfo");
        Files.move(tmp, probe, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs the probe; returns its line's key=value pairs, or {"timeout": ""}. */
    static Map<String, String> ask(String host, int port, int requestLength) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(probe.toString(), host, "" + port, "5000", "" + requestLength)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "probe hung");
        Map<String, String> m = new HashMap<>();
        if (out.equals("timeout")) {
            assertEquals(1, p.exitValue());
            m.put("timeout", "");
            return m;
        }
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("reply "), out);
        for (String kv : out.substring(6).split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    /** The reply's layout is tox-bootstrapd's: 1 + 4 + MOTD + NUL bytes. */
    static void assertLayout(Map<String, String> r, String motd) {
        byte[] text = motd.getBytes(StandardCharsets.UTF_8);
        assertEquals("1", r.get("nul"), "MOTD not NUL-terminated: " + r);
        assertEquals(String.valueOf(text.length + 1), r.get("motd_length"), r.toString());
        assertEquals(String.valueOf(5 + text.length + 1), r.get("length"), r.toString());
        assertTrue(r.get("hex").startsWith("f0"), r.toString());
    }

    @Test
    void probeGetsTheSameLayoutFromToxBootstrapdAndParley(Rig rig) throws Exception {
        // The reference: tox-bootstrapd 0.2.18 with the rig's MOTD.
        Map<String, String> daemon = ask(rig.bootstrapd().host(), rig.bootstrapd().port(), 78);
        assertEquals("parley-interop-rig", daemon.get("motd"), daemon.toString());
        assertLayout(daemon, "parley-interop-rig");

        try (ParleyDhtNode parley = new ParleyDhtNode("info", "127.0.0.1", "hello from Parley")) {
            Map<String, String> r = ask("127.0.0.1", parley.port(), 78);
            assertEquals("hello%20from%20Parley", r.get("motd"), r.toString());
            assertEquals(String.valueOf(DhtOptions.PARLEY_VERSION), r.get("version"));
            assertLayout(r, "hello from Parley");
            System.out.println("bootstrap info, tox-bootstrapd: " + daemon + "\nbootstrap info, Parley: " + r);
            assertEquals(List.of("timeout"), List.copyOf(ask("127.0.0.1", parley.port(), 77).keySet()));
            assertEquals(List.of("timeout"), List.copyOf(ask("127.0.0.1", parley.port(), 79).keySet()));
        }
        // tox-bootstrapd also ignores a request of the wrong length.
        assertEquals(List.of("timeout"), List.copyOf(ask(rig.bootstrapd().host(), rig.bootstrapd().port(), 77).keySet()));
    }

    @Test
    void probeGetsParleyNodesMotd(Rig rig) throws Exception {
        try (ParleyNodeProcess node = ParleyNodeProcess.start(rig.dir().resolve("info-node"), "--no-lan",
                "--motd", "Parley node, MOTD test")) {
            Map<String, String> r = ask("127.0.0.1", node.udpPort(), 78);
            assertEquals("Parley%20node%2C%20MOTD%20test", r.get("motd"), r.toString());
            assertEquals(String.valueOf(DhtOptions.PARLEY_VERSION), r.get("version"));
            assertLayout(r, "Parley node, MOTD test");
        }
    }
}
