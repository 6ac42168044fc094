package dev.parley.api.addon;

/**
 * A look for the shells: register an implementation as an OSGi service. The shell uses the theme
 * with the highest service ranking and restyles when a theme appears or goes. A theme that changes
 * its look updates its service properties (for example a {@value #REVISION} counter); shells then
 * read {@link #style()} again.
 */
@FunctionalInterface
public interface Theme {

    /** Service property a theme may bump when its style changes. */
    String REVISION = "parley.theme.revision";

    /** The look, as plain data. Cheap to call; called on the shell's UI thread. */
    ThemeStyle style();
}
