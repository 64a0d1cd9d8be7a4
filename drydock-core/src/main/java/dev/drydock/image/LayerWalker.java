package dev.drydock.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.input.BoundedInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static dev.drydock.model.UntrustedText.printable;

/**
 * Walks one layer tar (or a root directory), turning entries into {@link LayerVisitor} calls:
 * whiteouts and opaque markers become deletions, wanted files are handed over as bounded streams,
 * everything else streams past without being buffered. Nothing is ever written to disk.
 */
public final class LayerWalker {
    static final String WHITEOUT = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";

    private static final int SKIP_BUFFER = 256 * 1024;
    private final Limits limits;

    public LayerWalker(Limits limits) {
        this.limits = limits;
    }

    public void walkTar(InputStream tar, LayerVisitor v) throws IOException {
        byte[] skipBuffer = new byte[SKIP_BUFFER];
        long entries = 0;
        try (TarArchiveInputStream in = new TarArchiveInputStream(new NonClosing(tar), true)) {
            TarArchiveEntry e;
            while ((e = nextEntry(in)) != null) {
                if (++entries > limits.maxEntriesPerLayer()) {
                    throw new BadInputException("layer has more than " + limits.maxEntriesPerLayer() + " entries");
                }
                String path = ImagePaths.normalize(e.getName());
                if (path == null) {
                    // "./" (the root itself, as tar -C dir . writes it) is normal; only climbing out is suspicious
                    if (!ImagePaths.isRoot(e.getName())) v.warning("skipped tar entry outside the image root: " + printable(e.getName()));
                    continue;
                }
                String name = ImagePaths.fileName(path);
                if (name.startsWith(WHITEOUT)) {
                    String dir = ImagePaths.parent(path);
                    if (name.equals(OPAQUE)) {
                        v.opaque(dir);
                    } else if (!name.startsWith(WHITEOUT + WHITEOUT)) {
                        String target = name.substring(WHITEOUT.length());
                        v.whiteout(dir.isEmpty() ? target : dir + "/" + target);
                    }
                    continue;
                }
                if (e.isFile() && !e.isLink()) {
                    long size = e.getSize();
                    if (size >= 0 && v.wants(path, size, e.getMode())) v.file(path, size, e.getMode(), new NonClosing(in));
                    // Large reads: the tar reader's own skipping goes through the whole stream chain 8 KB at a time.
                    while (in.read(skipBuffer) > 0) {
                        // the digests see these bytes on the way
                    }
                } else if (e.isLink()) {
                    String target = ImagePaths.normalize(e.getLinkName());
                    if (v.wants(path, 0, e.getMode())) {
                        if (target != null) v.hardLink(path, target);
                        else v.shadowed(path);
                    }
                } else if (v.wants(path, 0, e.getMode())) {
                    v.shadowed(path);
                }
            }
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream in) throws IOException {
        try {
            return in.getNextEntry();
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("layer is not a valid tar archive: " + printable(String.valueOf(e.getMessage())));
        }
    }

    /** Walks a root filesystem directory without following symbolic links. */
    public void walkDirectory(Path root, LayerVisitor v) throws IOException {
        Path base = root.toRealPath();
        Files.walkFileTree(base, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                // Virtual and device filesystems of a live root hold no packages and may never end.
                String rel = base.relativize(dir).toString().replace('\\', '/');
                if (base.getParent() == null && (rel.equals("proc") || rel.equals("sys") || rel.equals("dev"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = base.relativize(file).toString().replace('\\', '/');
                if (attrs.isRegularFile()) {
                    long size = attrs.size();
                    int mode = mode(file);
                    if (v.wants(rel, size, mode)) {
                        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                            v.file(rel, size, mode, BoundedInputStream.builder().setInputStream(in).setMaxCount(size).get());
                        }
                    }
                } else if (v.wants(rel, 0, 0)) {
                    v.shadowed(rel);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                v.warning("cannot read " + printable(base.relativize(file).toString()) + ": " + exc.getClass().getSimpleName());
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static int mode(Path file) {
        try {
            int m = 0;
            for (PosixFilePermission p : Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)) {
                m |= 1 << (8 - p.ordinal());
            }
            return m;
        } catch (IOException | UnsupportedOperationException e) {
            return 0644;
        }
    }


    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
