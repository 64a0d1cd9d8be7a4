package dev.drydock.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Go programs: the modules and toolchain recorded in their build info (see GoPackages for the attribute keys).
 * Wants executable regular files anywhere; streams them (never buffers a binary) and gives up after
 * 4 bytes on anything that is not ELF.
 */
public final class GoBinaryAnalyzer implements Analyzer {

    @Override
    public String name() {
        return "go-binary";
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
        return ElfBinaries.wanted(mode, size);
    }

    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public List<FileResult> analyze(String path, InputStream content, long size, Warnings warnings) throws IOException {
        return ElfBinaries.analyze(path, content, size, warnings, true, false);
    }

    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) throws IOException {
        return analyze(path, new ByteArrayInputStream(content), content.length, warnings);
    }
}
