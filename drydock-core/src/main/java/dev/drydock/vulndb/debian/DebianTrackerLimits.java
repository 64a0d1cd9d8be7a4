package dev.drydock.vulndb.debian;

/**
 * Bounds on what one tracker document may make drydock hold or do. The real export is about 60 MB with
 * some 40 000 source packages; the largest package (the kernel) lists several thousand issues, each
 * over about ten releases. Defaults sit well above that; tests pass smaller ones.
 *
 * @param maxDocumentBytes        the whole document; beyond it the read fails
 * @param maxPackages             source packages in the document; beyond it the read fails
 * @param maxIssuesPerPackage     issues per package; more rejects that package with a warning
 * @param maxReleasesPerIssue     releases per issue; more rejects that package with a warning
 * @param maxRepositoriesPerRelease repository entries per release (they are skipped, only counted)
 * @param maxTextChars            names, ids, versions, urgency; a longer string rejects the document
 *                                (Jackson's string cap is shared by all fields, so it also bounds descriptions)
 * @param maxDescriptionChars     descriptions are cut to this; they are only shown to people
 */
public record DebianTrackerLimits(
        long maxDocumentBytes,
        int maxPackages,
        int maxIssuesPerPackage,
        int maxReleasesPerIssue,
        int maxRepositoriesPerRelease,
        int maxTextChars,
        int maxDescriptionChars) {

    public static final DebianTrackerLimits DEFAULT = new DebianTrackerLimits(
            1L << 30, 500_000, 50_000, 64, 64, 64 * 1024, 4096);

    /** JSON nesting; the document is five levels deep (package, issue, releases, release, repositories). */
    static final int MAX_DEPTH = 16;
}
