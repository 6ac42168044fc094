/**
 * The person's settings for the open profile: network (UDP, IPv6, LAN discovery, proxy, bootstrap
 * nodes, TCP relays since 0.2.0) and shell preferences (notifications, theme). {@link dev.parley.api.settings.SettingsService}
 * reads them, validates and stores a change (per profile, written atomically) and applies it
 * without a restart; {@link dev.parley.api.settings.BootstrapNode} checks a node (or a relay) as typed.
 */
@Export
@Version("0.2.0")
package dev.parley.api.settings;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
