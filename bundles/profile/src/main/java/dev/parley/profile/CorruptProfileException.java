package dev.parley.profile;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The bytes are not a valid Tox save: truncated, wrong magic numbers, a section whose length
 * does not fit, a field out of range.
 *
 * <p>The message names what is wrong and where: the problem, the byte offset (counted from the
 * start of the plain save data; for an encrypted file that is the decrypted data) and the section
 * the offset falls in. The same facts are available as {@link #problem()}, {@link #offset()} and
 * {@link #sectionType()}, and {@link #file()} when the data came from a file.
 */
public class CorruptProfileException extends ProfileException {
    private static final long serialVersionUID = 1L;

    /** {@link #sectionType()} of a problem outside any section (file header, section framing). */
    public static final int NO_SECTION = -1;

    private final String problem;
    private final int sectionType;
    private final long offset;
    private final transient Path file;

    /**
     * @param problem what is wrong, e.g. "name length 300 exceeds the maximum 128"
     * @param sectionType the section type, or {@link #NO_SECTION}
     * @param offset byte offset of the problem, or -1 if unknown
     */
    public CorruptProfileException(String problem, int sectionType, long offset) {
        this(problem, sectionType, offset, null, null);
    }

    private CorruptProfileException(String problem, int sectionType, long offset, Path file, Throwable cause) {
        super(describe(problem, sectionType, offset, file), cause);
        this.problem = problem;
        this.sectionType = sectionType;
        this.offset = offset;
        this.file = file;
    }

    /** The same problem, attributed to {@code file}. */
    public CorruptProfileException inFile(Path file) {
        CorruptProfileException e = new CorruptProfileException(problem, sectionType, offset, file, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }

    /** The type of the section the problem is in, or {@link #NO_SECTION}. */
    public int sectionType() {
        return sectionType;
    }

    /** Offset of the problem in the plain save data, or -1 if it has none. */
    public long offset() {
        return offset;
    }

    /** The file the data came from, if known. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    private static String describe(String problem, int sectionType, long offset, Path file) {
        StringBuilder sb = new StringBuilder("corrupt Tox save");
        if (file != null) {
            sb.append(' ').append(file);
        }
        if (sectionType != NO_SECTION) {
            sb.append(", section ").append(dev.parley.profile.format.SectionType.describe(sectionType));
        }
        if (offset >= 0) {
            sb.append(", offset ").append(offset);
        }
        return sb.append(": ").append(problem).toString();
    }
}
