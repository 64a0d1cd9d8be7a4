package dev.drydock.server.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells report formats apart from the first bytes of a file: the top-level keys (and a few of their scalar
 * values) that fit in the prefix, or a CSV header. Cheap and never fails: a prefix that ends mid-document just
 * stops the scan. Used only to refuse a file given under the wrong {@code --scanner}; the importer still checks
 * the whole file.
 */
final class FormatSniffer {
    static final int PREFIX = 64 * 1024;

    private FormatSniffer() {
    }

    /** A detected format: its id ({@code grype}), how a sentence names it ({@code a Grype report}), and the {@code --scanner} value that reads it (or null). */
    record Format(String id, String described, String scanner) {
    }

    static final Format TRIVY = new Format("trivy", "a Trivy JSON report", "trivy");
    static final Format TRIVY_LEGACY = new Format("trivy-legacy", "a Trivy JSON report of the old schema (before SchemaVersion 2)", null);
    static final Format TRIVY_K8S = new Format("trivy-k8s", "a trivy k8s cluster report", null);
    static final Format TRIVY_OPERATOR = new Format("trivy-operator", "a trivy-operator VulnerabilityReport", "trivy");
    static final Format GRYPE = new Format("grype", "a Grype report", "grype");
    static final Format WIZ = new Format("wiz", "a Wiz vulnerability-findings CSV export", "wiz");
    static final Format WIZ_ISSUES = new Format("wiz-issues", "a Wiz Issues CSV export", null);
    static final Format WIZCLI = new Format("wizcli", "a wizcli JSON report", "wizcli");
    static final Format SARIF = new Format("sarif", "a SARIF log", "sarif");
    static final Format CYCLONEDX = new Format("cyclonedx", "a CycloneDX document", "cyclonedx");
    static final Format SPDX = new Format("spdx", "an SPDX SBOM", null);
    static final Format HARBOR = new Format("harbor", "a Harbor vulnerability report", null);
    static final Format OPENVEX = new Format("openvex", "an OpenVEX document", null);

    /** The format of the prefix, or null when it is none drydock recognises. */
    static Format detect(byte[] prefix, int length) {
        int start = 0;
        if (length >= 3 && (prefix[0] & 0xff) == 0xEF && (prefix[1] & 0xff) == 0xBB && (prefix[2] & 0xff) == 0xBF) start = 3;
        while (start < length && Character.isWhitespace(prefix[start])) start++;
        if (start >= length) return null;
        byte first = prefix[start];
        if (first == '{' || first == '[') return json(prefix, start, length - start);
        return csv(new String(prefix, start, length - start, StandardCharsets.UTF_8));
    }

    private static Format csv(String text) {
        int nl = text.indexOf('\n');
        String header = nl >= 0 ? text.substring(0, nl) : text;
        if (header.contains("DetailedName") && header.contains("FixedVersion")) return WIZ;
        if (header.contains("Issue ID") && header.contains("Control ID")) return WIZ_ISSUES;
        return null;
    }

    private static Format json(byte[] b, int off, int len) {
        Map<String, String> top = new LinkedHashMap<>();
        boolean array = false;
        Map<String, String> firstElement = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(b, off, len)) {
            JsonToken t = p.nextToken();
            array = t == JsonToken.START_ARRAY;
            if (array) {
                if (p.nextToken() != JsonToken.START_OBJECT) return null;
                keys(p, firstElement);
            } else {
                keys(p, top);
            }
        } catch (IOException | RuntimeException e) {
            // the prefix ends mid-document or is not JSON: decide on what was seen
        }
        if (array) return firstElement.containsKey("Target") || firstElement.containsKey("Vulnerabilities") ? TRIVY_LEGACY : null;
        if (top.containsKey("SchemaVersion") || top.containsKey("Results") && top.containsKey("ArtifactName")) return TRIVY;
        if (top.containsKey("ClusterName") && (top.containsKey("Resources") || top.containsKey("Vulnerabilities"))) return TRIVY_K8S;
        String kind = top.get("kind");
        if ("VulnerabilityReport".equals(kind) || top.containsKey(TrivyOperatorImporter.CRD_PLURAL)
                || kind != null && kind.endsWith("List") && String.valueOf(top.get("apiVersion")).contains("aquasecurity")) return TRIVY_OPERATOR;
        if (kind != null && kind.endsWith("List") && top.containsKey("items")) return TRIVY_OPERATOR;
        if (top.containsKey("matches")) return GRYPE;
        if ("CycloneDX".equals(top.get("bomFormat"))) return CYCLONEDX;
        if (top.containsKey("runs") && (top.containsKey("version") || String.valueOf(top.get("$schema")).contains("sarif"))) return SARIF;
        if (top.containsKey("scanOriginResource") || top.containsKey("result") && top.containsKey("createdBy")) return WIZCLI;
        if (top.containsKey("spdxVersion")) return SPDX;
        if (String.valueOf(top.get("@context")).contains("openvex")) return OPENVEX;
        for (String k : top.keySet()) if (k.startsWith("application/vnd.security.vulnerability.report")) return HARBOR;
        return null;
    }

    /** Top-level keys of the object the parser is in, with their values when scalar; containers are skipped. */
    private static void keys(JsonParser p, Map<String, String> out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == null) {
                out.put(name, null);
                return;
            }
            if (v.isScalarValue()) out.put(name, p.getValueAsString());
            else {
                out.put(name, null);
                p.skipChildren();
            }
            if (out.size() > 200) return;
        }
    }
}
