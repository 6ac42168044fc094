package dev.parley.shell.swt.presentation;

import java.util.Locale;

/** The one or two letters an avatar shows for a name, and a stable colour index for a key. */
public final class Initials {
    private Initials() {
    }

    /** "Alice Smith" -> "AS", "bob" -> "B", "" -> "?"; uses whole code points (emoji stay whole). */
    public static String of(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            return "?";
        }
        String[] words = n.split("\\s+");
        StringBuilder b = new StringBuilder();
        b.appendCodePoint(words[0].codePointAt(0));
        if (words.length > 1) {
            b.appendCodePoint(words[words.length - 1].codePointAt(0));
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    /** A colour index in [0, palette) chosen by the key, so a contact keeps its colour. */
    public static int colourIndex(String key, int palette) {
        return Math.floorMod(key.hashCode(), palette);
    }
}
