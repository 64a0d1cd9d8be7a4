package dev.drydock.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.image.BadInputException;
import dev.drydock.model.Digest;
import dev.drydock.model.Epss;
import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Kev;
import dev.drydock.model.Layer;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Platform;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;
import dev.drydock.model.Suppression;
import dev.drydock.policy.BreakGlass;
import dev.drydock.policy.GateResult;
import dev.drydock.vulndb.DbMetadata;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads drydock's report JSON (docs/report-json.md) back into a {@link ScanReport}: the inverse of
 * {@link JsonReportWriter}, so that a report written by {@code drydock scan} and uploaded to the server
 * is the same report there.
 *
 * <p>The input comes from the network, so it is treated as hostile: nesting depth, string length and
 * every list are bounded, a duplicated key or trailing content is refused (two parsers must never see
 * two different documents), and every problem is one {@link BadInputException} with a one-line message
 * naming the field. Derived fields the writer adds ({@code summary}, the gate's verdict and effective
 * exit code) are ignored: they are recomputed from the findings and the gate.
 */
public final class JsonReportReader {
    /** The same bounds the server's store enforces, so a report the reader accepts can be stored. */
    public static final int MAX_FINDINGS = 200_000;
    public static final int MAX_LIST = 10_000;
    public static final int MAX_DEPTH = 32;
    /** A description is the longest legitimate string; far below this. */
    public static final int MAX_STRING = 1 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING).maxNumberLength(64).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public ScanReport read(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadInputException("malformed report JSON: " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadInputException("cannot read report JSON: " + oneLine(e.getMessage()));
        }
        return read(root);
    }

    /** A report already parsed as part of a larger document (the server's upload body). */
    public ScanReport read(JsonNode root) {
        if (root == null || !root.isObject()) throw bad("report", "must be a JSON object");
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isInt() || version.intValue() != JsonReportWriter.SCHEMA_VERSION) {
            throw bad("schemaVersion", "must be " + JsonReportWriter.SCHEMA_VERSION);
        }
        JsonNode tool = object(root, "tool", false);
        String toolVersion = tool == null ? null : text(tool, "version");
        Instant createdAt = instant(root, "createdAt", true);
        ImageMetadata image = image(object(root, "image", true));
        OsRelease os = os(object(root, "os", false));
        JsonNode count = root.get("packageCount");
        int packageCount = count != null && count.canConvertToInt() && count.intValue() >= 0 ? count.intValue() : 0;
        DbMetadata db = db(object(root, "db", true));
        List<Finding> findings = list(root, "findings", MAX_FINDINGS, JsonReportReader::finding);
        List<String> warnings = strings(root, "warnings");
        GateResult gate = gate(object(root, "gate", true));
        return new ScanReport(toolVersion, createdAt, image, os, packageCount, db, findings, warnings, gate);
    }

    private static ImageMetadata image(JsonNode n) {
        String platform = text(n, "platform");
        Platform p;
        try {
            p = platform == null ? null : Platform.parse(platform);
        } catch (IllegalArgumentException e) {
            throw bad("image.platform", "must be os/arch[/variant]");
        }
        List<Layer> layers = list(n, "layers", MAX_LIST, l -> new Layer(integer(l, "index"), digest(l, "digest"),
                digest(l, "diffId"), number(l, "size"), text(l, "mediaType")));
        return new ImageMetadata(text(n, "reference"), digest(n, "manifestDigest"), text(n, "mediaType"),
                digest(n, "configDigest"), p, text(n, "created"), layers, strings(n, "repoTags"),
                strings(n, "repoDigests"), map(n, "labels"), map(n, "annotations"));
    }

    private static OsRelease os(JsonNode n) {
        if (n == null) return null;
        return new OsRelease(text(n, "id"), text(n, "versionId"), text(n, "versionCodename"), text(n, "prettyName"), text(n, "idLike"));
    }

    private static DbMetadata db(JsonNode n) {
        JsonNode v = n.get("schemaVersion");
        List<DbMetadata.SourceInfo> sources = list(n, "sources", MAX_LIST, s -> new DbMetadata.SourceInfo(
                text(s, "name"), instant(s, "updatedAt", false), number(s, "records"), text(s, "origin")));
        return new DbMetadata(v != null && v.canConvertToInt() ? v.intValue() : 0, instant(n, "builtAt", true),
                text(n, "builtBy"), sources);
    }

    private static Finding finding(JsonNode n) {
        String id = required(n, "id");
        List<SeverityRating> ratings = list(n, "ratings", MAX_LIST, r -> new SeverityRating(required(r, "source"),
                Severity.parse(text(r, "severity")), text(r, "cvssVersion"), text(r, "vector"), decimal(r, "score")));
        JsonNode epss = object(n, "epss", false);
        JsonNode kev = object(n, "kev", false);
        return new Finding(id, strings(n, "aliases"), pkg(object(n, "package", true)), text(n, "installedVersion"),
                strings(n, "fixedVersions"), status(required(n, "status")), Severity.parse(required(n, "severity")),
                text(n, "severitySource"), ratings, text(n, "advisorySource"), text(n, "namespace"),
                epss == null ? null : new Epss(fraction(epss, "score"), fraction(epss, "percentile")),
                kev == null ? null : new Kev(date(kev, "dateAdded"), date(kev, "dueDate"), bool(kev, "knownRansomwareUse")),
                text(n, "title"), text(n, "description"), strings(n, "references"), strings(n, "cwes"),
                suppression(object(n, "suppression", false)));
    }

    private static Package pkg(JsonNode n) {
        String type = text(n, "type");
        return new Package(type == null ? null : PackageType.fromPurlType(type), text(n, "name"), text(n, "version"),
                text(n, "arch"), text(n, "sourceName"), text(n, "sourceVersion"), strings(n, "licenses"), text(n, "purl"),
                digest(n, "layerDiffId"), text(n, "path"), List.of(), map(n, "attributes"));
    }

    private static Suppression suppression(JsonNode n) {
        if (n == null) return null;
        Suppression.Kind kind = enumOf(Suppression.Kind.class, required(n, "kind"), "suppression.kind");
        return new Suppression(kind, required(n, "reason"), text(n, "origin"), date(n, "expires"));
    }

    private static GateResult gate(JsonNode n) {
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        for (String s : strings(n, "severities")) severities.add(Severity.parse(s));
        JsonNode bg = object(n, "breakGlass", false);
        BreakGlass breakGlass = bg == null ? null
                : new BreakGlass(required(bg, "reason"), instant(bg, "at", true), map(bg, "ciContext"));
        return new GateResult(severities, bool(n, "ignoreUnfixed"), integer(n, "exitCode"), strings(n, "failing"), breakGlass);
    }

    private static FindingStatus status(String s) {
        return enumOf(FindingStatus.class, s, "finding.status");
    }

    /** Ids as the writer spells them ({@code will-not-fix}) back to the enum constant. */
    private static <E extends Enum<E>> E enumOf(Class<E> type, String id, String field) {
        try {
            return Enum.valueOf(type, id.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw bad(field, "has an unknown value");
        }
    }

    // --- field helpers: each names the field in its error, never echoes the (hostile) value ---

    private static JsonNode object(JsonNode parent, String field, boolean required) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            if (required) throw bad(field, "is missing");
            return null;
        }
        if (!v.isObject()) throw bad(field, "must be an object");
        return v;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw bad(field, "must be a string");
        return v.textValue();
    }

    private static String required(JsonNode parent, String field) {
        String s = text(parent, field);
        if (s == null) throw bad(field, "is missing");
        return s;
    }

    private static int integer(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) return 0;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw bad(field, "must be an integer");
        return v.intValue();
    }

    private static long number(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) return 0;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw bad(field, "must be an integer");
        return v.longValue();
    }

    private static Double decimal(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) throw bad(field, "must be a number");
        return v.doubleValue();
    }

    private static double fraction(JsonNode parent, String field) {
        Double d = decimal(parent, field);
        if (d == null || d < 0 || d > 1) throw bad(field, "must be a number from 0 to 1");
        return d;
    }

    private static boolean bool(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw bad(field, "must be true or false");
        return v.booleanValue();
    }

    private static Instant instant(JsonNode parent, String field, boolean required) {
        String s = required ? required(parent, field) : text(parent, field);
        if (s == null) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw bad(field, "must be an ISO-8601 instant");
        }
    }

    private static LocalDate date(JsonNode parent, String field) {
        String s = text(parent, field);
        if (s == null) return null;
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw bad(field, "must be an ISO-8601 date");
        }
    }

    private static Digest digest(JsonNode parent, String field) {
        String s = text(parent, field);
        if (s == null) return null;
        try {
            return Digest.parse(s);
        } catch (IllegalArgumentException e) {
            throw bad(field, "must be a digest such as sha256:<64 hex>");
        }
    }

    private static List<String> strings(JsonNode parent, String field) {
        return list(parent, field, MAX_LIST, v -> {
            if (!v.isTextual()) throw bad(field, "must hold strings only");
            return v.textValue();
        });
    }

    private static <T> List<T> list(JsonNode parent, String field, int max, Function<JsonNode, T> element) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw bad(field, "must be an array");
        if (v.size() > max) throw bad(field, "has more than " + max + " entries");
        List<T> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (e == null || e.isNull()) throw bad(field, "must not hold null");
            out.add(element.apply(e));
        }
        return out;
    }

    private static Map<String, String> map(JsonNode parent, String field) {
        JsonNode v = object(parent, field, false);
        if (v == null) return Map.of();
        if (v.size() > MAX_LIST) throw bad(field, "has more than " + MAX_LIST + " entries");
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) throw bad(field, "must map strings to strings");
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private static BadInputException bad(String field, String problem) {
        return new BadInputException("report field " + field + " " + problem);
    }

    private static String oneLine(String s) {
        if (s == null) return "unknown error";
        String line = s.lines().findFirst().orElse("");
        // Jackson quotes pieces of the input in its messages; keep them short and printable.
        StringBuilder b = new StringBuilder();
        line.codePoints().limit(200).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
