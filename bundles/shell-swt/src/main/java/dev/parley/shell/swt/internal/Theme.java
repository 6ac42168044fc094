package dev.parley.shell.swt.internal;

import dev.parley.shell.swt.presentation.Contact;
import dev.parley.shell.swt.presentation.Initials;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Display;

/** Colours and fonts of the window (one light theme for now), and the avatar and dot painters. */
final class Theme {
    final Display display;
    final Color background;
    final Color sidebar;
    final Color border;
    final Color selection;
    final Color accent;
    final Color accentDark;
    final Color text;
    final Color secondary;
    final Color white;
    final Color incoming;
    final Color chatBackground;
    final Color error;
    final Color ok;
    final Color online;
    final Color away;
    final Color busy;
    final Color offline;
    final Color link;
    final Color outgoingLink;
    final Color[] avatars;
    final Font normal;
    final Font bold;
    final Font small;
    final Font title;
    final Font big;
    final Font avatarFont;
    final Font mono;

    Theme(Display display) {
        this.display = display;
        background = rgb(0xFFFFFF);
        sidebar = rgb(0xF3F4F7);
        border = rgb(0xE2E4E9);
        selection = rgb(0xDCE6FD);
        accent = rgb(0x3A6BE0);
        accentDark = rgb(0x2D55B8);
        text = rgb(0x1D2129);
        secondary = rgb(0x6B7280);
        white = rgb(0xFFFFFF);
        incoming = rgb(0xEEF0F4);
        chatBackground = rgb(0xFAFBFC);
        error = rgb(0xD0393E);
        ok = rgb(0x1E9E63);
        online = rgb(0x2EB67D);
        away = rgb(0xF2A93B);
        busy = rgb(0xE0455A);
        offline = rgb(0xA3A9B2);
        link = rgb(0x1F5BD8);
        outgoingLink = rgb(0xE8F0FF);
        avatars = new Color[] {rgb(0x5B8DEF), rgb(0xE5738A), rgb(0x38B2A0), rgb(0xF0A04B), rgb(0x8E6CEF),
            rgb(0x4CB3D9), rgb(0xD9734C), rgb(0x6DBF5A)};
        FontData base = display.getSystemFont().getFontData()[0];
        int h = Math.max(10, base.getHeight());
        normal = font(base.getName(), h, SWT.NORMAL);
        bold = font(base.getName(), h, SWT.BOLD);
        small = font(base.getName(), h - 1, SWT.NORMAL);
        title = font(base.getName(), h + 3, SWT.BOLD);
        big = font(base.getName(), h + 10, SWT.BOLD);
        avatarFont = font("Sans", h + 1, SWT.BOLD);
        mono = font("Monospace", h - 1, SWT.NORMAL);
    }

    private Color rgb(int v) {
        return new Color(display, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF);
    }

    private Font font(String name, int height, int style) {
        return new Font(display, name, height, style);
    }

    Color presence(Contact.Presence p) {
        return switch (p) {
            case ONLINE -> online;
            case AWAY -> away;
            case BUSY -> busy;
            case OFFLINE -> offline;
        };
    }

    /** A round avatar with initials at (x, y), {@code size} across. */
    void avatar(GC gc, int x, int y, int size, String key, String name) {
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        gc.setBackground(avatars[Initials.colourIndex(key, avatars.length)]);
        gc.fillOval(x, y, size, size);
        gc.setForeground(white);
        gc.setFont(size >= 40 ? avatarFont : bold);
        String initials = Initials.of(name);
        Point e = gc.textExtent(initials);
        gc.drawText(initials, x + (size - e.x) / 2, y + (size - e.y) / 2, true);
    }

    /** A status dot with a ring in the background colour, centred at (cx, cy). */
    void dot(GC gc, int cx, int cy, int radius, Color colour, Color ring) {
        gc.setAntialias(SWT.ON);
        gc.setBackground(ring);
        gc.fillOval(cx - radius - 2, cy - radius - 2, 2 * radius + 4, 2 * radius + 4);
        gc.setBackground(colour);
        gc.fillOval(cx - radius, cy - radius, 2 * radius, 2 * radius);
    }
}
