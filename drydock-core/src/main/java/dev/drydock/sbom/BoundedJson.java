package dev.drydock.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.image.BadInputException;

import java.io.IOException;

/**
 * Parses an SBOM's JSON into a tree with bounds on nesting, and strictly: a duplicated key or trailing
 * content is an error, so that drydock and the CycloneDX library (which parses the same bytes again)
 * cannot see two different documents in one file.
 */
final class BoundedJson {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(SbomLimits.MAX_STRUCTURE_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private BoundedJson() {
    }

    static JsonNode parse(byte[] bytes) {
        try {
            JsonNode tree = MAPPER.readTree(bytes);
            if (tree == null || !tree.isObject()) throw new BadInputException("SBOM JSON must be an object at the top level");
            return tree;
        } catch (JsonProcessingException e) {
            throw new BadInputException("malformed JSON in SBOM: " + oneLine(e.getOriginalMessage())
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : ""));
        } catch (IOException e) {
            throw new BadInputException("cannot read SBOM JSON: " + oneLine(e.getMessage()));
        }
    }

    /** The text of a string field, or null when it is absent or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    static String oneLine(String s) {
        if (s == null) return "unknown error";
        String line = s.lines().findFirst().orElse("");
        return SbomText.safe(line);
    }
}
