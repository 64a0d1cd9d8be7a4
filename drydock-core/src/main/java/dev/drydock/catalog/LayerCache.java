package dev.drydock.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.model.Digest;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Analysis results per (layer diffID, analyzer set) under {@code $XDG_CACHE_HOME/drydock/layers}.
 * Entries are written to a temporary file and moved into place atomically, so concurrent runs never
 * see half an entry; reading touches the entry so eviction (oldest first, above {@code maxBytes})
 * keeps what is in use. A corrupt or foreign entry is a miss, never an error.
 */
public final class LayerCache {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Path dir;
    private final long maxBytes;

    public LayerCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** The default location, honouring XDG_CACHE_HOME. */
    public static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("drydock");
    }

    private Path entry(Digest diffId, String analyzerKey) {
        Digest key = Digest.sha256((diffId + "\n" + analyzerKey).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return dir.resolve(key.hex() + ".json");
    }

    public Optional<LayerAnalysis> get(Digest diffId, String analyzerKey) {
        Path p = entry(diffId, analyzerKey);
        try {
            if (!Files.isRegularFile(p)) return Optional.empty();
            LayerAnalysis a = JSON.readValue(p.toFile(), LayerAnalysis.class);
            if (a == null || !diffId.equals(a.diffId())) return Optional.empty();
            try {
                Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
            } catch (IOException ignored) {
                // another run may be evicting it; the content we read is still good
            }
            return Optional.of(a);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void put(String analyzerKey, LayerAnalysis analysis) {
        try {
            Files.createDirectories(dir);
            Path target = entry(analysis.diffId(), analyzerKey);
            Path tmp = Files.createTempFile(dir, ".tmp-", ".json");
            try {
                JSON.writeValue(tmp.toFile(), analysis);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            evict();
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs speed.
        }
    }

    private void evict() throws IOException {
        record Entry(Path path, long size, FileTime time) {
        }
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                try {
                    long size = Files.size(p);
                    entries.add(new Entry(p, size, Files.getLastModifiedTime(p)));
                    total += size;
                } catch (IOException gone) {
                    // removed by a concurrent run
                }
            }
        }
        if (total <= maxBytes) return;
        entries.sort(Comparator.comparing(Entry::time));
        for (Entry e : entries) {
            if (total <= maxBytes) break;
            if (Files.deleteIfExists(e.path())) total -= e.size();
        }
    }
}
