package dev.parley.profile;

import java.nio.file.Path;

/**
 * A save was refused because it would replace a profile file that could not be loaded (damaged,
 * truncated, or not opened with the right passphrase). The file is left as it is; the cause is the
 * failure that marked it. Load the backup with {@link ProfileStore#loadBackup}, or save again with
 * {@link ProfileStore.SaveOption#REPLACE_DAMAGED} to replace it knowingly.
 */
public class DamagedProfileException extends ProfileException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public DamagedProfileException(Path file, Throwable cause) {
        super("refusing to overwrite " + file + ": it could not be loaded"
                + (cause == null ? "" : " (" + cause.getMessage() + ")")
                + "; load its backup or save with REPLACE_DAMAGED to replace it", cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
