package dev.drydock.catalog.binary;

import dev.drydock.testing.DebianFixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * One .deb of an older Debian release, fetched from the same mirror as the other Debian fixtures by
 * its pool path and checked against the SHA-256 its suite's package index lists; cached beside them.
 * apt here only knows the current release, and binaries built by Go 1.17 or older (the pointer
 * build info format) exist only in older ones.
 */
public final class ArchiveDebs {
    private ArchiveDebs() {
    }

    public static synchronized Path fetch(String poolPath, String sha256) {
        Path dir = DebianFixtures.cacheDir().resolve("debs");
        Path target = dir.resolve(poolPath.substring(poolPath.lastIndexOf('/') + 1));
        try {
            Files.createDirectories(dir);
            if (Files.exists(target) && sha256(Files.readAllBytes(target)).equals(sha256)) return target;
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create(DebianFixtures.MIRROR + "/" + poolPath)).timeout(Duration.ofMinutes(2)).build();
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200) throw new AssertionError("fetching " + poolPath + ": HTTP " + resp.statusCode());
            String got = sha256(resp.body());
            if (!got.equals(sha256)) throw new AssertionError(poolPath + " has SHA-256 " + got + ", expected " + sha256);
            Path tmp = Files.createTempFile(dir, "fetch", ".part");
            Files.write(tmp, resp.body());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
