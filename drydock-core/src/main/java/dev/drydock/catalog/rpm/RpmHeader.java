package dev.drydock.catalog.rpm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An rpm header as the package databases store it: no lead magic, just the entry count, the data
 * length, the index entries and the data store, all integers big-endian whatever the machine.
 * <p>
 * Entries are checked only when read, so a damaged entry for a tag nobody asks about costs nothing;
 * a damaged entry that is read fails the whole record.
 */
public final class RpmHeader {

    public static final int NAME = 1000;
    public static final int VERSION = 1001;
    public static final int RELEASE = 1002;
    public static final int EPOCH = 1003;
    public static final int SIZE = 1009;
    public static final int VENDOR = 1011;
    public static final int LICENSE = 1014;
    public static final int ARCH = 1022;
    public static final int OLDFILENAMES = 1027;
    public static final int SOURCERPM = 1044;
    public static final int DIRINDEXES = 1116;
    public static final int BASENAMES = 1117;
    public static final int DIRNAMES = 1118;
    public static final int LONGSIZE = 5009;

    /** rpm's own ceilings (HEADER_TAGS_MAX, HEADER_DATA_MAX): anything above is not a header rpm wrote. */
    static final int MAX_ENTRIES = 0xffff;
    static final int MAX_DATA = 0x0fffffff;

    private static final int ENTRY_SIZE = 16;

    /** Data types, numbered as in the format; the ordinal is the on-disk value. */
    enum Type {
        NULL(0), CHAR(1), INT8(1), INT16(2), INT32(4), INT64(8), STRING(0), BIN(1), STRING_ARRAY(0), I18NSTRING(0);

        /** Bytes per element for fixed-size types, 0 for strings. */
        final int width;

        Type(int width) {
            this.width = width;
        }

        static Type of(long code) {
            return code >= 0 && code < values().length ? values()[(int) code] : null;
        }
    }

    private record Entry(int tag, Type type, long offset, long count) {
    }

    private final byte[] bytes;
    private final int dataStart;
    private final int dataLength;
    private final Map<Integer, Entry> entries;

    private RpmHeader(byte[] bytes, int dataStart, int dataLength, Map<Integer, Entry> entries) {
        this.bytes = bytes;
        this.dataStart = dataStart;
        this.dataLength = dataLength;
        this.entries = entries;
    }

    /** Reads the header in {@code b[offset, offset + length)}; the array is kept, not copied. */
    public static RpmHeader parse(byte[] b, int offset, int length) throws RpmDbException {
        if (!Bytes.fits(b, offset, length)) throw new RpmDbException("header range outside the record");
        if (length < 8) throw new RpmDbException("header of " + length + " bytes is too short");
        long il = Bytes.u32be(b, offset);
        long dl = Bytes.u32be(b, offset + 4);
        if (il < 1 || il > MAX_ENTRIES) throw new RpmDbException("header claims " + il + " index entries");
        if (dl > MAX_DATA) throw new RpmDbException("header claims " + dl + " data bytes");
        long needed = 8 + il * ENTRY_SIZE + dl;
        if (needed > length) {
            throw new RpmDbException("header needs " + needed + " bytes (" + il + " entries, " + dl
                    + " data bytes) but the record has " + length);
        }
        Map<Integer, Entry> entries = new HashMap<>();
        long pos = offset + 8L;
        for (long i = 0; i < il; i++, pos += ENTRY_SIZE) {
            int tag = (int) Bytes.u32be(b, pos);
            Type type = Type.of(Bytes.u32be(b, pos + 4));
            // Later entries win: rpm appends install-time entries after the signed region and lets them
            // replace a duplicate from the region.
            if (type != null) entries.put(tag, new Entry(tag, type, Bytes.u32be(b, pos + 8), Bytes.u32be(b, pos + 12)));
        }
        return new RpmHeader(b, (int) pos, (int) dl, entries);
    }

    public boolean has(int tag) {
        return entries.containsKey(tag);
    }

    /** A single string (STRING, or the first element of a string array / i18n string); null when absent. */
    public String string(int tag) throws RpmDbException {
        Entry e = entries.get(tag);
        if (e == null) return null;
        return switch (e.type()) {
            case STRING -> {
                if (e.count() != 1) throw bad(e, "a string with count " + e.count());
                yield readStrings(e, 1).get(0);
            }
            case STRING_ARRAY, I18NSTRING -> readStrings(e, 1).get(0);
            default -> throw bad(e, "type " + e.type() + " where a string was expected");
        };
    }

    /** All strings of a string array (a plain string gives one); empty when absent. */
    public List<String> strings(int tag) throws RpmDbException {
        Entry e = entries.get(tag);
        if (e == null) return List.of();
        return switch (e.type()) {
            case STRING -> readStrings(e, 1);
            case STRING_ARRAY, I18NSTRING -> readStrings(e, e.count());
            default -> throw bad(e, "type " + e.type() + " where strings were expected");
        };
    }

    /**
     * The total length in bytes of a string array's strings, NULs not counted; 0 when absent. Lets a
     * caller weigh an array against a budget before creating a String per element.
     */
    public long stringBytes(int tag) throws RpmDbException {
        Entry e = entries.get(tag);
        if (e == null) return 0;
        if (e.type() != Type.STRING_ARRAY && e.type() != Type.I18NSTRING && e.type() != Type.STRING) {
            throw bad(e, "type " + e.type() + " where strings were expected");
        }
        long count = e.type() == Type.STRING ? 1 : e.count();
        checkStringCount(e, count);
        int end = dataStart + dataLength;
        int pos = dataStart + (int) e.offset();
        long total = 0;
        for (long i = 0; i < count; i++) {
            int nul = nulFrom(e, pos, end);
            total += nul - pos;
            pos = nul + 1;
        }
        return total;
    }

    /**
     * Integer values (INT8/16/32 unsigned, INT64 as stored); null when absent. Allocates one long per
     * claimed value, so check {@link #count} against a budget first. Unsigned because rpm
     * treats sizes, epochs and indexes as unsigned, so a stored -1 becomes an out-of-range index, not a
     * negative one.
     */
    public long[] integers(int tag) throws RpmDbException {
        Entry e = entries.get(tag);
        if (e == null) return null;
        requireIntegers(e);
        checkRange(e, e.count() * e.type().width);
        long[] out = new long[(int) e.count()];
        long pos = dataStart + e.offset();
        for (int i = 0; i < out.length; i++, pos += e.type().width) out[i] = readInteger(e.type(), pos);
        return out;
    }

    private long readInteger(Type type, long pos) throws RpmDbException {
        return switch (type) {
            case INT16 -> Bytes.u16be(bytes, pos);
            case INT32 -> Bytes.u32be(bytes, pos);
            case INT64 -> Bytes.s64be(bytes, pos);
            default -> Bytes.u8(bytes, pos);
        };
    }

    private static void requireIntegers(Entry e) throws RpmDbException {
        if (e.type() != Type.INT8 && e.type() != Type.INT16 && e.type() != Type.INT32 && e.type() != Type.INT64
                && e.type() != Type.CHAR) {
            throw bad(e, "type " + e.type() + " where integers were expected");
        }
    }

    /** The first integer of a tag, or null when absent. */
    public Long integer(int tag) throws RpmDbException {
        Entry e = entries.get(tag);
        if (e == null) return null;
        requireIntegers(e);
        checkRange(e, e.type().width);
        return readInteger(e.type(), dataStart + e.offset());
    }

    /** How many values a tag claims to hold (0 when absent), so callers can refuse before reading them. */
    public long count(int tag) {
        Entry e = entries.get(tag);
        return e == null ? 0 : e.count();
    }

    private List<String> readStrings(Entry e, long count) throws RpmDbException {
        checkStringCount(e, count);
        List<String> out = new ArrayList<>();
        int end = dataStart + dataLength;
        int pos = dataStart + (int) e.offset();
        for (long i = 0; i < count; i++) {
            int nul = nulFrom(e, pos, end);
            out.add(new String(bytes, pos, nul - pos, StandardCharsets.UTF_8));
            pos = nul + 1;
        }
        return out;
    }

    private void checkStringCount(Entry e, long count) throws RpmDbException {
        // Each string takes at least its NUL, so a count above the bytes left is a lie; checking it first
        // keeps a forged count from costing a long loop.
        if (count < 1 || e.offset() > dataLength || count > dataLength - e.offset()) {
            throw bad(e, count + " strings at data offset " + e.offset() + " of " + dataLength);
        }
    }

    private int nulFrom(Entry e, int pos, int end) throws RpmDbException {
        int nul = pos;
        while (nul < end && bytes[nul] != 0) nul++;
        if (nul >= end) throw bad(e, "a string that runs past the data store");
        return nul;
    }

    private void checkRange(Entry e, long size) throws RpmDbException {
        if (e.count() < 1 || e.offset() > dataLength || size > dataLength - e.offset()) {
            throw bad(e, e.count() + " × " + e.type() + " at data offset " + e.offset() + " of " + dataLength);
        }
    }

    private static RpmDbException bad(Entry e, String what) {
        return new RpmDbException("header tag " + e.tag() + " has " + what);
    }
}
