package dev.drydock.report;

import dev.drydock.model.Finding;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;
import dev.drydock.model.UntrustedText;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the writers share about text that came from advisories and images: it is hostile until shown
 * otherwise, so every human-facing format passes it through here.
 */
final class ReportText {
    /** Two-space indented JSON with \n line ends on every platform, leaving the stream open. */
    static final com.fasterxml.jackson.databind.ObjectWriter PRETTY_JSON;

    static {
        var indenter = new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n");
        PRETTY_JSON = new com.fasterxml.jackson.databind.ObjectMapper()
                .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writer(new com.fasterxml.jackson.core.util.DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter));
    }

    /** Most severe first: the order people read a report in. */
    static final List<Severity> SEVERITIES_DESCENDING = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM,
            Severity.LOW, Severity.NEGLIGIBLE, Severity.UNKNOWN);

    /*
     * UntrustedText covers C0 controls and DEL; a terminal also obeys C1 controls (U+009B is a one-character
     * CSI) and bidirectional overrides reorder what the reader sees ("Trojan Source"), so those go too.
     */
    private static final Pattern INVISIBLE = Pattern.compile("[\\u0080-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]");
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\t\\u2028\\u2029\\u0085]+");
    private static final Pattern CWE = Pattern.compile("(?i)CWE-(\\d{1,9})");

    private ReportText() {
    }

    /**
     * One line of untrusted text that is safe on a terminal and in any line-oriented format: line breaks
     * become spaces, control characters, escape sequences and direction overrides become {@code ?}, and
     * it is cut to {@code max} characters (plus an ellipsis).
     */
    static String terminal(String s, int max) {
        if (s == null) return "";
        String oneLine = LINE_BREAKS.matcher(s).replaceAll(" ");
        return INVISIBLE.matcher(UntrustedText.printable(oneLine, max)).replaceAll("?");
    }

    /** Like {@link #terminal} but keeping line breaks, for long text in a structured document (SARIF help). */
    static String paragraph(String s, int max) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder();
        for (String line : s.lines().toList()) {
            if (out.length() > max) break;
            if (!out.isEmpty()) out.append('\n');
            out.append(terminal(line, max));
        }
        return out.length() > max ? out.substring(0, max) + "…" : out.toString();
    }

    /** Active findings counted per severity, every severity present (zero when none). */
    static Map<Severity, Integer> countBySeverity(List<Finding> findings) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) counts.put(s, 0);
        for (Finding f : findings) counts.merge(f.severity(), 1, Integer::sum);
        return counts;
    }

    /**
     * The CVSS base score behind a finding's severity: the chosen rating's score, else the score of another
     * source in the same qualitative band (so the number never contradicts the severity shown), else null.
     */
    static Double score(Finding f) {
        List<SeverityRating> ratings = f.ratings();
        // The chosen rating comes first (Finding's contract).
        if (!ratings.isEmpty() && validScore(ratings.get(0).score())) return ratings.get(0).score();
        for (SeverityRating r : ratings) {
            if (validScore(r.score()) && Severity.ofCvssScore(r.score()) == f.severity()) return r.score();
        }
        return null;
    }

    private static boolean validScore(Double score) {
        return score != null && score >= 0 && score <= 10;
    }

    /**
     * A page about the vulnerability: the first http(s) reference, else the well-known page for the id's
     * namespace, else null. Only absolute http(s) URIs come out, so a reference of {@code javascript:} never
     * becomes a link.
     */
    static String vulnerabilityUrl(Finding f) {
        for (String ref : f.references()) {
            String url = httpUrl(ref);
            if (url != null) return url;
        }
        return wellKnownUrl(f.id());
    }

    static String wellKnownUrl(String id) {
        if (id == null) return null;
        String upper = id.toUpperCase(Locale.ROOT);
        if (upper.matches("CVE-\\d{4}-\\d{4,}")) return "https://nvd.nist.gov/vuln/detail/" + upper;
        if (id.matches("GHSA(-[23456789cfghjmpqrvwx]{4}){3}")) return "https://github.com/advisories/" + id;
        return null;
    }

    /** {@code s} when it is an absolute http(s) URI without spaces or control characters, else null. */
    static String httpUrl(String s) {
        if (s == null || s.length() > 2048) return null;
        String t = s.strip();
        if (!t.regionMatches(true, 0, "https://", 0, 8) && !t.regionMatches(true, 0, "http://", 0, 7)) return null;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`' || c == '{' || c == '}'
                    || c == '|' || c == '^' || c > 0x7e) {
                return null;
            }
        }
        try {
            URI uri = new URI(t);
            return uri.getHost() == null ? null : t;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The numbers of {@code CWE-nnn} ids, in order, without duplicates; other strings are skipped. */
    static List<Integer> cweNumbers(List<String> cwes) {
        List<Integer> out = new ArrayList<>();
        for (String c : cwes) {
            if (c == null) continue;
            Matcher m = CWE.matcher(c.strip());
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                if (!out.contains(n)) out.add(n);
            }
        }
        return out;
    }

    /** Severity as a heading word: {@code Critical}. */
    static String title(Severity s) {
        String id = s.id();
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }
}
