package dev.parley.samples.dark;

import dev.parley.api.addon.Theme;
import dev.parley.api.addon.ThemeStyle;
import dev.parley.api.addon.ThemeStyle.FontSpec;
import dev.parley.api.addon.ThemeStyle.Rgb;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * A dark theme, registered as a {@link Theme} service with a service ranking of 10 so that it wins
 * over the shell's built-in light look while it is installed.
 */
@Component(property = "service.ranking:Integer=10")
public final class DarkTheme implements Theme {

    private final ThemeStyle style = build();

    @Override
    public ThemeStyle style() {
        return style;
    }

    private static ThemeStyle build() {
        Map<String, Rgb> colors = Map.ofEntries(
                Map.entry(ThemeStyle.BACKGROUND, Rgb.parse("#1e1f22")),
                Map.entry(ThemeStyle.FOREGROUND, Rgb.parse("#dfe1e5")),
                Map.entry(ThemeStyle.ACCENT, Rgb.parse("#4f8ff7")),
                Map.entry(ThemeStyle.SELECTION, Rgb.parse("#2e436e")),
                Map.entry(ThemeStyle.MUTED, Rgb.parse("#8b8e94")),
                Map.entry(ThemeStyle.OWN_MESSAGE, Rgb.parse("#2b3a55")),
                Map.entry(ThemeStyle.FRIEND_MESSAGE, Rgb.parse("#2b2d31")),
                Map.entry(ThemeStyle.ONLINE, Rgb.parse("#3fb950")),
                Map.entry(ThemeStyle.AWAY, Rgb.parse("#d29922")),
                Map.entry(ThemeStyle.BUSY, Rgb.parse("#f85149")),
                Map.entry(ThemeStyle.OFFLINE, Rgb.parse("#6e7681")));
        Map<String, FontSpec> fonts = Map.of(
                ThemeStyle.FONT_TEXT, new FontSpec("Sans", 10, false, false),
                ThemeStyle.FONT_TITLE, new FontSpec("Sans", 12, true, false),
                ThemeStyle.FONT_MONO, new FontSpec("Monospace", 10, false, false));
        Map<String, Integer> spacing = Map.of(ThemeStyle.PADDING, 8, ThemeStyle.GAP, 6, ThemeStyle.RADIUS, 6);
        Map<String, URL> icons = new HashMap<>();
        for (String name : new String[] {"online", "away", "busy", "offline"}) {
            URL icon = DarkTheme.class.getResource("icons/" + name + ".png");
            if (icon != null) {
                icons.put("status." + name, icon);
            }
        }
        return new ThemeStyle("dark", "Dark", true, colors, fonts, spacing, icons);
    }
}
