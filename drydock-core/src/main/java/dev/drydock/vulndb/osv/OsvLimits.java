package dev.drydock.vulndb.osv;

/**
 * Bounds on what one OSV source may make drydock hold or do. The defaults sit well above the largest
 * real records (kernel advisories list a few thousand versions) and osv.dev's largest {@code all.zip}
 * (a few hundred thousand entries); tests pass smaller ones.
 *
 * @param maxRecordBytes   one record's JSON, and one zip entry's inflated size
 * @param maxEntries       files in a directory walk or entries in one zip
 * @param maxTotalBytes    inflated bytes over a whole zip, so many medium entries cannot add up to a bomb
 * @param maxAffected      affected entries per record; more rejects the record (a cut list could hide a match)
 * @param maxRanges        ranges per affected entry; more rejects the record
 * @param maxEvents        events per range; more rejects the record
 * @param maxVersions      explicit versions per affected entry; more rejects the record
 * @param maxListItems     aliases, related, references, severities: extra items are dropped with a warning
 * @param maxDetailsChars  details text beyond this is cut; it is only shown to people
 */
public record OsvLimits(
        int maxRecordBytes,
        int maxEntries,
        long maxTotalBytes,
        int maxAffected,
        int maxRanges,
        int maxEvents,
        int maxVersions,
        int maxListItems,
        int maxDetailsChars) {

    public static final OsvLimits DEFAULT = new OsvLimits(
            16 << 20, 2_000_000, 16L << 30, 4096, 256, 1024, 50_000, 1024, 32 * 1024);

    /** Longest text kept for ids, names, scores, map values; longer values reject the record. */
    static final int MAX_TEXT = 4096;
    /** Keys kept in an ecosystem_specific / database_specific map. */
    static final int MAX_MAP_ENTRIES = 32;
    /** JSON nesting; OSV records are about six levels deep. */
    static final int MAX_DEPTH = 64;
}
