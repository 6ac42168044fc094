package dev.parley.itests.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.parley.api.ParleyRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

/** Checks shared by the tests that boot a feature: all bundles active, all components satisfied. */
final class FeatureBootSupport {

    private static final long SERVICE_WAIT_MILLIS = 10_000;

    private FeatureBootSupport() {
    }

    static void assertEveryFeatureBundleActive(BundleContext context, String feature) {
        Set<String> expected = Set.of(context.getProperty(Distribution.EXPECTED_BUNDLES).split(","));
        assertTrue("the " + feature + " feature has bundles", expected.size() > 3);
        List<String> seen = new ArrayList<>();
        List<String> notActive = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            String file = location.substring(location.lastIndexOf('/') + 1);
            if (expected.contains(file)) {
                seen.add(file);
                if (bundle.getState() != Bundle.ACTIVE) {
                    notActive.add(bundle.getSymbolicName() + " is in state " + bundle.getState());
                }
            }
        }
        assertEquals("bundles of feature " + feature + " installed", expected, Set.copyOf(seen));
        assertTrue("not active: " + notActive, notActive.isEmpty());
    }

    /** Every component of every Parley bundle is enabled and has a satisfied or active configuration. */
    static void assertEveryComponentSatisfied(BundleContext context) throws InterruptedException {
        ServiceComponentRuntime scr = waitFor(context, ServiceComponentRuntime.class);
        Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs();
        List<String> problems = new ArrayList<>();
        int parleyComponents = 0;
        for (ComponentDescriptionDTO description : descriptions) {
            if (!description.bundle.symbolicName.startsWith("dev.parley.")) {
                continue;
            }
            parleyComponents++;
            if (!scr.isComponentEnabled(description)) {
                problems.add(description.name + " is disabled");
                continue;
            }
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
            // A component that requires configuration rightly has no instance until it is configured
            // (the relay without TCP ports, say); any other component must have one.
            if (configurations.isEmpty() && !"require".equals(description.configurationPolicy)) {
                problems.add(description.name + " has no configuration");
            }
            for (ComponentConfigurationDTO configuration : configurations) {
                if (configuration.state != ComponentConfigurationDTO.SATISFIED
                        && configuration.state != ComponentConfigurationDTO.ACTIVE) {
                    problems.add(description.name + " is not satisfied; unsatisfied references: "
                            + Arrays.stream(configuration.unsatisfiedReferences).map(r -> r.name).toList());
                }
            }
        }
        assertTrue("the feature has Parley components", parleyComponents > 0);
        assertTrue(problems.toString(), problems.isEmpty());
    }

    static void assertRuntimeServiceReportsFeature(BundleContext context, String feature) throws InterruptedException {
        ParleyRuntime runtime = waitFor(context, ParleyRuntime.class);
        assertEquals(feature, runtime.feature());
        assertFalse(runtime.version().isBlank());
    }

    static <T> T waitFor(BundleContext context, Class<T> type) throws InterruptedException {
        return waitFor(context, type, SERVICE_WAIT_MILLIS);
    }

    static <T> T waitFor(BundleContext context, Class<T> type, long millis) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(millis);
            assertNotNull(type.getName() + " did not appear within " + millis + " ms", service);
            return service;
        } finally {
            tracker.close();
        }
    }

    static Bundle bundle(BundleContext context, String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    /** Waits until the condition holds, checking every 20 ms; fails after {@code millis}. */
    static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError(what + ": not within " + millis + " ms");
            }
            Thread.sleep(20);
        }
    }
}
