package dev.drydock.catalog;

import dev.drydock.catalog.java.ArchiveLimits;
import dev.drydock.catalog.java.ZipBuilder;
import dev.drydock.model.Package;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.drydock.catalog.JavaArchiveScans.scan;
import static dev.drydock.catalog.java.ZipBuilder.fixture;
import static dev.drydock.catalog.java.ZipBuilder.sha1;
import static org.assertj.core.api.Assertions.assertThat;

/** Hostile and broken archives: each costs a warning and what could not be read, never an exception or unbounded memory. */
class JavaArchiveBadInputTest {

    /** A zip whose one entry is {@code size} zero bytes, deflated to about a thousandth of that, streamed (not held) while written. */
    static byte[] zipOfZeros(String name, long size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry(name));
            byte[] zeros = new byte[1 << 20];
            for (long left = size; left > 0; left -= zeros.length) zip.write(zeros, 0, (int) Math.min(zeros.length, left));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void aZipBombStopsAtTheInflationBudgetAndKeepsWhatWasFoundBefore() throws IOException {
        // 256 MiB of zeros deflate to about 250 KiB: over 1000:1, inside a jar inside the jar
        byte[] inner = zipOfZeros("data.bin", 256L << 20);
        byte[] bomb = new ZipBuilder().pom("com.example", "bomb", "1.0").deflated("lib/inner.jar", inner)
                .deflated("lib/after.jar", new ZipBuilder().pom("com.example", "after", "1.0").build()).build();
        assertThat(bomb.length).isLessThan(1 << 20);
        var s = scan("app/bomb-1.0.jar", bomb);
        long budget = ArchiveLimits.DEFAULT.inflatedBudget(bomb.length);
        assertThat(budget).isEqualTo(64L << 20);
        assertThat(s.warnings()).singleElement().asString()
                .startsWith("app/bomb-1.0.jar: stopped after " + budget + " uncompressed bytes").contains("decompression bomb");
        // found before the bomb: the jar itself, with the SHA-1 of all its bytes; nothing after it was read
        assertThat(s.packages()).singleElement().satisfies(p -> {
            assertThat(p.purl()).isEqualTo("pkg:maven/com.example/bomb@1.0");
            assertThat(p.attributes()).containsEntry("sha1", sha1(bomb));
        });
    }

    @Test
    void aHugeStoredNestedJarCountsAgainstTheBudgetToo() throws IOException {
        byte[] inner = zipOfZeros("data.bin", 8L << 20);
        byte[] jar = new ZipBuilder().stored("BOOT-INF/lib/big-1.0.jar", inner).build();
        ArchiveLimits tight = ArchiveLimits.DEFAULT.withInflatedBytes(1 << 20, 1 << 20);
        var s = scan(tight, "app/app.jar", jar);
        assertThat(s.warnings()).singleElement().asString().contains("stopped after 1048576 uncompressed bytes");
        // big-1.0.jar was being read when the budget ran out: named by its file, without a SHA-1 it could not finish
        assertThat(s.packages()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("big");
            assertThat(p.attributes()).doesNotContainKey("sha1");
        });
    }

    static byte[] nestedJars(int levels) {
        byte[] inner = null;
        for (int level = levels - 1; level >= 0; level--) {
            ZipBuilder z = new ZipBuilder().pom("com.example", "level-" + level, "1.0");
            if (inner != null) z.stored("lib/level-" + (level + 1) + "-1.0.jar", inner);
            inner = z.build();
        }
        return inner;
    }

    @Test
    void archivesNestedBeyondTheDepthLimitAreSkippedWithAWarning() {
        var s = scan("app/level-0-1.0.jar", nestedJars(11));
        // depth 0 (the file) to depth 8 are read; the jar at depth 9 and everything in it are not
        assertThat(s.packages()).extracting(Package::name).containsExactlyInAnyOrder(
                "com.example:level-0", "com.example:level-1", "com.example:level-2", "com.example:level-3", "com.example:level-4",
                "com.example:level-5", "com.example:level-6", "com.example:level-7", "com.example:level-8");
        assertThat(s.warnings()).singleElement().asString()
                .endsWith("!/lib/level-8-1.0.jar!/lib/level-9-1.0.jar: nested more than 8 archives deep; skipped");
        assertThat(s.named("com.example:level-8").path()).isEqualTo("app/level-0-1.0.jar" + "!/lib/level-1-1.0.jar!/lib/level-2-1.0.jar"
                + "!/lib/level-3-1.0.jar!/lib/level-4-1.0.jar!/lib/level-5-1.0.jar!/lib/level-6-1.0.jar!/lib/level-7-1.0.jar!/lib/level-8-1.0.jar");
    }

    @Test
    void anArchiveWithMoreThanTheEntryLimitIsReadNoFurther() {
        ZipBuilder z = new ZipBuilder();
        for (int i = 0; i <= 100_000; i++) z.stored("f/" + i, new byte[0]);
        byte[] jar = z.pom("com.example", "many", "1.0").build();
        var s = scan("app/many-1.0.jar", jar);
        assertThat(s.warnings()).singleElement().asString().isEqualTo("app/many-1.0.jar: more than 100000 entries; read no further, kept what was found before");
        // its pom.properties came after the limit: the file name is all that is left, with the SHA-1 of the whole file
        assertThat(s.packages()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("many");
            assertThat(p.attributes()).containsEntry("java.evidence", "filename").containsEntry("sha1", sha1(jar));
        });
    }

    @Test
    void aMalformedPomPropertiesIsIgnoredWithAWarningAndTheFileNameUsedInstead() {
        byte[] noVersion = new ZipBuilder().deflated("META-INF/maven/com.example/widget/pom.properties", "groupId=com.example\nartifactId=widget\n").build();
        var s = scan("lib/widget-1.4.jar", noVersion);
        assertThat(s.warnings()).containsExactly("lib/widget-1.4.jar!/META-INF/maven/com.example/widget/pom.properties: malformed pom.properties (no version); ignored");
        assertThat(s.nameVersions()).containsExactly("widget@1.4");
        assertThat(s.packages().get(0).attributes()).containsEntry("java.evidence", "filename");

        byte[] badEscape = new ZipBuilder().deflated("META-INF/maven/com.example/widget/pom.properties",
                "groupId=com.example\nartifactId=wid\\uZZZZget\nversion=1.4\n").build();
        assertThat(scan("lib/widget-1.4.jar", badEscape).warnings()).singleElement().asString().contains("malformed pom.properties (unreadable");

        byte[] placeholder = new ZipBuilder().deflated("META-INF/maven/com.example/widget/pom.properties",
                "groupId=com.example\nartifactId=widget\nversion=${project.version}\n").build();
        assertThat(scan("lib/widget-1.4.jar", placeholder).warnings()).singleElement().asString().contains("(implausible version)");

        byte[] hostileId = new ZipBuilder().deflated("META-INF/maven/x/y/pom.properties",
                "groupId=com.example/../evil\nartifactId=widget\nversion=1.4\n").build();
        assertThat(scan("lib/widget-1.4.jar", hostileId).warnings()).singleElement().asString().contains("characters Maven does not allow");
    }

    @Test
    void aManifestWithoutVersionFallsBackToTheFileName() {
        String manifest = "Manifest-Version: 1.0\nImplementation-Title: gadget\nImplementation-Vendor-Id: com.example\n\n";
        byte[] jar = new ZipBuilder().deflated("META-INF/MANIFEST.MF", manifest).deflated("com/example/Gadget.class", new byte[64]).build();
        var versioned = scan("lib/gadget-2.0.jar", jar);
        assertThat(versioned.warnings()).isEmpty();
        assertThat(versioned.packages()).singleElement().satisfies(p -> {
            assertThat(p.purl()).isEqualTo("pkg:maven/com.example/gadget@2.0");
            assertThat(p.attributes()).containsEntry("java.evidence", "filename");
        });
        // nothing says which version an unversioned file is: no package rather than a guess
        var unversioned = scan("lib/gadget.jar", jar);
        assertThat(unversioned.packages()).isEmpty();
        assertThat(unversioned.warnings()).isEmpty();
    }

    @Test
    void aMalformedManifestIsIgnoredWithAWarning() {
        byte[] jar = new ZipBuilder().deflated("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Version: 9.9\nthis is not a header\n\n").build();
        var s = scan("lib/gizmo-3.0.jar", jar);
        assertThat(s.warnings()).containsExactly("lib/gizmo-3.0.jar!/META-INF/MANIFEST.MF: malformed manifest (line 3 is not a \"Name: value\" header); ignored");
        assertThat(s.nameVersions()).containsExactly("gizmo@3.0");
    }

    @Test
    void metadataLargerThanTheLimitIsNotReadIntoMemory() {
        String big = ZipBuilder.pomProperties("com.example", "big", "1.0") + "#" + "x".repeat(2 << 20) + "\n";
        byte[] jar = new ZipBuilder().deflated("META-INF/maven/com.example/big/pom.properties", big).build();
        var s = scan("lib/big.jar", jar);
        assertThat(s.warnings()).containsExactly("lib/big.jar!/META-INF/maven/com.example/big/pom.properties: larger than 1048576 bytes; ignored");
        assertThat(s.packages()).isEmpty();
    }

    @Test
    void aTruncatedJarGivesAWarningAndWhatWasReadBeforeTheCut() {
        byte[] whole = fixture("central/slf4j-api-2.0.17.jar");
        byte[] cut = Arrays.copyOf(whole, whole.length * 3 / 5);
        var s = scan("lib/slf4j-api-2.0.17.jar", cut);
        assertThat(s.warnings()).singleElement().asString().startsWith("lib/slf4j-api-2.0.17.jar: truncated archive after ")
                .endsWith("kept what was found before");
        // the pom.properties sits at the end and is lost; the manifest at the start still names the jar
        assertThat(s.packages()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("slf4j-api");
            assertThat(p.version()).isEqualTo("2.0.17");
            assertThat(p.attributes()).containsEntry("java.evidence", "manifest").containsEntry("sha1", sha1(cut));
        });
    }

    @Test
    void aCorruptNestedJarCostsOnlyItselfAndTheRestOfTheFatJarIsRead() {
        byte[] lib = fixture("central/slf4j-api-2.0.17.jar").clone();
        for (int i = 20_000; i < 20_400; i++) lib[i] = (byte) (i * 31);
        byte[] fat = new ZipBuilder().pom("com.example", "demo", "1.0")
                .stored("BOOT-INF/lib/slf4j-api-2.0.17.jar", lib)
                .stored("BOOT-INF/lib/failureaccess-1.0.1.jar", fixture("central/failureaccess-1.0.1.jar"))
                .build();
        var s = scan("app/app.jar", fat);
        assertThat(s.warnings()).singleElement().asString().startsWith("app/app.jar!/BOOT-INF/lib/slf4j-api-2.0.17.jar: corrupt archive after ");
        assertThat(s.purls()).contains("pkg:maven/com.example/demo@1.0", "pkg:maven/com.google.guava/failureaccess@1.0.1");
        // the damaged file keeps its own (real) SHA-1: the bytes that are in the image
        assertThat(s.named("slf4j-api").attributes()).containsEntry("sha1", sha1(lib));
    }

    @Test
    void aJarThatIsNotAZipIsSkippedWithAWarning() {
        var text = scan("app/notes.jar", "this is not a zip file\n".getBytes(StandardCharsets.UTF_8));
        assertThat(text.packages()).isEmpty();
        assertThat(text.warnings()).containsExactly("app/notes.jar: not a zip archive; skipped");
        var empty = scan("app/empty-1.0.jar", new byte[0]);
        assertThat(empty.packages()).isEmpty();
        assertThat(empty.warnings()).containsExactly("app/empty-1.0.jar: empty file; skipped");
        // and inside a good archive, a bad one costs only itself
        byte[] war = new ZipBuilder().pom("com.example", "web", "1.0").deflated("WEB-INF/lib/fake-1.0.jar", "<html>404</html>").build();
        var nested = scan("srv/web.war", war);
        assertThat(nested.purls()).containsExactly("pkg:maven/com.example/web@1.0");
        assertThat(nested.warnings()).containsExactly("srv/web.war!/WEB-INF/lib/fake-1.0.jar: not a zip archive; skipped");
    }

    @Test
    void randomlyDamagedArchivesCostWarningsNeverExceptions() {
        java.util.Random random = new java.util.Random(20240601);
        byte[] fat = JavaArchiveAnalyzerTest.springBootJar();
        byte[] plain = fixture("central/surefire-api-2.12.4.jar");
        for (int round = 0; round < 300; round++) {
            byte[] victim = (round % 2 == 0 ? fat : plain).clone();
            int damage = 1 + random.nextInt(8);
            for (int i = 0; i < damage; i++) {
                int at = random.nextInt(victim.length);
                int length = 1 + random.nextInt(64);
                for (int j = at; j < Math.min(victim.length, at + length); j++) victim[j] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) victim = Arrays.copyOf(victim, random.nextInt(victim.length));
            // scan() itself asserts the stream was read to its end and not closed; any exception fails the test
            var s = scan("app/app-" + round + ".jar", victim);
            assertThat(s.packages()).allSatisfy(p -> assertThat(p.version()).isNotBlank());
        }
    }

    @Test
    void controlCharactersInEntryNamesDoNotReachWarnings() {
        byte[] jar = new ZipBuilder().deflated("lib/\u001b[31mred-1.0.jar", "nope").build();
        var s = scan("app/app.jar", jar);
        assertThat(s.warnings()).singleElement().asString().doesNotContain("\u001b").contains("?[31mred-1.0.jar");
    }
}
