package dev.parley.console.internal;

import dev.parley.api.addon.Addon;
import dev.parley.api.addon.AddonManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The {@code addon:*} commands without any framework: each returns the lines to print. An add-on
 * line is {@code ID STATE KIND NAME VERSION FILE [ERROR]}, tab-separated; a failure is one line
 * starting with {@code error: }. Relative file names are taken from {@code cwd}.
 */
final class AddonConsole {

    static final String NO_MANAGER = "error: no add-on manager is running";

    private final Supplier<AddonManager> manager;
    private final Supplier<Path> cwd;

    AddonConsole(Supplier<AddonManager> manager, Supplier<Path> cwd) {
        this.manager = manager;
        this.cwd = cwd;
    }

    List<String> list() {
        return run(m -> m.list().stream().map(AddonConsole::line).toList());
    }

    List<String> install(String... args) {
        return run(m -> {
            if (args.length != 1) {
                throw new Commands.UsageException("usage: addon:install FILE");
            }
            return List.of(line(m.install(file(args[0]))));
        });
    }

    List<String> update(String... args) {
        return run(m -> {
            if (args.length != 2) {
                throw new Commands.UsageException("usage: addon:update N FILE");
            }
            return List.of(line(m.update(id(args[0]), file(args[1]))));
        });
    }

    List<String> remove(String... args) {
        return run(m -> {
            int id = single(args, "remove");
            m.uninstall(id);
            return List.of("removed\t" + id);
        });
    }

    List<String> enable(String... args) {
        return run(m -> List.of(line(m.enable(single(args, "enable")))));
    }

    List<String> disable(String... args) {
        return run(m -> List.of(line(m.disable(single(args, "disable")))));
    }

    @FunctionalInterface
    private interface Body {
        List<String> run(AddonManager m);
    }

    private List<String> run(Body body) {
        AddonManager m = manager.get();
        if (m == null) {
            return List.of(NO_MANAGER);
        }
        try {
            return body.run(m);
        } catch (RuntimeException e) {
            String msg = e.getMessage();
            return List.of("error: " + Commands.clean(msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg));
        }
    }

    private Path file(String name) {
        Path p = Path.of(name.strip());
        return p.isAbsolute() ? p : cwd.get().resolve(p);
    }

    private static int single(String[] args, String command) {
        if (args.length != 1) {
            throw new Commands.UsageException("usage: addon:" + command + " N");
        }
        return id(args[0]);
    }

    private static int id(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new Commands.UsageException("not an add-on number: " + text);
        }
    }

    static String line(Addon a) {
        return a.id() + "\t" + a.state().name().toLowerCase(Locale.ROOT) + "\t" + a.info().kind().label() + "\t"
                + Commands.clean(a.info().name()) + "\t" + a.info().version() + "\t" + Commands.clean(a.file())
                + a.error().map(e -> "\t" + Commands.clean(e)).orElse("");
    }
}
