package dev.parley.launcher;

import java.util.List;
import java.util.Map;

/**
 * A feature with its includes flattened: the bundles to install in start order, and the
 * configurations to hand to Config Admin.
 *
 * @param name the short name it was asked for by, such as {@code node}
 * @param bundles every bundle once, sorted by start order, then by the order the files list them
 * @param configurations configuration properties by PID; an including feature wins over an included one
 */
public record Feature(String name, List<FeatureBundle> bundles, Map<String, Map<String, Object>> configurations) {

    public Feature {
        bundles = List.copyOf(bundles);
        configurations = Map.copyOf(configurations);
    }

    /** One bundle of a feature. */
    public record FeatureBundle(ArtifactId id, int startOrder) {
    }
}
