package dev.drydock.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.model.Package;
import dev.drydock.report.JsonReportReader;
import dev.drydock.report.ScanReport;
import dev.drydock.sbom.SbomReader;
import dev.drydock.server.store.ImageName;
import dev.drydock.server.store.ScanUpload;
import dev.drydock.server.store.Stage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of POST /api/v1/scans to a {@link ScanUpload}: the report through {@link JsonReportReader},
 * the SBOM (when given) through {@link SbomReader}, the rest checked field by field. Every problem is a
 * 400 naming the field; nothing from the body is echoed back.
 */
final class ScanUploadParser {
    static final int MAX_NAMES = 1_000;
    static final int MAX_CONTEXT = 64;

    private ScanUploadParser() {
    }

    static ScanUpload parse(JsonNode body) {
        if (!body.isObject()) throw ApiError.badRequest("request body must be a JSON object");
        Stage stage;
        try {
            stage = Stage.parse(text(body, "stage", true));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        JsonNode reportNode = body.get("report");
        if (reportNode == null || !reportNode.isObject()) throw ApiError.badRequest("report must be drydock's report JSON object");
        // Too many findings is a size problem (413, as the store's own count limits), not a malformed report.
        JsonNode findings = reportNode.get("findings");
        if (findings != null && findings.isArray() && findings.size() > JsonReportReader.MAX_FINDINGS) {
            throw new ApiError(413, "report has more than " + JsonReportReader.MAX_FINDINGS + " findings");
        }
        ScanReport report = new JsonReportReader().read(reportNode);
        List<Package> packages = List.of();
        JsonNode sbom = body.get("sbom");
        if (sbom != null && !sbom.isNull()) {
            if (!sbom.isObject()) throw ApiError.badRequest("sbom must be a JSON object");
            Catalog catalog = new SbomReader().read(bytes(sbom));
            // An SBOM of another image would give this image someone else's packages.
            if (catalog.image() != null && catalog.image().manifestDigest() != null
                    && !Objects.equals(catalog.image().manifestDigest(), report.image().manifestDigest())) {
                throw ApiError.badRequest("sbom describes another image than the report");
            }
            packages = catalog.packages();
        }
        String scanner = text(body, "scanner", false);
        String version = text(body, "scannerVersion", false);
        try {
            return new ScanUpload(report, packages, stage, context(body), scanner == null ? "drydock" : scanner,
                    version, names(body));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static List<ImageName> names(JsonNode body) {
        JsonNode v = body.get("names");
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw ApiError.badRequest("names must be an array of image references");
        if (v.size() > MAX_NAMES) throw new ApiError(413, "more than " + MAX_NAMES + " names");
        List<ImageName> out = new ArrayList<>();
        for (JsonNode n : v) {
            if (!n.isTextual()) throw ApiError.badRequest("names must hold strings");
            out.add(ImageName.fromReference(n.textValue())
                    .orElseThrow(() -> ApiError.badRequest("names must be registry references such as registry.example.com/repo:tag")));
        }
        return out;
    }

    private static Map<String, String> context(JsonNode body) {
        JsonNode v = body.get("context");
        if (v == null || v.isNull()) return Map.of();
        if (!v.isObject()) throw ApiError.badRequest("context must be an object of strings");
        if (v.size() > MAX_CONTEXT) throw new ApiError(413, "context has more than " + MAX_CONTEXT + " entries");
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) throw ApiError.badRequest("context must be an object of strings");
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) throw ApiError.badRequest(field + " is required");
            return null;
        }
        if (!v.isTextual()) throw ApiError.badRequest(field + " must be a string");
        if (v.textValue().length() > 256) throw ApiError.badRequest(field + " is too long");
        return v.textValue();
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return Json.MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("sbom cannot be read");
        }
    }
}
