package dev.drydock.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Why a finding does not count against the gate. A suppressed finding stays in every report (listed as
 * suppressed) so that nothing disappears without a trace.
 *
 * @param kind    what suppressed it
 * @param reason  the statement, justification or comment given, or a fixed text such as "no fix available"
 * @param origin  the file (and line) or VEX document that said so, null for options such as --ignore-unfixed
 * @param expires the date on which an ignore rule stops applying (as Trivy's {@code exp:}), null when it never expires
 */
public record Suppression(Kind kind, String reason, String origin, LocalDate expires) {
    public Suppression {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    public enum Kind {
        IGNORE_FILE, VEX, UNFIXED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
