package dev.drydock.match;

import dev.drydock.model.Severity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * CVSS vector strings: parsing, validation and the base score, for v2, v3.0, v3.1 and v4.0.
 *
 * <p>Feeds often publish only the vector (OSV and GHSA {@code severity[].score}), or a score that
 * disagrees with the vector, so drydock recomputes the base score itself. The equations are the ones in
 * the FIRST specifications, implemented from their text:
 * <ul>
 *   <li>v2: CVSS v2 Complete Guide, section 3.2.1 (base equation, {@code round_to_1_decimal});</li>
 *   <li>v3.0: CVSS v3.0 Specification, section 8.1, with its "Round up" (smallest one-decimal number not
 *       below the input);</li>
 *   <li>v3.1: CVSS v3.1 Specification, section 7.1, with the {@code Roundup} of Appendix A, which works
 *       on integers so that e.g. 4.000000000000001 (a floating-point artefact) rounds to 4.0, not 4.1.</li>
 * </ul>
 * The v3.0 and v3.1 base equations are otherwise identical (v3.1 only changed rounding and the
 * environmental equation); over all 2592 base vectors the two roundings never disagree either, so a
 * v3.0 and a v3.1 vector with the same metrics have the same base score.
 *
 * <p><b>v4.0 vectors are parsed and validated, but get no score.</b> The v4.0 score is not an equation:
 * it is interpolated from a lookup table of macro-vector scores (one per combination of the
 * specification's equivalence classes) published with FIRST's reference calculator. Typing that table in from memory or copying it is not something to do without
 * being able to check every entry against the source, so {@link Vector#baseScore()} is empty for v4.0 and
 * callers use the score the feed published (NVD {@code cvssMetricV40.baseScore}, GHSA
 * {@code cvssV4.score}) if there is one.
 *
 * <p>Parsing is strict, because a half-understood vector would produce a confident wrong score: the
 * prefix and metric names are case-sensitive as in the specifications, every base metric must appear
 * exactly once, every value must be one the specification defines, and nothing else (no blanks, no empty
 * components) may appear. Temporal, threat, environmental and supplemental metrics are accepted and
 * validated but never change the base score. Metric order is not enforced (NVD and GHSA always use the
 * specification's order, and order carries no meaning).
 */
public final class Cvss {
    /** Longest accepted vector. A full v4.0 vector with every optional metric is about 200 characters. */
    public static final int MAX_LENGTH = 256;

    private Cvss() {
    }

    public enum Version {
        V2("2.0"), V3_0("3.0"), V3_1("3.1"), V4_0("4.0");

        private final String label;

        Version(String label) {
            this.label = label;
        }

        /** The version as vector prefixes spell it: {@code 2.0}, {@code 3.0}, {@code 3.1}, {@code 4.0}. */
        public String label() {
            return label;
        }
    }

    /**
     * A valid vector. {@code metrics} keeps the order of the input; {@link #toString()} gives the
     * vector back with its {@code CVSS:x.y/} prefix (v2 without prefix or parentheses, as NVD writes it).
     */
    public record Vector(Version version, Map<String, String> metrics) {
        public Vector {
            metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }

        /** The value of a metric, e.g. {@code metric("AV")} → {@code "N"}; null when absent. */
        public String metric(String key) {
            return metrics.get(key);
        }

        /** The base score per the FIRST specification; empty for v4.0 (see the class comment). */
        public OptionalDouble baseScore() {
            return switch (version) {
                case V2 -> OptionalDouble.of(v2Base(this));
                case V3_0 -> OptionalDouble.of(v3Base(this, false));
                case V3_1 -> OptionalDouble.of(v3Base(this, true));
                case V4_0 -> OptionalDouble.empty();
            };
        }

        /** The qualitative rating of {@link #baseScore()}; empty when there is no score. */
        public Optional<Severity> severity() {
            OptionalDouble s = baseScore();
            return s.isPresent() ? Optional.of(Cvss.severity(version, s.getAsDouble())) : Optional.empty();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(version == Version.V2 ? "" : "CVSS:" + version.label + "/");
            metrics.forEach((k, v) -> sb.append(k).append(':').append(v).append('/'));
            sb.setLength(sb.length() - 1);
            return sb.toString();
        }
    }

    /** Parses a vector, or throws {@link InvalidCvssException} saying what is wrong. Never anything else. */
    public static Vector parse(String text) {
        if (text == null) throw new InvalidCvssException(null, "missing");
        if (text.length() > MAX_LENGTH) throw new InvalidCvssException(text, "longer than " + MAX_LENGTH + " characters");
        // NVD's v2 vectors sometimes come wrapped in parentheses, as the v2 guide prints them.
        boolean parenthesised = text.length() >= 2 && text.startsWith("(") && text.endsWith(")");
        String body = parenthesised ? text.substring(1, text.length() - 1) : text;
        Version version;
        if (body.startsWith("CVSS:")) {
            int slash = body.indexOf('/');
            String label = slash < 0 ? body.substring(5) : body.substring(5, slash);
            version = switch (label) {
                case "2.0" -> Version.V2;
                case "3.0" -> Version.V3_0;
                case "3.1" -> Version.V3_1;
                case "4.0" -> Version.V4_0;
                default -> throw new InvalidCvssException(text, "unknown CVSS version");
            };
            if (slash < 0) throw new InvalidCvssException(text, "no metrics");
            body = body.substring(slash + 1);
        } else {
            // v2 has no mandatory prefix; a v3 or v4 vector without its prefix fails below on its metric names.
            version = Version.V2;
        }
        if (parenthesised && version != Version.V2) throw new InvalidCvssException(text, "only v2 vectors may be parenthesised");
        Map<String, Set<String>> allowed = allowed(version);
        Map<String, String> metrics = new LinkedHashMap<>();
        int start = 0;
        while (true) {
            int end = body.indexOf('/', start);
            String part = end < 0 ? body.substring(start) : body.substring(start, end);
            int colon = part.indexOf(':');
            if (colon <= 0 || colon == part.length() - 1 || part.indexOf(':', colon + 1) >= 0) {
                throw new InvalidCvssException(text, "component \"" + InvalidCvssException.shown(part) + "\" is not METRIC:VALUE");
            }
            String key = part.substring(0, colon);
            String value = part.substring(colon + 1);
            Set<String> values = allowed.get(key);
            if (values == null) throw new InvalidCvssException(text, "unknown metric " + InvalidCvssException.shown(key) + " for v" + version.label);
            if (!values.contains(value)) throw new InvalidCvssException(text, "invalid value for " + key);
            if (metrics.putIfAbsent(key, value) != null) throw new InvalidCvssException(text, "duplicate metric " + key);
            if (end < 0) break;
            start = end + 1;
        }
        for (String key : base(version)) {
            if (!metrics.containsKey(key)) throw new InvalidCvssException(text, "missing base metric " + key);
        }
        return new Vector(version, metrics);
    }

    /** {@link #parse} without the exception: empty for anything invalid. */
    public static Optional<Vector> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (InvalidCvssException e) {
            return Optional.empty();
        }
    }

    /** The base score of a vector; empty when it is invalid or a v4.0 vector. */
    public static OptionalDouble baseScore(String text) {
        return tryParse(text).map(Vector::baseScore).orElse(OptionalDouble.empty());
    }

    /**
     * The qualitative rating of a score. v3.x and v4.0 use the specifications' table
     * ({@link Severity#ofCvssScore}); v2 defined none, so this follows NVD's v2 ranges: Low 0.0–3.9,
     * Medium 4.0–6.9, High 7.0–10.0 (v2 has no Critical and no None).
     */
    public static Severity severity(Version version, double score) {
        if (version != Version.V2) return Severity.ofCvssScore(score);
        if (score >= 7.0) return Severity.HIGH;
        if (score >= 4.0) return Severity.MEDIUM;
        return Severity.LOW;
    }

    // ---- v2 (CVSS v2 Complete Guide, 3.2.1) ----

    private static double v2Base(Vector v) {
        double c = v2Impact(v.metric("C")), i = v2Impact(v.metric("I")), a = v2Impact(v.metric("A"));
        double impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
        double accessVector = switch (v.metric("AV")) {
            case "L" -> 0.395;
            case "A" -> 0.646;
            default -> 1.0; // N
        };
        double accessComplexity = switch (v.metric("AC")) {
            case "H" -> 0.35;
            case "M" -> 0.61;
            default -> 0.71; // L
        };
        double authentication = switch (v.metric("Au")) {
            case "M" -> 0.45;
            case "S" -> 0.56;
            default -> 0.704; // N
        };
        double exploitability = 20 * accessVector * accessComplexity * authentication;
        double fImpact = impact == 0 ? 0 : 1.176;
        return roundToOneDecimal((0.6 * impact + 0.4 * exploitability - 1.5) * fImpact);
    }

    private static double v2Impact(String value) {
        return switch (value) {
            case "P" -> 0.275;
            case "C" -> 0.660;
            default -> 0; // N
        };
    }

    /**
     * The guide's {@code round_to_1_decimal}: ordinary half-up rounding. Over all 729 v2 base vectors
     * no raw score lies within 1e-4 of a .x5 boundary, so floating-point noise cannot flip a result.
     */
    static double roundToOneDecimal(double x) {
        return Math.round(x * 10) / 10.0;
    }

    // ---- v3.0 / v3.1 (specification section 8.1 resp. 7.1) ----

    private static double v3Base(Vector v, boolean v31) {
        boolean changed = v.metric("S").equals("C");
        double iss = 1 - (1 - v3Cia(v.metric("C"))) * (1 - v3Cia(v.metric("I"))) * (1 - v3Cia(v.metric("A")));
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double attackVector = switch (v.metric("AV")) {
            case "N" -> 0.85;
            case "A" -> 0.62;
            case "L" -> 0.55;
            default -> 0.2; // P
        };
        double attackComplexity = v.metric("AC").equals("L") ? 0.77 : 0.44;
        // Privileges count for more when the attack crosses a scope boundary.
        double privileges = switch (v.metric("PR")) {
            case "N" -> 0.85;
            case "L" -> changed ? 0.68 : 0.62;
            default -> changed ? 0.5 : 0.27; // H
        };
        double userInteraction = v.metric("UI").equals("N") ? 0.85 : 0.62;
        double exploitability = 8.22 * attackVector * attackComplexity * privileges * userInteraction;
        if (impact <= 0) return 0;
        double raw = changed ? Math.min(1.08 * (impact + exploitability), 10) : Math.min(impact + exploitability, 10);
        return v31 ? roundUp31(raw) : roundUp30(raw);
    }

    private static double v3Cia(String value) {
        return switch (value) {
            case "H" -> 0.56;
            case "L" -> 0.22;
            default -> 0; // N
        };
    }

    /** v3.0's "Round up": the smallest number with one decimal that is equal to or higher than the input. */
    static double roundUp30(double x) {
        return Math.ceil(x * 10) / 10.0;
    }

    /**
     * v3.1 Appendix A {@code Roundup}: scale to an integer at five decimals first, so that values a hair
     * above a one-decimal number only because of binary floating point are not pushed up by 0.1.
     */
    static double roundUp31(double x) {
        long scaled = Math.round(x * 100_000);
        if (scaled % 10_000 == 0) return scaled / 100_000.0;
        return (Math.floorDiv(scaled, 10_000) + 1) / 10.0;
    }

    // ---- metric definitions ----

    private static final Set<String> V2_CIA = Set.of("N", "P", "C");
    private static final Set<String> V2_REQ = Set.of("L", "M", "H", "ND");
    private static final Map<String, Set<String>> V2 = ordered(
            "AV", Set.of("L", "A", "N"), "AC", Set.of("H", "M", "L"), "Au", Set.of("M", "S", "N"),
            "C", V2_CIA, "I", V2_CIA, "A", V2_CIA,
            "E", Set.of("U", "POC", "F", "H", "ND"), "RL", Set.of("OF", "TF", "W", "U", "ND"), "RC", Set.of("UC", "UR", "C", "ND"),
            "CDP", Set.of("N", "L", "LM", "MH", "H", "ND"), "TD", Set.of("N", "L", "M", "H", "ND"),
            "CR", V2_REQ, "IR", V2_REQ, "AR", V2_REQ);
    private static final List<String> V2_BASE = List.of("AV", "AC", "Au", "C", "I", "A");

    private static final Set<String> V3_CIA = Set.of("H", "L", "N");
    private static final Set<String> V3_MCIA = Set.of("X", "H", "L", "N");
    private static final Set<String> V3_REQ = Set.of("X", "H", "M", "L");
    private static final Map<String, Set<String>> V3 = ordered(
            "AV", Set.of("N", "A", "L", "P"), "AC", Set.of("L", "H"), "PR", Set.of("N", "L", "H"), "UI", Set.of("N", "R"),
            "S", Set.of("U", "C"), "C", V3_CIA, "I", V3_CIA, "A", V3_CIA,
            "E", Set.of("X", "H", "F", "P", "U"), "RL", Set.of("X", "U", "W", "T", "O"), "RC", Set.of("X", "C", "R", "U"),
            "CR", V3_REQ, "IR", V3_REQ, "AR", V3_REQ,
            "MAV", Set.of("X", "N", "A", "L", "P"), "MAC", Set.of("X", "L", "H"), "MPR", Set.of("X", "N", "L", "H"),
            "MUI", Set.of("X", "N", "R"), "MS", Set.of("X", "U", "C"), "MC", V3_MCIA, "MI", V3_MCIA, "MA", V3_MCIA);
    private static final List<String> V3_BASE = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");

    private static final Set<String> V4_MSUB = Set.of("X", "S", "H", "L", "N");
    private static final Map<String, Set<String>> V4 = ordered(
            "AV", Set.of("N", "A", "L", "P"), "AC", Set.of("L", "H"), "AT", Set.of("N", "P"), "PR", Set.of("N", "L", "H"),
            "UI", Set.of("N", "P", "A"), "VC", V3_CIA, "VI", V3_CIA, "VA", V3_CIA, "SC", V3_CIA, "SI", V3_CIA, "SA", V3_CIA,
            "E", Set.of("X", "A", "P", "U"),
            "CR", V3_REQ, "IR", V3_REQ, "AR", V3_REQ,
            "MAV", Set.of("X", "N", "A", "L", "P"), "MAC", Set.of("X", "L", "H"), "MAT", Set.of("X", "N", "P"),
            "MPR", Set.of("X", "N", "L", "H"), "MUI", Set.of("X", "N", "P", "A"),
            "MVC", V3_MCIA, "MVI", V3_MCIA, "MVA", V3_MCIA, "MSC", V3_MCIA, "MSI", V4_MSUB, "MSA", V4_MSUB,
            "S", Set.of("X", "N", "P"), "AU", Set.of("X", "N", "Y"), "R", Set.of("X", "A", "U", "I"),
            "V", Set.of("X", "D", "C"), "RE", Set.of("X", "L", "M", "H"), "U", Set.of("X", "Clear", "Green", "Amber", "Red"));
    private static final List<String> V4_BASE = List.of("AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA");

    private static Map<String, Set<String>> allowed(Version v) {
        return switch (v) {
            case V2 -> V2;
            case V3_0, V3_1 -> V3;
            case V4_0 -> V4;
        };
    }

    private static List<String> base(Version v) {
        return switch (v) {
            case V2 -> V2_BASE;
            case V3_0, V3_1 -> V3_BASE;
            case V4_0 -> V4_BASE;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> ordered(Object... keyValues) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (int k = 0; k < keyValues.length; k += 2) m.put((String) keyValues[k], (Set<String>) keyValues[k + 1]);
        return Collections.unmodifiableMap(m);
    }
}
