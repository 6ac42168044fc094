/**
 * The Tox onion: {@link dev.parley.onion.OnionService} (announce, friend search, DHT key exchange,
 * friend requests) and {@link dev.parley.onion.Onion} to start one next to a DHT node.
 */
@Export
@Version("0.5.0")
package dev.parley.onion;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
