package dev.drydock.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A path pattern of an ignore rule, with the meaning Trivy's {@code paths} have (doublestar globs):
 * {@code *} and {@code ?} stay inside one path segment, {@code **} as a whole segment spans any number
 * of segments including none, {@code [a-z]}/{@code [!a-z]} is a class and {@code {a,b}} an alternative.
 * Matching is a dynamic programme over pattern and path, linear in their product, so a pattern with
 * many stars cannot make it backtrack for ever the way a translated regular expression could.
 */
final class PathGlob {
    static final int MAX_PATTERN = 1024;
    private static final int MAX_ALTERNATIVES = 64;

    private sealed interface Tok permits Lit, Star, One, Cls, AnyDirs, Rest, DirRest {
    }

    private record Lit(char c) implements Tok {
    }

    /** {@code *}: any run of characters except '/'. */
    private record Star() implements Tok {
    }

    private record One() implements Tok {
    }

    private record Cls(String spec, boolean negated) implements Tok {
        boolean has(char c) {
            for (int i = 0; i < spec.length(); i++) {
                if (i + 2 < spec.length() && spec.charAt(i + 1) == '-') {
                    if (c >= spec.charAt(i) && c <= spec.charAt(i + 2)) return true;
                    i += 2;
                } else if (spec.charAt(i) == c) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code **}{@code /}: nothing, or any run of characters ending in '/'. */
    private record AnyDirs() implements Tok {
    }

    /** {@code **} closing the pattern: anything at all, '/' included. */
    private record Rest() implements Tok {
    }

    /** {@code /**} closing the pattern: the end, or '/' and anything after it. */
    private record DirRest() implements Tok {
    }

    private final String pattern;
    private final List<List<Tok>> alternatives;

    private PathGlob(String pattern, List<List<Tok>> alternatives) {
        this.pattern = pattern;
        this.alternatives = alternatives;
    }

    static PathGlob compile(String pattern) {
        if (pattern.isEmpty()) throw new IllegalArgumentException("empty path pattern");
        if (pattern.length() > MAX_PATTERN) throw new IllegalArgumentException("path pattern longer than " + MAX_PATTERN);
        List<String> expanded = new ArrayList<>();
        expand(strip(pattern), expanded);
        List<List<Tok>> alts = new ArrayList<>();
        for (String e : expanded) alts.add(tokens(e));
        return new PathGlob(pattern, alts);
    }

    boolean matches(String path) {
        if (path == null) return false;
        String p = strip(path);
        for (List<Tok> alt : alternatives) {
            if (run(alt, p)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** Image paths are written both as {@code /usr/lib/x} and {@code usr/lib/x}; compare without the slash. */
    private static String strip(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '/') i++;
        return s.substring(i);
    }

    /** Expands the first top-level {@code {a,b}} and recurses; nested braces expand in later rounds. */
    private static void expand(String p, List<String> out) {
        int open = -1;
        int depth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                if (depth++ == 0) open = i;
            } else if (c == '}' && depth > 0 && --depth == 0) {
                List<String> parts = new ArrayList<>();
                int d = 0;
                int start = open + 1;
                for (int j = open + 1; j < i; j++) {
                    char x = p.charAt(j);
                    if (x == '\\') j++;
                    else if (x == '{') d++;
                    else if (x == '}') d--;
                    else if (x == ',' && d == 0) {
                        parts.add(p.substring(start, j));
                        start = j + 1;
                    }
                }
                parts.add(p.substring(start, i));
                for (String part : parts) {
                    expand(p.substring(0, open) + part + p.substring(i + 1), out);
                    if (out.size() > MAX_ALTERNATIVES) {
                        throw new IllegalArgumentException("path pattern has more than " + MAX_ALTERNATIVES + " alternatives");
                    }
                }
                return;
            }
        }
        if (depth != 0) throw new IllegalArgumentException("unclosed '{' in path pattern");
        out.add(p);
    }

    private static List<Tok> tokens(String p) {
        List<Tok> toks = new ArrayList<>();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (++i >= p.length()) throw new IllegalArgumentException("path pattern ends in '\\'");
                    toks.add(new Lit(p.charAt(i)));
                }
                case '?' -> toks.add(new One());
                case '*' -> {
                    boolean segmentStart = i == 0 || p.charAt(i - 1) == '/';
                    if (i + 1 < p.length() && p.charAt(i + 1) == '*' && segmentStart) {
                        int after = i + 2;
                        if (after == p.length()) {
                            toks.add(new Rest());
                            i = after - 1;
                        } else if (p.charAt(after) == '/') {
                            toks.add(new AnyDirs());
                            i = after;
                        } else {
                            toks.add(new Star()); // "**x" inside a segment is just a star
                            i = after - 1;
                        }
                    } else {
                        while (i + 1 < p.length() && p.charAt(i + 1) == '*') i++;
                        toks.add(new Star());
                    }
                }
                case '[' -> {
                    int end = p.indexOf(']', i + 2);
                    if (end < 0) throw new IllegalArgumentException("unclosed '[' in path pattern");
                    boolean neg = p.charAt(i + 1) == '!' || p.charAt(i + 1) == '^';
                    String spec = p.substring(i + (neg ? 2 : 1), end);
                    if (spec.isEmpty()) throw new IllegalArgumentException("empty class in path pattern");
                    toks.add(new Cls(spec, neg));
                    i = end;
                }
                case '/' -> {
                    if (p.startsWith("/**", i) && i + 3 == p.length()) {
                        toks.add(new DirRest());
                        i = p.length();
                    } else {
                        toks.add(new Lit(c));
                    }
                }
                default -> toks.add(new Lit(c));
            }
        }
        return toks;
    }

    /** Whether the tokens match the whole path: reach[j] = the tokens so far can consume exactly path[0, j). */
    private static boolean run(List<Tok> toks, String s) {
        int n = s.length();
        boolean[] reach = new boolean[n + 1];
        reach[0] = true;
        for (Tok t : toks) {
            boolean[] next = new boolean[n + 1];
            switch (t) {
                case Lit l -> {
                    for (int j = 0; j < n; j++) if (reach[j] && s.charAt(j) == l.c()) next[j + 1] = true;
                }
                case One o -> {
                    for (int j = 0; j < n; j++) if (reach[j] && s.charAt(j) != '/') next[j + 1] = true;
                }
                case Cls c -> {
                    for (int j = 0; j < n; j++) {
                        char ch = s.charAt(j);
                        if (reach[j] && ch != '/' && c.has(ch) != c.negated()) next[j + 1] = true;
                    }
                }
                case Star st -> {
                    for (int j = 0; j <= n; j++) {
                        next[j] = reach[j] || (j > 0 && next[j - 1] && s.charAt(j - 1) != '/');
                    }
                }
                case AnyDirs a -> {
                    boolean seen = false;
                    for (int j = 0; j <= n; j++) {
                        next[j] = reach[j] || (seen && s.charAt(j - 1) == '/');
                        seen |= reach[j];
                    }
                }
                case Rest r -> {
                    boolean seen = false;
                    for (int j = 0; j <= n; j++) {
                        seen |= reach[j];
                        next[j] = seen;
                    }
                }
                case DirRest d -> {
                    // "dir/**" matches "dir" itself and everything below it, as doublestar does
                    boolean seen = false;
                    for (int j = 0; j <= n; j++) {
                        next[j] = reach[j] && j == n || (seen && j > 0);
                        if (reach[j] && j < n && s.charAt(j) == '/') seen = true;
                    }
                }
            }
            reach = next;
        }
        return reach[n];
    }
}
