/** A bot that echoes: accepts friend requests, sends messages back. */
@Header(name = "Parley-Addon-Kind", value = "bot")
@Header(name = "Parley-Addon-Name", value = "Echo bot")
package dev.parley.samples.echo;

import org.osgi.annotation.bundle.Header;
