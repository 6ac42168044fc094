package dev.parley.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeFactsTest {

    @Test
    void readsEveryPropertyTheLauncherSets() {
        Map<String, String> props = Map.of(
                RuntimeFacts.VERSION, "1.2.3",
                RuntimeFacts.FEATURE, "node",
                RuntimeFacts.DATA_DIR, "/var/lib/parley",
                RuntimeFacts.INSTALL_DIR, "/opt/parley",
                RuntimeFacts.ARGS, "--port\u001f33445\u001f\u001fa b");
        RuntimeFacts facts = RuntimeFacts.from(props::get, Map.of());

        assertEquals("1.2.3", facts.version());
        assertEquals("node", facts.feature());
        assertEquals(Path.of("/var/lib/parley"), facts.dataDirectory());
        assertEquals(Optional.of(Path.of("/opt/parley")), facts.installDirectory());
        assertEquals(List.of("--port", "33445", "", "a b"), facts.arguments());
    }

    @Test
    void fallsBackToXdgDataHomeAndNoArguments() {
        RuntimeFacts facts = RuntimeFacts.from(key -> null, Map.of("XDG_DATA_HOME", "/xdg", "HOME", "/home/u"));

        assertEquals(Path.of("/xdg/parley"), facts.dataDirectory());
        assertEquals("unknown", facts.version());
        assertTrue(facts.arguments().isEmpty());
        assertTrue(facts.installDirectory().isEmpty());
    }

    @Test
    void ignoresARelativeXdgDataHomeAsTheSpecificationSays() {
        RuntimeFacts facts = RuntimeFacts.from(key -> null, Map.of("XDG_DATA_HOME", "relative", "HOME", "/home/u"));

        assertEquals(Path.of("/home/u/.local/share/parley"), facts.dataDirectory());
    }
}
