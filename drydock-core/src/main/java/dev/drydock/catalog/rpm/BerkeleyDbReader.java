package dev.drydock.catalog.rpm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The BerkeleyDB hash database that rpm before 4.16 kept in {@code Packages}: key = header number
 * (4 bytes, the writer's byte order), value = header blob, usually spilled onto overflow pages.
 * <p>
 * Reads what BerkeleyDB itself would reach: every bucket from the metadata page, each bucket's page
 * chain, each overflow chain. Both byte orders are read; the metadata magic says which one was written.
 * A page is never visited twice: in a sound file every page belongs to exactly one chain, so a second
 * visit means a loop or a forged link, and the whole walk stays linear in the file size.
 */
public final class BerkeleyDbReader {

    static final long HASH_MAGIC = 0x061561;
    static final long BTREE_MAGIC = 0x053162;

    private static final int PAGE_HEADER_SIZE = 26;
    private static final int TYPE_HASH_UNSORTED = 2;
    private static final int TYPE_OVERFLOW = 7;
    private static final int TYPE_HASH = 13;
    private static final int ITEM_KEYDATA = 1;
    private static final int ITEM_OFFPAGE = 3;
    private static final int OFFPAGE_ITEM_SIZE = 12;

    private record Meta(boolean littleEndian, int pageSize, long pageCount, long maxBucket, long[] spares) {
    }

    /** One page of an overflow chain: where its bytes are and how many. */
    private record Piece(long offset, int length) {
    }

    private final byte[] db;
    private final Meta meta;
    private final Problems problems;
    private final BitSet visited = new BitSet();

    private BerkeleyDbReader(byte[] db, Meta meta, Problems problems) {
        this.db = db;
        this.meta = meta;
        this.problems = problems;
    }

    /** Whether the bytes start with a BerkeleyDB metadata page (hash or btree), in either byte order. */
    static boolean looksLikeBerkeleyDb(byte[] b) {
        if (!Bytes.fits(b, 12, 4)) return false;
        try {
            for (boolean le : new boolean[]{true, false}) {
                long magic = Bytes.u32(b, 12, le);
                if (magic == HASH_MAGIC || magic == BTREE_MAGIC) return true;
            }
        } catch (RpmDbException e) {
            return false;
        }
        return false;
    }

    /**
     * Hands each readable record to {@code records}; damaged pages and records are reported and skipped.
     * Fails only when the metadata page is unusable.
     */
    public static void read(byte[] db, Problems problems, Consumer<RawRecord> records) throws RpmDbException {
        new BerkeleyDbReader(db, readMeta(db, problems), problems).walkBuckets(records);
    }

    private static Meta readMeta(byte[] db, Problems problems) throws RpmDbException {
        if (db.length < 512) throw new RpmDbException("too short for a BerkeleyDB metadata page");
        boolean le;
        if (Bytes.u32(db, 12, true) == HASH_MAGIC) le = true;
        else if (Bytes.u32(db, 12, false) == HASH_MAGIC) le = false;
        else if (Bytes.u32(db, 12, true) == BTREE_MAGIC || Bytes.u32(db, 12, false) == BTREE_MAGIC) {
            throw new RpmDbException("a BerkeleyDB btree, not the hash database rpm keeps packages in");
        } else {
            throw new RpmDbException("not a BerkeleyDB hash database");
        }
        long version = Bytes.u32(db, 16, le);
        if (version < 8 || version > 10) throw new RpmDbException("BerkeleyDB hash version " + version + " is not supported");
        long pageSize = Bytes.u32(db, 20, le);
        if (pageSize < 512 || pageSize > 65536 || Long.bitCount(pageSize) != 1) {
            throw new RpmDbException("BerkeleyDB page size " + pageSize + " is invalid");
        }
        long lastPage = Bytes.u32(db, 32, le);
        long pageCount = lastPage + 1;
        long available = db.length / pageSize;
        if (pageCount > available) {
            problems.add("BerkeleyDB metadata lists " + pageCount + " pages but the file holds " + available
                    + " (truncated?); reading those");
            pageCount = available;
        }
        long maxBucket = Bytes.u32(db, 72, le);
        // Every bucket owns at least one page of its own, so more buckets than pages is a lie.
        if (maxBucket >= pageCount) {
            problems.add("BerkeleyDB metadata lists " + (maxBucket + 1) + " buckets in " + pageCount
                    + " pages; reading the first " + (pageCount - 1));
            maxBucket = pageCount - 2;
        }
        long[] spares = new long[32];
        for (int i = 0; i < 32; i++) spares[i] = Bytes.u32(db, 96 + 4L * i, le);
        return new Meta(le, (int) pageSize, pageCount, maxBucket, spares);
    }

    private void walkBuckets(Consumer<RawRecord> records) {
        for (long bucket = 0; bucket <= meta.maxBucket(); bucket++) {
            // Buckets are allocated in doublings; spares[k] is the page offset of the doubling that holds
            // the buckets with a k-bit number.
            long page = bucket + meta.spares()[Math.min(31, 64 - Long.numberOfLeadingZeros(bucket))];
            if (neverWritten(page)) continue;
            while (page != 0) {
                try {
                    checkPage(page, "its page chain");
                    readHashPage(page, records);
                    page = u32(pageOffset(page) + 16);
                } catch (RpmDbException e) {
                    problems.add("bucket " + bucket + ": " + e.getMessage() + "; rest of the bucket skipped");
                    break;
                }
            }
        }
    }

    /**
     * BerkeleyDB allocates bucket pages before it writes to them, so a bucket that never held a key can
     * be a page of zeros: an empty bucket, not damage.
     */
    private boolean neverWritten(long page) {
        if (page <= 0 || page >= meta.pageCount()) return false;
        int off = (int) pageOffset(page);
        for (int i = 8; i < PAGE_HEADER_SIZE; i++) {
            if (db[off + i] != 0) return false;
        }
        return true;
    }

    /** Marks {@code page} visited, after checking that it exists, was not visited and is a hash page. */
    private void checkPage(long page, String owner) throws RpmDbException {
        claim(page, owner);
        int type = Bytes.u8(db, pageOffset(page) + 25);
        if (type != TYPE_HASH && type != TYPE_HASH_UNSORTED) {
            throw new RpmDbException("page " + page + " has type " + type + ", not a hash page");
        }
    }

    private void claim(long page, String owner) throws RpmDbException {
        if (page <= 0 || page >= meta.pageCount()) {
            throw new RpmDbException(owner + " links to page " + page + ", outside the " + meta.pageCount() + " pages");
        }
        if (visited.get((int) page)) {
            throw new RpmDbException(owner + " links to page " + page + " a second time (a loop or a forged link)");
        }
        visited.set((int) page);
        long recorded = u32(pageOffset(page) + 8);
        if (recorded != page) throw new RpmDbException("page " + page + " says it is page " + recorded);
    }

    private void readHashPage(long page, Consumer<RawRecord> records) throws RpmDbException {
        long base = pageOffset(page);
        int pageSize = meta.pageSize();
        int entries = u16(base + 20);
        long indexEnd = PAGE_HEADER_SIZE + 2L * entries;
        if (indexEnd > pageSize) throw new RpmDbException("page " + page + " claims " + entries + " entries");
        if (entries % 2 != 0) problems.add("page " + page + " has an odd entry count; the last key is ignored");
        for (int i = 0; i + 1 < entries; i += 2) {
            int keyOffset = u16(base + PAGE_HEADER_SIZE + 2L * i);
            int valueOffset = u16(base + PAGE_HEADER_SIZE + 2L * (i + 1));
            // Items are packed from the page end downwards: each ends where the previous one starts.
            int keyEnd = i == 0 ? pageSize : u16(base + PAGE_HEADER_SIZE + 2L * (i - 1));
            try {
                long number = headerNumber(base, keyOffset, keyEnd, indexEnd, page);
                // Record 0 is rpm's counter of issued header numbers, not a package.
                if (number == 0) continue;
                records.accept(value(base, valueOffset, keyOffset, indexEnd, page, number));
            } catch (RpmDbException e) {
                problems.add("page " + page + " entry " + i / 2 + ": " + e.getMessage() + ", skipped");
            }
        }
    }

    /** rpm's keys are header numbers: 4-byte integers in the byte order of the machine that wrote them. */
    private long headerNumber(long base, int offset, int end, long indexEnd, long page) throws RpmDbException {
        checkItem(offset, end, indexEnd, page);
        int type = Bytes.u8(db, base + offset);
        if (type != ITEM_KEYDATA) throw new RpmDbException("key item of type " + type);
        if (end - offset != 5) throw new RpmDbException("key of " + (end - offset - 1) + " bytes, not a header number");
        return u32(base + offset + 1);
    }

    private RawRecord value(long base, int offset, int end, long indexEnd, long page, long number) throws RpmDbException {
        checkItem(offset, end, indexEnd, page);
        int type = Bytes.u8(db, base + offset);
        if (type == ITEM_KEYDATA) return new RawRecord(number, db, (int) (base + offset + 1), end - offset - 1);
        if (type != ITEM_OFFPAGE) throw new RpmDbException("value item of type " + type + " (duplicates are not used by rpm)");
        if (end - offset != OFFPAGE_ITEM_SIZE) throw new RpmDbException("overflow reference of " + (end - offset) + " bytes");
        long first = u32(base + offset + 4);
        long length = u32(base + offset + 8);
        return new RawRecord(number, readOverflow(first, length, number), 0, (int) length);
    }

    private void checkItem(int offset, int end, long indexEnd, long page) throws RpmDbException {
        if (offset < indexEnd || end <= offset || end > meta.pageSize()) {
            throw new RpmDbException("item at " + offset + ".." + end + " outside page " + page + "'s item area");
        }
    }

    /** Collects the chain first and allocates after, so a forged length costs nothing unless the pages exist. */
    private byte[] readOverflow(long first, long length, long number) throws RpmDbException {
        if (length == 0) throw new RpmDbException("empty overflow value");
        if (length > db.length) throw new RpmDbException("value of " + length + " bytes, longer than the whole file");
        List<Piece> pieces = new ArrayList<>();
        long collected = 0;
        long page = first;
        String owner = "header " + number;
        while (collected < length) {
            if (page == 0) throw new RpmDbException("overflow chain ends after " + collected + " of " + length + " bytes");
            claim(page, owner);
            long base = pageOffset(page);
            int type = Bytes.u8(db, base + 25);
            if (type != TYPE_OVERFLOW) throw new RpmDbException("page " + page + " has type " + type + ", not an overflow page");
            int pieceLength = u16(base + 22);
            if (PAGE_HEADER_SIZE + pieceLength > meta.pageSize() || pieceLength > length - collected || pieceLength == 0) {
                throw new RpmDbException("overflow page " + page + " claims " + pieceLength + " bytes");
            }
            pieces.add(new Piece(base + PAGE_HEADER_SIZE, pieceLength));
            collected += pieceLength;
            page = u32(base + 16);
        }
        byte[] out = new byte[(int) length];
        int pos = 0;
        for (Piece p : pieces) {
            System.arraycopy(db, (int) p.offset(), out, pos, p.length());
            pos += p.length();
        }
        return out;
    }

    private long pageOffset(long page) {
        return page * meta.pageSize();
    }

    private int u16(long off) throws RpmDbException {
        return Bytes.u16(db, off, meta.littleEndian());
    }

    private long u32(long off) throws RpmDbException {
        return Bytes.u32(db, off, meta.littleEndian());
    }
}
