/**
 * What the desktop window shows, as plain Java without SWT: contacts (initials, status, last
 * message, unread counts, search), conversations (sender, time, delivery state, actions, typing,
 * links), the add-friend form's live Tox ID check, the input's key handling, the window title and
 * the connection line. The SWT views render these models and forward gestures to them; the
 * models are tested without a display.
 */
package dev.parley.shell.swt.presentation;
