package dev.parley.launcher;

import dev.parley.launcher.Feature.FeatureBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Boots one framework for one feature: installs every bundle the feature names, refuses to go
 * on if any is missing or cannot resolve, then starts them in start order.
 */
final class Launch {

    /** How long a clean stop may take before the process gives up waiting. */
    static final long STOP_TIMEOUT_MILLIS = 5_000;

    private final Feature feature;
    private final Path bundleFolder;
    private final Map<String, String> frameworkProperties;
    private final PrintStream log;
    private Framework framework;
    private List<Bundle> bundles = List.of();
    private Consumer<BundleContext> beforeStart = context -> { };
    private StartupTrace trace = StartupTrace.OFF;

    Launch(Feature feature, Path bundleFolder, Map<String, String> frameworkProperties, PrintStream log) {
        this.feature = feature;
        this.bundleFolder = bundleFolder;
        this.frameworkProperties = Map.copyOf(frameworkProperties);
        this.log = log;
    }

    /** Something to do with the framework's context once all bundles resolved, before any starts. */
    Launch beforeStart(Consumer<BundleContext> hook) {
        this.beforeStart = hook;
        return this;
    }

    /** Where to report the start-up steps (see {@link StartupTrace}). */
    Launch trace(StartupTrace trace) {
        this.trace = trace;
        return this;
    }

    /** Starts the framework and the feature's bundles; on any failure nothing is left running. */
    Framework start() {
        prepare();
        startBundles();
        return framework;
    }

    /**
     * The first half of {@link #start}: the framework runs with every bundle of the feature
     * installed and resolved and the configurations applied, none started yet.
     */
    Framework prepare() {
        List<Path> files = bundleFiles();
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new FeatureException("no OSGi framework on the class path"));
        framework = factory.newFramework(frameworkProperties);
        try {
            framework.init();
            trace.mark("framework initialised");
            trace.follow(framework.getBundleContext());
            forgetEarlierRuns(framework.getBundleContext(), files);
            bundles = install(framework.getBundleContext(), files);
            trace.mark("bundles installed");
            framework.start(); // only the system bundle runs until the feature's bundles resolve
            requireResolved(bundles);
            trace.mark("bundles resolved");
            applyConfigurations(framework.getBundleContext());
            beforeStart.accept(framework.getBundleContext());
            trace.mark("configurations applied");
            return framework;
        } catch (BundleException | RuntimeException e) {
            throw failed(e);
        }
    }

    /** The second half of {@link #start}: starts the bundles in start order (may run on another thread). */
    void startBundles() {
        try {
            for (Bundle bundle : bundles) {
                if (!isFragment(bundle)) {
                    // transient: a reused bundle cache must not start anything on its own next time
                    bundle.start(Bundle.START_TRANSIENT | Bundle.START_ACTIVATION_POLICY);
                }
            }
            trace.mark("all bundles started");
        } catch (BundleException | RuntimeException e) {
            throw failed(e);
        }
    }

    private FeatureException failed(Exception e) {
        stopQuietly();
        if (e instanceof FeatureException featureException) {
            return featureException;
        }
        return new FeatureException("feature " + feature.name() + " failed to start: " + e.getMessage(), e);
    }

    /** Stops the framework and waits for it, at most {@link #STOP_TIMEOUT_MILLIS}. */
    boolean stop() {
        if (framework == null) {
            return true;
        }
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(STOP_TIMEOUT_MILLIS);
            return event.getType() != FrameworkEvent.WAIT_TIMEDOUT;
        } catch (BundleException e) {
            log.println("parley: stopping failed: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void stopQuietly() {
        try {
            framework.stop();
            framework.waitForStop(STOP_TIMEOUT_MILLIS);
        } catch (BundleException | InterruptedException ignored) {
            // Already failing; the first error is the one to report.
        }
    }

    private List<Path> bundleFiles() {
        List<Path> files = new ArrayList<>();
        for (FeatureBundle bundle : feature.bundles()) {
            Path file = bundleFolder.resolve(bundle.id().bundleFileName());
            if (!Files.isRegularFile(file)) {
                throw new FeatureException("feature " + feature.name() + " refused: bundle " + bundle.id()
                        + " is missing (expected " + file + ")");
            }
            files.add(file);
        }
        return files;
    }

    /**
     * With a reused bundle cache, the framework comes up with the bundles of the last run: it keeps
     * the feature's own (installed again only if missing) but drops any other (add-ons the add-on
     * manager installed, which it installs again from addons/ as on a fresh start), and clears any
     * bundle's "start me" mark, so the launcher alone starts bundles, in start order.
     */
    private void forgetEarlierRuns(BundleContext context, List<Path> files) throws BundleException {
        Set<String> locations = new HashSet<>();
        files.forEach(file -> locations.add(location(file)));
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() == 0) {
                continue;
            }
            if (!locations.contains(bundle.getLocation())) {
                bundle.uninstall();
            } else if (bundle.adapt(BundleStartLevel.class).isPersistentlyStarted()) {
                bundle.stop();
            }
        }
    }

    private static String location(Path file) {
        return file.toUri().toString();
    }

    private List<Bundle> install(BundleContext context, List<Path> files) throws BundleException {
        List<Bundle> bundles = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            Bundle installed = context.getBundle(location(file));
            if (installed != null) {
                bundles.add(installed);
                continue;
            }
            try (InputStream in = Files.newInputStream(file)) {
                bundles.add(context.installBundle(location(file), in));
            } catch (IOException e) {
                throw new FeatureException("feature " + feature.name() + " refused: cannot read " + file + ": " + e.getMessage(), e);
            } catch (BundleException e) {
                throw new FeatureException("feature " + feature.name() + " refused: bundle "
                        + feature.bundles().get(i).id() + " cannot be installed: " + e.getMessage(), e);
            }
        }
        return bundles;
    }

    /** Resolves all bundles at once and names every one that cannot be, with its unmet requirement. */
    private void requireResolved(List<Bundle> bundles) {
        if (framework.adapt(FrameworkWiring.class).resolveBundles(bundles)) {
            return;
        }
        StringBuilder problems = new StringBuilder();
        for (int i = 0; i < bundles.size(); i++) {
            Bundle bundle = bundles.get(i);
            if (bundle.getState() == Bundle.INSTALLED) {
                problems.append("\n  bundle ").append(feature.bundles().get(i).id())
                        .append(" (").append(bundle.getSymbolicName()).append(") cannot resolve: ")
                        .append(unmetRequirement(bundle));
            }
        }
        throw new FeatureException("feature " + feature.name() + " refused:" + problems);
    }

    /** The resolver's own explanation, which Felix gives as the reason a start fails. */
    private static String unmetRequirement(Bundle bundle) {
        if (isFragment(bundle)) {
            return "a fragment whose host is not there";
        }
        try {
            bundle.start(Bundle.START_TRANSIENT);
            bundle.stop(Bundle.STOP_TRANSIENT);
            return "resolves on its own; another bundle it needs does not";
        } catch (BundleException e) {
            return e.getMessage();
        }
    }

    private static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get("Fragment-Host") != null;
    }

    /**
     * Hands the feature's configurations to Config Admin. The launcher shares no packages with
     * the framework, so it talks to the service reflectively, through its published interface.
     */
    private void applyConfigurations(BundleContext context) {
        if (feature.configurations().isEmpty()) {
            return;
        }
        Bundle configAdmin = null;
        for (Bundle bundle : context.getBundles()) {
            if ("org.apache.felix.configadmin".equals(bundle.getSymbolicName())) {
                configAdmin = bundle;
            }
        }
        if (configAdmin == null) {
            throw new FeatureException("feature " + feature.name() + " has configurations but no Config Admin bundle");
        }
        try {
            configAdmin.start(Bundle.START_TRANSIENT);
            ServiceReference<?> reference = configAdmin.getBundleContext()
                    .getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
            Object admin = configAdmin.getBundleContext().getService(reference);
            Class<?> adminType = configAdmin.loadClass("org.osgi.service.cm.ConfigurationAdmin");
            Method getConfiguration = adminType.getMethod("getConfiguration", String.class, String.class);
            Method update = configAdmin.loadClass("org.osgi.service.cm.Configuration").getMethod("update", Dictionary.class);
            for (Map.Entry<String, Map<String, Object>> entry : feature.configurations().entrySet()) {
                Object configuration = getConfiguration.invoke(admin, entry.getKey(), "?");
                update.invoke(configuration, new Hashtable<>(entry.getValue()));
            }
        } catch (ReflectiveOperationException | BundleException | RuntimeException e) {
            throw new FeatureException("feature " + feature.name() + ": cannot apply its configurations: " + e, e);
        }
    }
}
