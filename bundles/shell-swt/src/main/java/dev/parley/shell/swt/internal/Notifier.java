package dev.parley.shell.swt.internal;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.ToolTip;
import org.eclipse.swt.widgets.Tray;
import org.eclipse.swt.widgets.TrayItem;

/**
 * Tells the person about an arrival while the window is not focused: a balloon on the tray icon
 * where the desktop has a tray; the unread count in the title always says it too.
 */
final class Notifier {
    private static TrayItem item;

    private Notifier() {
    }

    static void notify(Shell shell, String title, String text) {
        if (shell.isDisposed() || shell.getDisplay().getActiveShell() != null) {
            return;
        }
        Tray tray = shell.getDisplay().getSystemTray();
        if (tray == null) {
            return;
        }
        if (item == null || item.isDisposed()) {
            item = new TrayItem(tray, SWT.NONE);
            item.setToolTipText("Parley");
            item.setImage(shell.getImage());
            item.addListener(SWT.Selection, e -> {
                shell.setVisible(true);
                shell.setActive();
            });
        }
        ToolTip tip = new ToolTip(shell, SWT.BALLOON | SWT.ICON_INFORMATION);
        tip.setText(title);
        tip.setMessage(text.length() > 200 ? text.substring(0, 200) + "…" : text);
        item.setToolTip(tip);
        tip.setVisible(true);
    }

    static void dispose() {
        if (item != null && !item.isDisposed()) {
            item.dispose();
        }
        item = null;
    }
}
