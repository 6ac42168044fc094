package dev.parley.addons.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns framework errors into one line a person can act on. */
final class Problems {

    private static final String MISSING = "missing requirement ";
    private static final Pattern PACKAGE = Pattern.compile("osgi\\.wiring\\.package=([^)\\s]+)\\)");
    private static final Pattern SERVICE = Pattern.compile("objectClass=([^)\\s]+)\\)");

    private Problems() {
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        return m.replaceAll("\\s+", " ").strip();
    }

    /**
     * The reason a bundle did not start. For a resolution failure, Felix's message names the
     * unmet requirement ("missing requirement [bsn [id](R id.0)] NAMESPACE; FILTER ..."), which
     * this reduces to "cannot resolve: missing requirement NAMESPACE; FILTER", naming an
     * imported package plainly.
     */
    static String startFailure(Throwable t) {
        String m = oneLine(t);
        int at = m.indexOf(MISSING);
        if (at < 0) {
            return "cannot start: " + m;
        }
        String rest = m.substring(at + MISSING.length());
        if (rest.startsWith("[")) {
            int depth = 0;
            int i = 0;
            for (; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (c == '[') {
                    depth++;
                } else if (c == ']' && --depth == 0) {
                    break;
                }
            }
            rest = rest.substring(Math.min(i + 1, rest.length())).strip();
        }
        int unresolved = rest.indexOf(" Unresolved requirements:");
        if (unresolved >= 0) {
            rest = rest.substring(0, unresolved).strip();
        }
        if (rest.startsWith("osgi.wiring.package;")) {
            Matcher p = PACKAGE.matcher(rest);
            if (p.find()) {
                String filter = rest.substring("osgi.wiring.package;".length()).strip();
                int cause = filter.indexOf(" [caused by");
                filter = cause < 0 ? filter : filter.substring(0, cause);
                return "cannot resolve: missing package " + p.group(1)
                        + (filter.contains("version") ? " " + filter : "");
            }
        }
        if (rest.startsWith("osgi.service;")) {
            Matcher s = SERVICE.matcher(rest);
            if (s.find()) {
                return "cannot resolve: missing service " + s.group(1);
            }
        }
        return "cannot resolve: missing requirement " + rest;
    }
}
