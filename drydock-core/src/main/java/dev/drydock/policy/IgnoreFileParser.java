package dev.drydock.policy;

import dev.drydock.image.BadInputException;
import dev.drydock.model.UntrustedText;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code .drydockignore}, which is {@code .trivyignore}'s line format so that existing files can be renamed
 * or pointed at: one vulnerability id per line, blank lines and lines starting with {@code #} skipped,
 * fields separated by white space. The first field is the id; a later field {@code exp:YYYY-MM-DD} is the
 * expiry (Trivy looks for it among all later fields, and so does this); the remaining fields, with a leading
 * {@code #} dropped, are kept as the statement.
 *
 * <p>Where Trivy warns and drops a line whose date does not parse, drydock refuses the file: a typo in a
 * date should be fixed, not silently turn a time-limited exception into no exception at all.
 */
public final class IgnoreFileParser {
    static final int MAX_ID = 256;
    private static final Pattern WS = Pattern.compile("\\s+");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private IgnoreFileParser() {
    }

    public static List<IgnoreRule> parse(String fileName, byte[] content) {
        String text = PolicyInput.text(fileName, content, PolicyInput.MAX_IGNORE_FILE_BYTES);
        List<IgnoreRule> rules = new ArrayList<>();
        int lineNo = 0;
        for (String raw : (Iterable<String>) text.lines()::iterator) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = fileName + ":" + lineNo;
            if (!PolicyInput.printable(line.replace('\t', ' '))) {
                throw new BadInputException(where + ": control characters in an ignore rule");
            }
            String[] fields = WS.split(line);
            String id = fields[0];
            if (id.length() > MAX_ID) throw new BadInputException(where + ": vulnerability id longer than " + MAX_ID + " characters");
            LocalDate exp = null;
            List<String> rest = new ArrayList<>();
            for (int i = 1; i < fields.length; i++) {
                String f = fields[i];
                if (exp == null && f.startsWith("exp:")) {
                    exp = date(f.substring(4), where);
                } else {
                    rest.add(f);
                }
            }
            String statement = String.join(" ", rest);
            if (statement.startsWith("#")) statement = statement.substring(1).strip();
            rules.add(new IgnoreRule(id, List.of(), List.of(), exp, statement, where));
        }
        return rules;
    }

    private static LocalDate date(String s, String where) {
        if (!DATE.matcher(s).matches()) {
            throw new BadInputException(where + ": expiry date '" + UntrustedText.printable(s, 40) + "' is not YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeException e) {
            throw new BadInputException(where + ": expiry date '" + s + "' is not a calendar date");
        }
    }
}
