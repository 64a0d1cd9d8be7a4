package dev.drydock.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML lockfile into plain maps, lists and strings. Every scalar stays the text that was
 * written: a YAML loader that types scalars would turn a version {@code 1.10} into the number 1.1.
 * Aliases are not expanded (lockfiles use none), so a hostile document cannot multiply itself;
 * depth and node count are bounded.
 */
final class YamlTree {
    static final int MAX_DEPTH = 64;
    static final int MAX_NODES = 5_000_000;

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private final JsonParser parser;
    private int nodes;

    private YamlTree(JsonParser parser) {
        this.parser = parser;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        // SnakeYAML's default of 3 M code points is below the size of a large monorepo's lockfile;
        // the caller bounds the document size instead.
        o.setCodePointLimit(LanguagePackages.MAX_TREE_BYTES);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setMaxAliasesForCollections(50);
        return o;
    }

    /** The document's root: a {@code Map<String, Object>}, {@code List<Object>}, String, or null. */
    static Object read(byte[] content) throws IOException {
        try (JsonParser p = FACTORY.createParser(content)) {
            YamlTree t = new YamlTree(p);
            JsonToken first = p.nextToken();
            return first == null ? null : t.value(first, 0);
        } catch (RuntimeException e) {
            // SnakeYAML reports some malformed input with unchecked exceptions
            throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private Object value(JsonToken t, int depth) throws IOException {
        if (++nodes > MAX_NODES) throw new IOException("more than " + MAX_NODES + " YAML nodes");
        if (depth > MAX_DEPTH) throw new IOException("YAML nested deeper than " + MAX_DEPTH);
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                JsonToken k;
                while ((k = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    m.put(key, value(parser.nextToken(), depth + 1));
                }
                if (k != JsonToken.END_OBJECT) throw new IOException("unexpected " + k + " in a mapping");
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken e;
                while ((e = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) throw new IOException("unterminated sequence");
                    l.add(value(e, depth + 1));
                }
                return l;
            }
            case VALUE_NULL -> {
                return null;
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_EMBEDDED_OBJECT -> {
                return parser.getText();
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : java.util.Collections.emptyMap();
    }

    static String string(Object o) {
        return o instanceof String s ? s : null;
    }
}
