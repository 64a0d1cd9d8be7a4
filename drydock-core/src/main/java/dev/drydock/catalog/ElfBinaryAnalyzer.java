package dev.drydock.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Go and Rust programs in one pass over each executable: Go build info and cargo-auditable data.
 * One analyzer rather than two, because the Cataloger hands a file wanted by two analyzers to each
 * from a buffered copy, which for large binaries would cost their whole size in memory.
 * Wants executable regular files anywhere; streams them (never buffers a binary) and gives up after
 * 4 bytes on anything that is not ELF.
 */
public final class ElfBinaryAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "elf-binaries";
    }

    @Override
    public int version() {
        return 1;
    }

    /** Only executables are wanted, which the path alone cannot tell. */
    @Override
    public boolean wants(String path) {
        return false;
    }

    @Override
    public boolean wants(String path, int mode, long size) {
        // An executable Spring Boot jar is a zip with a launch script: the Java analyzer streams it, and a
        // second interested analyzer would make the cataloger buffer the whole archive.
        return ElfBinaries.wanted(mode, size) && !dev.drydock.catalog.java.ArchiveScanner.isArchiveName(path);
    }

    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public List<FileResult> analyze(String path, InputStream content, long size, Warnings warnings) throws IOException {
        return ElfBinaries.analyze(path, content, size, warnings, true, true);
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) throws IOException {
        return analyze(path, new ByteArrayInputStream(content), content.length, warnings);
    }
}
