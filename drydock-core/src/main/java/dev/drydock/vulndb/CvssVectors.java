package dev.drydock.vulndb;

import dev.drydock.match.Cvss;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;

/** Turns a CVSS vector a source published into a rating with its computed base score. */
public final class CvssVectors {
    private CvssVectors() {
    }

    /** The rating a vector means; a vector that cannot be scored keeps its text with severity UNKNOWN. */
    public static SeverityRating rating(String source, String vector) {
        var parsed = Cvss.tryParse(vector);
        if (parsed.isEmpty()) return new SeverityRating(source, Severity.UNKNOWN, null, vector, null);
        Cvss.Vector v = parsed.get();
        var score = v.baseScore();
        // v4.0 vectors are checked but not scored (see Cvss); their severity must come from elsewhere.
        return new SeverityRating(source, v.severity().orElse(Severity.UNKNOWN), v.version().label(), vector,
                score.isPresent() ? score.getAsDouble() : null);
    }
}
