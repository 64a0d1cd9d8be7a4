package dev.drydock.catalog.binary;

/** Go's double-quoted string literals, as build settings use them for keys and values with spaces or quotes. */
final class GoQuoted {
    private GoQuoted() {
    }

    /**
     * The literal starting at {@code s[start]} (a {@code "}), or null when malformed; {@code end[0]} is
     * set to the index after the closing quote.
     */
    static String unquote(String s, int start, int[] end) {
        StringBuilder out = new StringBuilder();
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                end[0] = i + 1;
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= s.length()) return null;
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\', '"', '\'' -> out.append(e);
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + digits > s.length()) return null;
                    int cp;
                    try {
                        cp = Integer.parseUnsignedInt(s.substring(i, i + digits), 16);
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                    if (!Character.isValidCodePoint(cp)) return null;
                    out.appendCodePoint(cp);
                    i += digits;
                }
                default -> {
                    if (e < '0' || e > '7' || i + 2 > s.length()) return null;
                    try {
                        out.append((char) Integer.parseInt(s.substring(i - 1, i + 2), 8));
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                    i += 2;
                }
            }
        }
        return null;
    }
}
