package dev.drydock.server.ingest;

import dev.drydock.image.BadInputException;
import dev.drydock.model.Digest;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Severity;
import dev.drydock.model.UntrustedText;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wiz's Vulnerability Findings CSV export. Columns are found by header name (Wiz adds and reorders columns), and
 * the findings are grouped by asset (AssetID, else AssetName): one scan per asset. Rows are skipped with a
 * counted reason when they have no vulnerability id or package, a wrong field count, or are resolved findings.
 * Wiz's Issues export (cloud configuration issues, no packages) is a different file and is refused.
 */
public final class WizCsvImporter implements ReportImporter {
    /** Columns a row needs; without them the file is no vulnerability-findings export. */
    static final List<String> REQUIRED = List.of("Name", "DetailedName", "Version");

    @Override
    public String formatName() {
        return "Wiz vulnerability-findings CSV";
    }

    @Override
    public String formatId() {
        return "wiz";
    }

    @Override
    public ImportedReport read(InputStream in, ImportLimits limits) {
        ImportContext ctx = new ImportContext(limits);
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CountingStream counted = new CountingStream(in, limits.maxBytes());
        CsvReader csv = new CsvReader(new BufferedReader(new InputStreamReader(counted, decoder), 64 * 1024), limits.maxTextLength(), 1000);
        Map<String, Group> groups = new LinkedHashMap<>();
        try {
            List<String> header = csv.next();
            if (header == null || header.isEmpty()) throw new BadInputException("Wiz CSV is empty: no header row");
            Map<String, Integer> col = new HashMap<>();
            for (int i = 0; i < header.size(); i++) col.putIfAbsent(header.get(i).strip(), i);
            if (!col.containsKey("Name") || !col.containsKey("DetailedName")) {
                if (col.containsKey("Issue ID") || col.containsKey("Control ID")) {
                    throw new WrongFormatException("this looks like a Wiz Issues CSV export, not a Wiz vulnerability-findings CSV export (export it from Vulnerability Findings)", null);
                }
                throw new BadInputException("Wiz CSV header has no " + String.join("/", REQUIRED) + " columns; is it a Wiz vulnerability-findings export?");
            }
            List<String> row;
            long n = 0;
            while ((row = csv.next()) != null) {
                n++;
                String where = "line " + csv.rowLine();
                if (row.isEmpty()) continue;
                if (csv.lastRowHadTooManyFields() || row.size() != header.size()) {
                    ctx.skip("wrong number of fields", where);
                    continue;
                }
                Row r = new Row(row, col, ctx);
                ImportedFinding f = finding(r, ctx, where);
                if (f == null) continue;
                ctx.countFinding();
                String assetKey = r.get("AssetID") != null ? r.get("AssetID") : r.get("AssetName") != null ? r.get("AssetName") : "";
                groups.computeIfAbsent(assetKey, k -> new Group(subject(r, ctx))).findings.add(f);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BadInputException("Wiz CSV is not UTF-8 text");
        } catch (IOException e) {
            if (e.getCause() instanceof ImportTooLargeException t) throw t;
            throw new BadInputException("cannot read Wiz CSV: " + UntrustedText.firstLine(e.getMessage()));
        }
        List<ImportedScan> scans = new ArrayList<>();
        for (Group g : groups.values()) scans.add(new ImportedScan(g.subject, null, g.findings));
        return new ImportedReport("wiz", "Wiz", null, scans, ctx.warnings(), ctx.skipped);
    }

    private record Group(ReportSubject subject, List<ImportedFinding> findings) {
        Group(ReportSubject subject) {
            this(subject, new ArrayList<>());
        }
    }

    /** One row by column name; absent columns and blank cells read as null. */
    private record Row(List<String> cells, Map<String, Integer> col, ImportContext ctx) {
        String get(String name) {
            Integer i = col.get(name);
            return i == null ? null : ctx.field(cells.get(i));
        }

        String text(String name) {
            Integer i = col.get(name);
            return i == null ? null : ctx.text(cells.get(i));
        }
    }

    private static ReportSubject subject(Row r, ImportContext ctx) {
        String asset = r.get("AssetName");
        // Wiz names container images by an id that may carry the manifest digest (repo@sha256:...)
        Digest digest = null;
        String ref = null;
        for (String c : new String[]{"AssetName", "ProviderUniqueId", "ImageId", "ImageDigest"}) {
            String v = r.get(c);
            if (v != null && v.contains("@sha256:")) {
                digest = Normalise.digestOfRepoDigest(v);
                if (digest != null) {
                    ref = v;
                    break;
                }
            }
        }
        return new ReportSubject(asset != null ? asset : r.get("AssetID"), ref, digest, List.of(), null, List.of());
    }

    private static ImportedFinding finding(Row r, ImportContext ctx, String where) {
        String nativeId = Normalise.vulnId(r.get("Name"));
        if (nativeId == null) {
            ctx.skip("no vulnerability id (Name)", where);
            return null;
        }
        String name = r.get("DetailedName");
        if (name == null) {
            ctx.skip("no package (DetailedName)", where);
            return null;
        }
        String status = r.get("FindingStatus");
        if (status != null && status.equalsIgnoreCase("Resolved")) {
            ctx.skip("resolved in Wiz", where);
            return null;
        }
        String method = r.get("DetectionMethod");
        String path = r.get("LocationPath");
        String type = "OS".equalsIgnoreCase(method) ? null : Packages.guessLibraryType(name, path);
        ImportedPackage pkg = Packages.of(type, name, r.get("Version"), null, null, null, path, null, ctx);
        // VendorSeverity is Wiz's rating from the vendor's advisory; CVSSSeverity the NVD score's rating
        String raw = r.get("VendorSeverity");
        String source = "vendor";
        if ((raw == null || Normalise.severity(raw) == Severity.UNKNOWN) && r.get("CVSSSeverity") != null) {
            raw = r.get("CVSSSeverity");
            source = "cvss";
        }
        if (raw == null) source = null;
        List<String> fixed = TrivyVulns.splitVersions(r.get("FixedVersion"));
        List<String> aliases = new ArrayList<>();
        String link = r.get("Link");
        String linkId = link == null ? null : Normalise.findVulnId(link);
        if (linkId != null && !linkId.equals(nativeId)) aliases.add(linkId);
        String joinId = Normalise.joinId(nativeId, aliases);
        if (!joinId.equals(nativeId)) {
            aliases.remove(joinId);
            aliases.add(0, nativeId);
        }
        FindingStatus st = fixed.isEmpty() ? FindingStatus.AFFECTED : FindingStatus.FIXED;
        if ("Rejected".equalsIgnoreCase(status)) st = FindingStatus.NOT_AFFECTED;
        return new ImportedFinding(joinId, nativeId, aliases, pkg, Normalise.severity(raw), raw, source, null, null, fixed, st,
                null, null, null);
    }

    /** Bounds the bytes read; the reader above decodes. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private final long max;
        private long count;

        CountingStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > max) throw tooLarge();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (count += n) > max) throw tooLarge();
            return n;
        }

        private ImportTooLargeException tooLarge() {
            return new ImportTooLargeException("report is larger than " + max + " bytes; drydock imports at most that much");
        }
    }
}
