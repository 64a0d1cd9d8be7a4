package dev.drydock.vulndb.osv;

import dev.drydock.catalog.Warnings;
import dev.drydock.image.BadInputException;
import dev.drydock.model.PackageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.drydock.vulndb.osv.OsvFixtureTest.stream;
import static dev.drydock.vulndb.osv.OsvFixtureTest.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each hostile shape of input: rejected with BadInputException or skipped with a warning, never anything else. */
class OsvHostileInputTest {
    private static final OsvLimits SMALL = new OsvLimits(64 * 1024, 10, 1 << 20, 4, 4, 8, 16, 3, 100);

    private final Warnings warnings = new Warnings();
    private final OsvParser parser = new OsvParser(SMALL, warnings);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String record(String id, String affected) {
        return "{\"id\":\"" + id + "\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[" + affected + "]}";
    }

    private static String npm(String name, String events) {
        return "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"" + name + "\"},\"ranges\":[{\"type\":\"SEMVER\",\"events\":[" + events + "]}]}";
    }

    @Test
    void malformedJson() {
        assertThatThrownBy(() -> parser.parse(utf8("{\"id\": \"X\", ")))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("malformed OSV JSON");
        assertThatThrownBy(() -> parser.parse(utf8("[1,2]"))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> parser.parse(utf8("{\"id\":\"X\"} {\"id\":\"Y\"}"))).isInstanceOf(BadInputException.class);
    }

    @Test
    void duplicateKeysRejectedSoNoReaderSeesADifferentRecord() {
        assertThatThrownBy(() -> parser.parse(utf8("{\"id\":\"X\",\"id\":\"Y\"}"))).isInstanceOf(BadInputException.class);
    }

    @Test
    void wrongTypes() {
        assertThatThrownBy(() -> parser.parse(utf8("{\"id\":7}"))).isInstanceOf(BadInputException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> parser.parse(utf8("{\"id\":\"X\",\"aliases\":\"CVE-1\"}"))).hasMessageContaining("aliases");
        assertThatThrownBy(() -> parser.parse(utf8("{\"id\":\"X\",\"affected\":{}}"))).hasMessageContaining("affected");
        assertThatThrownBy(() -> parser.parse(utf8("{\"id\":\"X\",\"modified\":\"yesterday\"}"))).hasMessageContaining("modified");
        assertThatThrownBy(() -> parser.parse(utf8(record("X", "{\"package\":{\"ecosystem\":[],\"name\":\"a\"}}"))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("ecosystem");
        // a nested map where a small map of strings is expected is tolerated: it only carries hints
        OsvRecord r = parser.parse(utf8("{\"id\":\"X\",\"database_specific\":[1]}"));
        assertThat(r.databaseSpecific()).isEmpty();
    }

    @Test
    void deepNestingRejected() {
        String deep = "{\"id\":\"X\",\"database_specific\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> parser.parse(utf8(deep))).isInstanceOf(BadInputException.class);
    }

    @Test
    void absurdSizesAndCounts() {
        assertThatThrownBy(() -> parser.parse(new byte[SMALL.maxRecordBytes() + 1])).isInstanceOf(BadInputException.class);
        String five = String.join(",", List.of(npm("a", ""), npm("b", ""), npm("c", ""), npm("d", ""), npm("e", "")));
        assertThatThrownBy(() -> parser.parse(utf8(record("X", five)))).hasMessageContaining("affected entries exceed 4");
        String nineEvents = "{\"introduced\":\"0\"}" + ",{\"fixed\":\"1.0.0\"}".repeat(8);
        assertThatThrownBy(() -> parser.parse(utf8(record("X", npm("a", nineEvents))))).hasMessageContaining("events in one range exceed 8");
        // aliases beyond the cap are cut, with a warning: they only link records
        OsvRecord r = parser.parse(utf8("{\"id\":\"X\",\"aliases\":[\"A\",\"B\",\"C\",\"D\",\"E\"]}"));
        assertThat(r.aliases()).containsExactly("A", "B", "C");
        assertThat(warnings.list()).anyMatch(w -> w.contains("aliases cut to 3 of 5"));
        // details are cut, not rejected
        OsvRecord d = parser.parse(utf8("{\"id\":\"X\",\"details\":\"" + "x".repeat(5000) + "\"}"));
        assertThat(d.details()).hasSize(100);
    }

    @Test
    void badVersionInEventsSkipsThatRangeOnly() {
        String json = record("X", npm("left-pad", "{\"introduced\":\"0\"},{\"fixed\":\"not a version\"}")
                + "," + npm("left-pad", "{\"introduced\":\"1.0.0\"},{\"fixed\":\"1.3.0\"}")
                + "," + npm("left-pad", "{\"introduced\":7}")
                + "," + npm("left-pad", "{\"fixed\":\"1.0.0\",\"introduced\":\"0\"}"));
        OsvRecord r = parser.parse(utf8(json));
        assertThat(r.affected()).hasSize(4);
        assertThat(r.affected()).extracting(a -> a.ranges().size()).containsExactly(0, 1, 0, 0);
        assertThat(warnings.list()).hasSize(3).allMatch(w -> w.contains("range skipped"));
        assertThat(OsvMatch.affects(r, PackageType.NPM, "left-pad", "0.9.0")).isFalse();
        assertThat(OsvMatch.affects(r, PackageType.NPM, "left-pad", "1.2.0")).isTrue();
        assertThat(OsvMatch.affects(r, PackageType.NPM, "left-pad", "garbage version")).isFalse();
    }

    @Test
    void versionsListHonouredAndGitRangesSkipped() {
        String json = record("X", "{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"pkg\"},\"versions\":[\"1.0\",\"1.1\"],"
                + "\"ranges\":[{\"type\":\"GIT\",\"repo\":\"https://example.invalid/r\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"abc123\"}]}]}");
        OsvRecord r = parser.parse(utf8(json));
        assertThat(r.affected().get(0).ranges()).extracting(OsvRange::type).containsExactly(OsvRangeType.GIT);
        assertThat(OsvMatch.affects(r, PackageType.PYPI, "pkg", "1.1")).isTrue();
        assertThat(OsvMatch.affects(r, PackageType.PYPI, "pkg", "1.0.5")).isFalse(); // GIT range not evaluated
    }

    @Test
    void withdrawnNeverAffects() {
        String json = "{\"id\":\"X\",\"withdrawn\":\"2024-02-01T00:00:00Z\",\"affected\":[" + npm("a", "{\"introduced\":\"0\"}") + "]}";
        OsvRecord r = parser.parse(utf8(json));
        assertThat(r.isWithdrawn()).isTrue();
        assertThat(OsvMatch.affects(r, PackageType.NPM, "a", "1.0.0")).isFalse();
    }

    @Test
    void unknownEcosystemKeptAsTextWithoutType() {
        String json = record("X", "{\"package\":{\"ecosystem\":\"Hackage\",\"name\":\"aeson\"},"
                + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0.1.0\"}]}]}");
        OsvRecord r = parser.parse(utf8(json));
        assertThat(r.affected().get(0).pkg().ecosystem()).isEqualTo(new OsvEcosystem("Hackage", "Hackage", null, null));
        assertThat(r.affected().get(0).ranges()).hasSize(1);
    }

    @Test
    void ecosystemNames() {
        assertThat(OsvEcosystem.parse("Debian:12")).isEqualTo(new OsvEcosystem("Debian:12", "Debian", "12", PackageType.DEB));
        assertThat(OsvEcosystem.parse("Ubuntu:22.04:LTS")).isEqualTo(new OsvEcosystem("Ubuntu:22.04:LTS", "Ubuntu", "22.04:LTS", PackageType.DEB));
        assertThat(OsvEcosystem.parse("Alpine:v3.19")).isEqualTo(new OsvEcosystem("Alpine:v3.19", "Alpine", "v3.19", PackageType.APK));
        assertThat(OsvEcosystem.parse("Maven").type()).isEqualTo(PackageType.MAVEN);
        assertThat(OsvEcosystem.parse("npm").type()).isEqualTo(PackageType.NPM);
        assertThat(OsvEcosystem.parse("PyPI").type()).isEqualTo(PackageType.PYPI);
        assertThat(OsvEcosystem.parse("Go").type()).isEqualTo(PackageType.GOLANG);
        assertThat(OsvEcosystem.parse("crates.io").type()).isEqualTo(PackageType.CARGO);
        assertThat(OsvEcosystem.parse("NuGet").type()).isEqualTo(PackageType.NUGET);
        assertThat(OsvEcosystem.parse("RubyGems").type()).isEqualTo(PackageType.GEM);
        assertThat(OsvEcosystem.parse("Packagist").type()).isEqualTo(PackageType.COMPOSER);
        assertThat(OsvEcosystem.parse("pypi").type()).isNull(); // OSV names are exact
        assertThat(OsvEcosystem.parse("Debian:").release()).isNull();
    }

    @Test
    @Timeout(20)
    void zipBombRejectsTheArchive() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("BOMB.json"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) z.write(zeros); // 64 MiB of zeros deflate to about 64 KiB
            z.closeEntry();
        }
        assertThat(out.size()).isLessThan(1 << 20);
        List<OsvRecord> got = new ArrayList<>();
        assertThatThrownBy(() -> parser.readZip(stream(out.toByteArray()), got::add))
                .isInstanceOf(BadInputException.class).hasMessageContaining("BOMB.json exceeds");
        assertThat(got).isEmpty();
    }

    @Test
    void manyMediumEntriesHitTheTotalCap() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        byte[] padded = utf8("{\"id\":\"X\",\"details\":\"" + "x".repeat(60_000) + "\"}");
        for (int i = 0; i < 9; i++) entries.put("X" + i + ".json", padded); // 9 x 60 KB > 512 KiB below
        OsvParser p = new OsvParser(new OsvLimits(64 * 1024, 100, 512 * 1024, 4, 4, 8, 16, 3, 100), warnings);
        assertThatThrownBy(() -> p.readZip(stream(zip(entries)), r -> { })).hasMessageContaining("inflates beyond");
    }

    @Test
    void tooManyZipEntries() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) entries.put("R" + i + ".json", utf8("{\"id\":\"R" + i + "\"}"));
        assertThatThrownBy(() -> parser.readZip(stream(zip(entries)), r -> { })).hasMessageContaining("more than 10 entries");
    }

    @Test
    void zipEntriesWithTraversalNamesAreNotRead(@TempDir Path tmp) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("../evil.json", utf8("{\"id\":\"EVIL-1\"}"));
        entries.put("/abs.json", utf8("{\"id\":\"EVIL-2\"}"));
        entries.put("a\\..\\..\\win.json", utf8("{\"id\":\"EVIL-3\"}"));
        entries.put("GOOD-1.json", utf8("{\"id\":\"GOOD-1\"}"));
        List<OsvRecord> got = new ArrayList<>();
        OsvReadSummary s = parser.readZip(stream(zip(entries)), got::add);
        assertThat(got).extracting(OsvRecord::id).containsExactly("GOOD-1");
        assertThat(s).isEqualTo(new OsvReadSummary(1, 3));
        assertThat(warnings.list()).hasSize(3).allMatch(w -> w.contains("unsafe name"));
        try (var files = Files.list(tmp.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).doesNotContain("evil.json", "abs.json");
        }
    }

    @Test
    void badRecordInZipIsSkippedAndTheRestRead() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("A.json", utf8("{\"id\":\"A\"}"));
        entries.put("B.json", utf8("{\"id\":"));
        entries.put("README.txt", utf8("not a record"));
        entries.put("C.json", utf8("{\"id\":\"C\"}"));
        List<OsvRecord> got = new ArrayList<>();
        assertThat(parser.readZip(stream(zip(entries)), got::add)).isEqualTo(new OsvReadSummary(2, 1));
        assertThat(got).extracting(OsvRecord::id).containsExactly("A", "C");
        assertThat(warnings.list()).singleElement().asString().contains("B.json");
    }

    @Test
    void notAZipOrTruncated() throws IOException {
        assertThatThrownBy(() -> parser.readZip(stream(utf8("this is not a zip")), r -> { }))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no entries");
        byte[] whole = zip(Map.of("A.json", utf8("{\"id\":\"A\",\"details\":\"" + "y".repeat(5000) + "\"}")));
        byte[] cut = java.util.Arrays.copyOf(whole, 60);
        assertThatThrownBy(() -> parser.readZip(stream(cut), r -> { })).isInstanceOf(BadInputException.class);
    }

    @Test
    void directorySkipsSymlinksAndOversizedFiles(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("A.json"), utf8("{\"id\":\"A\"}"));
        Files.write(dir.resolve("BIG.json"), new byte[SMALL.maxRecordBytes() + 1]);
        Path outside = Files.createTempFile("osv-outside", ".json");
        try {
            Files.write(outside, utf8("{\"id\":\"OUTSIDE\"}"));
            Files.createSymbolicLink(dir.resolve("L.json"), outside);
            List<OsvRecord> got = new ArrayList<>();
            OsvReadSummary s = parser.readDirectory(dir, got::add);
            assertThat(got).extracting(OsvRecord::id).containsExactly("A");
            assertThat(s).isEqualTo(new OsvReadSummary(1, 2));
        } finally {
            Files.deleteIfExists(outside);
        }
    }
}
