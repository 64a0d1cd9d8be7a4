package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.server.reconcile.ReconcileFixtures;
import dev.drydock.server.store.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.drydock.server.reconcile.ReconcileFixtures.D1;
import static dev.drydock.server.reconcile.ReconcileFixtures.D2;
import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass
@EnumSource(Backend.class)
class ReconcileApiTest {
    private static final String PAIR = "scanner_a=drydock&scanner_b=trivy";

    @Parameter
    Backend backend;
    private TestServer s;

    @BeforeEach
    void start() {
        s = new TestServer(backend);
        ReconcileFixtures.load(s.store);
    }

    @AfterEach
    void stop() throws IOException {
        s.close();
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    @Test
    void driftPagesByScopeAndPresence() {
        var r = s.get("/api/v1/reconcile/drift?" + PAIR, s.viewer);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode page = TestServer.json(r);
        assertThat(page.get("total").asLong()).isEqualTo(9);
        JsonNode vendor = page.get("items").get(1);
        assertThat(vendor.get("vulnId").asText()).isEqualTo("CVE-2024-0002");
        assertThat(vendor.get("severityA").asText()).isEqualTo("medium");
        assertThat(vendor.get("severitySourceB").asText()).isEqualTo("nvd");
        assertThat(vendor.get("reason").asText()).isEqualTo("vendor-vs-nvd");

        JsonNode onlyB = TestServer.json(s.get("/api/v1/reconcile/drift?" + PAIR + "&repository=shop/api&presence=only_b&limit=1&offset=1", s.viewer));
        assertThat(onlyB.get("total").asLong()).isEqualTo(2);
        assertThat(onlyB.get("items").get(0).get("reason").asText()).isEqualTo("package-not-detected");

        // an image by digest, or by a name the server has seen
        assertThat(TestServer.json(s.get("/api/v1/reconcile/drift?" + PAIR + "&image=" + D1, s.viewer)).get("total").asLong()).isEqualTo(7);
        JsonNode byName = TestServer.json(s.get("/api/v1/reconcile/drift?" + PAIR + "&image=" + enc("registry.example.com/shop/web:1"), s.viewer));
        assertThat(byName.get("items")).extracting(n -> n.get("digest").asText()).containsOnly(D2);
        assertThat(s.get("/api/v1/reconcile/drift?" + PAIR + "&image=" + enc("registry.example.com/shop/none:1"), s.viewer).statusCode()).isEqualTo(404);
    }

    @Test
    void parityHasExactFiguresPerScopeAndRepository() {
        JsonNode fleet = TestServer.json(s.get("/api/v1/reconcile/parity?" + PAIR, s.viewer));
        assertThat(fleet.get("scope").get("kind").asText()).isEqualTo("fleet");
        assertThat(fleet.get("parity").get("severityAgreement").asDouble()).isEqualTo(50.0);
        assertThat(fleet.get("parity").get("presenceAgreement").asDouble()).isEqualTo(44.44);
        assertThat(fleet.get("parity").get("images").asLong()).isEqualTo(2);
        assertThat(fleet.get("repositories")).extracting(n -> n.get("scope").asText() + " " + n.get("severityAgreement").asDouble()
                + " " + n.get("presenceAgreement").asDouble()).containsExactly("shop/api 33.33 42.86", "shop/web 100.0 50.0");
        JsonNode image = TestServer.json(s.get("/api/v1/reconcile/parity?" + PAIR + "&image=" + D1, s.viewer));
        assertThat(image.get("parity").get("both").asLong()).isEqualTo(3);
        assertThat(image.get("parity").get("onlyB").asLong()).isEqualTo(2);
    }

    @Test
    void csvNeutralisesFormulasAndQuotesFields() {
        var r = s.get("/api/v1/reconcile/drift.csv?" + PAIR + "&presence=only_b", s.viewer);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = r.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("digest,vulnerability,package,purl,installed,fixed,presence,drydock_severity,drydock_source,"
                + "drydock_suppression,trivy_severity,trivy_source,trivy_suppression,reason");
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")<script>alert(1)</script>\",");
        for (String line : lines) {
            for (String cell : line.split(",")) assertThat(cell).doesNotStartWith("=").doesNotStartWith("\"=").doesNotStartWith("+").doesNotStartWith("@");
        }
        assertThat(DriftCsv.cell("-1+2")).isEqualTo("'-1+2");
        assertThat(DriftCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(DriftCsv.cell("\tx")).isEqualTo("'\tx");
        assertThat(DriftCsv.cell("\r=1")).isEqualTo("\"'\r=1\"");
        assertThat(DriftCsv.cell("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(DriftCsv.cell("libssl3")).isEqualTo("libssl3");
    }

    @Test
    void injectionLookingParametersAreRefusedOrTreatedAsData() {
        for (String bad : List.of("scanner_a=drydock&scanner_b=" + enc("trivy' OR '1'='1"),
                "scanner_a=" + enc("drydock;DROP TABLE finding;--") + "&scanner_b=trivy",
                PAIR + "&image=" + enc("sha256:abc' OR 1=1 --"),
                PAIR + "&presence=" + enc("both' --"),
                PAIR + "&limit=" + enc("1;DELETE FROM attribution"),
                PAIR + "&image=" + D1 + "&repository=shop/api",
                "scanner_a=trivy&scanner_b=trivy",
                "scanner_b=trivy")) {
            for (String path : List.of("/api/v1/reconcile/drift?", "/api/v1/reconcile/drift.csv?", "/api/v1/reconcile/parity?")) {
                var r = s.get(path + bad, s.viewer);
                assertThat(r.statusCode()).as(path + bad).isEqualTo(400);
                assertThat(TestServer.json(r).get("error").asText()).isNotBlank();
            }
        }
        JsonNode none = TestServer.json(s.get("/api/v1/reconcile/drift?" + PAIR + "&repository=" + enc("x' OR '1'='1' --"), s.viewer));
        assertThat(none.get("total").asLong()).isZero();
        assertThat(TestServer.json(s.get("/api/v1/reconcile/drift?" + PAIR, s.viewer)).get("total").asLong()).as("nothing was dropped").isEqualTo(9);
    }

    @Test
    void readersOnly() {
        assertThat(s.get("/api/v1/reconcile/drift?" + PAIR, null).statusCode()).isEqualTo(401);
        assertThat(s.get("/api/v1/reconcile/parity?" + PAIR, s.ci).statusCode()).isEqualTo(403);
        assertThat(s.get("/api/v1/reconcile/drift.csv?" + PAIR, s.triager).statusCode()).isEqualTo(200);
        assertThat(s.get("/reconcile", null).statusCode()).isEqualTo(303);
    }

    @Test
    void thePageShowsParityAndTheDriftTableWithPackageNamesEscaped() {
        var r = s.send(HttpRequest.newBuilder(s.uri("/reconcile?repository=shop/api")).header("Cookie", Access.COOKIE + "=" + s.viewer).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String html = r.body();
        assertThat(html).contains("Parity of drydock and trivy (repository shop/api)", "33.33 %", "42.86 %", "vendor vs NVD rating",
                "package not detected by one side", "unfixed filtered by one side", "version-range disagreement", "href=\"/reconcile\"");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        var fleet = s.send(HttpRequest.newBuilder(s.uri("/reconcile")).header("Cookie", Access.COOKIE + "=" + s.viewer).GET().build());
        assertThat(fleet.body()).contains("By repository", "shop/web", "50.00 %");
        var csv = s.send(HttpRequest.newBuilder(s.uri("/reconcile/drift.csv?presence=both")).header("Cookie", Access.COOKIE + "=" + s.viewer).GET().build());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().split("\r\n")).hasSize(5);
    }
}
