package dev.drydock.server.ingest;

/**
 * A package as a report names it, normalised to package-url terms.
 *
 * @param purlType      purl type ({@code deb}, {@code npm} ...), or null when the report does not say which
 *                      ecosystem the package is from (wizcli OS packages, a Wiz row of an unknown kind, Grype's
 *                      {@code binary} type); such a package is matched against the image's inventory by name and version
 * @param namespace     purl namespace (distro id for OS packages, Maven group, npm scope ...) or null
 * @param name          the package name in the report: for OS packages the binary package ({@code libssl3}), not
 *                      the source package ({@code openssl})
 * @param version       the installed version as reported (rpm epochs kept as {@code E:V-R})
 * @param sourceName    the source package's name when the report gives one, else null
 * @param sourceVersion the source package's version when the report gives one, else null
 * @param purl          the purl the report gave, canonicalised, or one built from the fields above; null when
 *                      there is no purl type
 * @param path          where in the image the package was found, when reported (lock file, jar, binary)
 */
public record ImportedPackage(String purlType, String namespace, String name, String version,
                              String sourceName, String sourceVersion, String purl, String path) {

    /** The identity reconciliation joins on: the purl without qualifiers and subpath, or null without a purl. */
    public String identity() {
        return Normalise.withoutQualifiers(purl);
    }

    /** True for packages of the distribution's package manager. */
    public boolean isOsPackage() {
        return Normalise.isOsType(purlType);
    }
}
