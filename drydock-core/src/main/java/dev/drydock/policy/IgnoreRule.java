package dev.drydock.policy;

import dev.drydock.model.Finding;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One entry of an ignore file.
 *
 * @param vulnerabilityId the id it ignores (matched against a finding's id and aliases, any case); null only
 *                        in {@code .trivyignore.yaml} entries that name purls or paths instead, which then
 *                        ignore every vulnerability of those packages
 * @param purls           package-urls the rule is limited to (any of them), empty for all packages
 * @param paths           glob patterns for the file the package was recorded in (any of them), empty for all
 * @param expires         the first day on which the rule no longer applies (Trivy's {@code exp:}/{@code expired_at}
 *                        meaning), null for never
 * @param statement       the reason written next to the rule, possibly empty
 * @param origin          {@code FILE:LINE} of the rule
 */
public record IgnoreRule(String vulnerabilityId, List<String> purls, List<String> paths, LocalDate expires,
                         String statement, String origin) {
    public IgnoreRule {
        purls = purls == null ? List.of() : List.copyOf(purls);
        paths = paths == null ? List.of() : List.copyOf(paths);
        statement = statement == null ? "" : statement;
        Objects.requireNonNull(origin, "origin");
        if (vulnerabilityId == null && purls.isEmpty() && paths.isEmpty()) {
            throw new IllegalArgumentException("an ignore rule needs an id, purls or paths");
        }
        // Validate here so that a rule that cannot match is rejected when read, not skipped when applied
        purls.forEach(PurlPattern::parse);
        paths.forEach(PathGlob::compile);
    }

    /**
     * Trivy drops a rule once its expiry instant (midnight UTC of the date) is before the clock, so on the
     * expiry date itself the rule is already gone; drydock keeps that meaning with a date-only clock.
     */
    public boolean expiredOn(LocalDate today) {
        return expires != null && !today.isBefore(expires);
    }

    /** Whether the rule covers the finding, expiry aside. */
    public boolean matches(Finding f) {
        if (vulnerabilityId != null && !f.isKnownAs(vulnerabilityId)) return false;
        // A rule limited to packages does not match a package without a purl: fail closed, the finding counts
        if (!purls.isEmpty() && purls.stream().noneMatch(p -> PurlPattern.parse(p).matches(f.pkg().purl()))) return false;
        return paths.isEmpty() || paths.stream().anyMatch(p -> PathGlob.compile(p).matches(f.pkg().path()));
    }
}
