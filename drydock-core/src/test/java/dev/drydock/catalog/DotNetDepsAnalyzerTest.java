package dev.drydock.catalog;

import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DotNetDepsAnalyzerTest {
    private final DotNetDepsAnalyzer analyzer = new DotNetDepsAnalyzer();

    @Test
    void packageLibrariesOnlyNotTheProjectOrReferenceAssemblies() {
        List<String> warnings = new ArrayList<>();
        String path = "app/MyApp.deps.json";
        assertThat(AnalyzerHarness.analyze(analyzer, path, Fixtures.bytes("dotnet/syft/MyApp.deps.json"), warnings))
                .extracting(Package::type, Package::name, Package::version, Package::purl, Package::path)
                .containsExactly(tuple(PackageType.NUGET, "Newtonsoft.Json", "13.0.3", "pkg:nuget/Newtonsoft.Json@13.0.3", path));
        assertThat(AnalyzerHarness.analyze(analyzer, "app/ExampleApp1.deps.json", Fixtures.bytes("dotnet/trivy/ExampleApp1.deps.json"), warnings))
                .extracting(Package::purl).containsExactly("pkg:nuget/Newtonsoft.Json@13.0.1");
        assertThat(warnings).isEmpty();
    }

    @Test
    void whatIsWanted() {
        assertThat(analyzer.wants("app/MyApp.deps.json")).isTrue();
        assertThat(analyzer.wants("app/MyApp.runtimeconfig.json")).isFalse();
        assertThat(analyzer.wants("app/deps.json.bak")).isFalse();
    }

    @Test
    void badInputIsSkippedWithAWarning() {
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, "a.deps.json", "{\"libraries\": {", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "b.deps.json", "{\"libraries\": []}", warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "c.deps.json", "{\"x\":" + "{\"y\":".repeat(5_000) + "1" + "}".repeat(5_001), warnings)).isEmpty();
        assertThat(AnalyzerHarness.analyze(analyzer, "d.deps.json",
                "{\"libraries\": {\"NoVersion\": {\"type\": \"package\"}, \"A/1.0/x\": {\"type\": \"package\"}, \"Ok/2.0.1\": {\"type\": \"package\"}, \"Proj/1.0\": {\"type\": 7}}}",
                warnings)).extracting(Package::name).containsExactly("Ok");
        assertThat(warnings).hasSize(4);
        assertThat(warnings.get(0)).contains("not valid JSON");
        assertThat(warnings.get(1)).contains("no libraries object");
        assertThat(warnings.get(2)).contains("nesting depth");
        assertThat(warnings.get(3)).contains("skipped 2 libraries");
    }

    @Test
    void aHugeLibrariesMapStopsAtThePackageBound() {
        StringBuilder b = new StringBuilder("{\"libraries\":{");
        for (int i = 0; i < Analyzer.MAX_PACKAGES_PER_FILE + 5; i++) {
            b.append(i == 0 ? "" : ",").append("\"P").append(i).append("/1.0.0\":{\"type\":\"package\"}");
        }
        b.append("}}");
        List<String> warnings = new ArrayList<>();
        assertThat(AnalyzerHarness.analyze(analyzer, "x.deps.json", b.toString(), warnings)).hasSize(Analyzer.MAX_PACKAGES_PER_FILE);
        assertThat(warnings).singleElement().asString().contains("stopped after");
    }
}
