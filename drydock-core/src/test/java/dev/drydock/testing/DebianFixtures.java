package dev.drydock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Real Debian material for integration tests: a {@code debootstrap --variant=minbase} root
 * filesystem and single .deb packages from the archive. Both are made once and kept under
 * {@code ~/.cache/drydock-test} (or {@code $DRYDOCK_TEST_CACHE}), guarded by a file lock.
 */
public final class DebianFixtures {
    public static final String SUITE = "bookworm";
    public static final String MIRROR = System.getenv().getOrDefault("DRYDOCK_TEST_MIRROR", "http://deb.debian.org/debian");

    private DebianFixtures() {
    }

    public static Path cacheDir() {
        String env = System.getenv("DRYDOCK_TEST_CACHE");
        Path p = env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "drydock-test");
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A minimal Debian root filesystem, without the downloaded .debs that debootstrap leaves in apt's cache. */
    public static synchronized Path minbase() {
        Path dir = cacheDir().resolve("debian-" + SUITE + "-minbase");
        Path done = cacheDir().resolve("debian-" + SUITE + "-minbase.complete");
        return locked(() -> {
            if (Files.exists(done)) return dir;
            delete(dir);
            Tools.run("debootstrap", "--variant=minbase", SUITE, dir.toString(), MIRROR);
            try (Stream<Path> debs = Files.list(dir.resolve("var/cache/apt/archives"))) {
                for (Path p : debs.filter(p -> p.toString().endsWith(".deb")).toList()) Files.delete(p);
            }
            Files.writeString(done, "ok\n");
            return dir;
        });
    }

    /** A .deb from the archive, fetched with {@code apt-get download} (needs apt's package lists). */
    public static synchronized Path deb(String name) {
        Path debs = cacheDir().resolve("debs");
        return locked(() -> {
            Files.createDirectories(debs);
            Path found = find(debs, name);
            if (found != null) return found;
            Tools.Result r = Tools.execIn(debs, "apt-get", "download", name);
            if (r.exitCode() != 0) throw new AssertionError("apt-get download " + name + " failed (run apt-get update?):\n" + r.output());
            found = find(debs, name);
            if (found == null) throw new AssertionError("apt-get download " + name + " left no .deb");
            return found;
        });
    }

    /** A .deb's files extracted into {@code into}, and its control paragraph. */
    public record Unpacked(Path root, String control) {
    }

    public static Unpacked unpack(Path deb, Path into) {
        Tools.run("dpkg-deb", "-x", deb.toString(), into.toString());
        String control = Tools.run("dpkg-deb", "-f", deb.toString());
        return new Unpacked(into, control);
    }

    private static Path find(Path debs, String name) throws IOException {
        try (Stream<Path> s = Files.list(debs)) {
            return s.filter(p -> p.getFileName().toString().startsWith(name + "_") && p.toString().endsWith(".deb")).findFirst().orElse(null);
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T locked(IoSupplier<T> body) {
        try (FileChannel ch = FileChannel.open(cacheDir().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return body.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
