package dev.drydock.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** A {@link FileTree} over a directory; paths that resolve outside it (via {@code ..} or symlinks) do not exist. */
final class DirectoryTree implements FileTree {
    private final Path root;

    DirectoryTree(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    private Path resolve(String path) throws IOException {
        String norm = ImagePaths.normalize(path);
        if (norm == null) return null;
        Path p = root.resolve(norm);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return null;
        Path real = p.toRealPath();
        if (!real.startsWith(root) || !Files.isRegularFile(real)) return null;
        return real;
    }

    @Override
    public InputStream open(String path) throws IOException {
        Path p = resolve(path);
        return p == null ? null : Files.newInputStream(p);
    }

    @Override
    public long size(String path) throws IOException {
        Path p = resolve(path);
        return p == null ? -1 : Files.size(p);
    }

    @Override
    public void close() {
    }
}
