package dev.parley.itests.runtime;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A bundle copied into the add-ons folder (watched by the add-on manager) starts and its service appears within 5 s;
 * deleting the file makes the service go away within 5 s.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT {

    private static final long DEADLINE_MILLIS = 5_000;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] configuration() throws IOException {
        Path addons = Files.createTempDirectory("parley-addons-");
        return Distribution.examOptions("core",
                frameworkProperty("parley.addons.dir").value(addons.toString()),
                frameworkProperty("parley.addons.poll.ms").value("250"),
                frameworkProperty("parley.itest.hotdeploy.jar").value(System.getProperty("parley.itest.hotdeploy.jar")));
    }

    @Test
    public void aBundleDroppedIntoTheFolderStartsAndGoesWhenRemoved() throws Exception {
        Path addons = Path.of(context.getProperty("parley.addons.dir"));
        Path jar = Path.of(context.getProperty("parley.itest.hotdeploy.jar"));
        assertTrue("test bundle not built: " + jar, Files.isRegularFile(jar));
        CountDownLatch removed = new CountDownLatch(1);
        ServiceTracker<Runnable, Runnable> marker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=java.lang.Runnable)(parley.itest=hotdeploy))"), null) {
            @Override
            public void removedService(ServiceReference<Runnable> reference, Runnable service) {
                removed.countDown();
                super.removedService(reference, service);
            }
        };
        marker.open();
        try {
            assertTrue("no marker before the copy", marker.isEmpty());

            Path deployed = addons.resolve(jar.getFileName());
            // Copied beside the folder, then moved in, so the scanner never sees half a file.
            Path partial = Files.createTempFile(addons.getParent(), "hotdeploy-", ".part");
            Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, deployed, StandardCopyOption.ATOMIC_MOVE);
            long start = System.nanoTime();
            assertTrue("the service did not appear within 5 s", marker.waitForService(DEADLINE_MILLIS) != null);
            long appearedMillis = (System.nanoTime() - start) / 1_000_000;

            Files.delete(deployed);
            assertTrue("the service did not go within 5 s", removed.await(DEADLINE_MILLIS, TimeUnit.MILLISECONDS));
            System.out.println("hot deploy: service appeared after " + appearedMillis + " ms");
        } finally {
            marker.close();
        }
    }
}
