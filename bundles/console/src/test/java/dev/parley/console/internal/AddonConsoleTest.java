package dev.parley.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.api.addon.Addon;
import dev.parley.api.addon.AddonException;
import dev.parley.api.addon.AddonInfo;
import dev.parley.api.addon.AddonKind;
import dev.parley.api.addon.AddonManager;
import dev.parley.api.addon.AddonState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddonConsoleTest {

    private static final AddonInfo ECHO = new AddonInfo("org.example.echo", "Echo\tbot", "", "1.0.0", "", "", AddonKind.BOT);

    private final List<String> calls = new ArrayList<>();

    private final AddonManager manager = new AddonManager() {
        @Override
        public List<Addon> list() {
            return List.of(new Addon(1, "echo.jar", ECHO, AddonState.ACTIVE, Optional.empty()),
                    new Addon(2, "needy.jar", new AddonInfo("x", "Needy", "", "2.0.0", "", "", AddonKind.OTHER),
                            AddonState.FAILED, Optional.of("cannot resolve: missing package org.nowhere")));
        }

        @Override
        public Optional<Addon> get(int id) {
            return Optional.empty();
        }

        @Override
        public Addon install(Path jar) {
            calls.add("install " + jar);
            return list().get(0);
        }

        @Override
        public Addon update(int id, Path jar) {
            calls.add("update " + id + " " + jar);
            throw new AddonException("other.jar is org.example.other, not org.example.echo (add-on 1)");
        }

        @Override
        public Addon enable(int id) {
            return list().get(0);
        }

        @Override
        public Addon disable(int id) {
            return new Addon(1, "echo.jar", ECHO, AddonState.DISABLED, Optional.empty());
        }

        @Override
        public void uninstall(int id) {
            if (id != 1) {
                throw new AddonException("no add-on " + id);
            }
        }

        @Override
        public Path folder() {
            return Path.of("/addons");
        }
    };

    private final AddonConsole console = new AddonConsole(() -> manager, () -> Path.of("/home/ann"));

    @Test
    void oneLinePerAddonAndOneLinePerError() {
        assertEquals(List.of("1\tactive\tbot\tEcho bot\t1.0.0\techo.jar",
                "2\tfailed\tother\tNeedy\t2.0.0\tneedy.jar\tcannot resolve: missing package org.nowhere"), console.list());
        assertEquals(List.of("1\tactive\tbot\tEcho bot\t1.0.0\techo.jar"), console.install("echo.jar"));
        assertEquals(List.of("install /home/ann/echo.jar"), calls);
        assertEquals(List.of("error: other.jar is org.example.other, not org.example.echo (add-on 1)"),
                console.update("1", "/tmp/other.jar"));
        assertEquals(List.of("1\tdisabled\tbot\tEcho bot\t1.0.0\techo.jar"), console.disable("1"));
        assertEquals(List.of("1\tactive\tbot\tEcho bot\t1.0.0\techo.jar"), console.enable("1"));
        assertEquals(List.of("removed\t1"), console.remove("1"));
        assertEquals(List.of("error: no add-on 7"), console.remove("7"));
        assertEquals(List.of("error: not an add-on number: x"), console.remove("x"));
        assertEquals(List.of("error: usage: addon:install FILE"), console.install());
        assertEquals(List.of("error: usage: addon:update N FILE"), console.update("1"));
        assertEquals(List.of(AddonConsole.NO_MANAGER), new AddonConsole(() -> null, () -> Path.of("/")).list());
    }
}
