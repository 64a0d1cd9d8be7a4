package dev.drydock.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.drydock.image.LayerWalker;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static dev.drydock.model.UntrustedText.printable;

/**
 * What the language-ecosystem analyzers share: one bounded JSON reader, package-URLs, and the way a
 * language package is recorded (no arch, no source package, no file list).
 */
final class LanguagePackages {
    /**
     * Real manifests and lockfiles nest a few dozen levels at most (npm v1 lockfiles nest one level
     * per duplicated dependency); a document nested deeper is hostile and is refused by the parser
     * before the analyzers' own recursion could exhaust the stack.
     */
    static final int MAX_JSON_DEPTH = 200;

    /**
     * Documents parsed into a tree cost several times their size in heap; beyond this they are
     * skipped with a warning. Streamed formats (package-lock.json, yarn.lock v1) have no such cap.
     */
    static final int MAX_TREE_BYTES = 32 << 20;

    /** One package.json in node_modules is small (npm ≤ 6 added the readme; still well under this). */
    static final int MAX_MANIFEST_BYTES = 8 << 20;

    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_JSON_DEPTH)
                    .maxStringLength(MAX_TREE_BYTES)
                    .build())
            .build();

    static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private static final Pattern VERSION = Pattern.compile("[^\\s\\p{Cntrl}]{1,256}");

    private LanguagePackages() {
    }

    static Package of(PackageType type, String name, String version, List<String> licenses, String purl,
                      String path, Map<String, String> attributes) {
        return new Package(type, name, version, null, null, null, licenses, purl, null, path, List.of(), attributes);
    }

    /** A canonical package-URL, or null when the parts cannot form one (the package is still reported). */
    static String purl(PackageType type, String namespace, String name, String version, Map<String, String> qualifiers) {
        try {
            TreeMap<String, String> q = qualifiers == null || qualifiers.isEmpty() ? null : new TreeMap<>(qualifiers);
            return new PackageURL(type.purlType(), namespace, name, version, q, null).canonicalize();
        } catch (MalformedPackageURLException | RuntimeException e) {
            return null;
        }
    }

    /** Versions come from untrusted files: one token, no whitespace or control characters, bounded. */
    static boolean plausibleVersion(String v) {
        return v != null && VERSION.matcher(v).matches();
    }

    /** The text of a JSON string field, or null when it is missing or of another type. */
    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** The text of a file that its format defines as UTF-8; anything else is not such a file. */
    static String strictUtf8(byte[] b) throws java.io.IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new java.io.IOException("not UTF-8 text");
        }
    }


    /** The parent directory of an image path ("" at the root). */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** A short description of why a document could not be parsed, without echoing much of it. */
    /**
     * A whole JSON document as a tree, or null after a warning when it is over {@link #MAX_TREE_BYTES}
     * or not JSON.
     */
    static JsonNode jsonTree(String path, byte[] content, Warnings warnings) {
        if (content.length > MAX_TREE_BYTES) {
            warnings.add(printable(path) + ": skipped, " + content.length + " bytes is over the limit of " + MAX_TREE_BYTES);
            return null;
        }
        try {
            return MAPPER.readTree(content);
        } catch (IOException e) {
            warnings.add(printable(path) + ": skipped, not valid JSON: " + reason(e));
            return null;
        }
    }

    static String reason(Exception e) {
        String m = e.getMessage();
        if (m == null) return e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return printable(nl < 0 ? m : m.substring(0, nl));
    }
}
