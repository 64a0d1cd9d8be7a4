package dev.drydock.image;

import dev.drydock.model.UntrustedText;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.BufferedInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.apache.commons.io.input.BoundedInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link FileTree} over a tar file read in place (random access, nothing extracted). A gzip- or
 * zstd-compressed tar is first decompressed into a temporary file under drydock's cache directory,
 * because random access needs an uncompressed file.
 */
final class TarTree implements FileTree {
    private static final int MAX_ENTRIES = 1_000_000;
    private final Path file;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();
    private final Path temp;

    TarTree(Path file, Path scratchDir, Limits limits) throws IOException {
        Path plain = file;
        Path tmp = null;
        try (InputStream probe = new BufferedInputStream(Files.newInputStream(file))) {
            InputStream d = LayerStream.decompress(probe, "archive " + file.getFileName());
            if (d != probe) {
                Files.createDirectories(scratchDir);
                tmp = Files.createTempFile(scratchDir, "archive-", ".tar");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    long n = 0;
                    byte[] buf = new byte[1 << 16];
                    for (int r; (r = d.read(buf)) >= 0; ) {
                        n += r;
                        if (n > limits.maxLayerBytes()) {
                            throw new BadInputException("archive " + file.getFileName() + " expands beyond " + limits.maxLayerBytes() + " bytes");
                        }
                        out.write(buf, 0, r);
                    }
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(tmp);
                    throw e;
                }
                plain = tmp;
            }
        }
        this.temp = tmp;
        this.file = plain;
        // The index is read once; contents are read later through independent channels (see open).
        try (TarFile tar = new TarFile(plain)) {
            for (TarArchiveEntry e : tar.getEntries()) {
                if (entries.size() >= MAX_ENTRIES) throw new BadInputException("archive has too many entries");
                String name = ImagePaths.normalize(e.getName());
                if (name == null) continue;
                if (e.isFile() && !e.isLink() && !e.isSparse()) entries.put(name, e);
            }
        } catch (IOException | IllegalArgumentException e) {
            cleanup();
            throw new BadInputException("not a valid tar archive: " + file.getFileName() + " (" + e.getMessage() + ")");
        }
    }

    /**
     * Each stream reads through its own channel from the entry's data offset: layers are read on
     * several threads at once, and a shared channel's position would be a race.
     */
    @Override
    public InputStream open(String path) throws IOException {
        String norm = ImagePaths.normalize(path);
        TarArchiveEntry e = norm == null ? null : entries.get(norm);
        if (e == null) return null;
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            if (e.getDataOffset() < 0 || e.getDataOffset() + e.getSize() > ch.size()) {
                throw new BadInputException("archive entry " + UntrustedText.printable(norm) + " lies beyond the end of the archive");
            }
            ch.position(e.getDataOffset());
        } catch (IOException | RuntimeException ex) {
            ch.close();
            throw ex;
        }
        return BoundedInputStream.builder().setInputStream(Channels.newInputStream(ch)).setMaxCount(e.getSize()).get();
    }

    @Override
    public long size(String path) {
        String norm = ImagePaths.normalize(path);
        TarArchiveEntry e = norm == null ? null : entries.get(norm);
        return e == null ? -1 : e.getSize();
    }

    private void cleanup() throws IOException {
        if (temp != null) Files.deleteIfExists(temp);
    }

    @Override
    public void close() throws IOException {
        cleanup();
    }
}
