package dev.drydock.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The header block of Python core metadata ({@code METADATA}, {@code PKG-INFO}): RFC 822 style
 * {@code Field: value} lines, continuation lines starting with whitespace, repeated fields (Classifier)
 * kept in order. The body after the first blank line is the long description and is not read.
 *
 * <p>The specification says UTF-8; old PKG-INFO files were sometimes written in Latin-1. Bytes that
 * are not UTF-8 become U+FFFD, so a stray byte in an author's name costs nothing, while a name or
 * version containing one is refused by the analyzer.
 */
final class CoreMetadata {
    static final char REPLACEMENT = '\uFFFD';
    private static final int MAX_HEADER_LINES = 20_000;
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private final Map<String, List<String>> fields;

    private CoreMetadata(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    static CoreMetadata parse(byte[] content) throws IOException {
        String text = new String(content, StandardCharsets.UTF_8);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<String> last = null;
        int lines = 0;
        for (int start = 0, end; start < text.length(); start = end + 1) {
            end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            if (line.isEmpty()) {
                if (fields.isEmpty()) continue; // leading blank lines
                // Metadata 1.x keeps the long description in a Description field whose continuation
                // lines are indented; tools that strip trailing blanks leave its empty lines empty, and
                // the fields after it follow such an empty line.
                if (last != null && last == fields.get("description") && descriptionGoesOn(text, end + 1)) continue;
                break;
            }
            if (++lines > MAX_HEADER_LINES) break;
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (last == null) throw new IOException("continuation line before any field");
                int i = last.size() - 1;
                last.set(i, last.get(i) + "\n" + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !FIELD.matcher(line.substring(0, colon)).matches()) {
                if (fields.isEmpty()) throw new IOException("not a metadata header");
                last = null; // a stray line: skip it, keep the fields around it
                continue;
            }
            last = fields.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>());
            last.add(line.substring(colon + 1).strip());
        }
        if (fields.isEmpty()) throw new IOException("no metadata fields");
        return new CoreMetadata(fields);
    }

    /** Whether the next non-empty line from {@code next} continues a Description (indented) or starts another field. */
    private static boolean descriptionGoesOn(String text, int next) {
        while (next < text.length() && (text.charAt(next) == '\n' || text.charAt(next) == '\r')) next++;
        if (next >= text.length()) return false;
        char c = text.charAt(next);
        if (c == ' ' || c == '\t') return true;
        int eol = text.indexOf('\n', next);
        String line = text.substring(next, eol < 0 ? text.length() : eol);
        int colon = line.indexOf(':');
        return colon > 0 && FIELD.matcher(line.substring(0, colon)).matches();
    }

    /** The first value of a field (case-insensitive name), or null. */
    String first(String field) {
        List<String> v = fields.get(field.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    List<String> all(String field) {
        return fields.getOrDefault(field.toLowerCase(Locale.ROOT), List.of());
    }
}
