package dev.parley.shell.swt.internal;

import dev.parley.shell.swt.presentation.Contact;
import dev.parley.shell.swt.presentation.Times;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.ScrollBar;

/**
 * The contact list, drawn: avatar with initials and status dot, name, time of the last message,
 * last message (or typing, or status message) and unread badge. Up/Down/Enter and clicks select.
 * Its rows are mirrored as text in widget data {@code parley.rows} (for tests and accessibility).
 */
final class ContactListView {
    static final int ROW = 64;

    private final Theme theme;
    private final Canvas canvas;
    private final Consumer<String> onSelect;
    private List<Contact> contacts = List.of();
    private String selected;
    private int top;

    ContactListView(Composite parent, Theme theme, Consumer<String> onSelect) {
        this.theme = theme;
        this.onSelect = onSelect;
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.V_SCROLL | SWT.NO_BACKGROUND);
        canvas.setData("parley.id", "contacts");
        canvas.setBackground(theme.sidebar);
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.MouseDown, e -> {
            int i = (e.y + top) / ROW;
            if (i >= 0 && i < contacts.size()) {
                canvas.setFocus();
                onSelect.accept(contacts.get(i).key());
            }
        });
        canvas.addListener(SWT.KeyDown, e -> {
            int i = indexOf(selected);
            if (e.keyCode == SWT.ARROW_DOWN && i + 1 < contacts.size()) {
                onSelect.accept(contacts.get(i + 1).key());
            } else if (e.keyCode == SWT.ARROW_UP && i > 0) {
                onSelect.accept(contacts.get(i - 1).key());
            }
        });
        canvas.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_TAB_NEXT || e.detail == SWT.TRAVERSE_TAB_PREVIOUS) {
                e.doit = true;
            }
        });
        canvas.addListener(SWT.Resize, e -> updateScroll());
        canvas.addListener(SWT.MouseVerticalWheel, e -> scrollTo(top - e.count * ROW / 3));
        ScrollBar bar = canvas.getVerticalBar();
        bar.addListener(SWT.Selection, e -> scrollTo(bar.getSelection()));
    }

    Canvas control() {
        return canvas;
    }

    void show(List<Contact> list, String selectedKey) {
        contacts = list;
        selected = selectedKey;
        List<String> rows = new ArrayList<>();
        for (Contact c : list) {
            rows.add(c.key() + "|" + c.name() + "|" + c.presence().label() + "|" + c.unread() + "|" + c.subtitle());
        }
        canvas.setData("parley.rows", rows);
        canvas.setData("parley.selected", selectedKey);
        updateScroll();
        canvas.redraw();
    }

    private int indexOf(String key) {
        for (int i = 0; i < contacts.size(); i++) {
            if (contacts.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private void scrollTo(int y) {
        int max = Math.max(0, contacts.size() * ROW - canvas.getClientArea().height);
        top = Math.max(0, Math.min(max, y));
        canvas.getVerticalBar().setSelection(top);
        canvas.redraw();
    }

    private void updateScroll() {
        ScrollBar bar = canvas.getVerticalBar();
        int total = contacts.size() * ROW;
        int visible = Math.max(1, canvas.getClientArea().height);
        bar.setMaximum(Math.max(total, 1));
        bar.setThumb(Math.min(visible, Math.max(total, 1)));
        bar.setPageIncrement(visible);
        bar.setIncrement(ROW / 2);
        bar.setVisible(total > visible);
        scrollTo(top);
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(theme.sidebar);
        gc.fillRectangle(area);
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        if (contacts.isEmpty()) {
            gc.setForeground(theme.secondary);
            gc.setFont(theme.normal);
            gc.drawText("No contacts yet.\nAdd a friend with their Tox ID.", 18, 18, true);
            return;
        }
        Instant now = Instant.now();
        for (int i = 0; i < contacts.size(); i++) {
            int y = i * ROW - top;
            if (y + ROW < 0 || y > area.height) {
                continue;
            }
            Contact c = contacts.get(i);
            boolean sel = c.key().equals(selected);
            if (sel) {
                gc.setBackground(theme.selection);
                gc.fillRoundRectangle(6, y + 2, area.width - 12, ROW - 4, 14, 14);
            }
            theme.avatar(gc, 16, y + 12, 40, c.key(), c.name());
            theme.dot(gc, 16 + 36, y + 12 + 36, 6, theme.presence(c.presence()), sel ? theme.selection : theme.sidebar);
            int x = 68;
            int right = area.width - 14;
            String time = Times.shortTime(c.lastActivity(), now, ZoneId.systemDefault());
            gc.setFont(theme.small);
            Point te = gc.textExtent(time);
            gc.setForeground(theme.secondary);
            gc.drawText(time, right - te.x, y + 14, true);
            gc.setFont(theme.bold);
            gc.setForeground(theme.text);
            gc.drawText(ellipsize(gc, c.name(), right - te.x - 8 - x), x, y + 12, true);
            int badge = 0;
            if (c.unread() > 0) {
                gc.setFont(theme.small);
                String n = c.unread() > 99 ? "99+" : Integer.toString(c.unread());
                Point ne = gc.textExtent(n);
                badge = Math.max(ne.x + 12, 22);
                gc.setBackground(theme.accent);
                gc.fillRoundRectangle(right - badge, y + 36, badge, 20, 20, 20);
                gc.setForeground(theme.white);
                gc.drawText(n, right - badge + (badge - ne.x) / 2, y + 36 + (20 - ne.y) / 2, true);
            }
            gc.setFont(theme.small);
            gc.setForeground(c.typing() ? theme.accent : theme.secondary);
            gc.drawText(ellipsize(gc, c.subtitle(), right - x - badge - 8), x, y + 36, true);
        }
    }

    static String ellipsize(GC gc, String s, int width) {
        if (s == null) {
            return "";
        }
        s = s.replace('\n', ' ');
        if (gc.textExtent(s).x <= width) {
            return s;
        }
        int n = s.length();
        while (n > 0 && gc.textExtent(s.substring(0, n) + "…").x > width) {
            n--;
        }
        if (n > 0 && Character.isHighSurrogate(s.charAt(n - 1))) {
            n--;
        }
        return s.substring(0, n) + "…";
    }
}
