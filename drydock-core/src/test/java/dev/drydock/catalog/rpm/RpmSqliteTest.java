package dev.drydock.catalog.rpm;

import dev.drydock.catalog.rpm.RpmTestFiles.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static dev.drydock.catalog.rpm.RpmTestFiles.MARINER;
import static dev.drydock.catalog.rpm.RpmTestFiles.analyze;
import static dev.drydock.catalog.rpm.RpmTestFiles.fixture;
import static dev.drydock.catalog.rpm.RpmTestFiles.putU16;
import static dev.drydock.catalog.rpm.RpmTestFiles.putU32;
import static dev.drydock.catalog.rpm.RpmTestFiles.u16;
import static dev.drydock.catalog.rpm.RpmTestFiles.u32;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CBL-Mariner 2.0 SQLite database (129 packages, 880 pages of 4 KiB), damaged in one place per
 * test. Its layout (found with sqlite3 and checked in {@link #layout}): the Packages table's root is
 * interior page 2, whose first cell (at page offset 4091) points to leaf page 58 holding row 1; row 2
 * lives on page 59 and spills onto overflow pages 55 → 56 → 57.
 */
class RpmSqliteTest {

    private static final String PATH = "var/lib/rpm/rpmdb.sqlite";
    private static final int PAGE = 4096;
    private static final int ROOT = offset(2);
    private static final int ROOT_FIRST_CELL = ROOT + 4091;

    private byte[] db;

    @BeforeEach
    void layout() {
        db = fixture(MARINER);
        assertThat(db).hasSize(880 * PAGE);
        assertThat(db[ROOT]).isEqualTo((byte) 0x05);
        assertThat(u16(db, ROOT + 3, false)).isEqualTo(76);
        assertThat(u16(db, ROOT + 12, false)).isEqualTo(4091);
        assertThat(u32(db, ROOT_FIRST_CELL, false)).isEqualTo(58);
        assertThat(u32(db, offset(59) + 4092, false)).isEqualTo(55);
        assertThat(u32(db, offset(56), false)).isEqualTo(57);
    }

    @Test
    void readsTheDatabaseWithoutWritingAnything() {
        byte[] copy = db.clone();
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(129);
        assertThat(db).isEqualTo(copy);
    }

    @Test
    void keepsThePackagesBeforeTheCutOfATruncatedFile() {
        Outcome out = analyze(PATH, Arrays.copyOf(db, 440 * PAGE + 123));

        assertThat(out.results()).hasSize(1);
        assertThat(out.packages().size()).isBetween(1, 128);
        assertThat(out.warnings()).first().asString().contains("SQLite header lists 880 pages but the file holds 440");
        assertThat(out.warnings()).anySatisfy(w -> assertThat(w).contains("outside the 440 pages"));
    }

    @Test
    void skipsTheSubtreeBehindACorruptChildPageNumber() {
        putU32(db, ROOT_FIRST_CELL, 0x00ff_ffffL, false);
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(128);
        assertThat(out.names()).doesNotContain("mariner-release");
        assertThat(out.warnings()).singleElement().asString()
                .contains("Packages page 16777215: link to page 16777215 outside the 880 pages, skipped");
    }

    @Test
    void stopsATreeThatLoopsBackToItsRoot() {
        putU32(db, ROOT + 8, 2, false); // the root's right-most child: the root itself
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(128);
        assertThat(out.warnings()).singleElement().asString().contains("page 2 reached a second time");
    }

    @Test
    void skipsARowWhoseOverflowChainLoops() {
        putU32(db, offset(56), 55, false); // page 56's next overflow page: back to 55
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(128);
        assertThat(out.names()).doesNotContain("filesystem");
        assertThat(out.warnings()).singleElement().asString()
                .contains("Packages page 59 row 2: page 55 reached a second time (a loop or a forged link), skipped");
    }

    @Test
    void skipsARowWhoseOverflowChainEndsEarly() {
        putU32(db, offset(56), 0, false);
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(128);
        assertThat(out.warnings()).singleElement().asString().contains("row 2: overflow chain ends");
    }

    @Test
    void skipsACellPointerOutsideThePage() {
        putU16(db, offset(58) + 8, 0xfff0, false); // leaf page 58's only cell pointer
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(128);
        assertThat(out.warnings()).singleElement().asString().contains("Packages page 58 cell 0: cell 0 at offset 65520 outside the page");
    }

    @Test
    void skipsAPageWithACellCountThatDoesNotFit() {
        putU16(db, offset(58) + 3, 0xffff, false);
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(128);
        assertThat(out.warnings()).singleElement().asString().contains("65535 cells do not fit the page");
    }

    @Test
    void skipsAPageThatIsNotATablePage() {
        db[offset(58)] = 0x0a; // an index leaf where a table leaf belongs
        Outcome out = analyze(PATH, db);

        assertThat(out.packages()).hasSize(128);
        assertThat(out.warnings()).singleElement().asString().contains("page type 10 is not a table b-tree page");
    }

    @Test
    void warnsAndReturnsNothingWithoutAPackagesTable() {
        // Renamed wherever the schema row's text appears: page 1 still holds a stale copy from before it
        // became an interior page.
        byte[] name = "tablePackagesPackages".getBytes(StandardCharsets.US_ASCII);
        byte[] renamed = "tableXackagesXackages".getBytes(StandardCharsets.US_ASCII);
        int renames = 0;
        for (int at = indexOf(db, name); at >= 0; at = indexOf(db, name), renames++) {
            System.arraycopy(renamed, 0, db, at, name.length);
        }
        assertThat(renames).isEqualTo(2);

        Outcome out = analyze(PATH, db);

        assertThat(out.results()).isEmpty();
        assertThat(out.warnings()).singleElement().asString().contains("no table Packages; no packages read");
    }

    @Test
    void refusesAnInvalidPageSize() {
        putU16(db, 16, 1000, false);
        Outcome out = analyze(PATH, db);

        assertThat(out.results()).isEmpty();
        assertThat(out.warnings()).singleElement().asString().contains("SQLite page size 1000 is invalid");
    }

    @Test
    void survivesRandomPagesBehindAValidHeader() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            byte[] noise = new byte[64 * PAGE];
            random.nextBytes(noise);
            System.arraycopy(db, 0, noise, 0, 100);
            if (round % 2 == 0) System.arraycopy(db, 0, noise, 0, 2 * PAGE); // the real schema and root

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
            for (int i = 0; i < 40; i++) {
                int page = random.nextInt(3) == 0 ? random.nextInt(880) : 1 + random.nextInt(2);
                damaged[page * PAGE + random.nextInt(PAGE)] ^= (byte) (1 + random.nextInt(255));
            }

            Outcome out = analyze(PATH, damaged);

            assertThat(out.warnings()).noneMatch(w -> w.contains("internal error"));
        }
    }

    private static int offset(int page) {
        return (page - 1) * PAGE;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
