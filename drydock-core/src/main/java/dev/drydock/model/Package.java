package dev.drydock.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One installed package.
 *
 * @param version       full version as the package manager orders it (dpkg/rpm: with epoch, e.g. {@code 1:2.3-4})
 * @param sourceName    source package (dpkg Source:, apk origin, rpm SOURCERPM name); the package's own name when it is its own source
 * @param purl          package-url; for OS packages with arch and distro qualifiers
 * @param layerDiffId   diffID of the layer that introduced this package; null for a root-filesystem scan
 * @param path          file it was recorded in, relative to the image root (e.g. var/lib/dpkg/status)
 * @param files         files the package installed (absolute paths in the image); used to avoid double counting
 * @param attributes    facts particular to one ecosystem, by a documented key (e.g. {@code sha1} of a jar,
 *                      {@code go.replace} of a Go module); sorted, possibly empty
 */
public record Package(
        PackageType type,
        String name,
        String version,
        String arch,
        String sourceName,
        String sourceVersion,
        List<String> licenses,
        String purl,
        Digest layerDiffId,
        String path,
        List<String> files,
        Map<String, String> attributes) {

    public Package {
        licenses = licenses == null ? List.of() : List.copyOf(licenses);
        files = files == null ? List.of() : List.copyOf(files);
        attributes = attributes == null || attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** A package with no ecosystem-specific attributes. */
    public Package(PackageType type, String name, String version, String arch, String sourceName, String sourceVersion,
                   List<String> licenses, String purl, Digest layerDiffId, String path, List<String> files) {
        this(type, name, version, arch, sourceName, sourceVersion, licenses, purl, layerDiffId, path, files, Map.of());
    }

    public Package withPurl(String newPurl) {
        return new Package(type, name, version, arch, sourceName, sourceVersion, licenses, newPurl, layerDiffId, path, files, attributes);
    }

    public Package withLayer(Digest diffId) {
        return new Package(type, name, version, arch, sourceName, sourceVersion, licenses, purl, diffId, path, files, attributes);
    }

    public Package withLicenses(List<String> newLicenses) {
        return new Package(type, name, version, arch, sourceName, sourceVersion, newLicenses, purl, layerDiffId, path, files, attributes);
    }

    public Package withPath(String newPath) {
        return new Package(type, name, version, arch, sourceName, sourceVersion, licenses, purl, layerDiffId, newPath, files, attributes);
    }

    public Package withFiles(List<String> newFiles) {
        return new Package(type, name, version, arch, sourceName, sourceVersion, licenses, purl, layerDiffId, path, newFiles, attributes);
    }

    /** Identity within one package database: same name, version and arch is the same package. */
    public String key() {
        return type.purlType() + "/" + name + "@" + version + (arch == null ? "" : "?" + arch);
    }
}
