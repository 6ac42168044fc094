package dev.parley.shell.swt.internal;

import dev.parley.shell.swt.presentation.Contact;
import dev.parley.shell.swt.presentation.Initials;
import dev.parley.shell.swt.presentation.Palette;
import dev.parley.api.addon.ThemeStyle.FontSpec;
import java.util.Optional;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Display;

/**
 * Colours and fonts of the window, made from a {@link Palette} (the built-in light look or a theme
 * add-on's), and the avatar and dot painters. A new look makes a new instance; the window is then
 * rebuilt with it and the old one {@linkplain #dispose disposed}.
 */
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
    final Color outgoing;
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
    final Palette palette;

    Theme(Display display) {
        this(display, Palette.LIGHT);
    }

    Theme(Display display, Palette p) {
        this.display = display;
        this.palette = p;
        background = rgb(p.background());
        sidebar = rgb(p.sidebar());
        border = rgb(p.border());
        selection = rgb(p.selection());
        accent = rgb(p.accent());
        accentDark = rgb(p.accentDark());
        text = rgb(p.text());
        secondary = rgb(p.secondary());
        white = rgb(p.onAccent());
        incoming = rgb(p.incoming());
        outgoing = rgb(p.outgoing());
        chatBackground = rgb(p.chatBackground());
        error = rgb(p.error());
        ok = rgb(p.ok());
        online = rgb(p.online());
        away = rgb(p.away());
        busy = rgb(p.busy());
        offline = rgb(p.offline());
        link = rgb(p.link());
        outgoingLink = rgb(p.outgoingLink());
        avatars = new Color[] {rgb(0x5B8DEF), rgb(0xE5738A), rgb(0x38B2A0), rgb(0xF0A04B), rgb(0x8E6CEF),
            rgb(0x4CB3D9), rgb(0xD9734C), rgb(0x6DBF5A)};
        FontData base = display.getSystemFont().getFontData()[0];
        String family = family(p.textFont(), base.getName());
        int h = p.textFont().map(FontSpec::points).orElse(Math.max(10, base.getHeight()));
        normal = font(family, h, SWT.NORMAL);
        bold = font(family, h, SWT.BOLD);
        small = font(family, h - 1, SWT.NORMAL);
        title = font(family(p.titleFont(), family), p.titleFont().map(FontSpec::points).orElse(h + 3), SWT.BOLD);
        big = font(family, h + 10, SWT.BOLD);
        avatarFont = font("Sans", h + 1, SWT.BOLD);
        mono = font(family(p.monoFont(), "Monospace"), p.monoFont().map(FontSpec::points).orElse(h - 1), SWT.NORMAL);
    }

    private static String family(Optional<FontSpec> spec, String otherwise) {
        return spec.map(FontSpec::family).filter(f -> !f.isBlank()).orElse(otherwise);
    }

    /** Frees the fonts (colours hold no system resource). */
    void dispose() {
        for (Font f : new Font[] {normal, bold, small, title, big, avatarFont, mono}) {
            if (!f.isDisposed()) {
                f.dispose();
            }
        }
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
