package dev.drydock.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.drydock.model.Epss;
import dev.drydock.model.Finding;
import dev.drydock.sbom.JsonCatalogWriter;
import dev.drydock.model.Kev;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;
import dev.drydock.model.Suppression;
import dev.drydock.policy.BreakGlass;
import dev.drydock.policy.GateResult;
import dev.drydock.vulndb.DbMetadata;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * drydock's own report JSON: everything the scan found and decided, in a schema drydock controls.
 * Documented field by field in docs/report-json.md; {@link #SCHEMA_VERSION} changes when a field is
 * removed or changes meaning (adding a field does not change it).
 *
 * <p>Fields are written in a fixed order and null fields are left out, so the same report gives the
 * same bytes. Lists of a finding are always present (possibly empty) so consumers need no null checks.
 */
public final class JsonReportWriter implements ReportWriter {
    public static final int SCHEMA_VERSION = 1;

    private static final JsonFactory FACTORY = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Override
    public void write(ScanReport r, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            // Fixed "\n" line ends: Jackson's default follows the platform, which would change the bytes.
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            g.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter));
            g.writeStartObject();
            g.writeNumberField("schemaVersion", SCHEMA_VERSION);
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "drydock");
            field(g, "version", r.toolVersion());
            g.writeEndObject();
            g.writeStringField("createdAt", r.createdAt().toString());
            JsonCatalogWriter.writeImage(g, r.image()); // the same image object as drydock's JSON SBOM
            os(g, r.os());
            g.writeNumberField("packageCount", r.packageCount());
            db(g, r.db());
            summary(g, r);
            g.writeArrayFieldStart("findings");
            for (Finding f : r.findings()) finding(g, f);
            g.writeEndArray();
            strings(g, "warnings", r.warnings());
            gate(g, r.gate());
            g.writeEndObject();
            g.writeRaw('\n');
        }
        out.flush();
    }

    private static void os(JsonGenerator g, OsRelease os) throws IOException {
        if (os == null) return;
        g.writeObjectFieldStart("os");
        field(g, "id", os.id());
        field(g, "versionId", os.versionId());
        field(g, "versionCodename", os.versionCodename());
        field(g, "prettyName", os.prettyName());
        field(g, "idLike", os.idLike());
        g.writeEndObject();
    }

    private static void db(JsonGenerator g, DbMetadata db) throws IOException {
        g.writeObjectFieldStart("db");
        g.writeNumberField("schemaVersion", db.schemaVersion());
        g.writeStringField("builtAt", db.builtAt().toString());
        field(g, "builtBy", db.builtBy());
        g.writeArrayFieldStart("sources");
        for (DbMetadata.SourceInfo s : db.sources()) {
            g.writeStartObject();
            field(g, "name", s.name());
            field(g, "updatedAt", s.updatedAt() == null ? null : s.updatedAt().toString());
            g.writeNumberField("records", s.records());
            field(g, "origin", s.origin());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Derived counts, so a dashboard need not recount; they always agree with {@code findings}. */
    private static void summary(JsonGenerator g, ScanReport r) throws IOException {
        g.writeObjectFieldStart("summary");
        g.writeNumberField("findings", r.findings().size());
        g.writeNumberField("active", r.active().size());
        g.writeNumberField("suppressed", r.suppressed().size());
        g.writeObjectFieldStart("bySeverity");
        Map<Severity, Integer> counts = ReportText.countBySeverity(r.active());
        for (Severity s : ReportText.SEVERITIES_DESCENDING) g.writeNumberField(s.id(), counts.get(s));
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void finding(JsonGenerator g, Finding f) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", f.id());
        strings(g, "aliases", f.aliases());
        pkg(g, f.pkg());
        field(g, "installedVersion", f.installedVersion());
        strings(g, "fixedVersions", f.fixedVersions());
        g.writeStringField("status", f.status().id());
        g.writeStringField("severity", f.severity().id());
        field(g, "severitySource", f.severitySource());
        g.writeArrayFieldStart("ratings");
        for (SeverityRating rating : f.ratings()) {
            g.writeStartObject();
            g.writeStringField("source", rating.source());
            g.writeStringField("severity", rating.severity().id());
            field(g, "cvssVersion", rating.cvssVersion());
            field(g, "vector", rating.vector());
            if (rating.score() != null) g.writeNumberField("score", rating.score());
            g.writeEndObject();
        }
        g.writeEndArray();
        field(g, "advisorySource", f.advisorySource());
        field(g, "namespace", f.namespace());
        epss(g, f.epss());
        kev(g, f.kev());
        field(g, "title", f.title());
        field(g, "description", f.description());
        strings(g, "references", f.references());
        strings(g, "cwes", f.cwes());
        suppression(g, f.suppression());
        g.writeEndObject();
    }

    /** The package as catalogued; its file list is left out (the SBOM has it, and it can run to thousands). */
    private static void pkg(JsonGenerator g, Package p) throws IOException {
        g.writeObjectFieldStart("package");
        field(g, "type", p.type() == null ? null : p.type().purlType());
        field(g, "name", p.name());
        field(g, "version", p.version());
        field(g, "arch", p.arch());
        field(g, "sourceName", p.sourceName());
        field(g, "sourceVersion", p.sourceVersion());
        optionalStrings(g, "licenses", p.licenses());
        field(g, "purl", p.purl());
        field(g, "layerDiffId", p.layerDiffId() == null ? null : p.layerDiffId().toString());
        field(g, "path", p.path());
        map(g, "attributes", p.attributes());
        g.writeEndObject();
    }

    private static void epss(JsonGenerator g, Epss epss) throws IOException {
        if (epss == null) return;
        g.writeObjectFieldStart("epss");
        g.writeNumberField("score", epss.score());
        g.writeNumberField("percentile", epss.percentile());
        g.writeEndObject();
    }

    private static void kev(JsonGenerator g, Kev kev) throws IOException {
        if (kev == null) return;
        g.writeObjectFieldStart("kev");
        field(g, "dateAdded", kev.dateAdded() == null ? null : kev.dateAdded().toString());
        field(g, "dueDate", kev.dueDate() == null ? null : kev.dueDate().toString());
        g.writeBooleanField("knownRansomwareUse", kev.knownRansomwareUse());
        g.writeEndObject();
    }

    private static void suppression(JsonGenerator g, Suppression s) throws IOException {
        if (s == null) return;
        g.writeObjectFieldStart("suppression");
        g.writeStringField("kind", s.kind().id());
        g.writeStringField("reason", s.reason());
        field(g, "origin", s.origin());
        field(g, "expires", s.expires() == null ? null : s.expires().toString());
        g.writeEndObject();
    }

    private static void gate(JsonGenerator g, GateResult gate) throws IOException {
        g.writeObjectFieldStart("gate");
        g.writeStringField("verdict", verdict(gate));
        g.writeArrayFieldStart("severities");
        // A set has no order of its own; most severe first, like everywhere else in the report.
        for (Severity s : gate.severities().stream().sorted(Comparator.reverseOrder()).toList()) g.writeString(s.id());
        g.writeEndArray();
        g.writeBooleanField("ignoreUnfixed", gate.ignoreUnfixed());
        g.writeNumberField("exitCode", gate.exitCode());
        g.writeNumberField("effectiveExitCode", gate.effectiveExitCode());
        strings(g, "failing", gate.failing());
        BreakGlass bg = gate.breakGlass();
        if (bg != null) {
            g.writeObjectFieldStart("breakGlass");
            g.writeStringField("reason", bg.reason());
            g.writeStringField("at", bg.at().toString());
            map(g, "ciContext", bg.ciContext());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** {@code passed}, {@code failed}, or {@code overridden} (failed, but a break-glass let it through). */
    static String verdict(GateResult gate) {
        if (!gate.failed()) return "passed";
        return gate.breakGlass() == null ? "failed" : "overridden";
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) g.writeStringField(name, value);
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    private static void optionalStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (!values.isEmpty()) strings(g, name, values);
    }

    /** Keys sorted: some maps (ciContext) come unordered, and the bytes must not depend on hashing. */
    private static void map(JsonGenerator g, String name, Map<String, String> values) throws IOException {
        if (values.isEmpty()) return;
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) field(g, e.getKey(), e.getValue());
        g.writeEndObject();
    }
}
