/**
 * Parley profiles: the {@link dev.parley.profile.ToxSave} model of a Tox save file and the
 * {@link dev.parley.profile.ProfileStore} that keeps one {@code <name>.tox} file per profile in the
 * user's data directory.
 *
 * <p>Everything that can go wrong with the content of a file is a checked
 * {@link dev.parley.profile.ProfileException}: {@link dev.parley.profile.CorruptProfileException}
 * for damaged or truncated data, {@link dev.parley.profile.PassphraseRequiredException} and
 * {@link dev.parley.profile.IncorrectPassphraseException} for encrypted saves, and
 * {@link dev.parley.profile.DamagedProfileException} when a save would replace a file that could
 * not be loaded. The byte layout of each section lives in {@link dev.parley.profile.format}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package dev.parley.profile;
