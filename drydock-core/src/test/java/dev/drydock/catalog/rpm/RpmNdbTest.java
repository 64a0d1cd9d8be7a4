package dev.drydock.catalog.rpm;

import dev.drydock.catalog.rpm.RpmTestFiles.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static dev.drydock.catalog.rpm.RpmTestFiles.SLE15;
import static dev.drydock.catalog.rpm.RpmTestFiles.analyze;
import static dev.drydock.catalog.rpm.RpmTestFiles.fixture;
import static dev.drydock.catalog.rpm.RpmTestFiles.putU32;
import static dev.drydock.catalog.rpm.RpmTestFiles.u32;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLE 15 BCI ndb database (35 packages), damaged in one place per test. Its layout (checked in
 * {@link #layout}): one slot page; the first slot, at byte 32, maps package 1 to blocks 256..515, so its
 * blob starts at byte 4096 and its tail at byte 8244; the second slot (byte 48) maps package 2.
 */
class RpmNdbTest {

    private static final String PATH = "usr/lib/sysimage/rpm/Packages.db";
    private static final int SLOT_1 = 32;
    private static final int SLOT_2 = 48;
    private static final int BLOB_1 = 4096;
    private static final int TAIL_1 = 8244;

    private byte[] db;

    @BeforeEach
    void layout() {
        db = fixture(SLE15);
        assertThat(u32(db, 12, true)).isEqualTo(1);
        assertThat(u32(db, SLOT_1 + 4, true)).isEqualTo(1);
        assertThat(u32(db, SLOT_1 + 8, true)).isEqualTo(256);
        assertThat(u32(db, SLOT_1 + 12, true)).isEqualTo(260);
        assertThat(u32(db, SLOT_2 + 4, true)).isEqualTo(2);
        assertThat(new String(db, TAIL_1 + 8, 4)).isEqualTo("BlbE");
    }

    @Test
    void keepsThePackagesBeforeTheCutOfATruncatedFile() {
        // Package 17's blob ends at byte 924768, package 18's at 1025632.
        Outcome out = analyze(PATH, Arrays.copyOf(db, 1_000_000));

        assertThat(out.packages()).hasSize(17);
        assertThat(out.names()).startsWith("system-user-root", "filesystem", "glibc").endsWith("sles-release");
        assertThat(out.warnings()).contains(
                "rpm database " + PATH + ": ndb package 18 lies beyond the end of the file (truncated?), skipped");
    }

    @Test
    void skipsABlobWhoseChecksumDoesNotMatch() {
        db[BLOB_1 + 100] ^= 0x55;
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(34);
        assertThat(out.names()).doesNotContain("system-user-root");
        assertThat(out.warnings()).singleElement().asString().contains("ndb package 1: blob checksum mismatch");
    }

    @Test
    void skipsASlotThatOverlapsAnotherPackage() {
        putU32(db, SLOT_2 + 8, 256, true); // package 2 now claims package 1's first block
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(34);
        assertThat(out.warnings()).singleElement().asString().contains("overlaps another package's blocks");
    }

    @Test
    void skipsASlotPointingIntoTheSlotPages() {
        putU32(db, SLOT_1 + 8, 1, true);
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(34);
        assertThat(out.warnings()).singleElement().asString().contains("1 ndb slot(s) damaged and skipped, the first at offset 32");
    }

    @Test
    void skipsASlotWithAnAbsurdBlockCount() {
        putU32(db, SLOT_1 + 12, 0xffff_ffffL, true);
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(34);
        assertThat(out.warnings()).singleElement().asString().contains("ndb package 1 lies beyond the end of the file");
    }

    @Test
    void skipsABlobWithAnAbsurdLength() {
        putU32(db, BLOB_1 + 12, 0x7fff_ffffL, true);
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(34);
        assertThat(out.warnings()).singleElement().asString().contains("blob length 2147483647 does not fill its 260 blocks");
    }

    @Test
    void skipsABlobBelongingToAnotherPackage() {
        putU32(db, BLOB_1 + 4, 7, true);
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(34);
        assertThat(out.warnings()).singleElement().asString().contains("ndb package 1: blob belongs to package 7");
    }

    @Test
    void skipsAHeaderWithAHugeIndexCountInsideASoundBlob() {
        putU32(db, BLOB_1 + 16, 0x00ff_ffffL, false); // rpm headers are big-endian
        RpmTestFiles.fixNdbChecksum(db, BLOB_1, TAIL_1);
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(34);
        assertThat(out.warnings()).singleElement().asString().contains("record 1: header claims 16777215 index entries");
    }

    @Test
    void readsTheSlotPagesThatExistWhenTheHeaderClaimsMore() {
        putU32(db, 12, 0x7fff_ffffL, true);
        Outcome out = analyze(PATH, db);

        // Blob data now counts as slot pages: no slot can point past them, so nothing is readable.
        assertThat(out.results()).hasSize(1);
        assertThat(out.packages()).isEmpty();
        assertThat(out.warnings()).first().asString().contains("lists 2147483647 slot pages but the file holds 335");
        assertThat(out.warnings()).noneMatch(w -> w.contains("internal error"));
    }

    @Test
    void readsAtMostItsLimitOfSlotPages() {
        byte[] big = Arrays.copyOf(db, (int) (NdbReader.MAX_SLOT_PAGES + 100) * 4096);
        putU32(big, 12, NdbReader.MAX_SLOT_PAGES + 50, true);
        Outcome out = analyze(PATH, big);

        assertThat(out.packages()).isEmpty();
        assertThat(out.warnings()).contains("rpm database " + PATH + ": ndb header lists 1074 slot pages; reading the first 1024");
        assertThat(out.warnings()).noneMatch(w -> w.contains("internal error"));
    }

    @Test
    void refusesAnUnknownVersion() {
        putU32(db, 4, 3, true);
        Outcome out = analyze(PATH, db);

        assertThat(out.results()).isEmpty();
        assertThat(out.warnings()).singleElement().asString().contains("ndb version 3 is not supported; no packages read");
    }

    @Test
    void refusesAFileShorterThanOneSlotPage() {
        Outcome out = analyze(PATH, Arrays.copyOf(db, 2000));

        assertThat(out.results()).isEmpty();
        assertThat(out.warnings()).anySatisfy(w -> assertThat(w).contains("shorter than one slot page"));
    }

    @Test
    void survivesRandomBytesBehindTheMagic() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            byte[] noise = new byte[64 * 1024];
            random.nextBytes(noise);
            System.arraycopy(db, 0, noise, 0, 4);
            putU32(noise, 4, 0, true);
            putU32(noise, 12, round % 3 == 0 ? 1 : random.nextInt(), true);

            Outcome out = analyze(PATH, noise);

            assertThat(out.packages()).isEmpty();
            assertThat(out.warnings()).isNotEmpty().noneMatch(w -> w.contains("internal error"));
        }
    }

    @Test
    void survivesRandomlyFlippedBytes() {
        Random random = new Random(7);
        for (int round = 0; round < 100; round++) {
            byte[] damaged = Arrays.copyOf(db, db.length);
            for (int i = 0; i < 20; i++) damaged[random.nextInt(4096)] ^= (byte) (1 + random.nextInt(255));

            Outcome out = analyze(PATH, damaged);

            assertThat(out.warnings()).noneMatch(w -> w.contains("internal error"));
        }
    }
}
