package dev.parley.itests.runtime;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.parley.launcher.Feature;
import dev.parley.launcher.FeatureReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;

/** The built distribution folder, and Pax Exam options that boot one of its features. */
final class Distribution {

    /** Framework property listing the bundle files of the booted feature, comma-separated. */
    static final String EXPECTED_BUNDLES = "parley.itest.expected.bundles";

    private Distribution() {
    }

    static Path home() {
        String property = System.getProperty("parley.distribution");
        if (property == null) {
            throw new IllegalStateException("system property parley.distribution is not set (run through Maven)");
        }
        Path home = Path.of(property).toAbsolutePath().normalize();
        if (!Files.isDirectory(home.resolve("bundles"))) {
            throw new IllegalStateException("no built distribution at " + home + " (run mvn package first)");
        }
        return home;
    }

    static Feature feature(String name) {
        return new FeatureReader(home().resolve("features")).read(name);
    }

    /** Exactly the bundles the launcher would install for the feature, from the same folder. */
    static List<Option> featureOptions(String name) {
        Path bundles = home().resolve("bundles");
        List<Option> options = new ArrayList<>();
        for (Feature.FeatureBundle entry : feature(name).bundles()) {
            options.add(bundle(bundles.resolve(entry.id().bundleFileName()).toUri().toString()));
        }
        return options;
    }

    /** Everything a Parley Pax Exam test needs around the feature's bundles. */
    static Option[] examOptions(String feature, Option... extra) {
        List<Option> options = new ArrayList<>(featureOptions(feature));
        options.add(junitBundles());
        // Never read the test JVM's standard input as a console.
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkProperty("parley.feature").value(feature));
        // The probe runs inside the framework, without the launcher: hand it the expected files.
        options.add(frameworkProperty(EXPECTED_BUNDLES).value(String.join(",",
                feature(feature).bundles().stream().map(b -> b.id().bundleFileName()).toList())));
        options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository")
                .value(System.getProperty("org.ops4j.pax.url.mvn.localRepository", "")));
        options.addAll(List.of(extra));
        return options.toArray(Option[]::new);
    }
}
