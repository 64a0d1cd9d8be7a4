package dev.drydock.catalog;

import dev.drydock.model.Package;
import dev.drydock.testing.Fixtures;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Running the binary analyzers the way the Cataloger does: one streamed pass over a file. */
final class BinaryFixtures {
    static final int EXECUTABLE = 0100755;

    private BinaryFixtures() {
    }

    /** A gzip-compressed fixture binary under fixtures/binaries. */
    static byte[] gunzip(String relative) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Fixtures.bytes("binaries/" + relative)))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Run(List<Package> packages, List<String> warnings, long bytesRead) {
        Package named(String name) {
            return packages.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no package " + name + " in " + packages));
        }

        List<String> coordinates() {
            return packages.stream().map(p -> p.name() + "@" + p.version()).sorted().toList();
        }
    }

    static Run run(Analyzer analyzer, String path, byte[] data) {
        return run(analyzer, path, new ByteArrayInputStream(data), data.length);
    }

    static Run run(Analyzer analyzer, String path, InputStream in, long size) {
        Warnings warnings = new Warnings();
        Counting counting = new Counting(in);
        try {
            List<FileResult> results = analyzer.analyze(path, counting, size, warnings);
            List<Package> packages = new ArrayList<>();
            for (FileResult r : results) if (r instanceof FileResult.Packages p) packages.addAll(p.packages());
            return new Run(packages, warnings.list(), counting.count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts what an analyzer read, to show it stops early on files it does not want. */
    private static final class Counting extends InputStream {
        private final InputStream in;
        long count;

        Counting(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
