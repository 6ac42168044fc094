/**
 * Add-on service provider interfaces and the add-on manager.
 *
 * <p>An add-on is an OSGi bundle that imports only exported Parley api packages. It contributes
 * by registering services of this package (whiteboard pattern):
 * <ul>
 * <li>{@link dev.parley.api.addon.Bot}: reacts to friend requests, messages and status changes
 *     and acts through a {@link dev.parley.api.addon.BotContext}. Parley calls every bot on a
 *     thread of its own, never on the protocol's event loop, with a time budget per call; a bot
 *     that throws, blocks or keeps running past its budget is disabled and reported.</li>
 * <li>{@link dev.parley.api.addon.Theme}: colours, fonts, icons and spacing as plain data; shells
 *     restyle when a theme appears, changes or goes.</li>
 * </ul>
 * An add-on describes itself with manifest headers (see {@link dev.parley.api.addon.AddonHeaders});
 * Parley reads them into an {@link dev.parley.api.addon.AddonInfo}. Every install path (the
 * watched {@code addons/} folder, the console, a shell) goes through the one
 * {@link dev.parley.api.addon.AddonManager} service.
 */
@Export
@Version("0.1.0")
package dev.parley.api.addon;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
