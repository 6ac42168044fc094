package dev.parley.addons.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.addon.Addon;
import dev.parley.api.addon.AddonException;
import dev.parley.api.addon.AddonKind;
import dev.parley.api.addon.AddonState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddonsTest {

    @TempDir
    Path tmp;

    /** A framework stand-in: bundles by id; a bundle whose manifest has X-Needs cannot start unless a bundle exports it. */
    static final class FakeHost implements BundleHost {
        record B(String location, Manifest manifest, boolean active) {
        }

        final Map<Long, B> bundles = new HashMap<>();
        final List<String> log = new ArrayList<>();
        long next = 10;

        static Manifest read(InputStream in) {
            try (JarInputStream j = new JarInputStream(in)) {
                return j.getManifest();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String bsn(long id) {
            return bundles.get(id).manifest().getMainAttributes().getValue("Bundle-SymbolicName");
        }

        @Override
        public long install(String location, InputStream content) {
            long id = next++;
            bundles.put(id, new B(location, read(content), false));
            log.add("install " + bsn(id));
            return id;
        }

        @Override
        public void start(long id) {
            B b = bundles.get(id);
            String needs = b.manifest().getMainAttributes().getValue("X-Needs");
            if (needs != null && bundles.values().stream().noneMatch(
                    o -> needs.equals(o.manifest().getMainAttributes().getValue("X-Provides")))) {
                throw new AddonException("cannot resolve: missing package " + needs);
            }
            bundles.put(id, new B(b.location(), b.manifest(), true));
            log.add("start " + bsn(id));
        }

        @Override
        public void stop(long id) {
            B b = bundles.get(id);
            bundles.put(id, new B(b.location(), b.manifest(), false));
            log.add("stop " + bsn(id));
        }

        @Override
        public void update(long id, InputStream content) {
            B b = bundles.get(id);
            bundles.put(id, new B(b.location(), read(content), b.active()));
            log.add("update " + bsn(id) + " " + bundles.get(id).manifest().getMainAttributes().getValue("Bundle-Version"));
        }

        @Override
        public void uninstall(long id) {
            log.add("uninstall " + bsn(id));
            bundles.remove(id);
        }

        @Override
        public boolean exists(long id) {
            return bundles.containsKey(id);
        }

        boolean active(String bsn) {
            return bundles.values().stream().anyMatch(b -> b.active()
                    && bsn.equals(b.manifest().getMainAttributes().getValue("Bundle-SymbolicName")));
        }
    }

    static Path jar(Path dir, String file, String bsn, String version, String... headers) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bsn != null) {
            a.putValue("Bundle-SymbolicName", bsn);
            a.putValue("Bundle-Version", version);
        }
        for (int i = 0; i < headers.length; i += 2) {
            a.putValue(headers[i], headers[i + 1]);
        }
        Path p = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(p); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return p;
    }

    private Path addonsFolder() throws IOException {
        return Files.createDirectories(tmp.resolve("addons"));
    }

    private Path elsewhere() throws IOException {
        return Files.createDirectories(tmp.resolve("downloads"));
    }

    @Test
    void installCopiesIntoTheFolderStartsAndDescribes() throws IOException {
        FakeHost host = new FakeHost();
        List<List<Addon>> seen = new ArrayList<>();
        Addons addons = new Addons(addonsFolder(), host, seen::add);
        addons.start();
        Path src = jar(elsewhere(), "echo.jar", "org.example.echo", "1.0.0", "Parley-Addon-Kind", "bot",
                "Parley-Addon-Name", "Echo", "Bundle-Vendor", "Ann", "Bundle-License", "MIT");
        Addon a = addons.install(src);
        assertEquals(1, a.id());
        assertEquals(AddonState.ACTIVE, a.state());
        assertEquals(Optional.empty(), a.error());
        assertEquals("Echo", a.info().name());
        assertEquals(AddonKind.BOT, a.info().kind());
        assertEquals("Ann", a.info().author());
        assertTrue(Files.isRegularFile(addonsFolder().resolve("echo.jar")));
        assertTrue(host.active("org.example.echo"));
        assertEquals(List.of(a), seen.get(seen.size() - 1));

        AddonException twice = assertThrows(AddonException.class, () -> addons.install(src));
        assertEquals("org.example.echo is already installed as add-on 1 (use update)", twice.getMessage());
        Path notABundle = jar(elsewhere(), "plain.jar", null, null);
        assertThrows(AddonException.class, () -> addons.install(notABundle));
        assertThrows(AddonException.class, () -> addons.install(tmp.resolve("missing.jar")));
        assertEquals(1, addons.list().size());
    }

    @Test
    void disableEnableUpdateUninstall() throws IOException {
        FakeHost host = new FakeHost();
        Addons addons = new Addons(addonsFolder(), host, l -> { });
        int id = addons.install(jar(elsewhere(), "echo.jar", "org.example.echo", "1.0.0")).id();
        assertEquals(AddonState.DISABLED, addons.disable(id).state());
        assertFalse(host.active("org.example.echo"));
        assertEquals(AddonState.ACTIVE, addons.enable(id).state());
        assertTrue(host.active("org.example.echo"));

        Path v2 = jar(Files.createDirectories(tmp.resolve("v2")), "echo-2.jar", "org.example.echo", "2.0.0");
        Addon updated = addons.update(id, v2);
        assertEquals("2.0.0", updated.info().version());
        assertEquals("echo.jar", updated.file());
        assertEquals(AddonState.ACTIVE, updated.state());
        assertTrue(host.log.contains("update org.example.echo 2.0.0"));
        Path other = jar(elsewhere(), "other.jar", "org.example.other", "1.0.0");
        AddonException wrong = assertThrows(AddonException.class, () -> addons.update(id, other));
        assertTrue(wrong.getMessage().contains("not org.example.echo"), wrong.getMessage());

        addons.uninstall(id);
        assertEquals(List.of(), addons.list());
        assertTrue(host.bundles.isEmpty());
        assertFalse(Files.exists(addonsFolder().resolve("echo.jar")));
        assertThrows(AddonException.class, () -> addons.uninstall(id));
    }

    @Test
    void anUnresolvableAddonIsReportedAndStartsWhenItsRequirementArrives() throws IOException {
        FakeHost host = new FakeHost();
        Addons addons = new Addons(addonsFolder(), host, l -> { });
        Addon needy = addons.install(jar(elsewhere(), "needy.jar", "org.example.needy", "1.0.0", "X-Needs", "org.lib"));
        assertEquals(AddonState.FAILED, needy.state());
        assertEquals(Optional.of("cannot resolve: missing package org.lib"), needy.error());
        Addon fine = addons.install(jar(elsewhere(), "fine.jar", "org.example.fine", "1.0.0"));
        assertEquals(AddonState.ACTIVE, fine.state());
        addons.install(jar(elsewhere(), "lib.jar", "org.example.lib", "1.0.0", "X-Provides", "org.lib"));
        assertEquals(AddonState.ACTIVE, addons.get(needy.id()).orElseThrow().state());
    }

    @Test
    void askingBeforeTheManagerStartedStartsItFirst() throws IOException {
        FakeHost host = new FakeHost();
        Path folder = addonsFolder();
        jar(folder, "echo.jar", "org.example.echo", "1.0.0");
        Addons addons = new Addons(folder, host, l -> { });
        // The component starts it on its own thread; a console asking first must not see nothing.
        List<Addon> list = addons.list();
        assertEquals(List.of("echo.jar"), list.stream().map(Addon::file).toList());
        assertEquals(AddonState.ACTIVE, addons.get(list.get(0).id()).orElseThrow().state());
        assertTrue(host.active("org.example.echo"));
    }

    @Test
    void theFolderIsFollowedOnceAFileIsStable() throws IOException {
        FakeHost host = new FakeHost();
        Path folder = addonsFolder();
        Addons addons = new Addons(folder, host, l -> { });
        addons.start();
        Path dropped = jar(folder, "echo.jar", "org.example.echo", "1.0.0");
        addons.scan();
        assertEquals(List.of(), addons.list(), "a file is taken only once it looked the same twice");
        addons.scan();
        assertEquals(1, addons.list().size());
        assertTrue(host.active("org.example.echo"));

        jar(tmp, "new.jar", "org.example.echo", "1.1.0");
        Files.copy(tmp.resolve("new.jar"), dropped, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(dropped, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        addons.scan();
        addons.scan();
        assertEquals("1.1.0", addons.list().get(0).info().version());

        jar(folder, "README.jar.txt", "x", "1");
        Files.writeString(folder.resolve(".hidden.jar"), "x");
        Files.writeString(folder.resolve("garbage.jar"), "not a zip");
        addons.scan();
        addons.scan();
        Addon garbage = addons.list().stream().filter(a -> a.file().equals("garbage.jar")).findFirst().orElseThrow();
        assertEquals(AddonState.FAILED, garbage.state());
        assertEquals(Optional.of("not an OSGi bundle (no Bundle-SymbolicName)"), garbage.error());
        assertEquals(2, addons.list().size());

        Files.delete(dropped);
        addons.scan();
        assertEquals(List.of("garbage.jar"), addons.list().stream().map(Addon::file).toList());
        assertTrue(host.bundles.isEmpty());
    }

    @Test
    void idsAndDisabledFlagsSurviveARestart() throws IOException {
        Path folder = addonsFolder();
        FakeHost host = new FakeHost();
        Addons first = new Addons(folder, host, l -> { });
        int a = first.install(jar(elsewhere(), "a.jar", "org.example.a", "1.0.0")).id();
        int b = first.install(jar(elsewhere(), "b.jar", "org.example.b", "1.0.0")).id();
        first.uninstall(a);
        int c = first.install(jar(elsewhere(), "c.jar", "org.example.c", "1.0.0")).id();
        assertEquals(List.of(1, 2, 3), List.of(a, b, c));
        first.disable(b);

        // A fresh framework (the launcher cleans its storage), the same folder.
        FakeHost fresh = new FakeHost();
        Addons second = new Addons(folder, fresh, l -> { });
        second.start();
        List<Addon> list = second.list();
        assertEquals(List.of(2, 3), list.stream().map(Addon::id).toList());
        assertEquals(AddonState.DISABLED, list.get(0).state());
        assertEquals(AddonState.ACTIVE, list.get(1).state());
        assertFalse(fresh.active("org.example.b"));
        assertTrue(fresh.active("org.example.c"));
        assertEquals(4, second.install(jar(elsewhere(), "d.jar", "org.example.d", "1.0.0")).id());
    }

    @Test
    void aMisbehavingBundleIsDisabledWithItsReasonUntilEnabledAgain() throws IOException {
        Path folder = addonsFolder();
        FakeHost host = new FakeHost();
        Addons addons = new Addons(folder, host, l -> { });
        int id = addons.install(jar(elsewhere(), "bad.jar", "org.example.bad", "1.0.0")).id();
        long bundleId = host.bundles.keySet().iterator().next();
        assertFalse(addons.disableBundle(999, "whatever"));
        assertTrue(addons.disableBundle(bundleId, "bot bad threw java.lang.NullPointerException in message"));
        Addon a = addons.get(id).orElseThrow();
        assertEquals(AddonState.DISABLED, a.state());
        assertEquals(Optional.of("bot bad threw java.lang.NullPointerException in message"), a.error());
        assertFalse(host.active("org.example.bad"));
        // The reason is remembered across a restart, and cleared by enabling.
        Addons again = new Addons(folder, new FakeHost(), l -> { });
        again.start();
        assertEquals(a.error(), again.get(id).orElseThrow().error());
        assertEquals(Optional.empty(), again.enable(id).error());
    }

    @Test
    void twoFilesOfOneAddonAreReported() throws IOException {
        Path folder = addonsFolder();
        jar(folder, "a1.jar", "org.example.a", "1.0.0");
        jar(folder, "a2.jar", "org.example.a", "2.0.0");
        Addons addons = new Addons(folder, new FakeHost(), l -> { });
        addons.start();
        assertEquals(AddonState.ACTIVE, addons.list().get(0).state());
        assertEquals(AddonState.FAILED, addons.list().get(1).state());
        assertTrue(addons.list().get(1).error().orElseThrow().startsWith("the same add-on as 1"));
    }

    @Test
    void anAddonImportingParleyInternalsIsRefused() throws IOException {
        FakeHost host = new FakeHost();
        Path folder = addonsFolder();
        Addons addons = new Addons(folder, host, l -> { });
        Path sneaky = jar(elsewhere(), "sneaky.jar", "org.example.sneaky", "1.0.0",
                "Import-Package", "dev.parley.api.chat,dev.parley.crypto");
        AddonException refused = assertThrows(AddonException.class, () -> addons.install(sneaky));
        assertEquals("sneaky.jar uses Parley internals (dev.parley.crypto): add-ons may import dev.parley.api packages only",
                refused.getMessage());
        Files.copy(sneaky, folder.resolve("sneaky.jar"));
        addons.scan();
        addons.scan();
        Addon listed = addons.list().get(0);
        assertEquals(AddonState.FAILED, listed.state());
        assertTrue(listed.error().orElseThrow().startsWith("uses Parley internals (dev.parley.crypto)"));
        assertTrue(host.bundles.isEmpty(), "never installed");
    }

    @Test
    void installingAJarAlreadyInTheFolderTakesItInPlace() throws IOException {
        Path folder = addonsFolder();
        Addons addons = new Addons(folder, new FakeHost(), l -> { });
        addons.start();
        Path there = jar(folder, "echo.jar", "org.example.echo", "1.0.0");
        Addon a = addons.install(there);
        assertEquals("echo.jar", a.file());
        assertEquals(AddonState.ACTIVE, a.state());
        addons.scan();
        addons.scan();
        assertEquals(1, addons.list().size());
        assertThrows(AddonException.class, () -> addons.install(there));
    }

    static InputStream empty() {
        return new ByteArrayInputStream(new byte[0]);
    }
}
