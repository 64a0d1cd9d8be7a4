package dev.drydock.match;

import io.github.nscuro.versatile.version.KnownVersioningSchemes;

/**
 * NuGet's order (up to four numeric parts, SemVer 2 pre-release labels compared case-insensitively,
 * metadata ignored): versatile-core's comparator agrees with the cases in the tests.
 */
public final class NuGetScheme implements VersionScheme {
    static final NuGetScheme INSTANCE = new NuGetScheme();
    private static final String NAME = "nuget";

    private NuGetScheme() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(String v) {
        Versatile.parse(NAME, KnownVersioningSchemes.SCHEME_NUGET, v);
    }

    @Override
    public int compare(String a, String b) {
        return Versatile.compare(NAME, KnownVersioningSchemes.SCHEME_NUGET, a, b);
    }
}
