package dev.parley.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {

    @Test
    void theNodeHasAConsoleByDefaultAndTheDesktopNot() {
        assertTrue(Options.parse(new String[] {"--feature", "node"}).console());
        assertFalse(Options.parse(new String[] {"--feature", "node", "--no-console"}).console());
        assertFalse(Options.parse(new String[] {"--feature", "desktop"}).console());
        assertTrue(Options.parse(new String[] {"--feature", "desktop", "--console"}).console());
    }

    @Test
    void leavesUnknownArgumentsInOrderForTheApplication() {
        Options options = Options.parse(new String[] {"--port", "33445", "--home", "/opt/p", "--bootstrap", "x"});

        assertEquals(List.of("--port", "33445", "--bootstrap", "x"), options.applicationArguments());
        assertEquals(Path.of("/opt/p"), options.home());
    }

    @Test
    void anOptionWithoutItsValueIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--feature"}));
        assertEquals("--feature needs a value", e.getMessage());
    }

    @Test
    void versionAndHelpNeedNoFramework(@TempDir Path home) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

        assertEquals(0, Main.run(new String[] {"--program", "parley-node", "--home", home.toString(), "--version"}, print, print));
        assertEquals(0, Main.run(new String[] {"--program", "parley-node", "--help"}, print, print));

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("parley-node " + Main.version() + "\n"), text);
        assertFalse(Main.version().equals("unknown"));
        assertTrue(text.contains("Usage: parley-node [options]"), text);
    }

    @Test
    void anUnknownFeatureIsRefusedWithAClearMessage(@TempDir Path home) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(err, true, StandardCharsets.UTF_8);

        int code = Main.run(new String[] {"--home", home.toString(), "--feature", "nope", "--no-console"}, print, print);

        assertEquals(3, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no feature named nope"), err.toString(StandardCharsets.UTF_8));
    }
}
