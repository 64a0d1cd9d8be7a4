package dev.drydock.server.jobs;

import dev.drydock.vulndb.DbMetadata;
import dev.drydock.vulndb.VulnDb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Function;

/**
 * The server's vulnerability database file, shared by the threads that match. A {@link VulnDb} is one
 * SQLite connection and not for concurrent use, so each caller borrows one of a small pool. When
 * {@code drydock db update} or {@code db pull} swaps the file (an atomic rename: a new inode), the next
 * borrow sees the change and opens the new file; handles of the old file are closed as they come back.
 */
public final class VulnDbSource implements AutoCloseable {
    private record Generation(Object fileKey, long modified, long size) {
    }

    private record Handle(VulnDb db, Generation generation) {
    }

    private final Path path;
    private final Deque<Handle> idle = new ArrayDeque<>();
    private Generation current;

    public VulnDbSource(Path path) {
        this.path = Objects.requireNonNull(path);
    }

    public Path path() {
        return path;
    }

    /**
     * Runs {@code body} with a database of the newest file.
     *
     * @throws dev.drydock.vulndb.VulnDbException when there is no usable database file
     */
    public <R> R withDb(Function<VulnDb, R> body) {
        Handle h = borrow();
        try {
            return body.apply(h.db());
        } finally {
            giveBack(h);
        }
    }

    /** The metadata of the file as it is now (opens it if it changed). */
    public DbMetadata metadata() {
        return withDb(VulnDb::metadata);
    }

    private Handle borrow() {
        Generation now = generation();
        synchronized (this) {
            if (!now.equals(current)) {
                current = now;
                idle.forEach(h -> h.db().close());
                idle.clear();
            }
            Handle h = idle.pollFirst();
            if (h != null) return h;
        }
        return new Handle(VulnDb.open(path), now);
    }

    private void giveBack(Handle h) {
        synchronized (this) {
            if (h.generation().equals(current) && idle.size() < 8) {
                idle.addFirst(h);
                return;
            }
        }
        h.db().close();
    }

    private Generation generation() {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new Generation(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
        } catch (IOException e) {
            return new Generation(null, -1, -1); // VulnDb.open says what is wrong with a missing file
        }
    }

    @Override
    public synchronized void close() {
        idle.forEach(h -> h.db().close());
        idle.clear();
    }
}
