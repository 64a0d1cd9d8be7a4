package dev.drydock.catalog;

import dev.drydock.catalog.binary.TestElf;
import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static dev.drydock.catalog.CraftedBinaries.DATA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Executables that lie: each is skipped (or yields nothing) with one warning naming the file, never
 * an exception and never memory in proportion to what the file claims.
 */
class ElfBadInputTest {
    private final ElfBinaryAnalyzer analyzer = new ElfBinaryAnalyzer();

    private BinaryFixtures.Run run(byte[] file) {
        return BinaryFixtures.run(analyzer, "usr/bin/liar", file);
    }

    private static byte[] goodGo(boolean is64, boolean be) {
        byte[] info = CraftedBinaries.inlineHeader(is64 ? 8 : 4, CraftedBinaries.inlineStrings("go1.22.3", CraftedBinaries.framed(CraftedBinaries.MODINFO)));
        return CraftedBinaries.inlineGo(is64, be, info, 0x400).build();
    }

    @ParameterizedTest
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void craftedInlineBuildInfoReadsInEveryClassAndByteOrder(boolean is64, boolean be) {
        BinaryFixtures.Run run = run(goodGo(is64, be));
        assertThat(run.warnings()).isEmpty();
        // The x/net replacement pins a newer version: that is what was compiled, and what is reported.
        assertThat(run.coordinates()).containsExactly("example.com/tool@v1.2.3", "github.com/pkg/errors@v0.9.1", "golang.org/x/net@v0.23.0", "stdlib@1.22.3");
        assertThat(run.named("golang.org/x/net").attributes())
                .containsEntry("go.replace", "golang.org/x/net@v0.23.0")
                .containsEntry("go.original", "golang.org/x/net@v0.0.1")
                .containsEntry("go.sum", "h1:new=");
        assertThat(run.named("example.com/tool").attributes()).containsEntry("go.sum", "h1:abc=");
    }

    @ParameterizedTest
    @CsvSource({"false,true", "false,false", "true,true", "true,false"})
    void craftedPointerBuildInfoReadsInEveryClassAndByteOrder(boolean is64, boolean be) {
        BinaryFixtures.Run run = run(CraftedBinaries.pointerGo(is64, be, "go1.16.15", CraftedBinaries.MODINFO, true, null).build());
        assertThat(run.warnings()).isEmpty();
        assertThat(run.coordinates()).containsExactly("example.com/tool@v1.2.3", "github.com/pkg/errors@v0.9.1", "golang.org/x/net@v0.23.0", "stdlib@1.16.15");
    }

    @Test
    void pointerBuildInfoPointingNowhereIsAWarning() {
        BinaryFixtures.Run run = run(CraftedBinaries.pointerGo(false, true, "go1.16.15", CraftedBinaries.MODINFO, true, 0x7fff0000L).build());
        assertThat(run.packages()).isEmpty();
        assertThat(run.warnings()).singleElement().asString().startsWith("usr/bin/liar: ").contains("could not resolve the toolchain version");
    }

    @Test
    void pointerBuildInfoWithoutTheGoNoteIsAWarning() {
        BinaryFixtures.Run run = run(CraftedBinaries.pointerGo(true, false, "go1.16.15", CraftedBinaries.MODINFO, false, null).build());
        assertThat(run.packages()).isEmpty();
        assertThat(run.warnings()).singleElement().asString().contains("Go build ID note");
    }

    @Test
    void segmentBeyondTheEndOfTheFile() {
        byte[] info = CraftedBinaries.inlineHeader(8, CraftedBinaries.inlineStrings("go1.22.3", new byte[0]));
        byte[] file = CraftedBinaries.inlineGo(true, false, info, 0x400).build();
        // Program header 0's p_filesz: 1 GiB.
        new TestElf(true, false).u64(file, 64 + 32, 1L << 30);
        assertWarnedAndSkipped(run(file), "program header 0 claims bytes beyond the end of the file");
    }

    @Test
    void sectionBeyondTheEndOfTheFile() {
        byte[] info = CraftedBinaries.inlineHeader(8, CraftedBinaries.inlineStrings("go1.22.3", new byte[0]));
        TestElf elf = CraftedBinaries.inlineGo(true, false, info, 0x400);
        elf.section(".debug_info", TestElf.SHT_PROGBITS, 0, 0, 0x3000, 1L << 40);
        assertWarnedAndSkipped(run(elf.build()), "section .debug_info claims bytes beyond the end of the file");
    }

    @Test
    void overlappingSections() {
        TestElf elf = CraftedBinaries.rust(CraftedBinaries.zlib("{\"packages\":[]}".getBytes(StandardCharsets.US_ASCII)));
        elf.section(".comment", TestElf.SHT_PROGBITS, 0, 0, 0x1104, 16);
        assertWarnedAndSkipped(run(elf.build()), "sections .dep-v0 and .comment overlap");
    }

    @Test
    void sectionOverlappingTheSectionHeaderTable() {
        byte[] file = goodGo(true, false);
        long shoff = 0;
        for (int i = 7; i >= 0; i--) shoff = shoff << 8 | (file[40 + i] & 0xff);
        TestElf elf = CraftedBinaries.inlineGo(true, false, CraftedBinaries.inlineHeader(8, CraftedBinaries.inlineStrings("go1.22.3", new byte[0])), 0x400);
        elf.section(".note", TestElf.SHT_PROGBITS, 0, 0, shoff, 8);
        assertWarnedAndSkipped(run(elf.build()), "overlap");
    }

    @Test
    void absurdSectionCount() {
        byte[] file = goodGo(true, false);
        new TestElf(true, false).u16(file, TestElf.shnumField(true), 60000);
        assertWarnedAndSkipped(run(file), "60000 sections is more than an executable has");
    }

    @Test
    void absurdProgramHeaderCount() {
        byte[] file = goodGo(false, true);
        new TestElf(false, true).u16(file, TestElf.phnumField(false), 1000);
        assertWarnedAndSkipped(run(file), "1000 program headers is more than an executable has");
    }

    @Test
    void sectionHeaderTableBeyondTheEnd() {
        byte[] file = goodGo(true, true);
        new TestElf(true, true).u64(file, TestElf.shoffField(true), Long.MAX_VALUE - 10);
        assertWarnedAndSkipped(run(file), "section header table lies beyond the end of the file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"go/go119-amd64.gz", "go/go115-mips.gz"})
    void truncatedBinary(String fixture) {
        byte[] whole = BinaryFixtures.gunzip(fixture);
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        assertWarnedAndSkipped(run(half), "beyond the end of the file");
    }

    @Test
    void streamShorterThanItsDeclaredSize() {
        byte[] whole = BinaryFixtures.gunzip("go/go119-386.gz");
        BinaryFixtures.Run run = BinaryFixtures.run(analyzer, "usr/bin/liar", new ByteArrayInputStream(whole, 0, whole.length / 3), whole.length);
        assertWarnedAndSkipped(run, "file ends after " + (whole.length / 3 / 1024 * 1024));
    }

    @Test
    void varintRunningPastTheEndOfTheSegment() {
        // The version's length says 100 bytes, but the segment ends 3 bytes after the header.
        byte[] info = CraftedBinaries.inlineHeader(8, new byte[]{100, 'g', 'o'});
        assertGoWarning(CraftedBinaries.inlineGo(true, false, info, info.length).build(), "Go build info runs past the end of its segment");
    }

    @Test
    void varintItselfCutOffByTheSegment() {
        byte[] info = CraftedBinaries.inlineHeader(8, new byte[]{(byte) 0x80, (byte) 0x80});
        assertGoWarning(CraftedBinaries.inlineGo(true, false, info, info.length).build(), "Go build info runs past the end of its segment");
    }

    @Test
    void malformedVarint() {
        byte[] eleven = new byte[11];
        Arrays.fill(eleven, (byte) 0xff);
        byte[] info = CraftedBinaries.inlineHeader(8, eleven);
        assertGoWarning(CraftedBinaries.inlineGo(true, false, info, 0x400).build(), "Go build info has a malformed length");
    }

    @Test
    void hugeClaimedModuleInformation() {
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        tail.writeBytes(CraftedBinaries.uvarint(8));
        tail.writeBytes("go1.22.3".getBytes(StandardCharsets.US_ASCII));
        tail.writeBytes(CraftedBinaries.uvarint(1L << 40));
        byte[] info = CraftedBinaries.inlineHeader(8, tail.toByteArray());
        assertGoWarning(CraftedBinaries.inlineGo(true, false, info, 0x400).build(), "claims 1099511627776 bytes of module information");
    }

    @Test
    void hugeClaimedVersion() {
        byte[] info = CraftedBinaries.inlineHeader(4, CraftedBinaries.uvarint(3_000_000_000L));
        assertGoWarning(CraftedBinaries.inlineGo(false, true, info, 0x400).build(), "claims a 3000000000-byte toolchain version");
    }

    @Test
    void buildInfoSectionWithoutTheMagic() {
        byte[] info = CraftedBinaries.inlineHeader(8, CraftedBinaries.inlineStrings("go1.22.3", new byte[0]));
        info[3] = 'X';
        assertGoWarning(CraftedBinaries.inlineGo(true, false, info, 0x400).build(), "section .go.buildinfo does not start with the Go build info magic");
    }

    @Test
    void garbageToolchainVersion() {
        byte[] info = CraftedBinaries.inlineHeader(8, CraftedBinaries.inlineStrings("\u0001\u0002binary junk", new byte[0]));
        assertGoWarning(CraftedBinaries.inlineGo(true, false, info, 0x400).build(), "unreadable toolchain version");
    }

    @Test
    void malformedModuleLinesAreSkippedAndCounted() {
        String mod = "path\texample.com/tool\nmod\texample.com/tool\tv1.0.0\t\ndep\tbad path with spaces\tv1\t\ndep\n=>\tx\tv1\t\n"
                + "dep\tgithub.com/ok/dep\tv1.0.0\t\nbuild\t=novalue\n";
        byte[] info = CraftedBinaries.inlineHeader(8, CraftedBinaries.inlineStrings("go1.22.3", CraftedBinaries.framed(mod)));
        BinaryFixtures.Run run = run(CraftedBinaries.inlineGo(true, false, info, 0x400).build());
        assertThat(run.coordinates()).containsExactly("example.com/tool@v1.0.0", "github.com/ok/dep@v1.0.0", "stdlib@1.22.3");
        assertThat(run.warnings()).singleElement().asString().contains("skipped 4 malformed line(s) of Go module information");
    }

    @Test
    void decompressionBombInDepV0() {
        byte[] json = new byte[9 << 20];
        Arrays.fill(json, (byte) ' ');
        byte[] open = "{\"packages\":[".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(open, 0, json, 0, open.length);
        byte[] bomb = CraftedBinaries.zlib(json);
        assertThat(bomb.length).isLessThan(64 << 10);
        BinaryFixtures.Run run = run(CraftedBinaries.rust(bomb).build());
        assertThat(run.packages()).isEmpty();
        assertThat(run.warnings()).singleElement().asString().contains("inflates to more than 8388608 bytes");
    }

    @Test
    void depV0ThatIsNotZlib() {
        BinaryFixtures.Run run = run(CraftedBinaries.rust("{\"packages\":[]} but not compressed".getBytes(StandardCharsets.US_ASCII)).build());
        assertThat(run.packages()).isEmpty();
        assertThat(run.warnings()).singleElement().asString().contains("section .dep-v0 does not hold zlib-compressed audit data");
    }

    @Test
    void depV0WithMalformedJson() {
        BinaryFixtures.Run run = run(CraftedBinaries.rust(CraftedBinaries.zlib("{\"packages\":[{\"name\":1,".getBytes(StandardCharsets.US_ASCII))).build());
        assertThat(run.packages()).isEmpty();
        assertThat(run.warnings()).singleElement().asString().contains("unreadable cargo-auditable data");
    }

    @Test
    void depV0WithHostileNamesSkipsThem() {
        String json = "{\"packages\":[{\"name\":\"ok\",\"version\":\"1.0.0\",\"source\":\"crates.io\"},"
                + "{\"name\":\"bad name\\n\",\"version\":\"1.0.0\",\"source\":\"crates.io\"},{\"name\":\"noversion\"},"
                + "{\"name\":\"deep\",\"version\":\"1.0.0\",\"source\":\"crates.io\",\"dependencies\":[0,1,2]}]}";
        BinaryFixtures.Run run = run(CraftedBinaries.rust(CraftedBinaries.zlib(json.getBytes(StandardCharsets.US_ASCII))).build());
        assertThat(run.coordinates()).containsExactly("deep@1.0.0", "ok@1.0.0");
        assertThat(run.warnings()).singleElement().asString().contains("skipped 2 malformed or excess package(s)");
    }

    @Test
    void depV0SectionSmallerThanItsData() {
        byte[] data = CraftedBinaries.zlib("{\"packages\":[{\"name\":\"ok\",\"version\":\"1.0.0\",\"source\":\"crates.io\"}]}".getBytes(StandardCharsets.US_ASCII));
        TestElf elf = new TestElf(true, false);
        elf.put(0x1100, data);
        elf.section(".dep-v0", TestElf.SHT_PROGBITS, 0, 0, 0x1100, data.length - 4);
        BinaryFixtures.Run run = run(elf.build());
        assertThat(run.packages()).isEmpty();
        assertThat(run.warnings()).singleElement().asString().contains("audit data runs past the end of section .dep-v0");
    }

    @Test
    void nonElfExecutablesAreSilentlyIgnored() {
        byte[] python = ("#!/usr/bin/python3\n" + "print('x')\n".repeat(200)).getBytes(StandardCharsets.US_ASCII);
        byte[] zeros = new byte[4096];
        byte[] almostElf = Arrays.copyOf(new byte[]{0x7f, 'E', 'L', 'G'}, 4096);
        for (byte[] f : new byte[][]{python, zeros, almostElf}) {
            BinaryFixtures.Run run = run(f);
            assertThat(run.packages()).isEmpty();
            assertThat(run.warnings()).isEmpty();
            assertThat(run.bytesRead()).isEqualTo(4);
        }
    }

    @Test
    void objectFilesAndCoreDumpsAreNotPrograms() {
        byte[] file = goodGo(true, false);
        new TestElf(true, false).u16(file, 16, 1); // ET_REL
        BinaryFixtures.Run run = run(file);
        assertThat(run.packages()).isEmpty();
        assertThat(run.warnings()).isEmpty();
    }

    @Test
    void randomCorruptionNeverThrows() {
        Random random = new Random(20240501);
        byte[][] originals = {
                BinaryFixtures.gunzip("go/go119-mips.gz"), BinaryFixtures.gunzip("go/go115-amd64.gz"),
                Fixtures.bytes("binaries/rust/rust-nonalloc"), CraftedBinaries.pointerGo(false, true, "go1.16.15", CraftedBinaries.MODINFO, true, null).build()};
        for (int round = 0; round < 400; round++) {
            byte[] original = originals[round % originals.length];
            byte[] f = original.clone();
            int flips = 1 + random.nextInt(16);
            for (int k = 0; k < flips; k++) {
                // Aim at the headers at either end and at the build info, where lies matter.
                int region = random.nextInt(3);
                int at = region == 0 ? random.nextInt(Math.min(512, f.length))
                        : region == 1 ? f.length - 1 - random.nextInt(Math.min(4096, f.length)) : random.nextInt(f.length);
                f[at] = (byte) random.nextInt(256);
            }
            int cut = random.nextInt(10) == 0 ? random.nextInt(f.length) : f.length;
            byte[] file = Arrays.copyOf(f, cut);
            BinaryFixtures.Run run = run(file); // must not throw
            assertThat(run.warnings().size()).isLessThanOrEqualTo(4);
        }
    }

    private static void assertWarnedAndSkipped(BinaryFixtures.Run run, String reason) {
        assertThat(run.packages()).isEmpty();
        assertThat(run.warnings()).singleElement().asString()
                .startsWith("usr/bin/liar: skipped a malformed ELF file: ")
                .contains(reason);
    }

    private void assertGoWarning(byte[] file, String message) {
        BinaryFixtures.Run run = run(file);
        assertThat(run.packages()).isEmpty();
        assertThat(run.warnings()).singleElement().asString().startsWith("usr/bin/liar: ").contains(message);
    }
}
