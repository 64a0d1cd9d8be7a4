package dev.drydock.match;

import io.github.nscuro.versatile.VersionFactory;
import io.github.nscuro.versatile.spi.Version;

/**
 * The bridge to versatile-core: parse with its scheme and turn every runtime failure it can raise
 * (it throws NumberFormatException on digit runs beyond a long, for example) into our exception.
 */
final class Versatile {
    private Versatile() {
    }

    static Version parse(String ourScheme, String versatileScheme, String v) {
        VersionScheme.bounded(ourScheme, v);
        try {
            return VersionFactory.forScheme(versatileScheme, v);
        } catch (RuntimeException | StackOverflowError e) {
            throw new InvalidVersionException(ourScheme, v, reason(e));
        }
    }

    // versatile's messages repeat the whole input: keep only a short, bounded reason.
    private static String reason(Throwable e) {
        String m = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return m.length() <= 100 ? m : m.substring(0, 100) + "…";
    }

    static int compare(String ourScheme, String versatileScheme, String a, String b) {
        Version va = parse(ourScheme, versatileScheme, a);
        Version vb = parse(ourScheme, versatileScheme, b);
        try {
            return Integer.signum(va.compareTo(vb));
        } catch (RuntimeException e) {
            throw new InvalidVersionException(ourScheme, a, "cannot be compared: " + reason(e));
        }
    }
}
