package dev.parley.addons.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rule that an add-on may only use Parley's api: of Parley's own packages it may import only
 * {@code dev.parley.api} and its sub-packages, and it may not require a Parley bundle. Checked on
 * the manifest before installing. This keeps add-ons to the contract that is versioned and free of
 * secrets; it is not a sandbox against code that sets out to break it (reflection is not blocked).
 */
final class ApiOnly {

    private static final String PARLEY = "dev.parley.";
    private static final String API = "dev.parley.api";

    private ApiOnly() {
    }

    /** Why the headers break the rule, or empty if they keep it. */
    static Optional<String> violation(Function<String, String> header) {
        List<String> bad = new ArrayList<>();
        for (String pkg : names(header.apply("Import-Package"))) {
            if (pkg.startsWith(PARLEY) && !isApi(pkg)) {
                bad.add(pkg);
            }
        }
        for (String pkg : names(header.apply("DynamicImport-Package"))) {
            if (pkg.equals("*") || pkg.startsWith(PARLEY) && !isApi(pkg) || pkg.equals("dev.parley.*")) {
                bad.add("DynamicImport-Package " + pkg);
            }
        }
        for (String bsn : names(header.apply("Require-Bundle"))) {
            if (bsn.startsWith(PARLEY)) {
                bad.add("Require-Bundle " + bsn);
            }
        }
        if (bad.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("uses Parley internals (" + String.join(", ", bad)
                + "): add-ons may import dev.parley.api packages only");
    }

    private static boolean isApi(String pkg) {
        return pkg.equals(API) || pkg.startsWith(API + ".") && !pkg.endsWith(".*") || pkg.equals(API + ".*");
    }

    /** The names in a manifest header: clauses split on commas outside quotes, names before the first ';'. */
    static List<String> names(String value) {
        List<String> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                for (String part : clause.toString().split(";")) {
                    String p = part.strip();
                    if (p.isEmpty() || p.contains("=")) {
                        break;
                    }
                    out.add(p);
                }
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        return out;
    }
}
