package dev.parley.console.internal;

import dev.parley.api.addon.AddonManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The Gogo commands of scope {@code addon}, a thin shell over {@link AddonConsole}. */
@Component(service = AddonCommands.class, immediate = true, property = {
    "osgi.command.scope=addon",
    "osgi.command.function=list", "osgi.command.function=install", "osgi.command.function=update",
    "osgi.command.function=remove", "osgi.command.function=enable", "osgi.command.function=disable"})
public final class AddonCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AddonManager manager;

    private final ThreadLocal<Path> cwd = ThreadLocal.withInitial(() -> Path.of("").toAbsolutePath());

    private final AddonConsole console = new AddonConsole(() -> manager, cwd::get);

    private List<String> in(CommandSession session, java.util.function.Supplier<List<String>> command) {
        Object dir = session == null ? null : session.get("_cwd");
        cwd.set(dir instanceof java.net.URI uri ? Path.of(uri) : Path.of("").toAbsolutePath());
        try {
            return command.get();
        } finally {
            cwd.remove();
        }
    }

    private static void print(List<String> lines) {
        PrintStream out = System.out;
        lines.forEach(out::println);
        out.flush();
    }

    @Descriptor("list add-ons: id, state, kind, name, version, file, error")
    public void list() {
        print(console.list());
    }

    @Descriptor("install an add-on jar: FILE (copied into the add-ons folder)")
    public void install(CommandSession session, @Descriptor("the jar") String... file) {
        print(in(session, () -> console.install(file)));
    }

    @Descriptor("replace add-on N with a newer jar: N FILE")
    public void update(CommandSession session, @Descriptor("add-on number, then the jar") String... args) {
        print(in(session, () -> console.update(args)));
    }

    @Descriptor("uninstall add-on N and delete its jar")
    public void remove(@Descriptor("add-on number") String... id) {
        print(console.remove(id));
    }

    @Descriptor("enable add-on N")
    public void enable(@Descriptor("add-on number") String... id) {
        print(console.enable(id));
    }

    @Descriptor("disable add-on N")
    public void disable(@Descriptor("add-on number") String... id) {
        print(console.disable(id));
    }
}
