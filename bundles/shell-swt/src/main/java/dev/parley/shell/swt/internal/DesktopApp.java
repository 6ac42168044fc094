package dev.parley.shell.swt.internal;

import dev.parley.api.account.AccountException;
import dev.parley.api.account.ProfileSummary;
import dev.parley.api.addon.Addon;
import dev.parley.api.addon.ThemeStyle;
import dev.parley.api.friends.Connection;
import dev.parley.api.settings.Settings;
import dev.parley.api.settings.SettingsService;
import dev.parley.shell.swt.presentation.MessengerModel;
import dev.parley.shell.swt.presentation.Palette;
import dev.parley.shell.swt.presentation.ThemeChoice;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;

/**
 * The window and its event loop, run on one thread (the process's main thread, lent by the
 * launcher). Shows the first-run screen until the Messenger's services are up, then the main
 * view. Everything here runs on that thread; other threads reach it through {@link #asyncExec}.
 *
 * <p>Live restyle: when a theme add-on comes, changes or goes, or the theme setting changes, the
 * views are built anew with the new {@link Theme} (the model keeps contacts and conversations;
 * the page, open chat, draft and search are carried over) and the old fonts are freed.
 */
final class DesktopApp {
    private static final Logger LOG = Logger.getLogger(DesktopApp.class.getName());

    private final Services services;
    private final MessengerModel model;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Display display;
    private Shell shell;
    private Theme theme;
    /** Built when first shown: a returning person whose profile opens by itself never sees it. */
    private FirstRunView firstRun;
    /** Shown instead while a profile opens by itself: an empty page, titled as the first screen. */
    private Composite opening;
    private MainView main;
    private final StackLayout stack = new StackLayout();
    private volatile boolean quitting;
    /** Theme services by service id: written by the component's threads, read on the UI thread. */
    private final Map<Long, ThemeService> themeServices = new java.util.concurrent.ConcurrentHashMap<>();
    private final ThemeChoice themes = new ThemeChoice();
    private Notifier notifier;
    private Object lastProfile;
    private int messengerStarts;
    private Image plainIcon;
    /** The profile was closed to switch, and no other opened yet from the first screen. */
    private boolean profileClosed;
    /** Whether a profile is open or opening, when {@link #openEarly} decided it (null: not called). */
    private volatile Boolean openedEarly;
    /** The returning person's profile did not open: the first screen is shown instead. */
    private volatile boolean autoOpenFailed;

    /** A theme add-on's service with its ranking. */
    record ThemeService(dev.parley.api.addon.Theme theme, int ranking) {
    }

    DesktopApp(Services services, MessengerModel model) {
        this.services = services;
        this.model = model;
    }

    /** A theme service came, changed (its properties) or went ({@code theme} null). */
    void themeChanged(long serviceId, dev.parley.api.addon.Theme theme, int ranking) {
        if (theme == null) {
            themeServices.remove(serviceId);
        } else {
            themeServices.put(serviceId, new ThemeService(theme, ranking));
        }
        asyncExec(this::restyle);
    }

    /** The add-on manager's list changed (or the manager came or went). */
    void addonsChanged(List<Addon> addons) {
        // the list is read here, on the caller's thread, never on the UI thread (the manager may hold its lock)
        var m = services.addons;
        List<Addon> now = addons != null ? addons : m == null ? List.of() : m.list();
        asyncExec(() -> {
            if (main != null && !main.control().isDisposed()) {
                main.addonsChanged(now);
            }
        });
    }

    /** The settings service came or went. */
    void settingsChanged() {
        asyncExec(this::restyle);
    }

    private Settings settings() {
        SettingsService s = services.settings;
        try {
            return s == null ? Settings.defaults() : s.settings();
        } catch (RuntimeException e) {
            return Settings.defaults();
        }
    }

    /** Builds the views anew if the look to use now differs from the one shown. */
    private void restyle() {
        if (shell == null || shell.isDisposed()) {
            return;
        }
        for (var id : List.copyOf(themeServices.keySet())) {
            // styles are read here, on the UI thread, as the Theme api asks
            ThemeService t = themeServices.get(id);
            if (t != null) {
                try {
                    themes.put(id, t.ranking(), t.theme().style());
                } catch (RuntimeException e) {
                    LOG.warning("window: theme " + id + " failed: " + e);
                    themes.remove(id);
                }
            }
        }
        for (var id : themes.ids()) {
            if (!themeServices.containsKey(id)) {
                themes.remove(id);
            }
        }
        Palette next = themes.palette(settings().theme());
        main.themesChanged();
        // the same palette object first: the record's equals over 27 fields is linked on first
        // use (invokedynamic), which a returning person's start would otherwise pay for
        if (next == theme.palette || next.equals(theme.palette)) {
            return;
        }
        long t0 = System.nanoTime();
        boolean onMain = stack.topControl == main.control();
        boolean onOpening = opening != null && stack.topControl == opening;
        MainView.State state = main.state();
        Theme old = theme;
        theme = new Theme(display, next);
        shell.setRedraw(false);
        try {
            if (firstRun != null) {
                firstRun.control().dispose();
                firstRun = null;
            }
            if (opening != null) {
                opening.dispose();
                opening = null;
            }
            main.dispose();
            buildViews();
            stack.topControl = onMain ? main.control() : onOpening ? opening() : firstRun().control();
            shell.layout(true, true);
            if (onMain) {
                main.load();
                main.restore(state);
            }
        } finally {
            shell.setRedraw(true);
        }
        old.dispose();
        shell.setData("parley.theme", next.id());
        LOG.info(() -> "window restyled as " + next.name() + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    private void buildViews() {
        shell.setBackground(theme.background);
        main = new MainView(shell, theme, services, model, themes, notifier, () -> settings().notifications(),
                saved -> restyle(), this::switchProfile);
    }

    private FirstRunView firstRun() {
        if (firstRun == null) {
            firstRun = new FirstRunView(shell, theme, services, this::profileOpened);
        }
        return firstRun;
    }

    private Composite opening() {
        if (opening == null) {
            opening = new Composite(shell, SWT.NONE);
            opening.setBackground(theme.sidebar);
        }
        return opening;
    }

    /** Shows the first screen (its profile list read anew), titled as such. */
    private void showFirstRun() {
        boolean built = firstRun != null;
        FirstRunView view = firstRun();
        if (built) {
            view.refresh();
        }
        stack.topControl = view.control();
        shell.setText("Welcome to Parley");
        shell.layout(true, true);
    }

    /** Runs {@code task} on the window's thread; dropped once the window is gone. */
    void asyncExec(Runnable task) {
        Display d = display;
        if (d == null || d.isDisposed()) {
            return;
        }
        try {
            d.asyncExec(task);
        } catch (SWTException disposed) {
            // the window closed meanwhile
        }
    }

    /** Creates the window and runs the event loop until the window closes or {@link #quit}. */
    void run() {
        // usually made already, while the other bundles started (see ToolkitStarter)
        ShellTrace.mark("window starting");
        display = EarlyDisplay.take();
        ShellTrace.mark("display taken");
        // A returning person's profile opens while the window is built (the Messenger takes a
        // moment): usually asked for already (openEarly), while the toolkit started.
        Boolean early = openedEarly;
        boolean autoOpening = early != null ? early : autoOpen();
        // the connection poll and the desktop notifications' bus calls: off the window's thread
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-shell-background");
            t.setDaemon(true);
            return t;
        });
        try {
            theme = new Theme(display);
            shell = new Shell(display, SWT.SHELL_TRIM);
            shell.setData("parley.id", "main");
            shell.setData("parley.theme", theme.palette.id());
            shell.setText("Welcome to Parley");
            plainIcon = icon(display, theme);
            shell.setImage(plainIcon);
            notifier = new Notifier(shell, plainIcon, System.getenv(), background);
            shell.setSize(1120, 740);
            shell.setMinimumSize(760, 520);
            shell.setLayout(stack);
            buildViews();
            ShellTrace.mark("views built");
            shell.addListener(SWT.Activate, e -> model.setFocused(true));
            shell.addListener(SWT.Deactivate, e -> model.setFocused(false));
            display.addFilter(SWT.KeyDown, this::shortcut);
            // a returning person's profile is opening: the first screen is not needed (unless that
            // fails); when its Messenger is up already the window opens on the main view
            boolean onMain = autoOpening && !autoOpenFailed && showMessenger();
            if (!onMain) {
                stack.topControl = autoOpening && !autoOpenFailed ? opening() : firstRun().control();
            }
            Point size = shell.getSize();
            var screen = display.getPrimaryMonitor().getClientArea();
            shell.setLocation(screen.x + Math.max(0, (screen.width - size.x) / 2),
                    screen.y + Math.max(0, (screen.height - size.y) / 2));
            shell.open();
            ShellTrace.mark("window open");
            if (!onMain) {
                restyle();
                messengerChanged();
            }
            background.scheduleWithFixedDelay(() -> {
                Connection c = services.account.connection();
                asyncExec(() -> model.setSelfConnection(c));
            }, 0, 1, TimeUnit.SECONDS);
            while (!shell.isDisposed() && !quitting) {
                try {
                    if (!display.readAndDispatch()) {
                        display.sleep();
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "window: " + e, e);
                }
            }
        } finally {
            background.shutdownNow();
            if (notifier != null) {
                notifier.dispose();
            }
            Display d = display;
            display = null;
            if (!d.isDisposed()) {
                d.dispose();
            }
            ended.countDown();
        }
    }

    /**
     * Starts opening a returning person's profile now, before the window exists (its display may
     * still be starting): the Messenger then publishes the profile while the window is built.
     * Called once, before {@link #run}; a failed open brings the first screen when the window is built.
     */
    void openEarly() {
        openedEarly = autoOpen();
    }

    /**
     * A returning person goes straight to the main window: to the profile opened last, or the only
     * one, when it has no password (an encrypted one waits on the first screen, selected, for its
     * password). Says whether a profile is open or opening (then the first screen is not built).
     */
    private boolean autoOpen() {
        if (services.messengerUp() || services.account.current().isPresent()) {
            return true;
        }
        List<ProfileSummary> profiles = services.account.profiles();
        Optional<String> last = services.account.lastOpened();
        Optional<ProfileSummary> pick = profiles.stream()
                .filter(p -> last.isPresent() ? p.name().equals(last.get()) : profiles.size() == 1)
                .findFirst();
        if (pick.isPresent() && !pick.get().encrypted()) {
            String name = pick.get().name();
            CompletableFuture.runAsync(() -> {
                try {
                    services.account.open(name, null);
                } catch (AccountException e) {
                    LOG.warning("window: cannot open " + name + ": " + e.getMessage());
                    autoOpenFailed = true; // seen by run() when the window is not built yet
                    asyncExec(() -> {
                        if (shell != null && !shell.isDisposed() && opening != null && stack.topControl == opening) {
                            showFirstRun();
                        }
                    });
                }
            });
            return true;
        }
        return false;
    }

    /** The Messenger's services came or went. */
    void messengerChanged() {
        asyncExec(() -> {
            if (shell != null && !shell.isDisposed()) {
                showMessenger();
            }
        });
    }

    /** Loads and shows the main view when the Messenger's services are up (UI thread); says whether it did. */
    private boolean showMessenger() {
        // after a switch, only the Messenger of the profile opened next (a Messenger of the
        // profile just closed may still show up for a moment)
        if (!services.messengerUp() || profileClosed) {
            return false;
        }
        if (services.profile != lastProfile) {
            // a new Messenger (a profile opened, or the network reconfigured): counted for diagnostics
            lastProfile = services.profile;
            shell.setData("parley.messenger.starts", ++messengerStarts);
        }
        restyle();
        main.load();
        if (stack.topControl != main.control()) {
            stack.topControl = main.control();
            shell.layout(true, true);
            shell.setText(model.title());
            long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            LOG.info(() -> "main window shown " + sinceStart + " ms after the JVM started");
            ShellTrace.mark("main view shown");
        }
        return true;
    }

    /**
     * Saves and closes the open profile (off this thread; its Messenger's services go), then shows
     * the first screen to open, create or import another; the window forgets the old one's
     * contacts and chats.
     */
    private void switchProfile() {
        profileClosed = true;
        CompletableFuture.runAsync(() -> {
            String failure = null;
            try {
                services.account.close();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (services.profile != null && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                if (services.profile != null) {
                    failure = "The profile did not close within 20 s; try again.";
                }
            } catch (AccountException e) {
                failure = "Not closed: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "Interrupted.";
            }
            String why = failure;
            asyncExec(() -> {
                if (shell == null || shell.isDisposed()) {
                    return;
                }
                if (why != null) {
                    profileClosed = false;
                    main.switchFailed(why);
                    return;
                }
                model.clear();
                main.reset();
                showFirstRun();
                LOG.info("window: profile closed, choosing another");
            });
        });
    }

    /** The first screen opened, created or imported a profile: its Messenger is the one to show. */
    private void profileOpened() {
        profileClosed = false;
        messengerChanged();
    }

    private void shortcut(Event e) {
        if (stack.topControl != main.control() || e.widget == null || e.widget.isDisposed()) {
            return;
        }
        if (e.widget instanceof org.eclipse.swt.widgets.Control c && c.getShell() != shell) {
            return;
        }
        boolean ctrl = (e.stateMask & SWT.MOD1) != 0;
        if (ctrl && (e.keyCode == 'k' || e.keyCode == 'K')) {
            e.doit = false;
            main.focusSearch();
        } else if (ctrl && (e.keyCode == 'w' || e.keyCode == 'W')) {
            e.doit = false;
            main.closeChat();
        } else if (ctrl && (e.keyCode == 'p' || e.keyCode == 'P')) {
            e.doit = false;
            main.showProfile();
        } else if (e.keyCode == SWT.ESC) {
            main.escape();
        }
    }

    /** Closes the window from another thread and waits for the loop to end, at most {@code millis}. */
    boolean quit(long millis) throws InterruptedException {
        quitting = true;
        asyncExec(() -> {
            if (shell != null && !shell.isDisposed()) {
                shell.dispose();
            }
        });
        Display d = display;
        if (d != null && !d.isDisposed()) {
            try {
                d.wake();
            } catch (SWTException gone) {
                // already disposed
            }
        }
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    boolean quitting() {
        return quitting;
    }

    /** The window icon: a speech bubble in the accent colour. */
    private static Image icon(Display display, Theme theme) {
        Image image = new Image(display, 64, 64);
        GC gc = new GC(image);
        gc.setAntialias(SWT.ON);
        gc.setBackground(theme.white);
        gc.fillRectangle(0, 0, 64, 64);
        gc.setBackground(theme.accent);
        gc.fillRoundRectangle(4, 6, 56, 42, 22, 22);
        gc.fillPolygon(new int[] {16, 44, 30, 44, 14, 58});
        gc.setBackground(theme.white);
        gc.fillOval(16, 22, 9, 9);
        gc.fillOval(28, 22, 9, 9);
        gc.fillOval(40, 22, 9, 9);
        gc.dispose();
        return image;
    }
}
