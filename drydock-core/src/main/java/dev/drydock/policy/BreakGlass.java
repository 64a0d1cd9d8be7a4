package dev.drydock.policy;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A logged override of a failing gate: who asked (from the CI context), when, and why. It is written into
 * every report so that each override can be found later.
 *
 * @param ciContext what the CI system says about the run (provider, repository, commit, pipeline URL, actor), never secrets
 */
public record BreakGlass(String reason, Instant at, Map<String, String> ciContext) {
    public BreakGlass {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        ciContext = ciContext == null ? Map.of() : Map.copyOf(ciContext);
    }
}
