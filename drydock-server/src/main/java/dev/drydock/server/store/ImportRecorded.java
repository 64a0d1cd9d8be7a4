package dev.drydock.server.store;

/**
 * What storing one imported scan changed.
 *
 * @param scan                the scan row (an identical earlier import's when {@code repeated})
 * @param repeated            the same import was stored before: nothing but last-seen times changed
 * @param attributionsAdded   this scanner now reports findings it did not report before (or never did)
 * @param attributionsKept    findings it reported before and reports again
 * @param attributionsEnded   findings it reported before and no longer does: its attribution is soft-deleted
 * @param findingsAppeared    findings that became active (no scanner reported them before)
 * @param findingsDisappeared findings that became inactive (no scanner reports them any more)
 */
public record ImportRecorded(ScanId scan, boolean repeated, int attributionsAdded, int attributionsKept,
                             int attributionsEnded, int findingsAppeared, int findingsDisappeared) {
}
