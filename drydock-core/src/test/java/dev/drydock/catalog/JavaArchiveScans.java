package dev.drydock.catalog;

import dev.drydock.catalog.java.ArchiveLimits;
import dev.drydock.model.Package;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives {@link JavaArchiveAnalyzer} the way the layer walker does: the archive as a stream that
 * must not be closed, with its size. Also checks the analyzer read the stream to its end (the
 * outer SHA-1 needs every byte) and never closed it.
 */
final class JavaArchiveScans {
    private JavaArchiveScans() {
    }

    record Scan(List<Package> packages, List<String> warnings) {
        Package named(String name) {
            List<Package> found = packages.stream().filter(p -> p.name().equals(name)).toList();
            assertThat(found).as("packages named %s in %s", name, packages).hasSize(1);
            return found.get(0);
        }

        List<String> purls() {
            return packages.stream().map(Package::purl).filter(Objects::nonNull).sorted().toList();
        }

        List<String> nameVersions() {
            return packages.stream().map(p -> p.name() + "@" + p.version()).sorted().toList();
        }
    }

    static Scan scan(String path, byte[] data) {
        return scan(new JavaArchiveAnalyzer(), path, data);
    }

    static Scan scan(ArchiveLimits limits, String path, byte[] data) {
        return scan(new JavaArchiveAnalyzer(limits), path, data);
    }

    private static Scan scan(JavaArchiveAnalyzer analyzer, String path, byte[] data) {
        assertThat(analyzer.wants(path)).isTrue();
        List<String> warnings = new ArrayList<>();
        Watched content = new Watched(new ByteArrayInputStream(data));
        try {
            List<FileResult> out = analyzer.analyze(path, content, data.length, new Warnings(warnings::add));
            assertThat(content.closed).as("the layer's stream was closed").isFalse();
            assertThat(content.read()).as("the archive was read to its end").isEqualTo(-1);
            assertThat(out).hasSize(1);
            return new Scan(((FileResult.Packages) out.get(0)).packages(), warnings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Watched extends FilterInputStream {
        boolean closed;

        Watched(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
