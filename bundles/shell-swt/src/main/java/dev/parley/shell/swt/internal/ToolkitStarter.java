package dev.parley.shell.swt.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Starts the toolkit early: needs only the main thread (which the launcher lends before any
 * bundle starts), so it comes up as soon as this bundle starts and has the {@link EarlyDisplay}
 * made there, while the window's own component still waits for the account service. Stopping
 * the bundle disposes a display that no window took.
 */
@Component(service = {}, immediate = true)
public final class ToolkitStarter {
    private final Executor mainThread;

    @Activate
    public ToolkitStarter(@Reference(target = "(parley.thread=main)") Executor mainThread) {
        this.mainThread = mainThread;
        mainThread.execute(EarlyDisplay::make);
    }

    @Deactivate
    void deactivate() {
        try {
            mainThread.execute(EarlyDisplay::discard);
        } catch (RejectedExecutionException stopping) {
            // the framework is stopping: the process ends with it
        }
    }
}
