package dev.drydock.catalog.rpm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.Adler32;

/**
 * rpm's own "ndb" package store ({@code Packages.db}, SUSE and others): a 32-byte file header, slot
 * pages that map a package index to a run of 16-byte blocks, and in each run a blob framed by a head
 * (magic, index, timestamp, length) and a tail (Adler-32, length, magic). All integers little-endian.
 */
public final class NdbReader {

    static final byte[] MAGIC = "RpmP".getBytes(StandardCharsets.US_ASCII);

    private static final long SLOT_MAGIC = magic("Slot");
    private static final long BLOB_HEAD_MAGIC = magic("BlbS");
    private static final long BLOB_TAIL_MAGIC = magic("BlbE");
    private static final int FILE_HEADER_SIZE = 32;
    private static final int PAGE_SIZE = 4096;
    private static final int SLOT_SIZE = 16;
    private static final int BLOCK_SIZE = 16;
    private static final int BLOB_HEAD_SIZE = 16;
    private static final int BLOB_TAIL_SIZE = 12;
    /**
     * Slot pages read at most: 262,144 packages, far beyond any real system. Every slot read is kept
     * until the overlap check, so this bounds that list whatever the file header claims.
     */
    static final long MAX_SLOT_PAGES = 1024;

    private record Slot(long index, long firstBlock, long blockCount) {
        long endBlock() {
            return firstBlock + blockCount;
        }
    }

    private NdbReader() {
    }

    /**
     * Hands each readable package blob to {@code records}; damaged slots and blobs are reported to
     * {@code problems} and skipped. Fails only when the file header itself is unusable.
     */
    public static void read(byte[] db, Problems problems, Consumer<RawRecord> records) throws RpmDbException {
        if (db.length < FILE_HEADER_SIZE || !Bytes.startsWith(db, 0, MAGIC)) {
            throw new RpmDbException("not an ndb package database (no RpmP header)");
        }
        long version = Bytes.u32le(db, 4);
        if (version != 0) throw new RpmDbException("ndb version " + version + " is not supported");
        long slotPages = Bytes.u32le(db, 12);
        if (slotPages == 0) throw new RpmDbException("ndb header lists no slot pages");
        long availablePages = db.length / PAGE_SIZE;
        if (slotPages > availablePages) {
            // A truncated copy can still hold whole slot pages and the blobs they point at.
            problems.add("ndb header lists " + slotPages + " slot pages but the file holds " + availablePages
                    + "; reading those");
            slotPages = availablePages;
            if (slotPages == 0) throw new RpmDbException("ndb file is shorter than one slot page");
        }
        long readPages = slotPages;
        if (readPages > MAX_SLOT_PAGES) {
            problems.add("ndb header lists " + slotPages + " slot pages; reading the first " + MAX_SLOT_PAGES);
            readPages = MAX_SLOT_PAGES;
        }
        List<Slot> slots = readSlots(db, slotPages, readPages, problems);
        for (Slot slot : slots) {
            try {
                records.accept(readBlob(db, slot));
            } catch (RpmDbException e) {
                problems.add("ndb package " + slot.index() + ": " + e.getMessage() + ", skipped");
            }
        }
    }

    private static List<Slot> readSlots(byte[] db, long slotPages, long readPages, Problems problems) throws RpmDbException {
        long firstDataBlock = slotPages * (PAGE_SIZE / BLOCK_SIZE);
        long fileBlocks = db.length / BLOCK_SIZE;
        List<Slot> slots = new ArrayList<>();
        // Garbage slot pages have a bad slot every 16 bytes: count them and name the first.
        long badSlots = 0;
        long firstBad = -1;
        for (long off = FILE_HEADER_SIZE; off < readPages * PAGE_SIZE; off += SLOT_SIZE) {
            long index = Bytes.u32le(db, off + 4);
            long firstBlock = Bytes.u32le(db, off + 8);
            long blockCount = Bytes.u32le(db, off + 12);
            boolean magicOk = Bytes.u32le(db, off) == SLOT_MAGIC;
            if (magicOk && firstBlock == 0) continue; // a free slot
            if (!magicOk || index == 0 || blockCount == 0 || firstBlock < firstDataBlock) {
                if (badSlots++ == 0) firstBad = off;
            } else if (firstBlock + blockCount > fileBlocks) {
                problems.add("ndb package " + index + " lies beyond the end of the file (truncated?), skipped");
            } else {
                slots.add(new Slot(index, firstBlock, blockCount));
            }
        }
        if (badSlots > 0) {
            problems.add(badSlots + " ndb slot(s) damaged and skipped, the first at offset " + firstBad);
        }
        // Blobs never share blocks in a sound file; refusing overlaps also bounds the work to one pass
        // over the file however the slots are forged.
        slots.sort(Comparator.comparingLong(Slot::firstBlock));
        List<Slot> sound = new ArrayList<>(slots.size());
        Set<Long> indexes = new HashSet<>();
        long claimedUpTo = firstDataBlock;
        for (Slot s : slots) {
            if (s.firstBlock() < claimedUpTo) {
                problems.add("ndb package " + s.index() + " overlaps another package's blocks, skipped");
            } else if (!indexes.add(s.index())) {
                problems.add("ndb package " + s.index() + " has a second slot, skipped");
            } else {
                sound.add(s);
                claimedUpTo = s.endBlock();
            }
        }
        sound.sort(Comparator.comparingLong(Slot::index));
        return sound;
    }

    private static RawRecord readBlob(byte[] db, Slot slot) throws RpmDbException {
        long start = slot.firstBlock() * BLOCK_SIZE;
        long end = slot.endBlock() * BLOCK_SIZE;
        Bytes.require(db, start, end - start, "blob");
        if (end - start < BLOB_HEAD_SIZE + BLOB_TAIL_SIZE) throw new RpmDbException("blob too short for its framing");
        if (Bytes.u32le(db, start) != BLOB_HEAD_MAGIC) throw new RpmDbException("blob has no head magic");
        if (Bytes.u32le(db, start + 4) != slot.index()) {
            throw new RpmDbException("blob belongs to package " + Bytes.u32le(db, start + 4));
        }
        long length = Bytes.u32le(db, start + 12);
        long expectedBlocks = (BLOB_HEAD_SIZE + length + BLOB_TAIL_SIZE + BLOCK_SIZE - 1) / BLOCK_SIZE;
        if (expectedBlocks != slot.blockCount()) {
            throw new RpmDbException("blob length " + length + " does not fill its " + slot.blockCount() + " blocks");
        }
        long tail = end - BLOB_TAIL_SIZE;
        if (Bytes.u32le(db, tail + 8) != BLOB_TAIL_MAGIC) throw new RpmDbException("blob has no tail magic");
        if (Bytes.u32le(db, tail + 4) != length) throw new RpmDbException("blob head and tail disagree on its length");
        Adler32 adler = new Adler32();
        adler.update(db, (int) start, (int) (tail - start));
        if (adler.getValue() != Bytes.u32le(db, tail)) throw new RpmDbException("blob checksum mismatch");
        return new RawRecord(slot.index(), db, (int) (start + BLOB_HEAD_SIZE), (int) length);
    }

    private static long magic(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (long) (b[3] & 0xff) << 24;
    }
}
