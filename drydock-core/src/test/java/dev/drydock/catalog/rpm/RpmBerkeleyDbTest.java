package dev.drydock.catalog.rpm;

import dev.drydock.catalog.rpm.RpmTestFiles.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static dev.drydock.catalog.rpm.RpmTestFiles.LIBUUID;
import static dev.drydock.catalog.rpm.RpmTestFiles.analyze;
import static dev.drydock.catalog.rpm.RpmTestFiles.fixture;
import static dev.drydock.catalog.rpm.RpmTestFiles.putU16;
import static dev.drydock.catalog.rpm.RpmTestFiles.putU32;
import static dev.drydock.catalog.rpm.RpmTestFiles.u16;
import static dev.drydock.catalog.rpm.RpmTestFiles.u32;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The libuuid database, damaged in one place per test. Its layout (checked in {@link #layout}): 4 KiB
 * pages; page 1 = bucket 0, holding rpm's counter record; page 2 = bucket 1, holding header 1 as a
 * reference to the overflow chain 3 → 4 → … → 22 of 80880 bytes.
 */
class RpmBerkeleyDbTest {

    private static final String PATH = "var/lib/rpm/Packages";
    private static final int PAGE = 4096;
    private static final int HEADER_PAGE = 2;
    /** Where page 2 keeps the overflow reference (type byte, 3 unused bytes, page number, length). */
    private static final int OFFPAGE_ITEM = HEADER_PAGE * PAGE + 4079;

    private byte[] db;

    @BeforeEach
    void layout() {
        db = fixture(LIBUUID);
        assertThat(db).hasSize(23 * PAGE);
        assertThat(db[HEADER_PAGE * PAGE + 25]).isEqualTo((byte) 13);
        assertThat(db[OFFPAGE_ITEM]).isEqualTo((byte) 3);
        assertThat(u32(db, OFFPAGE_ITEM + 4, true)).isEqualTo(3);
        assertThat(u32(db, OFFPAGE_ITEM + 8, true)).isEqualTo(80880);
        assertThat(db[10 * PAGE + 25]).isEqualTo((byte) 7);
    }

    @Test
    void readsBigEndianDatabases() {
        Outcome little = analyze(PATH, db);
        Outcome big = analyze(PATH, toBigEndian(db));

        assertThat(big.packages()).isEqualTo(little.packages()).hasSize(1);
        assertThat(big.warnings()).isEmpty();
    }

    @Test
    void warnsAboutATruncatedFileAndSkipsTheHeaderItCut() {
        Outcome out = analyze(PATH, Arrays.copyOf(db, 10 * PAGE + 100));

        assertThat(out.packages()).isEmpty();
        assertThat(out.results()).hasSize(1);
        assertThat(out.warnings()).anySatisfy(w -> assertThat(w).contains("lists 23 pages but the file holds 10"))
                .anySatisfy(w -> assertThat(w).contains("value of 80880 bytes, longer than the whole file"));
    }

    @Test
    void skipsAHeaderWhoseOverflowChainRunsOffTheEndOfTheFile() {
        Outcome out = analyze(PATH, Arrays.copyOf(db, 21 * PAGE));

        assertThat(out.packages()).isEmpty();
        assertThat(out.warnings()).contains(
                "rpm database " + PATH + ": page 2 entry 0: header 1 links to page 21, outside the 21 pages, skipped");
    }

    @Test
    void skipsAHeaderWhoseOverflowPageNumberIsCorrupt() {
        putU32(db, OFFPAGE_ITEM + 4, 999_999, true);
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).isEmpty();
        assertThat(out.warnings()).singleElement().asString()
                .contains("page 2 entry 0: header 1 links to page 999999, outside the 23 pages, skipped");
    }

    @Test
    void skipsAHeaderWhoseOverflowChainLoops() {
        putU32(db, 10 * PAGE + 16, 5, true); // page 10's next page: back to page 5
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).isEmpty();
        assertThat(out.warnings()).singleElement().asString().contains("links to page 5 a second time");
    }

    @Test
    void stopsABucketChainThatLoops() {
        putU32(db, HEADER_PAGE * PAGE + 16, HEADER_PAGE, true); // page 2's next hash page: itself
        Outcome out = analyze(PATH, db);

        assertThat(out.names()).containsExactly("libuuid");
        assertThat(out.warnings()).singleElement().asString().contains("bucket 1: its page chain links to page 2 a second time");
    }

    @Test
    void skipsAHeaderWithAnAbsurdLength() {
        putU32(db, OFFPAGE_ITEM + 8, 0x7fff_ffffL, true);
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).isEmpty();
        assertThat(out.warnings()).singleElement().asString().contains("value of 2147483647 bytes, longer than the whole file");
    }

    @Test
    void skipsAHeaderLongerThanItsOverflowChain() {
        putU32(db, OFFPAGE_ITEM + 8, 80880 + 5000, true);
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).isEmpty();
        assertThat(out.warnings()).singleElement().asString().contains("overflow chain ends after 80880 of 85880 bytes");
    }

    @Test
    void skipsAHashPageWithAnEntryCountThatDoesNotFit() {
        putU16(db, HEADER_PAGE * PAGE + 20, 0xffff, true);
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).isEmpty();
        assertThat(out.warnings()).singleElement().asString().contains("page 2 claims 65535 entries");
    }

    @Test
    void skipsAnItemOffsetOutsideThePage() {
        putU16(db, HEADER_PAGE * PAGE + 28, 0xfff0, true); // value offset of the first pair
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).isEmpty();
        assertThat(out.warnings()).singleElement().asString().contains("outside page 2's item area");
    }

    @Test
    void clampsABucketCountBeyondThePages() {
        putU32(db, 72, 0xffff_ffffL, true);
        Outcome out = analyze(PATH, db);

        assertThat(out.names()).containsExactly("libuuid");
        assertThat(out.warnings()).first().asString().contains("lists 4294967296 buckets in 23 pages");
    }

    @Test
    void refusesAnUnsupportedPageSize() {
        putU32(db, 20, 1000, true);
        Outcome out = analyze(PATH, db);

        assertThat(out.results()).isEmpty();
        assertThat(out.warnings()).singleElement().asString().contains("page size 1000 is invalid; no packages read");
    }

    @Test
    void refusesABtreeDatabase() {
        putU32(db, 12, BerkeleyDbReader.BTREE_MAGIC, true);
        Outcome out = analyze(PATH, db);

        assertThat(out.results()).isEmpty();
        assertThat(out.warnings()).singleElement().asString().contains("a BerkeleyDB btree");
    }

    @Test
    void survivesRandomPagesBehindAValidMetadataPage() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            byte[] noise = Arrays.copyOf(db, db.length);
            byte[] tail = new byte[db.length - PAGE];
            random.nextBytes(tail);
            System.arraycopy(tail, 0, noise, PAGE, tail.length);

            Outcome out = analyze(PATH, noise);

            assertThat(out.packages()).isEmpty();
            assertThat(out.warnings()).isNotEmpty().noneMatch(w -> w.contains("internal error"));
        }
    }

    @Test
    void survivesRandomlyFlippedBytes() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            byte[] damaged = Arrays.copyOf(db, db.length);
            for (int i = 0; i < 20; i++) damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));

            Outcome out = analyze(PATH, damaged);

            assertThat(out.warnings()).noneMatch(w -> w.contains("internal error"));
        }
    }

    /**
     * Rewrites a little-endian database as a big-endian machine would have written it: the metadata
     * words, each page's header and item offsets, overflow references, and rpm's keys (native integers).
     * Header blobs are big-endian on every machine and stay as they are.
     */
    private static byte[] toBigEndian(byte[] le) {
        byte[] be = Arrays.copyOf(le, le.length);
        for (int off = 8; off < 224; off += 4) {
            if (off == 24) continue; // four single-byte fields
            putU32(be, off, u32(le, off, true), false);
        }
        for (int page = 1; page < le.length / PAGE; page++) {
            int base = page * PAGE;
            for (int off = 8; off <= 16; off += 4) putU32(be, base + off, u32(le, base + off, true), false);
            putU16(be, base + 20, u16(le, base + 20, true), false);
            putU16(be, base + 22, u16(le, base + 22, true), false);
            int type = le[base + 25];
            if (type != 13 && type != 2) continue;
            int entries = u16(le, base + 20, true);
            for (int i = 0; i < entries; i++) {
                int at = base + 26 + 2 * i;
                int item = u16(le, at, true);
                putU16(be, at, item, false);
                if (le[base + item] == 3) {
                    putU32(be, base + item + 4, u32(le, base + item + 4, true), false);
                    putU32(be, base + item + 8, u32(le, base + item + 8, true), false);
                } else if (i % 2 == 0) {
                    putU32(be, base + item + 1, u32(le, base + item + 1, true), false);
                }
            }
        }
        return be;
    }
}
