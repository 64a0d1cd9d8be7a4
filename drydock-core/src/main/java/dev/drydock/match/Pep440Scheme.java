package dev.drydock.match;

import io.github.nscuro.versatile.version.KnownVersioningSchemes;

import java.util.regex.Pattern;

/**
 * PEP 440 order. versatile-core orders the public version right (epochs, dev &lt; a &lt; b &lt; rc &lt;
 * release &lt; post, normalised spellings) but ranks local labels wrongly: PEP 440 says a numeric
 * segment is greater than a lexicographic one ({@code 1.0+5 > 1.0+abc}), versatile says the
 * opposite. So the public part goes to versatile and the local label ({@code +...}) is compared here.
 * versatile also rejects a post-release without its number ({@code 1.0.post}, {@code 1.0-post}), which
 * PEP 440 allows as post0: that number is supplied before versatile sees the version.
 */
public final class Pep440Scheme implements VersionScheme {
    static final Pep440Scheme INSTANCE = new Pep440Scheme();
    private static final String NAME = "pypi";

    // A post-release marker at the very end, number omitted (input is bounded, the pattern anchored at the end).
    private static final Pattern BARE_POST = Pattern.compile("(?i)(?:post|rev|r)$");

    private Pep440Scheme() {
    }

    static String withPostNumber(String publicPart) {
        return BARE_POST.matcher(publicPart).find() ? publicPart + "0" : publicPart;
    }

    /** The version split at '+': the local label is null when absent. */
    record Split(String publicPart, String local) {
        static Split of(String v) {
            VersionScheme.bounded(NAME, v);
            int plus = v.indexOf('+');
            if (plus < 0) return new Split(withPostNumber(v), null);
            String local = v.substring(plus + 1).toLowerCase(java.util.Locale.ROOT).replace('-', '.').replace('_', '.');
            if (local.isEmpty()) throw new InvalidVersionException(NAME, v, "empty local version label");
            for (String seg : local.split("\\.", -1)) {
                if (seg.isEmpty()) throw new InvalidVersionException(NAME, v, "empty local version segment");
                for (int i = 0; i < seg.length(); i++) {
                    char c = seg.charAt(i);
                    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
                        throw new InvalidVersionException(NAME, v, "local version label may hold only letters and digits");
                    }
                }
            }
            return new Split(withPostNumber(v.substring(0, plus)), local);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(String v) {
        Versatile.parse(NAME, KnownVersioningSchemes.SCHEME_PYPI, Split.of(v).publicPart());
    }

    @Override
    public int compare(String a, String b) {
        Split x = Split.of(a);
        Split y = Split.of(b);
        int c = Versatile.compare(NAME, KnownVersioningSchemes.SCHEME_PYPI, x.publicPart(), y.publicPart());
        return c != 0 ? c : local(x.local(), y.local());
    }

    // No label sorts before any label; then segment by segment, numbers above words, longer wins on a tie.
    static int local(String a, String b) {
        if (a == null || b == null) return Boolean.compare(a != null, b != null);
        String[] sa = a.split("\\.");
        String[] sb = b.split("\\.");
        for (int i = 0; i < Math.min(sa.length, sb.length); i++) {
            boolean na = DigitRuns.allDigits(sa[i]);
            boolean nb = DigitRuns.allDigits(sb[i]);
            int c;
            if (na && nb) c = DigitRuns.compare(sa[i], sb[i]);
            else if (na != nb) c = na ? 1 : -1;
            else c = Integer.signum(sa[i].compareTo(sb[i]));
            if (c != 0) return c;
        }
        return Integer.compare(sa.length, sb.length);
    }
}
