package dev.drydock.match;

/**
 * RPM's order ({@code rpm.vercmp}, rpm 4.18): epoch, then version, then release, each compared with
 * rpmvercmp's segment rules. Written here because versatile-core rejects EVRs whose version part
 * holds a hyphen ({@code 3.1-20221030-2}), which rpm accepts by splitting at the last hyphen.
 */
public final class RpmScheme implements VersionScheme {
    static final RpmScheme INSTANCE = new RpmScheme();
    private static final String NAME = "rpm";

    private RpmScheme() {
    }

    /** epoch:version-release; a missing epoch counts as 0, a missing release as empty. */
    record Evr(String epoch, String version, String release) {
        static Evr parse(String v) {
            VersionScheme.bounded(NAME, v);
            String epoch = "0";
            String rest = v;
            int i = 0;
            while (i < v.length() && Character.isDigit(v.charAt(i))) i++;
            if (i < v.length() && v.charAt(i) == ':') {
                epoch = i == 0 ? "0" : v.substring(0, i);
                rest = v.substring(i + 1);
            }
            int dash = rest.lastIndexOf('-');
            String version = dash < 0 ? rest : rest.substring(0, dash);
            String release = dash < 0 ? "" : rest.substring(dash + 1);
            return new Evr(epoch, version, release);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(String v) {
        Evr.parse(v);
    }

    @Override
    public int compare(String a, String b) {
        Evr x = Evr.parse(a);
        Evr y = Evr.parse(b);
        int c = segments(x.epoch(), y.epoch());
        if (c == 0) c = segments(x.version(), y.version());
        if (c == 0) c = segments(x.release(), y.release());
        return c;
    }

    /**
     * rpmvercmp: split into runs of digits or letters, everything else separates. '~' sorts before
     * anything (even the end), '^' sorts after the end but before any further segment. A digit run
     * beats a letter run; digit runs compare numerically; whoever has segments left over wins.
     */
    static int segments(String a, String b) {
        if (a.equals(b)) return 0;
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while (i < a.length() && isSeparator(a.charAt(i))) i++;
            while (j < b.length() && isSeparator(b.charAt(j))) j++;
            char ca = i < a.length() ? a.charAt(i) : 0;
            char cb = j < b.length() ? b.charAt(j) : 0;
            if (ca == '~' || cb == '~') {
                if (ca != '~') return 1;
                if (cb != '~') return -1;
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^') {
                if (ca == 0) return -1;
                if (cb == 0) return 1;
                if (ca != '^') return 1;
                if (cb != '^') return -1;
                i++;
                j++;
                continue;
            }
            if (ca == 0 || cb == 0) break;
            boolean numeric = isDigit(ca);
            int ei = runEnd(a, i, numeric);
            int ej = runEnd(b, j, numeric);
            if (ej == j) return numeric ? 1 : -1; // the other side's run is of the other kind
            String ra = a.substring(i, ei);
            String rb = b.substring(j, ej);
            int c = numeric ? DigitRuns.compare(ra, rb) : Integer.signum(ra.compareTo(rb));
            if (c != 0) return c;
            i = ei;
            j = ej;
        }
        boolean aLeft = i < a.length();
        boolean bLeft = j < b.length();
        if (!aLeft && !bLeft) return 0;
        return aLeft ? 1 : -1;
    }

    private static boolean isSeparator(char c) {
        return !isDigit(c) && !isAlpha(c) && c != '~' && c != '^';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int runEnd(String s, int from, boolean numeric) {
        int k = from;
        while (k < s.length() && (numeric ? isDigit(s.charAt(k)) : isAlpha(s.charAt(k)))) k++;
        return k;
    }
}
