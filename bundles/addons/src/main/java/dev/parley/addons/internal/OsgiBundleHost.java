package dev.parley.addons.internal;

import dev.parley.api.addon.AddonException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.FrameworkWiring;

/** {@link BundleHost} on a real framework. */
final class OsgiBundleHost implements BundleHost {

    private static final long REFRESH_WAIT_SECONDS = 30;

    private final BundleContext context;

    OsgiBundleHost(BundleContext context) {
        this.context = context;
    }

    private Bundle bundle(long id) {
        Bundle b = context.getBundle(id);
        if (b == null) {
            throw new AddonException("bundle " + id + " is not installed");
        }
        return b;
    }

    @Override
    public long install(String location, InputStream content) {
        try {
            return context.installBundle(location, content).getBundleId();
        } catch (BundleException | RuntimeException e) {
            throw new AddonException("cannot install: " + Problems.oneLine(e), e);
        }
    }

    @Override
    public void start(long bundleId) {
        Bundle b = bundle(bundleId);
        if (b.getHeaders("").get("Fragment-Host") != null) {
            return;
        }
        try {
            b.start();
        } catch (BundleException | RuntimeException e) {
            throw new AddonException(Problems.startFailure(e), e);
        }
    }

    @Override
    public void stop(long bundleId) {
        Bundle b = context.getBundle(bundleId);
        if (b == null || b.getHeaders("").get("Fragment-Host") != null) {
            return;
        }
        try {
            b.stop();
        } catch (BundleException | RuntimeException e) {
            throw new AddonException("cannot stop: " + Problems.oneLine(e), e);
        }
    }

    @Override
    public void update(long bundleId, InputStream content) {
        Bundle b = bundle(bundleId);
        try {
            b.update(content);
        } catch (BundleException | RuntimeException e) {
            throw new AddonException("cannot update: " + Problems.oneLine(e), e);
        }
        refresh(b);
    }

    @Override
    public void uninstall(long bundleId) {
        Bundle b = context.getBundle(bundleId);
        if (b == null) {
            return;
        }
        try {
            b.uninstall();
        } catch (BundleException | RuntimeException e) {
            throw new AddonException("cannot uninstall: " + Problems.oneLine(e), e);
        }
        refresh(b);
    }

    @Override
    public boolean exists(long bundleId) {
        return context.getBundle(bundleId) != null;
    }

    /** Drops the old revision's wiring (and rewires bundles that used it), waiting for the refresh to end. */
    private void refresh(Bundle b) {
        FrameworkWiring wiring = context.getBundle(org.osgi.framework.Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        FrameworkListener listener = event -> done.countDown();
        wiring.refreshBundles(List.of(b), listener);
        try {
            done.await(REFRESH_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
