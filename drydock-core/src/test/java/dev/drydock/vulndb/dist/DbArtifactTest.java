package dev.drydock.vulndb.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.image.BadInputException;
import dev.drydock.image.CredentialSource;
import dev.drydock.image.RegistryCredentials;
import dev.drydock.image.RegistryOptions;
import dev.drydock.image.RetryPolicy;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageRef;
import dev.drydock.testing.FakeRegistry;
import dev.drydock.testing.RegistryServer;
import dev.drydock.testing.TestImage;
import dev.drydock.testing.TokenServer;
import dev.drydock.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pushes a real SQLite database to Debian's docker-registry on 127.0.0.1 (anonymous, Basic and token
 * auth) and pulls it back; skopeo reads what we pushed as an independent check of the artifact format.
 * Tampering is done through {@link FakeRegistry}, standing in for a compromised registry or a man in the middle.
 */
class DbArtifactTest {
    static final String USER = "alice";
    static final String PASSWORD = "wonderland-42";
    static final int SCHEMA = 7;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static RegistryServer anonymous;
    static RegistryServer basic;
    static TokenServer tokens;
    static RegistryServer token;
    static Path db;

    @BeforeAll
    static void start() throws SQLException {
        anonymous = RegistryServer.anonymous();
        basic = RegistryServer.builder().basicAuth(USER, PASSWORD).start();
        tokens = TokenServer.start(tmp.resolve("tokens")).user(USER, PASSWORD);
        token = RegistryServer.builder().tokenAuth(tokens, USER, PASSWORD).start();
        db = sqlite(tmp.resolve("source.db"), SCHEMA, 2000);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{anonymous, basic, token, tokens}) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    /** A small real database: a schema version in user_version and some rows so that gzip has work to do. */
    static Path sqlite(Path file, int schema, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + schema);
            s.execute("CREATE TABLE vuln (id TEXT PRIMARY KEY, pkg TEXT, fixed TEXT)");
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("INSERT INTO vuln VALUES (?, ?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, "CVE-2024-" + (10000 + i));
                    ps.setString(2, "pkg" + (i % 97));
                    ps.setString(3, "1." + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return file;
    }

    /** What the lead's CLI will pass: open the file as SQLite and check the schema version. */
    static DbArtifact.Validator schema(int wanted) {
        return candidate -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + candidate + "?mode=ro");
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                int v = rs.next() ? rs.getInt(1) : -1;
                if (v != wanted) throw new IllegalStateException("schema version " + v + ", expected " + wanted);
            }
        };
    }

    static RegistryOptions registryOptions() {
        return RegistryOptions.defaults().withRetry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1)));
    }

    static DbArtifact.Options options() {
        return DbArtifact.Options.defaults().withRegistry(registryOptions());
    }

    static DbArtifact.Options withCredentials() {
        return DbArtifact.Options.defaults().withRegistry(registryOptions()
                .withCredentials(CredentialSource.of(RegistryCredentials.basic(USER, PASSWORD))));
    }

    static Path existing(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("target-" + name));
        Path f = dir.resolve("drydock.db");
        Files.writeString(f, "the old database");
        return f;
    }

    static void assertUntouched(Path target) throws IOException {
        assertThat(Files.readString(target)).isEqualTo("the old database");
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("drydock.db");
        }
    }

    @Test
    void roundTripAnonymousGivesAByteIdenticalFileAndSkopeoReadsTheArtifact() throws IOException {
        ImageRef ref = ImageRef.parse(anonymous.ref("drydock/db:v1"));
        Digest pushed = DbArtifact.push(ref, db, Map.of("dev.drydock.vulndb.schema", String.valueOf(SCHEMA)), options());

        Path target = existing("anon");
        DbArtifact.Pulled pulled = DbArtifact.pull(ref, target, options(), schema(SCHEMA));
        assertThat(Files.mismatch(db, target)).isEqualTo(-1);
        assertThat(pulled.manifestDigest()).isEqualTo(pushed);
        assertThat(pulled.uncompressedBytes()).isEqualTo(Files.size(db));
        assertThat(pulled.annotations()).containsEntry("dev.drydock.vulndb.schema", "7").containsKey(DbArtifact.ANNOTATION_CREATED);

        // skopeo, an independent client, sees exactly the manifest we pushed, with our artifact type
        String raw = Tools.run("skopeo", "--insecure-policy", "inspect", "--raw", "--tls-verify=false", "docker://" + anonymous.ref("drydock/db:v1"));
        assertThat(Digest.sha256(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(pushed);
        JsonNode m = JSON.readTree(raw);
        assertThat(m.path("artifactType").asText()).isEqualTo(DbArtifact.ARTIFACT_TYPE);
        assertThat(m.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(m.path("config").path("digest").asText()).isEqualTo(DbArtifact.EMPTY_DIGEST.toString());
        assertThat(m.path("layers").path(0).path("mediaType").asText()).isEqualTo(DbArtifact.LAYER_MEDIA_TYPE);
        assertThat(m.path("layers").path(0).path("annotations").path("org.opencontainers.image.title").asText()).isEqualTo("drydock.db.gz");

        // a pinned reference pulls the same thing; pushing the same file again reuses the blobs
        Path pinned = tmp.resolve("pinned.db");
        DbArtifact.pull(ref.withDigest(pushed), pinned, options(), schema(SCHEMA));
        assertThat(Files.mismatch(db, pinned)).isEqualTo(-1);
        assertThat(DbArtifact.push(ImageRef.parse(anonymous.ref("drydock/db:v2")), db, Map.of(), options())).isNotNull();
    }

    @Test
    void anAirGappedMirrorMadeWithSkopeoServesTheSameArtifact() throws IOException {
        ImageRef ref = ImageRef.parse(anonymous.ref("drydock/db:mirror"));
        Digest pushed = DbArtifact.push(ref, db, Map.of(), options());
        // what docs/db-distribution.md tells an air-gapped site to do: registry -> OCI layout on removable media -> inner registry
        Path layout = tmp.resolve("usb-stick");
        Tools.run("skopeo", "--insecure-policy", "copy", "--quiet", "--preserve-digests", "--src-tls-verify=false",
                "docker://" + anonymous.ref("drydock/db:mirror"), "oci:" + layout + ":mirror");
        Tools.run("skopeo", "--insecure-policy", "copy", "--quiet", "--preserve-digests", "--dest-tls-verify=false",
                "oci:" + layout + ":mirror", "docker://" + anonymous.ref("inner/drydock-db:mirror"));
        Path target = tmp.resolve("mirrored.db");
        DbArtifact.Pulled pulled = DbArtifact.pull(ImageRef.parse(anonymous.ref("inner/drydock-db@" + pushed)), target, options(), schema(SCHEMA));
        assertThat(pulled.manifestDigest()).isEqualTo(pushed);
        assertThat(Files.mismatch(db, target)).isEqualTo(-1);
    }

    @Test
    void pinnedDigestThatIsNotThereFails() throws IOException {
        ImageRef ref = ImageRef.parse(anonymous.ref("drydock/db@" + Digest.sha256(new byte[]{1})));
        Path target = existing("pinned-missing");
        assertThatThrownBy(() -> DbArtifact.pull(ref, target, options(), schema(SCHEMA)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not found");
        assertUntouched(target);
    }

    @Test
    void roundTripWithBasicAndWithTokenAuthAsksForPushScope() throws IOException {
        for (RegistryServer r : List.of(basic, token)) {
            ImageRef ref = ImageRef.parse(r.ref("drydock/db:auth"));
            tokens.clearRequests();
            DbArtifact.push(ref, db, Map.of(), withCredentials());
            if (r == token) {
                assertThat(tokens.requests()).anySatisfy(t -> assertThat(t.scopes()).containsExactly("repository:drydock/db:pull,push"));
            }
            Path target = existing("auth-" + r.port());
            DbArtifact.pull(ref, target, withCredentials(), schema(SCHEMA));
            assertThat(Files.mismatch(db, target)).isEqualTo(-1);
        }
    }

    @Test
    void pushWithoutCredentialsToAnAuthenticatedRegistryFailsClearly() {
        for (RegistryServer r : List.of(basic, token)) {
            assertThatThrownBy(() -> DbArtifact.push(ImageRef.parse(r.ref("drydock/db:anon")), db, Map.of(), options()))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("requires authentication to push");
        }
    }

    @Test
    void anOrdinaryImageIsRejectedAsTheWrongArtifactType() throws IOException {
        TestImage.Written image = new TestImage().add(TestImage.layer().file("etc/os-release", "ID=debian\n"))
                .writeOciLayout(tmp.resolve("image"), "v1");
        anonymous.push(image.layout(), "v1", "drydock/notdb:v1");
        Path target = existing("wrong-type");
        assertThatThrownBy(() -> DbArtifact.pull(ImageRef.parse(anonymous.ref("drydock/notdb:v1")), target, options(), schema(SCHEMA)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("is not a drydock database artifact")
                .hasMessageContaining(DbArtifact.ARTIFACT_TYPE);
        assertUntouched(target);
    }

    @Test
    void oversizeDatabaseIsRefusedCompressedOrNot() throws IOException {
        ImageRef ref = ImageRef.parse(anonymous.ref("drydock/db:big"));
        DbArtifact.push(ref, db, Map.of(), options());
        Path target = existing("oversize");
        assertThatThrownBy(() -> DbArtifact.pull(ref, target, options().withMaxUncompressedBytes(Files.size(db) - 1), schema(SCHEMA)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("over the limit");
        assertUntouched(target);
        assertThatThrownBy(() -> DbArtifact.pull(ref, target, options().withMaxCompressedBytes(100), schema(SCHEMA)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("over the limit of 100 bytes");
        assertUntouched(target);
        assertThatThrownBy(() -> DbArtifact.push(ref, db, Map.of(), options().withMaxUncompressedBytes(10)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("over the limit");
    }

    @Test
    void aDatabaseTheValidatorRefusesDoesNotReplaceTheOldOne() throws IOException {
        ImageRef ref = ImageRef.parse(anonymous.ref("drydock/db:schema"));
        DbArtifact.push(ref, db, Map.of(), options());
        Path target = existing("validator");
        assertThatThrownBy(() -> DbArtifact.pull(ref, target, options(), schema(SCHEMA + 1)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("failed validation")
                .hasMessageContaining("schema version 7, expected 8");
        assertUntouched(target);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(data);
        }
        return b.toByteArray();
    }

    /** A registry serving our manifest for {@code layer}, but sending {@code served} as the blob. */
    static FakeRegistry serving(byte[] layer, byte[] served, String artifactType) throws IOException {
        Digest layerDigest = Digest.sha256(layer);
        byte[] manifest = DbArtifact.manifest(layerDigest, layer.length, Map.of("k", "v"));
        if (artifactType != null) {
            manifest = new String(manifest, java.nio.charset.StandardCharsets.UTF_8)
                    .replace(DbArtifact.ARTIFACT_TYPE, artifactType).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        FakeRegistry f = FakeRegistry.start();
        f.route(FakeRegistry.manifestPath("drydock/db", "v1"),
                FakeRegistry.manifest(manifest, "application/vnd.oci.image.manifest.v1+json", Digest.sha256(manifest)));
        f.route(FakeRegistry.blobPath("drydock/db", layerDigest), FakeRegistry.blob(served));
        return f;
    }

    @Test
    void aTamperedLayerFailsTheDigestCheckAndLeavesTheOldFile() throws IOException {
        byte[] layer = gzip(Files.readAllBytes(db));
        byte[] tampered = layer.clone();
        tampered[tampered.length / 2] ^= 0x55;
        try (FakeRegistry f = serving(layer, tampered, null)) {
            Path target = existing("tampered");
            assertThatThrownBy(() -> DbArtifact.pull(ImageRef.parse(f.host() + "/drydock/db:v1"), target, options(), schema(SCHEMA)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("does not match its digest");
            assertUntouched(target);
        }
    }

    @Test
    void aSubstitutedLayerThatIsValidGzipStillFailsTheDigestCheck() throws IOException, SQLException {
        byte[] layer = gzip(Files.readAllBytes(db));
        Path other = sqlite(tmp.resolve("evil.db"), SCHEMA, 10);
        byte[] evil = gzip(Files.readAllBytes(other));
        try (FakeRegistry f = serving(layer, evil, null)) {
            Path target = existing("substituted");
            assertThatThrownBy(() -> DbArtifact.pull(ImageRef.parse(f.host() + "/drydock/db:v1"), target, options(), schema(SCHEMA)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("layer of database artifact");
            assertUntouched(target);
        }
    }

    @Test
    void anotherArtifactTypeIsRejected() throws IOException {
        byte[] layer = gzip(Files.readAllBytes(db));
        try (FakeRegistry f = serving(layer, layer, "application/vnd.example.sbom.v1")) {
            Path target = existing("other-type");
            assertThatThrownBy(() -> DbArtifact.pull(ImageRef.parse(f.host() + "/drydock/db:v1"), target, options(), schema(SCHEMA)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("its artifact type is application/vnd.example.sbom.v1");
            assertUntouched(target);
        }
    }

    @Test
    void aGzipBombIsStoppedAtTheUncompressedCap() throws IOException {
        byte[] layer = gzip(new byte[8 << 20]);
        try (FakeRegistry f = serving(layer, layer, null)) {
            Path target = existing("bomb");
            assertThatThrownBy(() -> DbArtifact.pull(ImageRef.parse(f.host() + "/drydock/db:v1"), target,
                    options().withMaxUncompressedBytes(1 << 20), schema(SCHEMA)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("over the limit of 1048576 bytes uncompressed");
            assertUntouched(target);
        }
    }

    @Test
    void manifestIsDeterministicForTheSameInputs() {
        Digest d = Digest.sha256(new byte[]{1, 2, 3});
        Map<String, String> a = new java.util.LinkedHashMap<>();
        a.put(DbArtifact.ANNOTATION_CREATED, "2026-01-01T00:00:00Z");
        assertThat(DbArtifact.manifest(d, 3, a)).isEqualTo(DbArtifact.manifest(d, 3, a));
        assertThat(new String(DbArtifact.manifest(d, 3, a), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"application/vnd.drydock.vulndb.v1\"")
                .contains("\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2,\"data\":\"e30=\"}");
    }
}
