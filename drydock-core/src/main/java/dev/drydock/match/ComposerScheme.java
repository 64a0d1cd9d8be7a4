package dev.drydock.match;

import io.github.nscuro.versatile.version.KnownVersioningSchemes;

/** Composer's order, versatile-core's as is; not yet checked against Composer (no oracle here). */
public final class ComposerScheme implements VersionScheme {
    static final ComposerScheme INSTANCE = new ComposerScheme();
    private static final String NAME = "composer";

    private ComposerScheme() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(String v) {
        Versatile.parse(NAME, KnownVersioningSchemes.SCHEME_COMPOSER, v);
    }

    @Override
    public int compare(String a, String b) {
        return Versatile.compare(NAME, KnownVersioningSchemes.SCHEME_COMPOSER, a, b);
    }
}
