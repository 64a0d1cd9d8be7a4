package dev.drydock.vulndb;

import dev.drydock.model.PackageType;

import java.util.Locale;

/**
 * Where advisories are filed and looked up: a distribution release ({@code debian:12},
 * {@code ubuntu:22.04}, {@code alpine:3.19}) for OS packages, an ecosystem ({@code npm}, {@code maven},
 * …) for language packages; and the one spelling of a package name both sides agree on.
 * Importers and the matcher both go through here, so they cannot disagree.
 */
public final class Namespaces {
    private Namespaces() {
    }

    /** The namespace of a distribution release, e.g. {@code ("Alpine", "v3.19") → alpine:3.19}. */
    public static String distro(String distro, String release) {
        String d = distro.toLowerCase(Locale.ROOT).replace(' ', '-');
        String r = release.toLowerCase(Locale.ROOT);
        if (d.equals("alpine") && r.startsWith("v")) r = r.substring(1);
        if (d.equals("ubuntu") && r.endsWith(":lts")) r = r.substring(0, r.length() - 4);
        return d + ":" + r;
    }

    /** The namespace of a language ecosystem. */
    public static String language(PackageType type) {
        return switch (type) {
            case MAVEN -> "maven";
            case NPM -> "npm";
            case PYPI -> "pypi";
            case GOLANG -> "go";
            case CARGO -> "cargo";
            case GEM -> "gem";
            case COMPOSER -> "composer";
            case NUGET -> "nuget";
            case DEB, APK, RPM -> throw new IllegalArgumentException(type + " packages are looked up by distribution release");
        };
    }

    /** A name as its ecosystem compares names: PyPI normalises (PEP 503), NuGet and Packagist ignore case. */
    public static String packageName(PackageType type, String name) {
        return switch (type) {
            case PYPI -> name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
            case NUGET, COMPOSER -> name.toLowerCase(Locale.ROOT);
            default -> name;
        };
    }
}
