package dev.parley.api.addon;

import java.util.Optional;

/**
 * A snapshot of one installed add-on.
 *
 * @param id its number, stable across restarts, used by the manager's operations
 * @param file the jar's file name in the add-ons folder
 * @param info what the add-on says about itself
 * @param state its state
 * @param error why it failed or was disabled, if it did or was
 */
public record Addon(int id, String file, AddonInfo info, AddonState state, Optional<String> error) {
}
