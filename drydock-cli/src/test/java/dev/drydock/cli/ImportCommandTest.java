package dev.drydock.cli;

import dev.drydock.server.store.Database;
import dev.drydock.server.store.FindingRow;
import dev.drydock.server.store.Role;
import dev.drydock.server.store.Store;
import dev.drydock.server.web.DrydockServer;
import dev.drydock.server.web.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** drydock import on real reports: read locally, refused when wrong, and sent to a real server. */
class ImportCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, out, err);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The server module's real report fixtures (see their SOURCES.md). */
    static Path fixture(String path) {
        Path p = Path.of("../drydock-server/src/test/resources/reports", path);
        assertThat(p).isRegularFile();
        return p;
    }

    @Test
    void withoutAServerTheReportIsReadAndSummarised() throws IOException {
        Run r = run("import", fixture("grype/check_all_fields.json").toString(), "--scanner", "grype");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("6 findings in 1 scan")
                .contains("sha256:9d8825ab20ac86b40eb71495bece1608a302fb180384740697a28c2b0a5a0fc6");
    }

    @Test
    void aReportOfAnotherFormatOrAMalformedOneIsExitTwoWithOneLine() throws IOException {
        Run wrong = run("import", fixture("grype/check_all_fields.json").toString(), "--scanner", "trivy");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err().strip()).startsWith("drydock: this looks like a Grype report").doesNotContain("\n");
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"SchemaVersion\": 2, \"Results\": [");
        assertThat(run("import", broken.toString(), "--scanner", "trivy").code()).isEqualTo(2);
        assertThat(run("import", tmp.resolve("missing.json").toString(), "--scanner", "trivy").code()).isEqualTo(2);
    }

    @Test
    void importsIntoAServerAndSaysWhatChanged() throws IOException {
        Database db = Database.open("jdbc:sqlite:" + tmp.resolve("server.db"));
        Store store = new Store(db);
        String ci = store.createToken("pipeline", Role.CI).plaintext();
        DrydockServer server = DrydockServer.start(0, db, ServerOptions.defaults());
        try {
            String url = "http://127.0.0.1:" + server.port();
            Path grype = fixture("grype/check_all_fields.json");
            Run first = run("import", grype.toString(), "--scanner", "grype", "--server", url, "--token", ci, "--context", "pipeline=p1");
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out()).contains("imported as grype").contains("sha256:9d8825ab20ac86b40eb71495bece1608a302fb180384740697a28c2b0a5a0fc6");
            assertThat(first.err()).contains("was not in the inventory: added from this report alone");
            Run again = run("import", grype.toString(), "--scanner", "grype", "--server", url, "--token", ci, "--context", "pipeline=p1");
            assertThat(again.out()).contains("(already imported)");
            assertThat(store.findings("sha256:9d8825ab20ac86b40eb71495bece1608a302fb180384740697a28c2b0a5a0fc6", false))
                    .hasSize(5).allSatisfy(f -> assertThat(f.scanners()).containsExactly("grype"));

            Run unknown = run("import", fixture("trivy/debian-buster.json.golden").toString(), "--scanner", "trivy", "--server", url, "--token", ci);
            assertThat(unknown.code()).isEqualTo(2);
            assertThat(unknown.err()).contains("HTTP 422").contains("is not in the inventory");
        } finally {
            server.stop();
        }
    }
}
