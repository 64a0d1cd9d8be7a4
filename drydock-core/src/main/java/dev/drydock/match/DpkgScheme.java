package dev.drydock.match;

/**
 * Debian's order ({@code dpkg --compare-versions}): epoch numerically, then upstream version, then
 * revision, each compared with dpkg's rule: alternate runs of non-digits (compared character by
 * character, where '~' sorts before everything, even the end, and letters before other symbols) and
 * runs of digits (compared as numbers). versatile-core agrees with dpkg on the whole oracle but
 * parses digit runs into a long and fails beyond 19 digits, which dpkg orders fine; so this is ours.
 */
public final class DpkgScheme implements VersionScheme {
    static final DpkgScheme INSTANCE = new DpkgScheme();
    private static final String NAME = "deb";

    private DpkgScheme() {
    }

    /** [epoch:]upstream[-revision]; a missing epoch is 0 and a missing revision is empty, as in dpkg. */
    record DebVersion(String epoch, String upstream, String revision) {
        static DebVersion parse(String v) {
            VersionScheme.bounded(NAME, v);
            String epoch = "0";
            String rest = v;
            int colon = v.indexOf(':');
            if (colon >= 0) {
                epoch = v.substring(0, colon);
                rest = v.substring(colon + 1);
                if (!DigitRuns.allDigits(epoch)) throw new InvalidVersionException(NAME, v, "epoch is not a number");
            }
            String upstream = rest;
            String revision = "";
            int dash = rest.lastIndexOf('-');
            if (dash >= 0) {
                upstream = rest.substring(0, dash);
                revision = rest.substring(dash + 1);
                if (revision.isEmpty()) throw new InvalidVersionException(NAME, v, "empty revision");
            }
            if (upstream.isEmpty()) throw new InvalidVersionException(NAME, v, "empty upstream version");
            check(v, upstream, "-+.~" + (colon >= 0 ? ":" : ""));
            check(v, revision, "+.~");
            return new DebVersion(epoch, upstream, revision);
        }

        // dpkg's allowed characters: alphanumerics plus these; anything else is a syntax error there too.
        private static void check(String v, String part, String symbols) {
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (!Character.isLetterOrDigit(c) && symbols.indexOf(c) < 0) {
                    throw new InvalidVersionException(NAME, v, "invalid character '" + c + "'");
                }
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(String v) {
        DebVersion.parse(v);
    }

    @Override
    public int compare(String a, String b) {
        DebVersion x = DebVersion.parse(a);
        DebVersion y = DebVersion.parse(b);
        int c = DigitRuns.compare(x.epoch(), y.epoch());
        if (c == 0) c = parts(x.upstream(), y.upstream());
        if (c == 0) c = parts(x.revision(), y.revision());
        return c;
    }

    static int parts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !isDigit(a.charAt(i))) || (j < b.length() && !isDigit(b.charAt(j)))) {
                int oa = weight(a, i);
                int ob = weight(b, j);
                if (oa != ob) return Integer.signum(oa - ob);
                i++;
                j++;
            }
            int si = i;
            int sj = j;
            while (i < a.length() && isDigit(a.charAt(i))) i++;
            while (j < b.length() && isDigit(b.charAt(j))) j++;
            int c = DigitRuns.compare(si == i ? "0" : a.substring(si, i), sj == j ? "0" : b.substring(sj, j));
            if (c != 0) return c;
        }
        return 0;
    }

    // '~' below the end of the string, the end and digits at 0, letters by code, other symbols above letters.
    private static int weight(String s, int i) {
        if (i >= s.length()) return 0;
        char c = s.charAt(i);
        if (isDigit(c)) return 0;
        if (Character.isLetter(c)) return c;
        if (c == '~') return -1;
        return c + 256;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
