package dev.parley.shell.swt.internal;

import org.eclipse.swt.widgets.Display;

/**
 * The SWT display, made ahead of the window. Starting GTK (new {@link Display}) is one of the
 * longest steps of a launch and needs nothing but the main thread, so {@link ToolkitStarter}
 * has it made there as soon as this bundle starts, while the framework is still starting the
 * Messenger and the networking bundles on another thread; the window then {@link #take takes}
 * it. Every method runs on the main thread only.
 */
final class EarlyDisplay {
    private static Display made;

    private EarlyDisplay() {
    }

    /** Makes the display unless this thread has one already (the window runs) or one is waiting. */
    static void make() {
        if (made == null && Display.getCurrent() == null) {
            Display.setAppName("Parley");
            ShellTrace.mark("toolkit starting");
            made = new Display();
            ShellTrace.mark("display made ahead");
        }
    }

    /** The display made ahead, or a new one if there is none (or it is gone). */
    static Display take() {
        Display d = made;
        made = null;
        if (d != null && !d.isDisposed()) {
            return d;
        }
        Display.setAppName("Parley");
        return new Display();
    }

    /** Disposes a display made ahead that no window took (the bundle stops before its window came). */
    static void discard() {
        Display d = made;
        made = null;
        if (d != null && !d.isDisposed()) {
            d.dispose();
        }
    }
}
