package dev.drydock.match;

import java.util.List;

/**
 * A strict SemVer 2.0.0 version, parsed by hand (no regex) so the work is linear in the input.
 * Numbers are kept as digit strings: SemVer sets no size limit and we must not overflow.
 */
record SemVer(String major, String minor, String patch, List<String> preRelease) implements Comparable<SemVer> {

    /** Returns null and leaves the reason to the caller's message when {@code v} is not SemVer. */
    static SemVer parse(String v) {
        String rest = v;
        int plus = rest.indexOf('+');
        if (plus >= 0) {
            if (!identifiers(rest.substring(plus + 1), false)) return null;
            rest = rest.substring(0, plus);
        }
        List<String> pre = List.of();
        int dash = rest.indexOf('-');
        if (dash >= 0) {
            String p = rest.substring(dash + 1);
            if (!identifiers(p, true)) return null;
            pre = List.of(p.split("\\.", -1));
            rest = rest.substring(0, dash);
        }
        String[] core = rest.split("\\.", -1);
        if (core.length != 3) return null;
        for (String n : core) {
            if (!number(n)) return null;
        }
        return new SemVer(core[0], core[1], core[2], pre);
    }

    private static boolean number(String n) {
        return DigitRuns.allDigits(n) && (n.length() == 1 || n.charAt(0) != '0');
    }

    private static boolean identifiers(String s, boolean noLeadingZeros) {
        if (s.isEmpty()) return false;
        for (String id : s.split("\\.", -1)) {
            if (id.isEmpty()) return false;
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
                if (!ok) return false;
            }
            if (noLeadingZeros && DigitRuns.allDigits(id) && !number(id)) return false;
        }
        return true;
    }

    /** SemVer §11: core numerically; a pre-release sorts before the release; build metadata ignored. */
    @Override
    public int compareTo(SemVer o) {
        int c = DigitRuns.compare(major, o.major);
        if (c == 0) c = DigitRuns.compare(minor, o.minor);
        if (c == 0) c = DigitRuns.compare(patch, o.patch);
        if (c != 0) return c;
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
            c = identifier(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    // Numeric identifiers compare as numbers and sort before alphanumeric ones, which compare in ASCII order.
    private static int identifier(String a, String b) {
        boolean na = DigitRuns.allDigits(a);
        boolean nb = DigitRuns.allDigits(b);
        if (na && nb) return DigitRuns.compare(a, b);
        if (na != nb) return na ? -1 : 1;
        return Integer.signum(a.compareTo(b));
    }
}
