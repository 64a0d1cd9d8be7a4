package dev.drydock.catalog.java;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which artifact an archive itself is, as opposed to the artifacts embedded in it.
 *
 * <p>Every pom.properties in an archive is reported (a shaded jar carries those of the artifacts
 * it absorbed); at most one of them is the archive itself, and only that one gets the archive's
 * SHA-1. In order:
 * <ol>
 *   <li>a pom.properties the file is named after (Trivy's test: artifactId and version equal those
 *       of the file name; classifiers and Quarkus' group-prefixed names allowed);</li>
 *   <li>the only pom.properties, unless the file name or the manifest carries a different version
 *       (then it was embedded into something else);</li>
 *   <li>the manifest or the file name (see {@link #fromManifestAndName}); if those coordinates equal
 *       one of the pom.properties, that one is the archive — never both, which was the classic "jar
 *       reported twice" of scanners that take the manifest and the pom separately.</li>
 * </ol>
 * An agent instrumentation module (see {@link ManifestFacts}) is never an artifact itself.
 */
final class ArchiveIdentity {
    enum Evidence {
        POM_PROPERTIES("pom.properties"), MANIFEST("manifest"), FILE_NAME("filename");

        final String label;

        Evidence(String label) {
            this.label = label;
        }
    }

    /**
     * @param coordinates null when the archive could not be identified
     * @param pom         the pom.properties that is the archive itself, if any
     */
    record Resolution(Coordinates coordinates, Evidence evidence, PomProperties pom) {
        static final Resolution NONE = new Resolution(null, null, null);
    }

    private ArchiveIdentity() {
    }

    static Resolution resolve(ArchiveFileName file, List<PomProperties> poms, ManifestFacts manifest) {
        if (manifest != null && manifest.instrumentation()) return Resolution.NONE;
        for (PomProperties p : poms) {
            if (file.namedFor(p.coordinates())) return new Resolution(p.coordinates(), Evidence.POM_PROPERTIES, p);
        }
        Set<Coordinates> distinct = new LinkedHashSet<>();
        for (PomProperties p : poms) distinct.add(p.coordinates());
        if (distinct.size() == 1) {
            PomProperties only = poms.get(0);
            String v = only.coordinates().version();
            boolean nameAgrees = file.version() == null || file.version().equals(v);
            boolean manifestAgrees = manifest == null || manifest.version() == null || manifest.version().equals(v);
            if (nameAgrees && manifestAgrees) return new Resolution(only.coordinates(), Evidence.POM_PROPERTIES, only);
        }
        Resolution other = fromManifestAndName(file, manifest);
        if (other.coordinates() == null) return other;
        for (PomProperties p : poms) {
            if (p.coordinates().sameArtifact(other.coordinates())) return new Resolution(p.coordinates(), Evidence.POM_PROPERTIES, p);
        }
        return other;
    }

    /**
     * Without a pom.properties of its own: a file name with a version gives artifact and version —
     * build tools name the libraries they copy {@code artifactId-version.jar}, with the version as
     * Maven resolved it, while manifests may carry build strings ({@code 1.8.21-release-380(1.8.21)}
     * in kotlin-stdlib 1.8.21) or another release's number (dom4j 1.1 says 1.2); the evidence is
     * "manifest" when the manifest names the same artifact and version. A file name without a
     * version needs a manifest with an id-like title and a version. The manifest's
     * Implementation-Vendor-Id, if usable, is the groupId; there is no other trustworthy source for it.
     */
    static Resolution fromManifestAndName(ArchiveFileName file, ManifestFacts manifest) {
        String group = manifest == null ? null : manifest.vendorId();
        if (file.version() != null) {
            if (!Coordinates.isId(file.artifact())) return Resolution.NONE;
            boolean confirmed = manifest != null && file.version().equals(manifest.version()) && file.artifact().equalsIgnoreCase(manifest.title());
            return new Resolution(new Coordinates(group, file.artifact(), file.version()), confirmed ? Evidence.MANIFEST : Evidence.FILE_NAME, null);
        }
        if (manifest == null || manifest.version() == null || manifest.title() == null) return Resolution.NONE;
        String artifact = manifest.title();
        if (manifest.titleIsPackageName()) {
            // Ant-style titles are package names; a plain file name ("ant.jar") names the artifact better
            if (!Coordinates.isId(file.stem()) || file.stem().contains(".")) return Resolution.NONE;
            artifact = file.stem();
        }
        return new Resolution(new Coordinates(group, artifact, manifest.version()), Evidence.MANIFEST, null);
    }
}
