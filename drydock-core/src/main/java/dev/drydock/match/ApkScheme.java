package dev.drydock.match;

import io.github.nscuro.versatile.version.KnownVersioningSchemes;

import java.util.regex.Pattern;

/**
 * Alpine's order (apk-tools). versatile-core orders valid versions as apk does in every case tested,
 * but accepts anything ({@code "garbage"} sorts after {@code 1.0}), so the documented apk grammar is
 * checked first: digits{.digits}[letter]{_suffix[digits]}[~hash][-rN].
 */
public final class ApkScheme implements VersionScheme {
    static final ApkScheme INSTANCE = new ApkScheme();
    private static final String NAME = "apk";
    // Each group starts with a distinct literal, so matching is linear (and input is capped anyway).
    private static final Pattern GRAMMAR = Pattern.compile(
            "[0-9]+(?:\\.[0-9]+)*[a-z]?(?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)*(?:~[0-9a-f]+)?(?:-r[0-9]+)?");

    private ApkScheme() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(String v) {
        VersionScheme.bounded(NAME, v);
        if (!GRAMMAR.matcher(v).matches()) throw new InvalidVersionException(NAME, v, "not an apk version");
        Versatile.parse(NAME, KnownVersioningSchemes.SCHEME_APK, v);
    }

    @Override
    public int compare(String a, String b) {
        validate(a);
        validate(b);
        return Versatile.compare(NAME, KnownVersioningSchemes.SCHEME_APK, a, b);
    }
}
