package dev.drydock.catalog.rpm;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * Just enough of SQLite's file format to read the rows of a table from bytes in memory: the database
 * header, table b-trees (interior and leaf pages), overflow chains and the record format. No native code,
 * no temporary file, nothing written, and every number from the file checked before use.
 * <p>
 * Not read: the write-ahead log (a separate file, which a database in WAL mode may still hold recent
 * changes in), index b-trees, the free list.
 */
final class SqliteFile {

    static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private static final int PAGE_INTERIOR_TABLE = 0x05;
    private static final int PAGE_LEAF_TABLE = 0x0d;
    /** SQLite itself refuses trees deeper than about 20; well-formed files never come near this. */
    private static final int MAX_DEPTH = 64;

    /** A range of a byte array: a blob value or a payload, kept without copying. */
    record Slice(byte[] array, int offset, int length) {
    }

    /** Receives one row; a failure costs that row only. */
    interface RowVisitor {
        void row(long rowid, List<Object> values) throws RpmDbException;
    }

    private record PageRef(long page, int depth) {
    }

    private final byte[] db;
    private final int pageSize;
    private final int usable;
    private final long pageCount;
    private final Charset text;
    private final Problems problems;
    /** Every page belongs to one tree or chain; a second visit is a loop or a forged link. */
    private final BitSet visited = new BitSet();

    private SqliteFile(byte[] db, int pageSize, int usable, long pageCount, Charset text, Problems problems) {
        this.db = db;
        this.pageSize = pageSize;
        this.usable = usable;
        this.pageCount = pageCount;
        this.text = text;
        this.problems = problems;
    }

    static SqliteFile open(byte[] db, Problems problems) throws RpmDbException {
        if (db.length < 100 || !Bytes.startsWith(db, 0, MAGIC)) throw new RpmDbException("not an SQLite database");
        int rawPageSize = Bytes.u16be(db, 16);
        int pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) throw new RpmDbException("SQLite page size " + rawPageSize + " is invalid");
        int readVersion = Bytes.u8(db, 19);
        if (readVersion > 2) throw new RpmDbException("SQLite file format version " + readVersion + " is not supported");
        int usable = pageSize - Bytes.u8(db, 20);
        if (usable < 480) throw new RpmDbException("SQLite usable page size " + usable + " is too small");
        long pageCount = db.length / pageSize;
        if (pageCount == 0) throw new RpmDbException("SQLite file shorter than one page");
        long declared = Bytes.u32be(db, 28);
        // The declared size counts only when the file says it is current (SQLite's own rule).
        if (declared > pageCount && Bytes.u32be(db, 24) == Bytes.u32be(db, 92)) {
            problems.add("SQLite header lists " + declared + " pages but the file holds " + pageCount + " (truncated?)");
        }
        Charset text = switch ((int) Bytes.u32be(db, 56)) {
            case 2 -> StandardCharsets.UTF_16LE;
            case 3 -> StandardCharsets.UTF_16BE;
            default -> StandardCharsets.UTF_8;
        };
        return new SqliteFile(db, pageSize, usable, pageCount, text, problems);
    }

    /** The root page of the named table, from the schema table on page 1; SQLite names ignore case. */
    long tableRoot(String name) throws RpmDbException {
        long[] root = {-1};
        forEachRow(1, "sqlite_schema", (rowid, v) -> {
            if (v.size() >= 4 && "table".equals(v.get(0)) && v.get(1) instanceof String n && n.equalsIgnoreCase(name)
                    && v.get(3) instanceof Long page && root[0] < 0) {
                root[0] = page;
            }
        });
        if (root[0] < 0) throw new RpmDbException("no table " + name);
        return root[0];
    }

    /**
     * Visits the rows of the table whose b-tree starts at {@code root}, in rowid order. A damaged page
     * costs its subtree, reported as a problem.
     */
    void forEachRow(long root, String table, RowVisitor visitor) {
        Deque<PageRef> stack = new ArrayDeque<>();
        stack.push(new PageRef(root, 0));
        while (!stack.isEmpty()) {
            PageRef ref = stack.pop();
            try {
                if (ref.depth() > MAX_DEPTH) throw new RpmDbException("b-tree deeper than " + MAX_DEPTH + " levels");
                claim(ref.page());
                long base = (ref.page() - 1) * pageSize;
                long header = base + (ref.page() == 1 ? 100 : 0);
                int type = Bytes.u8(db, header);
                if (type == PAGE_LEAF_TABLE) {
                    readLeaf(ref.page(), base, header, table, visitor);
                } else if (type == PAGE_INTERIOR_TABLE) {
                    List<Long> children = interiorChildren(base, header);
                    // Pushed in reverse so that the leftmost child, holding the lowest rowids, comes out first.
                    for (int i = children.size() - 1; i >= 0; i--) stack.push(new PageRef(children.get(i), ref.depth() + 1));
                } else {
                    throw new RpmDbException("page type " + type + " is not a table b-tree page");
                }
            } catch (RpmDbException e) {
                problems.add(table + " page " + ref.page() + ": " + e.getMessage() + ", skipped");
            }
        }
    }

    private List<Long> interiorChildren(long base, long header) throws RpmDbException {
        int cells = Bytes.u16be(db, header + 3);
        long pointers = header + 12;
        checkPointerArray(base, pointers, cells);
        List<Long> children = new ArrayList<>(cells + 1);
        for (int i = 0; i < cells; i++) {
            long cell = cellStart(base, pointers, i);
            children.add(Bytes.u32be(db, cell));
        }
        children.add(Bytes.u32be(db, header + 8));
        return children;
    }

    private void readLeaf(long page, long base, long header, String table, RowVisitor visitor) throws RpmDbException {
        int cells = Bytes.u16be(db, header + 3);
        long pointers = header + 8;
        checkPointerArray(base, pointers, cells);
        long pageEnd = base + usable;
        for (int i = 0; i < cells; i++) {
            String row = "cell " + i;
            try {
                long cell = cellStart(base, pointers, i);
                Varint payloadSize = varint(db, cell, pageEnd);
                Varint rowid = varint(db, payloadSize.end(), pageEnd);
                row = "row " + rowid.value();
                Slice payload = payload(payloadSize.value(), rowid.end(), pageEnd);
                visitor.row(rowid.value(), record(payload));
            } catch (RpmDbException e) {
                problems.add(table + " page " + page + " " + row + ": " + e.getMessage() + ", skipped");
            }
        }
    }

    private void checkPointerArray(long base, long pointers, int cells) throws RpmDbException {
        if (pointers + 2L * cells > base + usable) throw new RpmDbException(cells + " cells do not fit the page");
    }

    private long cellStart(long base, long pointers, int i) throws RpmDbException {
        int offset = Bytes.u16be(db, pointers + 2L * i);
        if (offset < 8 || offset >= usable) throw new RpmDbException("cell " + i + " at offset " + offset + " outside the page");
        return base + offset;
    }

    /** The whole payload of a cell: in place when it fits the page, else gathered from its overflow chain. */
    private Slice payload(long size, long start, long pageEnd) throws RpmDbException {
        if (size < 0 || size > db.length) throw new RpmDbException("payload of " + size + " bytes");
        long local = localSize(size);
        boolean overflows = local < size;
        if (start + local + (overflows ? 4 : 0) > pageEnd) throw new RpmDbException("payload runs past the page end");
        if (!overflows) return new Slice(db, (int) start, (int) size);
        long first = Bytes.u32be(db, start + local);
        // Gather the chain before allocating, so a forged size costs nothing unless the pages exist.
        List<Long> chain = new ArrayList<>();
        long remaining = size - local;
        long page = first;
        while (remaining > 0) {
            if (page == 0) throw new RpmDbException("overflow chain ends " + remaining + " bytes short");
            claim(page);
            chain.add(page);
            remaining -= Math.min(remaining, usable - 4);
            page = Bytes.u32be(db, (page - 1) * pageSize);
        }
        byte[] out = new byte[(int) size];
        System.arraycopy(db, (int) start, out, 0, (int) local);
        int pos = (int) local;
        for (long p : chain) {
            int n = Math.min(out.length - pos, usable - 4);
            System.arraycopy(db, (int) ((p - 1) * pageSize + 4), out, pos, n);
            pos += n;
        }
        return new Slice(out, 0, out.length);
    }

    /** How much of a table-leaf payload stays on the page, by the rule in SQLite's file-format document. */
    private long localSize(long size) {
        long maxLocal = usable - 35;
        if (size <= maxLocal) return size;
        long minLocal = ((long) (usable - 12) * 32 / 255) - 23;
        long k = minLocal + ((size - minLocal) % (usable - 4));
        return k <= maxLocal ? k : minLocal;
    }

    private void claim(long page) throws RpmDbException {
        if (page < 1 || page > pageCount) throw new RpmDbException("link to page " + page + " outside the " + pageCount + " pages");
        if (visited.get((int) page)) throw new RpmDbException("page " + page + " reached a second time (a loop or a forged link)");
        visited.set((int) page);
    }

    /** Decodes a record: a header of serial types, then the values in order. */
    private List<Object> record(Slice p) throws RpmDbException {
        long end = (long) p.offset() + p.length();
        byte[] a = p.array();
        Varint headerSize = varint(a, p.offset(), end);
        long headerEnd = p.offset() + headerSize.value();
        if (headerSize.value() < 1 || headerEnd > end) throw new RpmDbException("record header of " + headerSize.value() + " bytes");
        List<Object> values = new ArrayList<>();
        long typePos = headerSize.end();
        long valuePos = headerEnd;
        while (typePos < headerEnd) {
            Varint serial = varint(a, typePos, headerEnd);
            typePos = serial.end();
            long type = serial.value();
            if (type < 0) throw new RpmDbException("serial type out of range");
            long width = width(type);
            if (width > end - valuePos) throw new RpmDbException("record value runs past the payload");
            int at = (int) valuePos;
            values.add(switch ((int) Math.min(type, 12)) {
                case 0 -> null;
                case 1, 2, 3, 4, 5, 6 -> signed(a, at, (int) width);
                case 7 -> Double.longBitsToDouble(signed(a, at, 8));
                case 8 -> 0L;
                case 9 -> 1L;
                case 10, 11 -> throw new RpmDbException("reserved serial type " + type);
                default -> type % 2 == 0 ? new Slice(a, at, (int) width) : new String(a, at, (int) width, text);
            });
            valuePos += width;
        }
        return values;
    }

    private static long width(long serialType) {
        if (serialType >= 12) return (serialType - 12) / 2;
        return switch ((int) serialType) {
            case 1 -> 1;
            case 2 -> 2;
            case 3 -> 3;
            case 4 -> 4;
            case 5 -> 6;
            case 6, 7 -> 8;
            default -> 0;
        };
    }

    private static long signed(byte[] a, int at, int width) {
        long v = a[at]; // sign-extends the first byte
        for (int i = 1; i < width; i++) v = (v << 8) | (a[at + i] & 0xff);
        return v;
    }

    private record Varint(long value, long end) {
    }

    /** SQLite's big-endian variable-length integer: up to eight 7-bit groups, then one full byte. */
    private static Varint varint(byte[] a, long pos, long limit) throws RpmDbException {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            if (pos + i >= limit) throw new RpmDbException("truncated varint");
            int b = Bytes.u8(a, pos + i);
            v = (v << 7) | (b & 0x7f);
            if ((b & 0x80) == 0) return new Varint(v, pos + i + 1);
        }
        if (pos + 8 >= limit) throw new RpmDbException("truncated varint");
        return new Varint((v << 8) | Bytes.u8(a, pos + 8), pos + 9);
    }
}
