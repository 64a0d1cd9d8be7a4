package dev.drydock.server.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The report fixtures under src/test/resources/reports (see SOURCES.md there). */
final class Fixtures {
    private Fixtures() {
    }

    static InputStream open(String path) {
        InputStream in = Fixtures.class.getResourceAsStream("/reports/" + path);
        if (in == null) throw new UncheckedIOException(new IOException("no fixture " + path));
        return in;
    }

    static ImportedReport read(String scanner, String path) {
        try (InputStream in = open(path)) {
            return Importers.read(scanner, in, ImportLimits.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ImportedReport readText(String scanner, String text) {
        return Importers.read(scanner, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ImportLimits.DEFAULT);
    }

    static ImportedFinding find(ImportedReport r, String id, String pkg) {
        return r.allFindings().stream().filter(f -> (f.vulnerabilityId().equals(id) || f.nativeId().equals(id)) && f.pkg().name().equals(pkg))
                .findFirst().orElseThrow(() -> new AssertionError("no finding " + id + " in " + pkg));
    }
}
