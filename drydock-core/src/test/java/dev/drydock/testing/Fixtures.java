package dev.drydock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test resources under {@code src/test/resources/fixtures}. */
public final class Fixtures {
    private Fixtures() {
    }

    private static final java.util.Map<String, Path> EXTRACTED = new java.util.HashMap<>();

    /**
     * The fixture as a file or directory. Other modules' tests get the fixtures inside this module's
     * test jar; those are copied out once per JVM, since callers need real paths.
     */
    public static synchronized Path path(String relative) {
        try {
            var url = Fixtures.class.getResource("/fixtures/" + relative);
            if (url == null) throw new IllegalArgumentException("no fixture " + relative);
            if (!url.getProtocol().equals("jar")) return Path.of(url.toURI());
            Path cached = EXTRACTED.get(relative);
            if (cached != null) return cached;
            java.net.URI uri = url.toURI();
            java.nio.file.FileSystem fs;
            try {
                fs = java.nio.file.FileSystems.getFileSystem(uri);
            } catch (java.nio.file.FileSystemNotFoundException e) {
                fs = java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of());
            }
            Path inJar = fs.provider().getPath(uri);
            Path out = java.nio.file.Files.createTempDirectory("drydock-fixture").resolve(inJar.getFileName().toString());
            try (var walk = java.nio.file.Files.walk(inJar)) {
                for (Path p : walk.toList()) {
                    Path target = out.resolve(inJar.relativize(p).toString());
                    if (java.nio.file.Files.isDirectory(p)) java.nio.file.Files.createDirectories(target);
                    else java.nio.file.Files.copy(p, target);
                }
            }
            EXTRACTED.put(relative, out);
            return out;
        } catch (URISyntaxException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
