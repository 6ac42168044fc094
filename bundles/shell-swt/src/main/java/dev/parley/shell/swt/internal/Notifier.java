package dev.parley.shell.swt.internal;

import dev.parley.shell.swt.presentation.Attention;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
 * The badge and the unread count in the title are kept either way. The shell's data
 * {@code parley.notifications} counts the notifications shown and {@code parley.notify.mode}
 * says how ({@code desktop} once the service took one, {@code tray} or {@code badge}), for tests
 * and diagnostics.
 */
final class Notifier {
    private static final Logger LOG = Logger.getLogger(Notifier.class.getName());

    private final Shell shell;
    private final Image plainIcon;
    private final DesktopNotifications desktop;
    private final Executor sender;
    /** The desktop notification last shown per title (a contact), so the next one replaces it. */
    private final Map<String, Integer> desktopIds = new HashMap<>();
    private volatile boolean desktopFailed;
    private TrayItem item;
    private Image badged;
    private int shown;

    /**
     * @param desktop the session bus's notification service, if there is a bus
     * @param sender where the (blocking) calls to it run, off the window's thread
     */
    Notifier(Shell shell, Image plainIcon, Optional<DesktopNotifications> desktop, Executor sender) {
        this.shell = shell;
        this.plainIcon = plainIcon;
        this.desktop = desktop.orElse(null);
        this.sender = sender;
    }

    void show(Attention a) {
        if (shell.isDisposed()) {
            return;
        }
        shown++;
        shell.setData("parley.notifications", shown);
        shell.setData("parley.notify.last", a.title() + ": " + a.body());
        if (desktop != null && !desktopFailed && sendToDesktop(a)) {
            return;
        }
        showInTray(a);
    }

    /** Hands the notification to the sender; falls back to the tray if the service fails. */
    private boolean sendToDesktop(Attention a) {
        Display display = shell.getDisplay();
        int replaces = desktopIds.getOrDefault(a.title(), 0);
        try {
            sender.execute(() -> {
                try {
                    int id = desktop.notify(a.title(), a.body(), replaces);
                    onWindowThread(display, () -> {
                        desktopIds.put(a.title(), id);
                        shell.setData("parley.notify.mode", "desktop");
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
            item.addListener(SWT.Selection, e -> {
                shell.setVisible(true);
                shell.setMinimized(false);
                shell.forceActive();
            });
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
        if (item != null && !item.isDisposed()) {
            item.dispose();
        }
        if (badged != null && !badged.isDisposed()) {
            badged.dispose();
        }
        item = null;
    }
}
