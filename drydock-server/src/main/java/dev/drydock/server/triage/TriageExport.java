package dev.drydock.server.triage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.drydock.model.Severity;
import dev.drydock.server.store.CsvCells;
import dev.drydock.server.store.TriageItem;
import dev.drydock.server.store.TriageRecord;
import dev.drydock.server.store.TriageState;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The triage exports. Each is a pure function of the stored decisions (VEX) or the queue (DefectDojo, Jira):
 * the same data gives byte-identical output — times come from the decisions, never from the clock — and
 * every entry carries the item's stable id ({@code drydock-triage-…}, a hash of repository, package and
 * vulnerability), so that importing an export again updates what the last import made instead of
 * duplicating it.
 */
public final class TriageExport {
    /** The justifications a not_affected decision must carry: OpenVEX's set. */
    public static final List<String> JUSTIFICATIONS = List.of("component_not_present", "vulnerable_code_not_present",
            "vulnerable_code_not_in_execute_path", "vulnerable_code_cannot_be_controlled_by_adversary",
            "inline_mitigations_already_exist");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final Instant EPOCH = Instant.EPOCH;

    public enum Format {
        OPENVEX("openvex", "application/json", "drydock-triage.openvex.json"),
        CYCLONEDX_VEX("cyclonedx-vex", "application/vnd.cyclonedx+json", "drydock-triage.cdx.json"),
        DEFECTDOJO("defectdojo", "application/json", "drydock-triage.defectdojo.json"),
        JIRA_CSV("jira-csv", "text/csv; charset=utf-8", "drydock-triage.jira.csv");

        public final String id;
        public final String contentType;
        public final String fileName;

        Format(String id, String contentType, String fileName) {
            this.id = id;
            this.contentType = contentType;
            this.fileName = fileName;
        }

        /** Whether the export is made from the decisions (VEX) rather than the queue. */
        public boolean fromDecisions() {
            return this == OPENVEX || this == CYCLONEDX_VEX;
        }

        public static Format parse(String s) {
            if (s != null) for (Format f : values()) if (f.id.equals(s.strip().toLowerCase(Locale.ROOT))) return f;
            throw new IllegalArgumentException("format must be one of openvex, cyclonedx-vex, defectdojo, jira-csv");
        }
    }

    private TriageExport() {
    }

    /** The CycloneDX {@code analysis.justification} for an OpenVEX justification (the mapping Trivy reads back). */
    public static String cycloneDxJustification(String openVex) {
        if (openVex == null) return null;
        return switch (openVex) {
            case "component_not_present", "vulnerable_code_not_present" -> "code_not_present";
            case "vulnerable_code_not_in_execute_path" -> "code_not_reachable";
            case "vulnerable_code_cannot_be_controlled_by_adversary" -> "requires_environment";
            case "inline_mitigations_already_exist" -> "protected_by_mitigating_control";
            default -> null;
        };
    }

    /** The decisions a VEX export states: decided (not new), not expired at {@code now}, with a known package. */
    private static List<TriageRecord> stated(List<TriageRecord> decisions, Instant now) {
        return decisions.stream().filter(d -> d.state() != TriageState.NEW && !d.expired(now) && d.purl() != null).toList();
    }

    /** The product a decision is about: the package at every version, or at the decided one when it holds only until that changes. */
    static String product(TriageRecord d) {
        if (!d.untilVersionChange() || d.decidedVersion() == null) return d.purl();
        try {
            PackageURL p = new PackageURL(d.purl());
            return new PackageURL(p.getType(), p.getNamespace(), p.getName(), d.decidedVersion(), null, null).canonicalize();
        } catch (MalformedPackageURLException e) {
            return d.purl();
        }
    }

    private static Instant latest(List<TriageRecord> ds) {
        Instant t = EPOCH;
        for (TriageRecord d : ds) if (time(d).isAfter(t)) t = time(d);
        return t;
    }

    private static Instant time(TriageRecord d) {
        return d.updatedAt() != null ? d.updatedAt() : d.createdAt();
    }

    private static String scope(String repository) {
        return repository == null ? "all" : repository;
    }

    /** OpenVEX 0.2.0: one statement per decision; the product is the package's purl. */
    public static byte[] openVex(List<TriageRecord> decisions, String repository, Instant now) {
        List<TriageRecord> ds = stated(decisions, now);
        ObjectNode doc = JSON.createObjectNode();
        doc.put("@context", "https://openvex.dev/ns/v0.2.0");
        doc.put("@id", "urn:uuid:" + uuid("openvex\n" + scope(repository)));
        doc.put("author", "drydock");
        doc.put("role", "triage");
        doc.put("timestamp", latest(ds).toString());
        doc.put("version", 1);
        ArrayNode statements = doc.putArray("statements");
        for (TriageRecord d : ds) {
            ObjectNode s = statements.addObject();
            s.put("@id", d.key());
            s.putObject("vulnerability").put("name", d.vulnId());
            s.putArray("products").addObject().put("@id", product(d));
            String note = blankToNull(d.note());
            switch (d.state()) {
                case NOT_AFFECTED -> {
                    s.put("status", "not_affected");
                    s.put("justification", d.justification());
                    if (note != null) s.put("impact_statement", note);
                }
                case FALSE_POSITIVE -> {
                    s.put("status", "not_affected");
                    s.put("impact_statement", note == null ? "false positive" : "false positive: " + note);
                }
                case EXPLOITABLE -> {
                    s.put("status", "affected");
                    s.put("action_statement", note == null ? "exploitable: fix or mitigate" : note);
                }
                case RISK_ACCEPTED -> {
                    s.put("status", "affected");
                    s.put("action_statement", "risk accepted until " + d.expiresAt() + (note == null ? "" : ": " + note));
                }
                case FIXED -> s.put("status", "fixed");
                default -> s.put("status", "under_investigation");
            }
            s.put("status_notes", "drydock triage of repository " + d.repository());
            s.put("timestamp", time(d).toString());
        }
        return json(doc);
    }

    /** CycloneDX 1.5 VEX: the packages as components, one vulnerability with its analysis per decision. */
    public static byte[] cycloneDxVex(List<TriageRecord> decisions, String repository, Instant now) {
        List<TriageRecord> ds = stated(decisions, now);
        ObjectNode doc = JSON.createObjectNode();
        doc.put("bomFormat", "CycloneDX");
        doc.put("specVersion", "1.5");
        doc.put("serialNumber", "urn:uuid:" + uuid("cyclonedx-vex\n" + scope(repository)));
        doc.put("version", 1);
        ObjectNode meta = doc.putObject("metadata");
        meta.put("timestamp", latest(ds).toString());
        meta.putObject("tools").putArray("components").addObject().put("type", "application").put("name", "drydock");
        Map<String, String> components = new TreeMap<>();
        for (TriageRecord d : ds) components.putIfAbsent(product(d), d.packageName());
        ArrayNode comps = doc.putArray("components");
        components.forEach((purl, name) -> comps.addObject().put("type", "library").put("bom-ref", purl).put("name", name).put("purl", purl));
        ArrayNode vulns = doc.putArray("vulnerabilities");
        for (TriageRecord d : ds) {
            ObjectNode v = vulns.addObject();
            v.put("bom-ref", d.key());
            v.put("id", d.vulnId());
            ObjectNode a = v.putObject("analysis");
            String note = blankToNull(d.note());
            switch (d.state()) {
                case NOT_AFFECTED -> {
                    a.put("state", "not_affected");
                    a.put("justification", cycloneDxJustification(d.justification()));
                }
                case FALSE_POSITIVE -> a.put("state", "false_positive");
                case EXPLOITABLE -> a.put("state", "exploitable");
                case RISK_ACCEPTED -> {
                    a.put("state", "exploitable");
                    a.putArray("response").add("will_not_fix");
                    note = "risk accepted until " + d.expiresAt() + (note == null ? "" : ": " + note);
                }
                case FIXED -> a.put("state", "resolved");
                default -> a.put("state", "in_triage");
            }
            if (note != null) a.put("detail", note);
            a.put("lastUpdated", time(d).toString());
            v.putArray("affects").addObject().put("ref", product(d));
            v.putArray("properties").addObject().put("name", "drydock:repository").put("value", d.repository());
        }
        return json(doc);
    }

    /** DefectDojo's generic findings import (JSON): one finding per queue item, de-duplicated on {@code unique_id_from_tool}. */
    public static byte[] defectDojo(List<TriageItem> items) {
        ObjectNode doc = JSON.createObjectNode();
        ArrayNode findings = doc.putArray("findings");
        for (TriageItem i : items) {
            ObjectNode f = findings.addObject();
            f.put("title", i.vulnId() + " in " + i.packageName() + " (" + i.repository() + ")");
            f.put("description", description(i));
            f.put("severity", dojoSeverity(i.severity()));
            f.put("date", DATE.format(itemTime(i)));
            if (i.vulnId().startsWith("CVE-")) f.put("cve", i.vulnId());
            f.put("vuln_id_from_tool", i.vulnId());
            f.put("unique_id_from_tool", i.key());
            f.put("component_name", i.packageName());
            if (i.fixedVersion() != null) f.put("mitigation", "Upgrade " + i.packageName() + " to " + i.fixedVersion());
            boolean live = !i.expired();
            f.put("active", !i.triaged() && i.state() != TriageState.FIXED);
            f.put("verified", i.state() == TriageState.EXPLOITABLE);
            f.put("false_p", live && i.state() == TriageState.FALSE_POSITIVE);
            f.put("risk_accepted", live && i.state() == TriageState.RISK_ACCEPTED);
            f.put("is_mitigated", i.state() == TriageState.FIXED);
            f.put("static_finding", true);
            f.put("dynamic_finding", false);
            f.putArray("tags").add("drydock").add(i.repository());
        }
        return json(doc);
    }

    /**
     * Jira's CSV import: one issue per queue item. Map "External ID" to a field Jira matches on to update
     * instead of create. Every cell is quoted; a cell starting with {@code = + - @}, tab or CR is prefixed with
     * {@code '} so that no spreadsheet evaluates it as a formula.
     */
    public static byte[] jiraCsv(List<TriageItem> items) {
        StringBuilder b = new StringBuilder();
        row(b, List.of("External ID", "Summary", "Priority", "Labels", "Assignee", "Triage state", "Description"));
        for (TriageItem i : items) {
            row(b, List.of(i.key(), i.vulnId() + " in " + i.packageName() + " (" + i.repository() + ")", jiraPriority(i.severity()),
                    "drydock", i.assignee() == null ? "" : i.assignee(), i.state().id(), description(i)));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder b, List<String> cells) {
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) b.append(',');
            b.append(csvCell(cells.get(c)));
        }
        b.append("\r\n");
    }

    /** One CSV cell, quoted, with formula triggers neutralised (OWASP's advice for CSV injection). */
    public static String csvCell(String s) {
        String v = s == null ? "" : CsvCells.formulaSafe(s);
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    private static String description(TriageItem i) {
        StringBuilder d = new StringBuilder();
        if (i.title() != null) d.append(i.title()).append("\n\n");
        d.append("Repository: ").append(i.repository()).append('\n');
        d.append("Package: ").append(i.packageName()).append(i.purl() == null ? "" : " (" + i.purl() + ")").append('\n');
        d.append("Severity: ").append(i.severity().id()).append(i.kev() ? ", in CISA KEV" : "")
                .append(i.epss() == null ? "" : String.format(Locale.ROOT, ", EPSS %.5f", i.epss())).append('\n');
        d.append("Images: ").append(i.images()).append('\n');
        if (!i.scanners().isEmpty()) d.append("Scanners: ").append(String.join(", ", i.scanners())).append('\n');
        d.append("Fixed in: ").append(i.fixedVersion() == null ? "no fix known" : i.fixedVersion()).append('\n');
        d.append("Triage: ").append(i.state().id()).append(i.expired() ? " (expired)" : "");
        if (i.justification() != null) d.append(", ").append(i.justification());
        if (i.note() != null && !i.note().isBlank()) d.append("\nNote: ").append(i.note());
        return d.toString();
    }

    private static Instant itemTime(TriageItem i) {
        if (i.updatedAt() != null) return i.updatedAt();
        return i.firstSeen() != null ? i.firstSeen() : EPOCH;
    }

    private static String dojoSeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> "Critical";
            case HIGH -> "High";
            case MEDIUM -> "Medium";
            case LOW -> "Low";
            default -> "Info";
        };
    }

    private static String jiraPriority(Severity s) {
        return switch (s) {
            case CRITICAL -> "Highest";
            case HIGH -> "High";
            case MEDIUM -> "Medium";
            case LOW -> "Low";
            default -> "Lowest";
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String uuid(String s) {
        return UUID.nameUUIDFromBytes(s.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static byte[] json(ObjectNode doc) {
        try {
            return (JSON.writeValueAsString(doc) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the whole queue (every state) page by page, for the queue exports. */
    public static List<TriageItem> all(java.util.function.IntFunction<List<TriageItem>> pageAt, int pageSize, int max) {
        List<TriageItem> out = new ArrayList<>();
        for (int offset = 0; offset < max; offset += pageSize) {
            List<TriageItem> page = pageAt.apply(offset);
            out.addAll(page);
            if (page.size() < pageSize) break;
        }
        return out;
    }
}
