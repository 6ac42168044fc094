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

/** The headless node feature (core plus the console) boots in a real framework: every bundle active, every component satisfied. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NodeFeatureIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() {
        return Distribution.examOptions("node");
    }

    @Test
    public void everyBundleIsActive() {
        FeatureBootSupport.assertEveryFeatureBundleActive(context, "node");
    }

    @Test
    public void everyComponentIsSatisfied() throws InterruptedException {
        FeatureBootSupport.assertEveryComponentSatisfied(context);
    }

    @Test
    public void theRuntimeServiceTellsTheFeature() throws InterruptedException {
        FeatureBootSupport.assertRuntimeServiceReportsFeature(context, "node");
    }
}
