/**
 * One-to-one chat: messages and actions with delivery receipts, typing notifications. Texts longer than one Tox packet are split by the implementation on UTF-8 boundaries; a receipt covers the whole text. Events reach {@link dev.parley.api.chat.ChatListener} services (whiteboard pattern), off the protocol's event loop.
 */
@Export
@Version("0.1.0")
package dev.parley.api.chat;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
