package dev.parley.node;

import dev.parley.profile.LoadedProfile;
import dev.parley.profile.PassphraseRequiredException;
import dev.parley.profile.ProfileException;
import dev.parley.profile.ProfileStore;
import dev.parley.profile.ToxSave;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The profile {@code --profile FILE} names, checked (or created) before the node starts its client
 * side, so that a wrong path, a damaged file or a missing passphrase ends the node with one clear
 * line instead of a client that silently never starts. A damaged file is left as it is.
 *
 * @param directory the store directory (the file's folder)
 * @param name the profile name (the file name without {@code .tox})
 * @param toxId the profile's Tox address, 76 hex digits
 * @param created whether this call created the file
 */
record NodeProfile(Path directory, String name, String toxId, boolean created) {

    /** The environment variable holding the passphrase of an encrypted profile (and of a new one). */
    static final String PASSPHRASE_VARIABLE = "PARLEY_PASSPHRASE";

    /**
     * Loads the profile at {@code file}, or creates it (named {@code newName}, or "Parley node"),
     * encrypted with {@code passphrase} when one is given.
     */
    static NodeProfile openOrCreate(Path file, Optional<String> newName, char[] passphrase)
            throws NodeSettingsException {
        Path absolute = file.toAbsolutePath().normalize();
        String fileName = absolute.getFileName().toString();
        if (!fileName.endsWith(ProfileStore.SUFFIX) || fileName.length() == ProfileStore.SUFFIX.length()) {
            throw new NodeSettingsException("--profile " + file + ": a profile file name ends in " + ProfileStore.SUFFIX);
        }
        String name = fileName.substring(0, fileName.length() - ProfileStore.SUFFIX.length());
        ProfileStore store = ProfileStore.open(absolute.getParent());
        try {
            if (!store.exists(name)) {
                ToxSave fresh = ToxSave.generate().withName(newName.orElse("Parley node"));
                store.save(name, fresh, passphrase == null ? null : passphrase.clone());
                return new NodeProfile(store.directory(), name, fresh.toxId().toString(), true);
            }
            if (newName.isPresent()) {
                throw new NodeSettingsException("--name: profile " + absolute + " exists already (--name only names a new one)");
            }
            LoadedProfile loaded = store.load(name, passphrase == null ? null : passphrase.clone());
            return new NodeProfile(store.directory(), name, loaded.save().toxId().toString(), false);
        } catch (PassphraseRequiredException e) {
            throw new NodeSettingsException("profile " + absolute + " is encrypted: put its passphrase in $"
                    + PASSPHRASE_VARIABLE);
        } catch (ProfileException e) {
            throw new NodeSettingsException("profile " + absolute + ": " + e.getMessage() + " (the file is left as it is)");
        } catch (IOException | IllegalArgumentException e) {
            throw new NodeSettingsException("profile " + absolute + ": " + e.getMessage());
        }
    }
}
