package dev.parley.shell.swt.presentation;

import dev.parley.api.addon.ThemeStyle;
import dev.parley.api.addon.ThemeStyle.FontSpec;
import dev.parley.api.addon.ThemeStyle.Rgb;
import java.util.Optional;

/**
 * The window's colours as plain {@code 0xRRGGBB} values, and the theme's fonts if it gives any:
 * the built-in light look, or one made from a theme add-on's {@link ThemeStyle}. Roles a theme
 * leaves out are derived from the ones it gives (a sidebar a shade off the background, borders
 * between background and text), else taken from the light look.
 */
public record Palette(String id, String name, boolean dark, int background, int sidebar, int border, int selection,
                      int accent, int accentDark, int text, int secondary, int onAccent, int incoming,
                      int outgoing, int chatBackground, int error, int ok, int online, int away, int busy,
                      int offline, int link, int outgoingLink, Optional<FontSpec> textFont,
                      Optional<FontSpec> titleFont, Optional<FontSpec> monoFont) {

    /** The built-in look. */
    public static final Palette LIGHT = new Palette("built-in", "Parley Light", false, 0xFFFFFF, 0xF3F4F7, 0xE2E4E9,
            0xDCE6FD, 0x3A6BE0, 0x2D55B8, 0x1D2129, 0x6B7280, 0xFFFFFF, 0xEEF0F4, 0x3A6BE0, 0xFAFBFC, 0xD0393E,
            0x1E9E63, 0x2EB67D, 0xF2A93B, 0xE0455A, 0xA3A9B2, 0x1F5BD8, 0xE8F0FF, Optional.empty(),
            Optional.empty(), Optional.empty());

    /** The palette of a theme add-on's style. */
    public static Palette of(ThemeStyle style) {
        Palette l = LIGHT;
        int bg = rgb(style, ThemeStyle.BACKGROUND, l.background);
        int fg = rgb(style, ThemeStyle.FOREGROUND, l.text);
        int accent = rgb(style, ThemeStyle.ACCENT, l.accent);
        int muted = rgb(style, ThemeStyle.MUTED, mix(bg, fg, 0.55));
        int sidebar = rgb(style, "sidebar", mix(bg, fg, style.dark() ? 0.06 : 0.04));
        int chat = rgb(style, "chat", mix(bg, fg, style.dark() ? 0.02 : 0.01));
        int friend = rgb(style, ThemeStyle.FRIEND_MESSAGE, mix(bg, fg, 0.08));
        int own = rgb(style, ThemeStyle.OWN_MESSAGE, accent);
        return new Palette(style.id(), style.name(), style.dark(), bg, sidebar, rgb(style, "border", mix(bg, fg, 0.14)),
                rgb(style, ThemeStyle.SELECTION, mix(bg, accent, 0.25)), accent, mix(accent, 0x000000, 0.2), fg, muted,
                contrastOn(accent), friend, own, chat, rgb(style, "error", l.error), rgb(style, "ok", l.ok),
                rgb(style, ThemeStyle.ONLINE, l.online), rgb(style, ThemeStyle.AWAY, l.away),
                rgb(style, ThemeStyle.BUSY, l.busy), rgb(style, ThemeStyle.OFFLINE, l.offline),
                rgb(style, "link", style.dark() ? mix(accent, 0xFFFFFF, 0.3) : l.link),
                contrastOn(own) == 0xFFFFFF ? mix(own, 0xFFFFFF, 0.85) : mix(own, 0x000000, 0.6),
                style.font(ThemeStyle.FONT_TEXT), style.font(ThemeStyle.FONT_TITLE), style.font(ThemeStyle.FONT_MONO));
    }

    private static int rgb(ThemeStyle style, String role, int otherwise) {
        return style.color(role).map(Palette::value).orElse(otherwise);
    }

    static int value(Rgb c) {
        return (c.red() << 16) | (c.green() << 8) | c.blue();
    }

    /** {@code a} moved towards {@code b} by {@code t} (0..1), per channel. */
    static int mix(int a, int b, double t) {
        int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - t) + ((b >> 16) & 0xFF) * t);
        int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - t) + ((b >> 8) & 0xFF) * t);
        int bl = (int) Math.round((a & 0xFF) * (1 - t) + (b & 0xFF) * t);
        return (r << 16) | (g << 8) | bl;
    }

    /** White or near-black, whichever reads better on {@code c}. */
    static int contrastOn(int c) {
        double lum = 0.299 * ((c >> 16) & 0xFF) + 0.587 * ((c >> 8) & 0xFF) + 0.114 * (c & 0xFF);
        return lum > 160 ? 0x1D2129 : 0xFFFFFF;
    }
}
