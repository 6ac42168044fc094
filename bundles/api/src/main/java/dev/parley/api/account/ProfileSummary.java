package dev.parley.api.account;

/**
 * One profile in the data folder.
 *
 * @param name the profile's name (its file name without {@code .tox})
 * @param encrypted whether opening it needs a password
 */
public record ProfileSummary(String name, boolean encrypted) {
}
