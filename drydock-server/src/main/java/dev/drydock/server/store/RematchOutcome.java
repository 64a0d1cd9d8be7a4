package dev.drydock.server.store;

/**
 * What writing a re-match did.
 *
 * @param scanId  the re-match's scan row (0 unless APPLIED)
 * @param changed whether any finding, attribution or event row was written (a re-match that confirms
 *                the stored state writes only its scan row)
 */
public record RematchOutcome(Status status, long scanId, int appeared, int disappeared, boolean changed) {
    public enum Status {
        /** Written. */
        APPLIED,
        /** Not written: a scan arrived after the packages were read; read and match again. */
        STALE,
        /** Not written: the image is no longer stored. */
        GONE
    }

    static RematchOutcome of(Status s) {
        return new RematchOutcome(s, 0, 0, 0, false);
    }
}
