package dev.drydock.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.ImageRef;

import java.util.ArrayList;
import java.util.List;

/**
 * How both SBOM formats name the image they describe.
 *
 * @param name        registry/repository when the image has a registry name, else what the user asked for
 * @param version     the manifest digest: tags move, the digest is the image's identity; null for a root filesystem
 * @param purl        {@code pkg:oci/…} per the package-url oci type, only when the image has a registry name and a digest
 * @param registryRef the registry name, or null
 */
public record ImageSubject(String name, String version, String purl, ImageRef registryRef) {
    private static final List<String> TRANSPORTS = List.of("docker-archive:", "oci-archive:", "oci:", "dir:");
    private static final String FALLBACK_NAME = "image";

    /** Public so that the vulnerability report's CycloneDX names the image exactly as the SBOM does. */
    public static ImageSubject of(ImageMetadata image) {
        ImageRef ref = registryReference(image);
        String version = image.manifestDigest() == null ? null : image.manifestDigest().toString();
        String name;
        if (ref != null) {
            name = ref.registry() + "/" + ref.repository();
        } else if (image.reference() != null && !image.reference().isBlank()) {
            name = image.reference();
        } else {
            name = FALLBACK_NAME;
        }
        String purl = ref != null && version != null ? ociPurl(ref, image, version) : null;
        return new ImageSubject(name, version, purl, ref);
    }

    /**
     * The image's registry name: the user's reference when it names a registry image, else the first repo
     * tag an archive carries ({@code docker save} records where the image came from).
     */
    private static ImageRef registryReference(ImageMetadata image) {
        List<String> candidates = new ArrayList<>();
        if (image.reference() != null) candidates.add(image.reference());
        candidates.addAll(image.repoTags());
        for (String candidate : candidates) {
            if (!looksLikeRegistryName(candidate)) continue;
            try {
                return ImageRef.parse(candidate);
            } catch (IllegalArgumentException e) {
                // not a registry name (e.g. an archive path); try the next candidate
            }
        }
        return null;
    }

    private static boolean looksLikeRegistryName(String s) {
        if (s.isBlank() || s.startsWith("/") || s.startsWith(".") || s.startsWith("~")) return false;
        for (String transport : TRANSPORTS) {
            if (s.startsWith(transport)) return false;
        }
        return true;
    }

    private static String ociPurl(ImageRef ref, ImageMetadata image, String digest) {
        String repository = ref.repository();
        String lastSegment = repository.substring(repository.lastIndexOf('/') + 1);
        try {
            PackageURLBuilder b = PackageURLBuilder.aPackageURL()
                    .withType("oci")
                    .withName(lastSegment)
                    .withVersion(digest)
                    .withQualifier("repository_url", ref.registry() + "/" + repository);
            if (ref.tag() != null) b.withQualifier("tag", ref.tag());
            if (image.platform() != null) b.withQualifier("arch", image.platform().architecture());
            return b.build().canonicalize();
        } catch (MalformedPackageURLException e) {
            // ImageRef has already validated every part, so this is a bug rather than bad input.
            throw new IllegalStateException("cannot build a package-url for " + ref, e);
        }
    }
}
