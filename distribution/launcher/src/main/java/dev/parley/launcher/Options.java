package dev.parley.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The launcher's own command-line options. Everything it does not know is left, in order, for
 * the application (the node reads its flags from there).
 *
 * @param program the name the person typed, for messages ({@code parley} or {@code parley-node})
 * @param home the distribution folder (bin/, bundles/, features/, addons/, conf/)
 * @param feature which feature to start
 * @param console whether to add the interactive Gogo console
 * @param dataDir where profiles and settings live, when not the XDG default
 * @param cacheDir where the framework's bundle cache lives, when not the XDG default
 * @param help print usage and exit
 * @param version print the version and exit
 * @param applicationArguments the rest, for the application
 */
record Options(String program, Path home, String feature, boolean console, Optional<Path> dataDir,
        Optional<Path> cacheDir, boolean help, boolean version, List<String> applicationArguments) {

    static Options parse(String[] args) {
        String program = "parley";
        Path home = Path.of(".");
        String feature = "desktop";
        Boolean console = null;
        Optional<Path> dataDir = Optional.empty();
        Optional<Path> cacheDir = Optional.empty();
        boolean help = false;
        boolean version = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--program" -> program = value(args, ++i, arg);
                case "--home" -> home = Path.of(value(args, ++i, arg));
                case "--feature" -> feature = value(args, ++i, arg);
                case "--console" -> console = true;
                case "--no-console" -> console = false;
                case "--data-dir" -> dataDir = Optional.of(Path.of(value(args, ++i, arg)));
                case "--cache-dir" -> cacheDir = Optional.of(Path.of(value(args, ++i, arg)));
                case "-h", "--help" -> help = true;
                case "-V", "--version" -> version = true;
                default -> rest.add(arg);
            }
        }
        // The node is driven from its console unless told otherwise; the desktop only on request.
        boolean withConsole = console != null ? console : feature.equals("node");
        return new Options(program, home.toAbsolutePath().normalize(), feature, withConsole, dataDir, cacheDir, help, version,
                List.copyOf(rest));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
