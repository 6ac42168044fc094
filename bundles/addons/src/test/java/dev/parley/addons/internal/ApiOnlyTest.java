package dev.parley.addons.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiOnlyTest {

    @Test
    void onlyApiPackagesOfParleyMayBeImported() {
        assertEquals(Optional.empty(), ApiOnly.violation(Map.of(
                "Import-Package", "dev.parley.api.addon;version=\"[0.1,1)\",dev.parley.api.chat;version=\"[0.1,1)\","
                        + "org.osgi.framework;version=\"[1.10,2)\"",
                "Require-Bundle", "org.example.lib")::get));
        assertEquals(Optional.of("uses Parley internals (dev.parley.crypto, DynamicImport-Package *,"
                + " Require-Bundle dev.parley.messenger): add-ons may import dev.parley.api packages only"),
                ApiOnly.violation(Map.of(
                        "Import-Package", "dev.parley.api.chat,dev.parley.crypto;version=\"[0.1,1)\"",
                        "DynamicImport-Package", "*",
                        "Require-Bundle", "dev.parley.messenger;bundle-version=\"0.1\"")::get));
        assertEquals(Optional.empty(), ApiOnly.violation(Map.<String, String>of()::get));
    }

    @Test
    void headerNamesAreSplitOutsideQuotes() {
        assertEquals(List.of("a.b", "c.d", "e"), ApiOnly.names("a.b;c.d;version=\"[1,2)\", e;resolution:=optional"));
    }
}
