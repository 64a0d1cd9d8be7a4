package dev.drydock.match;

import io.github.nscuro.versatile.version.KnownVersioningSchemes;

/**
 * Maven's order: versatile-core delegates to Maven's own ComparableVersion (maven-artifact), which is
 * the definition, so it is used as is (alpha &lt; beta &lt; milestone &lt; rc &lt; snapshot &lt; release &lt; sp).
 */
public final class MavenScheme implements VersionScheme {
    static final MavenScheme INSTANCE = new MavenScheme();
    private static final String NAME = "maven";

    private MavenScheme() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(String v) {
        Versatile.parse(NAME, KnownVersioningSchemes.SCHEME_MAVEN, v);
    }

    @Override
    public int compare(String a, String b) {
        return Versatile.compare(NAME, KnownVersioningSchemes.SCHEME_MAVEN, a, b);
    }
}
