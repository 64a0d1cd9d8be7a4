package dev.drydock.catalog.binary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The JSON cargo-auditable embeds: {@code {"packages":[{"name","version","source","kind",
 * "dependencies","root"}], "format":N}}. Read with a streaming parser so that only the fields kept
 * cost memory; the dependency index lists are skipped.
 *
 * @param problems what was skipped, for a warning
 */
public record CargoAuditData(List<CargoPackage> packages, List<String> problems) {
    static final int MAX_PACKAGES = 100_000;
    /** Crate names: ASCII letters, digits, '-' and '_' (crates.io allows no more), bounded. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,127}");
    /** Semantic versions with pre-release and build parts, bounded. */
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z.+-]{1,128}");
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(1 << 16).maxNumberLength(32).build())
            .build();

    public static CargoAuditData parse(byte[] json) throws IOException {
        List<CargoPackage> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int malformed = 0;
        boolean sawPackages = false;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("audit data is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!"packages".equals(field) || t != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                sawPackages = true;
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    CargoPackage pkg = pkg(p);
                    if (pkg == null) malformed++;
                    else if (out.size() < MAX_PACKAGES) out.add(pkg);
                    else malformed++;
                }
                if (p.currentToken() != JsonToken.END_ARRAY) throw new IOException("audit data packages are not objects");
            }
        }
        if (!sawPackages) throw new IOException("audit data has no packages list");
        if (malformed > 0) problems.add("skipped " + malformed + " malformed or excess package(s) in audit data");
        return new CargoAuditData(out, problems);
    }

    private static CargoPackage pkg(JsonParser p) throws IOException {
        String name = null, version = null, source = null, kind = "runtime";
        boolean root = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "name" -> name = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "version" -> version = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "kind" -> kind = t == JsonToken.VALUE_STRING ? p.getText() : kind;
                case "root" -> root = t == JsonToken.VALUE_TRUE;
                case "source" -> source = source(p, t);
                default -> p.skipChildren();
            }
        }
        if (name == null || version == null || !NAME.matcher(name).matches() || !VERSION.matcher(version).matches()) return null;
        return new CargoPackage(name, version, source == null ? "" : source, kind, root);
    }

    /** A plain string, or {@code {"Other": "..."}} for sources the format has no name for. */
    private static String source(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) return normalise(p.getText());
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String other = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if ("Other".equals(f) && v == JsonToken.VALUE_STRING) other = p.getText();
            else p.skipChildren();
        }
        return other;
    }

    /** The schema spells the variants CratesIo/Git/Local/Registry; serialised data uses lower-case names. */
    private static String normalise(String s) {
        return switch (s) {
            case "CratesIo" -> "crates.io";
            case "Git" -> "git";
            case "Local" -> "local";
            case "Registry" -> "registry";
            default -> s;
        };
    }
}
