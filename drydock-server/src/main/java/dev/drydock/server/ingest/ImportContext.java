package dev.drydock.server.ingest;

import dev.drydock.model.UntrustedText;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one import run accumulates besides findings: the finding budget, skipped rows, warnings. Also where every
 * string from the file is bounded, so no importer can forget to.
 */
final class ImportContext {
    final ImportLimits limits;
    final SkippedRows skipped = new SkippedRows();
    private final Set<String> warnings = new LinkedHashSet<>();
    private int droppedWarnings;
    private int findings;

    ImportContext(ImportLimits limits) {
        this.limits = limits;
    }

    /** Counts one more finding; over the limit the whole import is refused (a partial one would hide findings). */
    void countFinding() {
        if (++findings > limits.maxFindings()) {
            throw new ImportTooLargeException("report has more than " + limits.maxFindings() + " findings; drydock imports at most that many");
        }
    }

    void skip(String reason, String where) {
        skipped.add(reason, where);
    }

    void warn(String message) {
        String m = UntrustedText.printable(message, 300);
        if (warnings.contains(m)) return;
        if (warnings.size() < ImportLimits.MAX_WARNINGS) warnings.add(m);
        else droppedWarnings++;
    }

    List<String> warnings() {
        List<String> out = new ArrayList<>(warnings);
        if (droppedWarnings > 0) out.add(droppedWarnings + " more warnings not shown");
        return out;
    }

    /** An identifier-like field: stripped, bounded, control characters replaced; blank becomes null. */
    String field(String s) {
        return Normalise.clean(s, limits.maxFieldLength());
    }

    /** Display text (title, description): bounded to the text limit; line breaks kept. */
    String text(String s) {
        return Normalise.cleanText(s, limits.maxTextLength());
    }
}
