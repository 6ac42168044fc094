package dev.parley.messenger;

import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Where the undelivered messages are kept between runs (the profile's sidecar). Called off the
 * event loop, one call at a time.
 */
public interface OutboxStore {
    List<QueuedMessage> load();

    /** Replaces what is stored with {@code messages}. */
    void store(List<QueuedMessage> messages);

    /** Keeps nothing. */
    static OutboxStore none() {
        return new OutboxStore() {
            @Override
            public List<QueuedMessage> load() {
                return List.of();
            }

            @Override
            public void store(List<QueuedMessage> messages) {
            }
        };
    }

    /**
     * A text file next to the profile, one message a line: {@code id key kind base64(text)};
     * replaced atomically. A missing file is an empty queue; a bad line is skipped.
     */
    static OutboxStore file(Path path) {
        return new OutboxStore() {
            @Override
            public List<QueuedMessage> load() {
                List<QueuedMessage> out = new ArrayList<>();
                if (!Files.exists(path)) {
                    return out;
                }
                try {
                    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                        String[] f = line.split(" ");
                        try {
                            out.add(new QueuedMessage(Long.parseLong(f[0]), new FriendKey(f[1]),
                                    MessageKind.valueOf(f[2]),
                                    new String(Base64.getDecoder().decode(f[3]), StandardCharsets.UTF_8)));
                        } catch (RuntimeException e) {
                            // a damaged line: skip it
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out;
            }

            @Override
            public void store(List<QueuedMessage> messages) {
                // Line by line through a buffer: a queue of thousands (a burst) is about 1 MB, which
                // built as one string first made a few arrays of that size per write.
                try {
                    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
                    try (java.io.Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                        for (QueuedMessage m : messages) {
                            w.append(Long.toString(m.id())).append(' ').append(m.to().hex()).append(' ')
                                    .append(m.kind().name()).append(' ')
                                    .append(Base64.getEncoder().encodeToString(m.text().getBytes(StandardCharsets.UTF_8)))
                                    .append('\n');
                        }
                    }
                    try {
                        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
