package dev.parley.shell.swt.presentation;

import dev.parley.api.addon.ThemeStyle;
import dev.parley.api.settings.Settings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The theme add-ons present (by service id, with their ranking) and which look the window uses:
 * with the setting {@link Settings#THEME_AUTOMATIC}, the highest-ranked theme (the oldest among
 * equals), else the built-in look; with {@link Settings#THEME_BUILT_IN}, the built-in look; with a
 * theme's id, that theme while it is installed, else as automatic. Only touched on the UI thread.
 */
public final class ThemeChoice {

    /** One theme service. */
    public record Installed(long serviceId, int ranking, ThemeStyle style) {
    }

    /** A line of the theme menu: the setting's value and what the person reads. */
    public record Option(String value, String label) {
    }

    private final Map<Long, Installed> themes = new LinkedHashMap<>();

    /** A theme appeared or changed. */
    public void put(long serviceId, int ranking, ThemeStyle style) {
        themes.put(serviceId, new Installed(serviceId, ranking, style));
    }

    /** The service ids present. */
    public List<Long> ids() {
        return List.copyOf(themes.keySet());
    }

    public void remove(long serviceId) {
        themes.remove(serviceId);
    }

    private List<Installed> ranked() {
        List<Installed> list = new ArrayList<>(themes.values());
        list.sort(Comparator.comparingInt(Installed::ranking).reversed().thenComparingLong(Installed::serviceId));
        return list;
    }

    /** The style to use for {@code setting}; empty means the built-in look. */
    public Optional<ThemeStyle> pick(String setting) {
        if (Settings.THEME_BUILT_IN.equals(setting)) {
            return Optional.empty();
        }
        List<Installed> ranked = ranked();
        for (Installed i : ranked) {
            if (i.style().id().equals(setting)) {
                return Optional.of(i.style());
            }
        }
        return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0).style());
    }

    /** The palette for {@code setting}. */
    public Palette palette(String setting) {
        return pick(setting).map(Palette::of).orElse(Palette.LIGHT);
    }

    /** Automatic, the built-in look, then each installed theme once, by name. */
    public List<Option> options() {
        List<Option> out = new ArrayList<>();
        out.add(new Option(Settings.THEME_AUTOMATIC, "Automatic (an installed theme, else Parley Light)"));
        out.add(new Option(Settings.THEME_BUILT_IN, Palette.LIGHT.name()));
        ranked().stream().map(Installed::style).map(s -> new Option(s.id(), s.name())).distinct()
                .sorted(Comparator.comparing(Option::label)).forEach(out::add);
        return out;
    }
}
