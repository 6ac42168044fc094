package dev.parley.api;

import java.nio.file.Path;
import java.util.List;

/**
 * Facts about the running Parley process: which product version, which feature it was started
 * as, where it keeps its data, and the command-line arguments meant for the application (the
 * launcher's own options removed).
 *
 * <p>One instance is registered as a service by the core runtime bundle.
 */
public interface ParleyRuntime {

    /** The product version, for example {@code 0.1.0}. */
    String version();

    /** The feature the launcher started, for example {@code node} or {@code desktop}. */
    String feature();

    /** Where user data (profiles, settings, history) lives; created on demand. */
    Path dataDirectory();

    /** The folder of the installed distribution, or empty when running inside a test framework. */
    java.util.Optional<Path> installDirectory();

    /** Arguments for the application, in order, as given on the command line. */
    List<String> arguments();
}
