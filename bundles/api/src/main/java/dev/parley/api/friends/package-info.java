/**
 * Friends and friend requests: add by Tox ID with a message, accept or decline requests, remove, list, connection status and last seen. Friends are named by their long-term public key ({@link dev.parley.api.friends.FriendKey}). Events reach {@link dev.parley.api.friends.FriendListener} services (whiteboard pattern), off the protocol's event loop.
 */
@Export
@Version("0.1.0")
package dev.parley.api.friends;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
