package dev.parley.api.addon;

import java.net.URL;
import java.util.Map;
import java.util.Optional;

/**
 * A theme's look as plain data: colours, fonts, spacing and icons, each named by a role. Shells
 * know the roles listed as constants here and fall back to their own default for any role a theme
 * leaves out; other names are allowed and ignored by shells that do not know them.
 *
 * @param id a stable id (for example {@code dark})
 * @param name the name to show
 * @param dark whether it is a dark theme (light text on dark backgrounds)
 * @param colors colours by role
 * @param fonts fonts by role
 * @param spacing distances in pixels by role
 * @param icons icons by name: URLs of PNG images (bundle resources usually)
 */
public record ThemeStyle(String id, String name, boolean dark, Map<String, Rgb> colors, Map<String, FontSpec> fonts,
                         Map<String, Integer> spacing, Map<String, URL> icons) {

    /** Colour roles. */
    public static final String BACKGROUND = "background";
    public static final String FOREGROUND = "foreground";
    public static final String ACCENT = "accent";
    public static final String SELECTION = "selection";
    public static final String MUTED = "muted";
    public static final String OWN_MESSAGE = "message.own";
    public static final String FRIEND_MESSAGE = "message.friend";
    public static final String ONLINE = "status.online";
    public static final String AWAY = "status.away";
    public static final String BUSY = "status.busy";
    public static final String OFFLINE = "status.offline";
    /** Font roles. */
    public static final String FONT_TEXT = "text";
    public static final String FONT_TITLE = "title";
    public static final String FONT_MONO = "mono";
    /** Spacing roles. */
    public static final String PADDING = "padding";
    public static final String GAP = "gap";
    public static final String RADIUS = "radius";

    public ThemeStyle {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a theme needs an id");
        }
        name = name == null || name.isBlank() ? id : name;
        colors = Map.copyOf(colors == null ? Map.of() : colors);
        fonts = Map.copyOf(fonts == null ? Map.of() : fonts);
        spacing = Map.copyOf(spacing == null ? Map.of() : spacing);
        icons = Map.copyOf(icons == null ? Map.of() : icons);
    }

    public Optional<Rgb> color(String role) {
        return Optional.ofNullable(colors.get(role));
    }

    public Optional<FontSpec> font(String role) {
        return Optional.ofNullable(fonts.get(role));
    }

    public Optional<Integer> space(String role) {
        return Optional.ofNullable(spacing.get(role));
    }

    public Optional<URL> icon(String name) {
        return Optional.ofNullable(icons.get(name));
    }

    /**
     * A colour.
     *
     * @param red 0-255
     * @param green 0-255
     * @param blue 0-255
     */
    public record Rgb(int red, int green, int blue) {
        public Rgb {
            if ((red | green | blue) < 0 || red > 255 || green > 255 || blue > 255) {
                throw new IllegalArgumentException("colour parts are 0-255: " + red + "," + green + "," + blue);
            }
        }

        /** Parses {@code #rrggbb}. */
        public static Rgb parse(String hex) {
            String h = hex.strip();
            if (!h.matches("#[0-9A-Fa-f]{6}")) {
                throw new IllegalArgumentException("not a #rrggbb colour: " + hex);
            }
            int v = Integer.parseInt(h.substring(1), 16);
            return new Rgb(v >> 16, (v >> 8) & 0xff, v & 0xff);
        }

        @Override
        public String toString() {
            return String.format("#%02x%02x%02x", red, green, blue);
        }
    }

    /**
     * A font.
     *
     * @param family a family name; shells fall back to their default if it is not installed
     * @param points size in points
     * @param bold bold
     * @param italic italic
     */
    public record FontSpec(String family, int points, boolean bold, boolean italic) {
        public FontSpec {
            if (points <= 0) {
                throw new IllegalArgumentException("a font size is positive: " + points);
            }
            family = family == null ? "" : family;
        }
    }
}
