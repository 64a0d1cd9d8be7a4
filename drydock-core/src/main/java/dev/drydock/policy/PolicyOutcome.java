package dev.drydock.policy;

import dev.drydock.model.Finding;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Policy#apply} decided.
 *
 * @param findings every finding given, in the same order, with its suppression set where one applies
 * @param warnings one line each for the user: expired ignore rules, break-glass use
 * @param gate     the verdict
 */
public record PolicyOutcome(List<Finding> findings, List<String> warnings, GateResult gate) {
    public PolicyOutcome {
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(gate, "gate");
    }
}
