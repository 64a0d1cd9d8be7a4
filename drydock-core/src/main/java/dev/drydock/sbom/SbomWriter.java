package dev.drydock.sbom;

import dev.drydock.catalog.Catalog;

import java.io.IOException;
import java.io.OutputStream;

/** Writes one image's catalog as an SBOM document. The stream is flushed, never closed: it belongs to the caller. */
public interface SbomWriter {
    void write(Catalog catalog, OutputStream out) throws IOException;
}
