package dev.parley.api.addon;

import java.util.Map;
import java.util.function.Function;

/**
 * What an add-on says about itself, read from its manifest (see {@link AddonHeaders}).
 *
 * @param symbolicName the bundle's symbolic name (empty if the file is no bundle)
 * @param name the name to show
 * @param description a short description ("" if none)
 * @param version the bundle version
 * @param author who wrote it ("" if unknown)
 * @param license its licence ("" if unknown)
 * @param kind what it contributes
 */
public record AddonInfo(String symbolicName, String name, String description, String version, String author,
                        String license, AddonKind kind) {

    public AddonInfo {
        symbolicName = symbolicName == null ? "" : symbolicName;
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        version = version == null || version.isBlank() ? "0.0.0" : version;
        author = author == null ? "" : author;
        license = license == null ? "" : license;
        kind = kind == null ? AddonKind.OTHER : kind;
    }

    /** Reads the headers of a manifest, given as a map from header name to value. */
    public static AddonInfo fromHeaders(Map<String, String> headers) {
        return fromHeaders(headers::get);
    }

    /** Reads the headers of a manifest, given as a lookup by header name (null when missing). */
    public static AddonInfo fromHeaders(Function<String, String> header) {
        String bsn = trimmed(header.apply("Bundle-SymbolicName"));
        if (bsn != null) {
            int semicolon = bsn.indexOf(';');
            bsn = semicolon < 0 ? bsn : bsn.substring(0, semicolon).strip();
        }
        String name = first(header.apply(AddonHeaders.NAME), header.apply("Bundle-Name"), bsn);
        return new AddonInfo(bsn, name,
                first(header.apply(AddonHeaders.DESCRIPTION), header.apply("Bundle-Description")),
                trimmed(header.apply("Bundle-Version")),
                first(header.apply(AddonHeaders.AUTHOR), header.apply("Bundle-Vendor")),
                first(header.apply(AddonHeaders.LICENSE), header.apply("Bundle-License")),
                AddonKind.parse(header.apply(AddonHeaders.KIND)));
    }

    private static String first(String... values) {
        for (String v : values) {
            String t = trimmed(v);
            if (t != null && !t.isEmpty()) {
                return t;
            }
        }
        return "";
    }

    private static String trimmed(String v) {
        return v == null ? null : v.strip();
    }
}
