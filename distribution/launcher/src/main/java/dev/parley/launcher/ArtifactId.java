package dev.parley.launcher;

/**
 * Maven coordinates as the OSGi Features specification writes them:
 * {@code groupId:artifactId[:type[:classifier]]:version}.
 */
public record ArtifactId(String groupId, String artifactId, String type, String classifier, String version) {

    public static ArtifactId parse(String text) {
        String[] parts = text.split(":", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                throw new FeatureException("'" + text + "' is not groupId:artifactId[:type[:classifier]]:version");
            }
        }
        return switch (parts.length) {
            case 3 -> new ArtifactId(parts[0], parts[1], "jar", "", parts[2]);
            case 4 -> new ArtifactId(parts[0], parts[1], parts[2], "", parts[3]);
            case 5 -> new ArtifactId(parts[0], parts[1], parts[2], parts[3], parts[4]);
            default -> throw new FeatureException("'" + text + "' is not groupId:artifactId[:type[:classifier]]:version");
        };
    }

    // equals and hashCode written out: the generated ones are linked on first use through
    // invokedynamic (ObjectMethods), which costs milliseconds on the launcher's path to the
    // window (docs/BENCHMARKS.md, desktop launch); the feature reader keys a map by these ids.
    @Override
    public boolean equals(Object o) {
        return o instanceof ArtifactId a && groupId.equals(a.groupId) && artifactId.equals(a.artifactId)
                && type.equals(a.type) && classifier.equals(a.classifier) && version.equals(a.version);
    }

    @Override
    public int hashCode() {
        int h = groupId.hashCode();
        h = 31 * h + artifactId.hashCode();
        h = 31 * h + type.hashCode();
        h = 31 * h + classifier.hashCode();
        return 31 * h + version.hashCode();
    }

    /** The file name the distribution gives a bundle jar: {@code artifactId-version.jar}. */
    public String bundleFileName() {
        return artifactId + "-" + version + ".jar";
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(groupId).append(':').append(artifactId);
        if (!type.equals("jar") || !classifier.isEmpty()) {
            text.append(':').append(type);
        }
        if (!classifier.isEmpty()) {
            text.append(':').append(classifier);
        }
        return text.append(':').append(version).toString();
    }
}
