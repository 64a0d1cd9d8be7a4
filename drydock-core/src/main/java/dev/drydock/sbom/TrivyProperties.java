package dev.drydock.sbom;

import static dev.drydock.sbom.SbomText.present;

/**
 * The properties Trivy records beside CycloneDX's fields (and, as {@code Name: value} annotations, in SPDX).
 * Trivy is the most common source of image SBOMs, and its source-package facts are what Debian and Red Hat
 * advisories are keyed by, so a document from it is read with them rather than without.
 */
final class TrivyProperties {
    private static final String PREFIX = "aquasecurity:trivy:";
    static final String SOURCE_NAME = PREFIX + "SrcName";
    static final String SOURCE_VERSION = PREFIX + "SrcVersion";
    static final String SOURCE_RELEASE = PREFIX + "SrcRelease";
    static final String SOURCE_EPOCH = PREFIX + "SrcEpoch";
    static final String LAYER_DIFF_ID = PREFIX + "LayerDiffID";
    static final String FILE_PATH = PREFIX + "FilePath";
    static final String IMAGE_ID = PREFIX + "ImageID";
    static final String REPO_TAG = PREFIX + "RepoTag";
    static final String REPO_DIGEST = PREFIX + "RepoDigest";
    static final String DIFF_ID = PREFIX + "DiffID";

    private TrivyProperties() {
    }

    /** Trivy splits a source version into epoch, version and release; drydock keeps it whole, as dpkg and rpm write it. */
    static String sourceVersion(SbomEntry e) {
        String version = present(e.property(SOURCE_VERSION));
        if (version == null) return null;
        String release = present(e.property(SOURCE_RELEASE));
        String epoch = present(e.property(SOURCE_EPOCH));
        return (epoch != null && !epoch.equals("0") ? epoch + ":" : "") + version + (release != null ? "-" + release : "");
    }

    /**
     * SPDX annotations from Trivy read {@code SrcName: openssl}; as a property that is
     * {@code aquasecurity:trivy:SrcName=openssl}, so both formats are looked up by the same names.
     */
    static SbomProperty fromSpdxComment(String comment) {
        int colon = comment.indexOf(": ");
        if (colon <= 0) return null;
        String key = comment.substring(0, colon);
        if (!key.chars().allMatch(Character::isLetterOrDigit)) return null;
        return new SbomProperty(PREFIX + key, comment.substring(colon + 2));
    }
}
