package dev.drydock.catalog;

import dev.drydock.image.LayerVisitor;
import dev.drydock.image.LayerWalker;
import dev.drydock.image.Limits;
import dev.drydock.model.Package;
import dev.drydock.testing.Fixtures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Runs one analyzer over single files or a directory tree, the way the cataloger would. */
final class AnalyzerHarness {
    private AnalyzerHarness() {
    }

    static List<Package> packages(List<FileResult> results) {
        List<Package> out = new ArrayList<>();
        for (FileResult r : results) if (r instanceof FileResult.Packages p) out.addAll(p.packages());
        return out;
    }

    static List<Package> analyze(Analyzer a, String path, byte[] content, List<String> warnings) {
        try {
            return packages(a.analyze(path, content, new Warnings(warnings::add)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Package> analyze(Analyzer a, String path, String content, List<String> warnings) {
        return analyze(a, path, content.getBytes(StandardCharsets.UTF_8), warnings);
    }

    /** Every file of {@code root} that the analyzer wants, read through {@link LayerWalker#walkDirectory}. */
    static List<Package> walk(Path root, Analyzer a, List<String> warnings, List<String> visited) {
        List<Package> out = new ArrayList<>();
        try {
            new LayerWalker(Limits.DEFAULT).walkDirectory(root, new LayerVisitor() {
                @Override
                public boolean wants(String path, long size, int mode) {
                    return a.wants(path, mode, size);
                }

                @Override
                public void file(String path, long size, int mode, InputStream content) throws IOException {
                    visited.add(path);
                    out.addAll(packages(a.analyze(path, content.readAllBytes(), new Warnings(warnings::add))));
                }

                @Override
                public void whiteout(String path) {
                }

                @Override
                public void opaque(String dir) {
                }

                @Override
                public void warning(String message) {
                    warnings.add(message);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Set<String> nameVersions(List<Package> packages) {
        return packages.stream().map(p -> p.name() + "@" + p.version()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A fixture listing one entry a line (a package manager's own listing). */
    static Set<String> lines(String fixture) {
        return new String(Fixtures.bytes(fixture), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank()).collect(Collectors.toCollection(TreeSet::new));
    }
}
