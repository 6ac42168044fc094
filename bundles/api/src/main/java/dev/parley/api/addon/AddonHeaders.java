package dev.parley.api.addon;

/**
 * The manifest headers an add-on describes itself with. Parley's own headers come first; where one
 * is missing, the standard OSGi header in brackets is used:
 *
 * <table>
 * <caption>add-on headers</caption>
 * <tr><th>header</th><th>meaning</th><th>fallback</th></tr>
 * <tr><td>{@value #NAME}</td><td>name shown to the user</td><td>{@code Bundle-Name}, then the symbolic name</td></tr>
 * <tr><td>{@value #DESCRIPTION}</td><td>one or two sentences</td><td>{@code Bundle-Description}</td></tr>
 * <tr><td>{@value #AUTHOR}</td><td>who wrote it</td><td>{@code Bundle-Vendor}</td></tr>
 * <tr><td>{@value #LICENSE}</td><td>its licence (an SPDX id, say)</td><td>{@code Bundle-License}</td></tr>
 * <tr><td>{@value #KIND}</td><td>bot, theme, transport, codec or other</td><td>other</td></tr>
 * <tr><td>{@code Bundle-Version}</td><td>version</td><td>0.0.0</td></tr>
 * </table>
 */
public final class AddonHeaders {
    public static final String NAME = "Parley-Addon-Name";
    public static final String DESCRIPTION = "Parley-Addon-Description";
    public static final String AUTHOR = "Parley-Addon-Author";
    public static final String LICENSE = "Parley-Addon-License";
    public static final String KIND = "Parley-Addon-Kind";

    private AddonHeaders() {
    }
}
