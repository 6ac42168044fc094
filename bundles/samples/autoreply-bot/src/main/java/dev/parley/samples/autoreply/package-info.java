/** A bot that answers for you while you are away or busy. */
@Header(name = "Parley-Addon-Kind", value = "bot")
package dev.parley.samples.autoreply;

import org.osgi.annotation.bundle.Header;
