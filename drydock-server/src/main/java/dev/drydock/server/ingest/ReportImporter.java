package dev.drydock.server.ingest;

import java.io.InputStream;

/**
 * Reads one report format into {@link ImportedReport}. One class per format; {@link Importers} picks one by the
 * {@code --scanner} name after sniffing that the file is of that format. Implementations read the stream once,
 * front to back, and hold only the findings they keep.
 */
public sealed interface ReportImporter permits TrivyJsonImporter, TrivyOperatorImporter, GrypeJsonImporter,
        WizCsvImporter, WizCliImporter, SarifImporter, CycloneDxVdrImporter {

    /** The format as messages name it ({@code Trivy JSON}). */
    String formatName();

    /** The format's id as {@link FormatSniffer} reports it. */
    String formatId();

    ImportedReport read(InputStream in, ImportLimits limits);
}
