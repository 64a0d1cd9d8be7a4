package dev.drydock.match;

import dev.drydock.model.PackageType;

import java.util.Comparator;
import java.util.Optional;

/**
 * How one package manager orders its versions. {@link #compare} throws
 * {@link InvalidVersionException} (an IllegalArgumentException) for input the package manager
 * itself would reject or that exceeds {@link #MAX_LENGTH}; nothing else escapes.
 */
public sealed interface VersionScheme
        permits DpkgScheme, RpmScheme, ApkScheme, MavenScheme, SemVerScheme, GoScheme, Pep440Scheme,
                NuGetScheme, GemScheme, ComposerScheme {

    /**
     * Real versions are short (the longest in a Debian status file is well under 100 chars); a cap keeps
     * every comparison bounded no matter what an image or advisory feed contains.
     */
    int MAX_LENGTH = 256;

    String name();

    /** Negative, zero or positive as {@code a} sorts before, equal to or after {@code b}. */
    int compare(String a, String b);

    /** Throws {@link InvalidVersionException} when the scheme cannot order {@code v}. */
    void validate(String v);

    default boolean isValid(String v) {
        try {
            validate(v);
            return true;
        } catch (InvalidVersionException e) {
            return false;
        }
    }

    default Comparator<String> comparator() {
        return this::compare;
    }

    /** The scheme of a package type; Go's one scheme covers modules and the {@code stdlib}. */
    static VersionScheme of(PackageType type) {
        return switch (type) {
            case DEB -> DpkgScheme.INSTANCE;
            case RPM -> RpmScheme.INSTANCE;
            case APK -> ApkScheme.INSTANCE;
            case MAVEN -> MavenScheme.INSTANCE;
            case NPM -> SemVerScheme.NPM;
            case CARGO -> SemVerScheme.CARGO;
            case GOLANG -> GoScheme.INSTANCE;
            case PYPI -> Pep440Scheme.INSTANCE;
            case NUGET -> NuGetScheme.INSTANCE;
            case GEM -> GemScheme.INSTANCE;
            case COMPOSER -> ComposerScheme.INSTANCE;
        };
    }

    static Optional<VersionScheme> ofPurlType(String purlType) {
        PackageType t = PackageType.fromPurlType(purlType);
        return t == null ? Optional.empty() : Optional.of(of(t));
    }

    /** Null, empty, over-long or control-character input: rejected before any parser sees it. */
    static String bounded(String scheme, String v) {
        if (v == null) throw new InvalidVersionException(scheme, null, "missing");
        if (v.isEmpty()) throw new InvalidVersionException(scheme, v, "empty");
        if (v.length() > MAX_LENGTH) throw new InvalidVersionException(scheme, v, "longer than " + MAX_LENGTH + " chars");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c >= 0x7f) throw new InvalidVersionException(scheme, v, "whitespace, control or non-ASCII character");
        }
        return v;
    }
}
