package dev.drydock.catalog;

import dev.drydock.catalog.java.ArchiveLimits;
import dev.drydock.catalog.java.ArchiveScanner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Maven artifacts in Java archives ({@code .jar .war .ear .par .jpi .hpi}) anywhere in the image,
 * including archives nested in them at any depth (Spring Boot's {@code BOOT-INF/lib}, a war's
 * {@code WEB-INF/lib}, an ear's modules and {@code lib/}). Archives are read as they stream past:
 * nothing is extracted or buffered whole; nested archives are read from the enclosing zip stream.
 * Identification, bounds and package attributes are described in {@link ArchiveScanner}.
 */
public final class JavaArchiveAnalyzer implements Analyzer {
    private final ArchiveLimits limits;

    public JavaArchiveAnalyzer() {
        this(ArchiveLimits.DEFAULT);
    }

    public JavaArchiveAnalyzer(ArchiveLimits limits) {
        this.limits = limits;
    }

    @Override
    public String name() {
        return "java-archive";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(String path) {
        return ArchiveScanner.isArchiveName(path);
    }

    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public List<FileResult> analyze(String path, InputStream content, long size, Warnings warnings) throws IOException {
        return List.of(new FileResult.Packages(new ArchiveScanner(limits, size, warnings).scan(path, content)));
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) throws IOException {
        return analyze(path, new ByteArrayInputStream(content), content.length, warnings);
    }
}
