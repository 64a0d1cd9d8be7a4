package dev.drydock.server.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.image.BadInputException;
import dev.drydock.image.CappedInputStream;
import dev.drydock.model.UntrustedText;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming JSON for reports. Importers walk the top levels token by token and read only one finding-sized
 * element at a time as a tree, so memory follows the findings kept, not the file (descriptions and references
 * are the bulk of a Trivy report). Bounded: total bytes, nesting, string and name lengths; duplicate keys are an
 * error so the store and a reviewer cannot read two different documents from one file.
 */
final class JsonInput implements AutoCloseable {
    /** A single string longer than this is refused: real reports have descriptions of a few KB. */
    static final int MAX_STRING = 8 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(ImportLimits.MAX_JSON_DEPTH)
                    .maxStringLength(MAX_STRING)
                    .maxNameLength(64 * 1024)
                    .maxNumberLength(1000)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    final JsonParser parser;
    private final String what;

    private JsonInput(JsonParser parser, String what) {
        this.parser = parser;
        this.what = what;
    }

    /** A parser over at most {@code limits.maxBytes()} of {@code in}; past that, {@link ImportTooLargeException}. */
    static JsonInput open(InputStream in, ImportLimits limits, String what) {
        try {
            return new JsonInput(MAPPER.getFactory().createParser(new CappedInputStream(in, limits.maxBytes(), () -> new ImportTooLargeException(
                    "report is larger than " + limits.maxBytes() + " bytes; drydock imports at most that much"))), what);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + what + ": " + UntrustedText.firstLine(e.getMessage()));
        }
    }

    JsonToken next() {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (ImportTooLargeException e) {
            throw e;
        } catch (IOException e) {
            if (e.getCause() instanceof ImportTooLargeException t) throw t;
            throw new BadInputException("cannot read " + what + ": " + UntrustedText.firstLine(e.getMessage()));
        }
    }

    /** The current value as a tree; call with the parser on its first token. */
    JsonNode tree() {
        try {
            JsonNode n = MAPPER.readTree(parser);
            return n;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            if (e.getCause() instanceof ImportTooLargeException t) throw t;
            throw new BadInputException("cannot read " + what + ": " + UntrustedText.firstLine(e.getMessage()));
        }
    }

    void skip() {
        try {
            parser.skipChildren();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            if (e.getCause() instanceof ImportTooLargeException t) throw t;
            throw new BadInputException("cannot read " + what + ": " + UntrustedText.firstLine(e.getMessage()));
        }
    }

    String name() {
        try {
            return parser.currentName();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** Requires the next token to start an object: the top level of every JSON report. */
    void expectObject() {
        JsonToken t = next();
        if (t != JsonToken.START_OBJECT) throw new BadInputException(what + " must be a JSON object at the top level");
    }

    /** After the top-level value: nothing but whitespace may follow. */
    void expectEnd() {
        JsonToken t = next();
        if (t != null) throw new BadInputException("malformed JSON in " + what + ": content after the end of the document");
    }

    /**
     * Calls {@code each} once per element of the array the parser is on (START_ARRAY current); each element is
     * read as a tree. {@code null} (the value) counts as an empty array, as Trivy and Grype write for none.
     */
    void eachElement(java.util.function.Consumer<JsonNode> each) {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.VALUE_NULL) return;
        if (t != JsonToken.START_ARRAY) throw new BadInputException(what + ": expected an array for \"" + safeName() + "\"");
        while (next() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == null) throw new BadInputException("malformed JSON in " + what + ": unexpected end of input");
            each.accept(tree());
        }
    }

    private String safeName() {
        try {
            return UntrustedText.printable(parser.currentName(), 60);
        } catch (IOException e) {
            return "?";
        }
    }

    BadInputException malformed(IOException e) {
        if (e.getCause() instanceof ImportTooLargeException t) return t;
        String loc = e instanceof JsonProcessingException jp && jp.getLocation() != null
                ? " (line " + jp.getLocation().getLineNr() + ", column " + jp.getLocation().getColumnNr() + ")" : "";
        String msg = e instanceof JsonProcessingException jp ? jp.getOriginalMessage() : e.getMessage();
        return new BadInputException("malformed JSON in " + what + ": " + UntrustedText.firstLine(msg) + loc);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // input is read-only; nothing to flush
        }
    }

    // ---- tree helpers: every string through the context's bounds ----

    static String text(JsonNode node, String field) {
        if (node == null) return null;
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) return null;
        return v.asText();
    }

    static JsonNode path(JsonNode node, String... fields) {
        JsonNode n = node;
        for (String f : fields) {
            if (n == null) return null;
            n = n.get(f);
        }
        return n == null || n.isNull() ? null : n;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode e : array) if (e.isValueNode() && !e.isNull()) out.add(e.asText());
        }
        return out;
    }

    static Double number(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) return null;
        if (v.isNumber()) return v.asDouble();
        if (v.isTextual()) {
            try {
                double d = Double.parseDouble(v.asText().strip());
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
