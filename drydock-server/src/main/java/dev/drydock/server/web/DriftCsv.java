package dev.drydock.server.web;

import dev.drydock.server.store.CsvCells;
import dev.drydock.server.store.DriftRow;

import java.util.List;

/**
 * The drift table as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes
 * doubled). Every field comes from uploads, so a field a spreadsheet would read as a formula (one that
 * begins with {@code = + - @}, a tab or a carriage return) gets a leading apostrophe: shown as text, never run.
 */
final class DriftCsv {
    private DriftCsv() {
    }

    static String write(String scannerA, String scannerB, List<DriftRow> rows) {
        StringBuilder b = new StringBuilder(128 + rows.size() * 200);
        line(b, "digest", "vulnerability", "package", "purl", "installed", "fixed", "presence",
                scannerA + "_severity", scannerA + "_source", scannerA + "_suppression",
                scannerB + "_severity", scannerB + "_source", scannerB + "_suppression", "reason");
        for (DriftRow r : rows) {
            line(b, r.digest(), r.vulnId(), r.packageName(), r.purl(), r.installedVersion(), r.fixedVersion(), r.presence(),
                    r.severityA(), r.severitySourceA(), r.suppressionA(), r.severityB(), r.severitySourceB(), r.suppressionB(),
                    r.reasonText());
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) b.append(',');
            b.append(cell(cells[i]));
        }
        b.append("\r\n");
    }

    static String cell(String v) {
        if (v == null || v.isEmpty()) return "";
        v = CsvCells.formulaSafe(v);
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
