package dev.drydock.vulndb.nvd;

import dev.drydock.model.UntrustedText;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.BadInputException;
import dev.drydock.vulndb.feed.FeedInput;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads NVD CVE API 2.0 JSON: a response page or yearly feed ({@code {"vulnerabilities":[{"cve":…}]}})
 * or a single {@code {"cve":…}} object, plain or gzip. The document is streamed and only one CVE is held
 * as a tree at a time, since yearly files are large. A CVE that breaks the types is skipped with a
 * warning; broken JSON or a broken limit rejects the rest of the document with
 * {@link BadInputException} (CVEs already handed to the sink stay handed). Not thread-safe.
 */
public final class NvdParser {
    private final NvdLimits limits;
    private final Warnings warnings;
    private final ObjectMapper mapper;

    public NvdParser() {
        this(NvdLimits.DEFAULT, new Warnings());
    }

    public NvdParser(NvdLimits limits, Warnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
        // Duplicate keys rejected so no other reader of the same bytes can see a different CVE.
        this.mapper = new ObjectMapper(FeedInput.strictJson(NvdLimits.MAX_DEPTH, limits.maxStringChars(), NvdLimits.MAX_TEXT, -1));
    }

    public Warnings warnings() {
        return warnings;
    }

    /** All CVEs of one document, in order. */
    public List<NvdCve> readAll(InputStream in) {
        List<NvdCve> out = new ArrayList<>();
        read(in, out::add);
        return out;
    }

    /** Streams the CVEs of one document to {@code sink}. */
    public NvdReadSummary read(InputStream in, Consumer<NvdCve> sink) {
        try (InputStream capped = FeedInput.open(in, limits.maxDocumentBytes(), "NVD document");
             JsonParser p = mapper.createParser(capped)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadInputException("NVD document must be a JSON object");
            Counts counts = new Counts();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "cve" -> accept(p.readValueAsTree(), counts, sink);
                    case "vulnerabilities" -> readVulnerabilities(p, counts, sink);
                    case "startIndex" -> counts.startIndex = headerInt(p, value, field);
                    case "totalResults" -> counts.totalResults = headerInt(p, value, field);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw new BadInputException("NVD document has content after its end");
            if (counts.records + counts.skipped == 0 && counts.totalResults < 0) {
                // Neither a page nor a CVE: reading it as "no vulnerabilities" would hide a broken download.
                throw new BadInputException("NVD document holds neither \"vulnerabilities\" nor \"cve\"");
            }
            return new NvdReadSummary(counts.records, counts.skipped, counts.startIndex, counts.totalResults);
        } catch (JsonProcessingException e) {
            throw new BadInputException("malformed NVD JSON: " + UntrustedText.firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadInputException("cannot read NVD JSON: " + UntrustedText.firstLine(e.getMessage()));
        }
    }

    private void readVulnerabilities(JsonParser p, Counts counts, Consumer<NvdCve> sink) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) throw new BadInputException("NVD field vulnerabilities must be an array");
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == null) throw new BadInputException("NVD document ends inside vulnerabilities");
            JsonNode item = p.readValueAsTree();
            if (item == null || !item.isObject()) {
                skip(counts, "vulnerabilities[" + (counts.records + counts.skipped) + "]", "entry must be an object");
                continue;
            }
            accept(item.get("cve"), counts, sink);
        }
    }

    private int headerInt(JsonParser p, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            p.skipChildren();
            warnings.add("NVD: page header " + field + " is not an integer; ignored");
            return -1;
        }
        return p.getIntValue();
    }

    private void accept(JsonNode cve, Counts counts, Consumer<NvdCve> sink) {
        if (counts.records + counts.skipped >= limits.maxCves()) {
            throw new BadInputException("NVD document holds more than " + limits.maxCves() + " CVEs");
        }
        String where = cve != null && cve.path("id").isTextual()
                ? UntrustedText.printable(cve.get("id").asText())
                : "vulnerabilities[" + (counts.records + counts.skipped) + "]";
        NvdCve parsed;
        try {
            if (cve == null || !cve.isObject()) throw new BadInputException("cve must be an object");
            parsed = cve(cve);
        } catch (BadInputException e) {
            skip(counts, where, e.getMessage());
            return;
        }
        counts.records++;
        sink.accept(parsed);
    }

    private void skip(Counts counts, String where, String why) {
        warnings.add("NVD: skipped " + where + ": " + why);
        counts.skipped++;
    }

    private NvdCve cve(JsonNode n) {
        String id = text(n, "id");
        if (id == null || !id.startsWith("CVE-")) throw new BadInputException("id must be a CVE id");
        return new NvdCve(
                id,
                time(n, "published"),
                time(n, "lastModified"),
                text(n, "vulnStatus"),
                description(n, id),
                cwes(n, id),
                metrics(n, id));
    }

    private String description(JsonNode n, String id) {
        JsonNode list = n.get("descriptions");
        if (absent(list)) return null;
        if (!list.isArray()) throw new BadInputException("descriptions must be an array");
        for (JsonNode d : list) {
            if (!d.isObject()) throw new BadInputException("descriptions entries must be objects");
            if ("en".equalsIgnoreCase(text(d, "lang"))) {
                JsonNode v = d.get("value");
                if (v == null || !v.isTextual()) throw new BadInputException("description value must be a string");
                String s = v.asText();
                if (s.length() > limits.maxDescriptionChars()) {
                    warnings.add("NVD: " + id + ": description cut to " + limits.maxDescriptionChars() + " characters");
                    s = s.substring(0, limits.maxDescriptionChars());
                }
                return s;
            }
        }
        return null;
    }

    private List<String> cwes(JsonNode n, String id) {
        JsonNode list = n.get("weaknesses");
        if (absent(list)) return List.of();
        if (!list.isArray()) throw new BadInputException("weaknesses must be an array");
        // NVD and the CNA often name the same CWE; the set keeps the first mention's order.
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode w : list) {
            if (!w.isObject()) throw new BadInputException("weaknesses entries must be objects");
            JsonNode descriptions = w.get("description");
            if (absent(descriptions)) continue;
            if (!descriptions.isArray()) throw new BadInputException("weakness description must be an array");
            for (JsonNode d : descriptions) {
                if (!d.isObject()) throw new BadInputException("weakness description entries must be objects");
                String value = text(d, "value");
                if (value == null) continue;
                if (out.size() >= limits.maxListItems()) {
                    warnings.add("NVD: " + id + ": more than " + limits.maxListItems() + " weaknesses; rest dropped");
                    return List.copyOf(out);
                }
                out.add(value);
            }
        }
        return List.copyOf(out);
    }

    private List<NvdCvssMetric> metrics(JsonNode n, String id) {
        JsonNode metrics = n.get("metrics");
        if (absent(metrics)) return List.of();
        if (!metrics.isObject()) throw new BadInputException("metrics must be an object");
        List<NvdCvssMetric> out = new ArrayList<>();
        for (NvdCvssVersion version : NvdCvssVersion.values()) {
            JsonNode list = metrics.get(version.metricsKey());
            if (absent(list)) continue;
            if (!list.isArray()) throw new BadInputException(version.metricsKey() + " must be an array");
            int kept = 0;
            for (JsonNode m : list) {
                if (kept >= limits.maxListItems()) {
                    warnings.add("NVD: " + id + ": more than " + limits.maxListItems() + " " + version.metricsKey() + "; rest dropped");
                    break;
                }
                // One bad score from one source should not hide the CVE or the other sources' scores.
                try {
                    out.add(metric(m, version));
                    kept++;
                } catch (BadInputException e) {
                    warnings.add("NVD: " + id + ": dropped a " + version.metricsKey() + " entry: " + e.getMessage());
                }
            }
        }
        return out;
    }

    private static NvdCvssMetric metric(JsonNode m, NvdCvssVersion version) {
        if (!m.isObject()) throw new BadInputException("entry must be an object");
        JsonNode data = m.get("cvssData");
        if (data == null || !data.isObject()) throw new BadInputException("cvssData must be an object");
        String vector = text(data, "vectorString");
        if (vector == null) throw new BadInputException("vectorString missing");
        JsonNode score = data.get("baseScore");
        if (score == null || !score.isNumber()) throw new BadInputException("baseScore must be a number");
        double baseScore = score.asDouble();
        if (!(baseScore >= 0.0 && baseScore <= 10.0)) throw new BadInputException("baseScore " + baseScore + " outside [0,10]");
        // CVSS v2 metrics carry baseSeverity beside cvssData rather than inside it.
        String severity = text(data, "baseSeverity");
        if (severity == null) severity = text(m, "baseSeverity");
        return new NvdCvssMetric(version, text(m, "source"), type(text(m, "type")), vector, baseScore,
                severity == null ? null : severity.toUpperCase(Locale.ROOT));
    }

    private static NvdMetricType type(String s) {
        if (s == null) throw new BadInputException("type missing");
        return switch (s) {
            case "Primary" -> NvdMetricType.PRIMARY;
            case "Secondary" -> NvdMetricType.SECONDARY;
            default -> throw new BadInputException("unknown type " + UntrustedText.printable(s));
        };
    }

    /** NVD writes local date-times meaning UTC ("2017-03-11T02:59:00.150"); an offset is accepted too. */
    private static Instant time(JsonNode n, String field) {
        String s = text(n, field);
        if (s == null) return null;
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                throw new BadInputException(field + " is not a date-time: " + UntrustedText.printable(s));
            }
        }
    }

    /** A short string field: null when absent, rejects the CVE when of another type or too long. */
    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (absent(v)) return null;
        if (!v.isTextual()) throw new BadInputException(field + " must be a string");
        String s = v.asText();
        if (s.length() > NvdLimits.MAX_TEXT) throw new BadInputException(field + " longer than " + NvdLimits.MAX_TEXT + " characters");
        return s;
    }

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull();
    }

    private static final class Counts {
        int records;
        int skipped;
        int startIndex = -1;
        int totalResults = -1;
    }
}
