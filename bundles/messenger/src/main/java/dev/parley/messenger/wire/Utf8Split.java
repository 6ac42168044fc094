package dev.parley.messenger.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a text into parts of at most a number of UTF-8 bytes, never inside a character. */
public final class Utf8Split {
    private Utf8Split() {
    }

    /** The UTF-8 parts, in order; their concatenation is the text's UTF-8. Empty for an empty text. */
    public static List<byte[]> split(String text, int maxBytes) {
        if (maxBytes < 4) {
            throw new IllegalArgumentException("a part must hold any character: " + maxBytes);
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        while (start < b.length) {
            int end = Math.min(start + maxBytes, b.length);
            while (end < b.length && (b[end] & 0xc0) == 0x80) {
                end--; // back off a continuation byte: the part ends before a character starts
            }
            byte[] p = new byte[end - start];
            System.arraycopy(b, start, p, 0, p.length);
            parts.add(p);
            start = end;
        }
        return parts;
    }
}
