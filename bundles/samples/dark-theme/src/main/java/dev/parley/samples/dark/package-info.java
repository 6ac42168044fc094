/** A dark theme for the shells. */
@Header(name = "Parley-Addon-Kind", value = "theme")
package dev.parley.samples.dark;

import org.osgi.annotation.bundle.Header;
