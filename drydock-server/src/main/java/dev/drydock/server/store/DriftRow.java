package dev.drydock.server.store;

/**
 * One finding as two scanners see it. A side's severity and source are null when it does not report the
 * finding (live and unsuppressed); its suppression says why it left it out, when it has it at all.
 *
 * @param presence   {@code both}, {@code only_a} or {@code only_b}
 * @param reason     a {@link DriftReason} id, null when both report it with the same severity
 * @param reasonText the reason in words, null with it
 */
public record DriftRow(long findingId, String digest, String vulnId, String purl, String packageName,
                       String installedVersion, String fixedVersion, String presence,
                       String severityA, String severitySourceA, String suppressionA,
                       String severityB, String severitySourceB, String suppressionB,
                       String reason, String reasonText) {
}
