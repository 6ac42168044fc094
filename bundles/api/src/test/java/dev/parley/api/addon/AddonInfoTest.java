package dev.parley.api.addon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AddonInfoTest {

    @Test
    void parleyHeadersWinOverStandardOnes() {
        AddonInfo info = AddonInfo.fromHeaders(Map.ofEntries(
                Map.entry("Bundle-SymbolicName", "org.example.echo;singleton:=true"),
                Map.entry("Bundle-Name", "bundle name"),
                Map.entry(AddonHeaders.NAME, "Echo bot"),
                Map.entry("Bundle-Description", "std"),
                Map.entry(AddonHeaders.DESCRIPTION, "Echoes"),
                Map.entry("Bundle-Version", "1.2.3"),
                Map.entry("Bundle-Vendor", "ACME"),
                Map.entry(AddonHeaders.AUTHOR, "Ann"),
                Map.entry("Bundle-License", "MIT"),
                Map.entry(AddonHeaders.LICENSE, "Apache-2.0"),
                Map.entry(AddonHeaders.KIND, " Bot ")));
        assertEquals(new AddonInfo("org.example.echo", "Echo bot", "Echoes", "1.2.3", "Ann", "Apache-2.0", AddonKind.BOT), info);
    }

    @Test
    void standardHeadersAndDefaultsFillTheGaps() {
        AddonInfo info = AddonInfo.fromHeaders(Map.of("Bundle-SymbolicName", "x.y", "Bundle-Vendor", "ACME",
                "Bundle-License", "MIT", AddonHeaders.KIND, "spaceship"));
        assertEquals(new AddonInfo("x.y", "x.y", "", "0.0.0", "ACME", "MIT", AddonKind.OTHER), info);
        assertEquals("", AddonInfo.fromHeaders(Map.of()).symbolicName());
    }

    @Test
    void coloursParseAndPrint() {
        assertEquals(new ThemeStyle.Rgb(0x1e, 0x1f, 0x22), ThemeStyle.Rgb.parse("#1E1F22"));
        assertEquals("#1e1f22", ThemeStyle.Rgb.parse("#1e1f22").toString());
        assertThrows(IllegalArgumentException.class, () -> ThemeStyle.Rgb.parse("1e1f22"));
        assertThrows(IllegalArgumentException.class, () -> new ThemeStyle.Rgb(256, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ThemeStyle.FontSpec("Sans", 0, false, false));
        assertThrows(IllegalArgumentException.class, () -> new ThemeStyle("", "x", true, null, null, null, null));
    }
}
