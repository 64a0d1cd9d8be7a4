package dev.drydock.vulndb;

import dev.drydock.match.OsvEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact text form of OSV ranges and version lists in the {@code affected} table. A scan decodes one
 * row per advisory per package, so this is plain splitting rather than JSON: events are separated by a
 * space, ranges by a newline, each event is its kind's letter followed by the version
 * ({@code i0 f1.2.3\ni2.0 l2.0.4}). No version an ecosystem can order contains white space, and the
 * builder refuses any that does, so the separators are unambiguous.
 */
final class RangeCodec {
    private RangeCodec() {
    }

    static boolean encodable(String version) {
        if (version.isEmpty()) return false;
        for (int i = 0; i < version.length(); i++) if (Character.isWhitespace(version.charAt(i))) return false;
        return true;
    }

    static String encodeRanges(List<List<OsvEvent>> ranges) {
        StringBuilder b = new StringBuilder();
        for (List<OsvEvent> range : ranges) {
            if (!b.isEmpty()) b.append('\n');
            boolean first = true;
            for (OsvEvent e : range) {
                if (!first) b.append(' ');
                first = false;
                b.append(letter(e.kind())).append(e.version());
            }
        }
        return b.toString();
    }

    static List<List<OsvEvent>> decodeRanges(String text) {
        if (text == null || text.isEmpty()) return List.of();
        List<List<OsvEvent>> out = new ArrayList<>();
        for (String range : text.split("\n")) {
            List<OsvEvent> events = new ArrayList<>();
            for (String e : range.split(" ")) {
                if (e.length() < 2) throw new IllegalArgumentException("malformed range event '" + e + "'");
                events.add(new OsvEvent(kind(e.charAt(0)), e.substring(1)));
            }
            out.add(List.copyOf(events));
        }
        return List.copyOf(out);
    }

    static String encodeVersions(List<String> versions) {
        return String.join(" ", versions);
    }

    static List<String> decodeVersions(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split(" "));
    }

    private static char letter(OsvEvent.Kind k) {
        return switch (k) {
            case INTRODUCED -> 'i';
            case FIXED -> 'f';
            case LAST_AFFECTED -> 'l';
            case LIMIT -> 'm';
        };
    }

    private static OsvEvent.Kind kind(char c) {
        return switch (c) {
            case 'i' -> OsvEvent.Kind.INTRODUCED;
            case 'f' -> OsvEvent.Kind.FIXED;
            case 'l' -> OsvEvent.Kind.LAST_AFFECTED;
            case 'm' -> OsvEvent.Kind.LIMIT;
            default -> throw new IllegalArgumentException("unknown range event kind '" + c + "'");
        };
    }
}
