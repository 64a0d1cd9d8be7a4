package dev.drydock.catalog.rpm;

import dev.drydock.catalog.rpm.RpmTestFiles.HeaderBuilder;
import dev.drydock.catalog.rpm.RpmTestFiles.Outcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.drydock.catalog.rpm.RpmTestFiles.analyze;
import static dev.drydock.catalog.rpm.RpmTestFiles.putU32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Header blobs, sound and forged, parsed alone and through the analyzer (in an ndb wrapper). */
class RpmHeaderTest {

    private static final HeaderBuilder BASH = new HeaderBuilder().pkg("bash", "5.1.8", "1.cm2")
            .string(RpmHeader.SOURCERPM, "bash-5.1.8-1.cm2.src.rpm")
            .strings(RpmHeader.BASENAMES, "bash", "sh", "bash.1.gz")
            .strings(RpmHeader.DIRNAMES, "/usr/bin/", "/usr/share/man/man1/")
            .int32(RpmHeader.DIRINDEXES, 0, 0, 1);

    @Test
    void readsTagsOfEveryKind() throws Exception {
        byte[] blob = new HeaderBuilder().pkg("zlib", "1.2.11", "5.cm2")
                .int32(RpmHeader.EPOCH, 2)
                .int32(RpmHeader.SIZE, 197_234)
                .string(RpmHeader.VENDOR, "Microsoft Corporation")
                .strings(RpmHeader.BASENAMES, "libz.so.1")
                .build();
        RpmHeader h = RpmHeader.parse(blob, 0, blob.length);

        assertThat(h.string(RpmHeader.NAME)).isEqualTo("zlib");
        assertThat(h.integer(RpmHeader.EPOCH)).isEqualTo(2L);
        assertThat(h.integer(RpmHeader.SIZE)).isEqualTo(197_234L);
        assertThat(h.string(RpmHeader.VENDOR)).isEqualTo("Microsoft Corporation");
        assertThat(h.strings(RpmHeader.BASENAMES)).containsExactly("libz.so.1");
        assertThat(h.string(RpmHeader.LICENSE)).isNull();
        assertThat(h.integer(RpmHeader.LONGSIZE)).isNull();
    }

    @Test
    void letsALaterEntryReplaceAnEarlierOneOfTheSameTag() throws Exception {
        byte[] blob = new HeaderBuilder().pkg("a", "1", "1").string(RpmHeader.LICENSE, "old").string(RpmHeader.LICENSE, "new").build();
        assertThat(RpmHeader.parse(blob, 0, blob.length).string(RpmHeader.LICENSE)).isEqualTo("new");
    }

    @Test
    void refusesAnIndexCountThatDoesNotFitTheRecord() {
        byte[] blob = BASH.build();
        putU32(blob, 0, 0x0000_fff0L, false);
        assertThatThrownBy(() -> RpmHeader.parse(blob, 0, blob.length))
                .isInstanceOf(RpmDbException.class).hasMessageContaining("65520 entries");
    }

    @Test
    void refusesAnIndexCountAboveRpmsLimit() {
        byte[] blob = BASH.build();
        putU32(blob, 0, 0xffff_ffffL, false);
        assertThatThrownBy(() -> RpmHeader.parse(blob, 0, blob.length))
                .isInstanceOf(RpmDbException.class).hasMessageContaining("4294967295 index entries");
    }

    @Test
    void refusesADataLengthBeyondTheRecord() {
        byte[] blob = BASH.build();
        putU32(blob, 4, 0x0fff_0000L, false);
        assertThatThrownBy(() -> RpmHeader.parse(blob, 0, blob.length)).isInstanceOf(RpmDbException.class);
        putU32(blob, 4, 0x7fff_ffffL, false);
        assertThatThrownBy(() -> RpmHeader.parse(blob, 0, blob.length)).isInstanceOf(RpmDbException.class);
    }

    @Test
    void refusesAHeaderWithNoEntries() {
        byte[] blob = new byte[8];
        assertThatThrownBy(() -> RpmHeader.parse(blob, 0, blob.length)).isInstanceOf(RpmDbException.class);
        assertThatThrownBy(() -> RpmHeader.parse(blob, 0, 4)).isInstanceOf(RpmDbException.class);
    }

    @Test
    void refusesAStringThatRunsPastTheDataStore() {
        byte[] blob = new HeaderBuilder().raw(RpmHeader.NAME, 6, "unterminated".getBytes(), 1).build();
        RpmHeader h = parse(blob);
        assertThatThrownBy(() -> h.string(RpmHeader.NAME)).isInstanceOf(RpmDbException.class)
                .hasMessageContaining("runs past");
    }

    @Test
    void refusesAStringArrayCountAboveTheBytesLeftWithoutReadingIt() {
        byte[] blob = new HeaderBuilder().raw(RpmHeader.BASENAMES, 8, "a\0b\0".getBytes(), Integer.MAX_VALUE).build();
        RpmHeader h = parse(blob);
        assertThatThrownBy(() -> h.strings(RpmHeader.BASENAMES)).isInstanceOf(RpmDbException.class)
                .hasMessageContaining("2147483647 strings");
    }

    @Test
    void refusesAnEntryOffsetOutsideTheDataStore() {
        byte[] blob = new HeaderBuilder().int32(RpmHeader.EPOCH, 1).build();
        putU32(blob, 8 + 8, 0x7fff_fff0L, false);
        RpmHeader h = parse(blob);
        assertThatThrownBy(() -> h.integer(RpmHeader.EPOCH)).isInstanceOf(RpmDbException.class);
    }

    @Test
    void refusesAnIntegerArrayLongerThanTheDataStore() {
        byte[] blob = new HeaderBuilder().int32(RpmHeader.DIRINDEXES, 0, 0).build();
        putU32(blob, 8 + 12, 0x4000_0000L, false);
        RpmHeader h = parse(blob);
        assertThatThrownBy(() -> h.integers(RpmHeader.DIRINDEXES)).isInstanceOf(RpmDbException.class);
    }

    @Test
    void refusesATagOfTheWrongType() {
        byte[] blob = new HeaderBuilder().int32(RpmHeader.NAME, 7).string(RpmHeader.EPOCH, "1").build();
        RpmHeader h = parse(blob);
        assertThatThrownBy(() -> h.string(RpmHeader.NAME)).isInstanceOf(RpmDbException.class);
        assertThatThrownBy(() -> h.integer(RpmHeader.EPOCH)).isInstanceOf(RpmDbException.class);
    }

    @Test
    void skipsARecordWithAHugeIndexCountAndKeepsTheOthers() {
        byte[] bad = BASH.build();
        putU32(bad, 0, 0x7fff_ffffL, false);
        Outcome out = analyze("var/lib/rpm/Packages.db", RpmTestFiles.ndb(List.of(bad, BASH.build())));

        assertThat(out.names()).containsExactly("bash");
        assertThat(out.warnings()).singleElement().asString().contains("record 1: header claims 2147483647 index entries");
    }

    @Test
    void skipsAHeaderWithoutName() {
        byte[] nameless = new HeaderBuilder().string(RpmHeader.VERSION, "1").string(RpmHeader.RELEASE, "1").build();
        Outcome out = analyze("var/lib/rpm/Packages.db", RpmTestFiles.ndb(List.of(nameless, BASH.build())));

        assertThat(out.names()).containsExactly("bash");
        assertThat(out.warnings()).singleElement().asString().contains("record 1: header has no NAME");
    }

    @Test
    void joinsDirectoryAndBaseNamesIntoPaths() {
        Outcome out = analyze("var/lib/rpm/Packages.db", RpmTestFiles.ndb(List.of(BASH.build())));
        assertThat(out.packages().get(0).files()).containsExactly("/usr/bin/bash", "/usr/bin/sh", "/usr/share/man/man1/bash.1.gz");
    }

    @Test
    void keepsThePackageButNotItsFilesWhenADirectoryIndexIsOutOfRange() {
        byte[] blob = new HeaderBuilder().pkg("bash", "5.1.8", "1.cm2")
                .strings(RpmHeader.BASENAMES, "bash", "sh")
                .strings(RpmHeader.DIRNAMES, "/usr/bin/")
                .int32(RpmHeader.DIRINDEXES, 0, 0xffff_ffffL).build();

        Outcome out = analyze("var/lib/rpm/Packages.db", RpmTestFiles.ndb(List.of(blob)));

        assertThat(out.names()).containsExactly("bash");
        assertThat(out.packages().get(0).files()).isEmpty();
        assertThat(out.warnings()).singleElement().asString()
                .contains("package bash-5.1.8-1.cm2: file list unreadable", "points at directory 4294967295 of 1");
    }

    @Test
    void keepsThePackageButNotItsFilesWhenTheFileArraysDisagree() {
        byte[] blob = new HeaderBuilder().pkg("bash", "5.1.8", "1.cm2")
                .strings(RpmHeader.BASENAMES, "bash", "sh")
                .strings(RpmHeader.DIRNAMES, "/usr/bin/")
                .int32(RpmHeader.DIRINDEXES, 0).build();

        Outcome out = analyze("var/lib/rpm/Packages.db", RpmTestFiles.ndb(List.of(blob)));

        assertThat(out.packages()).singleElement().satisfies(p -> assertThat(p.files()).isEmpty());
        assertThat(out.warnings()).singleElement().asString().contains("2 base names but 1 directory indexes");
    }

    /** Many files under one long directory name would cost far more memory than the header stores. */
    @Test
    void dropsFileListsBeyondTheDatabasesBudget() throws Exception {
        String longDir = "/" + "d".repeat(2000) + "/";
        String[] base = new String[1000];
        long[] index = new long[1000];
        for (int i = 0; i < base.length; i++) base[i] = "f" + i;
        byte[] blob = new HeaderBuilder().pkg("wide", "1", "1")
                .strings(RpmHeader.BASENAMES, base).strings(RpmHeader.DIRNAMES, longDir).int32(RpmHeader.DIRINDEXES, index).build();
        List<String> problems = new ArrayList<>();
        Budget budget = new Budget(100, 10_000, 1_000_000);

        RpmPackageInfo info = RpmPackageInfo.from(parse(blob), budget, problems::add);

        assertThat(blob.length).isLessThan(20_000); // while the paths would take 2 million characters
        assertThat(info.name()).isEqualTo("wide");
        assertThat(info.files()).isEmpty();
        assertThat(problems).singleElement().asString().contains("its 1000 files exceed");
    }

    @Test
    void dropsFileListsOnceTheFileCountBudgetIsSpent() throws Exception {
        Budget budget = new Budget(100, 4, 1_000_000);
        List<String> problems = new ArrayList<>();
        RpmPackageInfo first = RpmPackageInfo.from(parse(BASH.build()), budget, problems::add);
        RpmPackageInfo second = RpmPackageInfo.from(parse(BASH.build()), budget, problems::add);

        assertThat(first.files()).hasSize(3);
        assertThat(second.files()).isEmpty();
        assertThat(problems).hasSize(1);
    }

    @Test
    void parsesSourceRpmFileNames() {
        assertThat(SourceRpm.parse("curl-7.76.1-14.el9.src.rpm")).isEqualTo(new SourceRpm("curl", "7.76.1-14.el9"));
        assertThat(SourceRpm.parse("gcc11-11.2.1+git610-1.3.9.src.rpm")).isEqualTo(new SourceRpm("gcc11", "11.2.1+git610-1.3.9"));
        assertThat(SourceRpm.parse("java-17-openjdk-17.0.9.0.9-2.el9.nosrc.rpm"))
                .isEqualTo(new SourceRpm("java-17-openjdk", "17.0.9.0.9-2.el9"));
        assertThat(SourceRpm.parse("noversion.src.rpm")).isNull();
        assertThat(SourceRpm.parse("a-1.src.rpm")).isNull();
        assertThat(SourceRpm.parse("-1-2.src.rpm")).isNull();
        assertThat(SourceRpm.parse("curl-7.76.1-14.el9.x86_64.rpm")).isNull();
        assertThat(SourceRpm.parse(null)).isNull();
    }

    private static RpmHeader parse(byte[] blob) {
        try {
            return RpmHeader.parse(blob, 0, blob.length);
        } catch (RpmDbException e) {
            throw new AssertionError(e);
        }
    }
}
