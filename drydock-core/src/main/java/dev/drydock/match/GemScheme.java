package dev.drydock.match;

import java.util.ArrayList;
import java.util.List;

/**
 * RubyGems' order (Gem::Version), written here because versatile-core has no gem comparator and falls
 * back to a generic one that ranks {@code 1.0.a} equal to {@code 1.0}. Rules: a version is digit and
 * letter segments; '-' means ".pre."; any letter makes it a pre-release; trailing zeros of the release
 * and of the pre-release part are dropped (1.0.0 == 1.0); a letter segment sorts before a number,
 * letters compare as strings, numbers as numbers, and a missing segment counts as 0.
 */
public final class GemScheme implements VersionScheme {
    static final GemScheme INSTANCE = new GemScheme();
    private static final String NAME = "gem";

    private GemScheme() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Segments are digit strings (numbers) or letter strings; canonicalised as Gem::Version does. */
    static List<String> canonical(String v) {
        VersionScheme.bounded(NAME, v);
        if (!grammar(v)) throw new InvalidVersionException(NAME, v, "not a RubyGems version");
        String s = v.replace("-", ".pre.");
        List<String> segs = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int j = i;
            if (isDigit(c)) {
                while (j < s.length() && isDigit(s.charAt(j))) j++;
                segs.add(DigitRuns.stripZeros(s.substring(i, j)));
            } else if (isLetter(c)) {
                while (j < s.length() && isLetter(s.charAt(j))) j++;
                segs.add(s.substring(i, j));
            } else {
                j++;
            }
            i = j;
        }
        // Two groups, the numeric release and everything from the first letter segment on; each loses
        // its trailing zeros (so 1.0.0 == 1 and 1.0.a == 1.a), then they are joined again.
        int firstLetter = 0;
        while (firstLetter < segs.size() && isDigit(segs.get(firstLetter).charAt(0))) firstLetter++;
        List<String> out = new ArrayList<>();
        flush(new ArrayList<>(segs.subList(0, firstLetter)), out);
        flush(new ArrayList<>(segs.subList(firstLetter, segs.size())), out);
        return out;
    }

    private static void flush(List<String> group, List<String> out) {
        int end = group.size();
        while (end > 0 && group.get(end - 1).equals("0")) end--;
        out.addAll(group.subList(0, end));
        group.clear();
    }

    // Gem::Version's pattern: digits, then .alnum segments, then an optional -pre.label part.
    private static boolean grammar(String v) {
        int dash = v.indexOf('-');
        String release = dash < 0 ? v : v.substring(0, dash);
        String[] parts = release.split("\\.", -1);
        if (!DigitRuns.allDigits(parts[0])) return false;
        for (int k = 1; k < parts.length; k++) {
            if (!alnum(parts[k], false)) return false;
        }
        if (dash < 0) return true;
        for (String p : v.substring(dash + 1).split("\\.", -1)) {
            if (!alnum(p, true)) return false;
        }
        return true;
    }

    private static boolean alnum(String s, boolean dashAllowed) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isDigit(c) || isLetter(c) || (dashAllowed && c == '-'))) return false;
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    @Override
    public void validate(String v) {
        canonical(v);
    }

    @Override
    public int compare(String a, String b) {
        List<String> x = canonical(a);
        List<String> y = canonical(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            String l = i < x.size() ? x.get(i) : "0";
            String r = i < y.size() ? y.get(i) : "0";
            boolean ln = isDigit(l.charAt(0));
            boolean rn = isDigit(r.charAt(0));
            int c;
            if (ln && rn) c = DigitRuns.compare(l, r);
            else if (ln != rn) c = ln ? 1 : -1;
            else c = Integer.signum(l.compareTo(r));
            if (c != 0) return c;
        }
        return 0;
    }
}
