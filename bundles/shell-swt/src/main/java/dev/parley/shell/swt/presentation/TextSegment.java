package dev.parley.shell.swt.presentation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A piece of a message's text: plain, or a link to open.
 *
 * @param text what is shown
 * @param link the address to open, or null for plain text
 */
public record TextSegment(String text, String link) {

    private static final Pattern URL = Pattern.compile(
            "\\b(?:(?:https?|ftp)://|www\\.|tox:)[^\\s<>\"]+", Pattern.CASE_INSENSITIVE);

    public boolean isLink() {
        return link != null;
    }

    /** Splits a text into plain runs and links (http, https, ftp, www., tox:); trailing punctuation stays text. */
    public static List<TextSegment> split(String text) {
        List<TextSegment> out = new ArrayList<>();
        Matcher m = URL.matcher(text);
        int at = 0;
        while (m.find()) {
            int end = m.end();
            while (end > m.start() && ".,;:!?)]}'".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            if (end <= m.start()) {
                continue;
            }
            if (m.start() > at) {
                out.add(new TextSegment(text.substring(at, m.start()), null));
            }
            String shown = text.substring(m.start(), end);
            String link = shown.regionMatches(true, 0, "www.", 0, 4) ? "https://" + shown : shown;
            out.add(new TextSegment(shown, link));
            at = end;
        }
        if (at < text.length()) {
            out.add(new TextSegment(text.substring(at), null));
        }
        return out;
    }
}
