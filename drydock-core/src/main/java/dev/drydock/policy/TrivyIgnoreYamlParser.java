package dev.drydock.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.drydock.image.BadInputException;
import dev.drydock.model.UntrustedText;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code .trivyignore.yaml} / {@code .yml}: a mapping whose {@code vulnerabilities} list holds entries with
 * {@code id}, {@code paths}, {@code purls}, {@code statement} and {@code expired_at}. As in current Trivy, an
 * entry may leave out the id when it names purls or paths (it then ignores every vulnerability there).
 * {@code misconfigurations}, {@code secrets} and {@code licenses} are Trivy's other scanners; drydock has
 * none of them, so those sections are skipped with a warning rather than rejected, and the same file
 * serves both tools.
 *
 * <p>The document is read as a token stream with line numbers, never bound to objects: aliases are not
 * expanded (an alias where a list is expected is a type error), the alias count, nesting depth and size
 * are bounded, and duplicated keys are refused.
 */
public final class TrivyIgnoreYamlParser {
    private static final Set<String> OTHER_SCANNERS = Set.of("misconfigurations", "secrets", "licenses");
    private static final Set<String> ENTRY_KEYS = Set.of("id", "paths", "purls", "statement", "expired_at");
    /** yaml.v3 reads {@code 2024-1-2} and {@code 2024-01-02T10:00:00Z} as times too; only the date counts here. */
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[Tt ][0-9:.]+(?:[Zz]|[+-]\\d{2}:?\\d{2})?)?");
    private static final int MAX_LIST = 10_000;

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(PolicyInput.MAX_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String fileName;
    private final JsonParser p;

    private TrivyIgnoreYamlParser(String fileName, JsonParser p) {
        this.fileName = fileName;
        this.p = p;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(PolicyInput.MAX_IGNORE_FILE_BYTES);
        o.setNestingDepthLimit(PolicyInput.MAX_DEPTH);
        o.setMaxAliasesForCollections(20);
        o.setAllowDuplicateKeys(false);
        return o;
    }

    public static List<IgnoreRule> parse(String fileName, byte[] content, Consumer<String> warnings) {
        String text = PolicyInput.text(fileName, content, PolicyInput.MAX_IGNORE_FILE_BYTES);
        try (JsonParser p = FACTORY.createParser(text)) {
            return new TrivyIgnoreYamlParser(fileName, p).document(warnings);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new BadInputException(fileName + (line > 0 ? ":" + line : "") + ": malformed YAML: "
                    + UntrustedText.firstLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException b) throw b;
            // SnakeYAML reports some limits (alias count, code points) with unchecked exceptions
            throw new BadInputException(fileName + ": malformed YAML: " + UntrustedText.firstLine(e.getMessage()));
        }
    }

    private List<IgnoreRule> document(Consumer<String> warnings) throws IOException {
        JsonToken t = p.nextToken();
        List<IgnoreRule> rules = new ArrayList<>();
        if (t == null || t == JsonToken.VALUE_NULL) return rules; // an empty file ignores nothing
        if (t != JsonToken.START_OBJECT) throw bad("the top level must be a mapping with a 'vulnerabilities' list");
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int line = line();
            JsonToken v = p.nextToken();
            if (key.equals("vulnerabilities")) {
                if (isNull(v)) continue;
                if (v != JsonToken.START_ARRAY) throw bad("'vulnerabilities' must be a list");
                int n = 0;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (++n > MAX_LIST) throw bad("more than " + MAX_LIST + " entries in 'vulnerabilities'");
                    if (t != JsonToken.START_OBJECT) throw bad("each entry of 'vulnerabilities' must be a mapping");
                    rules.add(entry(warnings));
                }
            } else {
                boolean empty = skipIsEmpty(v);
                if (OTHER_SCANNERS.contains(key)) {
                    if (!empty) warnings.accept(fileName + ":" + line + ": section '" + key + "' is for Trivy's other scanners; drydock ignores it");
                } else {
                    warnings.accept(fileName + ":" + line + ": unknown section '" + UntrustedText.printable(key, 60) + "' ignored");
                }
            }
        }
        if (t != JsonToken.END_OBJECT) throw bad("unexpected " + t);
        return rules;
    }

    private IgnoreRule entry(Consumer<String> warnings) throws IOException {
        String where = fileName + ":" + line();
        String id = null;
        String statement = null;
        LocalDate expires = null;
        List<String> paths = List.of();
        List<String> purls = List.of();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "id" -> id = scalar("id");
                case "statement" -> statement = scalar("statement");
                case "expired_at" -> expires = date(scalar("expired_at"));
                case "paths" -> paths = strings("paths");
                case "purls" -> purls = strings("purls");
                default -> {
                    warnings.accept(where + ": unknown key '" + UntrustedText.printable(key, 60) + "' ignored");
                    skipIsEmpty(p.currentToken());
                }
            }
        }
        if (id != null && id.isBlank()) id = null;
        if (id != null && (id.length() > IgnoreFileParser.MAX_ID || !PolicyInput.printable(id))) {
            throw new BadInputException(where + ": 'id' is not a printable vulnerability id of at most " + IgnoreFileParser.MAX_ID + " characters");
        }
        if (id == null && paths.isEmpty() && purls.isEmpty()) {
            throw new BadInputException(where + ": entry has no 'id', 'purls' or 'paths'; it would ignore everything");
        }
        if (statement != null) statement = UntrustedText.printable(statement.strip(), 1000);
        try {
            return new IgnoreRule(id, purls, paths, expires, statement, where);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": " + UntrustedText.firstLine(e.getMessage()));
        }
    }

    private String scalar(String key) throws IOException {
        JsonToken t = p.currentToken();
        if (isNull(t)) return null;
        if (t == null || !t.isScalarValue()) throw bad("'" + key + "' must be a single value, not a " + kind(t));
        return p.getText();
    }

    private List<String> strings(String key) throws IOException {
        JsonToken t = p.currentToken();
        if (isNull(t)) return List.of();
        if (t != JsonToken.START_ARRAY) throw bad("'" + key + "' must be a list of strings, not a " + kind(t));
        List<String> out = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null || !t.isScalarValue() || t == JsonToken.VALUE_NULL) throw bad("'" + key + "' must be a list of strings");
            if (out.size() >= MAX_LIST) throw bad("more than " + MAX_LIST + " items in '" + key + "'");
            out.add(p.getText());
        }
        return out;
    }

    private LocalDate date(String s) {
        if (s == null) return null;
        Matcher m = DATE.matcher(s.strip());
        if (!m.matches()) throw bad("'expired_at' value '" + UntrustedText.printable(s, 40) + "' is not a date (YYYY-MM-DD)");
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            throw bad("'expired_at' value '" + s + "' is not a calendar date");
        }
    }

    /** Skips the value starting at {@code t}; true when it was an empty list, mapping or null. */
    private boolean skipIsEmpty(JsonToken t) throws IOException {
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            JsonToken first = p.nextToken();
            if (first == null) throw bad("unexpected end of document");
            boolean empty = first.isStructEnd();
            if (!empty) {
                int depth = first.isStructStart() ? 2 : 1;
                while (depth > 0) {
                    JsonToken x = p.nextToken();
                    if (x == null) throw bad("unexpected end of document");
                    if (x.isStructStart()) depth++;
                    else if (x.isStructEnd()) depth--;
                }
            }
            return empty;
        }
        return isNull(t);
    }

    /** {@code key:} with nothing after it reads as an empty string in Jackson's YAML; both mean "absent". */
    private boolean isNull(JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NULL || (t == JsonToken.VALUE_STRING && p.getText().isEmpty());
    }

    private int line() {
        return p.currentTokenLocation().getLineNr();
    }

    private BadInputException bad(String msg) {
        return new BadInputException(fileName + ":" + line() + ": " + msg);
    }

    private static String kind(JsonToken t) {
        if (t == JsonToken.START_ARRAY) return "list";
        if (t == JsonToken.START_OBJECT) return "mapping";
        return String.valueOf(t);
    }
}
