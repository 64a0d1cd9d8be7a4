package dev.drydock.policy;

import dev.drydock.model.Severity;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The verdict of the CI gate over one scan.
 *
 * @param severities    the severities that count (all of them when the user named none)
 * @param ignoreUnfixed whether findings without a fix were left out
 * @param exitCode      the exit code asked for when the gate fails ({@code 0}: advisory only)
 * @param failing       {@code ID package@version} of the unsuppressed findings that made it fail, sorted
 * @param breakGlass    the override, when one was given and the gate would have failed; null otherwise
 */
public record GateResult(Set<Severity> severities, boolean ignoreUnfixed, int exitCode, List<String> failing,
                         BreakGlass breakGlass) {
    public GateResult {
        severities = Set.copyOf(Objects.requireNonNull(severities, "severities"));
        failing = List.copyOf(failing);
    }

    /** Whether the findings alone fail the gate (before any break-glass). */
    public boolean failed() {
        return !failing.isEmpty();
    }

    /** The process exit code this verdict asks for. */
    public int effectiveExitCode() {
        return failed() && breakGlass == null ? exitCode : 0;
    }
}
