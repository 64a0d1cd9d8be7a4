package dev.drydock.match;

import io.github.nscuro.versatile.version.KnownVersioningSchemes;

/**
 * Debian's order ({@code dpkg --compare-versions}). versatile-core's comparator agrees with dpkg on
 * every pair of the committed oracle, so it is used as is; we only bound the input and reject what
 * dpkg rejects and versatile lets through (an epoch with nothing after it, {@code "1:"}).
 */
public final class DpkgScheme implements VersionScheme {
    static final DpkgScheme INSTANCE = new DpkgScheme();
    private static final String NAME = "deb";

    private DpkgScheme() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(String v) {
        VersionScheme.bounded(NAME, v);
        int colon = v.indexOf(':');
        if (colon >= 0 && (colon == v.length() - 1 || !DigitRuns.allDigits(v.substring(0, colon)))) {
            throw new InvalidVersionException(NAME, v, "epoch must be digits followed by a version");
        }
        if (v.endsWith("-")) throw new InvalidVersionException(NAME, v, "empty revision");
        Versatile.parse(NAME, KnownVersioningSchemes.SCHEME_DEBIAN, v);
    }

    @Override
    public int compare(String a, String b) {
        validate(a);
        validate(b);
        return Versatile.compare(NAME, KnownVersioningSchemes.SCHEME_DEBIAN, a, b);
    }
}
