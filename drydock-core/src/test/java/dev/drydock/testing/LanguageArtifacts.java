package dev.drydock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Real Maven Central jars and npm registry tarballs, one vulnerable and one fixed version per advisory of
 * {@code fixtures/accuracy/language/expected.tsv}. Each is downloaded once into
 * {@code ~/.cache/drydock-test/artifacts} (or {@code $DRYDOCK_TEST_CACHE/artifacts}) and checked against the
 * SHA-256 below, computed on 2026-11-26 after checking the download against the SHA-1 Central publishes
 * next to each jar ({@code .jar.sha1}) or the npm {@code dist.integrity} (SHA-512) and {@code dist.shasum}.
 */
public final class LanguageArtifacts {
    public static final String EXPECTED = "/fixtures/accuracy/language/expected.tsv";

    /** One downloadable artefact; {@code ecosystem} is the OSV ecosystem name. */
    public record Artifact(String file, String ecosystem, String pkg, String version, String url, String sha256) {
    }

    /** One row of expected.tsv: must {@code ghsa} be reported for {@code artifact}? */
    public record ExpectedRow(String artifact, String ecosystem, String pkg, String version, String ghsa, String cve,
                              boolean expected) {
    }

    public static final List<Artifact> ALL = List.of(
            new Artifact("log4j-core-2.14.1.jar", "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1",
                    "https://repo1.maven.org/maven2/org/apache/logging/log4j/log4j-core/2.14.1/log4j-core-2.14.1.jar",
                    "ade7402a70667a727635d5c4c29495f4ff96f061f12539763f6f123973b465b0"),
            new Artifact("log4j-core-2.12.2.jar", "Maven", "org.apache.logging.log4j:log4j-core", "2.12.2",
                    "https://repo1.maven.org/maven2/org/apache/logging/log4j/log4j-core/2.12.2/log4j-core-2.12.2.jar",
                    "57bc36ea9fbe150b892fd1fe239a18fcf762ce87f198cb9ffbc41d28d8a5b59a"),
            new Artifact("log4j-core-2.17.1.jar", "Maven", "org.apache.logging.log4j:log4j-core", "2.17.1",
                    "https://repo1.maven.org/maven2/org/apache/logging/log4j/log4j-core/2.17.1/log4j-core-2.17.1.jar",
                    "c967f223487980b9364e94a7c7f9a8a01fd3ee7c19bdbf0b0f9f8cb8511f3d41"),
            new Artifact("log4j-1.2.17.jar", "Maven", "log4j:log4j", "1.2.17",
                    "https://repo1.maven.org/maven2/log4j/log4j/1.2.17/log4j-1.2.17.jar",
                    "1d31696445697720527091754369082a6651bd49781b6005deb94e56753406f9"),
            new Artifact("jackson-databind-2.13.2.jar", "Maven", "com.fasterxml.jackson.core:jackson-databind", "2.13.2",
                    "https://repo1.maven.org/maven2/com/fasterxml/jackson/core/jackson-databind/2.13.2/jackson-databind-2.13.2.jar",
                    "0d5459b7f18184c4ce8f07264b1b7feced51529e550a098d6f9e2dfe091138ad"),
            new Artifact("jackson-databind-2.13.2.1.jar", "Maven", "com.fasterxml.jackson.core:jackson-databind", "2.13.2.1",
                    "https://repo1.maven.org/maven2/com/fasterxml/jackson/core/jackson-databind/2.13.2.1/jackson-databind-2.13.2.1.jar",
                    "33ef5309aeeebd45e87beca7e576f59a4fea2c03ef993dd522a92d8fc3e35fff"),
            new Artifact("commons-text-1.9.jar", "Maven", "org.apache.commons:commons-text", "1.9",
                    "https://repo1.maven.org/maven2/org/apache/commons/commons-text/1.9/commons-text-1.9.jar",
                    "0812f284ac5dd0d617461d9a2ab6ac6811137f25122dfffd4788a4871e732d00"),
            new Artifact("commons-text-1.10.0.jar", "Maven", "org.apache.commons:commons-text", "1.10.0",
                    "https://repo1.maven.org/maven2/org/apache/commons/commons-text/1.10.0/commons-text-1.10.0.jar",
                    "770cd903fa7b604d1f7ef7ba17f84108667294b2b478be8ed1af3bffb4ae0018"),
            new Artifact("snakeyaml-1.33.jar", "Maven", "org.yaml:snakeyaml", "1.33",
                    "https://repo1.maven.org/maven2/org/yaml/snakeyaml/1.33/snakeyaml-1.33.jar",
                    "11ff459788f0a2d781f56a4a86d7e69202cebacd0273d5269c4ae9f02f3fd8f0"),
            new Artifact("snakeyaml-2.0.jar", "Maven", "org.yaml:snakeyaml", "2.0",
                    "https://repo1.maven.org/maven2/org/yaml/snakeyaml/2.0/snakeyaml-2.0.jar",
                    "880c9d896e4b74a06c549c15ca496450165d6909fa15d7e662bee8f6a66d7afa"),
            new Artifact("lodash-4.17.11.tgz", "npm", "lodash", "4.17.11",
                    "https://registry.npmjs.org/lodash/-/lodash-4.17.11.tgz",
                    "8eb2165aed24a7e42c841114a3d9d92585cb922ef41e2d1fda72f5a4a8976b9b"),
            new Artifact("lodash-4.17.20.tgz", "npm", "lodash", "4.17.20",
                    "https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz",
                    "d2aa8c6afc3c8591765785a37d1c5acae482a8eb3ab9729ed28922692454f2e2"),
            new Artifact("lodash-4.17.21.tgz", "npm", "lodash", "4.17.21",
                    "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
                    "6a087ac9e5702a0c9d60fbcd48696012646ec8df1491dea472b150e79fcaf804"),
            new Artifact("minimist-0.0.8.tgz", "npm", "minimist", "0.0.8",
                    "https://registry.npmjs.org/minimist/-/minimist-0.0.8.tgz",
                    "7953afa208b921faf59c1fa5693764ca2be03e261ef91c88717ef20c8c474a33"),
            new Artifact("minimist-1.2.5.tgz", "npm", "minimist", "1.2.5",
                    "https://registry.npmjs.org/minimist/-/minimist-1.2.5.tgz",
                    "a1800ce4d39356e96497bd09a41fad0033a13dd8eeb469008333547505ce4350"),
            new Artifact("minimist-1.2.6.tgz", "npm", "minimist", "1.2.6",
                    "https://registry.npmjs.org/minimist/-/minimist-1.2.6.tgz",
                    "49c9124665fc1900e589be610b8dc69d5e61a179e9ed8547c6d61d30a225e726"),
            new Artifact("json5-1.0.1.tgz", "npm", "json5", "1.0.1",
                    "https://registry.npmjs.org/json5/-/json5-1.0.1.tgz",
                    "8cd9f5a4d6d4c0388a5061be831e2c18364ae9dad535aaf1c332a6ab8e9b3b84"),
            new Artifact("json5-2.2.1.tgz", "npm", "json5", "2.2.1",
                    "https://registry.npmjs.org/json5/-/json5-2.2.1.tgz",
                    "1d044eb7a06ddb2429366e0630dd884d1e57f116e3704b293631fa4dde045a59"),
            new Artifact("json5-2.2.2.tgz", "npm", "json5", "2.2.2",
                    "https://registry.npmjs.org/json5/-/json5-2.2.2.tgz",
                    "86f16f0b61deae8046bf4eef42c24deab0e9832e7d20a4aaee5620d726c86a39"),
            new Artifact("semver-6.3.0.tgz", "npm", "semver", "6.3.0",
                    "https://registry.npmjs.org/semver/-/semver-6.3.0.tgz",
                    "6bf14af3333843b62526ced99519918c7f6bf2cfe1c111556d36cf239a4c6745"),
            new Artifact("semver-7.5.1.tgz", "npm", "semver", "7.5.1",
                    "https://registry.npmjs.org/semver/-/semver-7.5.1.tgz",
                    "7466d0ee934d67f66045210449c0c38176c237aa6ddef92d72ad8536579e19c7"),
            new Artifact("semver-7.5.2.tgz", "npm", "semver", "7.5.2",
                    "https://registry.npmjs.org/semver/-/semver-7.5.2.tgz",
                    "32f78290c12246206449f9a18cf3f7fab44828f06c17448b7e8954ff54ce0a9a"));

    private LanguageArtifacts() {
    }

    /** Where the GHSA OSV records of expected.tsv are: three in the shared OSV fixtures, the rest beside expected.tsv. */
    public static final List<String> ADVISORY_DIRS = List.of("/fixtures/accuracy/language/osv", "/fixtures/osv");

    /** The classpath URL of an advisory's OSV record, or null. */
    public static java.net.URL advisory(String id) {
        for (String dir : ADVISORY_DIRS) {
            java.net.URL u = LanguageArtifacts.class.getResource(dir + "/" + id + ".json");
            if (u != null) return u;
        }
        return null;
    }

    public static Artifact byFile(String file) {
        return ALL.stream().filter(a -> a.file().equals(file)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no artefact " + file));
    }

    /** The artefact's local copy, downloaded and verified on first use. */
    public static Path get(String file) {
        return get(byFile(file));
    }

    public static synchronized Path get(Artifact a) {
        Path dir = DebianFixtures.cacheDir().resolve("artifacts");
        Path target = dir.resolve(a.file());
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                if (Files.exists(target) && sha256(target).equals(a.sha256())) return target;
                Path tmp = Files.createTempFile(dir, a.file(), ".part");
                try {
                    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                            .connectTimeout(Duration.ofSeconds(30)).build();
                    HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(a.url()))
                            .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofFile(tmp));
                    if (r.statusCode() != 200) throw new AssertionError("GET " + a.url() + ": HTTP " + r.statusCode());
                    String got = sha256(tmp);
                    if (!got.equals(a.sha256())) {
                        throw new AssertionError(a.url() + ": sha256 " + got + ", expected " + a.sha256());
                    }
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                return target;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted downloading " + a.url());
        }
    }

    /** The rows of expected.tsv (comment lines skipped). */
    public static List<ExpectedRow> expected() {
        try (InputStream in = LanguageArtifacts.class.getResourceAsStream(EXPECTED)) {
            if (in == null) throw new AssertionError("no resource " + EXPECTED);
            List<ExpectedRow> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                if (f.length != 7 || !(f[6].equals("yes") || f[6].equals("no"))) {
                    throw new AssertionError("bad expected.tsv line: " + line);
                }
                out.add(new ExpectedRow(f[0], f[1], f[2], f[3], f[4], f[5], f[6].equals("yes")));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
