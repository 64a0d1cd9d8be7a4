package dev.drydock.policy;

import dev.drydock.image.BadInputException;
import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Severity;
import dev.drydock.model.Suppression;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CI gate: which findings are suppressed and whether the rest fail the build.
 *
 * <p>A finding is suppressed by the first of these that applies, and keeps a suppression it already had:
 * <ol>
 *   <li>VEX: the latest applicable statement (by its timestamp, then by order given) says not_affected or
 *       fixed; a later affected or under_investigation statement overrides an earlier not_affected one;</li>
 *   <li>an ignore rule that has not expired ({@code today} before its expiry date);</li>
 *   <li>{@code --ignore-unfixed}, when no fixed version is known.</li>
 * </ol>
 * VEX goes first because it is the supplier's verdict on this very product, while an ignore rule is a local
 * decision; recording the stronger reason keeps the report honest.
 *
 * <p>The gate fails when an unsuppressed finding whose status is not {@code NOT_AFFECTED} has a severity in
 * {@code severities} (all of them when empty). A break-glass reason turns a failing gate's exit code into 0
 * and is recorded with the CI context in the {@link GateResult}.
 *
 * @param severities       the severities that fail the gate; empty for all
 * @param ignoreUnfixed    leave out findings with no fix
 * @param exitCode         the exit code of a failing gate, 0–255 ({@code 0}: report only)
 * @param ignoreRules      from the ignore files
 * @param vexStatements    from the VEX documents, in the order given
 * @param today            the date ignore-rule expiry is judged by
 * @param now              the time recorded with a break-glass override
 * @param breakGlassReason why the gate is overridden, or null
 * @param ciEnv            the environment {@link CiContext} reads (only its named variables are used)
 * @param imageDigest      the scanned image's manifest digest ({@code sha256:…}) that {@code pkg:oci} VEX products
 *                         must name; null when unknown, and then any image product applies
 */
public record Policy(Set<Severity> severities, boolean ignoreUnfixed, int exitCode, List<IgnoreRule> ignoreRules,
                     List<VexStatement> vexStatements, LocalDate today, Instant now, String breakGlassReason,
                     Map<String, String> ciEnv, String imageDigest) {
    public static final int MAX_BREAK_GLASS_REASON = 500;
    static final String UNFIXED_REASON = "no fix available (--ignore-unfixed)";

    public Policy {
        severities = severities == null || severities.isEmpty() ? Set.of() : Set.copyOf(severities);
        ignoreRules = ignoreRules == null ? List.of() : List.copyOf(ignoreRules);
        vexStatements = vexStatements == null ? List.of() : List.copyOf(vexStatements);
        ciEnv = ciEnv == null ? Map.of() : Map.copyOf(ciEnv);
        Objects.requireNonNull(today, "today");
        Objects.requireNonNull(now, "now");
        if (exitCode < 0 || exitCode > 255) throw new BadInputException("exit code must be between 0 and 255, not " + exitCode);
        if (breakGlassReason != null) {
            if (breakGlassReason.isBlank()) throw new BadInputException("break-glass reason must not be blank");
            if (breakGlassReason.length() > MAX_BREAK_GLASS_REASON) {
                throw new BadInputException("break-glass reason is longer than " + MAX_BREAK_GLASS_REASON + " characters");
            }
            if (!PolicyInput.printable(breakGlassReason)) {
                throw new BadInputException("break-glass reason must be printable text on one line (no control or formatting characters)");
            }
            breakGlassReason = breakGlassReason.strip();
        }
    }

    /** The same policy for an image known only once it has been read. */
    public Policy withImageDigest(String digest) {
        return new Policy(severities, ignoreUnfixed, exitCode, ignoreRules, vexStatements, today, now, breakGlassReason, ciEnv, digest);
    }

    public static Builder builder(LocalDate today, Instant now) {
        return new Builder(today, now);
    }

    public PolicyOutcome apply(List<Finding> findings) {
        List<String> warnings = new ArrayList<>();
        List<IgnoreRule> active = new ArrayList<>();
        for (IgnoreRule r : ignoreRules) {
            if (r.expiredOn(today)) {
                warnings.add("ignore rule " + (r.vulnerabilityId() == null ? "for " + String.join(", ", r.purls().isEmpty() ? r.paths() : r.purls()) : r.vulnerabilityId())
                        + " at " + r.origin() + " expired on " + r.expires() + " and no longer applies");
            } else {
                active.add(r);
            }
        }
        List<Finding> out = new ArrayList<>(findings.size());
        Set<String> failing = new TreeSet<>();
        for (Finding f : findings) {
            Finding g = f.suppressed() ? f : f.withSuppression(suppression(f, active));
            out.add(g);
            if (!g.suppressed() && g.status() != FindingStatus.NOT_AFFECTED && counts(g.severity())) {
                String version = g.installedVersion() != null ? g.installedVersion() : g.pkg().version();
                failing.add(g.id() + " " + g.pkg().name() + "@" + version);
            }
        }
        BreakGlass bg = null;
        if (breakGlassReason != null) {
            if (!failing.isEmpty()) {
                bg = new BreakGlass(breakGlassReason, now, CiContext.from(ciEnv).toMap());
                warnings.add("gate failed on " + failing.size() + " finding(s) and was overridden by break-glass: " + breakGlassReason);
            } else {
                warnings.add("break-glass reason given but not used: the gate passed");
            }
        }
        Set<Severity> shown = severities.isEmpty() ? EnumSet.allOf(Severity.class) : severities;
        GateResult gate = new GateResult(shown, ignoreUnfixed, exitCode, List.copyOf(failing), bg);
        return new PolicyOutcome(out, warnings, gate);
    }

    private boolean counts(Severity s) {
        return severities.isEmpty() || severities.contains(s);
    }

    private Suppression suppression(Finding f, List<IgnoreRule> active) {
        VexStatement v = latestVex(f);
        if (v != null && v.status().suppresses()) {
            return new Suppression(Suppression.Kind.VEX, v.reason(), v.origin(), null);
        }
        for (IgnoreRule r : active) {
            if (r.matches(f)) {
                String reason = r.statement().isBlank() ? "listed in " + r.origin() : r.statement();
                return new Suppression(Suppression.Kind.IGNORE_FILE, reason, r.origin(), r.expires());
            }
        }
        if (ignoreUnfixed && !f.status().hasFix() && f.fixedVersions().isEmpty()) {
            return new Suppression(Suppression.Kind.UNFIXED, UNFIXED_REASON, null, null);
        }
        return null;
    }

    /** The applicable statement with the latest time; among equal times the one given last, as OpenVEX orders them. */
    private VexStatement latestVex(Finding f) {
        VexStatement best = null;
        for (VexStatement s : vexStatements) {
            if (!s.appliesTo(f, imageDigest)) continue;
            if (best == null || !before(s.timestamp(), best.timestamp())) best = s;
        }
        return best;
    }

    /** Whether a is strictly earlier than b; a statement without a time is older than any with one. */
    private static boolean before(Instant a, Instant b) {
        if (a == null) return b != null;
        return b != null && a.isBefore(b);
    }

    /** Named settings for the many optional parts; defaults: all severities, exit code 1, nothing ignored. */
    public static final class Builder {
        private final LocalDate today;
        private final Instant now;
        private Set<Severity> severities = Set.of();
        private boolean ignoreUnfixed;
        private int exitCode = 1;
        private List<IgnoreRule> ignoreRules = List.of();
        private List<VexStatement> vex = List.of();
        private String breakGlassReason;
        private Map<String, String> ciEnv = Map.of();
        private String imageDigest;

        private Builder(LocalDate today, Instant now) {
            this.today = today;
            this.now = now;
        }

        public Builder severities(Set<Severity> s) {
            this.severities = s;
            return this;
        }

        public Builder ignoreUnfixed(boolean b) {
            this.ignoreUnfixed = b;
            return this;
        }

        public Builder exitCode(int c) {
            this.exitCode = c;
            return this;
        }

        public Builder ignoreRules(List<IgnoreRule> r) {
            this.ignoreRules = r;
            return this;
        }

        public Builder vex(List<VexStatement> v) {
            this.vex = v;
            return this;
        }

        public Builder breakGlass(String reason) {
            this.breakGlassReason = reason;
            return this;
        }

        public Builder ciEnv(Map<String, String> env) {
            this.ciEnv = env;
            return this;
        }

        public Builder imageDigest(String digest) {
            this.imageDigest = digest;
            return this;
        }

        public Policy build() {
            return new Policy(severities, ignoreUnfixed, exitCode, ignoreRules, vex, today, now, breakGlassReason, ciEnv, imageDigest);
        }
    }
}
