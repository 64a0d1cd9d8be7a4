package dev.drydock.image;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge from a {@code WWW-Authenticate} header (RFC 7235), e.g.
 * {@code Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"}.
 *
 * @param scheme lower-case auth scheme ({@code bearer}, {@code basic})
 * @param params auth-params with lower-case names
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
    private static final int MAX_HEADER = 8192;

    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    public String param(String name) {
        return params.get(name);
    }

    /**
     * Parses every challenge in the given header values. Commas separate both challenges and their
     * parameters, so a bare token that is not followed by '=' starts the next challenge.
     * Malformed tails are dropped rather than failing: a registry's odd header should not
     * stop us from using the part we understand.
     */
    public static List<AuthChallenge> parse(List<String> headerValues) {
        List<AuthChallenge> out = new ArrayList<>();
        for (String value : headerValues) {
            if (value == null) continue;
            new Parser(value.length() > MAX_HEADER ? value.substring(0, MAX_HEADER) : value).parseInto(out);
        }
        return out;
    }

    /** The challenge we answer: Bearer when offered (it scopes access), else Basic, else none. */
    public static AuthChallenge preferred(List<AuthChallenge> challenges) {
        AuthChallenge basic = null;
        for (AuthChallenge c : challenges) {
            if (c.isBearer() && c.param("realm") != null) return c;
            if (c.isBasic() && basic == null) basic = c;
        }
        return basic;
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        void parseInto(List<AuthChallenge> out) {
            skipSeparators();
            String scheme = token();
            while (scheme != null) {
                Map<String, String> params = new LinkedHashMap<>();
                String next = null;
                while (true) {
                    skipSeparators();
                    String name = token();
                    if (name == null) break;
                    skipSpaces();
                    if (i < s.length() && s.charAt(i) == '=') {
                        i++;
                        skipSpaces();
                        String v = i < s.length() && s.charAt(i) == '"' ? quoted() : bare();
                        params.put(name.toLowerCase(Locale.ROOT), v == null ? "" : v);
                    } else {
                        next = name;
                        break;
                    }
                }
                out.add(new AuthChallenge(scheme, params));
                scheme = next;
            }
        }

        private void skipSpaces() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        }

        private void skipSeparators() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) i++;
        }

        private String token() {
            int start = i;
            while (i < s.length() && isTokenChar(s.charAt(i))) i++;
            return i > start ? s.substring(start, i) : null;
        }

        /** An unquoted value; looser than RFC 7235's token because some servers leave URLs unquoted. */
        private String bare() {
            int start = i;
            while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ' ' && s.charAt(i) != '\t') i++;
            return s.substring(start, i);
        }

        private String quoted() {
            StringBuilder b = new StringBuilder();
            i++; // opening quote
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c == '\\' && i < s.length()) c = s.charAt(i++);
                b.append(c);
            }
            return b.toString();
        }

        private static boolean isTokenChar(char c) {
            return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0;
        }
    }
}
