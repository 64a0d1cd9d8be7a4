package dev.drydock.server.ingest;

import dev.drydock.model.Digest;

import java.util.List;

/**
 * What a scan in a report looked at, as the report names it. Reconciliation joins on the manifest digest; when
 * a report names only a tag (trivy-operator without a digest, a Trivy scan of a local tarball) the importer's
 * caller resolves the tag through the inventory and warns.
 *
 * @param artifactName   the name the scanner printed (image reference, path, asset name); display only
 * @param imageReference an image reference with a tag or digest ({@code registry/repo:tag}), when the report has one
 * @param manifestDigest the image manifest digest, when the report says which one it is
 * @param repoDigests    {@code repo@sha256:...} entries as reported; their digests are manifest digests
 * @param imageId        the image config digest (Docker's image id); not a manifest digest, kept for matching
 *                       against the inventory's config digests
 * @param repoTags       tags the report lists
 */
public record ReportSubject(String artifactName, String imageReference, Digest manifestDigest,
                            List<String> repoDigests, Digest imageId, List<String> repoTags) {
    public ReportSubject {
        repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
    }

    static ReportSubject named(String artifactName) {
        return new ReportSubject(artifactName, null, null, List.of(), null, List.of());
    }

    /** The manifest digest: the one named outright, else the first repo digest's. */
    public Digest digest() {
        if (manifestDigest != null) return manifestDigest;
        for (String rd : repoDigests) {
            Digest d = Normalise.digestOfRepoDigest(rd);
            if (d != null) return d;
        }
        return null;
    }

    /** True when the report names an image only by tag, so the caller must resolve it through the inventory. */
    public boolean needsTagResolution() {
        return digest() == null && (imageReference != null || !repoTags.isEmpty());
    }
}
