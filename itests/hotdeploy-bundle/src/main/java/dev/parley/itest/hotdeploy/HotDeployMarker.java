package dev.parley.itest.hotdeploy;

import org.osgi.service.component.annotations.Component;

/** A service with a marker property; its presence shows that the bundle was deployed and started. */
@Component(service = Runnable.class, property = "parley.itest=hotdeploy")
public final class HotDeployMarker implements Runnable {

    @Override
    public void run() {
        // Nothing to do: the test only looks for the service.
    }
}
