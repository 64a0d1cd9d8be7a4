package dev.drydock.sbom;

import dev.drydock.catalog.Catalog;
import dev.drydock.model.Digest;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** CycloneDX documents made by other tools and by the specification's authors (fixtures/sbom/SOURCES.md). */
class CycloneDxReaderTest {

    static byte[] fixture(String name) {
        try (InputStream in = CycloneDxReaderTest.class.getResourceAsStream("/fixtures/sbom/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Catalog read(String fixture) {
        return new SbomReader().read(fixture(fixture));
    }

    static Catalog readText(String document) {
        return new SbomReader().read(document.getBytes(StandardCharsets.UTF_8));
    }

    static Catalog readFormatted(String format, Object... args) {
        return readText(String.format(format, args));
    }

    @Test
    void readsTrivysNpmSbomAndWarnsOnceAboutTheLockFileComponent() {
        Catalog c = read("cyclonedx/trivy-npm-cyclonedx-1.7.json");

        assertThat(c.packages()).hasSize(12).allSatisfy(p -> assertThat(p.type()).isEqualTo(PackageType.NPM));
        assertThat(c.packages()).extracting(Package::purl).containsExactly(
                "pkg:npm/asap@2.0.6", "pkg:npm/jquery@3.3.9", "pkg:npm/js-tokens@4.0.0", "pkg:npm/loose-envify@1.4.0",
                "pkg:npm/object-assign@4.1.1", "pkg:npm/promise@8.0.3", "pkg:npm/prop-types@15.7.2", "pkg:npm/react-is@16.8.6",
                "pkg:npm/react@16.8.6", "pkg:npm/redux@4.0.1", "pkg:npm/scheduler@0.13.6", "pkg:npm/symbol-observable@1.2.0");
        assertThat(c.packages()).filteredOn(p -> p.name().equals("jquery"))
                .extracting(Package::version, Package::licenses).containsExactly(tuple("3.3.9", List.of("MIT")));
        assertThat(c.warnings()).containsExactly("CycloneDX 1.7 JSON: skipped 1 of 13 components that drydock cannot identify"
                + " (1 without a package-url), e.g. \"package-lock.json\"");
        assertThat(c.image().reference()).isEqualTo("testdata/fixtures/repo/npm");
        assertThat(c.os()).isNull();
    }

    @Test
    void readsTrivysMavenSbom() {
        Catalog c = read("cyclonedx/trivy-pom-cyclonedx-1.7.json");

        assertThat(c.packages()).extracting(Package::type, Package::name, Package::version, Package::purl).containsExactly(
                tuple(PackageType.MAVEN, "log4shell", "1.0-SNAPSHOT", "pkg:maven/com.example/log4shell@1.0-SNAPSHOT"),
                tuple(PackageType.MAVEN, "jackson-databind", "2.9.1", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1"));
        assertThat(c.warnings()).singleElement().asString().contains("skipped 1 of 3 components", "\"pom.xml\"");
    }

    @Test
    void readsASpec12BomWithLicenseNamesAndIds() {
        Catalog c = read("cyclonedx/dropwizard-1.3.15-1.2.json");

        assertThat(c.packages()).hasSize(167).allSatisfy(p -> assertThat(p.type()).isEqualTo(PackageType.MAVEN));
        assertThat(c.warnings()).isEmpty();
        assertThat(c.image().reference()).isEqualTo("dropwizard-parent");
        Package guava = c.packages().stream().filter(p -> p.name().equals("guava")).findFirst().orElseThrow();
        assertThat(guava.purl()).isEqualTo("pkg:maven/com.google.guava/guava@24.1.1-jre?type=jar");
        assertThat(guava.licenses()).containsExactly("Apache-2.0");
        Package checker = c.packages().stream().filter(p -> p.name().equals("checker-compat-qual")).findFirst().orElseThrow();
        assertThat(checker.licenses()).containsExactly("GNU General Public License, version 2 (GPL2), with the classpath exception", "MIT");
    }

    @Test
    void readsASpec14ComposerBom() {
        Catalog c = read("cyclonedx/laravel-7.12.0-1.4.json");

        assertThat(c.packages()).hasSize(62).allSatisfy(p -> assertThat(p.type()).isEqualTo(PackageType.COMPOSER));
        assertThat(c.packages()).extracting(Package::purl).contains("pkg:composer/asm89/stack-cors@1.3.0", "pkg:composer/brick/math@0.9.3");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void readsTheSpecificationExamplesTheSameInJsonAndXml() {
        for (String version : List.of("1.5", "1.6")) {
            Catalog xml = read("cyclonedx/valid-bom-" + version + ".xml");
            assertThat(xml.image().reference()).isEqualTo("Acme Application");
            assertThat(xml.packages()).extracting(Package::purl).containsExactly(
                    "pkg:maven/com.acme/tomcat-catalina@9.0.14?packaging=jar",
                    "pkg:maven/com.example/myapplication@1.0.0?packaging=war",
                    "pkg:maven/com.example/myframework@1.0.0?packaging=war");
            assertThat(xml.packages()).extracting(Package::licenses).containsExactly(
                    List.of("Apache-2.0"), List.of("EPL-2.0 OR GPL-2.0-with-classpath-exception"), List.of("Some random license"));
            assertThat(xml.warnings()).isEmpty();
        }
        assertThat(read("cyclonedx/valid-bom-1.6.json").packages()).isEqualTo(read("cyclonedx/valid-bom-1.6.xml").packages());
    }

    @Test
    void aBomOfOnlyCryptographicAssetsGivesNoPackagesAndOneWarning() {
        Catalog c = read("cyclonedx/cbom-protocol-1.6.json");

        assertThat(c.packages()).isEmpty();
        assertThat(c.warnings()).singleElement().asString()
                .startsWith("CycloneDX 1.6 JSON: skipped 8 of 8 components that drydock cannot identify (8 without a package-url), e.g. ")
                .endsWith(", …");
    }

    @Test
    void aVexDocumentWithoutComponentsGivesAnEmptyCatalog() {
        Catalog c = read("cyclonedx/dependency-track-vex-1.4.json");

        assertThat(c.packages()).isEmpty();
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void flattensNestedComponentsAndTakesTheOperatingSystemComponentAsTheDistribution() {
        Catalog c = readFormatted("""
                {"bomFormat": "CycloneDX", "specVersion": "1.5",
                 "metadata": {"component": {"type": "container", "name": "registry.example/app", "version": "sha256:%s",
                   "components": [{"type": "library", "name": "inner", "version": "1", "purl": "pkg:npm/inner@1"}]}},
                 "components": [
                   {"type": "operating-system", "name": "debian", "version": "12", "description": "Debian GNU/Linux 12 (bookworm)"},
                   {"type": "application", "name": "app", "purl": "pkg:maven/org.example/app@2",
                    "components": [{"type": "library", "name": "shaded", "version": "3", "purl": "pkg:maven/org.example/shaded@3",
                      "components": [{"type": "library", "name": "deep", "version": "4", "purl": "pkg:pypi/deep@4"}]}]}]}
                """, "a".repeat(64));

        assertThat(c.packages()).extracting(Package::name).containsExactly("inner", "app", "shaded", "deep");
        assertThat(c.packages().get(1).version()).isEqualTo("2");
        assertThat(c.os()).isEqualTo(new OsRelease("debian", "12", null, "Debian GNU/Linux 12 (bookworm)", null));
        assertThat(c.image().reference()).isEqualTo("registry.example/app");
        assertThat(c.image().manifestDigest()).isEqualTo(Digest.parse("sha256:" + "a".repeat(64)));
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void readsTrivysSourcePackageLayerAndEpochFromAnOsPackageSbom() {
        // Shaped as Trivy writes an image SBOM (properties and purl qualifiers as in its integration goldens).
        Catalog c = readFormatted("""
                {"bomFormat": "CycloneDX", "specVersion": "1.6",
                 "metadata": {"tools": {"components": [{"type": "application", "name": "trivy", "version": "0.50.0"}]},
                   "component": {"type": "container", "name": "debian:12",
                     "purl": "pkg:oci/debian@sha256%%3A%s?arch=amd64&repository_url=index.docker.io%%2Flibrary%%2Fdebian",
                     "properties": [{"name": "aquasecurity:trivy:ImageID", "value": "sha256:%s"},
                                    {"name": "aquasecurity:trivy:RepoTag", "value": "debian:12"},
                                    {"name": "aquasecurity:trivy:DiffID", "value": "sha256:%s"}]}},
                 "components": [
                   {"type": "library", "name": "bash", "version": "1:5.2.15-2+b2",
                    "purl": "pkg:deb/debian/bash@5.2.15-2%%2Bb2?arch=amd64&distro=debian-12.4&epoch=1",
                    "properties": [{"name": "aquasecurity:trivy:SrcName", "value": "bash"},
                                   {"name": "aquasecurity:trivy:SrcVersion", "value": "5.2.15"},
                                   {"name": "aquasecurity:trivy:SrcRelease", "value": "2+b2"},
                                   {"name": "aquasecurity:trivy:SrcEpoch", "value": "1"},
                                   {"name": "aquasecurity:trivy:LayerDiffID", "value": "sha256:%s"}]},
                   {"type": "library", "name": "libssl3", "purl": "pkg:rpm/redhat/libssl3@3.0.7-27.el9?arch=x86_64&epoch=1"}]}
                """, "1".repeat(64), "2".repeat(64), "3".repeat(64), "3".repeat(64));

        Package bash = c.packages().get(0);
        assertThat(bash.version()).isEqualTo("1:5.2.15-2+b2");
        assertThat(bash.arch()).isEqualTo("amd64");
        assertThat(bash.sourceName()).isEqualTo("bash");
        assertThat(bash.sourceVersion()).isEqualTo("1:5.2.15-2+b2");
        assertThat(bash.layerDiffId()).isEqualTo(Digest.parse("sha256:" + "3".repeat(64)));
        Package libssl = c.packages().get(1);
        assertThat(libssl.version()).as("epoch put back from the purl").isEqualTo("1:3.0.7-27.el9");
        assertThat(c.os()).as("from the distro qualifier").isEqualTo(new OsRelease("debian", "12.4", null, null, null));
        assertThat(c.image().manifestDigest()).isEqualTo(Digest.parse("sha256:" + "1".repeat(64)));
        assertThat(c.image().configDigest()).isEqualTo(Digest.parse("sha256:" + "2".repeat(64)));
        assertThat(c.image().repoTags()).containsExactly("debian:12");
        assertThat(c.image().layers()).singleElement().satisfies(l -> assertThat(l.diffId()).isEqualTo(Digest.parse("sha256:" + "3".repeat(64))));
    }

    @Test
    void keepsAnOsPackagePurlWithoutDistroQualifier() {
        Catalog c = readText("""
                {"bomFormat": "CycloneDX", "specVersion": "1.4",
                 "components": [{"type": "library", "name": "zlib1g", "version": "1:1.2.13.dfsg-1", "purl": "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64"}]}
                """);

        assertThat(c.packages()).extracting(Package::type, Package::version, Package::arch, Package::purl)
                .containsExactly(tuple(PackageType.DEB, "1:1.2.13.dfsg-1", "amd64", "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64"));
        assertThat(c.os()).isNull();
    }

    @Test
    void readsAnXmlBomWithPropertiesAndAnOperatingSystem() {
        Catalog c = readText("""
                <?xml version="1.0" encoding="UTF-8"?>
                <bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">
                  <components>
                    <component type="operating-system"><name>alpine</name><version>3.19.1</version></component>
                    <component type="library" bom-ref="musl">
                      <name>musl</name><version>1.2.4_git20230717-r4</version>
                      <licenses><license><id>MIT</id></license></licenses>
                      <purl>pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&amp;distro=alpine-3.19.1</purl>
                      <properties><property name="drydock:location:path">lib/apk/db/installed</property></properties>
                    </component>
                  </components>
                </bom>
                """);

        assertThat(c.os()).isEqualTo(new OsRelease("alpine", "3.19.1", null, null, null));
        assertThat(c.packages()).extracting(Package::type, Package::name, Package::arch, Package::licenses, Package::path)
                .containsExactly(tuple(PackageType.APK, "musl", "x86_64", List.of("MIT"), "lib/apk/db/installed"));
    }
}
