package dev.drydock.vulndb.alpine;

/**
 * Bounds on what one secdb document may make drydock hold. Real documents are well under 1 MB
 * (a few thousand packages, the busiest with a few hundred fixes); defaults sit far above that.
 *
 * @param maxDocumentBytes   one document; larger fails the read (it is read whole, so this bounds memory)
 * @param maxPackages        packages per document; more fails the read
 * @param maxFixesPerPackage versions in one package's secfixes; more skips that package (a cut list could hide a match)
 * @param maxIdsPerFix       ids listed for one version; more skips that package
 * @param maxTextChars       any string or key; longer fails the read
 */
public record AlpineSecdbLimits(int maxDocumentBytes, int maxPackages, int maxFixesPerPackage, int maxIdsPerFix,
                                int maxTextChars) {

    public static final AlpineSecdbLimits DEFAULT = new AlpineSecdbLimits(64 << 20, 200_000, 10_000, 1_000, 4096);

    /** The document is five levels deep. */
    static final int MAX_DEPTH = 16;
}
