package dev.drydock.model;

import java.util.Locale;

/** Where a vulnerable package stands with its distributor or ecosystem. */
public enum FindingStatus {
    /** A fixed version exists; upgrading removes the finding. */
    FIXED,
    /** Affected and no fix is published yet. */
    AFFECTED,
    /** Affected, and the distributor has said it will not fix it in this release. */
    WILL_NOT_FIX,
    /** Affected, and the distributor has postponed the fix. */
    DEFERRED,
    /** Not affected, by a VEX statement or the distributor's own verdict; reported only as suppressed. */
    NOT_AFFECTED;

    /** Lower case with dashes, as reports spell it ({@code will-not-fix}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean hasFix() {
        return this == FIXED;
    }
}
