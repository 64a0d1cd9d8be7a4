package dev.drydock.sbom;

import dev.drydock.catalog.Catalog;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a catalog in one output format. */
public interface SbomWriter {
    void write(Catalog catalog, OutputStream out) throws IOException;
}
