package dev.drydock.report;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one scan's result in one output format. The stream is flushed, never closed: it belongs to the
 * caller (often standard output).
 */
public interface ReportWriter {
    void write(ScanReport report, OutputStream out) throws IOException;
}
