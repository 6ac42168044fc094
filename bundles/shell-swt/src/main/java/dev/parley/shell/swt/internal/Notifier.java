package dev.parley.shell.swt.internal;

import dev.parley.shell.swt.presentation.Attention;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.ToolTip;
import org.eclipse.swt.widgets.Tray;
import org.eclipse.swt.widgets.TrayItem;

/**
 * Tells the person about an arrival while the window is not focused: a desktop notification
 * where the session bus has a notification service (every Linux desktop has one; a newer one
 * from the same contact replaces the last), else a balloon on a tray icon where the toolkit
 * offers a system tray; where it offers none, the window icon carries a badge with the count.
 * Clicking the notification (or the tray icon) brings the window forward on what it was about.
 * The badge and the unread count in the title are kept either way. The shell's data
 * {@code parley.notifications} counts the notifications shown and {@code parley.notify.mode}
 * says how ({@code desktop} once the service took one, {@code tray} or {@code badge}), for tests
 * and diagnostics; {@code parley.notify.desktop} counts those the service took and
 * {@code parley.notify.clicked} the clicks on them.
 */
final class Notifier {
    private static final Logger LOG = Logger.getLogger(Notifier.class.getName());

    private final Shell shell;
    private final Image plainIcon;
    private final DesktopNotifications desktop;
    private final Executor sender;
    /** The desktop notification last shown per title (a contact), so the next one replaces it. */
    private final Map<String, Integer> desktopIds = new HashMap<>();
    /** What clicking each shown desktop notification opens. */
    private final Map<Integer, Runnable> opens = new HashMap<>();
    private volatile boolean desktopFailed;
    private Runnable lastOpen = () -> { };
    private TrayItem item;
    private Image badged;
    private int shown;
    private int desktopShown;
    private int clicked;

    /**
     * @param env where to find the session bus ({@code DBUS_SESSION_BUS_ADDRESS})
     * @param sender where the (blocking) calls to the bus run, off the window's thread
     */
    Notifier(Shell shell, Image plainIcon, Map<String, String> env, Executor sender) {
        this.shell = shell;
        this.plainIcon = plainIcon;
        Display display = shell.getDisplay();
        this.desktop = DesktopNotifications.fromEnvironment(env, id -> onWindowThread(display, () -> clicked(id)))
                .orElse(null);
        this.sender = sender;
    }

    /** Tells of {@code a}; {@code open} shows what it is about (the chat, the requests). */
    void show(Attention a, Runnable open) {
        if (shell.isDisposed()) {
            return;
        }
        shown++;
        shell.setData("parley.notifications", shown);
        shell.setData("parley.notify.last", a.title() + ": " + a.body());
        lastOpen = open;
        if (desktop != null && !desktopFailed && sendToDesktop(a, open)) {
            return;
        }
        showInTray(a);
    }

    /** Hands the notification to the sender; falls back to the tray if the service fails. */
    private boolean sendToDesktop(Attention a, Runnable open) {
        Display display = shell.getDisplay();
        int replaces = desktopIds.getOrDefault(a.title(), 0);
        try {
            sender.execute(() -> {
                try {
                    int id = desktop.notify(a.title(), a.body(), replaces);
                    onWindowThread(display, () -> {
                        Integer old = desktopIds.put(a.title(), id);
                        if (old != null) {
                            opens.remove(old);
                        }
                        opens.put(id, open);
                        desktopShown++;
                        shell.setData("parley.notify.mode", "desktop");
                        shell.setData("parley.notify.desktop", desktopShown);
                    });
                } catch (IOException e) {
                    desktopFailed = true; // no service on this bus: the tray from now on
                    LOG.info("no desktop notifications (" + e.getMessage() + "); using the tray");
                    onWindowThread(display, () -> showInTray(a));
                }
            });
            return true;
        } catch (RejectedExecutionException closing) {
            return false;
        }
    }

    private void clicked(int id) {
        Runnable open = opens.get(id);
        if (open == null) {
            return; // not ours, or replaced since
        }
        clicked++;
        shell.setData("parley.notify.clicked", clicked);
        forward(open);
    }

    private void forward(Runnable open) {
        shell.setVisible(true);
        shell.setMinimized(false);
        shell.forceActive();
        open.run();
    }

    private void onWindowThread(Display display, Runnable r) {
        try {
            display.asyncExec(() -> {
                if (!shell.isDisposed()) {
                    r.run();
                }
            });
        } catch (SWTException gone) {
            // the window closed meanwhile
        }
    }

    private void showInTray(Attention a) {
        Tray tray = shell.getDisplay().getSystemTray();
        if (tray == null) {
            shell.setData("parley.notify.mode", "badge");
            return;
        }
        shell.setData("parley.notify.mode", "tray");
        if (item == null || item.isDisposed()) {
            item = new TrayItem(tray, SWT.NONE);
            item.setToolTipText("Parley");
            item.setImage(plainIcon);
            item.addListener(SWT.Selection, e -> forward(lastOpen));
        }
        ToolTip tip = new ToolTip(shell, SWT.BALLOON | SWT.ICON_INFORMATION);
        tip.setText(a.title());
        tip.setMessage(a.body());
        item.setToolTip(tip);
        tip.setVisible(true);
    }

    /** The window icon, with a badge showing {@code unread} when it is above zero. */
    void unread(int unread, Theme theme) {
        if (shell.isDisposed()) {
            return;
        }
        Image old = badged;
        if (unread <= 0) {
            shell.setImage(plainIcon);
            badged = null;
        } else {
            badged = badge(plainIcon, unread, theme);
            shell.setImage(badged);
        }
        shell.setData("parley.badge", Math.max(0, unread));
        if (item != null && !item.isDisposed()) {
            item.setImage(badged == null ? plainIcon : badged);
        }
        if (old != null && !old.isDisposed()) {
            old.dispose();
        }
    }

    private static Image badge(Image base, int count, Theme theme) {
        var b = base.getBounds();
        Image image = new Image(base.getDevice(), b.width, b.height);
        GC gc = new GC(image);
        gc.drawImage(base, 0, 0);
        gc.setAntialias(SWT.ON);
        int d = b.width / 2;
        gc.setBackground(theme.busy);
        gc.fillOval(b.width - d, 0, d, d);
        gc.setForeground(theme.white);
        gc.setFont(theme.bold);
        String text = count > 99 ? "99" : Integer.toString(count);
        Point e = gc.textExtent(text);
        gc.drawText(text, b.width - d + (d - e.x) / 2, (d - e.y) / 2, true);
        gc.dispose();
        return image;
    }

    void dispose() {
        if (desktop != null) {
            desktop.close();
        }
        if (item != null && !item.isDisposed()) {
            item.dispose();
        }
        if (badged != null && !badged.isDisposed()) {
            badged.dispose();
        }
        item = null;
    }
}
