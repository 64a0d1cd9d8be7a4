package dev.drydock.catalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian control-file syntax (dpkg status, distroless status.d): paragraphs of {@code Field: value}
 * separated by blank lines, continuation lines starting with white space. Field names are kept as
 * written; lines that are neither a field nor a continuation are counted as malformed.
 */
final class ControlParagraphs {
    private ControlParagraphs() {
    }

    record Result(List<Map<String, String>> paragraphs, int malformedLines) {
    }

    static Result parse(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> cur = new LinkedHashMap<>();
        String lastKey = null;
        int malformed = 0;
        int start = 0;
        int len = text.length();
        while (start <= len) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? len : nl;
            String line = text.substring(start, end);
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.isBlank()) {
                if (!cur.isEmpty()) out.add(cur);
                cur = new LinkedHashMap<>();
                lastKey = null;
            } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                // Only the first line of a field matters to us; continuation text is kept for multi-line fields.
                if (lastKey != null) cur.merge(lastKey, "\n" + line.strip(), String::concat);
                else malformed++;
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    malformed++;
                } else {
                    lastKey = line.substring(0, colon);
                    cur.put(lastKey, line.substring(colon + 1).strip());
                }
            }
            if (nl < 0) break;
            start = nl + 1;
        }
        if (!cur.isEmpty()) out.add(cur);
        return new Result(out, malformed);
    }
}
