package dev.drydock.server.ingest;

import dev.drydock.image.BadInputException;
import dev.drydock.model.UntrustedText;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The importers by {@code --scanner} name, and the check that a file is of the format its name promises: a
 * Grype report given as {@code --scanner trivy} is refused with one line ("this looks like a Grype report, not
 * Trivy JSON (use --scanner grype)") rather than read as an empty Trivy report, which would make every finding
 * of the image look fixed.
 */
public final class Importers {
    /** {@code --scanner} values, in the order the CLI lists them. */
    public static final List<String> SCANNERS = List.of("trivy", "grype", "wiz", "wizcli", "sarif", "cyclonedx");

    private static final Map<String, ReportImporter> BY_FORMAT = Map.of(
            "trivy", new TrivyJsonImporter(),
            "trivy-operator", new TrivyOperatorImporter(),
            "grype", new GrypeJsonImporter(),
            "wiz", new WizCsvImporter(),
            "wizcli", new WizCliImporter(),
            "sarif", new SarifImporter(),
            "cyclonedx", new CycloneDxVdrImporter());

    private Importers() {
    }

    /**
     * Reads {@code in} as the report of {@code scanner}. {@code trivy} takes Trivy JSON and trivy-operator
     * VulnerabilityReports (told apart by their shape); {@code trivy-operator} is accepted as a name too.
     *
     * @throws WrongFormatException    the file is recognisably another format
     * @throws ImportTooLargeException the file is over a limit
     * @throws BadInputException       unknown scanner name, or the file is malformed
     */
    public static ImportedReport read(String scanner, InputStream in, ImportLimits limits) {
        String name = scanner == null ? "" : scanner.strip().toLowerCase(Locale.ROOT);
        if (!SCANNERS.contains(name) && !name.equals("trivy-operator")) {
            throw new BadInputException("unknown scanner \"" + UntrustedText.printable(scanner, 40) + "\"; use one of " + String.join(", ", SCANNERS));
        }
        BufferedInputStream buffered = new BufferedInputStream(in, FormatSniffer.PREFIX);
        FormatSniffer.Format detected;
        try {
            buffered.mark(FormatSniffer.PREFIX);
            byte[] prefix = buffered.readNBytes(FormatSniffer.PREFIX);
            buffered.reset();
            detected = FormatSniffer.detect(prefix, prefix.length);
            if (prefix.length == 0) throw new BadInputException("the report file is empty");
        } catch (IOException e) {
            throw new BadInputException("cannot read report: " + UntrustedText.firstLine(e.getMessage()));
        }
        ReportImporter importer = choose(name, detected);
        ImportedReport report = importer.read(buffered, limits);
        return withTagWarnings(report);
    }

    private static ReportImporter choose(String name, FormatSniffer.Format detected) {
        String expected = name.equals("trivy-operator") ? "trivy-operator" : name;
        if (detected == null) return BY_FORMAT.get(expected); // unknown shape: let the importer give the precise error
        if (detected.id().equals(expected)) return BY_FORMAT.get(expected);
        if (name.startsWith("trivy") && (detected == FormatSniffer.TRIVY || detected == FormatSniffer.TRIVY_OPERATOR)) {
            return BY_FORMAT.get(detected.id());
        }
        String wanted = BY_FORMAT.get(expected).formatName();
        String hint = detected.scanner() != null ? " (use --scanner " + detected.scanner() + ")" : "";
        if (detected == FormatSniffer.WIZ_ISSUES) hint = " (export it from Vulnerability Findings)";
        if (detected == FormatSniffer.TRIVY_LEGACY) hint = " (run Trivy 0.20 or later)";
        throw new WrongFormatException("this looks like " + detected.described() + ", not " + wanted + hint, detected.scanner());
    }

    /** A scan that names its image only by tag must be resolved through the inventory: say so once per scan. */
    private static ImportedReport withTagWarnings(ImportedReport r) {
        List<String> warnings = new ArrayList<>(r.warnings());
        for (ImportedScan s : r.scans()) {
            ReportSubject subj = s.subject();
            if (subj.needsTagResolution()) {
                String ref = subj.imageReference() != null ? subj.imageReference() : subj.repoTags().get(0);
                warnings.add("report names the image only by tag (" + UntrustedText.printable(ref, 120) + "), not by digest; it is matched to the image that tag points to in the inventory");
            }
        }
        if (warnings.size() == r.warnings().size()) return r;
        return new ImportedReport(r.scanner(), r.tool(), r.toolVersion(), r.scans(), warnings, r.skipped());
    }
}
