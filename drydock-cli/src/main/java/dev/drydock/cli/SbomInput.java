package dev.drydock.cli;

import dev.drydock.catalog.Catalog;
import dev.drydock.image.BadInputException;
import dev.drydock.sbom.SbomReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * An SBOM given where an image is expected: {@code sbom:PATH}, {@code -} (standard input), or an existing
 * file whose first bytes are JSON, XML or SPDX tag-value rather than an archive. Every command that takes
 * an image takes one of these too.
 */
record SbomInput(Path path) {
    private static final int HEAD = 4096;

    /** The SBOM named by {@code spec}, or null when {@code spec} names an image. */
    static SbomInput detect(String spec) throws IOException {
        if (spec.equals("-")) return new SbomInput(null);
        if (spec.startsWith("sbom:")) {
            Path p = Path.of(spec.substring("sbom:".length()));
            if (!Files.isRegularFile(p)) throw new BadInputException("no SBOM file at " + spec.substring("sbom:".length()));
            return new SbomInput(p);
        }
        Path p;
        try {
            p = Path.of(spec);
        } catch (InvalidPathException e) {
            return null;
        }
        if (!Files.isRegularFile(p)) return null;
        byte[] head;
        try (InputStream in = Files.newInputStream(p)) {
            head = in.readNBytes(HEAD);
        }
        return SbomReader.looksLikeSbom(head) ? new SbomInput(p) : null;
    }

    Catalog read() throws IOException {
        if (path == null) return new SbomReader().read(System.in);
        try (InputStream in = Files.newInputStream(path)) {
            return new SbomReader().read(in);
        }
    }
}
