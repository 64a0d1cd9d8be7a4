package dev.drydock.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A piece of HTML that is safe by construction. The only ways to make one are {@link #text} (which
 * escapes), {@link #el}/{@link #empty} (whose tag and attribute names must be plain identifiers and whose
 * attribute values are escaped) and {@link #of} (joining pieces that are already safe). There is no way
 * to turn an arbitrary String into markup, so a forgotten escape is a compile error, not an XSS.
 */
final class Html {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]*");
    static final Html NONE = new Html("");

    private final String markup;

    private Html(String markup) {
        this.markup = markup;
    }

    /** Text content or an attribute value: every character HTML gives meaning to is escaped. */
    static Html text(String s) {
        return new Html(escape(s == null ? "" : s));
    }

    static Html text(long n) {
        return new Html(Long.toString(n));
    }

    static Html of(Html... parts) {
        return of(List.of(parts));
    }

    static Html of(List<Html> parts) {
        StringBuilder b = new StringBuilder();
        for (Html p : parts) b.append(p.markup);
        return new Html(b.toString());
    }

    static Html el(String tag, Attrs attrs, Html... children) {
        StringBuilder b = new StringBuilder();
        open(b, tag, attrs);
        for (Html c : children) b.append(c.markup);
        return new Html(b.append("</").append(tag).append('>').toString());
    }

    static Html el(String tag, Html... children) {
        return el(tag, Attrs.NONE, children);
    }

    /** A void element (input, meta, br): no children, no end tag. */
    static Html empty(String tag, Attrs attrs) {
        StringBuilder b = new StringBuilder();
        open(b, tag, attrs);
        return new Html(b.toString());
    }

    /** The whole page, with its doctype. */
    static String document(Html html) {
        return "<!DOCTYPE html>\n" + html.markup;
    }

    /** A link target: a fixed path plus query parameters, each URL-encoded (then escaped as an attribute). */
    static String href(String path, Map<String, String> query) {
        if (!path.startsWith("/") || path.startsWith("//")) throw new IllegalArgumentException("href must be a local path");
        StringBuilder b = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) continue;
            b.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return b.toString();
    }

    private static void open(StringBuilder b, String tag, Attrs attrs) {
        if (!NAME.matcher(tag).matches()) throw new IllegalArgumentException("bad tag name");
        b.append('<').append(tag);
        for (Map.Entry<String, String> a : attrs.values.entrySet()) {
            b.append(' ').append(a.getKey()).append("=\"").append(escape(a.getValue())).append('"');
        }
        b.append('>');
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return markup;
    }

    /** Attributes in order; names checked, values escaped when written. */
    static final class Attrs {
        static final Attrs NONE = new Attrs(Map.of());
        private final Map<String, String> values;

        private Attrs(Map<String, String> values) {
            this.values = values;
        }

        /** Pairs of name, value; a null value leaves the attribute out. */
        static Attrs of(String... pairs) {
            if (pairs.length % 2 != 0) throw new IllegalArgumentException("attributes come in pairs");
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                String name = pairs[i];
                // on* handlers would make a value executable; style could too in old browsers.
                if (!NAME.matcher(name).matches() || name.regionMatches(true, 0, "on", 0, 2)) {
                    throw new IllegalArgumentException("bad attribute name");
                }
                String v = pairs[i + 1];
                // Links only to this server: no javascript: or data: URL can come in through a value.
                if (v != null && (name.equals("href") || name.equals("action") || name.equals("src"))
                        && !(v.startsWith("/") && !v.startsWith("//")) && !v.startsWith("#")) {
                    throw new IllegalArgumentException("links must be local paths");
                }
                if (v != null) m.put(name, v);
            }
            return new Attrs(m);
        }
    }

    /** Joins rows built in a loop. */
    static final class Builder {
        private final List<Html> parts = new ArrayList<>();

        Builder add(Html h) {
            parts.add(h);
            return this;
        }

        Html build() {
            return of(parts);
        }
    }
}
