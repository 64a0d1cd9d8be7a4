package dev.drydock.catalog;

import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PythonPackageAnalyzerTest {
    private static final String DIST = "usr/lib/python3/dist-packages";
    private final PythonPackageAnalyzer analyzer = new PythonPackageAnalyzer();

    @Test
    void debianPython3PackagesMetadataGivesNamesVersionsLicensesAndPep503Purls() {
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = AnalyzerHarness.walk(Fixtures.path("python/debian"), analyzer, warnings, new ArrayList<>());
        assertThat(warnings).isEmpty();
        assertThat(pkgs).extracting(Package::name, Package::version, Package::purl, Package::licenses, Package::path)
                .containsExactlyInAnyOrder(
                        tuple("requests", "2.28.1", "pkg:pypi/requests@2.28.1", List.of("Apache 2.0"), DIST + "/requests-2.28.1.egg-info/PKG-INFO"),
                        tuple("MarkupSafe", "2.1.2", "pkg:pypi/markupsafe@2.1.2", List.of("BSD-3-Clause"), DIST + "/MarkupSafe-2.1.2.egg-info/PKG-INFO"),
                        // License: UNKNOWN, so the classifier
                        tuple("jaraco.classes", "3.2.1", "pkg:pypi/jaraco-classes@3.2.1", List.of("MIT License"), DIST + "/jaraco.classes-3.2.1.egg-info/PKG-INFO"),
                        tuple("zope.interface", "5.5.2", "pkg:pypi/zope-interface@5.5.2", List.of("ZPL 2.1"), DIST + "/zope.interface-5.5.2.egg-info/PKG-INFO"),
                        tuple("typing_extensions", "4.4.0", "pkg:pypi/typing-extensions@4.4.0", List.of("Python Software Foundation License"),
                                DIST + "/typing_extensions-4.4.0.dist-info/METADATA"));
        assertThat(pkgs).allSatisfy(p -> {
            assertThat(p.type()).isEqualTo(PackageType.PYPI);
            assertThat(p.attributes()).containsEntry(PythonPackageAnalyzer.LOCATION, DIST);
            assertThat(p.files()).isEmpty();
            assertThat(p.layerDiffId()).isNull();
        });
        assertThat(pkgs).filteredOn(p -> p.name().equals("typing_extensions")).singleElement()
                .satisfies(p -> assertThat(p.attributes()).containsEntry(PythonPackageAnalyzer.METADATA, "dist-info"));
        assertThat(pkgs).filteredOn(p -> p.name().equals("requests")).singleElement()
                .satisfies(p -> assertThat(p.attributes()).containsEntry(PythonPackageAnalyzer.METADATA, "egg-info"));
    }

    @Test
    void otherProjectsFixturesInEveryMetadataForm() {
        assertThat(one("shared/site-packages/setuptools-51.3.3.dist-info/METADATA", "venv/lib/python3.9/site-packages/setuptools-51.3.3.dist-info/METADATA"))
                .satisfies(p -> {
                    assertThat(p.purl()).isEqualTo("pkg:pypi/setuptools@51.3.3");
                    assertThat(p.licenses()).containsExactly("MIT License");
                    assertThat(p.attributes()).isEqualTo(Map.of(PythonPackageAnalyzer.LOCATION, "venv/lib/python3.9/site-packages",
                            PythonPackageAnalyzer.METADATA, "dist-info"));
                });
        assertThat(one("shared/site-packages/requests-egg-info/PKG-INFO", "x/requests-2.22.0.egg-info/PKG-INFO").version()).isEqualTo("2.22.0");
        assertThat(one("shared/site-packages/with-license-file-declared.dist-info/METADATA", "x/Pygments-2.6.1.dist-info/METADATA"))
                .satisfies(p -> {
                    assertThat(p.purl()).isEqualTo("pkg:pypi/pygments@2.6.1");
                    assertThat(p.licenses()).containsExactly("BSD License");
                });
        // a single-file egg-info (distutils)
        assertThat(one("shared/trivy-packaging/distlib-0.3.1-py3.9.egg-info", "usr/lib/python3.9/site-packages/distlib-0.3.1-py3.9.egg-info"))
                .satisfies(p -> {
                    assertThat(p.name()).isEqualTo("distlib");
                    assertThat(p.licenses()).containsExactly("Python license");
                    assertThat(p.attributes()).containsEntry(PythonPackageAnalyzer.LOCATION, "usr/lib/python3.9/site-packages");
                });
        // Metadata 2.4's SPDX expression wins over classifiers
        assertThat(one("shared/trivy-packaging/iniconfig-2.0.0.METADATA", "x/iniconfig-2.0.0.dist-info/METADATA").licenses()).containsExactly("MIT");
        // "Classifier: License :: OSI Approved" names no licence
        assertThat(one("shared/trivy-packaging/asyncssh-2.14.2.METADATA", "x/asyncssh-2.14.2.dist-info/METADATA").licenses())
                .containsExactly("Eclipse Public License v2.0");
        assertThat(one("shared/trivy-packaging/setuptools-51.3.3-py3.8.egg-info.PKG-INFO", "x/setuptools-51.3.3-py3.8.egg-info/PKG-INFO").licenses())
                .containsExactly("MIT License");
        // only a License-File: the licence text is not read
        assertThat(one("shared/trivy-packaging/networkx-3.0.METADATA", "x/networkx-3.0.dist-info/METADATA").licenses()).isEmpty();
        assertThat(one("shared/trivy-packaging/zipp-3.12.1.METADATA", "x/zipp-3.12.1.dist-info/METADATA").licenses()).containsExactly("MIT License");
    }

    @Test
    void aZippedEggBuiltBySetuptools() {
        String path = "usr/local/lib/python3.11/site-packages/Drydock_Egg.Demo-0.3.1-py3.11.egg";
        assertThat(analyzer.wants(path)).isTrue();
        Package p = one("egg/Drydock_Egg.Demo-0.3.1-py3.11.egg", path);
        assertThat(p.name()).isEqualTo("Drydock-Egg.Demo");
        assertThat(p.version()).isEqualTo("0.3.1");
        assertThat(p.purl()).isEqualTo("pkg:pypi/drydock-egg-demo@0.3.1");
        assertThat(p.licenses()).containsExactly("MIT");
        assertThat(p.path()).isEqualTo(path);
        assertThat(p.attributes()).isEqualTo(Map.of(PythonPackageAnalyzer.LOCATION, "usr/local/lib/python3.11/site-packages",
                PythonPackageAnalyzer.METADATA, "egg"));
    }

    @Test
    void anUnpackedEggDirectory() {
        String path = "opt/app/Foo_Bar-1.0-py3.8.egg/EGG-INFO/PKG-INFO";
        assertThat(analyzer.wants(path)).isTrue();
        Package p = AnalyzerHarness.analyze(analyzer, path, "Metadata-Version: 1.0\nName: Foo_Bar\nVersion: 1.0\n", new ArrayList<>()).get(0);
        assertThat(p.purl()).isEqualTo("pkg:pypi/foo-bar@1.0");
        assertThat(p.attributes()).containsEntry(PythonPackageAnalyzer.LOCATION, "opt/app");
    }

    @Test
    void pep503Normalisation() {
        assertThat(PythonPackageAnalyzer.normalize("Foo_Bar")).isEqualTo("foo-bar");
        assertThat(PythonPackageAnalyzer.normalize("zope.interface")).isEqualTo("zope-interface");
        assertThat(PythonPackageAnalyzer.normalize("A__.-b")).isEqualTo("a-b");
        assertThat(PythonPackageAnalyzer.normalize("requests")).isEqualTo("requests");
    }

    @Test
    void whatIsWanted() {
        assertThat(analyzer.wants("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA")).isTrue();
        assertThat(analyzer.wants("usr/lib/python3/dist-packages/six-1.16.0.egg-info")).isTrue();
        assertThat(analyzer.wants("usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO")).isTrue();
        assertThat(analyzer.wants("usr/lib/python3/dist-packages/six-1.16.0.dist-info/RECORD")).isFalse();
        assertThat(analyzer.wants("src/six-1.16.0/PKG-INFO")).isFalse();
        assertThat(analyzer.wants("usr/lib/python3/dist-packages/six.py")).isFalse();
    }

    @Test
    void malformedMetadataIsSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, "a.dist-info/METADATA", "this is not\nan RFC 822 header\n", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "b.dist-info/METADATA", "", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "c.dist-info/METADATA", "Metadata-Version: 2.1\nName: c\n", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "d.dist-info/METADATA", "Metadata-Version: 2.1\nVersion: 1.0\n", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "e.dist-info/METADATA", "Name: e e\nVersion: 1.0\n", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "f.dist-info/METADATA", "Name: f\nVersion: 1.0 beta\n", warnings)).isEmpty();
        assertThat(warnings).hasSize(6);
        assertThat(warnings.get(0)).contains("a.dist-info/METADATA").contains("not Python package metadata");
        assertThat(warnings.get(2)).contains("no valid Version");
        assertThat(warnings.get(3)).contains("no valid Name");
        // a stray line among the fields costs only itself
        assertThat(AnalyzerHarness.analyze(analyzer, "g.dist-info/METADATA", "Name: g\n???\nVersion: 2.0\n", warnings))
                .extracting(Package::version).containsExactly("2.0");
    }

    @Test
    void nonUtf8BytesSkipThePackageOnlyWhereTheyMatter() {
        List<String> warnings = new ArrayList<>();
        byte[] inName = "Metadata-Version: 1.0\nName: caf\u00e9\nVersion: 1.0\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(AnalyzerHarness.analyze(analyzer, "x/cafe-1.0.egg-info", inName, warnings)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("no valid Name");
        // Latin-1 in an old PKG-INFO's author field is harmless
        byte[] inAuthor = "Metadata-Version: 1.0\nName: old\nVersion: 0.9\nAuthor: Ren\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(AnalyzerHarness.analyze(analyzer, "x/old-0.9.egg-info", inAuthor, warnings)).extracting(Package::name).containsExactly("old");
    }

    @Test
    void aHugeMetadataFileReadsOnlyItsBoundedHeader() {
        StringBuilder b = new StringBuilder("Metadata-Version: 2.1\nName: big\nVersion: 1.0\n");
        b.append("Classifier: Topic :: Utilities\n".repeat(100_000));
        b.append("\n").append("x".repeat(20 << 20));
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, "x/big-1.0.dist-info/METADATA", b.toString(), warnings)).extracting(Package::name).containsExactly("big");
        assertThat(warnings).isEmpty();
    }

    @Test
    void brokenEggsAreSkippedWithAWarning() throws IOException {
        List<String> warnings = new ArrayList<>();
        byte[] egg = Fixtures.bytes("python/egg/Drydock_Egg.Demo-0.3.1-py3.11.egg");
        assertThat(AnalyzerHarness.analyze(analyzer, "a.egg", Arrays.copyOf(egg, egg.length / 2), warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "b.egg", "not a zip".getBytes(StandardCharsets.UTF_8), warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "c.egg", zip("EGG-INFO/top_level.txt", "x".getBytes(StandardCharsets.UTF_8)), warnings)).isEmpty();
        // a central directory that points past the end of the file
        byte[] lying = egg.clone();
        int eocd = egg.length - 22;
        lying[eocd + 16] = (byte) 0xff;
        lying[eocd + 17] = (byte) 0xff;
        assertThat(AnalyzerHarness.analyze(analyzer, "d.egg", lying, warnings)).isEmpty();
        assertThat(warnings).hasSize(4);
        assertThat(warnings.get(0)).contains("a.egg: skipped, not a zip archive");
        assertThat(warnings.get(2)).contains("no EGG-INFO/PKG-INFO");
        assertThat(warnings.get(3)).contains("broken zip central directory");
    }

    @Test
    void aZipBombEggCostsABoundedRead() throws IOException {
        byte[] header = "Metadata-Version: 2.1\nName: bomb\nVersion: 6.6.6\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] content = Arrays.copyOf(header, 200 << 20); // 200 MB once inflated, mostly zeros
        byte[] egg = zip(EggArchive.PKG_INFO, content);
        assertThat(egg.length).isLessThan(1 << 20);
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, "bomb-6.6.6.egg", egg, warnings)).extracting(Package::version).containsExactly("6.6.6");
        assertThat(EggArchive.pkgInfo(egg)).hasSize(EggArchive.MAX_BYTES);
    }

    private static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(content);
            z.closeEntry();
        }
        return out.toByteArray();
    }

    private Package one(String fixture, String path) {
        List<String> warnings = new ArrayList<>();
        List<Package> p = AnalyzerHarness.analyze(analyzer, path, Fixtures.bytes("python/" + fixture), warnings);
        assertThat(warnings).isEmpty();
        assertThat(p).hasSize(1);
        return p.get(0);
    }
}
