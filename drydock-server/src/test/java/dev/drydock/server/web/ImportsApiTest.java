package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.server.reconcile.ImportTest;
import dev.drydock.server.store.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/imports on both databases, with real reports. */
@ParameterizedClass
@EnumSource(Backend.class)
class ImportsApiTest {
    @Parameter
    Backend backend;
    TestServer s;

    @BeforeEach
    void start() {
        s = new TestServer(backend);
    }

    @AfterEach
    void stop() throws IOException {
        s.close();
    }

    private HttpResponse<String> post(String query, String token, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri("/api/v1/imports" + query))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return s.send(b.build());
    }

    @Test
    void aGrypeReportIsImportedBesideDrydocksScanAndTheSameFileAgainChangesNothing() {
        s.store.recordScan(ImportTest.drydockScan());
        byte[] grype = ImportTest.fixture("grype/check_all_fields.json");
        HttpResponse<String> r = post("?scanner=grype&stage=ci&context=pipeline=nightly-3", s.ci, grype);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = TestServer.json(r);
        assertThat(body.get("scanner").asText()).isEqualTo("grype");
        JsonNode scan = body.get("scans").get(0);
        assertThat(scan.get("digest").asText()).isEqualTo(ImportTest.DIGEST);
        assertThat(scan.get("findings").asInt()).isEqualTo(5);
        assertThat(scan.get("attributions").get("new").asInt()).isEqualTo(5);
        assertThat(scan.get("appeared").asInt()).as("libgssapi-krb5-2's and redis's: drydock does not report them").isEqualTo(2);
        assertThat(scan.get("repeated").asBoolean()).isFalse();

        JsonNode again = TestServer.json(post("?scanner=grype&stage=ci&context=pipeline=nightly-3", s.triager, grype)).get("scans").get(0);
        assertThat(again.get("repeated").asBoolean()).isTrue();
        assertThat(again.get("attributions").get("new").asInt()).isZero();
        assertThat(again.get("attributions").get("updated").asInt()).isEqualTo(5);
        assertThat(again.get("attributions").get("deleted").asInt()).isZero();

        JsonNode findings = TestServer.json(s.get("/api/v1/images/" + ImportTest.DIGEST + "/findings", TestServer.ADMIN)).get("items");
        assertThat(findings).hasSize(8);
        assertThat(s.store.auditLog(10, Long.MAX_VALUE)).anySatisfy(a -> assertThat(a.action()).isEqualTo("import"));
    }

    @Test
    void skippedRowsAndWarningsComeBack() {
        s.store.recordScan(ImportTest.drydockScan());
        String csv = "Name,DetailedName,Version,FixedVersion,VendorSeverity,FindingStatus,DetectionMethod\n"
                + "CVE-2024-39474,github.com/containerd/containerd,1.4.0,1.5.11,Low,Open,Library\n"
                + "CVE-2024-1,,1.0,,High,Open,Library\n";
        HttpResponse<String> r = post("?scanner=wiz&image=" + ImportTest.DIGEST, TestServer.ADMIN, csv.getBytes());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = TestServer.json(r);
        assertThat(body.get("skipped").get("no package (DetailedName)").asInt()).isEqualTo(1);
        assertThat(body.get("scans").get(0).get("matchedPackages").asInt()).isEqualTo(1);
    }

    @Test
    void rolesBadInputAndUnknownImagesAreRefused() {
        byte[] trivy = ImportTest.fixture("trivy/debian-buster.json.golden");
        assertThat(post("?scanner=trivy", null, trivy).statusCode()).isEqualTo(401);
        assertThat(post("?scanner=trivy", s.viewer, trivy).statusCode()).isEqualTo(403);

        HttpResponse<String> unknown = post("?scanner=trivy", s.ci, trivy);
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(unknown).get("error").asText()).startsWith("image ghcr.io/aquasecurity/trivy-test-images:debian-buster is not in the inventory");

        HttpResponse<String> wrong = post("?scanner=grype", s.ci, trivy);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(wrong).get("error").asText()).contains("use --scanner trivy");

        for (String q : List.of("", "?scanner=nessus", "?scanner=trivy&stage=prod", "?scanner=trivy&image=sha256:12")) {
            assertThat(post(q, s.ci, trivy).statusCode()).as(q).isEqualTo(400);
        }
        assertThat(post("?scanner=trivy", s.ci, "{\"SchemaVersion\": 2, \"Results\": [".getBytes()).statusCode()).isEqualTo(400);
        assertThat(s.store.images(dev.drydock.server.store.ImageQuery.all()).total()).isZero();
    }
}
