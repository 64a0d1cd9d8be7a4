package dev.drydock.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.image.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads an SBOM into a {@link Catalog}, whatever its format: CycloneDX JSON or XML, SPDX JSON or tag-value,
 * told apart by their content, never by a file name. A document that cannot be read is a
 * {@link BadInputException} with one line for the user; a component that cannot be used is left out and
 * named in {@link Catalog#warnings()}.
 */
public final class SbomReader {
    private static final int TAR_MAGIC_OFFSET = 257;
    private static final String TAG_VALUE_START = "SPDXVersion:";

    private final SbomLimits limits;

    public SbomReader() {
        this(SbomLimits.DEFAULT);
    }

    public SbomReader(SbomLimits limits) {
        this.limits = limits;
    }

    /** Reads at most {@link SbomLimits#maxBytes()} from {@code in}; a longer document is refused, not cut. */
    public Catalog read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
        return read(bytes);
    }

    public Catalog read(byte[] document) {
        if (document.length > limits.maxBytes()) {
            throw new BadInputException("SBOM is larger than " + limits.maxBytes() + " bytes; drydock reads at most that much");
        }
        return switch (syntax(document)) {
            case JSON -> readJson(document);
            case XML -> readXml(document);
            case TAG_VALUE -> new SpdxReader(limits).readTagValue(document);
        };
    }

    private Catalog readJson(byte[] document) {
        JsonNode tree = BoundedJson.parse(document);
        if (tree.has("bomFormat")) {
            if (!"CycloneDX".equals(BoundedJson.text(tree, "bomFormat"))) {
                throw new BadInputException("JSON SBOM has bomFormat " + SbomText.safe(tree.path("bomFormat").toString()) + ", not \"CycloneDX\"");
            }
            return new CycloneDxReader(limits).readJson(document, tree);
        }
        if (tree.has("spdxVersion")) return new SpdxReader(limits).readJson(tree);
        if (JsonCatalogReader.accepts(tree)) return new JsonCatalogReader(limits).read(tree);
        if (tree.has("@context") && tree.path("@context").toString().contains("spdx.org/rdf/3")) {
            throw new BadInputException("SPDX 3 documents are not supported: drydock reads SPDX 2.2 and 2.3 (JSON, tag-value) and CycloneDX");
        }
        throw new BadInputException("JSON document is not an SBOM drydock reads: neither CycloneDX (bomFormat), SPDX 2 (spdxVersion) nor drydock JSON");
    }

    private Catalog readXml(byte[] document) {
        XmlPrescan prescan = XmlPrescan.of(document, limits);
        if (prescan.namespace().startsWith(CycloneDxReader.XML_NAMESPACE_PREFIX)) {
            return new CycloneDxReader(limits).readXml(document, prescan);
        }
        if (prescan.root().equals("RDF")) {
            throw new BadInputException("SPDX RDF/XML is not supported: use SPDX JSON or tag-value, or CycloneDX");
        }
        throw new BadInputException("XML document is not a CycloneDX BOM (root element " + SbomText.safe(prescan.root())
                + " in namespace " + SbomText.safe(prescan.namespace()) + ")");
    }

    /**
     * True when {@code head} (the first few kilobytes of a file) looks like an SBOM drydock may read rather than
     * an image archive: a tar has its magic at byte 257 and starts with a file name, gzip and zstd with their
     * magic bytes, and none of them with {@code {}, {@code <} or an SPDX tag. The CLI can use this to take an
     * SBOM file where it takes an image; {@link #read} still decides for certain.
     */
    public static boolean looksLikeSbom(byte[] head) {
        if (head.length > TAR_MAGIC_OFFSET + 5
                && new String(head, TAR_MAGIC_OFFSET, 5, StandardCharsets.US_ASCII).equals("ustar")) return false;
        try {
            syntax(head);
            return true;
        } catch (BadInputException e) {
            return false;
        }
    }

    private enum Syntax { JSON, XML, TAG_VALUE }

    /** By the first significant character; UTF-16 (which only XML may use) is recognised by its byte order mark. */
    private static Syntax syntax(byte[] document) {
        if (document.length >= 2 && ((document[0] == (byte) 0xFE && document[1] == (byte) 0xFF)
                || (document[0] == (byte) 0xFF && document[1] == (byte) 0xFE))) return Syntax.XML;
        int i = document.length >= 3 && document[0] == (byte) 0xEF && document[1] == (byte) 0xBB && document[2] == (byte) 0xBF ? 3 : 0;
        while (i < document.length && isSpace(document[i])) i++;
        if (i == document.length) throw new BadInputException("SBOM is empty");
        if (document[i] == '{') return Syntax.JSON;
        if (document[i] == '<') return Syntax.XML;
        int at = i;
        // Tag-value may open with comment lines before SPDXVersion.
        while (at < document.length && document[at] == '#') {
            while (at < document.length && document[at] != '\n') at++;
            while (at < document.length && isSpace(document[at])) at++;
        }
        if (startsWith(document, at, TAG_VALUE_START)) return Syntax.TAG_VALUE;
        throw new BadInputException("not an SBOM drydock reads: expected CycloneDX (JSON or XML) or SPDX 2 (JSON or tag-value)");
    }

    static String withoutByteOrderMark(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static boolean startsWith(byte[] data, int offset, String ascii) {
        if (data.length - offset < ascii.length()) return false;
        for (int k = 0; k < ascii.length(); k++) {
            if (data[offset + k] != ascii.charAt(k)) return false;
        }
        return true;
    }
}
