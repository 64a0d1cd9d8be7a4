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
import java.util.regex.Pattern;

/**
 * Decides which license strings a package manager recorded are real SPDX license expressions.
 * Package databases hold a mix: SPDX ids ({@code MIT}), Debian short names ({@code GPL-2+}), free text.
 * Only expressions made entirely of SPDX-listed licenses and exceptions count; anything else would need
 * a LicenseRef with its text, which drydock does not have.
 */
final class SpdxLicenseExpressions {
    private static final Set<String> OPERATORS = Set.of("AND", "OR", "WITH");
    private static final Pattern TOKEN_SPLIT = Pattern.compile("[\\s()]+");
    private static final String SCRATCH_DOCUMENT = "https://drydock.invalid/license-check";
    /** Longer strings are license texts, not expressions; bounded because the input is untrusted. */
    private static final int MAX_LENGTH = 1000;

    private SpdxLicenseExpressions() {
    }

    /** The expression in the library's canonical spelling, or empty when it is not an SPDX expression of listed licenses. */
    static Optional<String> canonical(String expression) {
        if (expression == null || expression.isBlank() || expression.length() > MAX_LENGTH) return Optional.empty();
        SpdxLibrary.ensureReady();
        if (!onlyListedIdentifiers(expression)) return Optional.empty();
        try {
            AnyLicenseInfo parsed = LicenseInfoFactory.parseSPDXLicenseStringCompatV2(
                    expression.trim(), new InMemSpdxStore(), SCRATCH_DOCUMENT, new ModelCopyManager());
            if (!parsed.verify().isEmpty()) return Optional.empty();
            return Optional.of(stripOuterParentheses(parsed.toString()));
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

    private static boolean onlyListedIdentifiers(String expression) {
        boolean afterWith = false;
        boolean any = false;
        for (String token : TOKEN_SPLIT.split(expression.trim())) {
            if (token.isEmpty()) continue;
            if (OPERATORS.contains(token)) {
                afterWith = token.equals("WITH");
                continue;
            }
            boolean listed = afterWith
                    ? LicenseInfoFactory.isSpdxListedExceptionId(token)
                    : LicenseInfoFactory.isSpdxListedLicenseId(token.endsWith("+") ? token.substring(0, token.length() - 1) : token);
            if (!listed) return false;
            afterWith = false;
            any = true;
        }
        return any;
    }

    private static String grouped(String expression) {
        return isCompound(expression) ? "(" + expression + ")" : expression;
    }

    private static String stripOuterParentheses(String s) {
        if (s.length() < 2 || s.charAt(0) != '(' || s.charAt(s.length() - 1) != ')') return s;
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            // The opening parenthesis closes before the end: "(A) AND (B)" must keep its parentheses.
            if (depth == 0 && i < s.length() - 1) return s;
        }
        return s.substring(1, s.length() - 1);
    }
}
