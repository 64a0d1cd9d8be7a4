package dev.drydock.sbom;

import dev.drydock.catalog.Catalog;
import dev.drydock.model.Digest;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.drydock.sbom.CycloneDxReaderTest.read;
import static dev.drydock.sbom.CycloneDxReaderTest.readText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** SPDX documents from the SPDX project's examples and from Trivy (fixtures/sbom/SOURCES.md). */
class SpdxReaderTest {

    @Test
    void readsTheSpdx22TagValueExampleWithItsDescribedPackageAsTheSubject() {
        Catalog c = read("spdx/example1-2.2.spdx");

        assertThat(c.image().reference()).isEqualTo("hello");
        assertThat(c.packages()).isEmpty();
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void readsAnSpdx22JsonDocumentAndWarnsAboutPackagesWithoutPurl() {
        Catalog c = read("spdx/appbomination-2.2.spdx.json");

        assertThat(c.image().reference()).isEqualTo("App-BOM-ination");
        assertThat(c.packages()).extracting(Package::type, Package::purl, Package::licenses).containsExactly(
                tuple(PackageType.MAVEN, "pkg:maven/org.hamcrest/hamcrest-core@1.3", List.of("BSD-3-Clause")),
                tuple(PackageType.MAVEN, "pkg:maven/org.apache.commons/commons-lang3@3.4", List.of("Apache-2.0")),
                tuple(PackageType.MAVEN, "pkg:maven/junit/junit@4.12", List.of("EPL-1.0")),
                tuple(PackageType.MAVEN, "pkg:maven/org.slf4j/slf4j-api@1.7.21", List.of("Apache-2.0")));
        assertThat(c.warnings()).containsExactly("SPDX 2.2 JSON: skipped 2 of 6 components that drydock cannot identify"
                + " (2 without a package-url), e.g. \"Gradle\", \"Faust Proprietary File\"");
    }

    @Test
    void readsCargoPackagesWithTheConcludedLicenseWhenNoneIsDeclared() {
        Catalog c = read("spdx/example11-cargo-2.3.spdx.json");

        assertThat(c.packages()).extracting(Package::name, Package::version, Package::purl, Package::licenses).containsExactly(
                tuple("hyper", "0.14", "pkg:cargo/hyper@0.14", List.of("MIT")),
                tuple("tokio", "1.19.2", "pkg:cargo/tokio@1.19.2", List.of("MIT")),
                tuple("pretty_env_logger", "0.4.0", "pkg:cargo/pretty_env_logger@0.4.0", List.of("MIT OR Apache-2.0")));
        assertThat(c.image().reference()).isEqualTo("hello-server-src");
    }

    @Test
    void namesAnUnknownPurlTypeAndAMissingPurlInOneWarning() {
        Catalog c = read("spdx/acme-2.3.spdx.json");

        assertThat(c.packages()).extracting(Package::purl).containsExactly("pkg:npm/elliptic@6.5.2");
        assertThat(c.warnings()).containsExactly("SPDX 2.3 JSON: skipped 2 of 3 components that drydock cannot identify"
                + " (1 without a package-url, 1 of a package-url type drydock does not know), e.g. \"alpine\", \"pkg:alpine/openssl@3.0.4\"");
    }

    @Test
    void trivysCondaPackagesAreNotIdentifiable() {
        Catalog c = read("spdx/trivy-conda-2.3.spdx.json");

        assertThat(c.packages()).isEmpty();
        assertThat(c.image().reference()).isEqualTo("testdata/fixtures/repo/conda");
        assertThat(c.warnings()).singleElement().asString().contains("2 of a package-url type drydock does not know", "pkg:conda/openssl@1.1.1q");
    }

    @Test
    void readsTagValuePackagesWithMultiLineTextAnnotationsAndAnOperatingSystem() {
        String diffId = "sha256:" + "c".repeat(64);
        Catalog c = readText("""
                ## a comment before the version
                SPDXVersion: SPDX-2.3
                DataLicense: CC0-1.0
                SPDXID: SPDXRef-DOCUMENT
                DocumentName: app
                Creator: Tool: someone-else-1.0
                Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-Image

                PackageName: registry.example/app
                SPDXID: SPDXRef-Image
                PrimaryPackagePurpose: CONTAINER
                PackageComment: <text>Built by CI.
                PackageName: not a new package, this is inside text
                </text>

                PackageName: ubuntu
                SPDXID: SPDXRef-OS
                PackageVersion: 22.04
                PrimaryPackagePurpose: OPERATING-SYSTEM

                PackageName: libc6
                SPDXID: SPDXRef-libc6
                PackageVersion: 2.35-0ubuntu3.4
                PackageLicenseDeclared: NOASSERTION
                PackageLicenseConcluded: LGPL-2.1-or-later
                ExternalRef: PACKAGE-MANAGER purl pkg:deb/ubuntu/libc6@2.35-0ubuntu3.4?arch=amd64&distro=ubuntu-22.04
                ExternalRef: SECURITY cpe23Type cpe:2.3:a:libc6:libc6:2.35:*:*:*:*:*:*:*

                FileName: ./lib/libc.so.6
                SPDXID: SPDXRef-file
                PackageVersion: not a package field once a file began

                Annotator: Tool: someone-else-1.0
                AnnotationDate: 2024-01-01T00:00:00Z
                AnnotationType: OTHER
                SPDXREF: SPDXRef-libc6
                AnnotationComment: <text>drydock:layer:diffID=%s</text>
                Annotator: Tool: someone-else-1.0
                AnnotationDate: 2024-01-01T00:00:00Z
                AnnotationType: OTHER
                SPDXREF: SPDXRef-libc6
                AnnotationComment: SrcName: glibc
                """.formatted(diffId));

        assertThat(c.image().reference()).isEqualTo("registry.example/app");
        assertThat(c.os()).isEqualTo(new OsRelease("ubuntu", "22.04", null, null, null));
        assertThat(c.packages()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("libc6");
            assertThat(p.version()).isEqualTo("2.35-0ubuntu3.4");
            assertThat(p.arch()).isEqualTo("amd64");
            assertThat(p.licenses()).containsExactly("LGPL-2.1-or-later");
            assertThat(p.layerDiffId()).isEqualTo(Digest.parse(diffId));
            assertThat(p.sourceName()).isEqualTo("glibc");
        });
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void stripsOnlyParenthesesThatEncloseTheWholeExpression() {
        assertThat(SpdxReader.withoutEnclosingParentheses("((MIT OR Apache-2.0))")).isEqualTo("MIT OR Apache-2.0");
        assertThat(SpdxReader.withoutEnclosingParentheses("(MIT OR BSD-2-Clause) AND (Zlib OR ISC)"))
                .isEqualTo("(MIT OR BSD-2-Clause) AND (Zlib OR ISC)");
        assertThat(SpdxReader.withoutEnclosingParentheses("MIT")).isEqualTo("MIT");
    }
}
