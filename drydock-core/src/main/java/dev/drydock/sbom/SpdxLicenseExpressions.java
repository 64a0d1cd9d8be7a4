package dev.drydock.sbom;

import org.spdx.core.InvalidSPDXAnalysisException;
import org.spdx.library.LicenseInfoFactory;
import org.spdx.library.ModelCopyManager;
import org.spdx.library.model.v2.license.AnyLicenseInfo;
import org.spdx.storage.simple.InMemSpdxStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which license strings a package manager recorded are real SPDX license expressions.
 * Package databases hold a mix: SPDX ids ({@code MIT}), Debian short names ({@code GPL-2+}), free text.
 * Only expressions made entirely of SPDX-listed licenses and exceptions count; anything else would need
 * a LicenseRef with its text, which drydock does not have. Deprecated ids ({@code GPL-2.0+}) do not count
 * either: the SPDX library's verification flags them, and a document drydock writes should verify clean.
 */
final class SpdxLicenseExpressions {
    private static final Set<String> OPERATORS = Set.of("AND", "OR", "WITH");
    private static final Pattern TOKEN_SPLIT = Pattern.compile("[\\s()]+");
    private static final Pattern TOKEN = Pattern.compile("[^\\s()]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String SCRATCH_DOCUMENT = "https://drydock.invalid/license-check";
    /** Longer strings are license texts, not expressions; bounded because the input is untrusted. */
    private static final int MAX_LENGTH = 1000;
    private static final int MAX_CACHED = 10_000;
    private static final java.util.Map<String, Optional<String>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private SpdxLicenseExpressions() {
    }

    /**
     * The expression as recorded, with each identifier in its listed spelling ({@code mit} → {@code MIT}), or
     * empty when it is not an SPDX expression of listed licenses. Operand order is kept: the library's own
     * rendering reorders operands, which would make the SBOM disagree with the package's metadata.
     */
    static Optional<String> canonical(String expression) {
        if (expression == null || expression.isBlank() || expression.length() > MAX_LENGTH) return Optional.empty();
        // A full parse per package is slow, and images repeat a handful of licenses thousands of times.
        Optional<String> known = CACHE.get(expression);
        if (known != null) return known;
        Optional<String> result = parse(expression);
        if (CACHE.size() < MAX_CACHED) CACHE.put(expression, result);
        return result;
    }

    private static Optional<String> parse(String expression) {
        SpdxLibrary.ensureReady();
        Optional<String> spelled = listedSpelling(expression.trim());
        if (spelled.isEmpty()) return Optional.empty();
        try {
            AnyLicenseInfo parsed = LicenseInfoFactory.parseSPDXLicenseStringCompatV2(
                    spelled.get(), new InMemSpdxStore(), SCRATCH_DOCUMENT, new ModelCopyManager());
            return parsed.verify().isEmpty() ? spelled : Optional.empty();
        } catch (InvalidSPDXAnalysisException | RuntimeException e) {
            // The parser reports malformed input through several exception types; all mean "not an expression".
            return Optional.empty();
        }
    }

    /** The conjunction of all the licenses when every one is an SPDX expression, else empty. */
    static Optional<String> conjunction(List<String> licenses) {
        List<String> parts = new ArrayList<>();
        for (String license : licenses) {
            Optional<String> c = canonical(license);
            if (c.isEmpty()) return Optional.empty();
            String part = c.get();
            if (!parts.contains(part)) parts.add(part);
        }
        if (parts.isEmpty()) return Optional.empty();
        if (parts.size() == 1) return Optional.of(parts.get(0));
        return Optional.of(String.join(" AND ", parts.stream().map(SpdxLicenseExpressions::grouped).toList()));
    }

    /** True when the expression combines licenses with an operator, as opposed to naming one license. */
    static boolean isCompound(String canonical) {
        for (String token : TOKEN_SPLIT.split(canonical.trim())) {
            if (OPERATORS.contains(token)) return true;
        }
        return false;
    }

    /** Rewrites every identifier to its listed spelling; empty when one is not listed (or nothing is). */
    private static Optional<String> listedSpelling(String expression) {
        Matcher m = TOKEN.matcher(expression);
        StringBuilder out = new StringBuilder();
        boolean afterWith = false;
        boolean any = false;
        while (m.find()) {
            String token = m.group();
            String spelled;
            if (OPERATORS.contains(token)) {
                spelled = token;
                afterWith = token.equals("WITH");
            } else {
                Optional<String> listed;
                if (afterWith) {
                    listed = LicenseInfoFactory.listedExceptionIdCaseSensitive(token);
                } else {
                    boolean orLater = token.length() > 1 && token.endsWith("+");
                    String id = orLater ? token.substring(0, token.length() - 1) : token;
                    listed = LicenseInfoFactory.listedLicenseIdCaseSensitive(id).map(l -> orLater ? l + "+" : l);
                }
                if (listed.isEmpty()) return Optional.empty();
                spelled = listed.get();
                afterWith = false;
                any = true;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(spelled));
        }
        m.appendTail(out);
        return any ? Optional.of(WHITESPACE.matcher(out).replaceAll(" ")) : Optional.empty();
    }

    private static String grouped(String expression) {
        return isCompound(expression) ? "(" + expression + ")" : expression;
    }
}
