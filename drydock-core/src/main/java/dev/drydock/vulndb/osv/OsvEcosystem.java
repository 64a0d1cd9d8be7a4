package dev.drydock.vulndb.osv;

import dev.drydock.model.PackageType;

import java.util.Objects;

/**
 * An OSV ecosystem string split at its first colon: {@code Debian:12} is name {@code Debian}, release
 * {@code 12}; {@code Ubuntu:Pro:14.04:LTS} keeps {@code Pro:14.04:LTS} whole as its release, since
 * Ubuntu's suffixes are part of what names the release. {@code type} is null for ecosystems drydock
 * has no package type for; such records are kept, only never matched.
 */
public record OsvEcosystem(String raw, String name, String release, PackageType type) {
    public OsvEcosystem {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(name, "name");
    }

    public static OsvEcosystem parse(String raw) {
        Objects.requireNonNull(raw, "raw");
        int colon = raw.indexOf(':');
        String name = colon < 0 ? raw : raw.substring(0, colon);
        String release = colon < 0 || colon == raw.length() - 1 ? null : raw.substring(colon + 1);
        return new OsvEcosystem(raw, name, release, typeOf(name));
    }

    /** Names as the OSV schema spells them; matching is exact because OSV defines them exactly. */
    private static PackageType typeOf(String name) {
        return switch (name) {
            case "Debian", "Ubuntu" -> PackageType.DEB;
            case "Alpine", "Wolfi", "Chainguard" -> PackageType.APK;
            case "Red Hat", "Rocky Linux", "AlmaLinux", "SUSE", "openSUSE" -> PackageType.RPM;
            case "Maven" -> PackageType.MAVEN;
            case "npm" -> PackageType.NPM;
            case "PyPI" -> PackageType.PYPI;
            case "Go" -> PackageType.GOLANG;
            case "crates.io" -> PackageType.CARGO;
            case "NuGet" -> PackageType.NUGET;
            case "RubyGems" -> PackageType.GEM;
            case "Packagist" -> PackageType.COMPOSER;
            default -> null;
        };
    }
}
