package dev.drydock.catalog;

import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class GemspecAnalyzerTest {
    private final GemspecAnalyzer analyzer = new GemspecAnalyzer();

    @Test
    void debianRubyPackagesGemspecsGiveNamesVersionsLicensesAndPurls() {
        List<String> warnings = new ArrayList<>();
        List<Package> pkgs = AnalyzerHarness.walk(Fixtures.path("ruby"), analyzer, warnings, new ArrayList<>());
        assertThat(warnings).isEmpty();
        String gems = "libruby3.1/usr/lib/ruby/gems/3.1.0/specifications/";
        assertThat(pkgs).extracting(Package::name, Package::version, Package::purl, Package::licenses, Package::path)
                .containsExactlyInAnyOrder(
                        tuple("rake", "13.0.6", "pkg:gem/rake@13.0.6", List.of("MIT"), gems + "rake-13.0.6.gemspec"),
                        tuple("minitest", "5.15.0", "pkg:gem/minitest@5.15.0", List.of("MIT"), gems + "minitest-5.15.0.gemspec"),
                        tuple("bundler", "2.3.7", "pkg:gem/bundler@2.3.7", List.of("MIT"), gems + "default/bundler-2.3.7.gemspec"),
                        // holds NUL bytes in its stub line
                        tuple("json", "2.6.1", "pkg:gem/json@2.6.1", List.of("Ruby"), gems + "default/json-2.6.1.gemspec"),
                        tuple("rack", "2.2.22", "pkg:gem/rack@2.2.22", List.of("MIT"),
                                "ruby-rack/usr/share/rubygems-integration/all/specifications/rack-2.2.22.gemspec"),
                        tuple("nokogiri", "1.13.10", "pkg:gem/nokogiri@1.13.10", List.of("MIT"),
                                "ruby-nokogiri/usr/lib/x86_64-linux-gnu/rubygems-integration/3.1.0/specifications/nokogiri-1.13.10.gemspec"),
                        tuple("rubygems-update", "3.3.15", "pkg:gem/rubygems-update@3.3.15", List.of("Ruby", "MIT"),
                                "ruby-rubygems/usr/share/rubygems-integration/all/specifications/rubygems-update-3.3.15.gemspec"));
        // RubyGems names each file after the spec's full name: the same name and version
        assertThat(pkgs).allSatisfy(p -> {
            assertThat(p.path()).endsWith("/" + p.name() + "-" + p.version() + ".gemspec");
            assertThat(p.type()).isEqualTo(PackageType.GEM);
        });
        assertThat(pkgs).filteredOn(p -> p.path().contains("/default/"))
                .allSatisfy(p -> assertThat(p.attributes()).isEqualTo(Map.of(GemspecAnalyzer.DEFAULT, "true")));
        assertThat(pkgs).filteredOn(p -> !p.path().contains("/default/")).allSatisfy(p -> assertThat(p.attributes()).isEmpty());
    }

    @Test
    void olderGeneratedFormsAndPlatformGems() {
        String old = """
                # -*- encoding: utf-8 -*-
                Gem::Specification.new do |s|
                  s.name = %q{rails}
                  s.version = "2.3.5"
                  s.license = 'MIT'
                end
                """;
        Package rails = AnalyzerHarness.analyze(analyzer, "var/lib/gems/1.8/specifications/rails-2.3.5.gemspec", old, new ArrayList<>()).get(0);
        assertThat(rails.purl()).isEqualTo("pkg:gem/rails@2.3.5");
        assertThat(rails.licenses()).containsExactly("MIT");
        String platform = """
                # stub: nokogiri 1.16.0 x86_64-linux lib
                Gem::Specification.new do |s|
                  s.name = "nokogiri".freeze
                  s.version = Gem::Version.new("1.16.0")
                  s.platform = "x86_64-linux".freeze
                end
                """;
        Package nokogiri = AnalyzerHarness.analyze(analyzer, "usr/local/bundle/specifications/nokogiri-1.16.0-x86_64-linux.gemspec", platform, new ArrayList<>()).get(0);
        assertThat(nokogiri.version()).isEqualTo("1.16.0");
        assertThat(nokogiri.purl()).isEqualTo("pkg:gem/nokogiri@1.16.0?platform=x86_64-linux");
    }

    @Test
    void whatIsWanted() {
        assertThat(analyzer.wants("usr/local/bundle/specifications/rack-3.0.0.gemspec")).isTrue();
        assertThat(analyzer.wants("usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec")).isTrue();
        assertThat(analyzer.wants("specifications/rack-3.0.0.gemspec")).isTrue();
        assertThat(analyzer.wants("app/rack.gemspec")).isFalse();
        assertThat(analyzer.wants("usr/local/bundle/gems/rack-3.0.0/rack.gemspec")).isFalse();
        assertThat(analyzer.wants("usr/local/bundle/specifications/rack-3.0.0.gemspec.bak")).isFalse();
    }

    @Test
    void aGemspecThatIsArbitraryRubyIsSkippedWithAWarning() {
        String code = """
                require_relative "lib/evil/version"
                Gem::Specification.new do |spec|
                  spec.name = ["e", "vil"].join
                  spec.version = Evil::VERSION
                  system("rm -rf /")
                end
                """;
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, "x/specifications/evil-1.0.gemspec", code, warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "x/specifications/plain.gemspec", "puts 'hello'\n", warnings)).isEmpty();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("no literal gem name and version");
        assertThat(warnings.get(1)).contains("not a gem specification");
    }

    @Test
    void badBytesAndBadValuesAreSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        byte[] latin1 = "Gem::Specification.new do |s|\n  s.name = \"caf\u00e9\"\n  s.version = \"1.0\"\nend\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(AnalyzerHarness.analyze(analyzer, "specifications/cafe-1.0.gemspec", latin1, warnings)).isEmpty();
        String spaces = "Gem::Specification.new do |s|\n  s.name = \"a b\"\n  s.version = \"1.0\"\nend\n";
        assertThat(AnalyzerHarness.analyze(analyzer, "specifications/ab-1.0.gemspec", spaces, warnings)).isEmpty();
        byte[] huge = new byte[(4 << 20) + 1];
        assertThat(AnalyzerHarness.analyze(analyzer, "specifications/huge-1.0.gemspec", huge, warnings)).isEmpty();
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(2)).contains("more than a gemspec holds");
    }
}
