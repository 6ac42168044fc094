package dev.parley.itests.runtime;

import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The lean bootstrap feature (what bin/parley-node starts for a pure bootstrap node: no Messenger,
 * add-ons or Gogo) boots in a real framework: every bundle resolves and is active, every component
 * satisfied.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BootstrapFeatureIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() {
        return Distribution.examOptions("bootstrap");
    }

    @Test
    public void everyBundleIsActive() {
        FeatureBootSupport.assertEveryFeatureBundleActive(context, "bootstrap");
    }

    @Test
    public void everyComponentIsSatisfied() throws InterruptedException {
        FeatureBootSupport.assertEveryComponentSatisfied(context);
    }

    /** What makes it lean: none of the bundles a bootstrap node without a profile or console does not use. */
    @Test
    public void itHasNoMessengerAddOnsOrGogo() {
        java.util.List<String> present = java.util.Arrays.stream(context.getBundles()).map(b -> b.getSymbolicName())
                .filter(n -> n.equals("dev.parley.messenger") || n.equals("dev.parley.addons")
                        || n.equals("dev.parley.console") || n.startsWith("org.apache.felix.gogo"))
                .toList();
        org.junit.Assert.assertEquals(java.util.List.of(), present);
    }

    @Test
    public void theRuntimeServiceTellsTheFeature() throws InterruptedException {
        FeatureBootSupport.assertRuntimeServiceReportsFeature(context, "bootstrap");
    }
}
