package dev.drydock.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.image.BadInputException;
import dev.drydock.model.UntrustedText;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a VEX document, recognising the format by its content (file names of VEX documents follow no
 * convention): OpenVEX by its {@code @context} or {@code statements}, CycloneDX by {@code bomFormat}.
 * Anything else, CSAF included, is refused with one line.
 */
public final class VexDocuments {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(PolicyInput.MAX_DEPTH).build())
            // a key given twice could mean one thing to drydock and another to the tool that wrote it
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private VexDocuments() {
    }

    public static List<VexStatement> read(Path file, Consumer<String> warnings) {
        return parse(PolicyInput.name(file), PolicyInput.read(file, PolicyInput.MAX_VEX_BYTES), warnings);
    }

    public static List<VexStatement> parse(String name, byte[] content, Consumer<String> warnings) {
        String text = PolicyInput.text(name, content, PolicyInput.MAX_VEX_BYTES);
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(name + (e.getLocation() != null ? ":" + e.getLocation().getLineNr() : "")
                    + ": not a VEX document: malformed JSON: " + UntrustedText.firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadInputException(name + ": cannot read: " + UntrustedText.firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) throw new BadInputException(name + ": not a VEX document: JSON object expected");
        String context = text(root, "@context");
        if ((context != null && context.contains("openvex")) || root.has("statements")) {
            return OpenVexParser.parse(name, root, warnings);
        }
        if ("CycloneDX".equalsIgnoreCase(text(root, "bomFormat"))) {
            return CycloneDxVexParser.parse(name, root, warnings);
        }
        if (root.has("document") && root.path("document").has("csaf_version")) {
            throw new BadInputException(name + ": CSAF VEX is not supported; use OpenVEX or CycloneDX");
        }
        throw new BadInputException(name + ": not a VEX document: neither OpenVEX nor CycloneDX");
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** RFC 3339 time; null when absent, a one-line error when present but not a time. */
    static Instant time(JsonNode n, String field, String where) {
        String s = text(n, field);
        if (s == null || s.isBlank()) return null;
        try {
            return OffsetDateTime.parse(s.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadInputException(where + ": '" + field + "' is not an RFC 3339 time: " + UntrustedText.printable(s, 60));
        }
    }

    static String clean(String s, int max) {
        return s == null ? null : UntrustedText.printable(s.strip(), max);
    }
}
