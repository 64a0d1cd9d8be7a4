package dev.drydock.vulndb.kev;

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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the CISA KEV catalog JSON ({@code catalogVersion}, {@code dateReleased}, {@code vulnerabilities[]}),
 * plain or gzip, streaming one entry at a time. An entry with wrong types or a missing CVE id, vendor,
 * product or dateAdded is skipped with a warning; broken JSON or a broken limit rejects the catalog
 * with {@link BadInputException}. Not thread-safe.
 */
public final class KevParser {
    private final KevLimits limits;
    private final Warnings warnings;
    private final ObjectMapper mapper;

    public KevParser() {
        this(KevLimits.DEFAULT, new Warnings());
    }

    public KevParser(KevLimits limits, Warnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
        this.mapper = new ObjectMapper(FeedInput.strictJson(KevLimits.MAX_DEPTH, limits.maxStringChars(), limits.maxTextChars(), -1));
    }

    public Warnings warnings() {
        return warnings;
    }

    /** Header and all entries; the catalog is small enough to hold. */
    public KevCatalog readAll(InputStream in) {
        List<KevEntry> entries = new ArrayList<>();
        KevReadSummary summary = read(in, entries::add);
        return new KevCatalog(summary.catalog(), entries);
    }

    /** Streams the entries to {@code sink}; the header is returned once the whole catalog is read. */
    public KevReadSummary read(InputStream in, Consumer<KevEntry> sink) {
        try (InputStream capped = FeedInput.open(in, limits.maxDocumentBytes(), "KEV catalog");
             JsonParser p = mapper.createParser(capped)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadInputException("KEV catalog must be a JSON object");
            String version = null;
            Instant released = null;
            int count = -1;
            int[] counts = new int[2]; // records, skipped
            boolean sawList = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "catalogVersion" -> version = headerText(p, value, field);
                    case "dateReleased" -> released = released(headerText(p, value, field));
                    case "count" -> {
                        if (value == JsonToken.VALUE_NUMBER_INT) count = p.getIntValue();
                        else warnings.add("KEV: catalog count is not an integer; ignored");
                    }
                    case "vulnerabilities" -> {
                        if (value != JsonToken.START_ARRAY) throw new BadInputException("KEV field vulnerabilities must be an array");
                        sawList = true;
                        readEntries(p, counts, sink);
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw new BadInputException("KEV catalog has content after its end");
            // Without the list this is not a catalog; reading it as "nothing exploited" would hide a broken download.
            if (!sawList) throw new BadInputException("KEV catalog has no vulnerabilities array");
            if (count >= 0 && count != counts[0] + counts[1]) {
                warnings.add("KEV: catalog says " + count + " entries but holds " + (counts[0] + counts[1]));
            }
            return new KevReadSummary(new KevCatalogInfo(version, released, count), counts[0], counts[1]);
        } catch (JsonProcessingException e) {
            throw new BadInputException("malformed KEV JSON: " + UntrustedText.firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadInputException("cannot read KEV JSON: " + UntrustedText.firstLine(e.getMessage()));
        }
    }

    private void readEntries(JsonParser p, int[] counts, Consumer<KevEntry> sink) throws IOException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == null) throw new BadInputException("KEV catalog ends inside vulnerabilities");
            int index = counts[0] + counts[1];
            if (index >= limits.maxEntries()) throw new BadInputException("KEV catalog holds more than " + limits.maxEntries() + " entries");
            JsonNode node = p.readValueAsTree();
            KevEntry entry;
            try {
                if (node == null || !node.isObject()) throw new BadInputException("entry must be an object");
                entry = entry(node);
            } catch (BadInputException e) {
                String where = node != null && node.path("cveID").isTextual()
                        ? UntrustedText.printable(node.get("cveID").asText()) : "vulnerabilities[" + index + "]";
                warnings.add("KEV: skipped " + where + ": " + e.getMessage());
                counts[1]++;
                continue;
            }
            counts[0]++;
            sink.accept(entry);
        }
    }

    private KevEntry entry(JsonNode n) {
        String id = required(n, "cveID");
        if (!id.startsWith("CVE-")) throw new BadInputException("cveID is not a CVE id");
        return new KevEntry(
                id,
                required(n, "vendorProject"),
                required(n, "product"),
                text(n, "vulnerabilityName"),
                date(required(n, "dateAdded"), "dateAdded"),
                date(text(n, "dueDate"), "dueDate"),
                ransomware(id, text(n, "knownRansomwareCampaignUse")),
                cwes(n));
    }

    private KevRansomwareUse ransomware(String id, String s) {
        if ("Known".equalsIgnoreCase(s)) return KevRansomwareUse.KNOWN;
        if (s != null && !"Unknown".equalsIgnoreCase(s)) {
            // A new value must not be mistaken for a known campaign; tell the user CISA changed the format.
            warnings.add("KEV: " + id + ": unrecognised knownRansomwareCampaignUse " + UntrustedText.printable(s) + "; read as Unknown");
        }
        return KevRansomwareUse.UNKNOWN;
    }

    private List<String> cwes(JsonNode n) {
        JsonNode v = n.get("cwes");
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw new BadInputException("cwes must be an array");
        if (v.size() > KevLimits.MAX_CWES) throw new BadInputException("more than " + KevLimits.MAX_CWES + " cwes");
        List<String> out = new ArrayList<>();
        for (JsonNode c : v) {
            if (!c.isTextual()) throw new BadInputException("cwes entries must be strings");
            out.add(bounded(c.asText(), "cwes"));
        }
        return out;
    }

    private String headerText(JsonParser p, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            warnings.add("KEV: catalog " + field + " is not a string; ignored");
            return null;
        }
        return bounded(p.getText(), field);
    }

    private Instant released(String s) {
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            warnings.add("KEV: catalog dateReleased is not a date-time: " + UntrustedText.printable(s));
            return null;
        }
    }

    private static LocalDate date(String s, String field) {
        if (s == null) return null;
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new BadInputException(field + " is not a date: " + UntrustedText.printable(s));
        }
    }

    private String required(JsonNode n, String field) {
        String s = text(n, field);
        if (s == null || s.isBlank()) throw new BadInputException(field + " missing");
        return s;
    }

    private String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new BadInputException(field + " must be a string");
        return bounded(v.asText(), field);
    }

    private String bounded(String s, String field) {
        if (s.length() > limits.maxTextChars()) throw new BadInputException(field + " longer than " + limits.maxTextChars() + " characters");
        return s;
    }
}
