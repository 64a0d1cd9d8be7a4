package dev.drydock.policy;

import dev.drydock.image.BadInputException;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.drydock.policy.VexStatement.Status.AFFECTED;
import static dev.drydock.policy.VexStatement.Status.FIXED;
import static dev.drydock.policy.VexStatement.Status.NOT_AFFECTED;
import static dev.drydock.policy.VexStatement.Status.UNDER_INVESTIGATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VexDocumentsTest {
    private final List<String> warnings = new ArrayList<>();

    private List<VexStatement> fixture(String name) {
        return VexDocuments.read(Fixtures.path("vex/" + name), warnings::add);
    }

    private List<VexStatement> parse(String json) {
        return VexDocuments.parse("doc.json", json.getBytes(StandardCharsets.UTF_8), warnings::add);
    }

    @Test
    void openVex020ImageProductWithSubcomponents() {
        List<VexStatement> s = fixture("openvex-v0.2.0.json");
        assertThat(s).extracting(VexStatement::vulnerabilityId)
                .containsExactly("CVE-2023-1255", "CVE-2023-2650", "CVE-2023-2975", "CVE-2023-3446", "CVE-2023-3817");
        assertThat(s).extracting(VexStatement::status).containsExactly(FIXED, FIXED, FIXED, NOT_AFFECTED, NOT_AFFECTED);
        VexStatement na = s.get(3);
        assertThat(na.justification()).isEqualTo("vulnerable_code_not_present");
        assertThat(na.detail()).isEqualTo("affected functions were removed before packaging");
        assertThat(na.reason()).isEqualTo("vulnerable_code_not_present: affected functions were removed before packaging");
        assertThat(na.origin()).endsWith("openvex-v0.2.0.json#statements[3]");
        // statements without their own time take the document's
        assertThat(na.timestamp()).isEqualTo(Instant.parse("2023-07-18T00:28:47.696004345Z"));
        VexStatement.Product p = na.products().get(0);
        assertThat(p.purl()).startsWith("pkg:oci/alpine@sha256%3A124c7d27");
        assertThat(p.subcomponents()).containsExactly("pkg:apk/alpine/libssl3@3.0.8-r3", "pkg:apk/alpine/libcrypto3@3.0.8-r3");
        assertThat(p.imageWide()).isFalse();
        assertThat(warnings).isEmpty();
    }

    @Test
    void openVex001StringVulnerabilityAndStringProducts() {
        List<VexStatement> s = fixture("openvex-v0.0.1.json");
        assertThat(s).singleElement().satisfies(v -> {
            assertThat(v.vulnerabilityId()).isEqualTo("CVE-2023-12345");
            assertThat(v.status()).isEqualTo(FIXED);
            assertThat(v.products()).extracting(VexStatement.Product::purl)
                    .containsExactly("pkg:apk/wolfi/git@2.39.0-r1?arch=armv7", "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64");
        });
    }

    @Test
    void openVexStatementTimestamp() {
        assertThat(fixture("openvex-v020-1.vex.json")).singleElement().satisfies(v -> {
            assertThat(v.status()).isEqualTo(UNDER_INVESTIGATION);
            assertThat(v.timestamp()).isEqualTo(Instant.parse("2022-12-22T21:36:43Z"));
        });
    }

    @Test
    void cycloneDxBomLinkToAPurlAndReferencesAsAliases() {
        assertThat(fixture("cyclonedx-vex.json")).singleElement().satisfies(v -> {
            assertThat(v.vulnerabilityId()).isEqualTo("CVE-2020-25649");
            assertThat(v.aliases()).containsExactly("SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302");
            assertThat(v.status()).isEqualTo(NOT_AFFECTED);
            assertThat(v.justification()).isEqualTo("code_not_reachable");
            assertThat(v.products()).extracting(VexStatement.Product::purl)
                    .containsExactly("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar");
            assertThat(v.timestamp()).isEqualTo(Instant.parse("2021-10-26T00:00:00Z"));
        });
    }

    @Test
    void cycloneDxProductsWithoutPurlCannotMatchAndSaySo() {
        List<VexStatement> s = fixture("cyclonedx-cisa-case1-not_affected.json");
        assertThat(s).singleElement().satisfies(v -> assertThat(v.products()).isEmpty());
        assertThat(warnings).singleElement().asString().contains("'product-ABC' resolves to no package-url");
    }

    @Test
    void cycloneDxFalsePositiveIsNotAffected() {
        List<VexStatement> s = fixture("cyclonedx-dependency-track-vex-issue2549.json");
        assertThat(s).extracting(VexStatement::status).containsExactly(NOT_AFFECTED, NOT_AFFECTED, NOT_AFFECTED);
        assertThat(s.get(0).timestamp()).isEqualTo(Instant.parse("2023-03-01T00:00:00Z"));
    }

    @Test
    void cycloneDxRefsResolveThroughComponents() {
        List<VexStatement> s = parse("""
                {"bomFormat":"CycloneDX","specVersion":"1.5",
                 "components":[{"bom-ref":"c1","purl":"pkg:deb/debian/openssl@3.0.11-1?arch=amd64",
                                "components":[{"bom-ref":"nested","purl":"pkg:npm/%40types/node@20.1.0"}]}],
                 "vulnerabilities":[
                   {"id":"CVE-1","analysis":{"state":"resolved"},"affects":[{"ref":"c1"},{"ref":"nested"},{"ref":"pkg:npm/x@1"}]},
                   {"id":"CVE-2","analysis":{"state":"exploitable"},"affects":[{"ref":"urn:cdx:abc/1#nested"}]},
                   {"id":"CVE-3","analysis":{"state":"in_triage"},"affects":[]},
                   {"id":"CVE-4","affects":[{"ref":"c1"}]}
                 ]}""");
        assertThat(s).extracting(VexStatement::status).containsExactly(FIXED, AFFECTED, UNDER_INVESTIGATION);
        assertThat(s.get(0).products()).extracting(VexStatement.Product::purl)
                .containsExactly("pkg:deb/debian/openssl@3.0.11-1?arch=amd64", "pkg:npm/%40types/node@20.1.0", "pkg:npm/x@1");
        assertThat(s.get(1).products()).extracting(VexStatement.Product::purl).containsExactly("pkg:npm/%40types/node@20.1.0");
    }

    @Test
    void csafIsRefusedByName() {
        assertThatThrownBy(() -> fixture("csaf.json")).isInstanceOf(BadInputException.class).hasMessageContaining("CSAF VEX is not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[]",
            "{\"spdxVersion\":\"SPDX-2.3\"}",
            "{\"statements\":{}}",
            "{\"statements\":[{\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"maybe\",\"products\":[]}]}",
            "{\"statements\":[{\"status\":\"fixed\",\"products\":[]}]}",
            "{\"statements\":[{\"vulnerability\":\"CVE-1\",\"status\":\"fixed\",\"products\":[\"pkg:\"]}]}",
            "{\"statements\":[{\"vulnerability\":\"CVE-1\",\"status\":\"fixed\",\"timestamp\":\"yesterday\"}]}",
            "{\"statements\":[], \"statements\":[]}",
            "{\"statements\":[]} trailing",
            "{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"sure\"}}]}",
            "{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"analysis\":{\"state\":\"resolved\"}}]}",
            "not json at all",
    })
    void malformedOrForeignDocumentsAreOneLine(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("doc.json")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void deepNestingAndBinaryAreRefused() {
        assertThatThrownBy(() -> parse("{\"statements\":" + "[".repeat(5000) + "]".repeat(5000) + "}"))
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> VexDocuments.parse("x.bin", new byte[]{0x1f, (byte) 0x8b, 0, 0}, warnings::add))
                .isInstanceOf(BadInputException.class).hasMessageContaining("binary");
    }

    @Test
    void productsWithoutPurlAreSkippedWithAWarning() {
        List<VexStatement> s = parse("""
                {"@context":"https://openvex.dev/ns/v0.2.0","statements":[
                  {"vulnerability":{"name":"CVE-1","aliases":["GHSA-aaaa-bbbb-cccc"]},"status":"not_affected",
                   "justification":"component_not_present",
                   "products":[{"@id":"https://example.com/product","identifiers":{"cpe23":"cpe:2.3:a:x:y:1:*:*:*:*:*:*:*"}},
                               {"@id":"urn:x","identifiers":{"purl":"pkg:deb/debian/curl"}}]}]}""");
        assertThat(s).singleElement().satisfies(v -> {
            assertThat(v.aliases()).containsExactly("GHSA-aaaa-bbbb-cccc");
            assertThat(v.products()).extracting(VexStatement.Product::purl).containsExactly("pkg:deb/debian/curl");
        });
        assertThat(warnings).singleElement().asString().contains("no package-url");
    }
}
