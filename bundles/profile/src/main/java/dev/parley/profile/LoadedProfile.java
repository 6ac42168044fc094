package dev.parley.profile;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A profile read from the store.
 *
 * @param name the profile name
 * @param file the file it was read from
 * @param save the decoded save
 * @param encrypted whether the file was passphrase-encrypted (save it with a passphrase again to
 *     keep it so)
 * @param fromBackup whether it came from the {@code .bak} file
 */
public record LoadedProfile(String name, Path file, ToxSave save, boolean encrypted, boolean fromBackup) {
    public LoadedProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(save, "save");
    }
}
